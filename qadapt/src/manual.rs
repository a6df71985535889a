//! `enter_protected()`/`exit_protected()`: qadapt 1.0's regions, for code that cannot hold a
//! guard. Their saved states live in the thread's fixed-size record, innermost last.

use core::panic::Location;

use crate::region::{Entry, ProtectionGuard, close};
use crate::state::{self, MANUAL_DEPTH, Saved};
use crate::violation::RegionInfo;

/// Opens a protected region that lasts until the matching [`exit_protected`]: the API of
/// qadapt 1.0, for code that cannot hold a guard. Prefer [`protect`](crate::protect()): a guard
/// is closed by early returns and panics, this is not.
///
/// # When a violation panics
/// A violation raised as a panic (at the region's exit or at any earlier qadapt call on the
/// thread, the safe points) would unwind past the `exit_protected()` calls still to come. So,
/// like qadapt 1.0, qadapt ends them first: it closes the thread's open `enter_protected()`
/// regions, going down the thread's region stack from the top.
///
/// * Manual regions opened inside a guard region (`protect()`, `assert_no_alloc!`,
///   `#[no_alloc]`, ...) close when the panic starts; the guard closes itself as the panic
///   unwinds through it.
/// * A guard region opened inside a manual region is left to its guard; when the unwinding drops
///   that guard, the manual regions under it close too, and so on down the stack. A panic caught
///   inside the guard's scope leaves the manual regions under it open.
///
/// An `exit_protected()` that later finds no open region because such a panic closed it (the
/// panic was caught before the exit) does nothing: as many exits are absorbed as regions were
/// closed this way on the thread. Past that, an unmatched `exit_protected()` panics as before.
///
/// ```
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// let mut v = Vec::new();
/// let raised = std::panic::catch_unwind(move || {
///     qadapt::enter_protected();
///     v.push(0); // allocates: a violation, pending
///     qadapt::protection_level() // a safe point: raises it, and closes the region
/// });
/// assert_eq!(raised.is_err(), qadapt::is_active());
/// assert_eq!(qadapt::protection_level(), 0); // nothing left open
/// qadapt::exit_protected(); // the exit the panic skipped: absorbed
/// ```
///
/// Only qadapt's own violation panics close manual regions. A thread that ends (by returning or
/// by any other panic) with a manual region still open and a violation pending in it aborts the
/// process with the violation's message: qadapt cannot tell that panic from a forgotten
/// `exit_protected()`, and a violation is never lost.
///
/// # Panics
/// When 32 `enter_protected()` regions are already open on this thread (each one's saved state
/// lives in the thread's fixed-size record, so nothing allocates); guards nest far deeper.
#[track_caller]
pub fn enter_protected() {
    if !crate::CHECKS {
        return;
    }
    let (saved, s) =
        ProtectionGuard::open(Entry::NoAlloc, &RegionInfo::NO_ALLOC, Location::caller())
            .into_parts();
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
        close(saved, s);
        panic!("qadapt: enter_protected() nested more than {MANUAL_DEPTH} deep on this thread");
    }
}

/// Closes the region opened by the last [`enter_protected`] on this thread, and reports the
/// first violation made inside it.
///
/// An exit whose region a violation panic already closed is absorbed (see
/// [`enter_protected`]).
///
/// # Panics
/// Without a matching `enter_protected()` (and none closed by a violation panic left to absorb),
/// or when a guard opened after it is still alive.
#[track_caller]
pub fn exit_protected() {
    if !crate::CHECKS {
        return;
    }
    let exit = state::with(|s| {
        if let Some(len) = s.manual_len.get().checked_sub(1) {
            s.manual_len.set(len);
            return s.manual[len]
                .take()
                .map_or(ManualExit::Unmatched, ManualExit::Close);
        }
        match s.manual_closed_by_panic.get() {
            0 => ManualExit::Unmatched,
            closed => {
                s.manual_closed_by_panic.set(closed - 1);
                ManualExit::Absorbed
            }
        }
    })
    .unwrap_or(ManualExit::Absorbed);
    match exit {
        ManualExit::Close(saved) => close(saved, state::current()),
        ManualExit::Absorbed => crate::pending::report(),
        ManualExit::Unmatched => {
            panic!("qadapt: exit_protected() without a matching enter_protected() on this thread")
        }
    }
}

/// What an `exit_protected()` does.
enum ManualExit {
    Close(Saved),
    /// Its region was closed by a violation panic.
    Absorbed,
    Unmatched,
}
