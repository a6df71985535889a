// Two `#[no_alloc]` on one fn: the first reports the second.
use qadapt::no_alloc;

#[no_alloc]
#[no_alloc(strict)]
fn f() {}

fn main() {
    f();
}
