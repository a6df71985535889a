// Conflicting options: one error, on the option that conflicts.
use qadapt::no_alloc;

#[no_alloc(static_only, max = 2)]
fn f() {}

fn main() {
    f();
}
