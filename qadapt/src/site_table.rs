//! The process-wide table that `Policy::Report` fills: every violating call path, counted as it
//! recurs, filed under its site once symbolized.
//!
//! A site is a region and a call path: the chain of the program's own functions that led to the
//! allocator (std's frames left out), so an allocation and its free in the same code are one
//! site, counted by kind. Each violating call is allowed and its stack walked (always, whatever
//! `RUST_BACKTRACE` says); walks of the same return addresses are counted together at once, and
//! symbolized later, outside the allocator, by a `qadapt-report` thread (symbolizing inside the
//! allocator could re-enter the symbolizer the violating code may be in the middle of: see
//! `trace.rs`). That thread writes one whole line per new site, so a run that crashes still
//! leaves the list. What `report()` and the exit make of the table is `site_report.rs`.
//!
//! Everything here runs with the thread's checks suspended; the table's lock is only ever taken
//! by qadapt, never around user code, never while symbolizing or printing.

use std::string::String;
use std::sync::Mutex;
use std::vec::Vec;

use crate::trace::{Frame, RawTrace};
use crate::violation::{Region, Violation, ViolationKind};

static TABLE: Mutex<Table> = Mutex::new(Table {
    paths: Vec::new(),
    sites: Vec::new(),
});
/// Held while sites are marked as announced and their lines written: the report thread and the
/// exit alike, so that the exit cannot pass a site that was marked but not yet printed.
static PRINTING: Mutex<()> = Mutex::new(());

struct Table {
    /// Call paths as walked inside the allocator, each counted as it recurs.
    paths: Vec<Path>,
    /// The sites the symbolized paths fell into, in the order they were first seen.
    sites: Vec<SiteEntry>,
}

/// One call path as recorded: a region and a walk's return addresses.
struct Path {
    region: Option<Region>,
    trace: Option<RawTrace>,
    counts: Counts,
    /// The first violation made along this path: its sentence and kind.
    first: String,
    first_kind: ViolationKind,
    /// The site it belongs to, once symbolized.
    site: Option<usize>,
}

/// A site: the region, and the program's own functions on the call path (its key).
struct SiteEntry {
    region: Option<Region>,
    functions: Vec<String>,
    /// The trimmed frames of the first path seen here.
    frames: Vec<Frame>,
    first: String,
    first_kind: ViolationKind,
    announced: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub(crate) allocations: usize,
    pub(crate) reallocations: usize,
    pub(crate) deallocations: usize,
    pub(crate) largest: usize,
}

impl Counts {
    pub(crate) fn add(&mut self, kind: ViolationKind, size: usize) {
        match kind {
            ViolationKind::Allocation => self.allocations += 1,
            ViolationKind::Reallocation => self.reallocations += 1,
            ViolationKind::Deallocation => self.deallocations += 1,
        }
        self.largest = self.largest.max(size);
    }

    pub(crate) fn merge(&mut self, other: Counts) {
        self.allocations += other.allocations;
        self.reallocations += other.reallocations;
        self.deallocations += other.deallocations;
        self.largest = self.largest.max(other.largest);
    }

    pub(crate) fn total(&self) -> usize {
        self.allocations + self.reallocations + self.deallocations
    }
}

/// One site as [`report()`](crate::report()) shows it: the entry and its paths' counts summed.
pub(crate) struct Summary {
    pub(crate) region: Option<Region>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) first: String,
    pub(crate) first_kind: ViolationKind,
    pub(crate) counts: Counts,
}

/// Every site, in the order first seen, after filing the paths not yet symbolized.
pub(crate) fn summaries() -> Vec<Summary> {
    settle(false);
    let table = lock();
    let mut counts = std::vec![Counts::default(); table.sites.len()];
    for path in &table.paths {
        if let Some(site) = path.site {
            counts[site].merge(path.counts);
        }
    }
    table
        .sites
        .iter()
        .zip(counts)
        .map(|(entry, counts)| Summary {
            region: entry.region,
            frames: entry.frames.clone(),
            first: entry.first.clone(),
            first_kind: entry.first_kind,
            counts,
        })
        .collect()
}

fn lock() -> std::sync::MutexGuard<'static, Table> {
    TABLE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records one violation. Runs on the allocator's slow path with checks suspended.
