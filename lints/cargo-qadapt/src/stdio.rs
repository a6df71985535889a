//! Which standard streams were closed when the process started.
//!
//! Before `main`, Rust's runtime reopens a closed stdin, stdout or stderr on
//! `/dev/null`, so that a file opened later cannot take its number. Writing
//! to it then succeeds and goes nowhere: with stdout closed,
//! `cargo qadapt check --format json` would exit 0 having written nothing.
//! The binary runs [`record_closed_streams`] as a constructor, before the
//! runtime starts, and the console treats a stream that was closed as one
//! that cannot be written (exit code 2).

use std::sync::atomic::{AtomicU8, Ordering};

/// Bit `fd` is set when descriptor `fd` (0, 1 or 2) was closed at start.
static CLOSED: AtomicU8 = AtomicU8::new(0);

/// Records which of descriptors 0, 1 and 2 are closed. Meant to run before
/// Rust's runtime starts (see the binary's constructor); it allocates
/// nothing and makes one system call per descriptor.
pub extern "C" fn record_closed_streams() {
    #[cfg(unix)]
    for fd in 0..3 {
        // SAFETY: `F_GETFD` only reads the descriptor's flags; an invalid
        // descriptor makes it fail with `EBADF`, which is what is asked.
        if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
            CLOSED.fetch_or(1 << fd, Ordering::Relaxed);
        }
    }
}

/// Whether stdout was closed when the process started.
pub fn stdout_was_closed() -> bool {
    CLOSED.load(Ordering::Relaxed) & (1 << 1) != 0
}

/// Whether stderr was closed when the process started.
pub fn stderr_was_closed() -> bool {
    CLOSED.load(Ordering::Relaxed) & (1 << 2) != 0
}
