// Code the build removes with `#[cfg(..)]` is not reported: each finding's warning (or, under
// `strict`, its error) carries the conditions of the code around it.
#![deny(warnings)]

use qadapt::no_alloc;

#[no_alloc]
fn traced(x: u8) -> u8 {
    #[cfg(not(all()))]
    let label = format!("x = {x}");
    #[cfg(any())]
    println!("{}", x.to_string());
    match x {
        #[cfg(any())]
        0 => Box::new(x).count_ones() as u8,
        _ => x,
    }
}

#[no_alloc(strict)]
fn strict_but_removed(v: &[u8]) -> usize {
    #[cfg(any())]
    {
        let _copy = v.to_vec();
    }
    v.len()
}

fn main() {
    let _ = traced(1);
    let _ = strict_but_removed(&[1]);
}
