// Conflicting options: one error, on the option that conflicts.
use qadapt::no_alloc;

#[no_alloc(runtime_only, pedantic)]
fn f() {}

fn main() {
    f();
}
