//! What can only be seen from outside the process: aborts, lines on stderr, process-wide
//! policies chosen by `set_policy` or `QADAPT_POLICY`, backtraces enabled by `RUST_BACKTRACE`.
//!
//! Each test runs itself again as a child process (this test binary, filtered to that one test,
//! with `QADAPT_CHILD` naming it); the child does the work, the parent checks exit status and
//! output. Not for Miri: it cannot spawn processes.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::child::{self, DONE};
use common::{
    RawBlock, boxed, catch_in_region, marked_location, panic_message, payload_str, qadapt_panic,
    stash,
};
use qadapt::{Policy, assert_no_alloc, protect, protection_level};

const SOURCE: &str = include_str!("child_process.rs");

/// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
fn here(marker: &str, needle: &str) -> String {
    marked_location(SOURCE, file!(), marker, needle)
}

// ---- Policy::Abort ----

#[test]
fn abort_policy_aborts_at_the_violation_with_its_message() {
    const NAME: &str = "abort_policy_aborts_at_the_violation_with_its_message";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Abort);
        let _guard = protect(); // abort-region
        let b = boxed(1);
        println!("NOT REACHED {b}");
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(run.aborted(), "{}", run.dump());
    assert!(!run.stdout.contains("NOT REACHED"), "{}", run.dump());
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `{NAME}`; aborting (Policy::Abort)",
        here("abort-region", "protect()")
    );
    assert_eq!(run.qadapt_lines(), [expected.as_str()], "{}", run.dump());
}

#[test]
fn abort_policy_aborts_on_a_deallocation_too() {
    const NAME: &str = "abort_policy_aborts_on_a_deallocation_too";
    if child::is(NAME) {
        let b = boxed(1);
        qadapt::set_policy(Policy::Abort);
        assert_no_alloc!(drop(b));
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    assert!(
        lines[0].starts_with("qadapt: deallocation of 8 bytes (align 8)"),
        "{}",
        run.dump()
    );
    assert!(
        lines[0].ends_with("aborting (Policy::Abort)"),
        "{}",
        run.dump()
    );
}

// ---- Policy::Log ----

#[test]
fn log_policy_writes_one_line_per_violation_and_carries_on() {
    const NAME: &str = "log_policy_writes_one_line_per_violation_and_carries_on";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        assert_eq!(qadapt::policy(), Policy::Log);
        let mut block = RawBlock::new(4, 4);
        let start = qadapt::violation_count();
        {
            let _guard = protect(); // log-region
            let b = boxed(1);
            block.resize(16);
            drop(b);
        } // no panic: the violations were logged
        assert_eq!(qadapt::violation_count(), start + 3);
        assert_eq!(protection_level(), 0);
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
    let location = here("log-region", "protect()");
    let tail = format!(" inside no-alloc region ({location}) on thread `{NAME}`");
    assert_eq!(
        run.qadapt_lines(),
        [
            format!("qadapt: allocation of 8 bytes (align 8){tail}"),
            format!("qadapt: reallocation of 4 -> 16 bytes (align 4){tail}"),
            format!("qadapt: deallocation of 8 bytes (align 8){tail}"),
        ],
        "{}",
        run.dump()
    );
}

#[test]
fn log_policy_lines_from_several_threads_are_whole_and_all_there() {
    const NAME: &str = "log_policy_lines_from_several_threads_are_whole_and_all_there";
    const THREADS: usize = 4;
    const ROUNDS: usize = 25;
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                std::thread::Builder::new()
                    .name(format!("logger-{t}"))
                    .spawn(|| {
                        for i in 0..ROUNDS {
                            let b = assert_no_alloc!(boxed(i as u64));
                            drop(b);
                        }
                    })
                    .unwrap()
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(run.success(), "{}", run.dump());
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), THREADS * ROUNDS, "{}", run.dump());
    for t in 0..THREADS {
        let tag = format!(" on thread `logger-{t}`");
        let mine = lines
            .iter()
            .filter(|l| {
                l.starts_with("qadapt: allocation of 8 bytes (align 8) inside no-alloc region (")
                    && l.ends_with(&tag)
            })
            .count();
        assert_eq!(mine, ROUNDS, "{}", run.dump());
    }
}

#[test]
fn log_lines_too_long_for_the_buffer_are_cut_at_a_char_boundary_with_an_ellipsis() {
    const NAME: &str =
        "log_lines_too_long_for_the_buffer_are_cut_at_a_char_boundary_with_an_ellipsis";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        std::thread::Builder::new()
            .name("é".repeat(700)) // 1400 bytes: the line cannot fit in 1024
            .spawn(|| {
                let b = assert_no_alloc!(boxed(1));
                drop(b);
            })
            .unwrap()
            .join()
            .unwrap();
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(run.success(), "{}", run.dump());
    assert!(
        !run.stderr.contains('\u{FFFD}'),
        "cut inside a char: {}",
        run.dump()
    );
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    assert!(
        lines[0].starts_with("qadapt: allocation of 8 bytes (align 8) inside no-alloc region (")
    );
    assert!(lines[0].ends_with("éé..."), "{}", lines[0]);
    assert!(lines[0].len() < 1024, "{} bytes", lines[0].len());
}

