//! Regions: where allocating is forbidden, allowed again, or budgeted, per thread.
//!
//! Every region is a save/restore of the thread's mode, done by a guard, so early `return`, `?`,
//! `break` and panics always leave the thread exactly as they found it. Every region boundary,
//! and every other qadapt call, is also a *safe point*: a violation the allocator recorded is
//! reported there, outside the allocator.

use core::marker::PhantomData;
use core::panic::Location;

use crate::state::{self, CHECK_ALLOC, CHECK_DEALLOC, LOCKED, MANUAL_DEPTH, Saved, SavedBudget};
use crate::violation::{Region, RegionKind};

/// How a region changes the thread's mode.
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
    /// At most this many allocations and reallocations, across every enclosing budget.
    Budget(usize),
}

/// An open protected region; dropping it closes the region and restores the thread's previous
/// mode, then reports (panics with) the first violation made inside, if any.
///
/// Returned by [`protect`]. It is `!Send`: a region belongs to the thread that opened it.
#[must_use = "the region closes as soon as the guard is dropped; bind it: `let _guard = qadapt::protect();`"]
pub struct ProtectionGuard {
    saved: Saved,
    location: &'static Location<'static>,
    _not_send: PhantomData<*const ()>,
}

impl ProtectionGuard {
    #[inline]
    pub(crate) fn open(
        entry: Entry,
        name: Option<&'static str>,
        location: &'static Location<'static>,
    ) -> Self {
        let saved = if crate::CHECKS {
            open(entry, name, location)
        } else {
            Saved::INERT
        };
        ProtectionGuard {
            saved,
            location,
            _not_send: PhantomData,
        }
    }
}

