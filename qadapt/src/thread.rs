//! Naming the current thread in messages without allocating.
//!
//! `std::thread::current()` does not use the global allocator (std guarantees it since 1.78), so it
//! is safe to call from the allocator's slow path and from region exits.

use core::fmt;

/// Writes `` on thread `name` `` (or the thread's id when it has no name).
#[cfg(feature = "std")]
pub(crate) fn write_current(f: &mut dyn fmt::Write) -> fmt::Result {
    write_thread(f, &std::thread::current())
}

/// Writes `` on thread `name` `` for a given thread: one that is exiting can no longer be asked
/// for [`std::thread::current`], so its handle is kept from earlier.
#[cfg(feature = "std")]
pub(crate) fn write_thread(f: &mut dyn fmt::Write, thread: &std::thread::Thread) -> fmt::Result {
    match thread.name() {
        Some(name) => write!(f, " on thread `{name}`"),
        None => write!(f, " on thread {:?}", thread.id()),
    }
}

/// Without std there is one thread of execution (interrupts aside): nothing to name.
#[cfg(not(feature = "std"))]
pub(crate) fn write_current(_: &mut dyn fmt::Write) -> fmt::Result {
    Ok(())
}

/// True while this thread unwinds: std's panic machinery allocates and frees, and none of that is
/// the user's doing.
#[inline]
pub(crate) fn panicking() -> bool {
    #[cfg(feature = "std")]
    {
        std::thread::panicking()
    }
    #[cfg(not(feature = "std"))]
    {
        false
    }
}