// ---- QADAPT_POLICY ----

#[test]
fn qadapt_policy_env_chooses_the_starting_policy() {
    const NAME: &str = "qadapt_policy_env_chooses_the_starting_policy";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Log);
        let b = assert_no_alloc!(boxed(1)); // logged, not raised
        drop(b);
        child::done();
        return;
    }
    let run = child::run(NAME, &[("QADAPT_POLICY", " LOG ")]);
    run.assert_ran_to_the_end();
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    assert!(
        lines[0].starts_with("qadapt: allocation of 8 bytes"),
        "{}",
        run.dump()
    );
}

#[test]
fn qadapt_policy_env_abort_aborts() {
    const NAME: &str = "qadapt_policy_env_abort_aborts";
    if child::is(NAME) {
        let _ = assert_no_alloc!(boxed(1));
        child::done();
        return;
    }
    let run = child::run(NAME, &[("QADAPT_POLICY", "abort")]);
    run.assert_aborted_early();
    assert!(
        run.stderr.contains("; aborting (Policy::Abort)"),
        "{}",
        run.dump()
    );
}

#[test]
fn an_unknown_qadapt_policy_is_ignored_with_a_warning() {
    const NAME: &str = "an_unknown_qadapt_policy_is_ignored_with_a_warning";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Panic);
        let message = qadapt_panic(|| assert_no_alloc!(boxed(1)));
        assert!(message.starts_with("qadapt: allocation"));
        child::done();
        return;
    }
    let run = child::run(NAME, &[("QADAPT_POLICY", "loud")]);
    assert!(run.success(), "{}", run.dump());
    assert!(
        run.stderr.contains(
            "qadapt: ignoring QADAPT_POLICY=\"loud\": expected panic, abort, log or report"
        ),
        "{}",
        run.dump()
    );
}

#[cfg(unix)]
#[test]
fn a_qadapt_policy_that_is_not_utf8_is_ignored_with_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    const NAME: &str = "a_qadapt_policy_that_is_not_utf8_is_ignored_with_a_warning";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Panic);
        child::done();
        return;
    }
    let value = std::ffi::OsStr::from_bytes(b"rep\xffort");
    let run = child::run_os(NAME, &[("QADAPT_POLICY", value)]);
    run.assert_ran_to_the_end();
    assert_eq!(
        run.qadapt_lines(),
        [
            "qadapt: ignoring QADAPT_POLICY=\"rep\\xFFort\" (not UTF-8): expected panic, abort, log or report"
        ],
        "{}",
        run.dump()
    );
}

#[test]
fn set_policy_before_the_first_region_wins_over_qadapt_policy() {
    const NAME: &str = "set_policy_before_the_first_region_wins_over_qadapt_policy";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        let b = assert_no_alloc!(boxed(1));
        drop(b);
        assert_eq!(qadapt::policy(), Policy::Log);
        child::done();
        return;
    }
    let run = child::run(NAME, &[("QADAPT_POLICY", "abort")]);
    run.assert_ran_to_the_end();
    assert_eq!(run.qadapt_lines().len(), 1, "{}", run.dump());
}

// ---- Policy::Panic, as the process sees it ----

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
    assert!(site.contains(NAME), "{message}");
}

// ---- violations that cannot be raised as a panic ----

#[test]
fn a_pending_violation_during_unwinding_is_written_not_raised() {
    const NAME: &str = "a_pending_violation_during_unwinding_is_written_not_raised";
    if child::is(NAME) {
        let message = panic_message(|| {
            let _guard = protect(); // unwinding-region
            let _b = boxed(1);
            panic!("user boom");
        });
        assert_eq!(message, "user boom");
        assert_eq!(protection_level(), 0);
        assert_no_alloc!({}); // nothing left pending
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `{NAME}` (not raised: the thread is already panicking)",
        here("unwinding-region", "protect()")
    );
    assert_eq!(run.qadapt_lines(), [expected.as_str()], "{}", run.dump());
    assert!(run.stderr.contains("user boom"), "{}", run.dump());
}

// ---- handlers ----

