//! `--message-format=json`: rustc's diagnostics as `cargo check
//! --message-format=json` prints them, read back with `cargo_metadata`, the
//! parser rust-analyzer reads `check.overrideCommand`'s output with.

mod common;

use cargo_metadata::Message;
use cargo_metadata::diagnostic::{Diagnostic, DiagnosticLevel};
use common::{Run, assert_contains, fixture, manifest, run};

/// The messages of one run, every line parsed (a line that is not a
/// message fails the test).
fn messages(run: &Run) -> Vec<Message> {
    run.stdout
        .lines()
        .map(|line| {
            let message =
                serde_json::from_str::<Message>(line).unwrap_or_else(|err| panic!("{err}: {line}"));
            assert!(!matches!(message, Message::TextLine(_)), "{line}");
            message
        })
        .collect()
}

fn diagnostics(messages: &[Message]) -> Vec<&Diagnostic> {
    messages
        .iter()
        .filter_map(|m| match m {
            Message::CompilerMessage(m) => Some(&m.message),
            _ => None,
        })
        .collect()
}

fn check(name: &str, extra: &[&str]) -> Run {
    let manifest = manifest(name);
    let mut args = vec!["check", "--manifest-path", &manifest];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn findings_as_cargo_prints_rustc_diagnostics() {
    let run = check("dsp", &["--message-format=json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let messages = messages(&run);
    let Some(Message::BuildFinished(end)) = messages.last() else {
        panic!("the last line is build-finished: {:?}", messages.last());
    };
    assert!(end.success);
    let found = diagnostics(&messages);
    let format = found
        .iter()
        .find(|d| {
            d.spans
                .first()
                .is_some_and(|s| s.file_name == "src/dsp.rs" && s.line_start == 25)
        })
        .expect("the format! in mix");
    assert_eq!(
        format.message,
        "`format!` allocates (reached from #[no_alloc] fn `process`)"
    );
    assert_eq!(format.level, DiagnosticLevel::Warning);
    assert_eq!(
        format.code.as_ref().unwrap().code,
        "qadapt::format_allocates"
    );
    let span = &format.spans[0];
    assert!(span.is_primary);
    assert_eq!((span.column_start, span.column_end), (17, 23));
    assert_eq!(
        span.label.as_deref(),
        Some("builds a new `String` on the heap")
    );
    assert_eq!(span.text[0].text, "        let s = format!(\"{}\", i);");
    assert_eq!(
        (span.text[0].highlight_start, span.text[0].highlight_end),
        (17, 23)
    );
    let text = std::fs::read_to_string(fixture("dsp").join("src/dsp.rs")).unwrap();
    assert_eq!(
        &text[span.byte_start as usize..span.byte_end as usize],
        "format"
    );
    // The chain, the call in the #[no_alloc] function (where an editor shows
    // it too), and the suggestion.
    let children: Vec<(DiagnosticLevel, &str)> = format
        .children
        .iter()
        .map(|c| (c.level, c.message.as_str()))
        .collect();
    assert_eq!(
        children,
        [
            (
                DiagnosticLevel::Note,
                "process (src/lib.rs:20) -> mix (src/dsp.rs:23) -> format!"
            ),
            (
                DiagnosticLevel::Note,
                "reached from #[no_alloc] fn `process` through this call"
            ),
            (
                DiagnosticLevel::Help,
                "write into a preallocated buffer with `write!`, or use `format_args!`"
            ),
        ]
    );
    let call = &format.children[1].spans[0];
    assert_eq!(
        (call.file_name.as_str(), call.line_start),
        ("src/lib.rs", 21)
    );
    // The human text, as rustc renders it.
    assert_contains(
        format.rendered.as_deref().unwrap(),
        "warning: `format!` allocates (reached from #[no_alloc] fn `process`)\n  --> src/dsp.rs:25:17",
    );
    // Every message names the package and a target of it.
    for message in &messages {
        if let Message::CompilerMessage(m) = message {
            assert!(
                m.package_id.repr.ends_with("#dsp-fixture"),
                "{}",
                m.package_id
            );
            assert!(["dsp_fixture", "tool"].contains(&m.target.name.as_str()));
        }
    }
    let tool = messages.iter().find_map(|m| match m {
        Message::CompilerMessage(m) if m.message.message.contains("fn `main`") => Some(m),
        _ => None,
    });
    assert_eq!(tool.unwrap().target.name, "tool");
    // The notes too, one per kind per root (the dsp fixture has none: the
    // engine resolves every call of it).
    let resolution = check("resolution", &["--message-format=json"]);
    let resolution = self::messages(&resolution);
    let notes = diagnostics(&resolution);
    assert!(notes.iter().any(|d| d.level == DiagnosticLevel::Note));
    // Nothing else on stdout; the status lines stay on stderr.
    assert_contains(&run.stderr, "Checking dsp-fixture");
}

#[test]
fn deny_makes_errors_and_a_failed_build() {
    let run = check("dsp", &["--message-format", "json", "--deny"]);
    assert_eq!(run.code, 1);
    let messages = messages(&run);
    assert!(matches!(messages.last(), Some(Message::BuildFinished(end)) if !end.success));
    let found = diagnostics(&messages);
    assert!(found.iter().any(|d| d.level == DiagnosticLevel::Error));
}

#[test]
fn byte_offsets_count_from_the_start_of_the_file() {
    // The file starts with a byte order mark, which the parser skips.
    let run = check("bom", &["--message-format=json"]);
    let messages = messages(&run);
    let found = diagnostics(&messages);
    let span = &found[0].spans[0];
    let text = std::fs::read(fixture("bom").join("src/lib.rs")).unwrap();
    assert_eq!(
        &text[span.byte_start as usize..span.byte_end as usize],
        b"from"
    );
}

#[test]
fn ansi_colours_in_rendered_text_on_request() {
    let run = check("dsp", &["--message-format=json-diagnostic-rendered-ansi"]);
    let messages = messages(&run);
    let found = diagnostics(&messages);
    assert!(found[0].rendered.as_deref().unwrap().contains("\u{1b}["));
    let plain = check("dsp", &["--message-format=json"]);
    assert!(!plain.stdout.contains("\\u001b["));
}

#[test]
fn problems_and_unchecked_crates_are_messages_too() {
    let run = check("unparsable", &["--message-format=json"]);
    assert_eq!(run.code, 2);
    let messages = messages(&run);
    let found = diagnostics(&messages);
    let parse = found
        .iter()
        .find(|d| d.message.starts_with("could not parse this file"))
        .unwrap();
    assert_eq!(parse.level, DiagnosticLevel::Warning);
    assert_eq!(parse.spans[0].file_name, "src/lib.rs");
    // Where the engine's parser stops (syn's stopped at the `}`).
    assert_eq!(parse.spans[0].text[0].text, "    fn (");
    assert!(found.iter().any(|d| {
        d.level == DiagnosticLevel::Error
            && d.message
                .starts_with("could not check crate `unparsable_fixture`")
    }));
    assert!(matches!(messages.last(), Some(Message::BuildFinished(end)) if !end.success));
}

#[test]
fn a_run_that_cannot_be_made_ends_the_build() {
    for args in [
        &[
            "check",
            "--manifest-path",
            "/nonexistent/Cargo.toml",
            "--message-format=json",
        ][..],
        &["check", "--bogus", "--message-format=json"],
    ] {
        let run = run(args);
        assert_eq!(run.code, 2);
        let messages = messages(&run);
        assert_eq!(messages.len(), 1, "{}", run.stdout);
        assert!(matches!(&messages[0], Message::BuildFinished(end) if !end.success));
        assert!(run.stderr.contains("error"), "{}", run.stderr);
    }
}

#[test]
fn audit_findings_as_messages() {
    let run = run(&[
        "audit",
        "--manifest-path",
        &manifest("dsp"),
        "--message-format=json",
    ]);
    assert_eq!(run.code, 0);
    let messages = messages(&run);
    let found = diagnostics(&messages);
    assert!(
        found.iter().any(|d| d.level == DiagnosticLevel::Warning
            && d.message.contains("#[no_alloc] fn `process`"))
    );
    assert!(
        found.iter().any(
            |d| d.level == DiagnosticLevel::Note && d.message.contains("in fn `not_annotated`")
        )
    );
}
