//! `set_handler`: send every violation to the user's own code as it happens.

use core::sync::atomic::{AtomicPtr, Ordering};

use crate::state;
use crate::violation::Violation;

static HANDLER: AtomicPtr<()> = AtomicPtr::new(core::ptr::null_mut());

/// Calls `handler` for every violation (allocation, reallocation or deallocation) as it
/// happens, synchronously on the violating thread; the [policy](crate::Policy) still applies
/// after it.
///
/// The handler runs inside the global allocator, before the inner allocator is called, with
/// qadapt's checks suspended on that thread. So it **may** allocate (its allocations are neither
/// violations nor counted) and may call qadapt's functions. It **must not** take a lock that the
/// violating code may hold: the violation happens in the middle of the user's code, so a lock
/// held around an allocation (e.g. a `Mutex<Vec<_>>` being pushed to, or a logger's own lock if
/// the logger allocates while holding it) would deadlock. Writing to stderr, sending on a
/// pre-allocated lock-free channel, or logging through a logger that formats before locking are
/// safe. It must not panic: a panic inside the allocator is undefined behaviour, so qadapt aborts
/// the process if a handler panics.
#[track_caller]
pub fn set_handler(handler: fn(&Violation)) {
    crate::pending::report();
    HANDLER.store(handler as *mut (), Ordering::Release);
}

/// Removes the handler set by [`set_handler`].
#[track_caller]
pub fn clear_handler() {
    crate::pending::report();
    HANDLER.store(core::ptr::null_mut(), Ordering::Release);
}

pub(crate) fn call(violation: &Violation) {
    let raw = HANDLER.load(Ordering::Acquire);
    if raw.is_null() {
        return;
    }
    // SAFETY: `HANDLER` only ever holds null or a `fn(&Violation)` stored by `set_handler`.
    let handler = unsafe { core::mem::transmute::<*mut (), fn(&Violation)>(raw) };
    let _abort_on_unwind = AbortOnUnwind;
    state::suspended(|| handler(violation));
    core::mem::forget(_abort_on_unwind);
}

/// Dropped only if the handler unwinds: unwinding out of the allocator is undefined behaviour.
struct AbortOnUnwind;

impl Drop for AbortOnUnwind {
    fn drop(&mut self) {
        crate::messages::write_line(format_args!(
            "qadapt: a violation handler panicked inside the allocator; aborting"
        ));
        crate::abort::now()
    }
}
