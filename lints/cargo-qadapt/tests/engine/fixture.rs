//! Fixtures in rust-analyzer's style: a crate graph written in one string,
//! each file after a `//- /path` line, loaded with the real sysroot and
//! checked; the findings come back as one line each, to compare with the
//! expected text written beside the fixture.

use cargo_qadapt::check;
use cargo_qadapt::load::{self, LoadOptions};
use cargo_qadapt::report::CheckReport;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A directory of files, removed on drop.
pub struct Fixture {
    dir: PathBuf,
}

impl Fixture {
    /// Writes the files of `text` (`//- /app/src/lib.rs` starts a file).
    pub fn new(text: &str) -> Fixture {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "cargo-qadapt-engine-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let mut path: Option<PathBuf> = None;
        let mut content = String::new();
        let flush = |path: &Option<PathBuf>, content: &mut String| {
            if let Some(path) = path {
                let file = dir.join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, content.as_bytes()).unwrap();
            }
            content.clear();
        };
        for line in text.lines() {
            if let Some(name) = line.trim_start().strip_prefix("//- /") {
                flush(&path, &mut content);
                path = Some(PathBuf::from(name.trim()));
            } else if path.is_some() {
                content.push_str(line);
                content.push('\n');
            }
        }
        flush(&path, &mut content);
        Fixture { dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// `cargo qadapt check` of the package at `manifest` (relative).
    pub fn check(&self, manifest: &str, options: LoadOptions) -> CheckReport {
        let options = LoadOptions {
            manifest_path: Some(self.path(manifest)),
            ..options
        };
        let loaded =
            load::load(&options, &mut cargo_qadapt::progress::Silent).expect("the fixture loads");
        check::check(&loaded, &mut cargo_qadapt::progress::Silent)
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One line per finding, sorted: `root: certainty construct at
/// file:line:column via chain`.
pub fn findings(report: &CheckReport) -> String {
    let mut lines: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}: {} {} at {}:{}:{} via {}",
                d.root,
                d.certainty,
                d.construct.trim_matches('`'),
                d.location.file,
                d.location.line,
                d.location.column,
                d.chain
                    .iter()
                    .map(|link| link.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" > ")
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The notes, one line each, sorted: `id at file:line: message`.
pub fn notes(report: &CheckReport) -> String {
    let mut lines: Vec<String> = report
        .notes
        .iter()
        .map(|n| {
            format!(
                "{} at {}:{}: {}",
                n.id, n.location.file, n.location.line, n.message
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// Compares texts line by line, showing both in full on a difference.
#[track_caller]
pub fn assert_text(actual: &str, expected: &str) {
    let expected = unindent(expected);
    if actual.trim() != expected.trim() {
        panic!(
            "expected:\n{}\n\nactual:\n{}\n",
            expected.trim(),
            actual.trim()
        );
    }
}

fn unindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}
