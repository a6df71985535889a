//! Without `Qadapt` as the global allocator, qadapt is inert: `is_active()` says so, regions
//! never report, and counting sees nothing. (This binary has no `#[global_allocator]`.)

mod common;

use common::{RawBlock, block_on, boxed, yield_once};
use qadapt::{AllocStats, assert_allocs, assert_no_alloc, count_allocs, protect};

#[test]
fn is_active_is_false_without_the_allocator() {
    assert!(!qadapt::is_active());
    assert!(!qadapt::is_active(), "detected once, then stable");
}

#[test]
fn regions_report_nothing_without_the_allocator() {
    let mut block = RawBlock::new(4, 4);
    {
        let _guard = protect();
        let b = boxed(1);
        block.resize(64);
        drop(b);
    }
    let b = assert_no_alloc!({ boxed(2) });
    let c = qadapt::forbid_alloc(|| boxed(3));
    let d = assert_allocs!(max = 0, { (boxed(4), boxed(5)) });
    qadapt::enter_protected();
    let e = boxed(6);
    qadapt::exit_protected();
    assert_eq!(*b + *c + *d.0 + *d.1 + *e, 20);
    assert_eq!(qadapt::violation_count(), 0);
}

#[test]
fn protected_futures_report_nothing_without_the_allocator() {
    let fut = qadapt::protect_future(async {
        let a = boxed(1);
        yield_once().await;
        *a + *boxed(2)
    });
    assert_eq!(block_on(fut, || ()), 3);
    assert_eq!(qadapt::violation_count(), 0);
}

#[test]
fn count_allocs_sees_nothing_without_the_allocator() {
    let (value, stats) = count_allocs(|| *boxed(7));
    assert_eq!(value, 7);
    assert_eq!(stats, AllocStats::default());
}

/// MIGRATING.md, `protection_level()`: 1.0's `enter_protected()` did nothing without its
/// allocator, so the level stayed 0; 2.0 counts the region (and reports nothing in it).
#[test]
fn protection_level_counts_regions_without_the_allocator() {
    let expected = usize::from(cfg!(any(debug_assertions, feature = "always")));
    qadapt::enter_protected();
    let level = qadapt::protection_level();
    qadapt::exit_protected();
    assert_eq!(level, expected);
    assert_eq!(qadapt::protection_level(), 0);
}
