//! The policies as the process sees them: `Policy::Abort` (the message, then an abort),
//! `Policy::Log` (one whole line per violation), and `QADAPT_POLICY`, which chooses the starting
//! policy without a rebuild. Policies are process-wide: each test runs itself again as a child
//! process (this test binary, filtered to that one test, with `QADAPT_CHILD` naming it). Not for
//! Miri: it cannot spawn processes.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::child;
use common::{RawBlock, boxed, marked_location, qadapt_panic};
use qadapt::{Policy, assert_no_alloc, protect, protection_level};

const SOURCE: &str = include_str!("policies.rs");

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
