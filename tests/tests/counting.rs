//! `count_allocs`: exact counts and byte totals of what a closure did to the heap, on this thread
//! only, inside or outside protection, nested.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{RawBlock, boxed, iterations, qadapt_panic};
use qadapt::{AllocStats, count_allocs};

#[test]
fn nothing_allocated_counts_nothing() {
    let (value, stats) = count_allocs(|| black_box(2) + 2);
    assert_eq!(value, 4);
    assert_eq!(stats, AllocStats::default());
}

#[test]
fn a_box_made_and_dropped_is_one_allocation_and_one_deallocation() {
    let ((), stats) = count_allocs(|| drop(boxed(7)));
    assert_eq!(
        stats,
        AllocStats {
            allocations: 1,
            reallocations: 0,
            deallocations: 1,
            bytes_allocated: 8,
            bytes_freed: 8,
            peak_bytes: 8,
        }
    );
}

#[test]
fn the_closure_value_is_returned_and_may_own_what_it_allocated() {
    let (v, stats) = count_allocs(|| {
        let mut v: Vec<u32> = Vec::with_capacity(4);
        v.push(1);
        v
    });
    assert_eq!(v, [1]);
    assert_eq!(stats.allocations, 1);
    assert_eq!(stats.bytes_allocated, 16);
    assert_eq!(stats.deallocations, 0);
    assert_eq!(stats.bytes_freed, 0);
    assert_eq!(stats.peak_bytes, 16);
}

#[test]
fn alloc_zeroed_counts_as_an_allocation() {
    let (block, stats) = count_allocs(|| RawBlock::zeroed(64, 8));
    assert_eq!(stats.allocations, 1);
    assert_eq!(stats.bytes_allocated, 64);
    drop(block);
}

#[test]
fn a_reallocation_adds_the_new_size_to_bytes_allocated_and_the_old_to_bytes_freed() {
    let mut block = RawBlock::new(4, 4);
    let ((), stats) = count_allocs(|| block.resize(16));
    assert_eq!(
        stats,
        AllocStats {
            allocations: 0,
            reallocations: 1,
            deallocations: 0,
            bytes_allocated: 16,
            bytes_freed: 4,
            peak_bytes: 12,
        }
    );
    let ((), stats) = count_allocs(|| block.resize(8));
    assert_eq!(stats.reallocations, 1);
    assert_eq!(stats.bytes_allocated, 8);
    assert_eq!(stats.bytes_freed, 16);
    assert_eq!(stats.peak_bytes, 0, "shrinking never raises the peak");
}

#[test]
fn freeing_what_was_allocated_before_counts_the_deallocation_only() {
    let b = boxed(1);
    let ((), stats) = count_allocs(|| drop(b));
    assert_eq!(stats.allocations, 0);
    assert_eq!(stats.deallocations, 1);
    assert_eq!(stats.bytes_freed, 8);
    assert_eq!(stats.peak_bytes, 0);
}

#[test]
fn peak_bytes_is_the_most_live_at_once() {
    let ((), stats) = count_allocs(|| {
        let a = RawBlock::new(10, 1);
        let b = RawBlock::new(20, 1);
        drop(a);
        drop(b);
        let c = RawBlock::new(25, 1);
        drop(c);
    });
    assert_eq!(stats.allocations, 3);
    assert_eq!(stats.deallocations, 3);
    assert_eq!(stats.bytes_allocated, 55);
    assert_eq!(stats.bytes_freed, 55);
    assert_eq!(stats.peak_bytes, 30);
}

#[test]
fn peak_bytes_counts_from_the_start_of_the_closure() {
    // Memory freed first lowers the baseline; the peak is measured from the start, not from the
    // lowest point.
    let a = RawBlock::new(100, 1);
    let ((), stats) = count_allocs(|| {
        drop(a);
        let b = RawBlock::new(60, 1);
        drop(b);
    });
    assert_eq!(stats.peak_bytes, 0);
}

#[test]
fn counts_nest_and_the_outer_window_sees_the_inner_one() {
    let ((inner, middle), outer) = count_allocs(|| {
        let held = RawBlock::new(100, 1);
        let (inner, middle) = count_allocs(|| {
            let x = RawBlock::new(50, 1);
            let ((), inner) = count_allocs(|| drop(RawBlock::new(7, 1)));
            drop(x);
            inner
        });
        drop(held);
        (inner, middle)
    });
    assert_eq!(
        inner,
        AllocStats {
            allocations: 1,
            reallocations: 0,
            deallocations: 1,
            bytes_allocated: 7,
            bytes_freed: 7,
            peak_bytes: 7,
        }
    );
    assert_eq!(middle.allocations, 2);
    assert_eq!(middle.deallocations, 2);
    assert_eq!(middle.bytes_allocated, 57);
    assert_eq!(middle.peak_bytes, 57);
    assert_eq!(outer.allocations, 3);
    assert_eq!(outer.deallocations, 3);
    assert_eq!(outer.bytes_allocated, 157);
    assert_eq!(outer.bytes_freed, 157);
    assert_eq!(outer.peak_bytes, 157);
}

