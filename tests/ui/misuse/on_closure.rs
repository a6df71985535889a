// On a closure: stable rustc rejects the attribute itself (E0658) before the macro runs.
use qadapt::no_alloc;

fn main() {
    let add = #[no_alloc]
    |a: u32, b: u32| a + b;
    let _ = add(1, 2);
}
