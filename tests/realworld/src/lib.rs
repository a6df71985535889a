//! The real-world accuracy corpus of qadapt's static analysis.
//!
//! The same format as `tests/corpus` (and the same [`harness`], shared by
//! path), but every case calls crates from the registry that people use on
//! real-time paths: an IIR filter ([`biquad`]), math ([`libm`],
//! [`num_traits`]), ring buffers ([`rtrb`], [`ringbuf`]), fixed-capacity
//! collections ([`heapless`], [`arrayvec`], [`smallvec`]), parsers ([`nom`],
//! [`httparse`]) and serialization into buffers ([`serde`] with [`postcard`]
//! and [`serde_json`], [`itoa`], [`ryu`]). Their versions are locked in the
//! workspace's `Cargo.lock`.
//!
//! The test `tests/accuracy/tests/realworld.rs` measures what every case allocates with
//! `qadapt::count_allocs`, runs the `#[no_alloc]` analyser on each case's
//! source, runs `cargo qadapt` on a copy of this crate where every case is
//! annotated `#[no_alloc]`, and prints precision and recall.
//!
//! Three kinds of cases matter here beyond `tests/corpus`:
//!
//! - the allocation happens only inside a dependency (`HeapRb::new`,
//!   `postcard::to_allocvec`, nom's `many0`): declared
//!   [`Dependency`](harness::Expect::Dependency), seen only by a checker that
//!   follows calls into other crates;
//! - the allocation depends on run-time state (a `SmallVec` that spills, a
//!   reused buffer's capacity, escapes in a JSON string): such a case has
//!   inputs of both kinds, so the measurement classes it as allocating for
//!   some state only, which a sound tool reports as "possible";
//! - look-alikes that never allocate (`heapless::Vec::push`, a `StaticRb`,
//!   `postcard::to_slice`, nom's `recognize(many0(..))`).
//!
//! Case fns are the `pub fn` items of the topic modules, written on one line
//! up to their name so that the copy can annotate them textually; `support`
//! holds the inputs and is not a case module. Never adjust a case to what the
//! analysers report.

#[path = "../../corpus/src/harness.rs"]
pub mod harness;
pub mod support;

pub mod dsp;
pub mod fixed;
pub mod parsers;
pub mod queues;
pub mod serialize;

/// Every case of the corpus, module by module.
pub fn cases() -> Vec<&'static harness::Case> {
    [
        dsp::CASES,
        queues::CASES,
        fixed::CASES,
        parsers::CASES,
        serialize::CASES,
    ]
    .into_iter()
    .flatten()
    .collect()
}
