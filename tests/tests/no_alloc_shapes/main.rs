//! `#[no_alloc]` on every shape of function: free fns, inherent and trait methods with every
//! receiver, trait default methods, generics, `impl Trait`, lifetimes, `unsafe fn`,
//! `extern "C" fn`, an impl block, an inline mod, a `const fn` and a diverging fn.
//!
//! For each: the body runs inside a region (`protection_level() == 1` inside, `0` after), a
//! non-allocating body passes, an allocation inside (here always made by a callee, which the
//! static walk cannot see, so this test compiles without a single finding) panics with a message
//! naming the function (`module::Type::method`) and the location of its name, and by-value
//! arguments are dropped inside the region. Functions are in `functions.rs`, methods (inherent,
//! trait, of an annotated impl block or inline mod) in `methods.rs`.
#![cfg(any(debug_assertions, feature = "always"))]
// Any static finding in this test would be a false positive.
#![deny(deprecated)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

#[path = "../common/mod.rs"]
mod common;

mod functions;
mod methods;

/// The location and report helpers of one module of this test, reading that module's own text:
/// `name_location`, `nth_name_location`, `assert_report` and `assert_report_at`.
macro_rules! source_helpers {
    ($file:literal) => {
        const SOURCE: &str = include_str!($file);

        /// `file:line:column` of the name of the one `fn <name>` in this file.
        #[allow(dead_code)]
        fn name_location(name: &str) -> String {
            nth_name_location(name, 0, 1)
        }

        /// `file:line:column` of the name of the `nth` of the `count` `fn <name>`s in this file
        /// (a trait method and its implementation).
        #[allow(dead_code)]
        fn nth_name_location(name: &str, nth: usize, count: usize) -> String {
            crate::common::fn_name_location(SOURCE, file!(), name, nth, count)
        }

        /// Checks a report: `kind` (e.g. "allocation of 16 bytes (align 1)") inside the no-alloc
        /// region named `region` (after this module's path) located at the name of `fn name`.
        #[allow(dead_code)]
        #[track_caller]
        fn assert_report(message: &str, kind: &str, region: &str, name: &str) {
            assert_report_at(message, kind, region, &name_location(name));
        }

        #[allow(dead_code)]
        #[track_caller]
        fn assert_report_at(message: &str, kind: &str, region: &str, location: &str) {
            let expected = format!(
                "qadapt: {kind} inside no-alloc region `{}::{region}` ({location}) on thread `",
                module_path!()
            );
            assert!(
                message.starts_with(&expected),
                "\nexpected: {expected}\n     got: {message}"
            );
        }
    };
}
use source_helpers;
