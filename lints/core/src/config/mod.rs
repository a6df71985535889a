//! Project-wide settings for `#[no_alloc]` and `cargo qadapt`, read from the
//! crate's manifests.
//!
//! Three layers, each optional, from farthest to nearest:
//!
//! 1. the workspace: `[workspace.metadata.qadapt]` in the workspace root's
//!    `Cargo.toml` (found like cargo does: the package's own manifest if it
//!    has a `[workspace]` table, else the one that `package.workspace` points
//!    to, else the nearest `Cargo.toml` above the package with a `[workspace]`
//!    table that does not `exclude` it);
//! 2. the package: `[package.metadata.qadapt]` in the package's `Cargo.toml`;
//! 3. a `qadapt.toml` beside the package's `Cargo.toml`, with the same keys at
//!    the top level (no table header).
//!
//! ```toml
//! [package.metadata.qadapt]
//! strict = true                      # findings are errors
//! pedantic = false                   # also report what only may allocate
//! allow = ["Vec::push", "format"]    # known to be fine here
//! deny = ["crate::pool::Pool::take"] # known to allocate
//! roots = ["ringbuf::HeapRb::push"]  # cargo qadapt checks these too
//! ```
//!
//! For `strict` and `pedantic` the nearest layer that sets them wins; the
//! `allow` and `deny` lists of all layers add up. Paths are parsed with
//! [`PathPattern::parse`](crate::PathPattern::parse) (a trailing `!` is accepted for macros: `"format!"`
//! is `format`) and matched as described in the crate docs. The options of
//! one `#[no_alloc(..)]` then apply over the project's, and `QADAPT_STRICT=1`
//! in the environment (see [`strict_from_env`]) makes everything strict; a
//! value of it other than `1`, `true`, `yes`, `0`, `false`, `no` and nothing
//! (in any case) is an error.
//!
//! The workspace layer is lost when a crate is published (cargo does not copy
//! `workspace.metadata` into the published manifest): settings a published
//! crate needs belong in its package metadata or its `qadapt.toml`.
//!
//! # Errors
//!
//! Any malformed value or unknown key is a [`ConfigError`] naming the file,
//! the key and what was expected, e.g.
//!
//! ```text
//! qadapt config /w/Cargo.toml: `package.metadata.qadapt.allow` must be an array of path
//! strings like "Vec::push", found integer
//! ```
//!
//! # The TOML parser
//!
//! Whatever this crate depends on is linked into the proc macro, so the parser
//! has to be small. This uses the `toml` crate (the parser of the cargo
//! ecosystem, so it reads every manifest cargo reads, and usually already in
//! the lock file) with `default-features = false, features = ["parse",
//! "std"]`: no serde, only its [`toml::de::DeTable`] front end, which also
//! keeps spans. That adds `toml`, `toml_parser`, `toml_datetime`,
//! `serde_spanned` (without its serde feature, it depends on nothing) and
//! `winnow` to the macro's dependency tree, and no proc macro: no `serde`,
//! `serde_derive` nor `indexmap`. `toml_parser` alone would save one or two
//! crates at the cost of hand-assembling tables from its event stream.

mod env;
mod files;
mod model;
mod settings;

pub use env::{StrictEnvError, parse_strict_env, strict_from_env};
pub use files::load_cached;
pub use model::{CONFIG_FILE, Config, ConfigError, Layer, STRICT_ENV};
