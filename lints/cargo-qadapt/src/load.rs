//! Loading: the workspace as cargo sees it, through rust-analyzer's
//! `load-cargo` (which runs `cargo metadata`), with the features and the
//! target cargo would use, every dependency, and the sysroot's
//! `std`/`alloc`/`core` sources. The result is the engine's database plus
//! what the later stages need to know about the packages: which are
//! checked, their configuration, and how to show their files.

use crate::files::Files;
use crate::report::{CargoTarget, Problem, ProblemKind};
use qadapt_lints::PathPattern;
use qadapt_lints::config::{Config, ConfigError};
use ra_ap_ide_db::RootDatabase;
use ra_ap_load_cargo::{LoadCargoConfig, ProcMacroServerChoice};
use ra_ap_paths::{AbsPathBuf, Utf8PathBuf};
use ra_ap_project_model::{
    CargoConfig, CargoFeatures, ProjectManifest, ProjectWorkspace, ProjectWorkspaceKind,
    RustLibSource, TargetKind,
};
use std::fmt;
use std::path::{Path, PathBuf};

/// What to load, as the command line asks for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// `--manifest-path`; else the nearest `Cargo.toml` from the current
    /// directory up.
    pub manifest_path: Option<PathBuf>,
    /// `--workspace`: every member.
    pub workspace: bool,
    /// `--features`, one feature each (`serde`, `dep/feature`).
    pub features: Vec<String>,
    /// `--all-features`.
    pub all_features: bool,
    /// `--no-default-features`.
    pub no_default_features: bool,
    /// `--target`: a triple or a target specification file.
    pub target: Option<String>,
    /// `--root PATH`: more functions to check as if they were `#[no_alloc]`.
    pub roots: Vec<PathPattern>,
    /// Run build scripts and build proc macros (with `cargo check`, into
    /// the project's target directory) so that their outputs and
    /// expansions are seen: `None` when the crate graph has any (the
    /// default), `Some(false)` never (proc macros are then not expanded:
    /// `#[derive(Serialize)]` adds no impl, and a note says so).
    pub build_scripts: Option<bool>,
    /// The packages alone, without their dependencies (`cargo metadata
    /// --no-deps`): for the survey of the registry's crates.
    pub no_deps: bool,
    /// Load no sysroot, as on a machine without `rust-src`: for tests.
    pub without_std_sources: bool,
    /// Test code too (`audit --tests`): `cfg(test)` on, and test targets
    /// checked. Off, as cargo builds the package, neither is.
    pub tests: bool,
}

/// What stops a run before anything is checked (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub enum Fatal {
    /// The manifest could not be found or read, or cargo could not load
    /// the workspace.
    Workspace {
        path: PathBuf,
        message: String,
    },
    Config(ConfigError),
}

impl fmt::Display for Fatal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Workspace { path, message } => {
                write!(formatter, "{}: {message}", path.display())
            }
            Fatal::Config(err) => err.fmt(formatter),
        }
    }
}

impl std::error::Error for Fatal {}

/// One package of the graph.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// The directory of its `Cargo.toml`.
    pub dir: PathBuf,
    /// A workspace member (its files are shown relative to the workspace
    /// root; a dependency's as `name-x.y.z/src/..`).
    pub member: bool,
    /// Checked: its `#[no_alloc]` functions are roots.
    pub selected: bool,
    /// Its configuration, for members (the default for the others).
    pub config: Config,
    /// Its targets: root file, kind, and name as the manifest spells it.
    pub targets: Vec<(PathBuf, TargetKind, String)>,
}

/// The loaded workspace.
pub struct Loaded {
    pub db: RootDatabase,
    /// Every package of the graph (not the sysroot's).
    pub packages: Vec<Package>,
    pub files: Files,
    /// The workspace root: paths are shown relative to it.
    pub root: PathBuf,
    /// Whether std's sources were found (`rustup component add rust-src`).
    pub has_std_sources: bool,
    /// What could not be loaded, said once each.
    pub problems: Vec<Problem>,
    pub options: LoadOptions,
}

