// Code inside `allow_alloc(..)` / `allow_alloc!{..}` is accepted at run time, and not reported
// either; `runtime_only` reports nothing at compile time.
#![deny(warnings)]

use qadapt::no_alloc;

#[no_alloc]
fn escape(id: u32) -> usize {
    let a = qadapt::allow_alloc(|| format!("{id}"));
    let b = qadapt::allow_alloc!({ Box::new(id) });
    a.len() + *b as usize
}

#[no_alloc(runtime_only)]
fn runtime_only(id: u32) -> usize {
    format!("{id}").len() + vec![id; 3].len()
}

fn main() {
    let _ = escape(1) + runtime_only(2);
}
