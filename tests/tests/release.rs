//! The same file proves both profiles: with debug assertions (or qadapt's feature `always`) the
//! checks are on; in a release build without `always` they are compiled out: `is_active()` is
//! false, regions do nothing, counting returns zeros. Run it with and without `--release`.

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::boxed;
use qadapt::{AllocStats, assert_no_alloc, count_allocs, protection_level};

/// Whether this build has the runtime checks, as qadapt's docs define it.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "always"));

#[test]
fn is_active_follows_the_profile() {
    assert_eq!(qadapt::is_active(), CHECKS);
}

#[test]
fn an_allocating_assert_no_alloc_panics_only_with_checks() {
    let outcome = std::panic::catch_unwind(|| assert_no_alloc!({ boxed(1) }));
    assert_eq!(
        outcome.is_err(),
        CHECKS,
        "reported exactly when the checks are compiled in"
    );
    match outcome {
        Ok(b) => assert_eq!(*b, 1),
        Err(payload) => {
            let message = payload.downcast_ref::<String>().expect("a String payload");
            assert!(message.starts_with("qadapt: allocation"), "{message}");
        }
    }
}

#[test]
fn count_allocs_counts_only_with_checks() {
    let (value, stats) = count_allocs(|| *boxed(3));
    assert_eq!(value, 3);
    if CHECKS {
        assert_eq!(stats.allocations, 1);
        assert_eq!(stats.deallocations, 1);
        assert_eq!(stats.bytes_allocated, 8);
    } else {
        assert_eq!(stats, AllocStats::default());
    }
}

#[test]
fn protection_level_counts_only_with_checks() {
    let guard = qadapt::protect();
    qadapt::enter_protected();
    assert_eq!(protection_level(), if CHECKS { 2 } else { 0 });
    qadapt::exit_protected();
    drop(guard);
    assert_eq!(protection_level(), 0);
}

#[test]
fn violation_count_stays_zero_without_checks() {
    let before = qadapt::violation_count();
    let _ = std::panic::catch_unwind(|| assert_no_alloc!({ boxed(1) }));
    let after = qadapt::violation_count();
    assert_eq!(after - before, usize::from(CHECKS));
}

#[test]
fn exit_protected_without_enter_panics_only_with_checks() {
    let outcome = std::panic::catch_unwind(qadapt::exit_protected);
    assert_eq!(outcome.is_err(), CHECKS);
}
