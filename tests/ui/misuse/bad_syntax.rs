// Options that do not parse.
use qadapt::no_alloc;

#[no_alloc(strict,, pedantic)]
fn f() {}

fn main() {
    f();
}
