// `#[no_alloc]` on `mod name;`, whose body is in another file.
use qadapt::no_alloc;

#[no_alloc]
#[path = "../support/elsewhere.rs"]
mod elsewhere;

fn main() {
    elsewhere::f();
}
