//! `Policy::Report`: let every violation through and keep the list of distinct sites.
//!
//! Each violating call is allowed, its stack walked (always, whatever `RUST_BACKTRACE` says),
//! and counted in one process-wide table keyed by kind and call path. A new site is symbolized
//! and printed by a `qadapt-report` thread as soon as it is seen, so a run that crashes still
//! leaves the list (symbolizing is not done inside the allocator: see `trace.rs`); call paths
//! that turn out to be the same frames are merged into one site. At process exit the table is
//! printed, and written as JSON to `$QADAPT_REPORT` when that is set, so CI can gate on an empty
//! list. Everything here runs with the thread's checks suspended; the table's lock is only ever
//! taken by qadapt, never around user code, and never while symbolizing.

use core::fmt;
use std::string::String;
use std::sync::{Mutex, Once};
use std::vec::Vec;

use crate::trace::{Frame, RawTrace};
use crate::violation::{Generics, Violation, ViolationKind};

static TABLE: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// A site in the table: the call paths that reached it (their stack addresses) and, once
/// symbolized, its frames.
struct Entry {
    id: u64,
    paths: Vec<Option<RawTrace>>,
    resolved: bool,
    announced: bool,
    site: Site,
}
static AT_EXIT: Once = Once::new();
static PRINTING: Mutex<()> = Mutex::new(());

