// `#[no_alloc]` on an `extern crate`: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
extern crate core;

fn main() {
    let _ = core::mem::size_of::<u8>();
}
