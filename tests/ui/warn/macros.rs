// Allocating macros: one warning each, on the macro's name.
#![deny(deprecated)]

use qadapt::no_alloc;

#[no_alloc]
fn label(id: u32, n: usize) -> usize {
    let text = format!("id {id}"); //~
    let listed = vec![1u8, 2, 3]; //~
    let zeros = vec![0u8; n]; //~
    text.len() + listed.len() + zeros.len()
}

fn main() {
    let _ = label(1, 2);
}
