//! Every message qadapt prints or panics with, all starting with `qadapt:`, and the sentence a
//! violation reads as (its `Display`).
//!
//! Lines written while checks may be live (the `Log` and `Abort` policies, write-outs at thread
//! exit) are formatted into a stack buffer and written to stderr in one call: no allocation.
//! The region-exit panic message is a `String`, built with checks suspended.

use core::fmt::{self, Write};

use crate::violation::{Generics, RegionKind, Violation, ViolationKind};

/// The sentence: kind, sizes, the region (its name, generic arguments cut, and where it was
/// entered) and the thread, e.g. ``reallocation of 8 -> 16 bytes (align 4) inside no-alloc
/// region `demo::process` (src/main.rs:12:5) on thread `main` ``. Allocation-free.
impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", WithoutThread(self))?;
        crate::thread::write_current(f)
    }
}

/// The sentence without its thread: for a violation written out on another thread than the one
/// that made it.
pub(crate) struct WithoutThread<'a>(pub(crate) &'a Violation);

impl fmt::Display for WithoutThread<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let WithoutThread(violation) = *self;
        violation.write_what_and_where(f)
    }
}

impl Violation {
    fn write_what_and_where(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ViolationKind::Reallocation => write!(
                f,
                "reallocation of {} -> {} {} (align {})",
                self.old_size,
                self.size,
                bytes(self.size),
                self.align
            )?,
            kind => write!(
                f,
                "{kind} of {} {} (align {})",
                self.size,
                bytes(self.size),
                self.align
            )?,
        }
        match self.region {
            Some(region) => {
                match region.info.kind {
                    RegionKind::NoAlloc => f.write_str(" inside no-alloc region")?,
                    RegionKind::Forbid => f.write_str(" inside forbid-alloc region")?,
                    RegionKind::Budget => write!(f, " is number {} in region", self.count)?,
                }
                if region.info.name.is_some() {
                    f.write_str(" `")?;
                    region.info.write_name(f, Generics::Cut)?;
                    f.write_str("`")?;
                }
                // The budget after the name: "in region `parse` with a budget of 2".
                if region.info.kind == RegionKind::Budget {
                    write!(f, " with a budget of {}", self.max)?;
                }
                write!(f, " ({})", region.location)?;
            }
            None => f.write_str(" inside a protected region")?,
        }
        Ok(())
    }
}

/// "byte" or "bytes".
fn bytes(count: usize) -> &'static str {
    if count == 1 { "byte" } else { "bytes" }
}

/// A fixed buffer that `core::fmt` writes into; what does not fit is cut (at a char boundary)
/// and marked with `...`.
pub(crate) struct StackWriter<const N: usize> {
    buf: [u8; N],
    len: usize,
    truncated: bool,
}

impl<const N: usize> StackWriter<N> {
    pub(crate) const fn new() -> Self {
        StackWriter {
            buf: [0; N],
            len: 0,
            truncated: false,
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        // SAFETY: `write_str` only ever copies whole chars of valid `&str`s into `buf[..len]`.
        unsafe { core::str::from_utf8_unchecked(&self.buf[..self.len]) }
    }

    /// Ends the text with a newline, replacing the tail with `...` if it was cut.
    pub(crate) fn finish_line(&mut self) -> &str {
        const TAIL: &str = "...\n";
        if self.truncated || self.len == N {
            let mut end = N.saturating_sub(TAIL.len()).min(self.len);
            while !self.as_str().is_char_boundary(end) {
                end -= 1;
            }
            self.len = end;
            self.truncated = false;
            let _ = self.write_str(TAIL);
        } else if self.len < N {
            self.buf[self.len] = b'\n';
            self.len += 1;
        }
        self.as_str()
    }
}

impl<const N: usize> Write for StackWriter<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = N - self.len;
        let mut take = s.len().min(room);
        while !s.is_char_boundary(take) {
            take -= 1;
        }
        self.buf[self.len..self.len + take].copy_from_slice(&s.as_bytes()[..take]);
        self.len += take;
        if take < s.len() {
            self.truncated = true;
        }
        Ok(())
    }
}

/// Writes one line to stderr without allocating. Without std there is nowhere to write: the
/// [handler](crate::set_handler) is the way out.
pub(crate) fn write_line(args: fmt::Arguments<'_>) {
    let mut line = StackWriter::<1024>::new();
    let _ = line.write_fmt(args);
    let _text = line.finish_line();
    #[cfg(feature = "std")]
    {
        use std::io::Write as _;
        // `Stderr` is unbuffered and allocation-free; a failed write has nowhere to be reported.
        let _ = std::io::stderr().write_all(_text.as_bytes());
    }
}

/// `Policy::Log`: one line per violation, then carry on.
pub(crate) fn log(violation: &Violation) {
    write_line(format_args!("qadapt: {violation}"));
}

