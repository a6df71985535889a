// `#[no_alloc]` on a static: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
static TABLE: [u8; 2] = [1, 2];

fn main() {
    let _ = TABLE[0];
}
