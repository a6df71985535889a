//! The accuracy corpus of qadapt's static analysis.
//!
//! Small functions of the kind written in hot paths, grouped by topic. Each
//! module ends with its `CASES` list (see [`harness`] for the format): the
//! test `tests/accuracy/tests/corpus.rs` includes this directory as a module, measures
//! what every case really allocates with `qadapt::count_allocs`, runs the
//! `#[no_alloc]` analyser on each case's source, runs `cargo qadapt` on a copy
//! of this crate where every case is annotated `#[no_alloc]`, and prints
//! precision and recall.
//!
//! Case fns are the `pub fn` / `pub async fn` items of the topic modules,
//! free or in an `impl` block, written on one line up to their name so that
//! the copy can annotate them textually. Everything else (private fns,
//! `pub(crate)` fns, the `harness`, `helpers` and `support` modules, inputs)
//! is not a case. Paths are relative (`super::`), so the same files compile
//! as this crate and as a module of the test.
//!
//! To add a case: write the `pub fn` in the module of its topic, then its
//! `case!` entry in that module's `CASES` (the test fails if either is
//! missing). Write the code the way it would be written in a hot path, give
//! it the inputs it typically sees, and declare where you expect its
//! allocation; never adjust a case to what the analysers report.
//!
//! The mix aims at the real thing: about 45% of the cases allocate through a
//! construct written in their body, about 20% only inside the crate's own
//! helpers, methods, trait impls or `macro_rules!`, and about 35% look alike
//! but do not allocate.
#![allow(
    dead_code,
    unused_imports,
    unused_must_use,
    noop_method_call,
    clippy::all,
    clippy::pedantic,
    clippy::nursery
)]

pub mod harness;
pub mod helpers;
pub mod support;

pub mod asynchronous;
pub mod closures;
pub mod collections;
pub mod engine;
pub mod errors;
pub mod hidden;
pub mod macros;
pub mod numeric;
pub mod pointers;
pub mod strings;

/// Every case of the corpus, module by module.
pub fn cases() -> Vec<&'static harness::Case> {
    [
        strings::CASES,
        collections::CASES,
        pointers::CASES,
        numeric::CASES,
        macros::CASES,
        closures::CASES,
        asynchronous::CASES,
        hidden::CASES,
        engine::CASES,
        errors::CASES,
    ]
    .into_iter()
    .flatten()
    .collect()
}
