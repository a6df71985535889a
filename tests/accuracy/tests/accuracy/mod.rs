//! The measuring harness shared by the accuracy tests (`corpus.rs` on
//! `tests/corpus`, `realworld.rs` on `tests/realworld`).
//!
//! For every case of a corpus:
//!
//! 1. **Truth** ([`truth`]): its typical inputs are built, then the case runs
//!    under `qadapt::count_allocs`, twice on fresh inputs. It allocates if
//!    any input made it allocate or reallocate, *always* if every input did,
//!    and *sometimes* otherwise (run-time state decides: capacity, map
//!    contents, an error path). Nothing is assumed.
//! 2. **`#[no_alloc]`** ([`sources`]): its fn is found by name in the corpus
//!    source and its body given to `qadapt_lints::analyse_fn` as the
//!    attribute does, with default options (definite findings) and with
//!    `pedantic` (possible findings too).
//! 3. **`cargo qadapt`** ([`checker`]): a copy of the corpus crate with
//!    `#[no_alloc]` written above every case fn is checked with `--format
//!    json`; a case is flagged definite if a definite finding is reached
//!    from it. A second copy, with `#[no_alloc(pedantic)]`, gives the
//!    possible findings. When the checker cannot be built or run the test
//!    fails (with a loud `CHECKER NOT MEASURED` note) unless
//!    `QADAPT_CORPUS_SKIP_CHECKER=1`.
//!
//! Then [`report`] prints, per tool, definite precision, definite recall
//! (of the cases allocating on every call), recall counting possible
//! findings, and pedantic noise, with a table of every case where a tool and
//! the truth disagree, and checks the corpus's floors ([`score::Floors`]).
//! Issue 13's targets (100%, 100%, 100%, 90% pedantic precision) are printed
//! with the gap when a tool is below them.
//!
//! `QADAPT_CORPUS_ALL=1` lists every case, not only the disagreements;
//! `QADAPT_CHECKER=/path/to/cargo-qadapt` measures a prebuilt checker
//! binary; by default the `cargo_qadapt` library runs in this process.
#![allow(dead_code)]

pub mod checker;
pub mod report;
pub mod score;
pub mod sources;
pub mod subject;
pub mod truth;

pub use subject::{Corpus, Declared, Subject, Verdict};

/// `subjects!(cases, path::to::Expect)`: the corpus's `Case`s as
/// [`Subject`]s (both corpora spell `Case` and `Expect` alike, as types of
/// their own).
macro_rules! subjects {
    ($cases:expr, $expect:path) => {{
        use $expect as Expect;
        $cases
            .iter()
            .map(|case| accuracy::Subject {
                name: case.name,
                declared: match case.expect {
                    Expect::Body => accuracy::Declared::Body,
                    Expect::Helper => accuracy::Declared::Helper,
                    Expect::Dependency => accuracy::Declared::Dependency,
                    Expect::Nothing => accuracy::Declared::Nothing,
                },
                run: case.run,
            })
            .collect::<Vec<_>>()
    }};
}
pub(crate) use subjects;

/// Measures `subjects` of `corpus`, prints the report, and fails below the
/// floors of `gates`.
pub fn measure(corpus: &Corpus, subjects: &[Subject], gates: &score::Gates) {
    assert!(
        qadapt::is_active(),
        "the accuracy tests measure truth with qadapt's counters"
    );
    let sources = sources::case_sources(corpus);
    let names = report::check_registration(subjects, &sources);
    let rows: Vec<report::Row> = subjects
        .iter()
        .map(|subject| report::Row {
            subject,
            measured: truth::measure(subject),
            attribute: sources::analyse(&sources[subject.name]),
            checker: Verdict::Nothing,
        })
        .collect();
    let checker = checker::run_checker(corpus, &names);
    let rows = match &checker {
        Ok(reached) => rows
            .into_iter()
            .map(|row| report::Row {
                checker: if reached.definite.contains(row.subject.name) {
                    Verdict::Definite
                } else if reached.any.contains(row.subject.name) {
                    Verdict::Possible
                } else {
                    Verdict::Nothing
                },
                ..row
            })
            .collect(),
        Err(_) => rows,
    };
    let failures = report::print_and_gate(corpus, &rows, checker.as_ref().err(), gates);
    assert!(
        failures.is_empty(),
        "{}\n(the figures and the table of disagreements are printed above)",
        failures.join("\n")
    );
}
