//! The whole pipeline over any directory of Rust code, for the crash test
//! over the registry's crates and for the throughput benchmark.
//!
//! A surveyed package is loaded from its targets like `check` does, and then
//! every other `.rs` file under it (tests, examples, benches, build scripts,
//! generated code) is loaded as a crate of its own, so that every file is
//! parsed. Every function is analysed (pedantic, so that every catalogue
//! entry is tried), every call of every function is resolved, and the walk
//! runs from the first functions as if they were `#[no_alloc]`.

use crate::follow::Follower;
use crate::index::Index;
use crate::modules::{Problem, ProblemKind, Sources};
use crate::panic;
use crate::resolve::Target;
use crate::workspace::{self, TargetKind};
use qadapt_lints::Options;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What a survey went through.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub crates: usize,
    pub files: usize,
    pub lines: usize,
    pub functions: usize,
    pub findings: usize,
    pub calls: usize,
    /// Calls resolved to at least one of the crate's own items.
    pub resolved: usize,
    pub walks: usize,
    /// Functions and macros visited by the walks, added up.
    pub walked: usize,
    /// Files that could not be read or parsed, modules not found.
    pub problems: Vec<Problem>,
    /// Panics, caught: each one is a bug.
    pub internal_errors: Vec<Problem>,
    /// Functions with a finding of the attribute's own analysis that
    /// [`qadapt_lints::may_find`] said could have none (each one is a bug:
    /// `#[no_alloc]` would skip its analysis), as `file: fn`.
    pub prescan_misses: Vec<String>,
    /// Functions the prescan clears: `#[no_alloc]` on them would not parse
    /// their bodies.
    pub prescan_cleared: usize,
}

impl Survey {
    pub fn add(&mut self, other: &Survey) {
        self.crates += other.crates;
        self.files += other.files;
        self.lines += other.lines;
        self.functions += other.functions;
        self.findings += other.findings;
        self.calls += other.calls;
        self.resolved += other.resolved;
        self.walks += other.walks;
        self.walked += other.walked;
        self.problems.extend(other.problems.iter().cloned());
        self.internal_errors
            .extend(other.internal_errors.iter().cloned());
        self.prescan_misses
            .extend(other.prescan_misses.iter().cloned());
        self.prescan_cleared += other.prescan_cleared;
    }
}

/// What a survey does besides parsing.
#[derive(Debug, Clone, Copy)]
pub struct Depth {
    /// Resolve every call of every function.
    pub resolve_all: bool,
    /// Walk from at most this many functions.
    pub max_walks: usize,
    /// Also load the files that are not in a target's module tree.
    pub loose_files: bool,
    /// Check the promise of [`qadapt_lints::may_find`] on every function.
    pub check_prescan: bool,
}

impl Depth {
    /// Everything, for the crash test.
    pub const FULL: Depth = Depth {
        resolve_all: true,
        max_walks: 64,
        loose_files: true,
        check_prescan: true,
    };
    /// What `audit` does: parse and analyse every function of the targets.
    pub const AUDIT: Depth = Depth {
        resolve_all: false,
        max_walks: 0,
        loose_files: false,
        check_prescan: false,
    };
}