#[test]
fn an_inner_window_does_not_lower_the_outer_peak() {
    let ((), outer) = count_allocs(|| {
        drop(RawBlock::new(200, 1));
        let ((), inner) = count_allocs(|| drop(RawBlock::new(10, 1)));
        assert_eq!(inner.peak_bytes, 10);
    });
    assert_eq!(outer.peak_bytes, 200);
}

#[test]
fn consecutive_windows_are_independent() {
    let (_, first) = count_allocs(|| drop(RawBlock::new(32, 8)));
    let (_, second) = count_allocs(|| drop(RawBlock::new(32, 8)));
    assert_eq!(first, second);
    assert_eq!(second.allocations, 1);
}

#[test]
fn counting_works_inside_a_protected_region_and_the_allocations_stay_violations() {
    let mut stats = AllocStats::default();
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _guard = qadapt::protect();
        let (b, s) = count_allocs(|| boxed(1));
        stats = s;
        kept = Some(b);
    });
    assert!(kept.is_some());
    assert_eq!(stats.allocations, 1);
    assert_eq!(stats.bytes_allocated, 8);
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes"),
        "{message}"
    );
}

#[test]
fn counting_works_inside_allow_alloc_inside_protect() {
    let _guard = qadapt::protect();
    let stats = qadapt::allow_alloc(|| count_allocs(|| drop(boxed(1))).1);
    assert_eq!(stats.allocations, 1);
    assert_eq!(stats.deallocations, 1);
}

#[test]
fn counting_is_per_thread_other_threads_never_pollute_it() {
    let threads = 3;
    let stop = Arc::new(AtomicBool::new(false));
    let running = Arc::new(AtomicUsize::new(0));
    // Spawned before counting: spawning allocates on this thread.
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let stop = Arc::clone(&stop);
            let running = Arc::clone(&running);
            std::thread::spawn(move || {
                let mut made = 0usize;
                running.fetch_add(1, Ordering::SeqCst);
                while !stop.load(Ordering::SeqCst) {
                    let mut v: Vec<u64> = Vec::with_capacity(black_box(16));
                    v.push(1);
                    drop(black_box(v));
                    made += 1;
                }
                made
            })
        })
        .collect();
    while running.load(Ordering::SeqCst) < threads {
        std::thread::yield_now();
    }
    for _ in 0..iterations(200, 5) {
        let ((), stats) = count_allocs(|| {
            let a = RawBlock::new(24, 8);
            let b = boxed(2);
            std::thread::yield_now(); // let the others run in the middle of the window
            drop(b);
            drop(a);
        });
        assert_eq!(
            stats,
            AllocStats {
                allocations: 2,
                reallocations: 0,
                deallocations: 2,
                bytes_allocated: 32,
                bytes_freed: 32,
                peak_bytes: 32,
            }
        );
    }
    stop.store(true, Ordering::SeqCst);
    let made: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(made > 0, "the other threads did allocate meanwhile");
}

#[test]
fn a_thread_counts_its_own_allocations_while_another_counts_its_own() {
    let rounds = iterations(100, 3);
    let handle = std::thread::spawn(move || {
        let ((), stats) = count_allocs(|| {
            for _ in 0..rounds {
                drop(RawBlock::new(3, 1));
            }
        });
        stats
    });
    let ((), mine) = count_allocs(|| {
        for _ in 0..rounds {
            drop(RawBlock::new(5, 1));
        }
    });
    let theirs = handle.join().unwrap();
    assert_eq!(mine.allocations, rounds);
    assert_eq!(mine.bytes_allocated, 5 * rounds);
    assert_eq!(theirs.allocations, rounds);
    assert_eq!(theirs.bytes_allocated, 3 * rounds);
}

#[test]
fn alloc_stats_is_plain_data() {
    let stats = AllocStats {
        allocations: 1,
        ..AllocStats::default()
    };
    let copy = stats;
    assert_eq!(copy, stats);
    assert_ne!(copy, AllocStats::default());
    let text = format!("{stats:?}");
    for field in [
        "allocations",
        "reallocations",
        "deallocations",
        "bytes_allocated",
        "bytes_freed",
        "peak_bytes",
    ] {
        assert!(text.contains(field), "{text}");
    }
}

#[test]
fn a_region_that_closes_inside_count_allocs_leaves_the_counting_on() {
    // The thread's first region takes the slow path; the second is the one under test.
    drop(qadapt::protect());
    let guard = qadapt::protect();
    let ((), stats) = count_allocs(|| {
        drop(guard);
        drop(boxed(7));
    });
    assert_eq!((stats.allocations, stats.deallocations), (1, 1));
}

#[test]
fn a_region_that_opens_inside_count_allocs_and_closes_after_it_counts_nothing_more() {
    drop(qadapt::protect());
    let (guard, _) = count_allocs(qadapt::protect);
    drop(guard);
    // Counting ended with the closure: a later window starts from zero.
    let ((), stats) = count_allocs(|| drop(boxed(7)));
    assert_eq!((stats.allocations, stats.deallocations), (1, 1));
    let ((), stats) = count_allocs(|| ());
    assert_eq!(stats, AllocStats::default());
}
