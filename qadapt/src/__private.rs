//! Not public API: what `#[no_alloc]` and the region macros expand to.

use core::future::Future;
use core::panic::Location;

/// Chooses between the guarded and the plain body of a `#[no_alloc]` function.
pub use crate::__checked_or_plain as checked_or_plain;
/// Closes a region on the normal path (a call, located at the macro).
pub use crate::__exit as exit;
use crate::future::ProtectFuture;
use crate::region::{AnyGuard, Entry, ProtectionGuard};
pub use crate::region::{BudgetGuard, RegionGuard};
pub use crate::violation::{RegionInfo, RegionKind};

/// Opens the region of a sync `#[no_alloc]` or `#[no_alloc(forbid)]` function, located at the
/// call (spelt at the function's name): the expansion binds the guard first, then rebinds the
/// by-value arguments and runs the body, so that they all drop inside the region. `region` is a
/// promoted constant. Out of line in debug builds, so that a crate of many
/// annotated functions calls it rather than compiling its inlined copies.
#[track_caller]
#[cfg_attr(not(debug_assertions), inline)]
pub fn enter(region: &'static RegionInfo) -> ProtectionGuard {
    let entry = if let RegionKind::Forbid = region.kind {
        Entry::Forbid
    } else {
        Entry::NoAlloc
    };
    ProtectionGuard::open(entry, region, Location::caller())
}

/// Closes a region on the normal path of `#[no_alloc]` and the region macros, located at the
/// call (so a violation's panic names the user's function or macro, not qadapt's `Drop`).
#[track_caller]
#[inline(always)]
pub fn exit<G: RegionGuard>(guard: &mut G) {
    guard.exit()
}

/// [`exit()`] for optimised builds: the guard by value, closed once (not dropped after).
#[track_caller]
#[inline(always)]
pub fn exit_owned<G: RegionGuard>(guard: G) {
    core::mem::ManuallyDrop::new(guard).exit()
}

/// [`enter`] for `#[no_alloc(max = N)]`.
#[track_caller]
pub fn enter_budget(region: &'static RegionInfo, max: usize) -> BudgetGuard {
    BudgetGuard::open(max, region, Location::caller())
}

/// Runs the body of a `#[no_alloc]` method taking `self` by value (a closure that owns `self`
/// and its by-value arguments, so they drop inside the region) and returns its value. `max` is
/// the budget of a budget region.
#[track_caller]
#[inline]
pub fn run_fn<R, F: FnOnce() -> R>(region: &'static RegionInfo, max: usize, body: F) -> R {
    let mut guard = AnyGuard::open(region, max, Location::caller());
    let value = body();
    guard.exit();
    value
}

/// Wraps an `async fn`'s body so that every poll runs inside the named region.
#[track_caller]
pub fn run_future<R, F: Future<Output = R>>(
    region: &'static RegionInfo,
    max: usize,
    future: F,
) -> ProtectFuture<F> {
    ProtectFuture::new(future, region, max, Location::caller())
}

#[track_caller]
#[cfg_attr(not(debug_assertions), inline)]
pub fn allow() -> ProtectionGuard {
    ProtectionGuard::open(Entry::Allow, &RegionInfo::NO_ALLOC, Location::caller())
}

#[track_caller]
#[cfg_attr(not(debug_assertions), inline)]
pub fn forbid() -> ProtectionGuard {
    ProtectionGuard::open(Entry::Forbid, &RegionInfo::FORBID, Location::caller())
}

#[track_caller]
pub fn budget(max: usize) -> BudgetGuard {
    BudgetGuard::open(max, &RegionInfo::BUDGET, Location::caller())
}
