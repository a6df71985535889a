//! The per-thread state the allocator reads on every call.
//!
//! It is made of `Cell`s in a const-initialised `thread_local!` without `Drop`: reading it never
//! allocates, never registers a destructor and never fails, so the allocator may touch it. The
//! allocator's hot path reads one byte, [`watch`], which is zero unless this thread has
//! something for qadapt to do.
//!
//! Without `std` there are no threads to tell apart: the state is one global behind a spin lock,
//! taken with `try_lock` so that an interrupt arriving while the state is being updated passes
//! through unchecked instead of deadlocking.

use core::cell::{Cell, UnsafeCell};

use crate::counters::Counters;
pub(crate) use crate::mode::Mode;
use crate::mode::{
    BUDGET, CHECK_ALLOC, CHECK_DEALLOC, COUNT, COUNTING, NOT_READY, PENDING, PROBE, SUSPENDED,
    UNWINDING,
};
use crate::violation::{Region, Violation};

/// How deep `enter_protected()` may nest on one thread; its saved states live inline here.
pub(crate) const MANUAL_DEPTH: usize = 32;

/// `State::exit`: the thread's exit check is not registered yet.
pub(crate) const UNWATCHED: u8 = 0;
/// `State::exit`: the check is registered and will run when the thread ends.
#[cfg(feature = "std")]
pub(crate) const WATCHED: u8 = 1;
/// `State::exit`: the check has run; the thread is ending.
pub(crate) const ENDED: u8 = 2;

/// Whether this thread's exit check has run: the thread is ending (its thread-local destructors
/// are running), so no safe point may come.
#[inline]
pub(crate) fn thread_ending() -> bool {
    with(|s| s.exit.get() == ENDED) == Some(true)
}

/// What a region changes on entry and puts back on exit: three words. A region that opened
/// on the slow path saves its mode [marked](Mode::marked_slow) to close on it too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Saved {
    pub(crate) mode: Mode,
    pub(crate) region: Option<Region>,
}

impl Saved {
    /// What a guard holds when the state could not be reached: restores nothing.
    pub(crate) const INERT: Saved = Saved {
        mode: Mode::IDLE.marked_slow(),
        region: None,
    };
}

/// What a budget region also restores (kept out of [`Saved`], so that the common guard stays
/// small): the tightest outer budget (what it allowed, its limit, its region, where it started
/// counting), and the event count when this one opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SavedBudget {
    pub(crate) left: usize,
    pub(crate) max: usize,
    pub(crate) region: Option<Region>,
    pub(crate) entered_at: u64,
    pub(crate) outer_base: u64,
}

impl SavedBudget {
    /// What a budget guard holds when the state could not be reached.
    pub(crate) const INERT: SavedBudget = SavedBudget {
        left: usize::MAX,
        max: usize::MAX,
        region: None,
        entered_at: 0,
        outer_base: 0,
    };
}

/// What the allocator and the region fast paths touch: one `UnsafeCell`, so that a fast path
/// takes one `&mut` to all of it (at opt-level 0 every `Cell` access or raw-pointer read is a
/// call or a checked dereference).
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct Hot {
    /// Non-zero when a region boundary must take the slow path: `NOT_READY | PENDING |
    /// SUSPENDED | COUNTING | UNWINDING`. Zero is the common case, where entering and leaving a
    /// region is a few moves.
    pub(crate) attention: u8,
    /// The checks and region counts, and in its low byte what the allocator must look at.
    pub(crate) mode: Mode,
    /// The innermost protecting region, named in reports.
    pub(crate) region: Option<Region>,
}

