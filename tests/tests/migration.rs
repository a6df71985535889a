//! QADAPT 1.0 code, written as 1.0 documented it, running under qadapt 2: each test backs one
//! entry of MIGRATING.md (the section is named above it). 1.0's own test suite, adapted, is in
//! `upstream_1_0.rs`.
//!
//! Run in both profiles: with the checks compiled in (dev, or feature `always`) and without them
//! (`--release`), where 1.0 and 2.0 both strip the checks.
// 2.0's compile-time findings are deprecation warnings: here errors, so that the one finding
// this file has on purpose (`does_panic`) proves that `#[allow(deprecated)]` silences them.
#![deny(deprecated)]

use qadapt::QADAPT;

// 1.0's set-up line, unchanged.
#[global_allocator]
static Q: QADAPT = QADAPT;

mod common;

use std::hint::black_box;

use qadapt::{enter_protected, exit_protected, no_alloc, protection_level};

/// Whether this build has the runtime checks, as qadapt's docs define it.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "always"));

/// Runs `f`. With the checks compiled in, it must panic with a report starting with `report`;
/// without them it must return, and its value is handed back.
#[track_caller]
fn reported_with_checks<R>(f: impl FnOnce() -> R, report: &str) -> Option<R> {
    match (
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)),
        CHECKS,
    ) {
        (Ok(value), false) => Some(value),
        (Ok(_), true) => panic!("expected the report {report:?}, got none"),
        (Err(payload), checks) => {
            let message = common::payload_text(&*payload);
            assert!(checks, "no report expected without the checks: {message}");
            assert!(message.starts_with(report), "{message}");
            None
        }
    }
}

// ---- "Setting up the allocator" ----

#[test]
fn the_1_0_set_up_line_installs_qadapt() {
    // 1.0's doc example guarded its assertion with `if qadapt::is_active()`; it still may.
    if qadapt::is_active() {
        assert!(qadapt::is_active());
    }
    assert_eq!(qadapt::is_active(), CHECKS);
}

// ---- "enter_protected() / exit_protected()" ----

#[test]
fn a_region_without_allocations_runs_as_in_1_0() {
    // 1.0's doc example of enter_protected and exit_protected.
    let x = Box::new(2);

    enter_protected();
    let y = *x * 4;
    exit_protected();

    let z = Box::new(y);
    assert_eq!(*z, 8);
}

#[test]
fn protection_level_counts_open_regions_as_in_1_0() {
    enter_protected();
    let one = protection_level();
    enter_protected();
    let two = protection_level();
    exit_protected();
    exit_protected();
    let expected = if CHECKS { (1, 2, 0) } else { (0, 0, 0) };
    assert_eq!((one, two, protection_level()), expected);
}

/// The 1.0 code that relied on a panic inside the allocator, and what 2.0 does with it.
#[cfg(any(debug_assertions, feature = "always"))]
mod reports {
    use std::panic::catch_unwind;

    use super::common::{marked_location, panic_message, qadapt_panic};
    use qadapt::{enter_protected, exit_protected, protection_level};

    const SOURCE: &str = include_str!("migration.rs");

    /// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
    fn here(marker: &str, needle: &str) -> String {
        marked_location(SOURCE, file!(), marker, needle)
    }

    // ---- "The report comes at the first safe point" ----

    #[test]
    fn the_violation_is_raised_at_exit_protected_and_the_code_between_runs() {
        let mut ran_after_the_allocation = false;
        let message = qadapt_panic(|| {
            enter_protected(); // report-region
            let b = Box::new(12); // 1.0 panicked here, inside the allocator
            ran_after_the_allocation = true;
            exit_protected(); // 2.0 panics here
            b
        });
        assert!(ran_after_the_allocation);
        let expected = format!(
            "qadapt: allocation of 4 bytes (align 4) inside no-alloc region ({}) on thread `",
            here("report-region", "enter_protected()")
        );
        assert!(message.starts_with(&expected), "{message}");
        assert_eq!(protection_level(), 0, "the exit closed the region");
    }

    // 1.0's `test_allocate`, with the `expected` text of 2.0's message.
    #[test]
    #[should_panic(expected = "qadapt: allocation of 4 bytes (align 4) inside no-alloc region")]
    fn should_panic_tests_expect_the_new_message() {
        enter_protected();
        // black_box: an optimised build (feature `always`) removes an unused Box.
        let _x = std::hint::black_box(Box::new(12));
        exit_protected();
    }

