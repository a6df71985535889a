// `allow` alone, without its list.
use qadapt::no_alloc;

#[no_alloc(allow)]
fn f() {}

fn main() {
    f();
}
