//! The global-allocator wrapper.

use core::alloc::{GlobalAlloc, Layout};

use crate::check;

/// A global allocator that checks every call against the calling thread's protected regions,
/// then forwards it to the inner allocator `A`.
///
/// ```
/// use qadapt::QADAPT;
///
/// #[global_allocator]
/// static Q: QADAPT = QADAPT;
/// # fn main() {}
/// ```
///
/// Any allocator can be wrapped; `new` is a `const fn`:
///
/// ```
/// use std::alloc::System;
/// use qadapt::Qadapt;
///
/// #[global_allocator]
/// static Q: Qadapt<System> = Qadapt::new(System);
/// # fn main() {}
/// ```
///
/// With the checks compiled out (release builds without feature `always`), every method is a
/// plain `#[inline]` call of the inner allocator: no thread-local read, nothing else.
#[cfg(feature = "std")]
pub struct Qadapt<A = std::alloc::System> {
    inner: A,
}

/// A global allocator that checks every call against the protected regions, then forwards it
/// to the inner allocator `A` (without `std`, name your heap: `Qadapt<MyHeap>`).
#[cfg(not(feature = "std"))]
pub struct Qadapt<A> {
    inner: A,
}

impl<A> Qadapt<A> {
    /// Wraps `inner`.
    pub const fn new(inner: A) -> Self {
        Qadapt { inner }
    }

    /// The wrapped allocator.
    pub const fn inner(&self) -> &A {
        &self.inner
    }
}

/// `Qadapt` over the system allocator, as a type: `static Q: QADAPT = QADAPT;`.
#[cfg(feature = "std")]
#[allow(non_camel_case_types)]
pub type QADAPT = Qadapt<std::alloc::System>;

/// `Qadapt` over the system allocator, as a value: `static Q: QADAPT = QADAPT;`.
#[cfg(feature = "std")]
pub const QADAPT: QADAPT = Qadapt::new(std::alloc::System);

// SAFETY: every method forwards to the inner allocator with the caller's arguments unchanged, so
// `A`'s guarantees are ours. The checks before forwarding never allocate through this allocator
// (except with checks suspended, where they pass straight through), never unwind, and leave the
// arguments alone.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Qadapt<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check::before_alloc(layout);
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { self.inner.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check::before_alloc(layout);
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::alloc_zeroed`'s contract.
        unsafe { self.inner.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check::before_realloc(layout, new_size);
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { self.inner.realloc(ptr, layout, new_size) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        check::before_dealloc(layout);
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { self.inner.dealloc(ptr, layout) }
    }
}