    #[test]
    fn catch_unwind_around_the_allocation_catches_nothing_now() {
        enter_protected();
        // 1.0: Err, the allocator panicked. 2.0: the allocation is recorded, nothing unwinds.
        let caught = catch_unwind(|| Box::new(7));
        let message = panic_message(exit_protected);
        assert!(caught.is_ok());
        assert!(
            message.starts_with("qadapt: allocation of 4 bytes (align 4)"),
            "{message}"
        );
    }

    // 1.0's `exit_too_often`, unchanged but for the message.
    #[test]
    #[should_panic(
        expected = "qadapt: exit_protected() without a matching enter_protected() on this thread"
    )]
    fn exit_protected_without_enter_protected_still_panics() {
        enter_protected();
        exit_protected();
        exit_protected();
    }

    // ---- "A test that ends inside its region" ----

    /// The fix for 1.0's `intentional_drop` (whose region never exits, see
    /// `a_region_left_open_with_a_violation_aborts_at_thread_exit`): close the region, and the
    /// deallocation is reported there.
    #[test]
    fn intentional_drop_with_its_exit_panics() {
        let v: Vec<()> = Vec::new();
        let v = Box::new(v);
        let message = qadapt_panic(|| {
            enter_protected();
            drop(v);
            exit_protected();
        });
        assert!(
            message.starts_with("qadapt: deallocation of 24 bytes (align 8)"),
            "{message}"
        );
    }

    // ---- "assert_no_alloc!" ----

    // 1.0's `list_push`: the reallocation is reported when the macro's block ends.
    #[test]
    fn assert_no_alloc_reports_a_reallocation_at_its_end() {
        let mut x = Vec::with_capacity(1);
        x.push(1);
        let message = qadapt_panic(move || qadapt::assert_no_alloc!(x.push(12)));
        assert!(
            message.starts_with("qadapt: reallocation of 4 -> "),
            "{message}"
        );
    }
}

// ---- "assert_no_alloc!" ----

#[test]
fn assert_no_alloc_takes_an_expression_as_in_1_0() {
    let x = qadapt::assert_no_alloc!(2 + 2);
    assert_eq!(x, 4);

    // 1.0's doc example.
    let b = Box::new(8);
    let x = qadapt::assert_no_alloc!(*b + 2);
    assert_eq!(x, 10);
}

// 1.0's doc example: "the compiler will warn you that there is an unreachable statement".
#[allow(unreachable_code)]
fn early_return() -> usize {
    qadapt::assert_no_alloc!(return 8)
}

#[test]
fn an_early_return_from_assert_no_alloc_closes_the_region() {
    let x = early_return();
    // 1.0 left the thread protected here, and this Box panicked.
    let b = Box::new(x);
    assert_eq!(protection_level(), 0);
    assert_eq!(*black_box(b), 8);
}

// ---- "#[no_alloc]" ----

// 1.0's README example.
#[no_alloc]
fn do_math() -> u8 {
    2 + 2
}

// 2.0 also finds `Box::new` here while compiling. 1.0.3+ users often silenced 1.0's deprecation
// with `allow(deprecated)`, which silences this finding too (without it, this file does not
// compile): see "Compile-time warnings" in MIGRATING.md.
#[allow(deprecated)]
#[no_alloc]
fn does_panic() -> Box<u32> {
    Box::new(5)
}

#[test]
fn no_alloc_reports_at_the_end_of_the_function_naming_it() {
    assert_eq!(do_math(), 4);
    reported_with_checks(
        does_panic,
        "qadapt: allocation of 4 bytes (align 4) inside no-alloc region `migration::does_panic`",
    );
    assert_eq!(protection_level(), 0);
}

// 1.0's `macro_release_safe`: a #[no_alloc] body is one protected region in debug builds.
#[no_alloc]
fn level_inside() -> usize {
    protection_level()
}

#[test]
fn a_no_alloc_body_is_one_region_with_checks_and_none_without() {
    assert_eq!(level_inside(), usize::from(CHECKS));
}

#[no_alloc]
fn parse_then_add(input: Result<u8, ()>) -> Result<u8, ()> {
    let value = input?;
    Ok(value + 1)
}

#[test]
fn the_question_mark_operator_closes_the_region() {
    assert_eq!(parse_then_add(Ok(1)), Ok(2));
    assert_eq!(parse_then_add(Err(())), Err(()));
    // 1.0 rewrote `return` only: after `?` the thread stayed protected.
    assert_eq!(protection_level(), 0);
    assert_eq!(*black_box(Box::new(3)), 3);
}

// ---- "By-value arguments" ----

/// Takes its vector by value and drops it: outside the region in 1.0, inside it in 2.0.
#[no_alloc]
fn sum_owned(v: Vec<u32>) -> u32 {
    v.iter().sum()
}

