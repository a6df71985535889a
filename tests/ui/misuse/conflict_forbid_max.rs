// Conflicting options: one error, on the option that conflicts.
use qadapt::no_alloc;

#[no_alloc(forbid, max = 1)]
fn f() {}

fn main() {
    f();
}
