//! What ends the process, or must not: a violation pending while the thread already unwinds
//! (written, not raised), a panicking handler (an abort), regions nested past the limit or
//! closed out of order (clear panics that change nothing), and `#[no_alloc]` on an `extern "C"`
//! callback, which cannot unwind. Each test runs itself again as a child process. Not for Miri:
//! it cannot spawn processes.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::child;
use common::{
    boxed, catch_in_region, marked_location, panic_message, payload_str, qadapt_panic, stash,
};
use qadapt::{Policy, assert_no_alloc, protect, protection_level};

const SOURCE: &str = include_str!("aborts_and_refusals.rs");

/// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
fn here(marker: &str, needle: &str) -> String {
    marked_location(SOURCE, file!(), marker, needle)
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
        "inside no-alloc region `aborts_and_refusals::audio_callback` ({}) on thread `{NAME}`",
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
            "qadapt: allocation of 16 bytes (align 1) inside no-alloc region `aborts_and_refusals::audio_callback` ({})",
            common::fn_name_location(SOURCE, file!(), "audio_callback", 0, 1)
        )),
        "{}",
        run.dump()
    );
}
