// Conflicting options: one error, on the option that conflicts.
use qadapt::no_alloc;

#[no_alloc(runtime_only, deny(Pool::take))]
fn f() {}

fn main() {
    f();
}
