//! `Policy::Report`: let every violation through and keep the list of distinct sites.
//!
//! Each violating call is allowed, its site captured (always, whatever `RUST_BACKTRACE` says),
//! and counted in one process-wide table keyed by kind and frames. A site is printed the first
//! time it is seen, so a run that crashes still leaves the list; at process exit the table is
//! printed, and written as JSON to `$QADAPT_REPORT` when that is set, so CI can gate on an empty
//! list. Everything here runs with the thread's checks suspended; the table's lock is only ever
//! taken by qadapt, never around user code.

use core::fmt;
use std::string::String;
use std::sync::{Mutex, Once};
use std::vec::Vec;

use crate::trace::{Frame, Trace};
use crate::violation::{Violation, ViolationKind};

static TABLE: Mutex<Vec<Site>> = Mutex::new(Vec::new());
static AT_EXIT: Once = Once::new();

/// One distinct place that violated a region under [`Policy::Report`](crate::Policy::Report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    kind: ViolationKind,
    count: usize,
    largest: usize,
    first: String,
    frames: Vec<Frame>,
}

impl Site {
    /// Allocation, reallocation or deallocation.
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// How many violations came from this site.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The largest size seen here, in bytes.
    pub fn largest_size(&self) -> usize {
        self.largest
    }

    /// The first violation's sentence (region, thread, sizes).
    pub fn first_violation(&self) -> &str {
        &self.first
    }

    /// The functions on the stack, innermost (the allocation site) first.
    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.frames.iter().map(|f| f.function.as_str())
    }
}

/// The table of distinct violation sites seen under `Policy::Report`, most frequent first.
///
/// `Display` lists each site with its frames; [`to_json`](Report::to_json) gives one object per
/// site.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    sites: Vec<Site>,
}

impl Report {
    /// The sites, most frequent first.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// True when no violation has been seen: the CI gate.
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    /// `{"sites":[{"kind":"allocation","count":3,"largest_size":16,"first_violation":"..",
    /// "frames":[{"function":"..","location":".."}]}]}`
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"sites\":[");
        for (i, site) in self.sites.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"kind\":");
            json_string(&mut out, site.kind.as_str());
            out.push_str(&std::format!(
                ",\"count\":{},\"largest_size\":{},\"first_violation\":",
                site.count,
                site.largest
            ));
            json_string(&mut out, &site.first);
            out.push_str(",\"frames\":[");
            for (j, frame) in site.frames.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"function\":");
                json_string(&mut out, &frame.function);
                out.push_str(",\"location\":");
                match &frame.location {
                    Some(location) => json_string(&mut out, location),
                    None => out.push_str("null"),
                }
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("]}");
        out
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sites.is_empty() {
            return writeln!(f, "qadapt report: no violations");
        }
        let total: usize = self.sites.iter().map(|s| s.count).sum();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let sites = self.sites.len();
        writeln!(
            f,
            "qadapt report: {total} violation{} from {sites} site{}",
            plural(total),
            plural(sites)
        )?;
        for (rank, site) in self.sites.iter().enumerate() {
            write_site(f, rank + 1, site)?;
        }
        Ok(())
    }
}

fn write_site(f: &mut dyn fmt::Write, rank: usize, site: &Site) -> fmt::Result {
    writeln!(
        f,
        "#{rank}: {} x{} (largest {} bytes): first {}",
        site.kind, site.count, site.largest, site.first
    )?;
    for (i, frame) in site.frames.iter().enumerate() {
        writeln!(f, "  {i:>3}: {}", frame.function)?;
        if let Some(location) = &frame.location {
            writeln!(f, "         at {location}")?;
        }
    }
    Ok(())
}

/// The sites seen so far under `Policy::Report`, most frequent first.
pub fn report() -> Report {
    let mut sites = crate::state::suspended(|| lock().clone());
    sites.sort_by_key(|site| core::cmp::Reverse(site.count));
    Report { sites }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Site>> {
    TABLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records one violation. Runs on the allocator's slow path with checks suspended.
pub(crate) fn record(violation: &Violation) {
    write_at_exit();
    let trace = Trace::capture();
    let new_site = {
        let mut table = lock();
        match table
            .iter_mut()
            .find(|s| s.kind == violation.kind && s.frames == trace.frames)
        {
            Some(site) => {
                site.count += 1;
                site.largest = site.largest.max(violation.size);
                None
            }
            None => {
                let site = Site {
                    kind: violation.kind,
                    count: 1,
                    largest: violation.size,
                    first: std::format!("{violation}"),
                    frames: trace.frames,
                };
                table.push(site.clone());
                Some(site)
            }
        }
    };
    if let Some(site) = new_site {
        let mut text = String::from("qadapt: new violation site (Policy::Report)\n");
        let _ = write_site(&mut text, 1, &site);
        use std::io::Write as _;
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&std::format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

unsafe extern "C" {
    /// The C runtime's exit hook (POSIX and the Windows CRT alike): runs when `main` returns or
    /// `std::process::exit` is called.
    fn atexit(callback: extern "C" fn()) -> core::ffi::c_int;
}

/// Makes sure the table is printed (and written to `$QADAPT_REPORT`) at exit: as soon as the
/// policy is `Report`, so that a clean run still leaves its empty list for CI.
pub(crate) fn write_at_exit() {
    AT_EXIT.call_once(register_at_exit);
}

fn register_at_exit() {
    // SAFETY: `atexit` takes any `extern "C" fn()`; `at_exit` never unwinds (it catches panics).
    unsafe {
        atexit(at_exit);
    }
}

extern "C" fn at_exit() {
    let _ = std::panic::catch_unwind(|| {
        crate::state::suspended(|| {
            let report = report();
            use std::io::Write as _;
            let _ = std::io::stderr().write_all(std::format!("{report}").as_bytes());
            if let Some(path) = std::env::var_os("QADAPT_REPORT")
                && let Err(e) = std::fs::write(&path, report.to_json())
            {
                let _ = writeln!(
                    std::io::stderr(),
                    "qadapt: could not write the report to {}: {e}",
                    std::path::Path::new(&path).display()
                );
            }
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_strings() {
        let mut s = String::new();
        json_string(&mut s, "a\"b\\c\nd\u{1}");
        assert_eq!(s, "\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