/// The nearest `Cargo.toml` from `dir` up.
pub fn find_manifest(dir: &Path) -> Result<PathBuf, Fatal> {
    dir.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
        .ok_or_else(|| Fatal::Workspace {
            path: dir.to_path_buf(),
            message: "could not find `Cargo.toml` in this directory or any parent directory"
                .to_owned(),
        })
}

/// Loads what `options` name. `progress` is told what is being done (a
/// verb and a text, as cargo's status lines).
pub fn load(
    options: &LoadOptions,
    progress: &mut dyn crate::progress::Progress,
) -> Result<Loaded, Fatal> {
    let manifest = match &options.manifest_path {
        Some(path) if path.is_dir() => path.join("Cargo.toml"),
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            find_manifest(&cwd)?
        }
    };
    let manifest = std::path::absolute(&manifest).unwrap_or(manifest);
    let fatal = |message: String| Fatal::Workspace {
        path: manifest.clone(),
        message,
    };
    if !manifest.is_file() {
        return Err(fatal("manifest not found".to_owned()));
    }
    let utf8 = Utf8PathBuf::from_path_buf(manifest.clone())
        .map_err(|_| fatal("the path is not valid UTF-8".to_owned()))?;
    let project = ProjectManifest::from_manifest_file(AbsPathBuf::assert(utf8))
        .map_err(|err| fatal(err.to_string()))?;
    let mut cargo_config = cargo_config(options);
    cargo_config.extra_includes = manifest
        .parent()
        .map(outside_paths)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|dir| Utf8PathBuf::from_path_buf(dir).ok())
        .map(AbsPathBuf::assert)
        .collect();
    let mut workspace = ProjectWorkspace::load(project, &cargo_config, &|_| {})
        .map_err(|err| fatal(format!("{err:#}")))?;
    let mut problems = Vec::new();
    let needs_build = needs_build(&workspace);
    // Without the dependencies in the metadata, cargo's build reports on
    // packages rust-analyzer does not know (its loader panics on them).
    let build_scripts = options
        .build_scripts
        .unwrap_or(needs_build && !options.no_deps);
    if needs_build && !build_scripts {
        problems.push(problem(
            "build scripts and proc macros were not built: what they generate (derived impls, \
             included files) is not checked"
                .to_owned(),
        ));
    }
    if build_scripts {
        progress.status("Building", "build scripts and proc macros (cargo check)");
        match crate::panic::catch(|| workspace.run_build_scripts(&cargo_config, &|_| {})) {
            Err(panic) => problems.push(problem(format!(
                "build scripts could not run: rust-analyzer's loader failed: {panic}"
            ))),
            Ok(Ok(scripts)) => {
                if let Some(error) = scripts.error() {
                    problems.push(problem(format!("build scripts: {error}")));
                }
                workspace.set_build_scripts(scripts);
            }
            Ok(Err(err)) => problems.push(problem(format!("build scripts could not run: {err:#}"))),
        }
    }
    let (packages, root) = packages(&workspace, &manifest, options.workspace)?;
    for package in packages.iter().filter(|p| p.member) {
        if package.selected {
            let targets = package
                .targets
                .iter()
                .filter(|(_, kind, _)| checked(*kind, options.tests))
                .count();
            progress.status(
                "Checking",
                &format!("{} ({targets} target{})", package.name, plural(targets)),
            );
        } else {
            progress.status(
                "Loading",
                &format!("{} (a workspace member it depends on)", package.name),
            );
        }
    }
    let has_std_sources = !workspace.sysroot.is_rust_lib_src_empty();
    if !has_std_sources {
        problems.push(problem(
            "std's sources were not found (`rustup component add rust-src`): calls into std \
             are judged by the catalogue alone"
                .to_owned(),
        ));
    }
    let sysroot_src = workspace
        .sysroot
        .rust_lib_src_root()
        .map(|path| PathBuf::from(path.as_str()));
    progress.status(
        "Loading",
        &format!(
            "{} package{} and std (rust-analyzer)",
            packages.len(),
            plural(packages.len())
        ),
    );
    let load_config = LoadCargoConfig {
        load_out_dirs_from_check: build_scripts,
        with_proc_macro_server: if build_scripts {
            ProcMacroServerChoice::Sysroot
        } else {
            ProcMacroServerChoice::None
        },
        prefill_caches: false,
        num_worker_threads: 1,
        proc_macro_processes: 1,
    };
    let (db, vfs, _proc_macros) =
        ra_ap_load_cargo::load_workspace(workspace, &cargo_config.extra_env, &load_config)
            .map_err(|err| fatal(format!("{err:#}")))?;
    let dirs = packages
        .iter()
        .map(|p| {
            let prefix = if p.member {
                String::new()
            } else {
                format!("{}-{}/", p.name, p.version)
            };
            (p.dir.clone(), prefix)
        })
        .collect();
    let files = Files::new(vfs, &root, dirs, sysroot_src);
    Ok(Loaded {
        db,
        packages,
        files,
        root,
        has_std_sources,
        problems,
        options: options.clone(),
    })
}

