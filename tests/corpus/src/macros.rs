//! Standard macros, and the crate's own `macro_rules!` with allocations in
//! their arguments.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use super::harness::{Case, Expect, case, run_case};
use super::helpers::{clamp, sum, table};
use super::support::StackStr;

// ---- allocating, written in the body ----

pub fn check_header(header: &[u8]) -> bool {
    debug_assert!(!header.to_vec().is_empty());
    header[0] == 0xfe
}

pub fn keyword_guard(token: Option<u32>) -> bool {
    matches!(token, Some(id) if id.to_string().len() > 2)
}

pub fn format_in_vec(id: u32) -> usize {
    let labels = vec![format!("in-{id}"), format!("out-{id}")];
    labels.len()
}

pub fn padded_level(level: f32) -> String {
    format!("{level:>8.2}")
}

pub fn clamp_copy_len(block: &[f32]) -> usize {
    clamp!(block.to_vec().len(), 1, 64)
}

pub fn sum_of_lengths(id: u32) -> usize {
    sum!(id.to_string().len(), 1, 2)
}

pub fn unique_ids(ids: &[u32]) -> usize {
    debug_assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    ids.len()
}

// ---- not allocating ----

pub fn assert_message_only(value: u32) -> u32 {
    assert!(value < 1_000, "value out of range: {}", value.to_string());
    value * 2
}

pub fn debug_assert_message_only(a: usize, b: usize) -> usize {
    debug_assert_eq!(a, b, "lengths differ: {}", format!("{a} != {b}"));
    a + b
}

pub fn panic_branch_not_taken(value: u32) -> u32 {
    if value > 1_000_000 {
        panic!("{}", format!("value too large: {value}"));
    }
    value + 1
}

pub fn unreachable_branch(kind: u8) -> u32 {
    match kind {
        0 => 10,
        1 => 20,
        _ => unreachable!("unknown kind {}", kind.to_string()),
    }
}

pub fn write_to_slice(buf: &mut [u8], value: u32) -> u64 {
    let mut cursor = Cursor::new(buf);
    write!(cursor, "{value}").unwrap();
    cursor.position()
}

pub fn writeln_into_reserved(out: &mut String, a: u32, b: f32) -> usize {
    out.clear();
    writeln!(out, "{a}:{b:.1}").unwrap();
    out.len()
}

pub fn write_to_stack(value: u32) -> usize {
    let mut out = StackStr::<16>::new();
    write!(out, "#{value}").unwrap();
    out.len()
}

pub fn source_location() -> (&'static str, u32) {
    (file!(), line!())
}

pub fn field_name() -> &'static str {
    stringify!(cutoff_hz)
}

pub fn clamp_macro(x: f32) -> f32 {
    clamp!(x, -1.0, 1.0)
}

pub fn table_lookup(name: &str) -> Option<u32> {
    let entries = table! { gain => 1, pan => 2, mute => 3 };
    entries.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
}

pub fn matches_plain(token: Option<u32>) -> bool {
    matches!(token, Some(id) if id > 99)
}

pub fn unit_slots(n: usize) -> usize {
    let slots = vec![(); n];
    slots.len()
}

fn reserved(capacity: usize) -> String {
    String::with_capacity(capacity)
}

pub const CASES: &[Case] = &[
    case!(check_header, Body, [vec![0xfeu8, 1, 0, 0]], |h| {
        check_header(h)
    }),
    case!(keyword_guard, Body, [Some(1234u32)], |t| keyword_guard(*t)),
    case!(format_in_vec, Body, [7u32], |i| format_in_vec(*i)),
    case!(padded_level, Body, [0.5f32], |l| padded_level(*l)),
    case!(clamp_copy_len, Body, [vec![0.5f32; 8]], |b| clamp_copy_len(
        b
    )),
    case!(sum_of_lengths, Body, [1234u32], |i| sum_of_lengths(*i)),
    case!(unique_ids, Body, [vec![3u32, 1, 4, 5, 9]], |i| unique_ids(
        i
    )),
    case!(assert_message_only, Nothing, [7u32], |v| {
        assert_message_only(*v)
    }),
    case!(
        debug_assert_message_only,
        Nothing,
        [(3usize, 3usize)],
        |(a, b)| { debug_assert_message_only(*a, *b) }
    ),
    case!(panic_branch_not_taken, Nothing, [7u32], |v| {
        panic_branch_not_taken(*v)
    }),
    case!(unreachable_branch, Nothing, [1u8], |k| unreachable_branch(
        *k
    )),
    case!(write_to_slice, Nothing, [[0u8; 16]], |b| write_to_slice(
        b, 12_345
    )),
    case!(writeln_into_reserved, Nothing, [reserved(32)], |o| {
        writeln_into_reserved(o, 3, 0.5)
    }),
    case!(write_to_stack, Nothing, [42u32], |v| write_to_stack(*v)),
    case!(source_location, Nothing, [()], |()| source_location()),
    case!(field_name, Nothing, [()], |()| field_name()),
    case!(clamp_macro, Nothing, [1.5f32], |x| clamp_macro(*x)),
    case!(table_lookup, Nothing, ["pan"], |n| table_lookup(n)),
    case!(matches_plain, Nothing, [Some(1234u32)], |t| matches_plain(
        *t
    )),
    case!(unit_slots, Nothing, [16usize], |n| unit_slots(*n)),
];
