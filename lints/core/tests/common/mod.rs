//! Helpers shared by the integration tests.

#![allow(dead_code)]

use qadapt_lints::{Analysis, Certainty, Options, PathPattern, analyse, analyse_fn, may_find};
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Analyses `body` as the body of `fn f()`.
pub fn run(body: &str, options: &Options) -> Analysis {
    let src = format!("fn f() {{\n{body}\n}}");
    let item: syn::ItemFn = syn::parse_str(&src)
        .unwrap_or_else(|err| panic!("test source does not parse: {err}\n{src}"));
    prescanned(&src, options, analyse(&item.block, options))
}

/// Checks the promise of [`may_find`] on every source a test analyses: whatever has a
/// finding, the prescan saw.
fn prescanned(src: &str, options: &Options, analysis: Analysis) -> Analysis {
    if !analysis.findings.is_empty() {
        let tokens = src.parse().expect("test source is tokens");
        assert!(
            may_find(&tokens, options),
            "the prescan missed a finding of:\n{src}"
        );
    }
    analysis
}

/// Analyses a whole `fn` item with its signature.
pub fn run_fn(item_src: &str, options: &Options) -> Analysis {
    let item: syn::ItemFn = syn::parse_str(item_src)
        .unwrap_or_else(|err| panic!("test source does not parse: {err}\n{item_src}"));
    prescanned(
        item_src,
        options,
        analyse_fn(&item.sig, &item.block, options),
    )
}

/// `(construct, certainty)` of every finding of a whole `fn` item.
pub fn found_fn(item: &str, options: &Options) -> Vec<(String, Certainty)> {
    run_fn(item, options)
        .findings
        .into_iter()
        .map(|finding| (finding.construct, finding.certainty))
        .collect()
}

pub fn default() -> Options {
    Options::default()
}

pub fn pedantic() -> Options {
    Options {
        pedantic: true,
        ..Options::default()
    }
}

pub fn patterns(list: &[&str]) -> Vec<PathPattern> {
    list.iter()
        .map(|p| PathPattern::parse(p).unwrap())
        .collect()
}

/// `(construct, certainty)` of every finding.
pub fn found(body: &str, options: &Options) -> Vec<(String, Certainty)> {
    run(body, options)
        .findings
        .into_iter()
        .map(|finding| (finding.construct, finding.certainty))
        .collect()
}

/// Constructs of the findings, pedantic mode.
pub fn constructs(body: &str) -> Vec<String> {
    found(body, &pedantic())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

pub fn definite(construct: &str) -> (String, Certainty) {
    (construct.to_owned(), Certainty::Definite)
}

pub fn possible(construct: &str) -> (String, Certainty) {
    (construct.to_owned(), Certainty::Possible)
}

/// A fresh directory under the system's temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "qadapt-lints-{name}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `text` to `relative`, creating directories, and returns the
    /// file's path.
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The display of each pattern.
pub fn names(patterns: &[PathPattern]) -> Vec<String> {
    patterns.iter().map(ToString::to_string).collect()
}

/// A workspace root's `Cargo.toml` with a qadapt table.
pub const WORKSPACE: &str = r#"
[workspace]
members = ["crates/*"]

[workspace.metadata.qadapt]
strict = true
pedantic = true
allow = ["Vec::push"]
deny = ["crate::pool::Pool::take"]
roots = ["ring::Ring::push"]
"#;

/// A member package's `Cargo.toml` with a qadapt table.
pub const PACKAGE: &str = r#"
[package]
name = "a"
version = "0.1.0"
edition = "2024"

[package.metadata.qadapt]
pedantic = false
allow = ["format", "Vec::push"]

[dependencies]
"#;
