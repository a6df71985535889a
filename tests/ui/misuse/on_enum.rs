// `#[no_alloc]` on an enum: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
enum Mode {
    Fast,
}

fn main() {
    let _ = Mode::Fast;
}
