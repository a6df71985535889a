//! Runtime behaviour tests of qadapt; everything lives in `tests/`, one binary per topic, each
//! installing `Qadapt` as its global allocator (except `no_allocator.rs`).
//!
//! * In-process, Miri-friendly: `regions`, `nesting`, `exits`, `counting`, `budgets`,
//!   `messages`, `handler`, `futures`, `threads`, `forwarding`, `no_allocator`, `release`, and
//!   the `#[no_alloc]` ones: `no_alloc_exits`, `no_alloc_shapes`, `no_alloc_options`,
//!   `no_alloc_async`.
//! * Child processes (aborts, stderr, process-wide policies; not for Miri): `policies`,
//!   `backtraces`, `aborts_and_refusals`, `panic_header`, `report_policy`, `thread_exit`,
//!   `main_thread_exit` (no libtest harness).
//! * `upstream_1_0`: QADAPT 1.0's own test suite, adapted only where 2.0 differs on purpose.
//!
//! ```text
//! cargo test -p qadapt-tests                                   # the checks on (debug)
//! cargo test --release -p qadapt-tests --test release          # the checks compiled out
//! cargo test --release -p qadapt-tests --features always       # the checks kept in release
//! cargo +nightly miri test -p qadapt-tests --test regions      # (and the other in-process files)
//! ```
