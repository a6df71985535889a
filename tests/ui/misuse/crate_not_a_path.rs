// `crate` takes the path of the qadapt crate, in a string.
use qadapt::no_alloc;

#[no_alloc(crate = "not a path")]
fn f() {}

fn main() {
    f();
}
