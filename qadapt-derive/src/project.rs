//! The project's configuration, as seen by one `#[no_alloc]` invocation.
//!
//! Read from `CARGO_MANIFEST_DIR` (the crate being compiled) with
//! [`qadapt_lints::config::load_cached`], so that each invocation costs a few
//! `stat`s, and a long-lived proc-macro server (rust-analyzer's) still sees
//! every edit.
//!
//! Rebuild tracking: cargo reruns a crate's compilation only when one of the
//! files or environment variables rustc reported using changes, and replays
//! the cached warnings otherwise. A proc macro's reads are not reported on
//! stable, so the expansion makes rustc see them:
//!
//! ```text
//! const _: ::core::option::Option<&str> = ::core::option_env!("QADAPT_STRICT");
//! const _: &[u8] = ::core::include_bytes!("/abs/path/Cargo.toml"); // per config file
//! ```
//!
//! as the first statements of a function body (items there are valid in every
//! context `#[no_alloc]` accepts, and unnamed constants trigger no lint). Only
//! existing files can be included: a `qadapt.toml` created later is seen after
//! the next rebuild of the crate (e.g. `touch src/lib.rs`).
//!
//! Once per crate is enough: rustc runs every expansion again in each
//! compilation, and the first one placed reports the files. A crate of many
//! annotated functions would otherwise type-check and const-evaluate the same
//! constants hundreds of times.

use proc_macro2::{Span, TokenStream};
use qadapt_lints::config::{self, Config};
use quote::quote;
use std::ffi::OsString;
use std::sync::{Arc, Mutex};

/// The configuration in force for one invocation.
#[derive(Clone, Default)]
pub(crate) struct Project {
    /// The merged layers; the default when there is no manifest directory.
    pub config: Arc<Config>,
    /// `QADAPT_STRICT` is set: every finding is an error.
    pub env_strict: bool,
    /// The statements that make rustc track the configuration, empty when
    /// not compiled by cargo.
    pub tracking: TokenStream,
}

impl Project {
    /// The configuration of the crate being compiled. A malformed
    /// configuration, or a value of `QADAPT_STRICT` that is neither on nor
    /// off, is an error on the attribute.
    pub(crate) fn load() -> syn::Result<Project> {
        Project::from_env(
            std::env::var_os("CARGO_MANIFEST_DIR"),
            std::env::var_os(config::STRICT_ENV),
        )
    }

    /// [`Project::load`] with the values of `CARGO_MANIFEST_DIR` and
    /// `QADAPT_STRICT` given.
    pub(crate) fn from_env(
        manifest_dir: Option<OsString>,
        strict: Option<OsString>,
    ) -> syn::Result<Project> {
        let error = |err: &dyn std::fmt::Display| {
            syn::Error::new(Span::call_site(), format!("#[no_alloc]: {err}"))
        };
        let env_strict = match strict {
            Some(value) => config::parse_strict_env(&value).map_err(|err| error(&err))?,
            None => false,
        };
        let Some(dir) = manifest_dir else {
            return Ok(Project {
                env_strict,
                ..Project::default()
            });
        };
        let config = config::load_cached(std::path::Path::new(&dir)).map_err(|err| error(&err))?;
        let tracking = if tracked(&dir) {
            TokenStream::new()
        } else {
            tracking(&config)
        };
        Ok(Project {
            config,
            env_strict,
            tracking,
        })
    }
}

/// The crates (by manifest directory) whose tracking this process has placed.
static TRACKED: Mutex<Vec<OsString>> = Mutex::new(Vec::new());

fn tracked(dir: &OsString) -> bool {
    TRACKED
        .lock()
        .is_ok_and(|tracked| tracked.iter().any(|d| d == dir))
}

/// Records that the crate being compiled has its tracking statements: later
/// invocations in this compilation leave them out.
pub(crate) fn mark_tracked() {
    if let (Some(dir), Ok(mut tracked)) = (std::env::var_os("CARGO_MANIFEST_DIR"), TRACKED.lock())
        && !tracked.contains(&dir)
    {
        tracked.push(dir);
    }
}

/// The tracking statements for a configuration read from `config.sources`.
pub(crate) fn tracking(config: &Config) -> TokenStream {
    let env = config::STRICT_ENV;
    let files = config
        .sources
        .iter()
        // A path that is not UTF-8 cannot be spelt in a literal; such a file
        // is only read again when the crate is rebuilt for another reason.
        .filter_map(|path| path.to_str())
        .map(|path| syn::LitStr::new(path, Span::call_site()));
    quote! {
        const _: ::core::option::Option<&str> = ::core::option_env!(#env);
        #(const _: &[u8] = ::core::include_bytes!(#files);)*
    }
}
