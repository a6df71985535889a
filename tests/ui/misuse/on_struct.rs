// `#[no_alloc]` on a struct: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
struct Point {
    x: f32,
}

fn main() {
    let _ = Point { x: 1.0 }.x;
}
