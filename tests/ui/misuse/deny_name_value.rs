// `deny = ..` instead of `deny(..)`.
use qadapt::no_alloc;

#[no_alloc(deny = "Pool::take")]
fn f() {}

fn main() {
    f();
}
