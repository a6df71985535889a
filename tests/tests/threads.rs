//! Protection is per thread: a region on one thread never affects another, whatever each is
//! doing at the same moment.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{CHECKED, UNCHECKED, boxed, current_checks, iterations, qadapt_panic};
use qadapt::{assert_no_alloc, count_allocs, protect, protection_level};

/// Spins (allocation-free) until `flag` is set.
fn wait_for(flag: &AtomicBool) {
    while !flag.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
}

#[test]
fn another_thread_allocates_freely_while_this_one_is_protected() {
    let protected = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    // Spawned before protecting: spawning allocates on this thread.
    let other = {
        let (protected, done) = (Arc::clone(&protected), Arc::clone(&done));
        std::thread::spawn(move || {
            wait_for(&protected);
            let level = protection_level();
            let violations = qadapt::violation_count();
            let ((), stats) = count_allocs(|| {
                let v: Vec<u64> = (0..1000).collect();
                let s = format!("{}", black_box(v.len()));
                drop(black_box(s));
                drop(boxed(1));
            });
            let checks = current_checks();
            let after = qadapt::violation_count();
            done.store(true, Ordering::SeqCst);
            (level, checks, stats.allocations, after - violations)
        })
    };
    {
        let _guard = protect();
        protected.store(true, Ordering::SeqCst);
        wait_for(&done);
        assert_eq!(protection_level(), 1);
    } // no violation on this thread: the guard drops quietly
    let (level, checks, allocations, violations) = other.join().unwrap();
    assert_eq!(level, 0);
    assert_eq!(checks, UNCHECKED);
    assert!(allocations >= 3, "the other thread did allocate");
    assert_eq!(violations, 0);
}

#[test]
fn another_threads_violations_do_not_reach_this_threads_region() {
    let go = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let other = {
        let (go, done) = (Arc::clone(&go), Arc::clone(&done));
        std::thread::spawn(move || {
            wait_for(&go);
            let message = qadapt_panic(|| assert_no_alloc!(boxed(1)));
            done.store(true, Ordering::SeqCst);
            message
        })
    };
    let before = qadapt::violation_count();
    {
        let _guard = protect();
        go.store(true, Ordering::SeqCst);
        wait_for(&done);
        assert_eq!(current_checks(), CHECKED);
    }
    // Only current_checks' own probe (an allocation and a free) counted here.
    assert_eq!(qadapt::violation_count(), before + 2);
    let message = other.join().unwrap();
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes"),
        "{message}"
    );
}

#[test]
fn protection_levels_are_per_thread() {
    let _a = protect();
    let _b = protect();
    let level_elsewhere = qadapt::allow_alloc(|| {
        std::thread::spawn(|| {
            let _c = protect();
            protection_level()
        })
        .join()
        .unwrap()
    });
    assert_eq!(level_elsewhere, 1);
    assert_eq!(protection_level(), 2);
}

#[test]
fn many_threads_with_their_own_regions_report_their_own_violations() {
    let threads = 4;
    let rounds = iterations(40, 3);
    let total = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let total = Arc::clone(&total);
            std::thread::Builder::new()
                .name(format!("worker-{t}"))
                .spawn(move || {
                    let start = qadapt::violation_count();
                    let mut reserved: Vec<u64> = Vec::with_capacity(rounds);
                    for i in 0..rounds {
                        // A clean region, then a violating one.
                        assert_no_alloc!(reserved.push(i as u64));
                        let message = qadapt_panic(|| assert_no_alloc!(boxed(i as u64)));
                        let expected = format!("on thread `worker-{t}`");
                        assert!(
                            message.lines().next().unwrap().ends_with(&expected),
                            "{message}"
                        );
                        total.fetch_add(1, Ordering::SeqCst);
                    }
                    assert_eq!(reserved.len(), rounds);
                    qadapt::violation_count() - start
                })
                .unwrap()
        })
        .collect();
    for handle in handles {
        assert_eq!(
            handle.join().unwrap(),
            rounds,
            "each thread counts its own violations"
        );
    }
    assert_eq!(total.load(Ordering::SeqCst), threads * rounds);
}

#[test]
fn a_new_thread_starts_unprotected_even_when_spawned_from_a_region() {
    let _guard = protect();
    let (level, checks) = qadapt::allow_alloc(|| {
        std::thread::spawn(|| (protection_level(), current_checks()))
            .join()
            .unwrap()
    });
    assert_eq!(level, 0);
    assert_eq!(checks, UNCHECKED);
}
