// An unknown option with no near match: the error lists the options.
use qadapt::no_alloc;

#[no_alloc(fast)]
fn f() {}

fn main() {
    f();
}
