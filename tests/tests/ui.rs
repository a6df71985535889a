//! The compiler's output for `#[no_alloc]`, as the user sees it (trybuild snapshots in `ui/`):
//!
//! - `ui/warn/`: every kind of finding, one warning each at the offending token, made fatal
//!   with `#![deny(deprecated)]` so that the snapshot records it;
//! - `ui/strict/`: `#[no_alloc(strict)]`, one error per finding over the whole expression;
//! - `ui/misuse/`: the attribute where it does not belong and bad options, one error each
//!   (the item is still emitted: no follow-on errors);
//! - `ui/pass/`: what must stay silent, under `#![deny(warnings)]`.
//!
//! Compiler messages change between releases, so the snapshots belong to the toolchain that
//! wrote them, recorded in `ui/TOOLCHAIN`: on any other toolchain `ui` checks nothing and prints
//! a loud `UI TESTS SKIPPED` line, which CI (on the pinned toolchain) turns into a failure. To
//! re-record: `TRYBUILD=overwrite cargo test -p qadapt-tests --test ui` (which also rewrites
//! `ui/TOOLCHAIN`), then read every changed `.stderr`.
//!
//! `snapshots_show_one_diagnostic_per_finding` checks the recorded snapshots against the cases,
//! so that a careless re-recording cannot bless a regression: in `warn/` and `strict/`, every
//! line marked `//~` (once per finding on it) gets exactly that many findings, no other line
//! gets one, nothing points at the attribute, and any other error is the case's own, marked
//! `// own error: E....` on its line; in `misuse/`, one error from the macro, next
//! to rustc's own E0658 where the attribute is not allowed at all.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `rustc --version` of the compiler cargo builds the cases with: `$RUSTC` if set, else the
/// `rustc` on `PATH` (rustup's proxy honours the `+toolchain` that cargo was started with).
fn running_rustc() -> String {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(&rustc)
        .arg("--version")
        .output()
        .unwrap_or_else(|err| panic!("cannot run {rustc:?} --version: {err}"));
    assert!(output.status.success(), "{rustc:?} --version failed");
    String::from_utf8(output.stdout)
        .expect("rustc --version is UTF-8")
        .trim()
        .to_owned()
}

