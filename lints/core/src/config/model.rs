//! The configuration's model: the settings of one layer or of several
//! merged, where a layer comes from, and what is wrong with a file.

use crate::options::{Options, union};
use crate::path_pattern::PathPattern;
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable that makes every `#[no_alloc]` strict, e.g. in
/// CI: `QADAPT_STRICT=1 cargo build`.
pub const STRICT_ENV: &str = "QADAPT_STRICT";

/// The name of the per-package configuration file, beside `Cargo.toml`.
pub const CONFIG_FILE: &str = "qadapt.toml";

/// The keys that are not options of the attribute: `roots`, the functions
/// `cargo qadapt` checks beside the annotated ones.
pub const CHECKER_KEYS: [&str; 1] = ["roots"];

/// The project's settings: one layer, or several merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Findings are errors rather than warnings; `None` when no layer says.
    pub strict: Option<bool>,
    /// Also report constructs that only may allocate; `None` when no layer
    /// says.
    pub pedantic: Option<bool>,
    /// Paths known to be fine, of all layers.
    pub allow: Vec<PathPattern>,
    /// Paths known to allocate, of all layers.
    pub deny: Vec<PathPattern>,
    /// Functions of any crate of the graph that `cargo qadapt check` checks
    /// as if they were `#[no_alloc]`, of all layers (the attribute ignores
    /// them).
    pub roots: Vec<PathPattern>,
    /// The files that exist and were read, nearest last. A macro that uses
    /// this configuration must be re-run when one of them changes.
    pub sources: Vec<PathBuf>,
}

/// Where a layer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// `[workspace.metadata.qadapt]` in the workspace root's `Cargo.toml`.
    Workspace,
    /// `[package.metadata.qadapt]` in the package's `Cargo.toml`.
    Package,
    /// The top level of `qadapt.toml` beside the package's `Cargo.toml`.
    QadaptToml,
}

impl Layer {
    /// The dotted key of the layer's table in its file, empty for
    /// `qadapt.toml`.
    pub fn table_key(self) -> &'static str {
        match self {
            Layer::Workspace => "workspace.metadata.qadapt",
            Layer::Package => "package.metadata.qadapt",
            Layer::QadaptToml => "",
        }
    }

    /// The full dotted name of `key` in this layer's file, e.g.
    /// `package.metadata.qadapt.allow`.
    pub fn key(self, key: &str) -> String {
        match self.table_key() {
            "" => key.to_owned(),
            table => format!("{table}.{key}"),
        }
    }
}

/// A configuration file that could not be read or holds a bad setting.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file at fault.
    pub file: PathBuf,
    /// The full dotted key at fault (e.g. `package.metadata.qadapt.allow`),
    /// `None` when the file as a whole is (unreadable, not TOML).
    pub key: Option<String>,
    /// What is wrong, naming the key and what was expected; the `Display`
    /// output prefixes it with the file.
    pub message: String,
}

impl ConfigError {
    pub(super) fn new(file: &Path, key: Option<String>, message: String) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            key,
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "qadapt config {}: {}",
            self.file.display(),
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Merges a nearer layer over this one: the nearer `strict` and
    /// `pedantic` win where set, the `allow` and `deny` lists add up (without
    /// repeats), and so do the sources.
    pub fn merge(self, nearer: Config) -> Config {
        Config {
            strict: nearer.strict.or(self.strict),
            pedantic: nearer.pedantic.or(self.pedantic),
            allow: union(self.allow, nearer.allow),
            deny: union(self.deny, nearer.deny),
            roots: union(self.roots, nearer.roots),
            sources: union(self.sources, nearer.sources),
        }
    }

    /// `pedantic`, `allow` and `deny` as options of the analysis.
    pub fn options(&self) -> Options {
        Options {
            pedantic: self.pedantic.unwrap_or(false),
            allow: self.allow.clone(),
            deny: self.deny.clone(),
        }
    }

    /// Whether the configuration makes findings errors: `strict = true` in
    /// the nearest layer that sets it. `QADAPT_STRICT` ([`strict_from_env`](super::strict_from_env))
    /// is the environment's say, read apart.
    pub fn is_strict(&self) -> bool {
        self.strict.unwrap_or(false)
    }
}
