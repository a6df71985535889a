//! The static analysis behind qadapt's `#[no_alloc]` attribute: given the
//! syn tree of a function body, find the constructs that obviously allocate.
//!
//! qadapt's run-time guard catches every allocation, but only on the code
//! paths a test happens to execute. This crate catches the obvious ones
//! (`format!`, `Box::new`, `.to_string()`, `collect::<Vec<_>>()`, ...) at
//! compile time, on every path. It is used by the `qadapt-derive` proc macro,
//! which turns findings into warnings or errors, and by the `cargo qadapt`
//! checker, which also follows [`Analysis::calls`] into the crate's own
//! functions. It knows nothing of proc macros: it takes syn trees and returns
//! [`Finding`]s. [`may_find`] answers from tokens alone whether a function can
//! have any finding at all, so that the proc macro parses only those that can.
//!
//! ```
//! use qadapt_lints::{Certainty, Options, analyse};
//!
//! let body: syn::Block = syn::parse_str(r#"{
//!     let name = format!("{}-{}", prefix, id);
//!     buffer.push(name.len());
//! }"#).unwrap();
//!
//! let analysis = analyse(&body, &Options::default());
//! assert_eq!(analysis.findings.len(), 1);
//! assert_eq!(analysis.findings[0].construct, "`format!`");
//! assert_eq!(analysis.findings[0].certainty, Certainty::Definite);
//!
//! // `.push()` allocates only when the buffer is full: pedantic mode only.
//! let pedantic = Options { pedantic: true, ..Options::default() };
//! let analysis = analyse(&body, &pedantic);
//! assert_eq!(analysis.findings.len(), 2);
//! assert_eq!(analysis.findings[1].lint_name, "push_may_allocate");
//! ```
//!
//! # Certainty
//!
//! A proc macro sees tokens: it cannot resolve paths or infer types, so
//! everything is recognised by name, from the table in [`catalogue`].
//! Since a lint that cries wolf gets switched off, only constructs that
//! allocate whenever the value they build is non-empty are
//! [`Certainty::Definite`] and always reported. Constructs whose allocation
//! depends on types or values the macro cannot see are
//! [`Certainty::Possible`] and reported only with [`Options::pedantic`].
//! Obviously empty values stay quiet: `vec![]`, `Vec::with_capacity(0)`,
//! `format!("")`, `String::from("")`, `Box::new(())`, and so do obviously
//! zero-sized ones: `vec![(); n]`, `Box::new(|x| x * 2)` (a closure that
//! captures nothing).
//!
//! # Types
//!
//! Some types are written down, and where they are, they decide. The
//! parameters and the return type when the signature is given
//! ([`analyse_fn`]), `let` annotations, closure parameter annotations, and
//! what is evident from the code: a string literal is a `&str`, `x.trim()`
//! a `&str`, `format!(..)` a `String`, the items of `v.iter()` references to
//! the elements of `v`, the parameter of the closure in `opt.map(|x| ..)`
//! the `T` of an `Option<T>`. So `.to_owned()`, `.clone()`,
//! `.to_lowercase()`, `.join(sep)`, `.split_off(n)` are definite on text,
//! slices, paths or owned buffers and possible on receivers of unknown type
//! (`to_owned()` on a `&u64` copies the integer), and quiet on primitives.
//! A bare `.collect()` (or `.partition(..)`, `.unzip()`) is judged by its
//! `let` annotation or, when returned, by the function's return type, and
//! `x.into()` of borrowed data into an owning type named there is definite.
//! Names are scoped: a binding of unknown type hides a parameter of the
//! same name.
//!
//! A collection created empty in the body (`let mut v = Vec::new();`,
//! `vec![]`, `String::new()`, `HashMap::new()`, ...) has no buffer: the
//! first `push`, `insert`, `extend`, `write!`, `+=`, ... on it is definite,
//! unless something else could have given it one first (an assignment, a
//! `&mut v`, `reserve`, an unknown method or macro).
//!
//! # What is walked
//!
//! The whole body, including closures, async blocks, match guards, `let
//! else` branches and the arguments of macros, which are re-parsed: the
//! formatting, assertion and `vec!` macros by their known grammars, unknown
//! macros as comma-separated expressions when that parses. An assertion's
//! message arguments and a `panic!`'s arguments only run on the way to a
//! crash, so findings there are downgraded to possible. So are findings in
//! fallback and error closures, which run only when a value is missing or
//! an error occurred: `unwrap_or_else(|| Vec::with_capacity(n))`,
//! `entry(k).or_insert_with(|| ..)`, `map_err(|e| format!(..))` (see
//! [`runs_lazily`]); whether they run is run-time state.
//!
//! A function used as a value is checked like a call, since it will be
//! called: `.map(String::from)` is reported (only paths of two or more
//! segments, a single identifier is usually a local variable). A bare
//! `.collect()` whose `let` has a type annotation is judged by that type:
//! `let v: Vec<_> = it.collect();` is a definite `collect::<Vec<_>>()`.
//! `<[T]>::to_vec` is looked up as `slice::to_vec`.
//!
//! Not walked: nested items (a nested `fn` runs only when called), `const`
//! blocks, types, compile-time macros such as `stringify!` and `concat!`,
//! and anything inside `allow_alloc!{..}` or `allow_alloc(|| ..)` (with any
//! path prefix, e.g. `qadapt::allow_alloc`), where the run-time guard
//! accepts allocations too.
//!
//! # `allow` and `deny`
//!
//! [`Options::allow`] and [`Options::deny`] hold [`PathPattern`]s, matched
//! against what is written at a call site: the path of a function call
//! (`Pool::take(..)` is `Pool::take`), the name of a method call (`.take()`
//! is `take`), or the path of a macro (`format!` is `format`). Since nothing
//! can be resolved, two paths match when **the shorter is a suffix of the
//! longer**:
//!
//! - `allow(push)` matches `.push()`, `Vec::push(..)` and `VecDeque::push(..)`:
//!   a one-segment pattern matches everything whose last segment it is, so
//!   `allow(new)` would silence `Box::new`, `Rc::new`, `Arc::new`, ....
//! - `allow(Vec::push)` matches `Vec::push(..)`, `std::vec::Vec::push(..)`,
//!   and **every `.push()` method call**, whatever the receiver: the
//!   receiver's type is unknown, so a method call matches every pattern whose
//!   last segment is its name.
//! - `allow(crate::pool::Pool::take)` matches `Pool::take(..)`,
//!   `crate::pool::Pool::take(..)`, a bare `take(..)` and `p.take()`, but not
//!   `Other::take(..)`.
//! - Leading `crate`, `self` and `super` segments of the call are ignored, and
//!   `Self` matches any one segment.
//! - Catalogue findings are also silenced by a pattern matching the catalogue
//!   name: `allow(alloc::boxed::Box::new)` silences `std::boxed::Box::new(..)`.
//!
//! An allowed call site is neither reported nor listed in
//! [`Analysis::calls`], so the crate-wide checker does not follow it. The
//! same suffix rule makes `deny` patterns report matching calls, method
//! calls and macros as definite findings ("listed in `deny` as known to
//! allocate"); those are not listed as calls either. When both match, `allow`
//! wins. Prefer distinctive names in `deny`: `deny(Pool::take)` also reports
//! `option.take()`.
//!
//! The catalogue itself is stricter: its path entries must match whole, so
//! `Box::new` matches `std::boxed::Box::new(..)` and `Box::<T>::new(..)` but a
//! bare `new(..)` is not `Box::new`.