#[test]
fn a_panicking_handler_aborts_the_process() {
    const NAME: &str = "a_panicking_handler_aborts_the_process";
    fn panicking_handler(_: &qadapt::Violation) {
        panic!("handler failure");
    }
    if child::is(NAME) {
        qadapt::set_handler(panicking_handler);
        let _ = std::panic::catch_unwind(|| assert_no_alloc!(boxed(1)));
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    assert!(
        run.stderr
            .contains("qadapt: a violation handler panicked inside the allocator; aborting"),
        "{}",
        run.dump()
    );
}

#[test]
fn a_handler_calling_qadapt_with_a_violation_pending_does_not_abort() {
    // The docs promise a handler "may call qadapt's functions". With a first violation pending,
    // the second violation's handler calls protection_level(), a safe point.
    const NAME: &str = "a_handler_calling_qadapt_with_a_violation_pending_does_not_abort";
    fn level_handler(_: &qadapt::Violation) {
        black_box(qadapt::protection_level());
    }
    if child::is(NAME) {
        qadapt::set_handler(level_handler);
        let message = qadapt_panic(|| assert_no_alloc!((boxed(1), boxed(2))));
        assert!(message.contains("; 1 more violation"), "{message}");
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
}

// ---- regions closed out of order ----

#[test]
fn nesting_past_the_limit_panics_clearly_and_changes_nothing() {
    const NAME: &str = "nesting_past_the_limit_panics_clearly_and_changes_nothing";
    if child::is(NAME) {
        let outer = protect();
        // Leaked guards never close: the counts only grow, until the next region is refused.
        let refused = catch_in_region(|| -> () {
            loop {
                std::mem::forget(protect());
            }
        })
        .expect("nesting without end is refused");
        assert_eq!(
            payload_str(&*refused),
            Some("qadapt: regions nested more than 1048575 deep on this thread")
        );
        stash(refused);
        assert_eq!(
            protection_level(),
            1_048_575,
            "the refused region changed nothing"
        );
        // The outermost guard still puts the thread back (the leaked ones are younger).
        let out_of_order = catch_in_region(|| drop(outer)).expect("closed out of order");
        assert_eq!(protection_level(), 0);
        assert!(
            payload_str(&*out_of_order)
                .is_some_and(|m| m.starts_with("qadapt: regions closed out of order")),
        );
        drop(out_of_order);
        let start = qadapt::violation_count();
        drop(boxed(1));
        assert_eq!(qadapt::violation_count(), start, "unchecked again");
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
}

/// In a child (a fresh thread state), closes regions out of order with `close_out_of_order`:
/// the panic says so, both regions are closed, and allocating is unchecked again.
fn out_of_order_close_leaves_the_thread_as_before(name: &str, close_out_of_order: fn()) {
    if child::is(name) {
        let message = panic_message(close_out_of_order);
        assert!(
            message.starts_with("qadapt: regions closed out of order on this thread"),
            "{message}"
        );
        assert_eq!(protection_level(), 0, "both regions are closed");
        let start = qadapt::violation_count();
        drop(boxed(1));
        assert_eq!(
            qadapt::violation_count(),
            start,
            "allocating is unchecked again"
        );
        child::done();
        return;
    }
    child::run(name, &[]).assert_ran_to_the_end();
}

#[test]
fn guards_dropped_out_of_order_panic_clearly_and_leave_the_thread_as_before() {
    out_of_order_close_leaves_the_thread_as_before(
        "guards_dropped_out_of_order_panic_clearly_and_leave_the_thread_as_before",
        || {
            let outer = protect();
            let _inner = protect();
            drop(outer);
        },
    );
}

#[test]
fn exit_protected_inside_a_younger_guard_panics_clearly_and_leaves_the_thread_as_before() {
    out_of_order_close_leaves_the_thread_as_before(
        "exit_protected_inside_a_younger_guard_panics_clearly_and_leaves_the_thread_as_before",
        || {
            qadapt::enter_protected();
            let _guard = protect();
            qadapt::exit_protected();
        },
    );
}

// ---- #[no_alloc] on an extern "C" callback ----

/// An audio-style callback: a panic cannot unwind out of it.
#[qadapt::no_alloc]
extern "C" fn audio_callback(frames: usize) -> usize {
    black_box(common::heap(frames)).capacity()
}

#[test]
fn an_extern_c_callback_reports_under_the_log_policy_and_carries_on() {
    const NAME: &str = "an_extern_c_callback_reports_under_the_log_policy_and_carries_on";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        assert_eq!(audio_callback(16), 16);
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
    let region = format!(
        "inside no-alloc region `child_process::audio_callback` ({}) on thread `{NAME}`",
        common::fn_name_location(SOURCE, file!(), "audio_callback", 0, 1)
    );
    assert_eq!(
        run.qadapt_lines(),
        [
            format!("qadapt: allocation of 16 bytes (align 1) {region}"),
            format!("qadapt: deallocation of 16 bytes (align 1) {region}"),
        ],
        "{}",
        run.dump()
    );
}

#[test]
fn an_extern_c_callback_aborts_under_the_panic_policy_with_the_report() {
    const NAME: &str = "an_extern_c_callback_aborts_under_the_panic_policy_with_the_report";
    if child::is(NAME) {
        let _ = audio_callback(16);
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    assert!(
        run.stderr.contains(&format!(
            "qadapt: allocation of 16 bytes (align 1) inside no-alloc region `child_process::audio_callback` ({})",
            common::fn_name_location(SOURCE, file!(), "audio_callback", 0, 1)
        )),
        "{}",
        run.dump()
    );
}
