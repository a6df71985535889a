//! `cargo qadapt`: the crate-wide checker of qadapt's `#[no_alloc]`.
//!
//! The `#[no_alloc]` proc macro sees one function body; real code calls
//! helpers. This checker loads a whole package (or workspace), finds every
//! `#[no_alloc]` function, and runs the same analysis (`qadapt-lints`) on it
//! and, transitively, on every function, method and `macro_rules!` macro of
//! the crate it calls, reporting each allocating construct with the call
//! chain that reaches it:
//!
//! ```text
//! warning: `format!` allocates (reached from #[no_alloc] fn `process`)
//!   --> src/dsp.rs:44:13
//!    |
//! 44 |     let s = format!("{}", x);
//!    |             ^^^^^^ builds a new `String` on the heap
//!    |
//!    = note: process (src/lib.rs:10) -> mix (src/dsp.rs:40) -> format!
//! ```
//!
//! The pipeline, one module each: [`workspace`] (targets from `Cargo.toml`),
//! [`modules`] (the module tree), [`index`] (items and scopes, with [`structs`]), [`resolve`]
//! (call sites to items), [`follow`] (the transitive walk, with [`specialise`]), [`check`] and
//! [`audit`] (the two commands), [`render`] (text, JSON, SARIF, rustc's JSON), [`cli`]
//! (the command line: a [`request`] for the [`pipeline`], written through a [`console`] that
//! never panics, with [`progress`], on a large [`stack`]).

pub mod attr;
pub mod audit;
pub mod body_uses;
pub mod check;
pub mod cli;
pub mod console;
pub mod follow;
pub mod generics;
pub mod hints;
pub mod index;
pub mod lookalikes;
pub mod macros;
pub mod modules;
pub mod notes;
pub mod panic;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod render;
pub mod report;
pub mod request;
pub mod resolve;
pub mod specialise;
pub mod stack;
pub mod stdio;
pub mod structs;
pub mod survey;
pub mod test_code;
pub mod workspace;

#[cfg(test)]
mod testing;
