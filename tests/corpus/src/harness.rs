//! The case format.
//!
//! A case is a `pub fn` (or `pub async fn`) in one of the topic modules whose
//! body is exactly what gets analysed and what gets measured. Beside it, an
//! entry of the module's `CASES` list says:
//!
//! - its name (the fn's name, unique in the corpus),
//! - where its author expects the allocation, if any ([`Expect`]): used only to
//!   split the figures, the truth is always measured,
//! - its typical inputs, built *outside* the measurement,
//! - a call glue that hands the prepared input to the case fn; the glue only
//!   reborrows, dereferences, `mem::take`s or blocks on the case's future.
//!
//! A case allocates if any of its typical inputs makes it allocate or
//! reallocate, and allocates *always* if every input does. Several inputs are
//! given only where production code genuinely sees both kinds (a key that is
//! present and one that is missing, a buffer with and without room): such a
//! case allocates for some run-time state only, which a sound analyser calls
//! "possible", never "definite".
//!
//! Both corpora use this file: `tests/corpus` as its own module,
//! `tests/realworld` by `#[path]`.

use std::hint::black_box;

/// Where the author of a case expects it to allocate. Informational: the
/// test measures the truth and reports disagreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An allocating construct is written in the case's own body (std
    /// macros and closures included): `#[no_alloc]` alone can see it.
    Body,
    /// The allocation happens only inside a crate-local helper fn, method,
    /// trait impl or `macro_rules!`: only the crate-wide checker can see it.
    Helper,
    /// The allocation happens only inside another crate of the dependency
    /// graph (`tests/realworld`): only a checker that follows calls across
    /// crates can see it.
    Dependency,
    /// The case is not expected to allocate.
    Nothing,
}

/// Runs every typical input of a case through `measure`.
pub type Runner = fn(&mut dyn FnMut(&mut dyn FnMut()));

/// One registered case.
pub struct Case {
    pub name: &'static str,
    pub expect: Expect,
    pub run: Runner,
}

/// Builds the inputs, then for each one calls `measure` with a closure that
/// runs the case on it. The output is kept and dropped after the measured
/// call, like the inputs.
pub fn run_case<I, O>(
    inputs: fn() -> Vec<I>,
    call: fn(&mut I) -> O,
    measure: &mut dyn FnMut(&mut dyn FnMut()),
) {
    for mut input in inputs() {
        let mut output: Option<O> = None;
        measure(&mut || output = Some(black_box(call(black_box(&mut input)))));
        drop(output);
        drop(input);
    }
}

/// `case!(name, Expect, [input, ...], |input| glue)`.
macro_rules! case {
    ($name:ident, $expect:ident, [$($input:expr),+ $(,)?], $call:expr $(,)?) => {
        Case {
            name: stringify!($name),
            expect: Expect::$expect,
            run: |measure| run_case(|| vec![$($input),+], $call, measure),
        }
    };
}
pub(crate) use case;
