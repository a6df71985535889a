//! Pending violations: the first one a region records inside the allocator, kept in the
//! thread's state until a safe point (a region boundary, any qadapt call) raises it as a panic,
//! outside the allocator, with the stack walk taken at the violation when backtraces are on.

use crate::messages::ExitReport;
use crate::mode::{PENDING, SUSPENDED, UNWINDING};
use crate::state;
use crate::violation::Violation;

/// Keeps the first violation (and, when backtraces are enabled, its site) for the region exit.
/// On a thread that is ending, no safe point may come: the violation is reported at once.
pub(crate) fn record(violation: Violation) {
    if state::thread_ending() {
        crate::messages::abort_at_thread_exit(&violation, 0, ExitReport::Ending);
    }
    let first = state::with(|s| match s.pending.get() {
        Some(_) => {
            s.pending_more.set(s.pending_more.get() + 1);
            false
        }
        None => {
            s.pending.set(Some(violation));
            s.refresh();
            true
        }
    })
    .unwrap_or(false);
    #[cfg(feature = "std")]
    if first {
        crate::process_exit::pending(&violation);
        let trace = state::suspended(|| {
            let enabled = crate::backtrace_setting::read() == crate::backtrace_setting::Setting::On;
            enabled
                .then(crate::trace::RawTrace::capture)
                .flatten()
                .map(|t| std::boxed::Box::into_raw(std::boxed::Box::new(t)))
        });
        if let Some(trace) = trace {
            state::with(|s| s.pending_trace.set(trace));
        }
    }
    #[cfg(not(feature = "std"))]
    let _ = first;
}

/// Reports a pending violation: the safe point every region boundary and qadapt call goes
/// through. Panics with the message (a `String`), or, if the thread already unwinds, writes it
/// to stderr instead of panicking twice.
#[track_caller]
#[inline]
pub(crate) fn report() {
    if !crate::CHECKS {
        return;
    }
    // Not from inside qadapt's own reporting or a handler (both run suspended, possibly inside
    // the allocator): the violation waits for the next safe point.
    let pending =
        state::with(|s| s.attention() & (PENDING | SUSPENDED) == PENDING).unwrap_or(false);
    if pending {
        raise();
    }
}

#[track_caller]
#[cold]
#[inline(never)]
fn raise() {
    let Some((violation, more)) = state::with(|s| {
        let violation = s.pending.take()?;
        s.refresh();
        Some((violation, s.pending_more.replace(0)))
    })
    .flatten() else {
        return;
    };
    #[cfg(feature = "std")]
    crate::process_exit::taken();
    #[cfg(feature = "std")]
    let trace = take_trace();
    if crate::thread::panicking() {
        crate::messages::while_panicking(&violation, more);
        #[cfg(feature = "std")]
        state::suspended(|| drop(trace));
        return;
    }
    // The panic unwinds past the `exit_protected()` of the manual regions on top of the stack:
    // close them now; those under a guard close when the unwinding drops it.
    state::with(|s| {
        s.close_manual_regions_on_top();
        if s.manual_len.get() > 0 {
            s.set_attention(s.attention() | UNWINDING);
        }
    });
    // Kept alive across the panic: the payload and the hook allocate before unwinding starts.
    let _suspension = state::Suspension::new();
    #[cfg(feature = "std")]
    {
        let message = crate::messages::panic_message(&violation, more, trace.map(|t| *t));
        std::panic::panic_any(message)
    }
    #[cfg(not(feature = "std"))]
    {
        let message = crate::messages::panic_message(&violation, more);
        panic!("{message}")
    }
}

#[cfg(feature = "std")]
fn take_trace() -> Option<std::boxed::Box<crate::trace::RawTrace>> {
    let raw = state::with(|s| s.pending_trace.replace(core::ptr::null_mut()))?;
    // SAFETY: `pending_trace` holds null or a pointer from `Box::into_raw`, taken exactly once.
    (!raw.is_null()).then(|| unsafe { std::boxed::Box::from_raw(raw) })
}
