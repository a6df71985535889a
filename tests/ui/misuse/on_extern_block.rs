// `#[no_alloc]` on an extern block: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
unsafe extern "C" {
    fn abs(x: i32) -> i32;
}

fn main() {
    let _ = unsafe { abs(-1) };
}