/// Whether the crate graph has a build script or a proc macro.
fn needs_build(workspace: &ProjectWorkspace) -> bool {
    let ProjectWorkspaceKind::Cargo { cargo, .. } = &workspace.kind else {
        return false;
    };
    cargo.packages().any(|p| {
        cargo[p].targets.iter().any(|&t| {
            matches!(
                cargo[t].kind,
                TargetKind::BuildScript
                    | TargetKind::Lib {
                        is_proc_macro: true
                    }
            )
        })
    })
}

/// cargo's settings for `options`: its features and target, the sysroot
/// found as rustc finds it, `cfg(test)` off as in a normal build.
fn cargo_config(options: &LoadOptions) -> CargoConfig {
    CargoConfig {
        features: if options.all_features {
            CargoFeatures::All
        } else {
            CargoFeatures::Selected {
                features: options.features.clone(),
                no_default_features: options.no_default_features,
            }
        },
        target: options.target.clone(),
        sysroot: (!options.without_std_sources).then_some(RustLibSource::Discover),
        set_test: options.tests,
        no_deps: options.no_deps,
        ..CargoConfig::default()
    }
}

/// The packages of the workspace's graph, and the workspace root. The
/// package of `manifest` is selected (every member with `all_members`, or
/// when `manifest` is a virtual manifest); members' configurations are
/// read.
fn packages(
    workspace: &ProjectWorkspace,
    manifest: &Path,
    all_members: bool,
) -> Result<(Vec<Package>, PathBuf), Fatal> {
    let ProjectWorkspaceKind::Cargo { cargo, .. } = &workspace.kind else {
        return Err(Fatal::Workspace {
            path: manifest.to_path_buf(),
            message: "not a cargo workspace".to_owned(),
        });
    };
    let root = PathBuf::from(cargo.workspace_root().as_str());
    let own = cargo
        .packages()
        .any(|p| Path::new(cargo[p].manifest.as_str()) == manifest);
    let mut packages = Vec::new();
    for id in cargo.packages() {
        let data = &cargo[id];
        let dir = Path::new(data.manifest.as_str())
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let selected = data.is_member
            && (all_members || !own || Path::new(data.manifest.as_str()) == manifest);
        let config = if data.is_member {
            Config::load(&dir).map_err(Fatal::Config)?
        } else {
            Config::default()
        };
        let targets = data
            .targets
            .iter()
            .map(|&t| {
                let target = &cargo[t];
                (
                    PathBuf::from(target.root.as_str()),
                    target.kind,
                    target.name.clone(),
                )
            })
            .collect();
        packages.push(Package {
            name: data.name.clone(),
            version: data.version.to_string(),
            dir,
            member: data.is_member,
            selected,
            config,
            targets,
        });
    }
    Ok((packages, root))
}

