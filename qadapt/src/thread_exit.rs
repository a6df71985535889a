//! A thread that ends with a violation that no region exit will raise must still be heard: the
//! violation is written out and the process aborts.
//!
//! The check is a thread-local destructor, registered when the thread opens its first region.
//! Thread-local destructors run in reverse order of registration, so values the thread touched
//! before that are destroyed after the check: once it has run, the thread is ending, and a
//! violation there (a destructor that opens a region) cannot wait for a safe point. Under
//! `Policy::Panic` it aborts at once, with its message (a panic from a thread-local destructor
//! would abort the process anyway).

/// Registers this thread's exit check. Called when a region opens, before the mode changes, so
/// whatever registering a thread-local destructor allocates happens unchecked.
#[cfg(feature = "std")]
#[inline]
pub(crate) fn watch() {
    if crate::state::with(|s| s.exit.get() == crate::state::UNWATCHED) == Some(true) {
        register();
    }
}

#[cfg(feature = "std")]
#[cold]
#[inline(never)]
fn register() {
    crate::state::with(|s| s.exit.set(crate::state::WATCHED));
    crate::state::suspended(|| {
        // The thread's name, kept for the messages written while it ends (it can no longer be
        // asked for safely by then).
        crate::thread::remember_current();
        let _ = WATCH.try_with(|_| ());
        // A thread still inside its region when the process exits never gets here.
        crate::process_exit::watch();
    });
}

/// Without std there is no thread exit to watch.
#[cfg(not(feature = "std"))]
pub(crate) fn watch() {}

#[cfg(feature = "std")]
use crate::messages::ExitReport;

#[cfg(feature = "std")]
std::thread_local! {
    static WATCH: ExitWatch = const { ExitWatch };
}

#[cfg(feature = "std")]
struct ExitWatch;

#[cfg(feature = "std")]
impl Drop for ExitWatch {
    fn drop(&mut self) {
        let pending = crate::state::with(|s| {
            // Whatever this thread's remaining destructors free is no longer the region's doing.
            s.set_mode(s.mode().with_checks(0));
            s.exit.set(crate::state::ENDED);
            let violation = s.pending.take();
            s.refresh();
            let violation = violation?;
            Some((violation, s.pending_more.get()))
        })
        .flatten();
        if let Some((violation, more)) = pending {
            crate::process_exit::taken();
            crate::messages::abort_at_thread_exit(&violation, more, ExitReport::RegionOpen);
        }
    }
}
