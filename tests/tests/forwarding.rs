//! `Qadapt<A>` over a custom inner allocator: `Qadapt::new` is `const`, and every `alloc`,
//! `alloc_zeroed`, `realloc` and `dealloc` reaches the inner allocator exactly once, with its
//! arguments unchanged, violation or not.
#![cfg(any(debug_assertions, feature = "always"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use qadapt::Qadapt;

mod common;

use common::{RawBlock, qadapt_panic};

/// Forwards to `System` and remembers, per thread, what it was asked.
struct Counting {
    tag: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Calls {
    alloc: usize,
    alloc_zeroed: usize,
    realloc: usize,
    dealloc: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Last {
    ptr: usize,
    size: usize,
    align: usize,
    new_size: usize,
    returned: usize,
}

const NONE: Last = Last {
    ptr: 0,
    size: 0,
    align: 0,
    new_size: 0,
    returned: 0,
};

thread_local! {
    // Const-initialised, no destructor: safe to touch from inside the allocator.
    static CALLS: Cell<Calls> = const {
        Cell::new(Calls { alloc: 0, alloc_zeroed: 0, realloc: 0, dealloc: 0 })
    };
    static LAST: Cell<Last> = const { Cell::new(NONE) };
}

fn bump(f: impl FnOnce(&mut Calls)) {
    let _ = CALLS.try_with(|c| {
        let mut calls = c.get();
        f(&mut calls);
        c.set(calls);
    });
}

impl Last {
    /// A new block, from `alloc` or `alloc_zeroed`.
    fn fresh(layout: Layout, returned: *mut u8) -> Last {
        Last {
            ptr: 0,
            size: layout.size(),
            align: layout.align(),
            new_size: 0,
            returned: returned as usize,
        }
    }
}

fn remember(last: Last) {
    let _ = LAST.try_with(|l| l.set(last));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(|c| c.alloc += 1);
        // SAFETY: forwarded unchanged.
        let ptr = unsafe { System.alloc(layout) };
        remember(Last::fresh(layout, ptr));
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(|c| c.alloc_zeroed += 1);
        // SAFETY: forwarded unchanged.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        remember(Last::fresh(layout, ptr));
        ptr
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(|c| c.realloc += 1);
        // SAFETY: forwarded unchanged.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        remember(Last {
            ptr: ptr as usize,
            size: layout.size(),
            align: layout.align(),
            new_size,
            returned: new as usize,
        });
        new
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        bump(|c| c.dealloc += 1);
        remember(Last {
            ptr: ptr as usize,
            size: layout.size(),
            align: layout.align(),
            new_size: 0,
            returned: 0,
        });
        // SAFETY: forwarded unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static Q: Qadapt<Counting> = Qadapt::new(Counting { tag: 0xC0FFEE });

/// `Qadapt::new` in a `const` context.
const _WRAPPED: Qadapt<Counting> = Qadapt::new(Counting { tag: 1 });

fn calls() -> Calls {
    CALLS.with(Cell::get)
}

fn last() -> Last {
    LAST.with(Cell::get)
}

/// The calls `f` made to the inner allocator on this thread.
fn calls_during(f: impl FnOnce()) -> Calls {
    let before = calls();
    f();
    let after = calls();
    Calls {
        alloc: after.alloc - before.alloc,
        alloc_zeroed: after.alloc_zeroed - before.alloc_zeroed,
        realloc: after.realloc - before.realloc,
        dealloc: after.dealloc - before.dealloc,
    }
}

#[test]
fn the_inner_allocator_is_reachable() {
    assert_eq!(Q.inner().tag, 0xC0FFEE);
    assert_eq!(_WRAPPED.inner().tag, 1);
}

#[test]
fn qadapt_over_a_custom_allocator_is_active() {
    assert!(qadapt::is_active());
}

#[test]
fn alloc_is_forwarded_once_with_its_layout_and_the_inner_pointer_comes_back() {
    let mut block = None;
    let delta = calls_during(|| block = Some(RawBlock::new(40, 8)));
    assert_eq!(
        delta,
        Calls {
            alloc: 1,
            ..Calls::default()
        }
    );
    let block = block.unwrap();
    let seen = last();
    assert_eq!((seen.size, seen.align), (40, 8));
    assert_eq!(seen.returned, block.bytes().as_ptr() as usize);
    drop(block);
}

#[test]
fn alloc_zeroed_is_forwarded_to_the_inner_alloc_zeroed() {
    let mut block = None;
    let delta = calls_during(|| block = Some(RawBlock::zeroed(64, 32)));
    assert_eq!(
        delta,
        Calls {
            alloc_zeroed: 1,
            ..Calls::default()
        }
    );
    let block = block.unwrap();
    assert_eq!((last().size, last().align), (64, 32));
    assert!(block.bytes().iter().all(|&b| b == 0));
}

#[test]
fn realloc_is_forwarded_once_with_pointer_old_layout_and_new_size() {
    let mut block = RawBlock::new(16, 4);
    let old_ptr = block.bytes().as_ptr() as usize;
    let delta = calls_during(|| block.resize(100));
    assert_eq!(
        delta,
        Calls {
            realloc: 1,
            ..Calls::default()
        }
    );
    let seen = last();
    assert_eq!(seen.ptr, old_ptr);
    assert_eq!((seen.size, seen.align, seen.new_size), (16, 4, 100));
    assert_eq!(seen.returned, block.bytes().as_ptr() as usize);
}

#[test]
fn dealloc_is_forwarded_once_with_pointer_and_layout() {
    let block = RawBlock::new(24, 8);
    let ptr = block.bytes().as_ptr() as usize;
    let delta = calls_during(|| drop(block));
    assert_eq!(
        delta,
        Calls {
            dealloc: 1,
            ..Calls::default()
        }
    );
    assert_eq!(last().ptr, ptr);
    assert_eq!((last().size, last().align), (24, 8));
}

#[test]
fn violations_are_still_forwarded_to_the_inner_allocator() {
    // qadapt's own bookkeeping for a violation (reading the environment, capturing a backtrace
    // when enabled) also goes through the inner allocator, unchecked, before the user's call is
    // forwarded: so each user call is checked as the *last* one the inner allocator saw.
    let mut block = RawBlock::new(8, 8);
    let old_ptr = block.bytes().as_ptr() as usize;
    let mut seen = [NONE; 5];
    let mut ptrs = [0usize; 3];
    let message = qadapt_panic(|| {
        let _guard = qadapt::protect();
        let fresh = RawBlock::new(8, 8);
        seen[0] = last();
        let zeroed = RawBlock::zeroed(16, 8);
        seen[1] = last();
        block.resize(24);
        seen[2] = last();
        ptrs = [
            fresh.bytes().as_ptr() as usize,
            zeroed.bytes().as_ptr() as usize,
            block.bytes().as_ptr() as usize,
        ];
        drop(fresh);
        seen[3] = last();
        drop(zeroed);
        seen[4] = last();
    });
    assert!(message.contains("; 4 more violations"), "{message}");
    let [alloc, zeroed, realloc, free_fresh, free_zeroed] = seen;
    assert_eq!((alloc.size, alloc.align, alloc.returned), (8, 8, ptrs[0]));
    assert_eq!(
        (zeroed.size, zeroed.align, zeroed.returned),
        (16, 8, ptrs[1])
    );
    assert_eq!(
        (
            realloc.ptr,
            realloc.size,
            realloc.new_size,
            realloc.returned
        ),
        (old_ptr, 8, 24, ptrs[2])
    );
    assert_eq!((free_fresh.ptr, free_fresh.size), (ptrs[0], 8));
    assert_eq!((free_zeroed.ptr, free_zeroed.size), (ptrs[1], 16));
    assert_eq!(block.size(), 24);
}

#[test]
fn count_allocs_agrees_with_the_inner_allocator() {
    let mut delta = Calls::default();
    let ((), stats) = qadapt::count_allocs(|| {
        delta = calls_during(|| {
            let mut a = RawBlock::new(8, 8);
            a.resize(32);
            let b = RawBlock::zeroed(4, 4);
            drop(a);
            drop(b);
        });
    });
    assert_eq!(stats.allocations, delta.alloc + delta.alloc_zeroed);
    assert_eq!(stats.reallocations, delta.realloc);
    assert_eq!(stats.deallocations, delta.dealloc);
    assert_eq!(stats.bytes_allocated, 8 + 32 + 4);
    assert_eq!(stats.bytes_freed, 8 + 32 + 4);
}
