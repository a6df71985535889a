// Exactly one warning per finding, on the construct: nested constructs are two findings, a
// construct spread over lines is one, and nothing points at the attribute.
#![deny(deprecated)]

use qadapt::no_alloc;

#[no_alloc]
fn nested(id: u32) -> usize {
    let outer = format!("{}", format!("{id}")); //~ //~
    #[rustfmt::skip] // spread over lines on purpose: still one warning, on `new`
    let spread = Box::new( //~
        id
            + 1,
    );
    outer.len() + *spread as usize
}

fn main() {
    let _ = nested(1);
}
