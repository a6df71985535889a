//! A thread that exits with a violation still pending (its region never closed) must still be
//! heard: the violation is written out and the process aborts.

/// Registers this thread's exit watcher. Called when a region opens, before the mode changes,
/// so whatever registering a thread-local destructor allocates happens unchecked.
#[cfg(feature = "std")]
#[inline]
pub(crate) fn watch() {
    if !crate::state::with(|s| s.exit_watched.replace(true)).unwrap_or(true) {
        register();
    }
}

#[cfg(feature = "std")]
#[cold]
#[inline(never)]
fn register() {
    crate::state::suspended(|| {
        // The thread's handle, kept to name it in the message: at exit it can no longer be asked.
        let _ = WATCH.try_with(|watch| watch.thread.set(Some(std::thread::current())));
    });
}

/// Without std there is no thread exit to watch.
#[cfg(not(feature = "std"))]
pub(crate) fn watch() {}

#[cfg(feature = "std")]
std::thread_local! {
    static WATCH: ExitWatch = const { ExitWatch { thread: core::cell::Cell::new(None) } };
}

#[cfg(feature = "std")]
struct ExitWatch {
    thread: core::cell::Cell<Option<std::thread::Thread>>,
}

#[cfg(feature = "std")]
impl Drop for ExitWatch {
    fn drop(&mut self) {
        let pending = crate::state::with(|s| {
            // Whatever this thread's remaining destructors free is no longer the region's doing.
            s.mode.set(s.mode.get().with_checks(0));
            let violation = s.pending.take();
            s.refresh();
            let violation = violation?;
            Some((violation, s.pending_more.get()))
        })
        .flatten();
        let thread = self.thread.take();
        if let Some((violation, more)) = pending {
            crate::report::abort_at_thread_exit(&violation, more, thread.as_ref());
        }
    }
}
