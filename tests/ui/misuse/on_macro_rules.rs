// `#[no_alloc]` on a `macro_rules!`: one error, and the item is still emitted (used in main).
use qadapt::no_alloc;

#[no_alloc]
macro_rules! double {
    ($x:expr) => {
        $x * 2
    };
}

fn main() {
    let _ = double!(2);
}
