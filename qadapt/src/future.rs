//! `protect_future`: protection for every poll of a future, never held across an `.await`.
//!
//! A guard held inside an `async` body would stay "open" while the future is suspended, leaking
//! the mode into whatever the executor polls next on that thread. Instead, each `poll` (and the
//! final drop) opens the region and closes it before returning, so interleaved futures never see
//! each other's mode, a future may move between threads, and it stays `Send` when `F` is.

use core::future::Future;
use core::mem::ManuallyDrop;
use core::panic::Location;
use core::pin::Pin;
use core::task::{Context, Poll};

use crate::region::AnyGuard;
use crate::violation::RegionInfo;

/// A future whose every poll, and whose drop, runs inside a protected region.
/// Made by [`protect_future`].
#[must_use = "futures do nothing unless polled"]
pub struct ProtectFuture<F> {
    inner: ManuallyDrop<F>,
    info: &'static RegionInfo,
    max: usize,
    location: &'static Location<'static>,
}

/// Wraps `future` so that every poll of it is protected: allocations made while it runs are
/// violations; the executor's own work between polls is not checked.
///
/// ```
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     let mut f = std::pin::pin!(f);
/// #     let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
/// #     loop { if let std::task::Poll::Ready(v) = f.as_mut().poll(&mut cx) { return v } }
/// # }
/// let sum = block_on(qadapt::protect_future(async { [1, 2, 3].iter().sum::<i32>() }));
/// assert_eq!(sum, 6);
/// ```
#[track_caller]
pub fn protect_future<F: Future>(future: F) -> ProtectFuture<F> {
    ProtectFuture::new(future, &RegionInfo::NO_ALLOC, 0, Location::caller())
}

impl<F> ProtectFuture<F> {
    pub(crate) fn new(
        future: F,
        info: &'static RegionInfo,
        max: usize,
        location: &'static Location<'static>,
    ) -> Self {
        ProtectFuture {
            inner: ManuallyDrop::new(future),
            info,
            max,
            location,
        }
    }

    fn region(&self) -> AnyGuard {
        AnyGuard::open(self.info, self.max, self.location)
    }
}

impl<F: Future> Future for ProtectFuture<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let region = self.region();
        // SAFETY: `inner` is structurally pinned: it is never moved out of `self` (only dropped
        // in place by `Drop`), and `ProtectFuture` has no `Unpin` impl that would let it move.
        let inner = unsafe { self.map_unchecked_mut(|this| &mut *this.inner) };
        // Bound before the region closes, so a ready value is dropped if the close panics.
        let poll = inner.poll(cx);
        drop(region);
        poll
    }
}

impl<F> Drop for ProtectFuture<F> {
    fn drop(&mut self) {
        let _region = self.region();
        // SAFETY: dropped exactly once, in place (so the pinning guarantee holds), never used after.
        unsafe { ManuallyDrop::drop(&mut self.inner) }
    }
}

impl<F> core::fmt::Debug for ProtectFuture<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ProtectFuture")
            .field("name", &self.info.name)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}
