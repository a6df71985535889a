//! `#[no_alloc]`, the attribute half of [qadapt]: mark code allocation-free,
//! and have it checked at compile time and at run time.
//!
//! Use it through `qadapt::no_alloc`; the generated code calls the runtime
//! crate as `::qadapt` (or the path given with `crate = ".."`). See
//! [`no_alloc`] for the options and what the expansion does.
//!
//! [qadapt]: https://docs.rs/qadapt
#![cfg_attr(feature = "nightly", feature(proc_macro_diagnostic))]

mod args;
mod diagnostics;
mod expand;
mod fast_path;
mod item;
mod project;
mod rebind;
mod shallow;

use proc_macro2::TokenStream;

/// Marks a function (or every function of an impl block or inline mod) as
/// allocation-free, and has it checked.
///
/// ```ignore
/// use qadapt::no_alloc;
///
/// #[no_alloc]
/// fn mix(out: &mut [f32], a: &[f32], b: &[f32]) {
///     for ((o, a), b) in out.iter_mut().zip(a).zip(b) {
///         *o = a + b;
///     }
/// }
/// ```
///
/// Two checks, both on by default:
///
/// - **At compile time**, a static walk of the body flags every construct that
///   allocates (`format!`, `vec!`, `Box::new`, `.to_string()`, ...; with
///   `pedantic` also those that may, like `.push()`). On stable each finding is
///   a warning on the offending token, e.g.
///
///   ```text
///   warning: use of deprecated constant `mix::format_allocates`: `format!` allocates in
///            #[no_alloc] fn `mix`: builds a new `String` on the heap; write into a
///            preallocated buffer, or add `allow(format)` to #[no_alloc(..)] if this is intended
///   ```
///
///   (stable Rust has no warning API for macros, so the warning is a deprecated
///   constant used at that token: silence one construct with `allow(..)`, all
///   of them with `#[allow(deprecated)]` on the fn; make them fatal with `-D
///   warnings` or `strict`). With the `nightly` feature the findings are real
///   compiler warnings (which only `allow(..)` silences).
///
///   **`#![allow(deprecated)]` at the crate root silences every warning of
///   `#[no_alloc]`** (and `#[allow(deprecated)]` on a module, all of those in
///   it): the lint is the macro's only warning channel. The checks that still
///   report then are `strict` (in the attribute or the configuration: errors,
///   which no lint level hides), `QADAPT_STRICT=1` in the environment, `cargo
///   qadapt`, and the run-time check. Each warning's text says so.
/// - **At run time**, the body runs inside a no-alloc region of qadapt's
///   global allocator: any allocation made while it runs — including by the
///   functions it calls, and when dropping its arguments — is reported. An
///   `async fn` is protected during each poll, never across an `.await`. A
///   `const fn` is only checked statically.
///
/// # Where
///
/// On a `fn` (free function, method, trait method with a body), an `impl`
/// block (every method in it, trait impls included), or an inline
/// `mod m { .. }` (every fn in it, recursively, trait default methods
/// included). An item inside those that carries its own `#[no_alloc(..)]`
/// uses its own options. Not on a `trait` itself (an error): it could reach
/// the default methods but none of the implementations; annotate the methods
/// and the impl blocks. Not on a fn without a body (a required trait method,
/// a foreign function: an error), where it would check nothing.
///
/// On a closure or a statement, stable rustc rejects the attribute itself
/// (E0658, custom attributes there are unstable) before the macro runs.
///
/// # Matching by name
///
/// A proc macro cannot resolve paths, so the walk knows constructs by name:
/// `Box::new` is std's when written `Box::new`, `std::boxed::Box::new` or
/// `alloc::boxed::Box::new`, not when another crate's path leads to it
/// (`heapless::String::from`, `bumpalo::vec!`). `allow(..)` and `deny(..)`
/// match by suffix: `allow(Vec::push)`, `allow(push)` and `allow(format)` all
/// work (`allow(format!)` too). The attribute sees the body's own `use` items and items: after
/// `use heapless::Vec;` (or `struct String;`) inside the fn, the name is not
/// std's, and after a glob import from another crate (`use heapless::*;`)
/// its findings are only possible ones. It does not see the module's
/// imports: silence a finding on a type imported there under a std name
/// with `allow(..)` (`cargo qadapt`, which sees them, does not call it
/// definite). Code under a `#[cfg(..)]` is reported only when the condition
/// holds.
///
/// # Deep bodies
///
/// A proc macro runs on the compiler's stack and cannot grow it. A body
/// nested deeper than the attribute can parse safely (a few hundred levels
/// of blocks, thousands of operators: machine-written code) is not
/// analysed: it keeps its run-time guard, as written, and gets one warning
/// on the fn's name, "too deep to analyse". A body parsed but nested deeper
/// than [`qadapt_lints::MAX_DEPTH`] levels is analysed down to that depth,
/// with the same warning.
///
/// # `extern "C"` callbacks
///
/// A panic cannot unwind out of an `extern "C" fn`: the region-exit panic of a
/// violation aborts the process there. Audio and driver callbacks should run
/// under `qadapt::Policy::Log` or `Policy::Abort` (set once at start-up), or be
/// `extern "C-unwind"`.
///
/// # Options
///
/// | option | effect |
/// |---|---|
/// | `strict` | findings are errors, not warnings |
/// | `pedantic` | also report constructs that only *may* allocate |
/// | `allow(Vec::push, format, ..)` | do not report these paths |
/// | `deny(Rc::clone, ..)` | report these paths too |
/// | `forbid` | a forbid region: `allow_alloc` inside cannot lift it |
/// | `max = N` | at most `N` allocations and reallocations at run time |
/// | `static_only` | no run-time guard |
/// | `runtime_only` | no static walk |
/// | `crate = "path"` | path of the qadapt crate, if it is not `::qadapt` |
///
/// Boolean options also take `= true`/`= false`. Contradictory combinations
/// (`static_only` with `runtime_only`, `forbid` or `max`; `runtime_only` with
/// the static options; `forbid` with `max`) are errors.
///
/// # Project configuration
///
/// Defaults for `strict`, `pedantic`, `allow` and `deny` can be set for a
/// whole package or workspace, in `Cargo.toml`:
///
/// ```toml
/// [workspace.metadata.qadapt]       # the workspace root's Cargo.toml: every member
/// allow = ["Vec::push"]
///
/// [package.metadata.qadapt]         # the package's Cargo.toml
/// strict = true
/// deny = ["crate::pool::Pool::take"]
/// ```
///
/// or in a `qadapt.toml` beside the package's `Cargo.toml`, with the same keys
/// at the top level. Nearer layers win for `strict` and `pedantic` (workspace,
/// then package, then `qadapt.toml`, then the attribute itself, so
/// `#[no_alloc(strict = false)]` relaxes one function of a strict project);
/// `allow` and `deny` lists add up. `QADAPT_STRICT=1` in the environment makes
/// every `#[no_alloc]` strict, whatever the configuration says (for CI). A
/// malformed setting is an error on the attribute naming the file and the key.
/// Paths are strings parsed like the attribute's (`"format"`, `"Vec::push"`;
/// `"format!"` is accepted too). See [`qadapt_lints::config`] for the details.
///
/// Editing any of these files, or changing `QADAPT_STRICT`, re-runs the
/// attribute on the next build (the expansion tells rustc about them with
/// `include_bytes!` and `option_env!`). The one exception is a `qadapt.toml`
/// created where there was none: on stable Rust a proc macro cannot depend on
/// a file that does not exist yet, so it takes effect at the next rebuild of
/// the crate, e.g. after `touch src/lib.rs`.
///
/// # Expansion
///
/// The body runs behind a guard opened by `::qadapt::__private::enter` as the
/// function's first statement (after the compile-time warnings), with the
/// by-value arguments rebound at the start of the body's block: `return`, `?`
/// and panics keep their meaning, and by-value arguments are dropped inside
/// the region. A method taking `self` by value runs its body in a closure
/// handed to `run_fn` instead (`self` cannot be rebound), and an `async fn`
/// body is an `async move` block wrapped by `run_future`. The region is named
/// after the function (`module::function`, `module::Type::method`; the
/// attribute cannot see the `impl` of a method annotated alone, so its type is
/// read at run time with `core::any::type_name::<Self>`, generic arguments
/// included) and located at its name. In a
/// `#[track_caller]` fn taking `self` by value, panics in the body report the
/// closure's location, not the caller's (closures cannot be `#[track_caller]`
/// on stable).
///
/// That guarded body goes out next to the body as written, and qadapt picks
/// one by its own `cfg(any(debug_assertions, feature = "always"))`: a build
/// without the checks (release, by default) compiles the function as if it
/// were not annotated, apart from the compile-time warnings.
///
/// In an `async fn`, a warning names its constant `f::{closure#0}::..`: the
/// body of an `async fn` is a closure to rustc, and the constants are declared
/// in the body (declaring them outside would mean rewriting the signature or
/// adding items beside the fn that could clash with the user's).
///
/// The body's tokens are re-emitted as written. A function whose tokens name
/// nothing the analysis could report on ([`qadapt_lints::may_find`]) is not
/// parsed beyond its signature, which keeps the attribute cheap to compile on
/// the many small functions of a hot path.
#[proc_macro_attribute]
pub fn no_alloc(
    args: proc_macro::TokenStream,
    item: proc_macro::TokenStream,
) -> proc_macro::TokenStream {
    expand(args.into(), item.into()).into()
}

