//! What `Policy::Report` shows: [`report()`], the [`Report`] of distinct [`Site`]s (the compact
//! table printed at exit, the JSON written to `$QADAPT_REPORT`), and the exit hook that prints
//! and writes them. The table itself is filled by `site_table.rs`.

use core::fmt;
use std::string::String;
use std::sync::Once;
use std::vec::Vec;

use crate::site_table::{self, Counts};
use crate::trace::Frame;
use crate::violation::{Generics, ViolationKind};

static AT_EXIT: Once = Once::new();

/// How many sites the table printed at exit lists; the rest are counted (all are in the JSON).
const TOP: usize = 10;
/// How many of a site's own functions the table shows.
const SHOWN_FRAMES: usize = 3;

/// One distinct place that violated a region under [`Policy::Report`](crate::Policy::Report):
/// a region and the call path (the program's own functions) that led to the allocator. An
/// allocation and its free in the same code are one site, counted by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    kind: ViolationKind,
    counts: Counts,
    first: String,
    region: Option<String>,
    region_location: Option<String>,
    frames: Vec<Frame>,
}

impl Site {
    /// The kind of the first violation seen here.
    pub fn kind(&self) -> ViolationKind {
        self.kind
    }

    /// How many violations came from this site, of every kind.
    pub fn count(&self) -> usize {
        self.counts.total()
    }

    /// How many of them were allocations.
    pub fn allocations(&self) -> usize {
        self.counts.allocations
    }

    /// How many of them were reallocations.
    pub fn reallocations(&self) -> usize {
        self.counts.reallocations
    }

    /// How many of them were deallocations.
    pub fn deallocations(&self) -> usize {
        self.counts.deallocations
    }

    /// The largest size seen here, in bytes.
    pub fn largest_size(&self) -> usize {
        self.counts.largest
    }

    /// The first violation's sentence (region, thread, sizes), generic arguments in the region's
    /// name cut to `<..>`.
    pub fn first_violation(&self) -> &str {
        &self.first
    }

    /// The name of the region, in full (generic arguments included); `None` for an anonymous
    /// region.
    pub fn region_name(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The functions on the stack of the first violation, innermost (the allocation site) first.
    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.frames.iter().map(|f| f.function.as_str())
    }

    /// The frames that are the program's own (std's left out), innermost first.
    fn own_frames(&self) -> impl Iterator<Item = &Frame> {
        self.frames
            .iter()
            .filter(|f| !crate::trace::is_library_frame(&f.function))
    }
}

/// The table of distinct violation sites seen under `Policy::Report`, most frequent first.
///
/// `Display` gives the compact table printed at exit (the most frequent sites, the rest
/// counted); [`to_json`](Report::to_json) gives everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    sites: Vec<Site>,
    unchecked: Option<&'static str>,
}

impl Report {
    /// The sites, most frequent first.
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// True when no violation has been seen: the CI gate (see [`checked`](Self::checked)).
    pub fn is_empty(&self) -> bool {
        self.sites.is_empty()
    }

    /// Whether anything was checked: false when the checks are compiled out of this build, or
    /// when [`Qadapt`](crate::Qadapt) is not the global allocator. An empty report proves
    /// nothing then.
    pub fn checked(&self) -> bool {
        self.unchecked.is_none()
    }

    /// Every site as JSON: `{"checked":true,"violations":N,"sites":[{"region":"..",
    /// "region_location":"..","count":N,"allocations":N,"reallocations":N,"deallocations":N,
    /// "largest_size":N,"kind":"..","first_violation":"..","frames":[{"function":"..",
    /// "location":".."}]}]}`. Region names are in full (generic arguments included).
    pub fn to_json(&self) -> String {
        use fmt::Write as _;
        let mut out = String::new();
        let total: usize = self.sites.iter().map(Site::count).sum();
        let _ = write!(
            out,
            "{{\"checked\":{},\"violations\":{total},\"sites\":[",
            self.checked()
        );
        for (i, site) in self.sites.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"region\":");
            json_option(&mut out, site.region.as_deref());
            out.push_str(",\"region_location\":");
            json_option(&mut out, site.region_location.as_deref());
            let c = &site.counts;
            let _ = write!(
                out,
                ",\"count\":{},\"allocations\":{},\"reallocations\":{},\"deallocations\":{},\
                 \"largest_size\":{},\"kind\":",
                c.total(),
                c.allocations,
                c.reallocations,
                c.deallocations,
                c.largest
            );
            json_string(&mut out, site.kind.as_str());
            out.push_str(",\"first_violation\":");
            json_string(&mut out, &site.first);
            out.push_str(",\"frames\":[");
            for (j, frame) in site.frames.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"function\":");
                json_string(&mut out, &frame.function);
                out.push_str(",\"location\":");
                json_option(&mut out, frame.location.as_deref());
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
        if let Some(why) = self.unchecked {
            return writeln!(f, "qadapt: report: nothing was checked ({why})");
        }
        if self.sites.is_empty() {
            return writeln!(f, "qadapt: report: no violations");
        }
        let mut all = Counts::default();
        for site in &self.sites {
            all.merge(site.counts);
        }
        writeln!(
            f,
            "qadapt: report: {} at {}: {}",
            Plural(all.total(), "violation"),
            Plural(self.sites.len(), "site"),
            ByKind(&all)
        )?;
        for (rank, site) in self.sites.iter().take(TOP).enumerate() {
            write!(
                f,
                "  #{}: {} ({})",
                rank + 1,
                ByKind(&site.counts),
                Size(site)
            )?;
            match (&site.region, &site.region_location) {
                (Some(_), Some(location)) => {
                    f.write_str(" in region `")?;
                    write_cut(f, site.region.as_deref().unwrap_or_default())?;
                    writeln!(f, "` ({location})")?;
                }
                (None, Some(location)) => writeln!(f, " in the region at {location}")?,
                _ => writeln!(f)?,
            }
            let mut frames = site.own_frames().take(SHOWN_FRAMES).peekable();
            if frames.peek().is_some() {
                f.write_str("      at ")?;
                for (i, frame) in frames.enumerate() {
                    if i > 0 {
                        f.write_str(" <- ")?;
                    }
                    f.write_str(&frame.function)?;
                    if let Some(location) = &frame.location {
                        write!(f, " ({location})")?;
                    }
                }
                writeln!(f)?;
            }
        }
        if self.sites.len() > TOP {
            let rest = &self.sites[TOP..];
            let violations: usize = rest.iter().map(Site::count).sum();
            writeln!(
                f,
                "  and {} more ({}): all of them are in the QADAPT_REPORT file",
                Plural(rest.len(), "site"),
                Plural(violations, "violation")
            )?;
        }
        Ok(())
    }
}

