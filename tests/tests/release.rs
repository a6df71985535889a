//! The same file proves both profiles: with debug assertions (or qadapt's feature `always`) the
//! checks are on; in a release build without `always` they are compiled out: `is_active()` is
//! false, regions do nothing, counting returns zeros. Run it with and without `--release`.

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::boxed;
use qadapt::{AllocStats, assert_no_alloc, count_allocs, protection_level};

/// Whether this build has the runtime checks, as qadapt's docs define it.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "always"));

#[test]
fn is_active_follows_the_profile() {
    assert_eq!(qadapt::is_active(), CHECKS);
}

#[test]
fn an_allocating_assert_no_alloc_panics_only_with_checks() {
    let outcome = std::panic::catch_unwind(|| assert_no_alloc!({ boxed(1) }));
    assert_eq!(
        outcome.is_err(),
        CHECKS,
        "reported exactly when the checks are compiled in"
    );
    match outcome {
        Ok(b) => assert_eq!(*b, 1),
        Err(payload) => {
            let message = payload.downcast_ref::<String>().expect("a String payload");
            assert!(message.starts_with("qadapt: allocation"), "{message}");
        }
    }
}

#[test]
fn count_allocs_counts_only_with_checks() {
    let (value, stats) = count_allocs(|| *boxed(3));
    assert_eq!(value, 3);
    if CHECKS {
        assert_eq!(stats.allocations, 1);
        assert_eq!(stats.deallocations, 1);
        assert_eq!(stats.bytes_allocated, 8);
    } else {
        assert_eq!(stats, AllocStats::default());
    }
}

#[test]
fn protection_level_counts_only_with_checks() {
    let guard = qadapt::protect();
    qadapt::enter_protected();
    assert_eq!(protection_level(), if CHECKS { 2 } else { 0 });
    qadapt::exit_protected();
    drop(guard);
    assert_eq!(protection_level(), 0);
}

#[test]
fn violation_count_stays_zero_without_checks() {
    let before = qadapt::violation_count();
    let _ = std::panic::catch_unwind(|| assert_no_alloc!({ boxed(1) }));
    let after = qadapt::violation_count();
    assert_eq!(after - before, usize::from(CHECKS));
}

#[test]
fn exit_protected_without_enter_panics_only_with_checks() {
    let outcome = std::panic::catch_unwind(qadapt::exit_protected);
    assert_eq!(outcome.is_err(), CHECKS);
}

/// Records the order in which values are dropped.
struct Noisy(&'static str, &'static std::sync::Mutex<Vec<&'static str>>);

impl Drop for Noisy {
    fn drop(&mut self) {
        // The log's capacity is reserved outside the regions below.
        self.1.lock().unwrap().push(self.0);
    }
}

#[qadapt::no_alloc(runtime_only)]
fn allocating_fn(n: u64) -> u64 {
    *boxed(n)
}

#[qadapt::no_alloc(runtime_only)]
fn level_inside() -> usize {
    protection_level()
}

#[qadapt::no_alloc(runtime_only)]
fn drops_in_order(first: Noisy, second: Noisy) -> usize {
    let _local = Noisy("local", first.1);
    first.0.len() + second.0.len()
}

#[test]
fn no_alloc_fns_are_guarded_only_with_checks() {
    let outcome = std::panic::catch_unwind(|| allocating_fn(5));
    assert_eq!(outcome.is_err(), CHECKS);
    if let Ok(value) = outcome {
        assert_eq!(value, 5);
    }
    assert_eq!(level_inside(), usize::from(CHECKS));
    assert_eq!(protection_level(), 0);
}

#[test]
fn no_alloc_drop_order_is_the_same_in_both_profiles() {
    static LOG: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    LOG.lock().unwrap().reserve(8);
    let len = drops_in_order(Noisy("first", &LOG), Noisy("second", &LOG));
    assert_eq!(len, 11);
    // What Rust does without the attribute: the body's locals, then the arguments in reverse.
    assert_eq!(*LOG.lock().unwrap(), ["local", "second", "first"]);
}

/// Shapes whose signature the guard rewrites: both builds must compile and agree.
#[qadapt::no_alloc(runtime_only)]
fn patterns(mut total: u32, (a, b): (u32, u32), [c, _]: [u32; 2]) -> u32 {
    #![allow(clippy::identity_op)] // an inner attribute stays at the top of the fn
    total += a * b + c * 1;
    total
}

struct Meter(u32);

impl Meter {
    #[qadapt::no_alloc(runtime_only)]
    fn into_inner(self, extra: u32) -> u32 {
        #![allow(clippy::identity_op)]
        self.0 + extra * 1
    }
}

#[qadapt::no_alloc(runtime_only)]
async fn later(mut n: u32, (a, _): (u32, u32)) -> u32 {
    n += a;
    n
}

#[test]
fn rewritten_signatures_compile_in_both_profiles() {
    assert_eq!(patterns(1, (2, 3), [4, 5]), 11);
    assert_eq!(Meter(4).into_inner(2), 6);
    assert_eq!(common::block_on(later(1, (2, 3)), || ()), 3);
}

/// `QADAPT_POLICY=report` where nothing can be checked: the table at exit says so, and never
/// claims "no violations"; the JSON carries `"checked": false`.
#[cfg(not(miri))]
#[test]
fn the_report_policy_says_what_was_checked() {
    use common::child;
    const NAME: &str = "the_report_policy_says_what_was_checked";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), qadapt::Policy::Report);
        let b = assert_no_alloc!(boxed(1)); // a violation where the checks are compiled in
        drop(b);
        assert_eq!(qadapt::report().checked(), CHECKS);
        child::done();
        return;
    }
    let (run, written) = child::run_writing_report(NAME, &[("QADAPT_POLICY", "report")]);
    run.assert_ran_to_the_end();
    assert!(!run.stderr.contains("no violations"), "{}", run.dump());
    let expected = if CHECKS {
        "qadapt: report: 1 violation at 1 site: 1 allocation"
    } else {
        "qadapt: report: nothing was checked (qadapt's checks are compiled out of this build: \
         debug_assertions and feature `always` are off)"
    };
    assert!(run.stderr.contains(expected), "{}", run.dump());
    let written = written.expect("the report file");
    assert!(
        written.starts_with(&format!("{{\"checked\":{CHECKS},")),
        "{written}"
    );
}

/// `QADAPT_POLICY` is read by the first region (or by `policy()`, `set_policy`, `warm_up()`).
/// Without the checks no region reads it: a program that never asks qadapt prints and writes
/// nothing, and so never claims "no violations" either.
#[cfg(not(miri))]
#[test]
fn a_program_that_never_asks_reports_only_what_was_checked() {
    use common::child;
    const NAME: &str = "a_program_that_never_asks_reports_only_what_was_checked";
    if child::is(NAME) {
        drop(assert_no_alloc!(boxed(1)));
        child::done();
        return;
    }
    let (run, written) = child::run_writing_report(NAME, &[("QADAPT_POLICY", "report")]);
    run.assert_ran_to_the_end();
    assert!(!run.stderr.contains("no violations"), "{}", run.dump());
    if CHECKS {
        assert!(
            run.stderr
                .contains("qadapt: report: 1 violation at 1 site: 1 allocation"),
            "{}",
            run.dump()
        );
        let written = written.expect("the report file");
        assert!(written.starts_with("{\"checked\":true,"), "{written}");
    } else {
        assert_eq!(run.qadapt_lines(), Vec::<&str>::new(), "{}", run.dump());
        assert!(written.is_err(), "a report file without checks");
    }
}
