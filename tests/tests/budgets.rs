//! `assert_allocs!(max = N, ..)`: at most N allocations and reallocations, counted against every
//! enclosing budget; deallocations are free; the first one over budget is reported with its
//! number.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::{RawBlock, UNCHECKED, boxed, current_checks, location_in, qadapt_panic};
use qadapt::{assert_allocs, protection_level};

const SOURCE: &str = include_str!("budgets.rs");

#[test]
fn allocations_within_budget_pass_and_the_value_comes_out() {
    let (a, b) = assert_allocs!(max = 2, { (boxed(1), boxed(2)) });
    assert_eq!((*a, *b), (1, 2));
}

#[test]
fn deallocations_are_not_counted() {
    let held = boxed(0);
    // Two allocations, three deallocations (one of memory from before the region).
    assert_allocs!(max = 2, {
        drop(held);
        drop(boxed(1));
        drop(RawBlock::new(16, 8));
    });
}

#[test]
fn a_budget_of_zero_rejects_the_first_allocation() {
    let line = line!() + 1;
    let message = qadapt_panic(|| assert_allocs!(max = 0, { boxed(1) }));
    let location = location_in(SOURCE, file!(), line, "assert_allocs!");
    let expected_start = format!(
        "qadapt: allocation of 8 bytes (align 8) is number 1 in region with a budget of 0 ({location}) on thread `"
    );
    assert!(
        message.starts_with(&expected_start),
        "{message}\nexpected: {expected_start}"
    );
}

#[test]
fn the_first_allocation_over_budget_is_reported_with_its_number() {
    let message = qadapt_panic(|| assert_allocs!(max = 2, { (boxed(1), boxed(2), boxed(3)) }));
    let first_line = message.lines().next().unwrap();
    assert!(
        first_line.starts_with(
            "qadapt: allocation of 8 bytes (align 8) is number 3 in region with a budget of 2 ("
        ),
        "{first_line}"
    );
}

#[test]
fn every_allocation_over_budget_is_a_violation() {
    let before = qadapt::violation_count();
    let message =
        qadapt_panic(|| assert_allocs!(max = 1, { (boxed(1), boxed(2), boxed(3), boxed(4)) }));
    assert_eq!(qadapt::violation_count(), before + 3);
    let first_line = message.lines().next().unwrap();
    assert!(
        first_line.contains("is number 2 in region with a budget of 1"),
        "{first_line}"
    );
    assert!(first_line.ends_with("; 2 more violations"), "{first_line}");
}

#[test]
fn reallocations_count_against_the_budget() {
    let mut block = RawBlock::new(4, 4);
    assert_allocs!(max = 1, { block.resize(8) });
    let message = qadapt_panic(|| {
        assert_allocs!(max = 1, {
            block.resize(16);
            block.resize(32);
        })
    });
    assert!(
        message.starts_with("qadapt: reallocation of 16 -> 32 bytes (align 4) is number 2 in region with a budget of 1"),
        "{message}"
    );
}

#[test]
fn inner_budget_allocations_count_against_the_outer_budget() {
    let message = qadapt_panic(|| {
        assert_allocs!(max = 3, {
            let inner = assert_allocs!(max = 2, { (boxed(1), boxed(2)) });
            let third = boxed(3);
            let fourth = boxed(4);
            (inner, third, fourth)
        })
    });
    assert!(
        message.starts_with(
            "qadapt: allocation of 8 bytes (align 8) is number 4 in region with a budget of 3"
        ),
        "{message}"
    );
}

#[test]
fn an_inner_budget_cannot_raise_the_outer_one() {
    // The outer budget of 1 is what the second allocation breaks, wherever it is made: the
    // report must name that budget (and the allocation's number in it), not the looser inner one.
    let outer_line = line!() + 2;
    let message = qadapt_panic(|| {
        assert_allocs!(max = 1, {
            assert_allocs!(max = 5, { (boxed(1), boxed(2)) })
        })
    });
    let outer = location_in(SOURCE, file!(), outer_line, "assert_allocs!");
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) is number 2 in region with a budget of 1 ({outer})"
    );
    assert!(
        message.starts_with(&expected),
        "{message}\nexpected: {expected}"
    );
}

#[test]
fn a_tighter_inner_budget_is_reported_as_the_inner_one() {
    let inner_line = line!() + 3;
    let message = qadapt_panic(|| {
        assert_allocs!(max = 10, {
            assert_allocs!(max = 1, { (boxed(1), boxed(2)) })
        })
    });
    let inner = location_in(SOURCE, file!(), inner_line, "assert_allocs!");
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) is number 2 in region with a budget of 1 ({inner})"
    );
    assert!(
        message.starts_with(&expected),
        "{message}\nexpected: {expected}"
    );
}

#[test]
fn the_outer_budget_keeps_counting_after_an_inner_one_closes() {
    // Outer 3: inner uses 1, then the outer may make exactly 2 more.
    let ok = assert_allocs!(max = 3, {
        let a = assert_allocs!(max = 5, { boxed(1) });
        (a, boxed(2), boxed(3))
    });
    assert_eq!(*ok.2, 3);
}

#[test]
fn sequential_budgets_each_get_their_full_allowance() {
    for _ in 0..3 {
        let pair = assert_allocs!(max = 2, { (boxed(1), boxed(2)) });
        drop(pair);
    }
}

#[test]
fn a_budget_is_not_a_protecting_region() {
    assert_allocs!(max = 4, {
        assert_eq!(protection_level(), 0);
    });
    assert_eq!(current_checks(), UNCHECKED);
}

#[test]
fn no_budget_applies_once_the_region_closed() {
    let five = assert_allocs!(max = 0, { 5 });
    assert_eq!(five, 5);
    let many: Vec<Box<u64>> = (0..10).map(boxed).collect();
    assert_eq!(many.len(), 10);
}

#[test]
fn an_allocation_in_a_budget_inside_protect_is_a_no_alloc_violation() {
    let message = qadapt_panic(|| {
        let _guard = qadapt::protect();
        assert_allocs!(max = 5, { boxed(1) })
    });
    assert!(message.contains("inside no-alloc region"), "{message}");
}

#[test]
fn allow_alloc_inside_a_budget_keeps_the_budget() {
    // Budgets count allocations whatever the checks: allow_alloc lifts protection, not budgets.
    let mut kept = None;
    let message = qadapt_panic(|| {
        assert_allocs!(max = 1, {
            qadapt::allow_alloc(|| kept = Some((boxed(1), boxed(2))))
        })
    });
    assert!(kept.is_some());
    assert!(
        message.contains("is number 2 in region with a budget of 1"),
        "{message}"
    );
}

#[test]
fn budgets_count_per_thread() {
    let inside = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    // Spawned before the budget opens: spawning allocates.
    let handle = {
        let (inside, done) = (Arc::clone(&inside), Arc::clone(&done));
        std::thread::spawn(move || {
            while !inside.load(Ordering::SeqCst) {
                std::thread::yield_now();
            }
            // Made while the main thread's budget is open: not charged to it.
            for i in 0..50 {
                drop(boxed(i));
            }
            done.store(true, Ordering::SeqCst);
        })
    };
    let pair = assert_allocs!(max = 2, {
        inside.store(true, Ordering::SeqCst);
        while !done.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        (boxed(1), boxed(2))
    });
    handle.join().unwrap();
    assert_eq!(*pair.1, 2);
}
