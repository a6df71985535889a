// `collect` into a heap collection, named by a turbofish or by the `let` annotation.
#![deny(deprecated)]

use std::collections::HashMap;

use qadapt::no_alloc;

#[no_alloc]
fn gather(values: &[u32]) -> usize {
    let doubled = values.iter().map(|v| v * 2).collect::<Vec<_>>(); //~
    let annotated: Vec<u32> = values.iter().copied().collect(); //~
    let checked: Result<Vec<u8>, _> = values.iter().map(|v| u8::try_from(*v)).collect(); //~
    let text = values.iter().map(|_| 'x').collect::<String>(); //~
    let index: HashMap<u32, usize> = values.iter().copied().zip(0..).collect(); //~
    doubled.len() + annotated.len() + checked.map_or(0, |c| c.len()) + text.len() + index.len()
}

fn main() {
    let _ = gather(&[1, 2]);
}
