// `pedantic` also reports what only may allocate, as "may allocate": growing collections,
// clones and conversions of values of unknown type, writing, printing, sorting, and
// allocations in a panic message.
#![deny(deprecated)]

use std::collections::HashMap;
use std::fmt::Write;

use qadapt::no_alloc;

#[no_alloc(pedantic)]
fn grow<T: Clone + Into<u64>>(
    buf: &mut Vec<u32>,
    map: &mut HashMap<u32, u32>,
    out: &mut String,
    item: T,
) {
    buf.push(1); //~
    buf.extend([2, 3]); //~
    buf.reserve(8); //~
    buf.sort(); //~
    map.insert(1, 2); //~
    let copy = item.clone(); //~
    let wide: u64 = item.into(); //~
    let _ = write!(out, "{}", wide); //~
    println!("{wide}"); //~
    drop(copy);
    assert!(buf.len() < 100, "too long: {}", buf.len().to_string()); //~
}

fn main() {
    grow(
        &mut Vec::new(),
        &mut HashMap::new(),
        &mut String::new(),
        1u32,
    );
}
