//! A violation's panic as the process sees it: the message on stderr, and the allocation site
//! it shows when backtraces are on (`RUST_LIB_BACKTRACE`, else `RUST_BACKTRACE`), walked without
//! waiting for a lock the violating code may hold. Each test runs itself again as a child
//! process. Not for Miri: it cannot spawn processes.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::child::{self, DONE};
use common::{RawBlock, boxed, marked_location, qadapt_panic};
use qadapt::{assert_no_alloc, protect};

const SOURCE: &str = include_str!("backtraces.rs");

/// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
fn here(marker: &str, needle: &str) -> String {
    marked_location(SOURCE, file!(), marker, needle)
}

#[test]
fn the_region_exit_panic_message_reaches_stderr() {
    const NAME: &str = "the_region_exit_panic_message_reaches_stderr";
    if child::is(NAME) {
        let _ = assert_no_alloc!(boxed(1)); // exit-panic-region
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(!run.success(), "{}", run.dump());
    assert_eq!(
        run.output.status.code(),
        Some(101),
        "a test failure, not an abort"
    );
    assert!(!run.stdout.contains(DONE), "{}", run.dump());
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `{NAME}`\n   (set RUST_BACKTRACE=1 to see where the first violation was made)",
        here("exit-panic-region", "assert_no_alloc!")
    );
    assert!(run.stderr.contains(&expected), "{}", run.dump());
}

/// In a child: prints a message for the parent to read back with [`printed_message`].
fn print_message(message: &str) {
    println!("MESSAGE-START\n{message}\nMESSAGE-END");
}

/// In the parent: the message its child printed with [`print_message`].
fn printed_message(run: &child::Run) -> &str {
    run.stdout
        .split("MESSAGE-START\n")
        .nth(1)
        .and_then(|rest| rest.split("\nMESSAGE-END").next())
        .unwrap_or_else(|| panic!("no message in\n{}", run.dump()))
}

/// The allocation whose site the backtrace must show first.
#[inline(never)]
fn allocation_site() -> RawBlock {
    black_box(RawBlock::new(8, 8))
}

/// In a child: the report of one allocation at [`allocation_site`], printed for the parent.
fn print_allocation_site_report() {
    print_message(&qadapt_panic(|| {
        let _guard = protect();
        allocation_site()
    }));
}

#[test]
fn with_rust_backtrace_the_message_shows_the_allocation_site_first() {
    const NAME: &str = "with_rust_backtrace_the_message_shows_the_allocation_site_first";
    if child::is(NAME) {
        print_allocation_site_report();
        child::done();
        return;
    }
    let run = child::run(NAME, &[("RUST_BACKTRACE", "1")]);
    assert!(run.success(), "{}", run.dump());
    let message = printed_message(&run);
    let mut parts = message.splitn(2, "\n   first violation at:\n");
    let first_line = parts.next().unwrap();
    let frames = parts
        .next()
        .unwrap_or_else(|| panic!("no site in {message}"));
    assert!(
        first_line.starts_with("qadapt: allocation of 8 bytes (align 8)"),
        "{message}"
    );
    assert!(!message.contains("set RUST_BACKTRACE=1"), "{message}");
    // Frames read `  N: function`, each maybe followed by `at file:line:col`.
    let functions: Vec<&str> = frames
        .lines()
        .filter_map(|l| {
            let (index, function) = l.trim().split_once(": ")?;
            index
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then_some(function)
        })
        .collect();
    assert!(!functions.is_empty(), "{message}");
    let site = functions
        .iter()
        .position(|f| f.contains("RawBlock>::new") || f.contains("RawBlock::new"))
        .unwrap_or_else(|| panic!("the allocating function is not among the frames:\n{message}"));
    assert!(
        site <= 2,
        "the allocation site must come first, not at {site}:\n{message}"
    );
    for noise in &functions[..site] {
        assert!(
            !noise.contains("qadapt::")
                && !noise.contains("__rust_alloc")
                && !noise.contains("GlobalAlloc"),
            "qadapt's own frames must be trimmed: {noise}\n{message}"
        );
    }
    assert!(
        functions[site + 1].contains("allocation_site"),
        "then its caller:\n{message}"
    );
    if cfg!(debug_assertions) {
        // Debug builds carry debuginfo (a release build with feature `always` has names only).
        assert!(
            frames.contains("common/mod.rs:"),
            "frames carry their source locations:\n{message}"
        );
    }
}

/// `RUST_LIB_BACKTRACE` wins over `RUST_BACKTRACE`, as std decides for library backtraces, and
/// the hint names the variable that turned the site off.
#[test]
fn rust_lib_backtrace_takes_precedence_over_rust_backtrace() {
    const NAME: &str = "rust_lib_backtrace_takes_precedence_over_rust_backtrace";
    if child::is(NAME) {
        print_allocation_site_report();
        child::done();
        return;
    }
    let site = "\n   first violation at:\n";
    type Env<'a> = &'a [(&'a str, &'a str)];
    // The environment, and the variable the hint names (`None`: the site is shown).
    let cases: [(Env, Option<&str>); 4] = [
        (
            &[("RUST_LIB_BACKTRACE", "0"), ("RUST_BACKTRACE", "1")],
            Some("RUST_LIB_BACKTRACE"),
        ),
        (
            &[("RUST_LIB_BACKTRACE", "1"), ("RUST_BACKTRACE", "0")],
            None,
        ),
        (&[("RUST_LIB_BACKTRACE", "1")], None),
        (&[("RUST_BACKTRACE", "0")], Some("RUST_BACKTRACE")),
    ];
    for (envs, hint) in cases {
        let run = child::run(NAME, envs);
        run.assert_ran_to_the_end();
        let message = printed_message(&run);
        match hint {
            Some(variable) => assert!(
                message.ends_with(&format!(
                    "\n   (set {variable}=1 to see where the first violation was made)"
                )) && !message.contains(site),
                "{envs:?}: {message}"
            ),
            None => assert!(message.contains(site), "{envs:?}: {message}"),
        }
    }
}

/// The user's own `std::backtrace::Backtrace` allocates while it holds std's backtrace lock (an
/// `anyhow` error under `RUST_BACKTRACE=1` does the same): walking the stack at that violation
/// must not wait for that lock, which would hang the thread for good.
#[test]
fn a_violation_inside_std_backtrace_capture_is_reported_not_deadlocked() {
    const NAME: &str = "a_violation_inside_std_backtrace_capture_is_reported_not_deadlocked";
    if child::is(NAME) {
        let message = qadapt_panic(|| {
            let _guard = protect();
            std::mem::forget(black_box(std::backtrace::Backtrace::force_capture()));
        });
        print_message(&message);
        child::done();
        return;
    }
    let run = child::run(NAME, &[("RUST_BACKTRACE", "1")]);
    run.assert_ran_to_the_end();
    let message = printed_message(&run);
    assert!(
        message.starts_with("qadapt: allocation of "),
        "{}",
        run.dump()
    );
    // The site: std's capture, called from this test.
    let site = message
        .split_once("\n   first violation at:\n")
        .map(|(_, frames)| frames)
        .unwrap_or_else(|| panic!("no site in {message}"));
    assert!(site.contains("std::backtrace::Backtrace"), "{message}");
    // An optimised build (`--release --features always`) inlines the test into its caller.
    assert!(!cfg!(debug_assertions) || site.contains(NAME), "{message}");
}
