//! `#[no_alloc]` on bodies nested deeper than the attribute can parse (500 nested blocks, a sum
//! of 4,000 terms: sizes that rustc alone builds, which overflowed the compiler's stack in the
//! macro): the attribute does not analyse them (one warning, allowed here) and still guards them
//! at run time, with the region named and located as for any function.
#![cfg(any(debug_assertions, feature = "always"))]
#![allow(deprecated, unused_braces)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::{fn_name_location, heap, qadapt_panic_unprotected as qadapt_panic};
use qadapt::{no_alloc, protection_level};

const SOURCE: &str = include_str!("no_alloc_deep.rs");

// Written compactly (rustfmt would give each brace and term a line of its own): the
// attribute sees the same tokens.
#[rustfmt::skip]
#[no_alloc]
fn nested_blocks(bytes: usize) -> usize {
    assert_eq!(protection_level(), 1);
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
    {{{{{{{{{{{{{{{{{{{{
    heap(bytes).len()
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
    }}}}}}}}}}}}}}}}}}}}
}

#[rustfmt::skip]
#[no_alloc]
fn long_sum(a: usize) -> usize {
    assert_eq!(protection_level(), 1);
    (if a == 0 { heap(16).len() } else { 0 })
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
    + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a + a
}

#[test]
fn too_deep_to_analyse_and_still_guarded() {
    assert_eq!(nested_blocks(0), 0);
    assert_eq!(long_sum(1), 4000);
    assert_eq!(protection_level(), 0);
    for (name, run) in [
        ("nested_blocks", (|| nested_blocks(16)) as fn() -> usize),
        ("long_sum", || long_sum(0)),
    ] {
        let message = qadapt_panic(run);
        let location = fn_name_location(SOURCE, file!(), name, 0, 1);
        let expected = format!(
            "qadapt: allocation of 16 bytes (align 1) inside no-alloc region `no_alloc_deep::{name}` ({location})"
        );
        assert!(
            message.starts_with(&expected),
            "\nexpected: {expected}\n     got: {message}"
        );
    }
}
