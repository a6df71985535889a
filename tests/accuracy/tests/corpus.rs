//! Accuracy of qadapt's static analysis on `tests/corpus`: small functions
//! written like hot-path code, allocating through constructs in their body,
//! through the crate's own helpers, or not at all.
//!
//! The harness (truth by `qadapt::count_allocs`, the attribute's analysis,
//! the checker on annotated copies, the figures and the gates) is shared with
//! `realworld.rs`: see `accuracy/mod.rs`. Run it with
//! `cargo test -p qadapt-accuracy --test corpus -- --nocapture`.
//!
//! Truth is measured in unoptimised builds only: the optimiser may remove an
//! allocation the source asks for, and the analysers judge the source.
#![cfg(debug_assertions)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

#[path = "../../corpus/src/lib.rs"]
mod corpus;

mod accuracy;

use accuracy::Corpus;
use accuracy::score::{Floors, Gates};

const CORPUS: Corpus = Corpus {
    dir: "corpus",
    support_files: &["lib.rs", "harness.rs", "helpers.rs", "support.rs"],
    shared_files: &[],
    workspace_member: false,
};

/// The measured levels (see BENCHMARKS.md, "Accuracy corpus"): a regression
/// below them fails; raised as the tools improve, never lowered.
const GATES: Gates = Gates {
    // 122/180 definite; 139/197 with possible; 36 noisy of 122.
    attribute: Floors {
        precision: 1.0,
        definite_recall: 0.678,
        any_recall: 0.706,
        noise_ceiling: 36,
    },
    attribute_body_recall: 1.0,
    // 179/180 definite (`generic_encoded_len` is possible: one of its two
    // encoders allocates); 197/197 with possible; 26 noisy of 122 (40 before
    // the checker ran on rust-analyzer's engine).
    checker: Floors {
        precision: 1.0,
        definite_recall: 0.994,
        any_recall: 1.0,
        noise_ceiling: 26,
    },
};

#[test]
fn accuracy_of_the_static_analysis_on_the_corpus() {
    let subjects = accuracy::subjects!(corpus::cases(), corpus::harness::Expect);
    accuracy::measure(&CORPUS, &subjects, &GATES);
}
