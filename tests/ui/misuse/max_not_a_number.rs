// `max` takes a number.
use qadapt::no_alloc;

#[no_alloc(max = "four")]
fn f() {}

fn main() {
    f();
}
