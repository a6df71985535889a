//! `cargo qadapt`: the crate-wide checker of qadapt's `#[no_alloc]`.
//!
//! The `#[no_alloc]` proc macro sees one function body, as tokens; real
//! code calls helpers, other crates and std. This checker loads the whole
//! crate graph the way cargo builds it, on rust-analyzer's libraries (the
//! `ra_ap_*` crates: name resolution, macro expansion, type inference,
//! trait solving), and walks from every `#[no_alloc]` function through
//! every call it makes, into every crate of the graph, reporting each
//! allocating construct with the call chain that reaches it:
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
//! The pipeline, one module each, each reading the previous one's output:
//!
//! - [`load`]: cargo metadata and rust-analyzer's `load-cargo`, with the
//!   features and target cargo would use, the sysroot's std sources, and
//!   the build scripts and proc macros built when the graph has any;
//!   `files` shows the files it loaded; `source_problems` says what did
//!   not parse or was not found.
//! - [`roots`]: every `#[no_alloc]` function (on the function, its `impl`
//!   block or inline module, inside `cfg_attr`), and `--root PATH` /
//!   `roots = [..]` for any function of the graph.
//! - the walk: `calls` (one body's calls, resolved by the engine: paths,
//!   methods, operators, auto-deref, and what macros, `?`, `for` and
//!   format arguments desugar to; which run on every path, which only in a
//!   branch or a fallback closure, which lead only to a panic), `drops`
//!   (what a body drops, from the engine's MIR, and the `Drop` impls that
//!   runs), `dispatch` (the impl a trait method runs, or every impl as
//!   possible), `subst` (generic arguments carried down the chain),
//!   [`walk`] (breadth first from each root, memoised per body, std
//!   searched once per function), `sites` (where a call is, out of macro
//!   expansions).
//! - judging: `judge` (qadapt's crates are opaque, the way to a panic is
//!   no finding, std items by the catalogue's resolved keys in
//!   `std_catalogue`, allocation primitives), `attribute_reading` (the
//!   attribute's own reading of a body: growth of an empty collection, and
//!   std by name without `rust-src`), `policy` (`allow`/`deny` by resolved
//!   path).
//! - [`check`] and [`audit`], the two commands, into [`report`]'s
//!   structures; [`render`] prints them (text, JSON, SARIF, rustc's JSON);
//!   [`cli`] is the command line: a [`request`] for the [`pipeline`],
//!   written through a [`console`] that never panics, with [`progress`], on
//!   a large [`stack`].
//!
//! A construct is what it is wherever the user's own code writes it, as the
//! attribute judges it; in a dependency's or std's code, what lies behind a
//! branch is possible, and so is what only some impl of a trait reaches.

pub mod attr;
mod attribute_reading;
pub mod audit;
mod calls;
pub mod check;
pub mod cli;
pub mod console;
mod dispatch;
mod drops;
mod escape;
mod files;
mod item_path;
mod judge;
pub mod load;
pub mod panic;
pub mod pipeline;
mod policy;
pub mod progress;
pub mod render;
pub mod report;
pub mod request;
pub mod roots;
mod sites;
mod source_problems;
pub mod stack;
mod std_catalogue;
pub mod stdio;
mod subst;
#[cfg(feature = "survey")]
pub mod survey;
pub mod walk;
