//! `Policy::Report`: violations are let through, each distinct site is counted exactly (across
//! threads), printed once to stderr when first seen, listed by `report()` (most frequent first),
//! and at exit printed and written as JSON to `$QADAPT_REPORT`.
//!
//! The policy is process-wide, so each test runs in a child process. Not for Miri.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::RawBlock;
use common::child;
use qadapt::{Policy, ViolationKind, protect};
use serde_json::Value;

const THREADS: usize = 3;
const ROUNDS: usize = 10;
const GROWS: usize = 4;
const NEW_SITE: &str = "qadapt: new violation site (Policy::Report)";
/// Whether frames can be expected by name: optimised builds (`--release --features always`)
/// inline the small site functions away.
const NAMED_FRAMES: bool = cfg!(debug_assertions);

/// Site A: an allocation, made from several threads.
#[inline(never)]
fn site_a_allocates() -> RawBlock {
    RawBlock::new(8, 8)
}

/// Site B: a reallocation, made on one thread with growing sizes.
#[inline(never)]
fn site_b_grows(block: &mut RawBlock, size: usize) {
    block.resize(size);
}

/// The work of the child: `THREADS * ROUNDS` allocations at site A, `GROWS` reallocations at
/// site B, each inside a region, none of them raised.
fn make_violations() {
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            std::thread::Builder::new()
                .name(format!("reporter-{t}"))
                .spawn(|| {
                    let start = qadapt::violation_count();
                    for _ in 0..ROUNDS {
                        let block = {
                            let _guard = protect();
                            site_a_allocates()
                        }; // no panic: the violation was let through
                        drop(block); // outside the region
                    }
                    assert_eq!(qadapt::violation_count() - start, ROUNDS);
                })
                .unwrap()
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    let mut block = RawBlock::new(8, 8);
    for i in 0..GROWS {
        let _guard = protect();
        site_b_grows(&mut block, 16 << i);
    }
}

fn site_json<'a>(json: &'a Value, kind: &str) -> &'a Value {
    json["sites"]
        .as_array()
        .expect("a sites array")
        .iter()
        .find(|s| s["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} site in {json}"))
}

fn check_json(json: &Value) {
    let sites = json["sites"].as_array().expect("a sites array");
    assert_eq!(sites.len(), 2, "{json}");
    assert_eq!(json["checked"], true, "{json}");
    assert_eq!(json["violations"], THREADS * ROUNDS + GROWS, "{json}");
    // Most frequent first.
    assert_eq!(sites[0]["kind"], "allocation", "{json}");
    let a = site_json(json, "allocation");
    assert_eq!(a["count"], THREADS * ROUNDS, "{json}");
    assert_eq!(
        (&a["allocations"], &a["reallocations"], &a["deallocations"]),
        (
            &Value::from(THREADS * ROUNDS),
            &Value::from(0),
            &Value::from(0)
        ),
        "{json}"
    );
    assert_eq!(a["region"], Value::Null, "an anonymous region: {json}");
    assert!(
        a["region_location"]
            .as_str()
            .is_some_and(|l| l.starts_with(file!())),
        "{json}"
    );
    assert_eq!(a["largest_size"], 8, "{json}");
    assert!(
        a["first_violation"].as_str().is_some_and(
            |s| s.starts_with("allocation of 8 bytes (align 8) inside no-alloc region (")
        ),
        "{json}"
    );
    let b = site_json(json, "reallocation");
    assert_eq!(b["count"], GROWS, "{json}");
    assert_eq!(b["largest_size"], 16 << (GROWS - 1), "{json}");
    for (site, function) in [(a, "site_a_allocates"), (b, "site_b_grows")] {
        let frames = site["frames"].as_array().expect("a frames array");
        assert!(!frames.is_empty(), "{json}");
        assert!(
            frames.iter().all(|f| f["function"].is_string()
                && (f["location"].is_string() || f["location"].is_null())),
            "{json}"
        );
        assert!(
            !NAMED_FRAMES
                || frames.iter().take(4).any(|f| f["function"]
                    .as_str()
                    .is_some_and(|name| name.contains(function))),
            "{function} among the first frames: {json}"
        );
    }
}

