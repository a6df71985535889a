// Constructs that never allocate (or obviously build nothing) are never reported: this file
// builds under `#![deny(warnings)]`.
#![deny(warnings)]

use std::collections::HashMap;
use std::fmt::Write;

use qadapt::no_alloc;

#[no_alloc]
fn quiet(values: &[u32], out: &mut String, map: &mut HashMap<u32, u32>) -> u64 {
    // Empty collections and zero capacities.
    let empty: Vec<u32> = Vec::new();
    let text = String::new();
    let literal: Vec<u8> = vec![];
    let repeated: Vec<u8> = vec![7; 0];
    let reserved: Vec<u8> = Vec::with_capacity(0);
    let nothing = format!("");
    let blank = String::from("");
    let unit = Box::new(());
    let fresh: HashMap<u8, u8> = HashMap::new();

    // Formatting without allocating.
    let args = format_args!("{} values", values.len());
    let _ = out.write_fmt(args);

    // Slices, iterators without `collect`, arithmetic, control flow.
    let (head, tail) = values.split_at(values.len() / 2);
    let sum: u32 = head
        .iter()
        .chain(tail)
        .map(|v| v * 2)
        .filter(|v| v % 3 != 0)
        .sum();
    let max = values.iter().copied().max().unwrap_or(0);
    let mut acc = 0u64;
    for (i, v) in values.iter().enumerate() {
        acc = acc.wrapping_mul(31).wrapping_add(u64::from(*v) << (i % 8));
    }
    let kind = match sum % 3 {
        0 => 1,
        1 if max > 4 => 2,
        _ => 3,
    };
    if let Some(v) = map.get_mut(&1) {
        *v += 1;
    }

    // Without `pedantic`, what only may allocate stays quiet.
    let n = values.len() as u32;
    map.insert(n, n);
    let copy = values.first().copied().clone();
    let count = values.iter().filter(|v| **v > 1).count();
    assert!(count <= values.len(), "{} of {}", count, values.len());

    acc + u64::from(sum)
        + kind
        + u64::from(copy.unwrap_or(0))
        + count as u64
        + (empty.len()
            + text.len()
            + literal.len()
            + repeated.len()
            + reserved.capacity()
            + nothing.len()
            + blank.len()
            + fresh.len()) as u64
        + std::mem::size_of_val(&unit) as u64
}

fn main() {
    let mut out = String::new();
    let mut map = HashMap::new();
    let _ = quiet(&[1, 2, 3], &mut out, &mut map);
}
