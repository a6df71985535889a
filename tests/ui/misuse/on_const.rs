// `#[no_alloc]` on a const: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
const LIMIT: usize = 4;

fn main() {
    let _ = LIMIT;
}