impl Drop for ProtectionGuard {
    #[inline]
    fn drop(&mut self) {
        if crate::CHECKS {
            close(&self.saved);
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

impl Saved {
    const INERT: Saved = Saved {
        checks: 0,
        region: None,
        depth: 0,
        level: 0,
        budgets: 0,
        budget: None,
    };
}

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
#[inline]
pub fn protect() -> ProtectionGuard {
    ProtectionGuard::open(Entry::NoAlloc, None, Location::caller())
}

/// The number of protecting regions open on this thread (`protect`, `enter_protected`,
/// `assert_no_alloc!`, `forbid_alloc`, `#[no_alloc]` functions). Zero with the checks compiled out.
pub fn protection_level() -> usize {
    if !crate::CHECKS {
        return 0;
    }
    report_pending();
    state::with(|s| s.level.get()).unwrap_or(0)
}

/// How many violations this thread has made so far, under any policy (a running total).
pub fn violation_count() -> usize {
    if !crate::CHECKS {
        return 0;
    }
    state::with(|s| s.total.get()).unwrap_or(0)
}

/// Opens a protected region that lasts until the matching [`exit_protected`]: the API of
/// qadapt 1.0, for code that cannot hold a guard. Prefer [`protect`]: a guard is closed by early
/// returns and panics, this is not.
#[track_caller]
pub fn enter_protected() {
    if !crate::CHECKS {
        return;
    }
    let saved = open(Entry::NoAlloc, None, Location::caller());
    let stored = state::with(|s| {
        let len = s.manual_len.get();
        let fits = len < MANUAL_DEPTH;
        if fits {
            s.manual[len].set(Some(saved));
            s.manual_len.set(len + 1);
        }
        fits
    })
    .unwrap_or(false);
    if !stored {
        close(&saved);
        panic!("qadapt: enter_protected() nested more than {MANUAL_DEPTH} deep on this thread");
    }
}

/// Closes the region opened by the last [`enter_protected`] on this thread, and reports the
/// first violation made inside it.
///
/// # Panics
/// Without a matching `enter_protected()`, or when a guard opened after it is still alive.
#[track_caller]
pub fn exit_protected() {
    if !crate::CHECKS {
        return;
    }
    let saved = state::with(|s| {
        let len = s.manual_len.get().checked_sub(1)?;
        s.manual_len.set(len);
        s.manual[len].take()
    })
    .flatten();
    match saved {
        Some(saved) => close(&saved),
        None => {
            panic!("qadapt: exit_protected() without a matching enter_protected() on this thread")
        }
    }
}

/// Runs `f` with allocations accepted again: an escape hatch (logging while debugging, a
/// one-off lazy initialisation). Inside [`forbid_alloc`] it lifts nothing. A [`protect`] inside
/// it re-arms the checks.
pub fn allow_alloc<R>(f: impl FnOnce() -> R) -> R {
    let region = ProtectionGuard::open(Entry::Allow, None, Location::caller());
    let value = f();
    drop(region);
    value
}

/// Runs `f` with deallocations accepted, allocations still checked: dropping a message handed
/// over from another thread, say. Inside [`forbid_alloc`] it lifts nothing.
pub fn allow_dealloc<R>(f: impl FnOnce() -> R) -> R {
    let region = ProtectionGuard::open(Entry::AllowDealloc, None, Location::caller());
    let value = f();
    drop(region);
    value
}

/// Runs `f` protected, like [`protect`], except that [`allow_alloc`] and [`allow_dealloc`]
/// inside it lift nothing.
#[track_caller]
pub fn forbid_alloc<R>(f: impl FnOnce() -> R) -> R {
    let region = ProtectionGuard::open(Entry::Forbid, None, Location::caller());
    let value = f();
    drop(region);
    value
}

/// Reports a pending violation: the safe point every region boundary and qadapt call goes
/// through. Panics with the message (a `String`), or, if the thread already unwinds, writes it
/// to stderr instead of panicking twice.
#[inline]
pub(crate) fn report_pending() {
    if !crate::CHECKS {
        return;
    }
    // Not from inside qadapt's own reporting or a handler (both run suspended, possibly inside
    // the allocator): the violation waits for the next safe point.
    // SAFETY: reads the discriminant in place; `State` is `!Sync` and no reference escapes.
    let pending =
        state::with(|s| s.suspended.get() == 0 && unsafe { (*s.pending.as_ptr()).is_some() })
            .unwrap_or(false);
    if pending {
        raise_pending();
    }
}

#[cold]
#[inline(never)]
fn raise_pending() {
    let Some((violation, more)) = state::with(|s| {
        let violation = s.pending.take()?;
        Some((violation, s.pending_more.replace(0)))
    })
    .flatten() else {
        return;
    };
    #[cfg(feature = "std")]
    let trace = take_trace();
    if crate::thread::panicking() {
        crate::report::while_panicking(&violation, more);
        #[cfg(feature = "std")]
        state::suspended(|| drop(trace));
        return;
    }
    // Kept alive across the panic: the payload and the hook allocate before unwinding starts.
    let _suspension = state::Suspension::new();
    #[cfg(feature = "std")]
    {
        let message = crate::report::panic_message(&violation, more, trace.as_deref());
        drop(trace);
        std::panic::panic_any(message)
    }
    #[cfg(not(feature = "std"))]
    {
        let message = crate::report::panic_message(&violation, more);
        panic!("{message}")
    }
}

#[cfg(feature = "std")]
fn take_trace() -> Option<std::boxed::Box<crate::trace::Trace>> {
    let raw = state::with(|s| s.pending_trace.replace(core::ptr::null_mut()))?;
    // SAFETY: `pending_trace` holds null or a pointer from `Box::into_raw`, taken exactly once.
    (!raw.is_null()).then(|| unsafe { std::boxed::Box::from_raw(raw) })
}

/// Enters a region: first the safe point, then the mode change. Returns what to restore.
fn open(entry: Entry, name: Option<&'static str>, location: &'static Location<'static>) -> Saved {
    report_pending();
    if !matches!(entry, Entry::Allow | Entry::AllowDealloc) {
        crate::policy::init();
        crate::thread_exit::watch();
    }
    let region = |kind| {
        Some(Region {
            name,
            location,
            kind,
        })
    };
    state::with(|s| {
        let checks = s.checks.get();
        let saved = Saved {
            checks,
            region: s.region.get(),
            depth: s.depth.get(),
            level: s.level.get(),
            budgets: s.budgets.get(),
            budget: None,
        };
        let saved = match entry {
            Entry::NoAlloc => {
                s.checks
                    .set(CHECK_ALLOC | CHECK_DEALLOC | (checks & LOCKED));
                s.region.set(region(RegionKind::NoAlloc));
                s.level.set(saved.level + 1);
                saved
            }
            Entry::Forbid => {
                s.checks.set(CHECK_ALLOC | CHECK_DEALLOC | LOCKED);
                s.region.set(region(RegionKind::Forbid));
                s.level.set(saved.level + 1);
                saved
            }
            Entry::Allow if checks & LOCKED == 0 => {
                s.checks.set(0);
                saved
            }
            Entry::AllowDealloc if checks & LOCKED == 0 => {
                s.checks.set(checks & !CHECK_DEALLOC);
                saved
            }
            Entry::Allow | Entry::AllowDealloc => saved,
            Entry::Budget(max) => {
                let budget = SavedBudget {
                    left: s.budget_left.get(),
                    region: s.budget_region.get(),
                    entered_at: s.budget_events.get(),
                    outer_base: s.budget_base.get(),
                };
                // The tightest open budget is the one reported; a looser inner one changes nothing.
                if max <= budget.left {
                    s.budget_left.set(max);
                    s.budget_region.set(region(RegionKind::Budget(max)));
                    s.budget_base.set(budget.entered_at);
                }
                s.budgets.set(s.budgets.get() + 1);
                Saved {
                    budget: Some(budget),
                    ..saved
                }
            }
        };
        s.depth.set(saved.depth + 1);
        s.refresh();
        saved
    })
    .unwrap_or(Saved::INERT)
}

/// Leaves a region: restores the mode, then the safe point.
///
/// Closed out of order (an older region closed while younger ones are still open), the older
/// region wins: the thread goes back to the state before it, and the younger guards, now stale,
/// restore nothing when they drop.
fn close(saved: &Saved) {
    let closed = state::with(|s| {
        let depth = s.depth.get();
        if depth <= saved.depth {
            return Closed::Stale;
        }
        s.checks.set(saved.checks);
        s.region.set(saved.region);
        s.level.set(saved.level);
        s.depth.set(saved.depth);
        s.budgets.set(saved.budgets);
        if let Some(budget) = saved.budget {
            let used = s.budget_events.get() - budget.entered_at;
            let left = match budget.left {
                usize::MAX => usize::MAX,
                left => left.saturating_sub(used as usize),
            };
            s.budget_left.set(left);
            s.budget_region.set(budget.region);
            s.budget_base.set(budget.outer_base);
        }
        // `enter_protected` regions younger than this one are closed with it.
        while let Some(top) = s.manual_len.get().checked_sub(1) {
            match s.manual[top].get() {
                Some(manual) if manual.depth >= saved.depth => {
                    s.manual[top].set(None);
                    s.manual_len.set(top);
                }
                _ => break,
            }
        }
        s.refresh();
        if depth == saved.depth + 1 {
            Closed::InOrder
        } else {
            Closed::OutOfOrder
        }
    })
    .unwrap_or(Closed::InOrder);
    if closed == Closed::OutOfOrder && !crate::thread::panicking() {
        panic!(
            "qadapt: regions closed out of order on this thread (a guard was moved, leaked or \
             dropped early, or exit_protected() was called inside a younger region)"
        );
    }
    report_pending();
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Closed {
    InOrder,
    OutOfOrder,
    /// Already closed by an older region that closed out of order.
    Stale,
}
