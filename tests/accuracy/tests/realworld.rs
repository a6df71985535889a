//! Accuracy of qadapt's static analysis on `tests/realworld`: cases calling
//! crates from the registry that real-time code uses (an IIR filter, ring
//! buffers, fixed-capacity collections, parsers, serializers, math), some
//! allocating only inside those crates or only for some run-time state.
//!
//! The harness is shared with `corpus.rs`: see `accuracy/mod.rs`. Run it
//! with `cargo test -p qadapt-accuracy --test realworld -- --nocapture`.
//!
//! Truth is measured in unoptimised builds only: the optimiser may remove an
//! allocation the source asks for, and the analysers judge the source.
#![cfg(debug_assertions)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod accuracy;

use accuracy::Corpus;
use accuracy::score::{Floors, Gates};

const CORPUS: Corpus = Corpus {
    dir: "realworld",
    support_files: &["lib.rs", "support.rs"],
    shared_files: &["corpus/src/harness.rs"],
    workspace_member: true,
};

/// The measured levels (see BENCHMARKS.md, "Real-world corpus"): a
/// regression below them fails; raised as the tools improve, never lowered.
/// The checker's are today's, before it follows calls into dependencies
/// (issue 13): the gap to the targets is printed on every run.
const GATES: Gates = Gates {
    // 13/28 definite; 21/39 with possible; 8 noisy of 42. The attribute sees
    // tokens only: allocations inside a dependency are the checker's.
    attribute: Floors {
        precision: 1.0,
        definite_recall: 0.464,
        any_recall: 0.538,
        noise_ceiling: 8,
    },
    attribute_body_recall: 0.929,
    // 22/28 definite; 39/39 with possible; 5 noisy of 42 (on rust-analyzer's
    // engine, which follows calls into the dependencies: 14/28, 22/39 and 8
    // before).
    checker: Floors {
        precision: 1.0,
        definite_recall: 0.786,
        any_recall: 1.0,
        noise_ceiling: 5,
    },
};

#[test]
fn accuracy_of_the_static_analysis_on_real_world_code() {
    let subjects =
        accuracy::subjects!(qadapt_realworld::cases(), qadapt_realworld::harness::Expect);
    accuracy::measure(&CORPUS, &subjects, &GATES);
}
