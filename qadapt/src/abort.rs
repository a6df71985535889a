//! Ending the process from inside the allocator, where unwinding is undefined behaviour.

/// Aborts at once: no unwinding, no destructors, no allocation.
#[cfg(feature = "std")]
pub(crate) fn now() -> ! {
    std::process::abort()
}

/// Without std, `handle_alloc_error` is the portable way down: it runs the firmware's alloc error
/// handler, which halts or resets the device (firmware builds with `panic = "abort"`).
#[cfg(not(feature = "std"))]
pub(crate) fn now() -> ! {
    alloc::alloc::handle_alloc_error(core::alloc::Layout::new::<u8>())
}
