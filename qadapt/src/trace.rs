//! The allocation site: a backtrace taken at the violation, trimmed to the user's frames.
//!
//! Capturing allocates, so it always runs with checks suspended (the allocator re-enters itself
//! and passes straight through); it runs before the inner allocator is called, so no lock of the
//! inner allocator is held. Std's `Backtrace` has no stable frame API, so the frames are read
//! back from its `Display` text.

use std::backtrace::{Backtrace, BacktraceStatus};
use std::string::String;
use std::vec::Vec;

/// One symbolized frame.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Frame {
    pub(crate) function: String,
    pub(crate) location: Option<String>,
}

/// A trimmed backtrace: the first frame is the code that called the allocator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Trace {
    pub(crate) frames: Vec<Frame>,
}

impl Trace {
    /// Captures a trace if std's convention enables backtraces (`RUST_LIB_BACKTRACE`, then
    /// `RUST_BACKTRACE`), as `Backtrace::capture` decides. Call with checks suspended.
    pub(crate) fn capture_if_enabled() -> Option<Trace> {
        let backtrace = Backtrace::capture();
        (backtrace.status() == BacktraceStatus::Captured).then(|| Trace::from_backtrace(&backtrace))
    }

    /// Captures a trace whatever the environment says. Call with checks suspended.
    pub(crate) fn capture() -> Trace {
        Trace::from_backtrace(&Backtrace::force_capture())
    }

    fn from_backtrace(backtrace: &Backtrace) -> Trace {
        let text = std::format!("{backtrace}");
        let mut frames = parse(&text);
        let user = frames
            .iter()
            .rposition(|f| is_allocator_frame(&f.function))
            .map_or(0, |i| i + 1);
        frames.drain(..user);
        // The global allocator's own front door (`alloc::alloc::alloc`, `Global::alloc_impl`, ...)
        // says nothing about the site: start at the first frame that asked for memory.
        let front_door = frames
            .iter()
            .take_while(|f| {
                f.function.starts_with("alloc::alloc::")
                    || f.function.starts_with("<alloc::alloc::Global")
            })
            .count();
        frames.drain(..front_door);
        // Like std's short backtraces: nothing below the runtime's entry into user code.
        if let Some(end) = frames
            .iter()
            .position(|f| f.function.contains("__rust_begin_short_backtrace"))
        {
            frames.truncate(end);
        }
        Trace { frames }
    }

    /// Writes the frames, numbered from the allocation site, indented for a panic message.
    pub(crate) fn write_to(&self, out: &mut String, indent: &str) {
        use core::fmt::Write;
        for (i, frame) in self.frames.iter().enumerate() {
            let _ = writeln!(out, "{indent}{i:>3}: {}", frame.function);
            if let Some(location) = &frame.location {
                let _ = writeln!(out, "{indent}       at {location}");
            }
        }
    }
}

/// Frames of the capture itself, of qadapt's check path and of the allocator shims: everything
/// up to the last of them is noise above the allocation site.
fn is_allocator_frame(function: &str) -> bool {
    function.contains("__rust_alloc")
        || function.contains("__rust_realloc")
        || function.contains("__rust_dealloc")
        || function.contains("__rg_")
        || function.contains("__rdl_")
        || function.contains("qadapt::check::")
        || function.contains("qadapt::policy::")
        || function.contains("as core::alloc::global::GlobalAlloc>")
}

/// Reads std's `Backtrace` display format: `  N: function` lines, each optionally followed by
/// `at file:line:col`.
fn parse(text: &str) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(location) = line.strip_prefix("at ") {
            if let Some(frame) = frames.last_mut()
                && frame.location.is_none()
            {
                frame.location = Some(location.into());
            }
        } else if let Some((index, function)) = line.split_once(": ")
            && !index.is_empty()
            && index.bytes().all(|b| b.is_ascii_digit())
        {
            frames.push(Frame {
                function: function.into(),
                location: None,
            });
        }
    }
    frames
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_trims_std_format() {
        let text = "   0: std::backtrace::Backtrace::capture\n             at /rustc/x/backtrace.rs:1:2\n   1: qadapt::check::slow\n   2: __rust_alloc\n   3: demo::work\n             at src/main.rs:12:5\n   4: main\n";
        let mut frames = parse(text);
        assert_eq!(frames.len(), 5);
        assert_eq!(
            frames[0].location.as_deref(),
            Some("/rustc/x/backtrace.rs:1:2")
        );
        let user = frames
            .iter()
            .rposition(|f| is_allocator_frame(&f.function))
            .unwrap()
            + 1;
        frames.drain(..user);
        // The global allocator's own front door (`alloc::alloc::alloc`, `Global::alloc_impl`, ...)
        // says nothing about the site: start at the first frame that asked for memory.
        let front_door = frames
            .iter()
            .take_while(|f| {
                f.function.starts_with("alloc::alloc::")
                    || f.function.starts_with("<alloc::alloc::Global")
            })
            .count();
        frames.drain(..front_door);
        assert_eq!(frames[0].function, "demo::work");
        assert_eq!(frames[0].location.as_deref(), Some("src/main.rs:12:5"));
    }
}
