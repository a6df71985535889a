// Conflicting options: one error, on the option that conflicts.
use qadapt::no_alloc;

#[no_alloc(static_only, runtime_only)]
fn f() {}

fn main() {
    f();
}
