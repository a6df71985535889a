// `strict` with no finding adds nothing; only this file's own error is reported.
use qadapt::no_alloc;

#[no_alloc(strict)]
fn clean(values: &[u32]) -> u32 {
    values.iter().sum()
}

fn main() {
    let _: () = clean(&[1]); // own error: E0308
}