mod analysis;
pub mod attribute;
mod call;
pub mod catalogue;
pub mod config;
mod crate_types;
pub mod depth;
mod extent;
mod finding;
mod growth;
mod imports;
mod judge;
mod lazy;
mod macro_args;
mod option_names;
mod options;
mod path_pattern;
mod pattern_list;
mod prescan;
mod scopes;
mod syntax;
mod type_text;
mod types;
mod visit;

pub use crate::analysis::Analysis;
pub use crate::call::{Call, CallKind};
pub use crate::config::{Config, ConfigError};
pub use crate::crate_types::{CrateContext, CrateTypes, NoCrateTypes};
pub use crate::depth::MAX_DEPTH;
pub use crate::finding::{Certainty, Finding};
pub use crate::lazy::runs_lazily;
pub use crate::options::{Options, union};
pub use crate::path_pattern::PathPattern;
pub use crate::prescan::{Prescan, may_find, prescan};
pub use crate::type_text::type_text;

use syn::visit::Visit;

/// Analyses a function body, knowing nothing of the function's signature.
///
/// Prefer [`analyse_fn`] when the signature is at hand: it knows the types
/// of the parameters and the return type, and finds more.
pub fn analyse(block: &syn::Block, options: &Options) -> Analysis {
    let mut walker = visit::Walker::new(options);
    walker.visit_block(block);
    walker.into_analysis()
}