#[test]
fn report_counts_each_site_exactly_across_threads_and_writes_json_at_exit() {
    const NAME: &str = "report_counts_each_site_exactly_across_threads_and_writes_json_at_exit";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Report);
        make_violations();
        let report = qadapt::report();
        assert!(!report.is_empty());
        let sites = report.sites();
        assert_eq!(sites.len(), 2, "{report}");
        assert_eq!(sites[0].kind(), ViolationKind::Allocation);
        assert_eq!(sites[0].count(), THREADS * ROUNDS);
        assert_eq!(sites[0].largest_size(), 8);
        assert!(
            !NAMED_FRAMES
                || sites[0]
                    .functions()
                    .take(4)
                    .any(|f| f.contains("site_a_allocates"))
        );
        assert!(
            sites[0].first_violation().contains(" on thread `reporter-"),
            "{}",
            sites[0].first_violation()
        );
        assert_eq!(sites[1].kind(), ViolationKind::Reallocation);
        assert_eq!(sites[1].count(), GROWS);
        assert_eq!(sites[1].largest_size(), 16 << (GROWS - 1));
        assert!(
            !NAMED_FRAMES
                || sites[1]
                    .functions()
                    .take(4)
                    .any(|f| f.contains("site_b_grows"))
        );
        let text = report.to_string();
        assert!(
            text.starts_with(&format!(
                "qadapt: report: {} violations at 2 sites: {} allocations, {GROWS} reallocations\n",
                THREADS * ROUNDS + GROWS,
                THREADS * ROUNDS
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "  #1: {} allocations (largest 8 bytes) in the region at ",
                THREADS * ROUNDS
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "  #2: {GROWS} reallocations (largest {} bytes) in the region at ",
                16 << (GROWS - 1)
            )),
            "{text}"
        );
        let json: Value = serde_json::from_str(&report.to_json()).expect("to_json() is JSON");
        check_json(&json);
        child::done();
        return;
    }
    let (run, written) = child::run_writing_report(NAME, &[]);
    run.assert_ran_to_the_end();
    // Each site printed once, when first seen.
    assert_eq!(run.stderr.matches(NEW_SITE).count(), 2, "{}", run.dump());
    // The table again at exit.
    assert!(
        run.stderr.contains(&format!(
            "qadapt: report: {} violations at 2 sites",
            THREADS * ROUNDS + GROWS
        )),
        "{}",
        run.dump()
    );
    let written = written.unwrap_or_else(|e| panic!("no report file: {e}\n{}", run.dump()));
    let json: Value = serde_json::from_str(&written).expect("the report file is JSON");
    check_json(&json);
}

#[test]
fn report_policy_from_the_environment_lets_violations_through() {
    const NAME: &str = "report_policy_from_the_environment_lets_violations_through";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Report);
        let block = {
            let _guard = protect();
            site_a_allocates()
        };
        drop(block);
        assert_eq!(qadapt::report().sites().len(), 1);
        child::done();
        return;
    }
    let run = child::run(NAME, &[("QADAPT_POLICY", "report")]);
    run.assert_ran_to_the_end();
    assert_eq!(run.stderr.matches(NEW_SITE).count(), 1, "{}", run.dump());
    assert!(
        run.stderr
            .contains("qadapt: report: 1 violation at 1 site: 1 allocation"),
        "{}",
        run.dump()
    );
}

