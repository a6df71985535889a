//! Regions: where allocating is forbidden, allowed again, or budgeted, per thread.
//!
//! Every region is a save/restore of the thread's mode, done by a guard, so early `return`, `?`,
//! `break` and panics always leave the thread exactly as they found it. Every region boundary,
//! and every other qadapt call, is also a *safe point*: a violation the allocator recorded is
//! reported there, outside the allocator.

use core::marker::PhantomData;
use core::panic::Location;

use crate::mode::{CHECK_ALLOC, CHECK_DEALLOC, LOCKED, Mode, NOT_READY, UNWINDING};
use crate::state::{self, Hot, Saved, SavedBudget, State};
use crate::violation::{Region, RegionInfo, RegionKind};

/// How a region changes the thread's checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// Allocating and freeing are violations.
    NoAlloc,
    /// Like `NoAlloc`, and `allow_alloc`/`allow_dealloc` inside lift nothing.
    Forbid,
    /// Allocating and freeing are accepted, unless a `Forbid` region encloses this one.
    Allow,
    /// Freeing is accepted, allocating keeps its mode.
    AllowDealloc,
}

/// An open protected region; dropping it closes the region and restores the thread's previous
/// mode, then reports (panics with) the first violation made inside, if any.
///
/// That panic's message names the line that opened the region; its header (`panicked at ..`)
/// names qadapt's own `Drop`, which cannot know where it was called from. The region macros
/// ([`assert_no_alloc!`](crate::assert_no_alloc), ...), [`forbid_alloc`] and `#[no_alloc]` close
/// their regions with a call located at your code, and their headers name it.
///
/// Returned by [`protect`]. It is `!Send`: a region belongs to the thread that opened it, so
/// moving its guard to another thread does not compile:
///
/// ```compile_fail,E0277
/// fn on_another_thread<T: Send + 'static>(value: T) {
///     std::thread::spawn(move || drop(value));
/// }
/// on_another_thread(qadapt::protect());
/// ```
#[must_use = "the region closes as soon as the guard is dropped; bind it: `let _guard = qadapt::protect();`"]
pub struct ProtectionGuard {
    saved: Saved,
    /// The opening thread's state (null if unreachable): the close needs no lookup. A raw
    /// pointer, so the guard is `!Send` and `!Sync`: it is dropped on that thread or never.
    /// [`CLOSED`] once [`RegionGuard::exit`] closed the region, so that the drop does nothing.
    state: *const State,
    location: &'static Location<'static>,
}

// The guard's size, which every region moves at opt-level 0, stays what it has been.
const _: () = assert!(core::mem::size_of::<ProtectionGuard>() <= 40);

/// A guard's `state` once its region is closed: never a thread's state (a dangling, aligned
/// address), never dereferenced.
const CLOSED: *const State = core::ptr::dangling();

impl ProtectionGuard {
    #[track_caller]
    #[inline(always)]
    pub(crate) fn open(
        entry: Entry,
        info: &'static RegionInfo,
        location: &'static Location<'static>,
    ) -> Self {
        if !crate::CHECKS {
            return ProtectionGuard {
                saved: Saved::INERT,
                state: core::ptr::null(),
                location,
            };
        }
        // The fast path: one thread-local lookup and a handful of moves, inlined into the
        // caller, the guard built in place (at opt-level 0 every intermediate value is a copy
        // through the stack); the rest is `open_slow`.
        let state = state::current();
        if state as usize != 0 {
            // SAFETY: `state` is this thread's; nothing else touches it until this returns.
            let hot = unsafe { &mut *State::hot(state) };
            let mode = hot.mode;
            let region = hot.region;
            if hot.attention == 0 && mode.has_room() {
                enter(hot, entry, mode, Region { location, info });
                // Built in the return place (a guard moved at opt-level 0 is a `memcpy`).
                return ProtectionGuard {
                    saved: Saved { mode, region },
                    state,
                    location,
                };
            }
        }
        ProtectionGuard {
            saved: open_slow(entry, info, location),
            state,
            location,
        }
    }

    /// The guard's saved state and thread state, for a region that outlives it
    /// (`enter_protected`): the guard itself closes nothing.
    pub(crate) fn into_parts(self) -> (Saved, *const State) {
        let guard = core::mem::ManuallyDrop::new(self);
        (guard.saved, guard.state)
    }
}

