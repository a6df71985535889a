// On a statement: stable rustc rejects the attribute itself (E0658) before the macro runs.
use qadapt::no_alloc;

fn main() {
    #[no_alloc]
    let total = 1 + 2;
    let _ = total;
}