#[test]
fn an_empty_report_is_still_written_at_exit_for_ci_to_gate_on() {
    // sites.rs: "written as JSON to $QADAPT_REPORT when that is set, so CI can gate on an empty
    // list": a clean run must leave `{"sites":[]}`, not nothing.
    const NAME: &str = "an_empty_report_is_still_written_at_exit_for_ci_to_gate_on";
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Report);
        let mut v: Vec<u32> = Vec::with_capacity(1);
        qadapt::assert_no_alloc!(v.push(1));
        let report = qadapt::report();
        assert!(report.is_empty());
        assert_eq!(report.to_string(), "qadapt: report: no violations\n");
        assert_eq!(
            report.to_json(),
            r#"{"checked":true,"violations":0,"sites":[]}"#
        );
        child::done();
        return;
    }
    let (run, written) = child::run_writing_report(NAME, &[("QADAPT_POLICY", "report")]);
    run.assert_ran_to_the_end();
    let written = written.unwrap_or_else(|e| panic!("no report file after a clean run: {e}"));
    let json: Value = serde_json::from_str(&written).expect("the report file is JSON");
    assert_eq!(
        json,
        serde_json::json!({ "checked": true, "violations": 0, "sites": [] })
    );
}

/// Under `Report` every violation's stack is walked, so one made inside the user's own
/// `std::backtrace::Backtrace` capture (which holds std's backtrace lock while it allocates) must
/// not wait for that lock.
#[test]
fn a_violation_inside_std_backtrace_capture_is_recorded_not_deadlocked() {
    const NAME: &str = "a_violation_inside_std_backtrace_capture_is_recorded_not_deadlocked";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Report);
        {
            let _guard = protect();
            std::mem::forget(std::hint::black_box(
                std::backtrace::Backtrace::force_capture(),
            ));
        }
        let report = qadapt::report();
        assert!(!report.is_empty(), "{report}");
        assert!(
            !NAMED_FRAMES
                || report.sites().iter().any(|site| site
                    .functions()
                    .any(|f| f.contains("std::backtrace::Backtrace"))),
            "{report}"
        );
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
}

struct Holder<T>(T);

impl<T: Copy> Holder<T> {
    /// Annotated alone: its type is read at run time, generic arguments and all.
    #[qadapt::no_alloc]
    fn widen(&self, extra: usize) -> T {
        std::hint::black_box(common::heap(extra));
        self.0
    }
}

/// Messages cut a region's generic arguments to `<..>`; the JSON keeps its full name.
#[test]
fn the_json_keeps_the_full_name_of_a_generic_region() {
    const NAME: &str = "the_json_keeps_the_full_name_of_a_generic_region";
    const FULL: &str = "report_policy::Holder<core::option::Option<(u16, [u32; 3])>>::widen";
    if child::is(NAME) {
        qadapt::set_policy(Policy::Report);
        Holder(Some((1u16, [2u32; 3]))).widen(6);
        let report = qadapt::report();
        let site = &report.sites()[0];
        assert_eq!(site.region_name(), Some(FULL));
        assert!(
            site.first_violation()
                .contains("inside no-alloc region `report_policy::Holder<..>::widen` ("),
            "{report}"
        );
        let json: Value = serde_json::from_str(&report.to_json()).expect("to_json() is JSON");
        assert_eq!(json["sites"][0]["region"], FULL, "{json}");
        child::done();
        return;
    }
    child::run(NAME, &[]).assert_ran_to_the_end();
}

/// A region whose loop allocates and frees a `Box` `n` times: one site (the allocation and its
/// free are made by the same code).
#[inline(never)]
fn mixer_a(n: u64) {
    let _guard = protect();
    for i in 0..n {
        drop(std::hint::black_box(Box::new(std::hint::black_box(i))));
    }
}

#[inline(never)]
fn mixer_b(n: u64) {
    let _guard = protect();
    for i in 0..n {
        drop(std::hint::black_box(Box::new(std::hint::black_box(i))));
    }
}

#[inline(never)]
fn mixer_c(n: u64) {
    let _guard = protect();
    for i in 0..n {
        drop(std::hint::black_box(Box::new(std::hint::black_box(i))));
    }
}