impl Drop for ProtectionGuard {
    // Inlined into the drop glue, which each codegen unit compiles once: one call fewer per
    // region at opt-level 0, and a few instructions per unit.
    #[inline(always)]
    fn drop(&mut self) {
        if crate::CHECKS && self.state != CLOSED {
            close(self.saved, self.state);
        }
    }
}

/// How the region macros and `#[no_alloc]` close a region on the normal path: a call that a
/// violation's panic names as its place (`#[track_caller]`), which a `Drop` cannot be. Early
/// returns, `?` and panics still close it by the guard's drop, which after `exit` does nothing.
/// By reference: at opt-level 0, moving a guard is a `memcpy`.
#[doc(hidden)]
pub trait RegionGuard {
    /// Closes the region, then reports (panics with) its first violation, if any.
    #[track_caller]
    fn exit(&mut self);
}

impl RegionGuard for ProtectionGuard {
    #[track_caller]
    #[cfg_attr(not(debug_assertions), inline)]
    fn exit(&mut self) {
        let state = self.state;
        if crate::CHECKS && state != CLOSED {
            // Debug builds mark the guard closed first (one store; its drop, normal or unwinding
            // after a raised violation, then tests one field). Optimised builds leave the guard
            // alone, so that it stays in registers: its drop finds the region closed in the
            // thread's state instead (see `close`).
            if cfg!(debug_assertions) {
                self.state = CLOSED;
            }
            close(self.saved, state);
        }
    }
}

impl core::fmt::Debug for ProtectionGuard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProtectionGuard")
            .field("entered_at", self.location)
            .finish_non_exhaustive()
    }
}

/// An open budget region (`assert_allocs!`, `#[no_alloc(max = N)]`): a [`ProtectionGuard`] that
/// also restores the enclosing budget. Kept apart so that the common guard stays 40 bytes.
#[doc(hidden)]
#[must_use = "the region closes as soon as the guard is dropped"]
pub struct BudgetGuard {
    saved: Saved,
    budget: SavedBudget,
    /// Set by [`RegionGuard::exit`]: the drop does nothing then.
    closed: bool,
    _not_send: PhantomData<*const ()>,
}

impl BudgetGuard {
    #[track_caller]
    pub(crate) fn open(
        max: usize,
        info: &'static RegionInfo,
        location: &'static Location<'static>,
    ) -> Self {
        let (saved, budget) = if crate::CHECKS {
            open_budget(max, info, location)
        } else {
            (Saved::INERT, SavedBudget::INERT)
        };
        BudgetGuard {
            saved,
            budget,
            closed: false,
            _not_send: PhantomData,
        }
    }
}

impl Drop for BudgetGuard {
    fn drop(&mut self) {
        if crate::CHECKS && !self.closed {
            close_slow(self.saved.mode, self.saved.region, Some(&self.budget));
        }
    }
}

impl RegionGuard for BudgetGuard {
    #[track_caller]
    fn exit(&mut self) {
        if crate::CHECKS && !self.closed {
            self.closed = true;
            close_slow(self.saved.mode, self.saved.region, Some(&self.budget));
        }
    }
}

impl core::fmt::Debug for BudgetGuard {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BudgetGuard").finish_non_exhaustive()
    }
}

/// Either guard, for what opens regions of any kind (futures, by-value `self` methods).
pub(crate) enum AnyGuard {
    Mode(ProtectionGuard),
    Budget(BudgetGuard),
}

impl AnyGuard {
    /// Opens the region `info` describes; `max` is the budget of a budget region.
    #[track_caller]
    #[cfg_attr(not(debug_assertions), inline)]
    pub(crate) fn open(
        info: &'static RegionInfo,
        max: usize,
        location: &'static Location<'static>,
    ) -> Self {
        match info.kind {
            RegionKind::NoAlloc => {
                AnyGuard::Mode(ProtectionGuard::open(Entry::NoAlloc, info, location))
            }
            RegionKind::Forbid => {
                AnyGuard::Mode(ProtectionGuard::open(Entry::Forbid, info, location))
            }
            RegionKind::Budget => AnyGuard::Budget(BudgetGuard::open(max, info, location)),
        }
    }
}