///
/// Only the stack's addresses are taken here; the report thread symbolizes a new path and
/// prints a new site (symbolizing inside the allocator could re-enter the symbolizer the
/// violating code may be in the middle of).
pub(crate) fn record(violation: &Violation) {
    let trace = RawTrace::capture();
    let mut table = lock();
    let known = table
        .paths
        .iter_mut()
        .find(|path| path.region == violation.region && same_path(&path.trace, &trace));
    if let Some(path) = known {
        path.counts.add(violation.kind, violation.size);
        return;
    }
    let mut counts = Counts::default();
    counts.add(violation.kind, violation.size);
    table.paths.push(Path {
        region: violation.region,
        trace,
        counts,
        first: std::format!("{violation}"),
        first_kind: violation.kind,
        site: None,
    });
    drop(table);
    announcer::wake();
}

/// Two walks of the same call path (a walk that failed matches only another failed walk).
fn same_path(a: &Option<RawTrace>, b: &Option<RawTrace>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.same_path(b),
        (None, None) => true,
        _ => false,
    }
}

/// Symbolizes every path not yet symbolized and files it under its site (a new one, or one
/// reached before by other addresses: an allocation and its free) and, with `announce`, writes
/// a line for each site not announced yet. Outside the allocator, with checks suspended; the
/// table's lock is not held while symbolizing or writing.
pub(crate) fn settle(announce: bool) {
    loop {
        let next = {
            let table = lock();
            let at = table.paths.iter().position(|path| path.site.is_none());
            at.map(|at| (at, table.paths[at].trace.clone()))
        };
        let Some((at, trace)) = next else { break };
        let frames = trace.map_or_else(Vec::new, |trace| trace.resolve().frames);
        let functions: Vec<String> = frames
            .iter()
            .filter(|f| !crate::trace::is_library_frame(&f.function))
            .map(|f| f.function.clone())
            .collect();
        let mut table = lock();
        // Filed meanwhile by another caller (the report thread and `report()` may both be
        // here): nothing left to do with it. Paths are only ever appended, so `at` still names it.
        if table.paths[at].site.is_some() {
            continue;
        }
        let region = table.paths[at].region;
        let site = match table
            .sites
            .iter()
            .position(|site| site.region == region && site.functions == functions)
        {
            Some(site) => site,
            None => {
                let path = &table.paths[at];
                let entry = SiteEntry {
                    region,
                    functions,
                    frames,
                    first: path.first.clone(),
                    first_kind: path.first_kind,
                    announced: false,
                };
                table.sites.push(entry);
                table.sites.len() - 1
            }
        };
        table.paths[at].site = Some(site);
    }
    if announce {
        let _printing = PRINTING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let lines: Vec<String> = lock()
            .sites
            .iter_mut()
            .filter(|site| !site.announced)
            .map(|site| {
                site.announced = true;
                announcement(site)
            })
            .collect();
        for line in lines {
            write_whole_line(&line);
        }
    }
}

/// The line that announces a new site: its first violation and where the program made it.
fn announcement(site: &SiteEntry) -> String {
    let mut line = std::format!(
        "qadapt: new violation site (Policy::Report): {}",
        site.first
    );
    let own = site
        .frames
        .iter()
        .find(|f| !crate::trace::is_library_frame(&f.function));
    if let Some(frame) = own {
        line.push_str(", at ");
        line.push_str(&frame.function);
        if let Some(location) = &frame.location {
            line.push_str(" (");
            line.push_str(location);
            line.push(')');
        }
    }
    line.push('\n');
    line
}

/// Writes one whole line to stderr: one write, under stderr's lock, so that it lands between
/// the lines the program writes there (`eprintln!` holds the same lock for its line).
fn write_whole_line(line: &str) {
    use std::io::Write as _;
    let stderr = std::io::stderr();
    let mut stderr = stderr.lock();
    let _ = stderr.write_all(line.as_bytes());
}

/// The thread that symbolizes new paths and announces new sites, woken by [`record`]: started
/// when the policy becomes `Report`. Without it (the spawn failed), new sites are announced at
/// exit.
pub(crate) mod announcer {
    use std::sync::OnceLock;
    use std::thread::Thread;

    static THREAD: OnceLock<Option<Thread>> = OnceLock::new();

    /// Starts the thread once. Outside the allocator, with checks suspended.
    pub(crate) fn start() {
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
