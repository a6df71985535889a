//! `protect_future`: every poll (and the drop) runs protected, the region is never held across an
//! `.await`, interleaved futures never see each other's mode, a future may move between threads,
//! and the wrapper is `Send` when the future is.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::Poll;

use common::{RawBlock, block_on, boxed, location_in, poll_once, qadapt_panic, yield_once};
use qadapt::{ProtectFuture, protect_future, protection_level};

const SOURCE: &str = include_str!("futures.rs");

fn assert_send<T: Send>(_: &T) {}

#[test]
fn every_poll_is_protected_and_the_executor_between_polls_is_not() {
    let levels = [
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
    ];
    let fut = protect_future(async {
        levels[0].set(protection_level());
        yield_once().await;
        levels[1].set(protection_level());
        yield_once().await;
        levels[2].set(protection_level());
        7
    });
    let mut between = Vec::new();
    let out = block_on(fut, || {
        // The executor's own work allocates freely between polls.
        between.push((protection_level(), boxed(1)));
    });
    assert_eq!(out, 7);
    assert_eq!(levels.map(|l| l.get()), [1, 1, 1]);
    assert_eq!(between.len(), 2);
    assert!(between.iter().all(|(level, _)| *level == 0));
    assert_eq!(protection_level(), 0);
}

#[test]
fn an_allocation_in_a_poll_is_reported_when_that_poll_returns() {
    // Kept outside the future: see `a_ready_value_is_dropped_when_the_poll_region_panics`.
    let kept = RefCell::new(None);
    let line = line!() + 1;
    let fut = protect_future(async {
        yield_once().await;
        *kept.borrow_mut() = Some(boxed(1));
    });
    let mut fut = pin!(fut);
    assert!(
        poll_once(fut.as_mut()).is_pending(),
        "the first poll is clean"
    );
    let message = qadapt_panic(|| poll_once(fut.as_mut()));
    let location = location_in(SOURCE, file!(), line, "protect_future(");
    assert!(
        message.starts_with(&format!(
            "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({location})"
        )),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
}

#[test]
fn a_protected_future_awaited_inside_an_unprotected_one_does_not_leak_its_mode() {
    let outer = async {
        let a = boxed(1); // accepted: not protected
        let inner_level = protect_future(async {
            yield_once().await;
            protection_level()
        })
        .await;
        let b = boxed(2); // accepted: the inner region ended with its poll
        yield_once().await;
        let c = boxed(3);
        (inner_level, *a + *b + *c, protection_level())
    };
    let start = qadapt::violation_count();
    assert_eq!(block_on(outer, || ()), (1, 6, 0));
    assert_eq!(qadapt::violation_count(), start);
}

/// A future that allocates on every poll and records the level it saw.
struct Allocating {
    polls_left: usize,
    levels: Vec<usize>,
    kept: Vec<RawBlock>,
}

impl Allocating {
    fn new(polls_left: usize) -> Allocating {
        Allocating {
            polls_left,
            levels: Vec::new(),
            kept: Vec::new(),
        }
    }
}

impl Future for Allocating {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<usize> {
        let level = protection_level();
        self.levels.push(level);
        let block = RawBlock::new(8 + self.polls_left, 8);
        self.kept.push(block);
        if self.polls_left == 0 {
            Poll::Ready(self.kept.len())
        } else {
            self.polls_left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[test]
fn interleaved_futures_never_see_each_others_mode() {
    let protected_levels = [Cell::new(0), Cell::new(0), Cell::new(0), Cell::new(0)];
    let mut protected = pin!(protect_future(async {
        for level in &protected_levels {
            level.set(protection_level());
            yield_once().await;
        }
        "protected done"
    }));
    let mut free = pin!(Allocating::new(4));
    let start = qadapt::violation_count();
    let (mut a, mut b) = (None, None);
    while a.is_none() || b.is_none() {
        if a.is_none()
            && let Poll::Ready(v) = poll_once(protected.as_mut())
        {
            a = Some(v);
        }
        if b.is_none()
            && let Poll::Ready(v) = poll_once(free.as_mut())
        {
            b = Some(v);
        }
        assert_eq!(protection_level(), 0, "nothing left open between polls");
    }
    assert_eq!(a, Some("protected done"));
    assert_eq!(b, Some(5));
    assert_eq!(
        qadapt::violation_count(),
        start,
        "the free future's allocations were accepted"
    );
    assert!(protected_levels.iter().all(|l| l.get() == 1));
    assert_eq!(free.levels, [0; 5]);
}

#[test]
fn a_violating_future_does_not_disturb_the_one_polled_next() {
    let kept = RefCell::new(None);
    let mut bad = pin!(protect_future(async {
        yield_once().await;
        *kept.borrow_mut() = Some(boxed(1));
    }));
    let mut good = pin!(Allocating::new(2));
    assert!(poll_once(bad.as_mut()).is_pending());
    assert!(poll_once(good.as_mut()).is_pending());
    let message = qadapt_panic(|| poll_once(bad.as_mut()));
    assert!(message.starts_with("qadapt: allocation"), "{message}");
    let start = qadapt::violation_count();
    assert!(poll_once(good.as_mut()).is_pending());
    assert_eq!(poll_once(good.as_mut()), Poll::Ready(3));
    assert_eq!(qadapt::violation_count(), start);
    assert_eq!(good.levels, [0, 0, 0]);
}

#[test]
fn a_protected_future_can_move_between_threads() {
    let mut fut = Box::pin(protect_future(async {
        let first = (std::thread::current().id(), protection_level());
        yield_once().await;
        let second = (std::thread::current().id(), protection_level());
        (first, second)
    }));
    assert!(poll_once(fut.as_mut()).is_pending());
    assert_eq!(protection_level(), 0);
    let main_id = std::thread::current().id();
    let (result, other_id, level_after) = std::thread::spawn(move || {
        let result = poll_once(fut.as_mut());
        let level_after = protection_level();
        drop(fut);
        (result, std::thread::current().id(), level_after)
    })
    .join()
    .unwrap();
    let Poll::Ready((first, second)) = result else {
        panic!("the second poll completes");
    };
    assert_eq!(first, (main_id, 1));
    assert_eq!(second, (other_id, 1));
    assert_ne!(main_id, other_id);
    assert_eq!(level_after, 0);
    assert_eq!(protection_level(), 0);
}

#[test]
fn protect_future_is_send_when_the_future_is() {
    fn send_for_every_send_future<F: Future + Send>() {
        fn check<T: Send>() {}
        check::<ProtectFuture<F>>();
    }
    send_for_every_send_future::<std::future::Ready<u8>>();
    let fut = protect_future(async {
        yield_once().await;
        41 + 1
    });
    assert_send(&fut);
    // And it still runs.
    assert_eq!(block_on(fut, || ()), 42);
}

struct LevelOnDrop<'a>(&'a Cell<usize>);

impl Drop for LevelOnDrop<'_> {
    fn drop(&mut self) {
        self.0.set(protection_level());
    }
}

#[test]
fn dropping_an_unfinished_future_runs_protected() {
    let seen = Cell::new(usize::MAX);
    {
        let probe = LevelOnDrop(&seen);
        let mut fut = pin!(protect_future(async move {
            let _probe = probe;
            std::future::pending::<()>().await;
        }));
        assert!(poll_once(fut.as_mut()).is_pending());
    }
    assert_eq!(seen.get(), 1);
    // Never polled at all: the captured state is dropped protected too.
    let seen_unpolled = Cell::new(usize::MAX);
    let probe = LevelOnDrop(&seen_unpolled);
    drop(protect_future(async move {
        let _probe = probe;
    }));
    assert_eq!(seen_unpolled.get(), 1);
    assert_eq!(protection_level(), 0);
}

#[test]
fn dropping_a_future_that_owns_heap_memory_is_a_deallocation_violation() {
    let b = boxed(5);
    let fut = protect_future(async move {
        std::future::pending::<()>().await;
        drop(b);
    });
    let message = qadapt_panic(move || drop(fut));
    assert!(
        message.starts_with("qadapt: deallocation of 8 bytes (align 8) inside no-alloc region"),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
}

#[test]
fn a_user_panic_in_a_poll_comes_out_unchanged_and_restores_the_mode() {
    let mut fut = pin!(protect_future(async {
        yield_once().await;
        panic!("poll went wrong");
    }));
    assert!(poll_once(fut.as_mut()).is_pending());
    let message = common::panic_message(|| poll_once(fut.as_mut()));
    assert_eq!(message, "poll went wrong");
    assert_eq!(protection_level(), 0);
    drop(boxed(1));
}

#[test]
fn a_protected_future_polled_inside_a_region_nests() {
    let _guard = qadapt::protect();
    let level = qadapt::allow_alloc(|| {
        let fut = protect_future(async { protection_level() });
        block_on(fut, || ())
    });
    assert_eq!(
        level, 2,
        "the poll re-arms inside allow_alloc and nests under protect()"
    );
    assert_eq!(protection_level(), 1);
}

#[test]
fn protect_future_debug_names_its_location() {
    let line = line!() + 1;
    let fut = protect_future(async {});
    let text = format!("{fut:?}");
    assert!(text.starts_with("ProtectFuture"), "{text}");
    assert!(text.contains(&format!("line: {line}")), "{text}");
    drop(fut);
}

thread_local! {
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

/// Counts its drops; allocation-free.
struct Tracked;

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

#[test]
fn a_ready_value_is_dropped_when_the_poll_region_panics() {
    // The poll that completes the future also made a violation: the region's exit panics after
    // the output was produced. The output must be dropped during the unwinding, not leaked.
    let kept = RefCell::new(None);
    let mut fut = pin!(protect_future(async {
        *kept.borrow_mut() = Some(boxed(1));
        Tracked
    }));
    let before = DROPS.with(Cell::get);
    let message = qadapt_panic(|| poll_once(fut.as_mut()));
    assert!(message.starts_with("qadapt: allocation"), "{message}");
    assert_eq!(
        DROPS.with(Cell::get),
        before + 1,
        "the future's output was leaked by the panicking poll"
    );
}