/// One distinct place that violated a region under [`Policy::Report`](crate::Policy::Report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    kind: ViolationKind,
    count: usize,
    largest: usize,
    first: String,
    region: Option<String>,
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

    /// The first violation's sentence (region, thread, sizes), generic arguments in the region's
    /// name cut to `<..>`.
    pub fn first_violation(&self) -> &str {
        &self.first
    }

    /// The name of the region violated first, in full (generic arguments included); `None` for
    /// an anonymous region.
    pub fn region_name(&self) -> Option<&str> {
        self.region.as_deref()
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
    /// "region":"..","frames":[{"function":"..","location":".."}]}]}`
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
            out.push_str(",\"region\":");
            match &site.region {
                Some(region) => json_string(&mut out, region),
                None => out.push_str("null"),
            }
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
            return writeln!(f, "qadapt: report: no violations");
        }
        let total: usize = self.sites.iter().map(|s| s.count).sum();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let sites = self.sites.len();
        writeln!(
            f,
            "qadapt: report: {total} violation{} from {sites} site{}",
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
#[track_caller]
pub fn report() -> Report {
    crate::region::report_pending();
    let mut sites = crate::state::suspended(|| {
        settle(false);
        lock()
            .iter()
            .map(|entry| entry.site.clone())
            .collect::<Vec<_>>()
    });
    sites.sort_by_key(|site| core::cmp::Reverse(site.count));
    Report { sites }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<Entry>> {
    TABLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records one violation. Runs on the allocator's slow path with checks suspended.
///
/// Only the stack's addresses are taken here; the report thread symbolizes a new site and prints
/// it (symbolizing inside the allocator could re-enter the symbolizer the violating code may be
/// in the middle of).
pub(crate) fn record(violation: &Violation) {
    write_at_exit();
    let path = RawTrace::capture();
    let mut table = lock();
    let known = table.iter_mut().find(|entry| {
        entry.site.kind == violation.kind && entry.paths.iter().any(|p| same_path(p, &path))
    });
    match known {
        Some(entry) => {
            entry.site.count += 1;
            entry.site.largest = entry.site.largest.max(violation.size);
        }
        None => {
            let id = table.iter().map(|entry| entry.id + 1).max().unwrap_or(0);
            table.push(Entry {
                id,
                paths: std::vec![path],
                resolved: false,
                announced: false,
                site: Site {
                    kind: violation.kind,
                    count: 1,
                    largest: violation.size,
                    first: std::format!("{violation}"),
                    region: violation.region.and_then(|region| {
                        let mut name = String::new();
                        let _ = region.info.write_name(&mut name, Generics::Full);
                        (!name.is_empty()).then_some(name)
                    }),
                    frames: Vec::new(),
                },
            });
            drop(table);
            announcer::wake();
        }
    }
}

/// Two walks of the same call path (a walk that failed matches only another failed walk).
fn same_path(a: &Option<RawTrace>, b: &Option<RawTrace>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.same_path(b),
        (None, None) => true,
        _ => false,
    }
}

/// Symbolizes every site not yet symbolized (merging those that turn out to be one site reached
/// by different call paths) and, with `announce`, prints the sites not printed yet. Outside the
/// allocator, with checks suspended; the table's lock is not held while symbolizing.
fn settle(announce: bool) {
    loop {
        let next = lock()
            .iter()
            .find(|entry| !entry.resolved)
            .map(|entry| (entry.id, entry.paths[0].clone()));
        let Some((id, path)) = next else { break };
        let frames = path.map_or_else(Vec::new, |path| path.resolve().frames);
        let mut table = lock();
        // Gone (merged) or symbolized meanwhile by another caller (the report thread and
        // `report()` may both be here): nothing left to do with it.
        let Some(at) = table
            .iter()
            .position(|entry| entry.id == id && !entry.resolved)
        else {
            continue;
        };
        let kind = table[at].site.kind;
        let same = table
            .iter()
            .position(|e| e.resolved && e.site.kind == kind && e.site.frames == frames);
        match same {
            Some(into) => {
                let merged = table.remove(at);
                let into = if into > at { into - 1 } else { into };
                let site = &mut table[into];
                site.site.count += merged.site.count;
                site.site.largest = site.site.largest.max(merged.site.largest);
                site.paths.extend(merged.paths);
            }
            None => {
                table[at].site.frames = frames;
                table[at].resolved = true;
            }
        }
    }
    if announce {
        // Marking and printing as one step for the report thread and the exit alike, so that
        // the exit cannot pass a site that was marked but not yet printed. Never taken inside
        // the allocator, and the table's lock is not held while printing.
        let _printing = PRINTING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let new: Vec<Site> = lock()
            .iter_mut()
            .filter(|entry| entry.resolved && !entry.announced)
            .map(|entry| {
                entry.announced = true;
                entry.site.clone()
            })
            .collect();
        for site in new {
            let mut text = String::from("qadapt: new violation site (Policy::Report)\n");
            let _ = write_site(&mut text, 1, &site);
            use std::io::Write as _;
            let _ = std::io::stderr().write_all(text.as_bytes());
        }
    }
}

/// The thread that symbolizes and prints new sites, woken by [`record`]: started when the
/// policy becomes `Report`. Without it (the spawn failed), new sites are printed at exit.
mod announcer {
    use std::sync::OnceLock;
    use std::thread::Thread;

    static THREAD: OnceLock<Option<Thread>> = OnceLock::new();

    /// Starts the thread once. Outside the allocator, with checks suspended.
    pub(super) fn start() {
        THREAD.get_or_init(|| {
            std::thread::Builder::new()
                .name("qadapt-report".into())
                .spawn(|| {
                    loop {
                        std::thread::park();
                        crate::state::suspended(|| super::settle(true));
                    }
                })
                .ok()
                .map(|handle| handle.thread().clone())
        });
    }

    /// Wakes the thread: no allocation, no lock.
    pub(super) fn wake() {
        if let Some(Some(thread)) = THREAD.get() {
            thread.unpark();
        }
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

/// What choosing `Report` sets up, outside the allocator: the report thread, and the table's
/// print-out at exit (so that a clean run still leaves its empty list for CI).
pub(crate) fn start() {
    announcer::start();
    write_at_exit();
}

/// Makes sure the table is printed (and written to `$QADAPT_REPORT`) at exit.
fn write_at_exit() {
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
            // Sites the report thread has not printed yet, then the table.
            settle(true);
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