/// In declaration order (`repr(C)`): what the allocator and the region fast paths touch comes
/// first, in one cache line (left to the compiler, the mode word landed elsewhere and the 8-byte
/// alloc + free measured 3% slower with identical instructions).
#[repr(C)]
pub(crate) struct State {
    hot: UnsafeCell<Hot>,
    /// Suspension depth: qadapt's own reporting, handlers and backtraces run unchecked.
    pub(crate) suspended: Cell<u32>,
    /// The first violation not yet reported, and how many followed it.
    pub(crate) pending: Cell<Option<Violation>>,
    pub(crate) pending_more: Cell<usize>,
    /// The boxed stack walk of the pending violation (symbolized when raised), or null.
    #[cfg(feature = "std")]
    pub(crate) pending_trace: Cell<*mut crate::trace::RawTrace>,
    /// Every violation this thread has made, under any policy.
    pub(crate) total: Cell<usize>,
    /// Set by the allocator when it sees a probe allocation (`is_active`).
    pub(crate) probe_seen: Cell<bool>,
    /// Running counters while `count_allocs` is active.
    pub(crate) counters: Cell<Counters>,
    pub(crate) counting: Cell<u32>,
    /// Allocations and reallocations made so far under budgets; how many the tightest open
    /// budget still allows, its limit, its region and the event count where it started.
    pub(crate) budget_events: Cell<u64>,
    pub(crate) budget_left: Cell<usize>,
    pub(crate) budget_max: Cell<usize>,
    pub(crate) budget_region: Cell<Option<Region>>,
    pub(crate) budget_base: Cell<u64>,
    /// Saved states of `enter_protected()`, innermost last.
    pub(crate) manual: [Cell<Option<Saved>>; MANUAL_DEPTH],
    pub(crate) manual_len: Cell<usize>,
    /// `enter_protected()` regions that a violation panic closed and whose `exit_protected()`
    /// has not come yet: that many unmatched exits are absorbed.
    pub(crate) manual_closed_by_panic: Cell<usize>,
    /// How far the thread-exit check has come: [`UNWATCHED`], [`WATCHED`], [`ENDED`].
    pub(crate) exit: Cell<u8>,
}

impl State {
    pub(crate) const fn new() -> State {
        State {
            hot: UnsafeCell::new(Hot {
                attention: NOT_READY,
                mode: Mode::IDLE,
                region: None,
            }),
            suspended: Cell::new(0),
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
            budget_max: Cell::new(usize::MAX),
            budget_region: Cell::new(None),
            budget_base: Cell::new(0),
            manual: [const { Cell::new(None) }; MANUAL_DEPTH],
            manual_len: Cell::new(0),
            manual_closed_by_panic: Cell::new(0),
            exit: Cell::new(UNWATCHED),
        }
    }

    /// The fast paths' view of the state: `&mut *State::hot(s)`, valid while nothing else
    /// touches the thread's state (no call out, no allocation).
    #[inline(always)]
    pub(crate) fn hot(s: *const State) -> *mut Hot {
        // SAFETY: a place, not a read: `s` comes from `current`, this thread's state.
        UnsafeCell::raw_get(unsafe { core::ptr::addr_of!((*s).hot) })
    }

    #[inline(always)]
    pub(crate) fn attention(&self) -> u8 {
        // SAFETY: `State` is `!Sync`; no `&mut Hot` is alive outside the fast paths, which call
        // nothing.
        unsafe { (*self.hot.get()).attention }
    }

    #[inline(always)]
    pub(crate) fn set_attention(&self, attention: u8) {
        // SAFETY: as in `attention`.
        unsafe { (*self.hot.get()).attention = attention }
    }

    #[inline(always)]
    pub(crate) fn mode(&self) -> Mode {
        // SAFETY: as in `attention`.
        unsafe { (*self.hot.get()).mode }
    }

    #[inline(always)]
    pub(crate) fn set_mode(&self, mode: Mode) {
        // SAFETY: as in `attention`.
        unsafe { (*self.hot.get()).mode = mode }
    }

    #[inline(always)]
    pub(crate) fn region(&self) -> Option<Region> {
        // SAFETY: as in `attention`.
        unsafe { (*self.hot.get()).region }
    }

    #[inline(always)]
    pub(crate) fn set_region(&self, region: Option<Region>) {
        // SAFETY: as in `attention`.
        unsafe { (*self.hot.get()).region = region }
    }

    /// Whether a violation waits to be reported.
    #[inline]
    pub(crate) fn has_pending(&self) -> bool {
        // SAFETY: reads the discriminant in place; `State` is `!Sync` and no reference escapes.
        unsafe { (*self.pending.as_ptr()).is_some() }
    }

