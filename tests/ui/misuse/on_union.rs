// `#[no_alloc]` on a union: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
union Bits {
    int: u32,
    float: f32,
}

fn main() {
    let _ = Bits { int: 1 };
}
