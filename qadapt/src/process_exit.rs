//! A violation still pending on a thread that is inside its region when the process exits
//! (`main` returns, or `std::process::exit` is called, while that thread runs) must still be
//! heard. That thread never ends, so neither a safe point nor its exit check (`thread_exit.rs`)
//! will raise it: the process's exit does, by writing it out and aborting.
//!
//! So every thread's pending violation (`Policy::Panic`) is counted process-wide while it waits,
//! and the first one is kept with its thread's name for the message. The C runtime's exit hook
//! runs after the exiting thread's own exit check, so what it finds is another thread's.

use core::ffi::c_int;
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use crate::thread::Identity;
use crate::violation::Violation;

/// How many threads hold a violation recorded under `Policy::Panic` that no safe point has
/// raised yet.
static PENDING_THREADS: AtomicUsize = AtomicUsize::new(0);

/// One of those violations, with its thread: the one in the message at exit. Taken with
/// `try_lock` inside the allocator, which never waits (the count alone then tells).
static KEPT: spin::Mutex<Option<Kept>> = spin::Mutex::new(None);

#[derive(Clone, Copy)]
struct Kept {
    violation: Violation,
    thread: Identity,
}

static WATCHED: Once = Once::new();

unsafe extern "C" {
    /// The C runtime's exit hook (POSIX and the Windows CRT alike): runs when `main` returns or
    /// `std::process::exit` is called, after the exiting thread's thread-local destructors.
    fn atexit(callback: extern "C" fn()) -> c_int;
}

/// Runs `callback` when the process exits. `callback` must not unwind.
pub(crate) fn call_at_exit(callback: extern "C" fn()) {
    // SAFETY: `atexit` takes any `extern "C" fn()`; the callers' callbacks never unwind.
    unsafe {
        atexit(callback);
    }
}

/// Registers the process's exit check, once. Outside the allocator, with checks suspended.
pub(crate) fn watch() {
    // Miri cannot call the C runtime; its test runs never end with a thread in a region.
    if cfg!(miri) {
        return;
    }
    WATCHED.call_once(|| call_at_exit(check_at_exit));
}

/// This thread now holds a pending violation. On the allocator's slow path: no allocation, no
/// waiting.
pub(crate) fn pending(violation: &Violation) {
    PENDING_THREADS.fetch_add(1, Ordering::AcqRel);
    if let Some(mut kept) = KEPT.try_lock()
        && kept.is_none()
    {
        *kept = Some(Kept {
            violation: *violation,
            thread: crate::thread::kept(),
        });
    }
}

/// This thread's pending violation was taken, to be raised or written out. Outside the
/// allocator.
pub(crate) fn taken() {
    PENDING_THREADS.fetch_sub(1, Ordering::AcqRel);
    let thread = crate::thread::kept();
    let mut kept = KEPT.lock();
    if kept.is_some_and(|kept| kept.thread.is_same_thread(&thread)) {
        *kept = None;
    }
}

/// The exit hook: violations still pending on threads that are inside their regions.
extern "C" fn check_at_exit() {
    let threads = PENDING_THREADS.load(Ordering::Acquire);
    if threads == 0 {
        return;
    }
    let kept = *KEPT.lock();
    let first = kept.as_ref().map(|kept| (&kept.violation, &kept.thread));
    crate::messages::abort_at_process_exit(first, threads)
}