    /// Recomputes the allocator's byte ([`Mode::watch`]) and [`attention`](Self::attention)
    /// after any change to what this thread asks for (the region fast paths keep both up to date
    /// themselves).
    #[inline]
    pub(crate) fn refresh(&self) {
        let suspended = self.suspended.get() > 0;
        let mode = self.mode();
        let watch = if suspended {
            0
        } else {
            let mut watch = mode.checks() & (CHECK_ALLOC | CHECK_DEALLOC);
            if self.counting.get() > 0 {
                watch |= COUNT;
            }
            if mode.budgets() > 0 {
                watch |= BUDGET;
            }
            watch
        };
        // The probe runs with everything else suspended, so it survives suspension.
        self.set_mode(mode.with_watch(watch | (mode.watch() & PROBE)));
        let mut attention = self.attention() & (NOT_READY | UNWINDING);
        if suspended {
            attention |= SUSPENDED;
        }
        if self.has_pending() {
            attention |= PENDING;
        }
        if self.counting.get() > 0 {
            attention |= COUNTING;
        }
        self.set_attention(attention);
    }
}

impl State {
    /// Closes the `enter_protected()` regions on top of the thread's region stack (opened after
    /// every guard region still open), counting them for `exit_protected()` to absorb: a
    /// violation panic is about to unwind past their exits.
    pub(crate) fn close_manual_regions_on_top(&self) {
        let mut closed = 0;
        while let Some(top) = self.manual_len.get().checked_sub(1) {
            match self.manual[top].get() {
                Some(manual) if manual.mode.depth() + 1 == self.mode().depth() => {
                    self.set_mode(manual.mode.unmarked());
                    self.set_region(manual.region);
                    self.manual[top].set(None);
                    self.manual_len.set(top);
                    closed += 1;
                }
                _ => break,
            }
        }
        if closed > 0 {
            self.manual_closed_by_panic
                .set(self.manual_closed_by_panic.get().saturating_add(closed));
        }
        if self.manual_len.get() == 0 {
            self.set_attention(self.attention() & !UNWINDING);
        }
        self.refresh();
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

/// This thread's state, reached with one thread-local lookup, for the region fast paths, which
/// keep it for the region's close (a guard never leaves its thread); null where the state
/// cannot be reached (without std: while another context holds it, so the region is inert).
///
/// The fast paths read and write through [`State::hot`]: at opt-level 0 (debug builds compile
/// qadapt unoptimised unless the user raises its opt-level), `Cell::get`, `Option` adapters and
/// a second lookup are each a call, and each raw-pointer read a checked one.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn current() -> *const State {
    match STATE.try_with(|s| s as *const State) {
        Ok(s) => s,
        Err(_) => core::ptr::null(),
    }
}

/// Without std the state is behind a lock the fast paths cannot hold across a region: they
/// take the slow paths, which lock it for each step.
#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) fn current() -> *const State {
    core::ptr::null()
}

/// The allocator's one read on the hot path.
///
/// Spelt for opt-level 0 too, where every helper is a real call (debug builds compile qadapt
/// unoptimised unless the user raises its opt-level): a closure (a named function passed as
/// `FnOnce` goes through one more shim), a `match` instead of `Result` and `Option` adapters, and
/// the byte read through a pointer cast instead of `Cell::get`.
#[cfg(feature = "std")]
#[inline(always)]
// A `match`, not `unwrap_or_default`: one call fewer at opt-level 0.
#[allow(clippy::manual_unwrap_or_default, clippy::manual_unwrap_or)]
pub(crate) fn watch() -> u8 {
    // The allocator's byte is the mode word's low byte: its first byte on little-endian targets,
    // read alone (a `u64` read costs an alignment check at opt-level 0).
    // SAFETY: `Mode` is a transparent `u64`; `State` is `!Sync`, and no `&mut Hot` is alive
    // while the allocator runs (the fast paths allocate nothing).
    #[cfg(target_endian = "little")]
    let read = |s: &State| unsafe {
        *(core::ptr::addr_of!((*(&s.hot as *const UnsafeCell<Hot> as *const Hot)).mode)
            as *const u8)
    };
    // SAFETY: as above.
    #[cfg(target_endian = "big")]
    let read = |s: &State| unsafe {
        *(core::ptr::addr_of!((*(&s.hot as *const UnsafeCell<Hot> as *const Hot)).mode)
            as *const u64)
    } as u8;
    match STATE.try_with(read) {
        Ok(watch) => watch,
        Err(_) => 0,
    }
}

/// The allocator's one read on the hot path.
#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) fn watch() -> u8 {
    with(|s| s.mode().watch()).unwrap_or(0)
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
