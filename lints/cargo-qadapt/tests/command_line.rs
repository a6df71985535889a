//! The command line's settings: validated, carried, and what they change
//! in the output (notes, progress, test code).

mod common;

use common::{assert_contains, assert_lacks, manifest, run};
use serde_json::Value;

#[test]
fn cargo_settings_are_accepted_and_carried() {
    let manifest = manifest("dsp");
    let run = run(&[
        "check",
        "--manifest-path",
        &manifest,
        "--features",
        "std alloc,serde/std",
        "-F",
        "extra",
        "--all-features",
        "--no-default-features",
        "--target",
        "thumbv7em-none-eabihf",
        "--root",
        "crate::dsp::mix",
        "--root",
        "heapless::Vec::push",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The engine loads the workspace with them: nothing is left unapplied,
    // and `--root` makes `mix` a root of its own.
    assert_lacks(&run.stderr, "not applied");
    assert_contains(
        &run.stderr,
        "warning: `format!` allocates in #[no_alloc] fn `mix`",
    );
    let plain = common::run(&["check", "--manifest-path", &manifest]);
    assert_lacks(&plain.stderr, "in #[no_alloc] fn `mix`");
}

#[test]
fn invalid_settings_are_usage_errors() {
    let manifest = manifest("dsp");
    for (args, expected) in [
        (&["--features", "a!"][..], "is not a feature name"),
        (&["--features", "x/"], "is not a feature name"),
        (&["--target", "x86 64"], "is not a target triple"),
        (&["--target", "/nonexistent/t.json"], "is not a file"),
        (&["--root", "a::"], "expected a path like `Vec::push`"),
        (&["--root", "crate"], "names no function"),
        (&["--quiet", "--verbose"], "cannot be used with"),
        (
            &["--format", "json", "--message-format", "json"],
            "cannot be used with",
        ),
        (&["--message-format", "xml"], "invalid value 'xml'"),
    ] {
        let mut full = vec!["check", "--manifest-path", &manifest];
        full.extend_from_slice(args);
        let run = run(&full);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_contains(&run.stderr, expected);
    }
    // Once the format is known, the document says so.
    let run = run(&["check", "--target", "x y", "--format", "json"]);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_contains(doc["error"]["message"].as_str().unwrap(), "--target");
}

#[test]
fn notes_come_one_per_kind_per_root() {
    let manifest = manifest("resolution");
    let run = run(&["check", "--manifest-path", &manifest]);
    // Two calls through function pointers from `pointers`: one summary,
    // with the first.
    assert_contains(
        &run.stderr,
        "note: 2 calls through function pointers from #[no_alloc] fn `pointers`
   --> src/lib.rs:103:5",
    );
    assert_contains(&run.stderr, "= help: `--verbose` lists all 2");
    assert_contains(
        &run.stderr,
        "notes shown as 4, one per kind per #[no_alloc] function: `--verbose` lists each",
    );
    let pointer = "a call through a function pointer is not followed";
    assert_eq!(run.stderr.matches(pointer).count(), 1);
    // Single notes are shown as they are.
    assert_contains(
        &run.stderr,
        "note: `Default::default` is called through a generic parameter",
    );
    let verbose = common::run(&["check", "--manifest-path", &manifest, "--verbose"]);
    assert_eq!(verbose.stderr.matches(pointer).count(), 2);
    assert_lacks(&verbose.stderr, "--verbose` lists");
    assert_lacks(&verbose.stderr, "notes shown as");

    let json = common::run(&["check", "--manifest-path", &manifest, "--format", "json"]);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let notes = doc["notes"].as_array().unwrap();
    let summary = notes.iter().find(|n| n["root"] == "pointers").unwrap();
    assert_eq!(summary["count"], 2);
    assert_eq!(summary["id"], "fn-pointer");
    assert_contains(summary["first"].as_str().unwrap(), pointer);
    let counted: u64 = notes.iter().map(|n| n["count"].as_u64().unwrap()).sum();
    assert_eq!(doc["summary"]["notes"], counted);

    let sarif = common::run(&["check", "--manifest-path", &manifest, "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let notifications = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(
        notifications
            .iter()
            .filter(|n| n["level"] == "note")
            .count(),
        notes.len()
    );
    assert!(notifications.iter().any(|n| n["properties"]["count"] == 2));
}

#[test]
fn no_progress_line_in_a_pipe() {
    let run = run(&["check", "--manifest-path", &manifest("dsp")]);
    assert_lacks(&run.stderr, "\r");
    assert_lacks(&run.stderr, "\u{1b}[K");
    // The status lines stay, as cargo prints them in pipes too.
    assert_contains(&run.stderr, "    Checking dsp-fixture");
}

/// The functions `audit --format json` ranks, with `extra` arguments.
fn audited(manifest: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["audit", "--manifest-path", manifest, "--format", "json"];
    args.extend_from_slice(extra);
    let run = run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    doc["functions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn audit_skips_test_code_unless_asked() {
    let manifest = manifest("testcode");
    assert_eq!(audited(&manifest, &[]), ["label", "process"]);
    assert_eq!(
        audited(&manifest, &["--tests"]),
        ["tests::labels", "label", "outside_the_module", "process"]
    );
}
