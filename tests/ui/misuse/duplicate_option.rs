// An option given twice.
use qadapt::no_alloc;

#[no_alloc(strict, strict)]
fn f() {}

fn main() {
    f();
}