#[test]
fn ui() {
    let toolchain_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/TOOLCHAIN");
    let recorded = std::fs::read_to_string(&toolchain_file)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", toolchain_file.display()));
    let recorded = recorded.trim();
    let running = running_rustc();
    let overwrite = std::env::var_os("TRYBUILD").is_some_and(|v| v == "overwrite");

    if overwrite {
        std::fs::write(&toolchain_file, format!("{running}\n")).expect("write ui/TOOLCHAIN");
    } else if recorded != running {
        // Straight to stderr: the test harness would swallow a `println!` of a passing test.
        // Loud, and one fixed line that CI looks for: a skip must not pass for a check.
        let _ = writeln!(
            std::io::stderr(),
            "\n{banner}\nUI TESTS SKIPPED: the snapshots were written with {recorded}, \
             this is {running}: nothing was checked\n{banner}\n",
            banner = "#".repeat(72)
        );
        return;
    }

    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/warn/*.rs");
    cases.compile_fail("ui/strict/*.rs");
    cases.compile_fail("ui/misuse/*.rs");
    cases.pass("ui/pass/*.rs");
}

/// The `.rs` cases of `ui/<dir>`, sorted, each with its `.stderr` snapshot's text.
fn cases(dir: &str) -> Vec<(PathBuf, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui").join(dir);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no case in {}", dir.display());
    paths
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).expect("read case");
            let snapshot = std::fs::read_to_string(path.with_extension("stderr"))
                .unwrap_or_else(|_| panic!("{} has no .stderr snapshot", path.display()));
            (path, source, snapshot)
        })
        .collect()
}

/// The diagnostics of a snapshot: (first line, line number of the primary `-->`), in order.
fn diagnostics(snapshot: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut lines = snapshot.lines().peekable();
    while let Some(line) = lines.next() {
        if !(line.starts_with("error") || line.starts_with("warning")) {
            continue;
        }
        let arrow = lines
            .by_ref()
            .find(|l| l.trim_start().starts_with("--> "))
            .unwrap_or_else(|| panic!("no location for {line:?}"));
        let line_number = arrow
            .rsplit(':')
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("bad location {arrow:?}"));
        found.push((line.to_owned(), line_number));
    }
    found
}

#[test]
fn snapshots_show_one_diagnostic_per_finding() {
    for (dir, is_finding) in [
        (
            "warn",
            (|d: &str| d.starts_with("error: use of deprecated constant `")) as fn(&str) -> bool,
        ),
        ("strict", |d: &str| {
            d.starts_with("error: ") && d.contains(" in #[no_alloc] fn `")
        }),
    ] {
        for (path, source, snapshot) in cases(dir) {
            let name = path.display();
            let expected: BTreeMap<usize, usize> = source
                .lines()
                .enumerate()
                .map(|(i, line)| (i + 1, line.matches("//~").count()))
                .filter(|&(_, n)| n > 0)
                .collect();
            let attribute_lines: Vec<usize> = source
                .lines()
                .enumerate()
                .filter(|(_, line)| line.trim_start().starts_with("#[no_alloc"))
                .map(|(i, _)| i + 1)
                .collect();
            let mut actual = BTreeMap::new();
            for (diagnostic, line) in diagnostics(&snapshot) {
                assert!(
                    !attribute_lines.contains(&line),
                    "{name}: a diagnostic points at the attribute (line {line}): {diagnostic}"
                );
                // A case's own deliberate error, marked `// own error: E0308` on its line.
                if let Some(code) = diagnostic.strip_prefix("error[").and_then(|d| d.get(..5)) {
                    let marked = source
                        .lines()
                        .nth(line - 1)
                        .is_some_and(|l| l.contains(&format!("// own error: {code}")));
                    assert!(marked, "{name}: unexpected {diagnostic}");
                    continue;
                }
                assert!(
                    is_finding(&diagnostic),
                    "{name}: not a finding: {diagnostic}"
                );
                *actual.entry(line).or_insert(0) += 1;
            }
            assert_eq!(
                actual, expected,
                "{name}: findings per line (line -> count)"
            );
            if dir == "warn" {
                assert!(source.contains("#![deny(deprecated)]"), "{name}");
            }
        }
    }
}

/// rustc's own error when the attribute sits where attributes of its kind are unstable, before
/// the macro runs (on a closure, a statement, an outlined module).
const UNSTABLE: &str = "error[E0658]: ";

/// Cases with a known extra error, reported to the macro's owner (none left: on a closure or a
/// statement, the macro's error now comes before the tokens, apart from them).
const KNOWN_CASCADE: &[&str] = &[];

#[test]
fn misuse_snapshots_show_one_error() {
    for (path, _, snapshot) in cases("misuse") {
        let name = path.display();
        let diagnostics = diagnostics(&snapshot);
        let (rustc, ours): (Vec<_>, Vec<_>) = diagnostics
            .iter()
            .partition(|(d, _)| d.starts_with("error["));
        let file = path
            .file_name()
            .and_then(|f| f.to_str())
            .unwrap_or_default();
        if KNOWN_CASCADE.contains(&file) {
            assert!(
                rustc.iter().any(|(d, _)| !d.starts_with(UNSTABLE)),
                "{name} no longer cascades: remove it from KNOWN_CASCADE"
            );
            continue;
        }
        assert_eq!(ours.len(), 1, "{name}: one error from the macro: {ours:?}");
        assert!(ours[0].0.starts_with("error: "), "{name}: {ours:?}");
        assert!(
            rustc.iter().all(|(d, _)| d.starts_with(UNSTABLE)),
            "{name}: no follow-on error: {rustc:?}"
        );
    }
}
