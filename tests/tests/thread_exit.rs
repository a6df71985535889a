//! A thread that ends with a violation no region exit will raise: the violation is written out
//! and the process aborts, whatever order the thread's thread-local destructors run in.
//!
//! Thread-local destructors run in reverse order of registration, so a value touched before the
//! thread's first region is destroyed after qadapt's exit check; one touched after it, before.
//! (The main thread's cases are in `main_thread_exit.rs`.) Each test runs in a child process.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::child;
use common::{boxed, marked_location};
use qadapt::Policy;

const SOURCE: &str = include_str!("thread_exit.rs");

/// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
fn here(marker: &str, needle: &str) -> String {
    marked_location(SOURCE, file!(), marker, needle)
}

const EXITED: &str = "the thread exited before its region did, so it is reported here; aborting";
const PROCESS_EXITED: &str = "the process exited while its thread was still inside the region, so it is reported here; aborting";
const ENDING: &str =
    "made while the thread was ending, after qadapt's exit check, so it is reported here; aborting";

#[test]
fn a_thread_exiting_with_a_pending_violation_aborts_the_process() {
    const NAME: &str = "a_thread_exiting_with_a_pending_violation_aborts_the_process";
    if child::is(NAME) {
        let handle = std::thread::Builder::new()
            .name("leaky".into())
            .spawn(|| {
                qadapt::enter_protected(); // leaky-region
                let b = boxed(1);
                black_box(&b);
                // Returns without exit_protected(): the region never closes.
            })
            .unwrap();
        let _ = handle.join();
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    // The exiting thread is still named: its name was kept when the watch was set up. How
    // many more violations std's thread teardown adds (frees inside the open region) is its own.
    let start = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `leaky`; ",
        here("leaky-region", "qadapt::enter_protected()")
    );
    let end = format!(" more violations; {EXITED}");
    let more = lines[0]
        .strip_prefix(&start)
        .and_then(|rest| rest.strip_suffix(&end))
        .unwrap_or_else(|| panic!("unexpected line\n{}", run.dump()));
    assert!(
        more.parse::<usize>().is_ok_and(|n| n >= 1),
        "{}",
        run.dump()
    );
}

/// Spawns a thread named `name` that records a violation in a region it never leaves, and
/// returns once the violation is recorded.
fn park_in_a_region(name: &str) {
    let (recorded, wait) = std::sync::mpsc::sync_channel(1);
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            qadapt::enter_protected(); // running-region
            let b = boxed(2);
            black_box(&b);
            // The channel was made before the region: its slot is there already.
            let _ = recorded.try_send(());
            loop {
                std::thread::park();
            }
        })
        .unwrap();
    wait.recv().unwrap();
}

/// The line a violation of [`park_in_a_region`] makes at the process's exit.
fn parked_violation(name: &str) -> String {
    format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `{name}`",
        here("running-region", "qadapt::enter_protected()")
    )
}

/// A thread still inside its region when the process exits (`main` returns while it runs) never
/// ends, so neither its regions nor its exit check raise what it recorded: the process's exit
/// does.
#[test]
fn a_violation_pending_on_a_thread_still_running_at_process_exit_aborts_the_process() {
    const NAME: &str =
        "a_violation_pending_on_a_thread_still_running_at_process_exit_aborts_the_process";
    if child::is(NAME) {
        park_in_a_region("still-running");
        // The harness ends the process with the thread still in its region.
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(
        run.aborted() && run.stdout.contains(common::child::DONE),
        "{}",
        run.dump()
    );
    assert_eq!(
        run.qadapt_lines(),
        [format!(
            "{}; {PROCESS_EXITED}",
            parked_violation("still-running")
        )],
        "{}",
        run.dump()
    );
}

/// Several such threads: the first one's violation, and how many more threads hold one.
#[test]
fn violations_pending_on_several_threads_at_process_exit_are_all_counted() {
    const NAME: &str = "violations_pending_on_several_threads_at_process_exit_are_all_counted";
    if child::is(NAME) {
        for name in ["first-parked", "second-parked", "third-parked"] {
            park_in_a_region(name);
        }
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(
        run.aborted() && run.stdout.contains(common::child::DONE),
        "{}",
        run.dump()
    );
    assert_eq!(
        run.qadapt_lines(),
        [format!(
            "{}; violations are pending on 2 more thread(s) too; {PROCESS_EXITED}",
            parked_violation("first-parked")
        )],
        "{}",
        run.dump()
    );
}

/// A thread-local value whose destructor opens a region and allocates in it, never closing it.
struct LeaksARegion;

impl Drop for LeaksARegion {
    fn drop(&mut self) {
        qadapt::enter_protected(); // destructor-region
        std::mem::forget(black_box(Box::new(black_box(1u64))));
    }
}

std::thread_local! {
    static LEAKS: LeaksARegion = const { LeaksARegion };
}

/// Runs `body` on a thread named `name`, joins it, then tells the parent the child got there.
fn on_a_thread(name: &str, body: fn()) {
    let _ = std::thread::Builder::new()
        .name(name.into())
        .spawn(body)
        .unwrap()
        .join();
    child::done();
}

/// The line the child must abort with: the destructor's violation, on thread `name`.
fn destructor_violation(name: &str) -> String {
    format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `{name}`",
        here("destructor-region", "qadapt::enter_protected()")
    )
}

#[test]
fn a_violation_in_a_thread_local_destructor_run_after_the_exit_check_aborts() {
    const NAME: &str = "a_violation_in_a_thread_local_destructor_run_after_the_exit_check_aborts";
    if child::is(NAME) {
        on_a_thread("late", || {
            LEAKS.with(|_| ()); // registered first: destroyed last
            drop(qadapt::protect()); // the first region: qadapt's exit check registers now
        });
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    assert_eq!(
        run.qadapt_lines(),
        [format!("{}; {ENDING}", destructor_violation("late"))],
        "{}",
        run.dump()
    );
}

#[test]
fn a_violation_in_a_thread_local_destructor_run_before_the_exit_check_aborts() {
    const NAME: &str = "a_violation_in_a_thread_local_destructor_run_before_the_exit_check_aborts";
    if child::is(NAME) {
        on_a_thread("early", || {
            drop(qadapt::protect()); // qadapt's exit check registers first: it runs last
            LEAKS.with(|_| ());
        });
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    assert!(
        lines[0].starts_with(&destructor_violation("early")) && lines[0].ends_with(EXITED),
        "{}",
        run.dump()
    );
}

#[test]
fn a_thread_whose_first_region_opens_in_a_thread_local_destructor_still_reports() {
    const NAME: &str =
        "a_thread_whose_first_region_opens_in_a_thread_local_destructor_still_reports";
    if child::is(NAME) {
        on_a_thread("first", || LEAKS.with(|_| ()));
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_aborted_early();
    let lines = run.qadapt_lines();
    assert_eq!(lines.len(), 1, "{}", run.dump());
    assert!(
        lines[0].starts_with(&destructor_violation("first")),
        "{}",
        run.dump()
    );
}

/// Under `Policy::Log` the late violation is a line like any other (the thread still named), and
/// the process carries on.
#[test]
fn a_late_violation_under_the_log_policy_is_logged_and_the_process_carries_on() {
    const NAME: &str = "a_late_violation_under_the_log_policy_is_logged_and_the_process_carries_on";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Log);
        on_a_thread("logged", || {
            LEAKS.with(|_| ());
            drop(qadapt::protect());
        });
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
    let lines = run.qadapt_lines();
    assert!(!lines.is_empty(), "{}", run.dump());
    assert_eq!(lines[0], destructor_violation("logged"), "{}", run.dump());
}
