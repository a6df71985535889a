//! Not public API: what `#[no_alloc]` and the region macros expand to.

use core::future::Future;
use core::panic::Location;

use crate::future::ProtectFuture;
use crate::region::{Entry, ProtectionGuard};

/// The runtime promise of a `#[no_alloc]` function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// `#[no_alloc]`
    Protect,
    /// `#[no_alloc(forbid)]`
    Forbid,
    /// `#[no_alloc(max = N)]`
    Budget(usize),
}

impl RegionKind {
    fn entry(self) -> Entry {
        match self {
            RegionKind::Protect => Entry::NoAlloc,
            RegionKind::Forbid => Entry::Forbid,
            RegionKind::Budget(max) => Entry::Budget(max),
        }
    }
}

/// Opens the region of a sync `#[no_alloc]` function, located at the call (spelt at the
/// function's name): the expansion binds the guard first, then rebinds the by-value arguments
/// and runs the body, so that they all drop inside the region.
#[track_caller]
#[inline]
pub fn enter(name: &'static str, kind: RegionKind) -> ProtectionGuard {
    ProtectionGuard::open(kind.entry(), Some(name), Location::caller())
}

/// Runs the body of a `#[no_alloc]` method taking `self` by value (a closure that owns `self`
/// and its by-value arguments, so they drop inside the region) and returns its value.
#[track_caller]
#[inline]
pub fn run_fn<R, F: FnOnce() -> R>(name: &'static str, kind: RegionKind, body: F) -> R {
    let region = ProtectionGuard::open(kind.entry(), Some(name), Location::caller());
    let value = body();
    drop(region);
    value
}

/// Wraps an `async fn`'s body so that every poll runs inside the named region.
#[track_caller]
pub fn run_future<R, F: Future<Output = R>>(
    name: &'static str,
    kind: RegionKind,
    future: F,
) -> ProtectFuture<F> {
    ProtectFuture::new(future, kind.entry(), Some(name), Location::caller())
}

#[track_caller]
#[inline]
pub fn allow() -> ProtectionGuard {
    ProtectionGuard::open(Entry::Allow, None, Location::caller())
}

#[track_caller]
#[inline]
pub fn forbid() -> ProtectionGuard {
    ProtectionGuard::open(Entry::Forbid, None, Location::caller())
}

#[track_caller]
#[inline]
pub fn budget(max: usize) -> ProtectionGuard {
    ProtectionGuard::open(Entry::Budget(max), None, Location::caller())
}
