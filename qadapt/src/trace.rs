//! The allocation site: the stack walked at the violation, symbolized later.
//!
//! The walk happens inside the allocator, in the middle of whatever the violating code was doing,
//! so it must not wait for a lock that code may hold, nor re-enter code it may be in the middle
//! of. Std's `Backtrace` fails the first rule: its capture and its symbolization share one
//! process-wide lock, held while they allocate, so a violation made inside the user's own
//! `Backtrace::capture()` (an `anyhow` error under `RUST_BACKTRACE=1`) would wait for itself
//! forever. So the stack is walked with the `backtrace` crate, whose lock a thread may take again,
//! and only the frames' addresses are kept ([`RawTrace`]). Symbolizing them is left for later,
//! outside the allocator: the region's exit, or the report thread (symbolization keeps a
//! process-wide cache that must not be re-entered by a thread already inside it).
//!
//! Both steps allocate, so both run with the thread's checks suspended. Whether a panic message
//! walks the stack at all is `backtrace_setting.rs`'s decision.

use std::string::String;
use std::vec::Vec;

/// A frame's function when the symbolizer found no name.
const UNKNOWN: &str = "<unknown>";

/// One symbolized frame (an inlined call is a frame of its own).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Frame {
    pub(crate) function: String,
    pub(crate) location: Option<String>,
}

/// A trimmed, symbolized backtrace: the first frame is the code that called the allocator.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Trace {
    pub(crate) frames: Vec<Frame>,
}

/// The stack as walked inside the allocator: return addresses, no symbols yet.
#[derive(Clone)]
pub(crate) struct RawTrace(backtrace::Backtrace);

impl RawTrace {
    /// Walks this thread's stack. Call with checks suspended: it allocates.
    ///
    /// `None` if the walk panicked (the `backtrace` crate's lock poisoned by another thread's
    /// panic): nothing may unwind out of the allocator.
    pub(crate) fn capture() -> Option<RawTrace> {
        std::panic::catch_unwind(|| RawTrace(backtrace::Backtrace::new_unresolved())).ok()
    }

    /// The same call path: the same return addresses.
    pub(crate) fn same_path(&self, other: &RawTrace) -> bool {
        let (a, b) = (self.0.frames(), other.0.frames());
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.ip() == y.ip())
    }

    /// Symbolizes and trims the frames. Call outside the allocator, with checks suspended.
    pub(crate) fn resolve(mut self) -> Trace {
        self.0.resolve();
        let cwd = std::env::current_dir().ok();
        let mut frames = Vec::new();
        for frame in self.0.frames() {
            for symbol in frame.symbols() {
                let function = match symbol.name() {
                    Some(name) => std::format!("{name:#}"),
                    None => UNKNOWN.into(),
                };
                let location = symbol.filename().map(|file| {
                    let file = cwd
                        .as_deref()
                        .and_then(|cwd| file.strip_prefix(cwd).ok())
                        .map_or_else(
                            || std::format!("{}", file.display()),
                            |relative| std::format!("./{}", relative.display()),
                        );
                    match (symbol.lineno(), symbol.colno()) {
                        (Some(line), Some(column)) => std::format!("{file}:{line}:{column}"),
                        (Some(line), None) => std::format!("{file}:{line}"),
                        _ => file,
                    }
                });
                frames.push(Frame { function, location });
            }
        }
        Trace::trimmed(frames)
    }
}