/// The fix: borrow what the function does not keep.
#[no_alloc]
fn sum_borrowed(v: &[u32]) -> u32 {
    v.iter().sum()
}

/// The other fix: hand the value back, and the caller drops it outside.
#[no_alloc]
fn sum_and_return(v: Vec<u32>) -> (u32, Vec<u32>) {
    let total = v.iter().sum();
    (total, v)
}

/// Or free it where frees are allowed.
#[no_alloc]
fn sum_and_free(v: Vec<u32>) -> u32 {
    let total = v.iter().sum();
    qadapt::allow_dealloc(move || drop(v));
    total
}

#[test]
fn a_by_value_argument_is_dropped_inside_the_region() {
    reported_with_checks(
        || sum_owned(vec![1, 2, 3]),
        "qadapt: deallocation of 12 bytes (align 4) inside no-alloc region `migration::sum_owned`",
    );
    let v = vec![1, 2, 3];
    assert_eq!(sum_borrowed(&v), 6);
    let (total, v) = sum_and_return(v);
    assert_eq!((total, v.len()), (6, 3));
    assert_eq!(sum_and_free(v), 6);
}

// ---- "async" ----

/// 1.0's `async_box`, with std's futures: the attribute protects building the future only.
#[no_alloc]
fn async_box() -> impl std::future::Future<Output = Box<u64>> {
    async { common::boxed(12) }
}

#[test]
fn a_fn_returning_a_future_protects_its_creation_not_its_polls() {
    // 1.0's `raw_call` and `guarded_call`.
    drop(async_box());
    drop(qadapt::assert_no_alloc!(async_box()));
    // Polled outside any region, it may allocate.
    assert_eq!(*common::block_on(async_box(), || ()), 12);
}

#[cfg(any(debug_assertions, feature = "always"))]
#[test]
fn protect_future_checks_every_poll() {
    // 1.0's `guarded_poll` wrapped one poll in assert_no_alloc!; protect_future covers them all.
    let message =
        common::qadapt_panic(|| common::block_on(qadapt::protect_future(async_box()), || ()));
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes (align 8)"),
        "{message}"
    );
}

#[no_alloc]
async fn step(x: u64) -> u64 {
    common::yield_once().await;
    x + 1
}

#[test]
fn an_async_fn_is_protected_during_each_poll_never_across_an_await() {
    let mut between_polls = Vec::new();
    let out = common::block_on(step(1), || {
        // The executor's own work between polls: unprotected, allocating freely.
        between_polls.push(protection_level());
        drop(black_box(Box::new(0u8)));
    });
    assert_eq!(out, 2);
    assert_eq!(between_polls, [0]);
}

// ---- "Release builds" ----

// 1.0's `release_mode` example: "blows up" in debug builds, nothing happens in release.
#[cfg(not(any(debug_assertions, feature = "always")))]
#[test]
fn release_builds_strip_the_checks_as_in_1_0() {
    assert_eq!(*does_panic(), 5);
    enter_protected();
    let b = Box::new(12);
    assert_eq!(protection_level(), 0);
    drop(b);
    exit_protected();
    assert_eq!(sum_owned(vec![1, 2, 3]), 6);
}

// ---- "A test that ends inside its region" ----

/// Outside the process: a region left open with a violation in it.
#[cfg(all(any(debug_assertions, feature = "always"), not(miri)))]
mod aborts {
    use super::common::child;
    use qadapt::enter_protected;

    /// 1.0's `intentional_drop` (a `#[should_panic]` test): the allocator panicked inside
    /// `drop`. In 2.0 no qadapt call follows the violation, so the test returns with its region
    /// open; the thread's exit aborts the process with the report, taking the test binary with it.
    #[test]
    fn a_region_left_open_with_a_violation_aborts_at_thread_exit() {
        const NAME: &str = "aborts::a_region_left_open_with_a_violation_aborts_at_thread_exit";
        if child::is(NAME) {
            let test = std::thread::Builder::new().name("intentional_drop".into());
            let handle = test
                .spawn(|| {
                    let v: Vec<()> = Vec::new();
                    let v = Box::new(v);
                    enter_protected();
                    drop(v);
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
        let line = lines[0];
        assert!(
            line.starts_with("qadapt: deallocation of 24 bytes (align 8) inside no-alloc region ("),
            "{}",
            run.dump()
        );
        assert!(
            line.contains(" on thread `intentional_drop`")
                && line.ends_with(
                    "the thread exited before its region did, so it is reported here; aborting"
                ),
            "{}",
            run.dump()
        );
    }
}