/// The directories outside their packages that the Rust files under `dir`
/// name in `#[path = ".."]` attributes: the engine resolves a module's file
/// within the package's own directories, so these are added to them.
fn outside_paths(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    let mut files = 0usize;
    while let Some((current, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth < 16 && !name.starts_with('.') && name != "target" {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            if !name.ends_with(".rs") {
                continue;
            }
            files += 1;
            if files > 20_000 {
                return found;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for rest in text.split("#[path").skip(1) {
                let Some(value) = rest
                    .split('"')
                    .nth(1)
                    .filter(|_| rest.trim_start().starts_with('='))
                else {
                    continue;
                };
                let Some(parent) = path.parent() else {
                    continue;
                };
                let target = std::path::absolute(parent.join(value)).unwrap_or_default();
                let target = normalize(&target);
                // The package holding the file: its directory is one of the
                // engine's source roots.
                let package = parent
                    .ancestors()
                    .find(|a| a.join("Cargo.toml").is_file())
                    .unwrap_or(dir);
                // Only a file that exists, in a directory that does not hold
                // the package: the text may be a test fixture inside a string
                // (`#[path="../../../../../outside.rs"]` in ra_ap_hir_def),
                // and an ancestor would have the engine load a whole tree,
                // up to `/`.
                if !target.starts_with(package)
                    && target.is_file()
                    && let Some(target_dir) = target.parent()
                    && !package.starts_with(target_dir)
                    && !found.iter().any(|d: &PathBuf| target_dir.starts_with(d))
                {
                    found.push(target_dir.to_path_buf());
                }
            }
        }
    }
    found
}

/// `a/b/../c` as `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The targets whose functions are checked: libraries and binaries (not
/// benches, examples or build scripts), as cargo builds them; test
/// targets with `tests`.
pub fn checked(kind: TargetKind, tests: bool) -> bool {
    match kind {
        TargetKind::Lib { .. } | TargetKind::Bin => true,
        TargetKind::Test => tests,
        _ => false,
    }
}

fn problem(message: String) -> Problem {
    Problem {
        kind: ProblemKind::Load,
        file: String::new(),
        line: 0,
        column: 0,
        message,
        text: None,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The checked packages' targets, as cargo names them; a finding is
/// reported under its root's.
pub fn cargo_targets(loaded: &Loaded) -> Vec<CargoTarget> {
    let mut targets = Vec::new();
    for package in loaded.packages.iter().filter(|p| p.selected) {
        for (root, kind, name) in &package.targets {
            if !checked(*kind, loaded.options.tests) {
                continue;
            }
            targets.push(CargoTarget {
                package_id: format!("path+file://{}#{}", package.dir.display(), package.name),
                manifest_path: package.dir.join("Cargo.toml"),
                name: name.clone(),
                kind: match kind {
                    TargetKind::Bin => "bin",
                    TargetKind::Test => "test",
                    _ => "lib",
                }
                .to_owned(),
                src_path: root.clone(),
                edition: None,
            });
        }
    }
    targets
}

#[cfg(test)]
mod tests {
    use super::outside_paths;

    fn package(files: &[(&str, &str)]) -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        for (path, text) in files {
            let path = dir.path.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    mod tempdir {
        pub struct Dir {
            pub path: std::path::PathBuf,
        }
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                let path = std::env::temp_dir().join(format!(
                    "cargo-qadapt-outside-{}-{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                ));
                std::fs::create_dir_all(&path).unwrap();
                Dir { path }
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.path);
            }
        }
    }

    #[test]
    fn a_shared_file_beside_the_package_is_included() {
        let root = package(&[
            ("shared/common.rs", "pub fn f() {}\n"),
            ("pkg/Cargo.toml", "[package]\nname = \"pkg\"\n"),
            (
                "pkg/src/lib.rs",
                "#[path = \"../../shared/common.rs\"]\nmod common;\n",
            ),
        ]);
        let found = outside_paths(&root.path.join("pkg"));
        assert_eq!(found, vec![root.path.join("shared")]);
    }

    #[test]
    fn paths_to_nothing_or_above_the_package_are_not_included() {
        // ra_ap_hir_def's tests hold `#[path="../../../../../outside.rs"]` in a
        // string: the engine then loaded every file under `/`, and hung.
        let root = package(&[
            ("above.rs", "pub fn f() {}\n"),
            ("pkg/Cargo.toml", "[package]\nname = \"pkg\"\n"),
            (
                "pkg/src/lib.rs",
                "const FIXTURE: &str = r#\"#[path=\"../../../../../../../../outside.rs\"] mod foo;\"#;\n\
                 #[path = \"../../above.rs\"]\nmod above;\n",
            ),
        ]);
        assert_eq!(
            outside_paths(&root.path.join("pkg")),
            Vec::<std::path::PathBuf>::new()
        );
    }
}