/// `N thing` or `N things`.
struct Plural(usize, &'static str);

impl fmt::Display for Plural {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.0 == 1 { "" } else { "s" };
        write!(f, "{} {}{s}", self.0, self.1)
    }
}

/// `2 allocations, 1 deallocation`: the kinds that occurred.
struct ByKind<'a>(&'a Counts);

impl fmt::Display for ByKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = [
            (self.0.allocations, "allocation"),
            (self.0.reallocations, "reallocation"),
            (self.0.deallocations, "deallocation"),
        ];
        let mut first = true;
        for (count, kind) in kinds {
            if count > 0 {
                if !first {
                    f.write_str(", ")?;
                }
                first = false;
                write!(f, "{}", Plural(count, kind))?;
            }
        }
        Ok(())
    }
}

/// `largest 8 bytes`.
struct Size<'a>(&'a Site);

impl fmt::Display for Size<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.counts.largest;
        write!(f, "largest {n} byte{}", if n == 1 { "" } else { "s" })
    }
}

fn write_cut(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    crate::type_names::write_cut(f, name)
}

/// The sites seen so far under `Policy::Report`, most frequent first.
#[track_caller]
pub fn report() -> Report {
    crate::pending::report();
    let unchecked = unchecked();
    let mut sites = crate::state::suspended(|| {
        site_table::summaries()
            .into_iter()
            .map(|entry| Site {
                kind: entry.first_kind,
                counts: entry.counts,
                first: entry.first,
                region: entry.region.and_then(|region| {
                    let mut name = String::new();
                    let _ = region.info.write_name(&mut name, Generics::Full);
                    (!name.is_empty()).then_some(name)
                }),
                region_location: entry
                    .region
                    .map(|region| std::format!("{}", region.location)),
                frames: entry.frames,
            })
            .collect::<Vec<_>>()
    });
    // Stable: sites of equal counts stay in the order they were first seen.
    sites.sort_by_key(|site| core::cmp::Reverse(site.count()));
    Report { sites, unchecked }
}

/// Why nothing can have been checked, if so.
fn unchecked() -> Option<&'static str> {
    if !crate::CHECKS {
        Some(
            "qadapt's checks are compiled out of this build: debug_assertions and feature `always` are off",
        )
    } else if !crate::is_active() {
        Some("`Qadapt` is not this program's global allocator")
    } else {
        None
    }
}

fn json_option(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => json_string(out, s),
        None => out.push_str("null"),
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

/// What choosing `Report` sets up, outside the allocator: the report thread (when the checks
/// are compiled in), and the table's print-out at exit (so that a clean run still leaves its
/// empty list for CI, and a build without checks says that nothing was checked).
pub(crate) fn start() {
    if crate::CHECKS {
        site_table::announcer::start();
    }
    write_at_exit();
}

/// Makes sure the table is printed (and written to `$QADAPT_REPORT`) at exit.
fn write_at_exit() {
    AT_EXIT.call_once(register_at_exit);
}

fn register_at_exit() {
    // `at_exit` never unwinds: it catches panics.
    crate::process_exit::call_at_exit(at_exit);
}

extern "C" fn at_exit() {
    let _ = std::panic::catch_unwind(|| {
        crate::state::suspended(|| {
            // Sites the report thread has not announced yet, then the table.
            site_table::settle(true);
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

    #[test]
    fn kinds_are_listed_when_they_occurred() {
        let mut counts = Counts::default();
        counts.add(ViolationKind::Allocation, 8);
        counts.add(ViolationKind::Deallocation, 8);
        counts.add(ViolationKind::Deallocation, 16);
        assert_eq!(
            std::format!("{}", ByKind(&counts)),
            "1 allocation, 2 deallocations"
        );
        assert_eq!((counts.total(), counts.largest), (3, 16));
    }
}