impl RegionGuard for AnyGuard {
    #[track_caller]
    fn exit(&mut self) {
        match self {
            AnyGuard::Mode(guard) => guard.exit(),
            AnyGuard::Budget(guard) => guard.exit(),
        }
    }
}

// The entry points of regions are inlined in release builds; in debug builds they stay out of
// line, so that they run at qadapt's own opt-level (which `[profile.dev.package.qadapt]
// opt-level = 3` raises) instead of being compiled unoptimised into the caller's crate.

/// Protects the rest of the current scope: any allocation, reallocation or deallocation on this
/// thread until the guard drops is a violation, reported when it drops.
///
/// ```should_panic
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// let mut v: Vec<u32> = Vec::with_capacity(1);
/// {
///     let _guard = qadapt::protect();
///     v.push(1); // fine: capacity was reserved
///     v.push(2); // reallocation: the guard's drop panics
/// }
/// ```
#[track_caller]
#[cfg_attr(not(debug_assertions), inline)]
pub fn protect() -> ProtectionGuard {
    ProtectionGuard::open(Entry::NoAlloc, &RegionInfo::NO_ALLOC, Location::caller())
}

/// The number of protecting regions open on this thread (`protect`, `enter_protected`,
/// `assert_no_alloc!`, `forbid_alloc`, `#[no_alloc]` functions). Zero with the checks compiled out.
///
/// Every qadapt call is a safe point, this one included: a violation still pending in a region of
/// this thread that has not closed yet is raised here (a panic under the default policy), before
/// the region's own exit would raise it.
#[track_caller]
pub fn protection_level() -> usize {
    if !crate::CHECKS {
        return 0;
    }
    crate::pending::report();
    state::with(|s| s.mode().level() as usize).unwrap_or(0)
}

/// How many violations this thread has made so far, under any policy (a running total).
///
/// Like every qadapt call, it is a safe point (see [`protection_level`]).
#[track_caller]
pub fn violation_count() -> usize {
    if !crate::CHECKS {
        return 0;
    }
    crate::pending::report();
    state::with(|s| s.total.get()).unwrap_or(0)
}

/// Runs `f` with allocations accepted again: an escape hatch (logging while debugging, a
/// one-off lazy initialisation). Inside [`forbid_alloc`] it lifts nothing. A [`protect`] inside
/// it re-arms the checks. It lifts protection, not measurement: an enclosing
/// [`assert_allocs!`](crate::assert_allocs) budget still counts what `f` allocates.
#[track_caller]
pub fn allow_alloc<R>(f: impl FnOnce() -> R) -> R {
    let mut region = ProtectionGuard::open(Entry::Allow, &RegionInfo::NO_ALLOC, Location::caller());
    let value = f();
    region.exit();
    value
}

/// Runs `f` with deallocations accepted, allocations still checked: dropping a message handed
/// over from another thread, say. Inside [`forbid_alloc`] it lifts nothing.
#[track_caller]
pub fn allow_dealloc<R>(f: impl FnOnce() -> R) -> R {
    let mut region = ProtectionGuard::open(
        Entry::AllowDealloc,
        &RegionInfo::NO_ALLOC,
        Location::caller(),
    );
    let value = f();
    region.exit();
    value
}

/// Runs `f` protected, like [`protect`], except that [`allow_alloc`] and [`allow_dealloc`]
/// inside it lift nothing.
#[track_caller]
pub fn forbid_alloc<R>(f: impl FnOnce() -> R) -> R {
    let mut region = ProtectionGuard::open(Entry::Forbid, &RegionInfo::FORBID, Location::caller());
    let value = f();
    region.exit();
    value
}

/// [`ProtectionGuard::open`] with the safe point and the set-up first: the allocator's byte
/// depends on more than the checks then, so it is recomputed now, and again when the region
/// closes.
#[track_caller]
#[cold]
#[inline(never)]
fn open_slow(
    entry: Entry,
    info: &'static RegionInfo,
    location: &'static Location<'static>,
) -> Saved {
    prepare_slow(matches!(entry, Entry::NoAlloc | Entry::Forbid));
    state::with(|s| {
        let mut saved = Saved {
            mode: s.mode(),
            region: s.region(),
        };
        enter_slow(s, entry, saved.mode, Region { location, info });
        s.refresh();
        saved.mode = saved.mode.marked_slow();
        saved
    })
    .unwrap_or(Saved::INERT)
}