/// `Policy::Abort`: the message, then the process ends at once.
pub(crate) fn abort(violation: &Violation) -> ! {
    write_line(format_args!(
        "qadapt: {violation}; aborting (Policy::Abort)"
    ));
    crate::abort::now()
}

/// Why a violation is reported when its thread ends.
#[cfg_attr(not(feature = "std"), allow(dead_code))]
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitReport {
    /// It was pending when the thread ended: its region never closed.
    RegionOpen,
    /// It was made after the thread's exit check, by a thread-local destructor.
    Ending,
}

/// A violation reported when its thread ends: still pending (its region never closed), or made
/// after the thread's exit check.
pub(crate) fn abort_at_thread_exit(violation: &Violation, more: usize, why: ExitReport) -> ! {
    let tail = match why {
        ExitReport::RegionOpen => "the thread exited before its region did, so it is reported here",
        ExitReport::Ending => {
            "made while the thread was ending, after qadapt's exit check, so it is reported here"
        }
    };
    write_line(format_args!(
        "qadapt: {violation}{}; {tail}; aborting",
        More(more)
    ));
    crate::abort::now()
}

/// Violations still pending on `threads` threads that were inside their regions when the
/// process exited: the first one kept, with its thread, or their count.
#[cfg(feature = "std")]
pub(crate) fn abort_at_process_exit(
    first: Option<(&Violation, &crate::thread::Identity)>,
    threads: usize,
) -> ! {
    const WHY: &str = "the process exited while its thread was still inside the region, so it is \
                       reported here; aborting";
    match first {
        Some((violation, thread)) if threads > 1 => write_line(format_args!(
            "qadapt: {}{thread}; violations are pending on {} more thread(s) too; {WHY}",
            WithoutThread(violation),
            threads - 1
        )),
        Some((violation, thread)) => write_line(format_args!(
            "qadapt: {}{thread}; {WHY}",
            WithoutThread(violation)
        )),
        None => write_line(format_args!(
            "qadapt: violations are pending on {threads} thread(s) still inside their regions when \
             the process exited; aborting"
        )),
    }
    crate::abort::now()
}

/// A violation found pending while the thread already unwinds from another panic: a second panic
/// would abort the process, so the violation is written out instead.
pub(crate) fn while_panicking(violation: &Violation, more: usize) {
    write_line(format_args!(
        "qadapt: {violation}{} (not raised: the thread is already panicking)",
        More(more)
    ));
}

/// `; N more violations`, or nothing.
pub(crate) struct More(pub(crate) usize);

impl fmt::Display for More {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => Ok(()),
            1 => f.write_str("; 1 more violation"),
            n => write!(f, "; {n} more violations"),
        }
    }
}

/// The region-exit panic message. Call with checks suspended: it allocates.
#[cfg(feature = "std")]
pub(crate) fn panic_message(
    violation: &Violation,
    more: usize,
    trace: Option<crate::trace::RawTrace>,
) -> std::string::String {
    use crate::backtrace_setting::Setting;
    let mut message = std::format!("qadapt: {violation}{}", More(more));
    match trace.map(crate::trace::RawTrace::resolve) {
        Some(trace) if !trace.frames.is_empty() => {
            message.push_str("\n   first violation at:\n");
            trace.write_to(&mut message, "  ");
        }
        Some(_) => {}
        None => {
            let hint = match crate::backtrace_setting::read() {
                Setting::Off => "set RUST_BACKTRACE=1 to see where the first violation was made",
                Setting::OffForLibraries => {
                    "set RUST_LIB_BACKTRACE=1 to see where the first violation was made"
                }
                Setting::On => "the stack could not be walked at the first violation",
            };
            message.push_str(&std::format!("\n   ({hint})"));
        }
    }
    message
}

/// Without std there are no backtraces: the message is the sentence alone.
#[cfg(not(feature = "std"))]
pub(crate) fn panic_message(violation: &Violation, more: usize) -> alloc::string::String {
    alloc::format!("qadapt: {violation}{}", More(more))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_writer_cuts_long_text_at_a_char_boundary() {
        let mut w = StackWriter::<16>::new();
        let _ = w.write_str("héllo wörld, and much more");
        let line = w.finish_line();
        assert!(line.ends_with("...\n"), "{line:?}");
        assert!(line.len() <= 16);
    }

    #[test]
    fn stack_writer_keeps_short_text() {
        let mut w = StackWriter::<64>::new();
        let _ = write!(w, "qadapt: {}", 42);
        assert_eq!(w.finish_line(), "qadapt: 42\n");
    }

    #[test]
    fn more_counts_in_words() {
        assert_eq!(std::format!("{}", More(0)), "");
        assert_eq!(std::format!("{}", More(1)), "; 1 more violation");
        assert_eq!(std::format!("{}", More(3)), "; 3 more violations");
    }
}
