// `#[no_alloc]` on a type alias: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
type Sample = f32;

fn main() {
    let _: Sample = 1.0;
}