/// The mode change of entering a region of kind `entry` where `outer` applies, on the fast path
/// (see [`Mode::entered_protecting`]). The caller has checked [`Mode::has_room`].
#[inline(always)]
fn enter(hot: &mut Hot, entry: Entry, outer: Mode, region: Region) {
    // Tests in order of frequency, not a `match`: at opt-level 0 that is a jump table.
    if let Entry::NoAlloc = entry {
        hot.mode = outer.entered_protecting(false);
        hot.region = Some(region);
    } else if let Entry::Forbid = entry {
        hot.mode = outer.entered_protecting(true);
        hot.region = Some(region);
    } else if let Entry::Allow = entry {
        hot.mode = outer.entered_lifting(CHECK_ALLOC | CHECK_DEALLOC);
    } else {
        hot.mode = outer.entered_lifting(CHECK_DEALLOC);
    }
}

/// [`enter`] anywhere: the allocator's byte is recomputed afterwards (`State::refresh`).
fn enter_slow(s: &State, entry: Entry, outer: Mode, region: Region) {
    let both = CHECK_ALLOC | CHECK_DEALLOC;
    let outer_checks = outer.checks();
    let (checks, protecting) = match entry {
        Entry::NoAlloc => (both | (outer_checks & LOCKED), true),
        Entry::Forbid => (both | LOCKED, true),
        Entry::Allow if outer_checks & LOCKED == 0 => (0, false),
        Entry::AllowDealloc if outer_checks & LOCKED == 0 => (outer_checks & !CHECK_DEALLOC, false),
        Entry::Allow | Entry::AllowDealloc => (outer_checks, false),
    };
    if protecting {
        s.set_region(Some(region));
    }
    s.set_mode(outer.entered(checks, protecting));
}

/// The first safe point of a region, the thread's set-up on its first protecting region, and
/// the nesting limit. Panics (before anything changed) to report or refuse.
#[track_caller]
#[cold]
#[inline(never)]
fn prepare_slow(protecting: bool) {
    crate::pending::report();
    end_unwinding_if_caught();
    if protecting {
        crate::violation_policy::init();
        #[cfg(feature = "std")]
        crate::backtrace_setting::init();
        crate::thread_exit::watch();
        state::with(|s| s.set_attention(s.attention() & !NOT_READY));
    }
    if state::with(|s| s.mode().has_room()) == Some(false) {
        too_deep();
    }
}

#[track_caller]
#[cold]
#[inline(never)]
fn open_budget(
    max: usize,
    info: &'static RegionInfo,
    location: &'static Location<'static>,
) -> (Saved, SavedBudget) {
    prepare_slow(true);
    let opened = state::with(|s| {
        let mode = s.mode();
        if !mode.has_budget_room() {
            return None;
        }
        let saved = Saved {
            mode: mode.marked_slow(),
            region: s.region(),
        };
        let budget = SavedBudget {
            left: s.budget_left.get(),
            max: s.budget_max.get(),
            region: s.budget_region.get(),
            entered_at: s.budget_events.get(),
            outer_base: s.budget_base.get(),
        };
        // The tightest open budget is the one reported; a looser inner one changes nothing.
        if max <= budget.left {
            s.budget_left.set(max);
            s.budget_max.set(max);
            s.budget_region.set(Some(Region { location, info }));
            s.budget_base.set(budget.entered_at);
        }
        s.set_mode(mode.entered_budget());
        s.refresh();
        Some((saved, budget))
    });
    match opened {
        Some(Some(opened)) => opened,
        Some(None) => too_deep(),
        None => (Saved::INERT, SavedBudget::INERT),
    }
}