/// The issue's shape: 3 regions, each allocating and freeing a `Box` 1000 times. Three sites,
/// counted by kind, and a short stderr: one line per new site, then a compact table.
#[test]
fn three_regions_that_allocate_and_free_in_a_loop_make_three_sites_and_few_lines() {
    const NAME: &str =
        "three_regions_that_allocate_and_free_in_a_loop_make_three_sites_and_few_lines";
    const N: u64 = 1000;
    if child::is(NAME) {
        assert_eq!(qadapt::policy(), Policy::Report);
        mixer_a(N);
        mixer_b(N);
        mixer_c(N);
        let report = qadapt::report();
        assert_eq!(report.sites().len(), 3, "{report}");
        for site in report.sites() {
            assert_eq!(
                (
                    site.allocations(),
                    site.reallocations(),
                    site.deallocations()
                ),
                (N as usize, 0, N as usize),
                "{report}"
            );
        }
        child::done();
        return;
    }
    let (run, written) = child::run_writing_report(NAME, &[("QADAPT_POLICY", "report")]);
    run.assert_ran_to_the_end();
    let lines = run.stderr.lines().count();
    assert!(lines <= 60, "{lines} lines on stderr:\n{}", run.dump());
    assert_eq!(run.stderr.matches(NEW_SITE).count(), 3, "{}", run.dump());
    assert!(
        run.stderr.contains(
            "qadapt: report: 6000 violations at 3 sites: 3000 allocations, 3000 deallocations"
        ),
        "{}",
        run.dump()
    );
    // The table names where each site is, in the program's own functions.
    for mixer in ["mixer_a", "mixer_b", "mixer_c"] {
        assert!(
            !NAMED_FRAMES
                || run
                    .stderr
                    .contains(&format!("      at report_policy::{mixer} (")),
            "{}",
            run.dump()
        );
    }
    let json: Value = serde_json::from_str(&written.expect("the report file")).expect("JSON");
    let sites = json["sites"].as_array().expect("a sites array");
    assert_eq!(sites.len(), 3, "{json}");
    for site in sites {
        assert_eq!(site["allocations"], N, "{json}");
        assert_eq!(site["deallocations"], N, "{json}");
        assert!(
            site["frames"].as_array().is_some_and(|f| !f.is_empty()),
            "{json}"
        );
    }
}

/// A region `depth` calls down: each depth is a call path of its own, so a site of its own.
#[inline(never)]
fn nest(depth: usize) {
    if depth == 0 {
        let _guard = protect();
        drop(std::hint::black_box(Box::new(1u8)));
    } else {
        nest(std::hint::black_box(depth - 1));
    }
}

/// The lines announcing new sites come from the report thread while the program writes its own
/// lines to stderr from another thread: every line stays whole, the program's and qadapt's.
#[test]
fn new_site_lines_and_the_programs_own_lines_stay_whole() {
    const NAME: &str = "new_site_lines_and_the_programs_own_lines_stay_whole";
    const SITES: usize = 20;
    const PROGRAM_LINES: usize = 400;
    if child::is(NAME) {
        qadapt::set_policy(Policy::Report);
        let writer = std::thread::spawn(|| {
            for i in 0..PROGRAM_LINES {
                eprintln!("program line {i} of the program's own output");
            }
        });
        for depth in 0..SITES {
            nest(depth);
        }
        writer.join().unwrap();
        assert_eq!(qadapt::report().sites().len(), SITES);
        child::done();
        return;
    }
    let run = child::run(NAME, &[]);
    run.assert_ran_to_the_end();
    let mut program = 0;
    for line in run.stderr.lines() {
        if line.starts_with("program line ") {
            assert!(
                line.ends_with(" of the program's own output") && !line.contains("qadapt"),
                "torn: {line:?}\n{}",
                run.dump()
            );
            program += 1;
        } else {
            assert!(
                line.starts_with("qadapt: ") || line.starts_with("  "),
                "torn: {line:?}\n{}",
                run.dump()
            );
        }
    }
    assert_eq!(program, PROGRAM_LINES, "{}", run.dump());
    assert_eq!(
        run.stderr.matches(NEW_SITE).count(),
        SITES,
        "{}",
        run.dump()
    );
}
