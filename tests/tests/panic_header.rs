//! The header std prints for a violation's panic, `panicked at <file>:<line>:<col>:`, names the
//! user's code: the region macro, the `#[no_alloc]` function, the qadapt call that raised it.
//! Never qadapt's own sources.
//!
//! The header comes from std's panic hook, on stderr: each case runs in a child process.
#![cfg(all(any(debug_assertions, feature = "always"), not(miri)))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::child;
use common::{boxed, fn_name_location, marked_location};
use qadapt::no_alloc;

const SOURCE: &str = include_str!("panic_header.rs");

/// `file:line:col` of `needle` on the line of this file marked `// <marker>`.
fn here(marker: &str, needle: &str) -> String {
    marked_location(SOURCE, file!(), marker, needle)
}

/// In the child: runs `case`, which must raise a violation, and catches its panic; the hook has
/// printed the header to stderr by then.
fn raise(case: fn()) {
    assert!(std::panic::catch_unwind(case).is_err());
    child::done();
}

/// In the parent: the one header in the child's stderr, followed by qadapt's message.
fn header_of(name: &str) -> String {
    let run = child::run(name, &[]);
    run.assert_ran_to_the_end();
    let lines: Vec<&str> = run.stderr.lines().collect();
    let headers: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| Some((i, line.split_once(" panicked at ")?.1)))
        .collect();
    assert_eq!(headers.len(), 1, "{}", run.dump());
    let (at, header) = headers[0];
    assert!(
        lines
            .get(at + 1)
            .is_some_and(|message| message.starts_with("qadapt: ")),
        "not qadapt's panic: {}",
        run.dump()
    );
    header
        .strip_suffix(':')
        .unwrap_or_else(|| panic!("no `:` after the place: {}", run.dump()))
        .to_owned()
}

#[test]
fn assert_no_alloc_names_the_macro() {
    const NAME: &str = "assert_no_alloc_names_the_macro";
    if child::is(NAME) {
        return raise(|| drop(qadapt::assert_no_alloc!(boxed(1)))); // macro-case
    }
    assert_eq!(
        header_of(NAME),
        here("macro-case", "qadapt::assert_no_alloc!")
    );
}

#[test]
fn assert_allocs_names_the_macro() {
    const NAME: &str = "assert_allocs_names_the_macro";
    if child::is(NAME) {
        return raise(|| drop(qadapt::assert_allocs!(max = 0, boxed(1)))); // budget-case
    }
    assert_eq!(
        header_of(NAME),
        here("budget-case", "qadapt::assert_allocs!")
    );
}

#[test]
fn forbid_alloc_names_the_call() {
    const NAME: &str = "forbid_alloc_names_the_call";
    if child::is(NAME) {
        return raise(|| drop(qadapt::forbid_alloc(|| boxed(1)))); // forbid-case
    }
    assert_eq!(
        header_of(NAME),
        here("forbid-case", "qadapt::forbid_alloc(")
    );
}

#[no_alloc]
fn allocates() -> u64 {
    *common::boxed(2)
}

#[test]
fn a_no_alloc_function_names_the_function() {
    const NAME: &str = "a_no_alloc_function_names_the_function";
    if child::is(NAME) {
        return raise(|| _ = allocates());
    }
    assert_eq!(
        header_of(NAME),
        fn_name_location(SOURCE, file!(), "allocates", 0, 1)
    );
}

#[no_alloc(max = 0)]
fn over_budget() {
    drop(common::boxed(3));
}

#[test]
fn a_no_alloc_budget_function_names_the_function() {
    const NAME: &str = "a_no_alloc_budget_function_names_the_function";
    if child::is(NAME) {
        return raise(over_budget);
    }
    assert_eq!(
        header_of(NAME),
        fn_name_location(SOURCE, file!(), "over_budget", 0, 1)
    );
}

struct Meter(u64);

impl Meter {
    #[no_alloc]
    fn consume(self) -> u64 {
        *common::boxed(self.0)
    }
}

#[test]
fn a_no_alloc_method_taking_self_names_the_method() {
    const NAME: &str = "a_no_alloc_method_taking_self_names_the_method";
    if child::is(NAME) {
        return raise(|| _ = Meter(4).consume());
    }
    assert_eq!(
        header_of(NAME),
        fn_name_location(SOURCE, file!(), "consume", 0, 1)
    );
}

#[test]
fn exit_protected_names_its_call() {
    const NAME: &str = "exit_protected_names_its_call";
    if child::is(NAME) {
        return raise(|| {
            qadapt::enter_protected();
            let b = boxed(5);
            qadapt::exit_protected(); // exit-case
            drop(b);
        });
    }
    assert_eq!(
        header_of(NAME),
        here("exit-case", "qadapt::exit_protected()")
    );
}

#[test]
fn the_safe_point_that_raises_names_its_call() {
    const NAME: &str = "the_safe_point_that_raises_names_its_call";
    if child::is(NAME) {
        return raise(|| {
            let _guard = qadapt::protect();
            let b = boxed(6);
            let _ = qadapt::protection_level(); // safe-point-case
            drop(b);
        });
    }
    assert_eq!(
        header_of(NAME),
        here("safe-point-case", "qadapt::protection_level()")
    );
}