/// Analyses the body of a function with this signature.
///
/// Everything [`analyse`] finds is found, and more, since the parameters'
/// types and the return type are known:
///
/// - `name.to_owned()`, `name.to_lowercase()` or `text.replace(a, b)` on a
///   parameter `name: &str`, `data.to_owned()` on a `&[T]`, `dir.join(f)`
///   on a `&Path`, `v.split_off(n)` on a `&mut Vec<T>`;
/// - `v.clone()` on a parameter of type `&Vec<T>`, `&String`, `String`,
///   `&PathBuf`, ... (one that owns a heap buffer);
/// - `Vec::from(x)`, `PathBuf::from(x)`, `CString::new(x)`, `Box::from(x)`
///   of a parameter `x` of a `&` type, which must be copied;
/// - the returned value: a bare `.collect()` (or `.partition(..)`,
///   `.unzip()`) returned from a function declared to return `Vec<T>`,
///   `String`, `HashMap<K, V>`, `Result<Vec<T>, E>`, ..., and `x.into()` of
///   borrowed data returned as `String`, `Box<dyn Error>`, ... (also in
///   `Ok(..)`, `Err(..)` and `Some(..)`);
/// - `?` in a function returning `Result<_, Box<dyn Error>>`, which boxes
///   errors: definite for std parse errors and text errors, possible
///   otherwise (pedantic);
/// - closure parameters: `opt.map(|s| s.to_uppercase())` on an
///   `Option<&str>` parameter, `names.sort_by_key(|n| n.to_lowercase())`.
///
/// Receivers and arguments whose types stay unknown are judged as by
/// [`analyse`].
///
/// ```
/// use qadapt_lints::{Options, analyse, analyse_fn};
///
/// let item: syn::ItemFn = syn::parse_str(
///     "fn key(name: &str) -> String { name.to_lowercase() }",
/// ).unwrap();
/// let options = Options::default();
/// // Without the signature, `name` could be a `char`.
/// assert_eq!(analyse(&item.block, &options).findings.len(), 0);
/// let analysis = analyse_fn(&item.sig, &item.block, &options);
/// assert_eq!(analysis.findings[0].construct, "`.to_lowercase()`");
/// ```
pub fn analyse_fn(sig: &syn::Signature, block: &syn::Block, options: &Options) -> Analysis {
    let mut walker = visit::Walker::with_signature(options, sig);
    walker.body(block);
    walker.into_analysis()
}

/// Analyses the body of a function of a crate whose types a crate-wide
/// checker knows: as [`analyse_fn`], and `self` has the impl's type, fields
/// of the crate's structs have their declared types (`self.name.to_owned()`
/// is definite when `name: String`), and `.clone()` of a crate struct that
/// derives `Clone` is definite when one of its fields owns a heap buffer.
pub fn analyse_fn_in(
    sig: &syn::Signature,
    block: &syn::Block,
    options: &Options,
    context: &CrateContext,
) -> Analysis {
    let mut walker = visit::Walker::in_crate(options, sig, context);
    walker.body(block);
    walker.into_analysis()
}

/// Analyses a single expression, e.g. a closure body.
pub fn analyse_expr(expr: &syn::Expr, options: &Options) -> Analysis {
    let mut walker = visit::Walker::new(options);
    walker.visit_expr(expr);
    walker.into_analysis()
}