/// Surveys the package (or just the files) in `dir`. Never panics: a panic
/// anywhere is caught and recorded as an internal error. The spans of this
/// thread are released afterwards (see
/// `proc_macro2::extra::invalidate_current_thread_spans`).
pub fn survey(dir: &Path, depth: Depth) -> Survey {
    let mut survey = Survey::default();
    let display = dir.display().to_string();
    // On a large stack: libtest's 2 MiB threads overflow on real crates.
    let result = crate::stack::run(|| panic::catch(|| survey_inner(dir, depth)));
    match result {
        Ok(done) => survey = done,
        Err(message) => survey.internal_errors.push(Problem {
            kind: ProblemKind::Internal,
            file: display,
            line: 0,
            column: 0,
            message: format!("panic while surveying: {message}"),
            text: None,
        }),
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    survey
}

fn survey_inner(dir: &Path, depth: Depth) -> Survey {
    let mut sources = Sources::new(dir);
    if let Ok(ws) = workspace::load(dir, false) {
        for package in ws.packages.iter().filter(|p| p.selected) {
            for target in &package.targets {
                sources.load_crate(&target.name, target.kind, &package.name, &target.root);
            }
        }
    }
    if depth.loose_files {
        let mut loaded: HashSet<PathBuf> = sources
            .files
            .iter()
            .map(|f| workspace::normalize(&f.path))
            .collect();
        let mut files = Vec::new();
        rust_files(dir, &mut files, 0);
        files.sort();
        for file in files {
            if loaded.contains(&workspace::normalize(&file)) {
                continue;
            }
            let before = sources.files.len();
            sources.load_crate("loose", TargetKind::Bin, "", &file);
            loaded.extend(
                sources.files[before..]
                    .iter()
                    .map(|f| workspace::normalize(&f.path)),
            );
        }
    }
    let mut survey = Survey {
        crates: sources.crates.len(),
        files: sources.files.len(),
        lines: sources.lines(),
        ..Survey::default()
    };
    let index = Index::build(&sources);
    let mut follower = Follower::new(&index);
    let options = Options {
        pedantic: true,
        ..Options::default()
    };
    survey.functions = index.fns.len();
    for id in 0..index.fns.len() {
        let target = Target::Fn(id);
        let analysis = follower.analysis(target, &options);
        survey.findings += analysis.findings.len();
        survey.calls += analysis.calls.len();
        if depth.resolve_all {
            let edges = follower.edges(target, &options);
            survey.resolved += edges.iter().filter(|r| !r.targets.is_empty()).count();
        }
        if depth.check_prescan {
            let item = &index.fns[id];
            match prescan(item.sig, item.body, &options) {
                Prescan::Cleared => survey.prescan_cleared += 1,
                Prescan::Missed(miss) => {
                    let file = &sources.files[item.file].path;
                    survey.prescan_misses.push(format!(
                        "{}: {} ({miss})",
                        file.display(),
                        item.display
                    ));
                }
                Prescan::Kept => {}
            }
        }
    }
    for id in 0..index.fns.len().min(depth.max_walks) {
        let walk = follower.walk(id, &options);
        survey.walks += 1;
        survey.walked += walk.visited.len();
        // Chains and ambiguities are what `check` renders: go through them.
        for reached in &walk.reached {
            let _ = crate::report::Location::of("", reached.finding.span);
            for step in &reached.chain {
                let _ = crate::check::target_link(&index, step.target);
            }
        }
    }
    for problem in sources
        .problems
        .iter()
        .chain(&index.problems)
        .chain(&follower.problems)
    {
        if problem.kind == ProblemKind::Internal {
            survey.internal_errors.push(problem.clone());
        } else {
            survey.problems.push(problem.clone());
        }
    }
    survey
}

/// What the prescan made of a function, checked against the attribute's own
/// analysis (what `#[no_alloc]` sees, without the crate's types).
enum Prescan {
    /// No finding possible, and none found.
    Cleared,
    /// Sent to the full analysis.
    Kept,
    /// Cleared, yet the analysis finds this construct: a bug.
    Missed(String),
}

fn prescan(sig: &syn::Signature, body: &syn::Block, options: &Options) -> Prescan {
    if qadapt_lints::may_find(&quote::quote!(#sig #body), options) {
        return Prescan::Kept;
    }
    match qadapt_lints::analyse_fn(sig, body, options)
        .findings
        .first()
    {
        Some(finding) => Prescan::Missed(finding.construct.clone()),
        None => Prescan::Cleared,
    }
}

/// The `.rs` files under `dir`, skipping `target/` and hidden directories.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 16 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" {
                rust_files(&path, out, depth + 1);
            }
        } else if kind.is_file() && name.ends_with(".rs") {
            out.push(path);
        }
    }
}

/// The size in bytes of the `.rs` files under `dir`.
pub fn rust_bytes(dir: &Path) -> u64 {
    let mut files = Vec::new();
    rust_files(dir, &mut files, 0);
    files
        .iter()
        .filter_map(|file| std::fs::metadata(file).ok())
        .map(|meta| meta.len())
        .sum()
}

/// The crate directories of the registry's source caches:
/// `$CARGO_HOME/registry/src/*/*/` (`CARGO_HOME` defaults to `~/.cargo`).
pub fn registry_crates() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let Some(home) = home else {
        return Vec::new();
    };
    let mut crates = Vec::new();
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        return crates;
    };
    for registry in registries.flatten() {
        let Ok(entries) = std::fs::read_dir(registry.path()) else {
            continue;
        };
        for entry in entries.flatten() {
            if entry.path().is_dir() {
                crates.push(entry.path());
            }
        }
    }
    crates.sort();
    crates
}