/// The whole attribute on `proc_macro2` tokens, with the configuration of
/// the crate being compiled.
fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    expand_in(project::Project::load(), args, item)
}

/// The whole attribute in a given project. On any error (in the options or
/// in the project's configuration, both reported), the error is emitted
/// together with the original item, so that the rest of the crate still sees
/// it and no follow-on errors pile up (before it, and apart from it, when the
/// attribute sits on an expression or a statement).
fn expand_in(
    project: syn::Result<project::Project>,
    args: TokenStream,
    item: TokenStream,
) -> TokenStream {
    let args = match (args::parse(args), project) {
        (Ok(written), Ok(project)) => Ok(args::resolve(&written, &project)),
        (Err(mut err), Err(config)) => {
            err.combine(config);
            Err(err)
        }
        (Err(err), Ok(_)) | (Ok(_), Err(err)) => Err(err),
    };
    match args.and_then(|args| item::expand(&args, item.clone())) {
        Ok(output) => output,
        Err(err) => {
            let error = err.into_compile_error();
            // Next to an expression or a statement, the error goes first and
            // stays apart: appended to `|a, b| a + b`, it would read as the
            // path `b::core::compile_error`.
            match item::misplaced(&item) {
                Some(item::Misplaced::Expr) => quote::quote!({ #error; #item }),
                Some(item::Misplaced::Stmt) => quote::quote!(#error #item),
                None => {
                    let mut output = item;
                    output.extend(error);
                    output
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
