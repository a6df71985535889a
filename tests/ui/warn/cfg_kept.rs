// Code under a `#[cfg(..)]` that holds is reported like any other (its warning carries the same
// condition); `cfg_removed.rs` in `pass/` has the code the build removes.
#![deny(deprecated)]

use qadapt::no_alloc;

#[no_alloc]
fn traced(x: u8) -> usize {
    #[cfg(all())]
    let label = format!("x = {x}"); //~
    match x {
        #[cfg(not(any()))]
        0 => Box::new(x).count_ones() as usize, //~
        _ => label.len(),
    }
}

fn main() {
    let _ = traced(1);
}
