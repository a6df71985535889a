//! The per-thread state the allocator reads on every call.
//!
//! It is made of `Cell`s in a const-initialised `thread_local!` without `Drop`: reading it never
//! allocates, never registers a destructor and never fails, so the allocator may touch it. The
//! allocator's hot path reads one byte, [`State::watch`], which is zero unless this thread has
//! something for qadapt to do.
//!
//! Without `std` there are no threads to tell apart: the state is one global behind a spin lock,
//! taken with `try_lock` so that an interrupt arriving while the state is being updated passes
//! through unchecked instead of deadlocking.

use core::cell::Cell;

use crate::stats::Counters;
use crate::violation::{Region, Violation};

/// Allocations are violations.
pub(crate) const CHECK_ALLOC: u8 = 1;
/// Deallocations are violations.
pub(crate) const CHECK_DEALLOC: u8 = 2;
/// Set by `forbid_alloc`: `allow_alloc` and `allow_dealloc` inside lift nothing.
pub(crate) const LOCKED: u8 = 4;
/// `count_allocs` is collecting on this thread.
pub(crate) const COUNT: u8 = 8;
/// A budget region is open.
pub(crate) const BUDGET: u8 = 16;
/// `is_active` is checking whether this allocator is the global one.
pub(crate) const PROBE: u8 = 32;

/// How deep `enter_protected()` may nest on one thread; its saved states live inline here.
pub(crate) const MANUAL_DEPTH: usize = 32;

/// What a region changes on entry and puts back on exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Saved {
    pub(crate) checks: u8,
    pub(crate) region: Option<Region>,
    pub(crate) depth: u32,
    pub(crate) level: usize,
    pub(crate) budgets: u32,
    pub(crate) budget: Option<SavedBudget>,
}

/// A budget region's bookkeeping: the tightest outer budget to restore (what it allowed, its
/// region, where it started counting), and the event count when this one opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SavedBudget {
    pub(crate) left: usize,
    pub(crate) region: Option<Region>,
    pub(crate) entered_at: u64,
    pub(crate) outer_base: u64,
}

pub(crate) struct State {
    /// Non-zero when the allocator must look closer: `checks | COUNT | BUDGET | PROBE`, or zero
    /// while checks are suspended.
    pub(crate) watch: Cell<u8>,
    /// `CHECK_ALLOC | CHECK_DEALLOC | LOCKED` as set by the innermost region.
    pub(crate) checks: Cell<u8>,
    /// Suspension depth: qadapt's own reporting, handlers and backtraces run unchecked.
    pub(crate) suspended: Cell<u32>,
    /// Open region guards of every kind, to catch guards dropped out of order.
    pub(crate) depth: Cell<u32>,
    /// Open protecting regions (what `protection_level()` returns).
    pub(crate) level: Cell<usize>,
    /// The innermost protecting region, named in reports.
    pub(crate) region: Cell<Option<Region>>,
    /// The first violation not yet reported, and how many followed it.
    pub(crate) pending: Cell<Option<Violation>>,
    pub(crate) pending_more: Cell<usize>,
    /// The boxed site of the pending violation, or null.
    #[cfg(feature = "std")]
    pub(crate) pending_trace: Cell<*mut crate::trace::Trace>,
    /// Every violation this thread has made, under any policy.
    pub(crate) total: Cell<usize>,
    /// Set by the allocator when it sees a probe allocation (`is_active`).
    pub(crate) probe_seen: Cell<bool>,
    /// Running counters while `count_allocs` is active.
    pub(crate) counters: Cell<Counters>,
    pub(crate) counting: Cell<u32>,
    /// Allocations and reallocations made so far under budgets; how many the tightest open
    /// budget still allows; that budget's region and the event count where it started.
    pub(crate) budget_events: Cell<u64>,
    pub(crate) budget_left: Cell<usize>,
    pub(crate) budget_region: Cell<Option<Region>>,
    pub(crate) budget_base: Cell<u64>,
    pub(crate) budgets: Cell<u32>,
    /// Saved states of `enter_protected()`, innermost last.
    pub(crate) manual: [Cell<Option<Saved>>; MANUAL_DEPTH],
    pub(crate) manual_len: Cell<usize>,
    /// The thread-exit watcher is registered.
    pub(crate) exit_watched: Cell<bool>,
}

