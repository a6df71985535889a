// `#[no_alloc]` on a `use`: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
use std::mem::size_of;

fn main() {
    let _ = size_of::<u8>();
}
