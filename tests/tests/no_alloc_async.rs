//! `#[no_alloc]` on an `async fn`: every poll of the body runs inside the region, the creation
//! of the future does not, and the region is never held across an `.await`: a hand-written
//! executor polls two such futures interleaved, allocating between polls, and nothing is
//! reported. The future is `Send` when the body is.
#![cfg(any(debug_assertions, feature = "always"))]
// Any static finding in this file would be a false positive.
#![deny(deprecated)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::cell::Cell;
use std::hint::black_box;
use std::pin::pin;
use std::task::Poll;

mod common;

use common::{
    block_on, fn_name_location, heap, poll_once, qadapt_panic_unprotected as qadapt_panic,
    yield_once,
};
use qadapt::{no_alloc, protection_level};

const SOURCE: &str = include_str!("no_alloc_async.rs");

// ---- helpers ----

/// `file:line:column` of the name of the one `fn <name>` in this file.
fn name_location(name: &str) -> String {
    fn_name_location(SOURCE, file!(), name, 0, 1)
}

// ---- the functions ----

/// Records the protection level seen in each of its three polls.
#[no_alloc]
async fn three_polls(levels: &[Cell<usize>; 3], value: u32) -> u32 {
    levels[0].set(protection_level());
    yield_once().await;
    levels[1].set(protection_level());
    yield_once().await;
    levels[2].set(protection_level());
    value * 2
}

/// Allocates (through a callee) in its second poll when `bytes > 0`.
#[no_alloc]
async fn allocates_after_await(bytes: usize) -> usize {
    yield_once().await;
    if bytes > 0 {
        black_box(heap(bytes));
    }
    protection_level()
}

/// Drops its by-value argument at the end of its last poll.
#[no_alloc]
async fn consumes(buf: Vec<u8>) -> usize {
    yield_once().await;
    buf.capacity()
}

struct Counter {
    count: u32,
}

#[no_alloc]
impl Counter {
    async fn bump(&mut self, by: u32) -> u32 {
        yield_once().await;
        self.count += by;
        self.count * 10 + protection_level() as u32
    }
}

#[no_alloc(max = 1)]
async fn budgeted(first: usize, second: usize) -> usize {
    let a = heap(first).capacity();
    yield_once().await;
    // The budget is per poll: each poll opens the region afresh.
    a + heap(second).capacity()
}

#[no_alloc]
async fn early_exit(fail: bool) -> Result<u32, u8> {
    yield_once().await;
    if fail {
        Err(7u8)?;
    }
    Ok(1)
}

// The future of a `#[no_alloc] async fn` is `Send` when its body is.
const _: () = {
    fn assert_send<T: Send>(_: &T) {}
    #[allow(dead_code)]
    fn futures_are_send(counter: &'static mut Counter) {
        assert_send(&allocates_after_await(1));
        assert_send(&consumes(Vec::new()));
        assert_send(&counter.bump(1));
        assert_send(&budgeted(1, 2));
        assert_send(&early_exit(false));
    }
};

// ---- the tests ----

#[test]
fn every_poll_is_protected_but_not_the_creation_nor_between_polls() {
    let levels = [
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
    ];
    let created = three_polls(&levels, 1);
    assert_eq!(protection_level(), 0, "creating the future opens nothing");
    drop(created);
    let mut between = Vec::new();
    let out = block_on(three_polls(&levels, 21), || {
        between.push(protection_level());
        // The executor's own work between polls allocates freely.
        drop(black_box(heap(16)));
    });
    assert_eq!(out, 42);
    assert_eq!(levels.each_ref().map(Cell::get), [1, 1, 1]);
    assert_eq!(between, [0, 0]);
    assert_eq!(protection_level(), 0);
}

#[test]
fn two_futures_interleaved_with_allocations_between_polls() {
    let a_levels = [
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
    ];
    let b_levels = [
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
        Cell::new(usize::MAX),
    ];
    let mut a = pin!(three_polls(&a_levels, 1));
    let mut b = pin!(three_polls(&b_levels, 2));
    let mut held = Vec::new();
    let (mut a_out, mut b_out) = (None, None);
    while a_out.is_none() || b_out.is_none() {
        if a_out.is_none()
            && let Poll::Ready(v) = poll_once(a.as_mut())
        {
            a_out = Some(v);
        }
        // Outside both regions: allocations must not be reported to either future.
        assert_eq!(protection_level(), 0);
        held.push(heap(8));
        if b_out.is_none()
            && let Poll::Ready(v) = poll_once(b.as_mut())
        {
            b_out = Some(v);
        }
        assert_eq!(protection_level(), 0);
        held.push(heap(8));
    }
    assert_eq!((a_out, b_out), (Some(2), Some(4)));
    assert_eq!(a_levels.each_ref().map(Cell::get), [1, 1, 1]);
    assert_eq!(b_levels.each_ref().map(Cell::get), [1, 1, 1]);
    assert_eq!(held.len(), 6);
}

#[test]
fn an_allocation_in_a_later_poll_names_the_fn() {
    assert_eq!(block_on(allocates_after_await(0), || ()), 1);
    let mut fut = pin!(allocates_after_await(12));
    assert!(
        poll_once(fut.as_mut()).is_pending(),
        "the first poll is clean"
    );
    let message = qadapt_panic(|| poll_once(fut.as_mut()));
    let expected = format!(
        "qadapt: allocation of 12 bytes (align 1) inside no-alloc region \
         `no_alloc_async::allocates_after_await` ({}) on thread `",
        name_location("allocates_after_await")
    );
    assert!(
        message.starts_with(&expected),
        "\nexpected: {expected}\n     got: {message}"
    );
}

#[test]
fn by_value_arguments_drop_inside_the_last_poll() {
    assert_eq!(block_on(consumes(Vec::new()), || ()), 0);
    let buf = heap(30);
    let fut = consumes(buf); // created outside any region: nothing happens yet
    let message = qadapt_panic(move || block_on(fut, || ()));
    let expected = format!(
        "qadapt: deallocation of 30 bytes (align 1) inside no-alloc region \
         `no_alloc_async::consumes` ({})",
        name_location("consumes")
    );
    assert!(
        message.starts_with(&expected),
        "\nexpected: {expected}\n     got: {message}"
    );
}

#[test]
fn async_methods_and_options() {
    let mut counter = Counter { count: 1 };
    assert_eq!(block_on(counter.bump(2), || ()), 31);
    assert_eq!(counter.count, 3);

    // `max = 1` applies to each poll.
    assert_eq!(block_on(budgeted(4, 5), || ()), 9);

    assert_eq!(block_on(early_exit(true), || ()), Err(7));
    assert_eq!(block_on(early_exit(false), || ()), Ok(1));
    assert_eq!(protection_level(), 0);
}
