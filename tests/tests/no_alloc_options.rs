//! The run-time side of `#[no_alloc(..)]`'s options: `forbid` (`allow_alloc` inside lifts
//! nothing), `max = N` (a budget), `static_only` (no guard), `runtime_only` (no static
//! findings, the guard stays), and the options that only matter at compile time (`strict`,
//! `pedantic`, `allow(..)`, `deny(..)`, `crate = ".."`) leaving the guard as it is.
#![cfg(any(debug_assertions, feature = "always"))]
// `runtime_only` must leave no warning behind, and no other finding is expected in this file.
#![deny(deprecated)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::hint::black_box;

mod common;

use common::{heap, qadapt_panic_unprotected as qadapt_panic};
use qadapt::{allow_alloc, no_alloc, protection_level};

// ---- forbid ----

#[no_alloc]
fn plain_with_escape_hatch(bytes: usize) -> usize {
    allow_alloc(|| heap(bytes).capacity())
}

#[no_alloc(forbid)]
fn forbid_with_escape_hatch(bytes: usize) -> usize {
    allow_alloc(|| heap(bytes).capacity())
}

#[no_alloc(forbid = true)]
fn forbid_plain(bytes: usize) -> usize {
    protection_level() + heap(bytes).capacity()
}

#[test]
fn forbid_is_not_lifted_by_allow_alloc() {
    // Plain protection: `allow_alloc` inside is an accepted escape hatch.
    assert_eq!(plain_with_escape_hatch(16), 16);
    // `forbid`: it lifts nothing.
    let message = qadapt_panic(|| forbid_with_escape_hatch(16));
    assert!(
        message.starts_with(
            "qadapt: allocation of 16 bytes (align 1) inside forbid-alloc region \
             `no_alloc_options::forbid_with_escape_hatch` (tests/tests/no_alloc_options.rs:"
        ),
        "{message}"
    );
    assert_eq!(forbid_plain(0), 1);
    let message = qadapt_panic(|| forbid_plain(4));
    assert!(
        message.starts_with(
            "qadapt: allocation of 4 bytes (align 1) inside forbid-alloc region \
             `no_alloc_options::forbid_plain`"
        ),
        "{message}"
    );
}

// ---- max = N ----

#[no_alloc(max = 2)]
fn budget_of_two(allocations: usize) -> usize {
    let mut total = 0;
    for i in 0..allocations {
        // Allocated and freed: frees do not count against the budget.
        total += heap(10 + i).capacity();
    }
    total
}

#[no_alloc(max = 0)]
fn budget_of_zero(allocations: usize) -> usize {
    (0..allocations).map(|i| heap(1 + i).capacity()).sum()
}

#[test]
fn max_is_a_budget() {
    assert_eq!(budget_of_two(0), 0);
    assert_eq!(budget_of_two(1), 10);
    assert_eq!(budget_of_two(2), 21);
    let message = qadapt_panic(|| budget_of_two(3));
    assert!(
        message.starts_with(
            "qadapt: allocation of 12 bytes (align 1) is number 3 in region \
             `no_alloc_options::budget_of_two` with a budget of 2 (tests/tests/no_alloc_options.rs:"
        ),
        "{message}"
    );
    assert_eq!(budget_of_zero(0), 0);
    let message = qadapt_panic(|| budget_of_zero(1));
    assert!(
        message.starts_with(
            "qadapt: allocation of 1 byte (align 1) is number 1 in region \
             `no_alloc_options::budget_of_zero` with a budget of 0"
        ),
        "{message}"
    );
}

// ---- static_only, runtime_only ----

#[no_alloc(static_only)]
fn static_only(bytes: usize) -> (usize, usize) {
    (protection_level(), heap(bytes).capacity())
}

#[no_alloc(static_only)]
fn static_only_by_value(v: Vec<u8>) -> usize {
    v.capacity()
}

#[no_alloc(runtime_only)]
fn runtime_only(name: &str, bytes: usize) -> usize {
    if bytes == 0 {
        return protection_level();
    }
    // Reported at run time only: no warning (this file denies `deprecated`).
    format!("{name}-{bytes}").len()
}

#[test]
fn static_only_has_no_runtime_guard() {
    assert_eq!(static_only(32), (0, 32));
    assert_eq!(static_only_by_value(heap(9)), 9);
}

#[test]
fn runtime_only_keeps_the_guard() {
    assert_eq!(runtime_only("a", 0), 1);
    let message = qadapt_panic(|| runtime_only("abc", 3));
    assert!(
        message.starts_with("qadapt: allocation of ")
            && message.contains(" inside no-alloc region `no_alloc_options::runtime_only` ("),
        "{message}"
    );
}

// ---- compile-time options keep the default guard ----

#[no_alloc(strict, pedantic, allow(Vec::push), deny(Pool::take), crate = "qadapt")]
fn compile_time_options(buf: &mut Vec<u8>, extra: usize) -> usize {
    buf.push(1); // allowed; fits the capacity reserved by the caller
    if extra > 0 {
        black_box(heap(extra));
    }
    protection_level()
}

mod renamed {
    pub use qadapt as runtime;
}

#[no_alloc(crate = "renamed::runtime", max = 1)]
fn through_a_renamed_crate(allocations: usize) -> usize {
    (0..allocations).map(|i| heap(1 + i).capacity()).sum()
}

#[test]
fn compile_time_options_keep_the_guard() {
    let mut buf = Vec::with_capacity(4);
    assert_eq!(compile_time_options(&mut buf, 0), 1);
    assert_eq!(buf, [1]);
    let message = qadapt_panic(|| compile_time_options(&mut buf, 2));
    assert!(
        message.starts_with(
            "qadapt: allocation of 2 bytes (align 1) inside no-alloc region \
             `no_alloc_options::compile_time_options`"
        ),
        "{message}"
    );
    assert_eq!(through_a_renamed_crate(1), 1);
    let message = qadapt_panic(|| through_a_renamed_crate(2));
    assert!(
        message.starts_with(
            "qadapt: allocation of 2 bytes (align 1) is number 2 in region \
             `no_alloc_options::through_a_renamed_crate` with a budget of 1"
        ),
        "{message}"
    );
}

// ---- options on an impl block apply to every method; a method's own attribute wins ----

struct Engine;

#[no_alloc(forbid)]
impl Engine {
    fn step(&self, bytes: usize) -> usize {
        allow_alloc(|| heap(bytes).capacity())
    }

    #[no_alloc(max = 1)]
    fn budgeted(&self, bytes: usize) -> usize {
        heap(bytes).capacity()
    }
}

#[test]
fn impl_block_options() {
    assert_eq!(Engine.step(0), 0);
    let message = qadapt_panic(|| Engine.step(3));
    assert!(
        message.starts_with(
            "qadapt: allocation of 3 bytes (align 1) inside forbid-alloc region \
             `no_alloc_options::Engine::step`"
        ),
        "{message}"
    );
    assert_eq!(Engine.budgeted(7), 7);
}