impl State {
    pub(crate) const fn new() -> State {
        State {
            watch: Cell::new(0),
            checks: Cell::new(0),
            suspended: Cell::new(0),
            depth: Cell::new(0),
            level: Cell::new(0),
            region: Cell::new(None),
            pending: Cell::new(None),
            pending_more: Cell::new(0),
            #[cfg(feature = "std")]
            pending_trace: Cell::new(core::ptr::null_mut()),
            total: Cell::new(0),
            probe_seen: Cell::new(false),
            counters: Cell::new(Counters::ZERO),
            counting: Cell::new(0),
            budget_events: Cell::new(0),
            budget_left: Cell::new(usize::MAX),
            budget_region: Cell::new(None),
            budget_base: Cell::new(0),
            budgets: Cell::new(0),
            manual: [const { Cell::new(None) }; MANUAL_DEPTH],
            manual_len: Cell::new(0),
            exit_watched: Cell::new(false),
        }
    }

    /// Recomputes [`watch`](Self::watch) after any change to what this thread asks for.
    #[inline]
    pub(crate) fn refresh(&self) {
        let watch = if self.suspended.get() > 0 {
            0
        } else {
            let mut watch = self.checks.get() & (CHECK_ALLOC | CHECK_DEALLOC);
            if self.counting.get() > 0 {
                watch |= COUNT;
            }
            if self.budgets.get() > 0 {
                watch |= BUDGET;
            }
            watch
        };
        // The probe runs with everything else suspended, so it survives suspension.
        self.watch.set(watch | (self.watch.get() & PROBE));
    }
}

#[cfg(feature = "std")]
std::thread_local! {
    static STATE: State = const { State::new() };
}

/// Runs `f` on this thread's state. `None` only where the state cannot be reached (without std:
/// while another context holds it).
///
/// `f` must stay inside qadapt: no allocation, no user code, no panics.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn with<R>(f: impl FnOnce(&State) -> R) -> Option<R> {
    STATE.try_with(f).ok()
}

#[cfg(not(feature = "std"))]
static STATE: spin::Mutex<State> = spin::Mutex::new(State::new());

// SAFETY: without std there is one thread of execution; the spin lock serialises the interrupt
// handlers that may share it. The raw pointers inside are std-only.
#[cfg(not(feature = "std"))]
unsafe impl Send for State {}

#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) fn with<R>(f: impl FnOnce(&State) -> R) -> Option<R> {
    STATE.try_lock().map(|state| f(&state))
}

/// The allocator's one read on the hot path.
#[inline(always)]
pub(crate) fn watch() -> u8 {
    with(|s| s.watch.get()).unwrap_or(0)
}

/// Runs `f` with this thread's checks (and counting) suspended: qadapt's own reporting, a user's
/// handler, a backtrace capture. Restored on unwind too.
pub(crate) fn suspended<R>(f: impl FnOnce() -> R) -> R {
    let _suspension = Suspension::new();
    f()
}

/// The guard behind [`suspended`], for callers that must keep it across a panic.
pub(crate) struct Suspension(());

impl Suspension {
    pub(crate) fn new() -> Suspension {
        with(|s| {
            s.suspended.set(s.suspended.get() + 1);
            s.refresh();
        });
        Suspension(())
    }
}

impl Drop for Suspension {
    fn drop(&mut self) {
        with(|s| {
            s.suspended.set(s.suspended.get().saturating_sub(1));
            s.refresh();
        });
    }
}