impl Trace {
    /// Drops the frames above the allocation site (the walk, qadapt, the allocator shims) and
    /// those below the runtime's entry into user code.
    fn trimmed(mut frames: Vec<Frame>) -> Trace {
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

/// Frames of the walk itself, of qadapt's check path and of the allocator shims: everything up
/// to the last of them is noise above the allocation site.
fn is_allocator_frame(function: &str) -> bool {
    function.contains("__rust_alloc")
        || function.contains("__rust_realloc")
        || function.contains("__rust_dealloc")
        || function.contains("__rg_")
        || function.contains("__rdl_")
        || function.contains("qadapt::check::")
        || function.contains("qadapt::violation_policy::")
        || function.contains("qadapt::pending::")
        || function.contains("qadapt::site_table::")
        || function.contains("as core::alloc::global::GlobalAlloc>")
}

/// Whether a frame is std's (or qadapt's) rather than the program's own: `core::`, `alloc::`,
/// `std::` paths, and `<A as B>::f` / `<A>::f` where `A` is std's or a primitive and `B` std's
/// (`<demo::Voice as core::ops::Drop>::drop` is the program's). The program's frames make a
/// site's call path: the same in the code that allocates and the code that frees.
pub(crate) fn is_library_frame(function: &str) -> bool {
    let std_path = |path: &str| {
        [
            "core::",
            "alloc::",
            "std::",
            "qadapt::",
            "backtrace::",
            "__rust",
            "__rdl_",
            "__rg_",
        ]
        .iter()
        .any(|prefix| path.starts_with(prefix))
    };
    if function == UNKNOWN {
        return false;
    }
    let Some(close) = function
        .starts_with('<')
        .then(|| crate::type_names::matching_angle(function.as_bytes()))
        .flatten()
    else {
        return std_path(function);
    };
    let inner = &function[1..close];
    let (owner, interface) = match top_level_as(inner) {
        Some(at) => (&inner[..at], Some(&inner[at + 4..])),
        None => (inner, None),
    };
    let owner = owner
        .trim_start_matches(['&', '*'])
        .trim_start_matches("mut ");
    let std_owner = std_path(owner)
        || owner.starts_with('[')
        || owner.starts_with('(')
        || owner.strip_prefix("dyn ").is_some_and(std_path)
        || !owner.contains("::");
    std_owner && interface.is_none_or(std_path)
}

/// Where ` as ` splits `A as B` outside any `<..>` of `A`.
fn top_level_as(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => depth += 1,
            b'>' if i > 0 && bytes[i - 1] == b'-' => {}
            b'>' => depth = depth.saturating_sub(1),
            b' ' if depth == 0 && text[i..].starts_with(" as ") => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(function: &str) -> Frame {
        Frame {
            function: function.into(),
            location: None,
        }
    }

    #[test]
    fn trimming_starts_at_the_code_that_asked_for_memory() {
        let frames = [
            "qadapt::trace::RawTrace::capture",
            "qadapt::pending::record",
            "qadapt::violation_policy::on_violation",
            "qadapt::check::slow",
            "<qadapt::allocator::Qadapt<A> as core::alloc::global::GlobalAlloc>::alloc",
            "__rust_alloc",
            "alloc::alloc::alloc",
            "<alloc::alloc::Global>::alloc_impl",
            "demo::work",
            "demo::main",
            "std::sys::backtrace::__rust_begin_short_backtrace",
            "std::rt::lang_start",
        ];
        let trace = Trace::trimmed(frames.iter().map(|f| frame(f)).collect());
        let names: Vec<&str> = trace.frames.iter().map(|f| f.function.as_str()).collect();
        assert_eq!(names, ["demo::work", "demo::main"]);
    }

    #[test]
    fn library_frames_are_std_paths_and_std_impls_on_std_types() {
        for std in [
            "alloc::boxed::Box<T>::new",
            "core::ptr::drop_in_place<alloc::boxed::Box<u64>>",
            "<alloc::boxed::Box<T,A> as core::ops::drop::Drop>::drop",
            "<alloc::raw_vec::RawVecInner>::finish_grow",
            "<[u8]>::to_vec",
            "<u8 as core::clone::Clone>::clone",
            "<&str as alloc::string::ToString>::to_string",
            "std::thread::Builder::spawn_unchecked_::{{closure}}",
            "qadapt::region::close",
        ] {
            assert!(is_library_frame(std), "{std}");
        }
        for own in [
            "demo::work",
            "demo::main::{{closure}}",
            "<demo::Voice as core::ops::drop::Drop>::drop",
            "<alloc::vec::Vec<u8> as demo::Ext>::grow",
            "<demo::Holder<alloc::vec::Vec<u8>>>::widen",
            "<dyn demo::Shape>::area",
            "<unknown>",
        ] {
            assert!(!is_library_frame(own), "{own}");
        }
    }
}
