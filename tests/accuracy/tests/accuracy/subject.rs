//! The shared vocabulary of the harness: a corpus, its cases as the harness
//! sees them, a tool's verdict, and where the corpora live.

use std::path::{Path, PathBuf};

/// A corpus crate under `tests/`.
pub struct Corpus {
    /// Its directory under `tests/`, also its name in the report.
    pub dir: &'static str,
    /// The files of its `src/` that hold no cases.
    pub support_files: &'static [&'static str],
    /// Files outside its directory that its sources include by `#[path]`,
    /// relative to `tests/`: the annotated copy brings them along.
    pub shared_files: &'static [&'static str],
    /// A member of the workspace (its dependencies locked in the
    /// workspace's `Cargo.lock`), rather than a crate on its own.
    pub workspace_member: bool,
}

impl Corpus {
    pub fn dir(&self) -> PathBuf {
        tests_dir().join(self.dir)
    }

    pub fn is_support(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|name| self.support_files.iter().any(|s| name == *s))
    }
}

/// The corpora's case format, compiled here once more: each corpus crate
/// has its own copy of these types, which `subjects!` maps onto this one.
#[path = "../../../corpus/src/harness.rs"]
#[allow(unused_imports, unused_macros)]
mod case_format;

/// Where a corpus author expects a case to allocate.
pub use case_format::Expect as Declared;
/// Runs every typical input of a case through the measuring closure.
pub use case_format::Runner;

/// One case, as the harness sees it.
pub struct Subject {
    pub name: &'static str,
    pub declared: Declared,
    pub run: Runner,
}

/// A tool's verdict on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Nothing,
    Possible,
    Definite,
}

/// `tests/`, where the corpora are: the parent of this package's directory.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/accuracy has a parent")
        .to_path_buf()
}

pub fn workspace_dir() -> PathBuf {
    tests_dir()
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}
