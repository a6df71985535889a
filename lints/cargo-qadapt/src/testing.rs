//! Helpers for the unit tests: a throw-away directory of files, loaded as a library crate.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::modules::Sources;
use crate::workspace::TargetKind;

/// A fresh directory under the system's temporary directory, removed on drop.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "cargo-qadapt-{name}-{}-{unique}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text` to `relative`, creating its directories.
    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Writes `files` into a fresh directory and loads `src/lib.rs` as library crate `t`.
pub fn load_lib(name: &str, files: &[(&str, &str)]) -> (TempDir, Sources) {
    let dir = TempDir::new(name);
    for (path, text) in files {
        dir.write(path, text);
    }
    let mut sources = Sources::new(dir.path());
    sources.load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"));
    assert!(sources.problems.is_empty(), "{:?}", sources.problems);
    (dir, sources)
}
