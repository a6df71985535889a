//! The whole pipeline over any directory of Rust code, for the crash test
//! over the registry's crates and for the throughput benchmark (the
//! `survey` feature; not part of the checker).
//!
//! A surveyed package is copied to a temporary directory (cargo writes a
//! lock file beside the manifest it reads), loaded by the engine without
//! its dependencies (`cargo metadata --no-deps`: no network, whatever the
//! cache holds; their names stay unresolved), and walked from its first
//! functions as if they were `#[no_alloc]`, pedantic. Every `.rs` file
//! under it is also parsed with syn, and every function checks the
//! promise of the attribute's prescan ([`qadapt_lints::may_find`]).

use crate::load::{self, LoadOptions};
use crate::panic;
use crate::report::{Problem, ProblemKind};
use crate::walk::{Walker, own_instance};
use qadapt_lints::Options;
use ra_ap_hir_def::FunctionId;
use ra_ap_ide_db::base_db::CrateOrigin;
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// What a survey went through.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    /// Crates of the package the engine loaded.
    pub crates: usize,
    pub files: usize,
    pub lines: usize,
    pub functions: usize,
    /// Findings of the walks.
    pub findings: usize,
    pub walks: usize,
    /// Functions visited by the walks, added up.
    pub walked: usize,
    /// What could not be loaded.
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

/// What a survey does.
#[derive(Debug, Clone, Copy)]
pub struct Depth {
    /// Walk from at most this many functions.
    pub max_walks: usize,
    /// Check the promise of [`qadapt_lints::may_find`] on every function.
    pub check_prescan: bool,
}

impl Depth {
    /// Everything, for the crash test.
    pub const FULL: Depth = Depth {
        max_walks: 32,
        check_prescan: true,
    };

    /// The attribute's prescan alone, without the engine: for the crates a
    /// time budget leaves out.
    pub const PRESCAN: Depth = Depth {
        max_walks: 0,
        check_prescan: true,
    };
}

/// Surveys the package in `dir`. Never panics: a panic anywhere is caught
/// and recorded as an internal error.
pub fn survey(dir: &Path, depth: Depth) -> Survey {
    let display = dir.display().to_string();
    match panic::catch(|| survey_inner(dir, depth)) {
        Ok(done) => done,
        Err(message) => Survey {
            internal_errors: vec![Problem {
                kind: ProblemKind::Internal,
                file: display,
                line: 0,
                column: 0,
                message: format!("panic while surveying: {message}"),
                text: None,
            }],
            ..Survey::default()
        },
    }
}

fn survey_inner(dir: &Path, depth: Depth) -> Survey {
    let mut survey = Survey::default();
    let mut files = Vec::new();
    rust_files(dir, &mut files, 0);
    survey.files = files.len();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        survey.lines += text.lines().count();
        if depth.check_prescan {
            prescan_file(file, &text, &mut survey);
        }
    }
    if depth.max_walks > 0 {
        walk_package(dir, depth, &mut survey);
    }
    survey
}

/// Loads the package with the engine and walks from its first functions.
fn walk_package(dir: &Path, depth: Depth, survey: &mut Survey) {
    let copy = std::env::temp_dir().join(format!(
        "qadapt-survey-{}-{}",
        std::process::id(),
        dir.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    let _ = std::fs::remove_dir_all(&copy);
    if copy_dir(dir, &copy, 0).is_err() {
        return;
    }
    let options = LoadOptions {
        manifest_path: Some(copy.join("Cargo.toml")),
        no_deps: true,
        ..LoadOptions::default()
    };
    match load::load(&options, &mut crate::progress::Silent) {
        Ok(loaded) => {
            ra_ap_hir::attach_db(&loaded.db, || walk_functions(&loaded, depth, survey));
            survey.problems.extend(loaded.problems.iter().cloned());
        }
        Err(err) => survey.problems.push(Problem {
            kind: ProblemKind::Load,
            file: dir.display().to_string(),
            line: 0,
            column: 0,
            message: err.to_string(),
            text: None,
        }),
    }
    let _ = std::fs::remove_dir_all(&copy);
}

/// Walks from the first functions of every loaded crate of the package.
fn walk_functions(loaded: &load::Loaded, depth: Depth, survey: &mut Survey) {
    let db = &loaded.db;
    let walker = Walker::new(loaded);
    let options = pedantic();
    for krate in ra_ap_hir::Crate::all(db) {
        if !matches!(krate.origin(db), CrateOrigin::Local { .. }) {
            continue;
        }
        survey.crates += 1;
        let functions = crate::roots::functions(db, krate);
        survey.functions += functions.len();
        for function in functions {
            if survey.walks >= depth.max_walks {
                return;
            }
            let Ok(func) = FunctionId::try_from(function) else {
                continue;
            };
            survey.walks += 1;
            let walked = panic::catch(|| {
                let (args, env) = own_instance(db, func);
                let walk = walker.walk((func, args), env, &options);
                // What `check` renders: the places of every finding.
                for reached in &walk.reached {
                    if let Some(step) = reached.chain.last() {
                        let _ = walker.site(step.func, reached.call);
                    }
                }
                (walk.visited.len(), walk.reached.len())
            });
            match walked {
                Ok((visited, reached)) => {
                    survey.walked += visited;
                    survey.findings += reached;
                }
                Err(message) => survey.internal_errors.push(Problem {
                    kind: ProblemKind::Internal,
                    file: loaded.root.display().to_string(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "panic while walking from `{}`: {message}",
                        function.name(db).as_str()
                    ),
                    text: None,
                }),
            }
        }
    }
}

fn pedantic() -> Options {
    Options {
        pedantic: true,
        ..Options::default()
    }
}

/// Copies a directory tree, skipping `target/` and hidden directories.
fn copy_dir(from: &Path, to: &Path, depth: usize) -> std::io::Result<()> {
    if depth > 16 {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            let skip = name.to_string_lossy().starts_with('.') || name == "target";
            if !skip {
                copy_dir(&entry.path(), &to.join(&name), depth + 1)?;
            }
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// Checks the prescan's promise on every function of one file.
fn prescan_file(file: &Path, text: &str, survey: &mut Survey) {
    let Ok(parsed) = syn::parse_file(text) else {
        return;
    };
    struct Fns<'a> {
        file: &'a Path,
        survey: &'a mut Survey,
    }
    impl<'ast> Visit<'ast> for Fns<'_> {
        fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
            self.check(&item.sig, &item.block);
            syn::visit::visit_item_fn(self, item);
        }
        fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
            self.check(&item.sig, &item.block);
            syn::visit::visit_impl_item_fn(self, item);
        }
    }
    impl Fns<'_> {
        fn check(&mut self, sig: &syn::Signature, body: &syn::Block) {
            match prescan(sig, body, &pedantic()) {
                Prescan::Cleared => self.survey.prescan_cleared += 1,
                Prescan::Missed(miss) => self.survey.prescan_misses.push(format!(
                    "{}: {} ({miss})",
                    self.file.display(),
                    sig.ident
                )),
                Prescan::Kept => {}
            }
        }
    }
    Fns { file, survey }.visit_file(&parsed);
    proc_macro2::extra::invalidate_current_thread_spans();
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