/// Leaves a region: restores the mode, then the safe point. `s` is the state the region was
/// opened in (its guard's; null sends it down the slow path).
///
/// The common case (closed in order, nothing pending or suspended) is a handful of moves,
/// inlined into the caller, without a thread-local lookup; everything else takes
/// [`close_slow`].
#[track_caller]
#[inline(always)]
pub(crate) fn close(saved: Saved, s: *const State) {
    if s as usize != 0 {
        // SAFETY: `s` came from `state::current` on this thread (guards do not leave it), and
        // nothing else touches the state until this returns.
        let hot = unsafe { &mut *State::hot(s) };
        let depth = hot.mode.depth();
        let in_order = depth == saved.mode.depth().wrapping_add(1);
        if hot.attention == 0 && in_order && !saved.mode.is_marked_slow() {
            // Plain stores, the allocator's byte included: reading anything back here would
            // chain each region to the last one through store forwarding.
            hot.mode = saved.mode;
            hot.region = saved.region;
            return;
        }
        // The drop of a guard that `RegionGuard::exit` closed (optimised builds do not mark
        // it): nothing left to do.
        if !cfg!(debug_assertions) && depth == saved.mode.depth() {
            return;
        }
    }
    // Scalars: a `Saved` by value is passed through memory, which kept it there on the fast
    // path too.
    close_slow(saved.mode, saved.region, None);
}

/// Closed out of order (an older region closed while younger ones are still open), the older
/// region wins: the thread goes back to the state before it, and the younger guards, now stale,
/// restore nothing when they drop.
#[track_caller]
#[cold]
#[inline(never)]
fn close_slow(saved_mode: Mode, saved_region: Option<Region>, budget: Option<&SavedBudget>) {
    let saved = Saved {
        mode: saved_mode,
        region: saved_region,
    };
    let closed = state::with(|s| {
        let depth = s.mode().depth();
        if depth <= saved.mode.depth() {
            return Closed::Stale;
        }
        s.set_mode(saved.mode.unmarked());
        s.set_region(saved.region);
        if let Some(budget) = budget {
            let used = s.budget_events.get() - budget.entered_at;
            let left = match budget.left {
                usize::MAX => usize::MAX,
                left => left.saturating_sub(used as usize),
            };
            s.budget_left.set(left);
            s.budget_max.set(budget.max);
            s.budget_region.set(budget.region);
            s.budget_base.set(budget.outer_base);
        }
        // `enter_protected` regions younger than this one are closed with it.
        while let Some(top) = s.manual_len.get().checked_sub(1) {
            match s.manual[top].get() {
                Some(manual) if manual.mode.depth() >= saved.mode.depth() => {
                    s.manual[top].set(None);
                    s.manual_len.set(top);
                }
                _ => break,
            }
        }
        // A violation panic unwinding through this guard: the manual regions it uncovers are
        // unwound past too.
        if s.attention() & UNWINDING != 0 && crate::thread::panicking() {
            s.close_manual_regions_on_top();
        }
        s.refresh();
        if depth == saved.mode.depth() + 1 {
            Closed::InOrder
        } else {
            Closed::OutOfOrder
        }
    })
    .unwrap_or(Closed::InOrder);
    end_unwinding_if_caught();
    if closed == Closed::OutOfOrder && !crate::thread::panicking() {
        panic!(
            "qadapt: regions closed out of order on this thread (a guard was moved, leaked or \
             dropped early, or exit_protected() was called inside a younger region)"
        );
    }
    crate::pending::report();
}

/// Once the thread no longer unwinds, the violation panic that set `UNWINDING` was caught: the
/// manual regions still open stay open.
#[inline]
fn end_unwinding_if_caught() {
    let unwinding = state::with(|s| s.attention() & UNWINDING != 0) == Some(true);
    if unwinding && !crate::thread::panicking() {
        state::with(|s| {
            s.set_attention(s.attention() & !UNWINDING);
            s.refresh();
        });
    }
}

/// Opening one more region would overflow the thread's counts: a runaway recursion through
/// regions. Nothing has changed yet, so this panic leaves the thread as it was.
#[track_caller]
#[cold]
#[inline(never)]
fn too_deep() -> ! {
    panic!(
        "qadapt: regions nested more than {} deep on this thread",
        Mode::MAX_DEPTH
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Closed {
    InOrder,
    OutOfOrder,
    /// Already closed by an older region that closed out of order.
    Stale,
}
