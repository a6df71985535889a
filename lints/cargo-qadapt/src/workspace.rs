//! Which crates to check: a small reader of `Cargo.toml`.
//!
//! For one package, its targets are found the way cargo finds them: the
//! library (`[lib] path`, else `src/lib.rs`) and the binaries (`[[bin]]`
//! entries, `src/main.rs`, `src/bin/*.rs`, `src/bin/*/main.rs`). With
//! `--workspace`, every member of the workspace the manifest belongs to
//! (`members` globs expanded, `exclude` honoured). Examples, tests and
//! benches are not targets here: `#[no_alloc]` code lives in the library and
//! the binaries.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// A manifest that could not be found, read or understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceError {
    /// The manifest or directory at fault.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for WorkspaceError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WorkspaceError {}

fn error(path: &Path, message: impl Into<String>) -> WorkspaceError {
    WorkspaceError {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// What a target builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    Lib,
    Bin,
}

/// One crate of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The crate name, as code refers to it (`my_lib`, dashes replaced).
    pub name: String,
    pub kind: TargetKind,
    /// The crate root file.
    pub root: PathBuf,
}

/// One package to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `package.name`.
    pub name: String,
    /// The directory holding `Cargo.toml`.
    pub dir: PathBuf,
    pub manifest: PathBuf,
    /// Library first, then binaries in name order.
    pub targets: Vec<Target>,
    /// The crates it depends on (normal and build dependencies), as code
    /// names them.
    pub dependencies: Vec<Dependency>,
    /// Whether it was asked for; the others are path dependencies of the
    /// packages asked for, loaded so that calls into them can be followed.
    pub selected: bool,
}

/// One dependency of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// The name code uses for it (the key in `[dependencies]`, dashes
    /// replaced).
    pub name: String,
    /// For a path dependency, its directory.
    pub path: Option<PathBuf>,
}

/// The packages to check, and the directory paths are shown relative to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// The workspace root (the directory of the `Cargo.toml` with the
    /// `[workspace]` table), else the package's directory.
    pub root: PathBuf,
    pub packages: Vec<Package>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Manifest {
    package: Option<PackageSection>,
    lib: Option<TargetSection>,
    #[serde(default)]
    bin: Vec<TargetSection>,
    workspace: Option<WorkspaceSection>,
    #[serde(default)]
    dependencies: toml::Table,
}

#[derive(Debug, Default, Deserialize)]
struct PackageSection {
    name: Option<String>,
    workspace: Option<String>,
    autobins: Option<bool>,
    autolib: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct TargetSection {
    name: Option<String>,
    path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct WorkspaceSection {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    default_members: Option<Vec<String>>,
    #[serde(default)]
    dependencies: toml::Table,
}

fn read_manifest(path: &Path) -> Result<Manifest, WorkspaceError> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| error(path, format!("could not read the manifest: {err}")))?;
    toml::from_str(&text).map_err(|err| {
        let message = err.message().to_owned();
        let position = err
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].lines().count().max(1);
                format!(" (line {line})")
            })
            .unwrap_or_default();
        error(path, format!("invalid manifest{position}: {message}"))
    })
}

/// The `Cargo.toml` in `dir` or the nearest directory above it, like cargo
/// without `--manifest-path`.
pub fn find_manifest(dir: &Path) -> Result<PathBuf, WorkspaceError> {
    dir.ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| manifest.is_file())
        .ok_or_else(|| {
            error(
                dir,
                "could not find `Cargo.toml` in this directory or any parent directory",
            )
        })
}

/// Loads what `cargo qadapt` checks for the manifest at `manifest` (a file,
/// or a directory holding a `Cargo.toml`): its package, or with
/// `workspace` every member of its workspace. A virtual manifest (a
/// `[workspace]` without `[package]`) means its default members, or all.
pub fn load(manifest: &Path, workspace: bool) -> Result<Workspace, WorkspaceError> {
    let manifest = if manifest.is_dir() {
        manifest.join("Cargo.toml")
    } else {
        manifest.to_path_buf()
    };
    let manifest = std::path::absolute(&manifest).unwrap_or(manifest);
    if !manifest.is_file() {
        return Err(error(&manifest, "manifest not found"));
    }
    let parsed = read_manifest(&manifest)?;
    let dir = parent(&manifest);

    let root_manifest = workspace_root(&manifest, &parsed);
    let root = root_manifest.as_deref().map_or_else(|| dir.clone(), parent);

    let root_deps = match &root_manifest {
        Some(path) if *path != manifest => read_manifest(path)
            .ok()
            .and_then(|m| m.workspace)
            .map(|w| w.dependencies)
            .unwrap_or_default(),
        Some(_) => parsed
            .workspace
            .as_ref()
            .map(|w| w.dependencies.clone())
            .unwrap_or_default(),
        None => toml::Table::new(),
    };
    let workspace_dir = root.clone();
    let context = DepContext {
        workspace_deps: &root_deps,
        workspace_dir: &workspace_dir,
    };

    if parsed.package.is_some() && !workspace {
        let package = package(&manifest, &parsed, &context)?;
        return Ok(with_path_dependencies(root, vec![package], &context));
    }
    let Some(root_manifest) = root_manifest else {
        // `--workspace` on a package that is in no workspace: just it.
        let package = package(&manifest, &parsed, &context)?;
        return Ok(with_path_dependencies(root, vec![package], &context));
    };
    let root_parsed = if root_manifest == manifest {
        parsed
    } else {
        read_manifest(&root_manifest)?
    };
    let section = root_parsed.workspace.as_ref().ok_or_else(|| {
        error(
            &root_manifest,
            "expected a `[workspace]` table in the workspace root",
        )
    })?;
    let patterns = match (&section.default_members, workspace) {
        (Some(default), false) if root_parsed.package.is_none() => default.clone(),
        _ => section.members.clone(),
    };
    let excluded: Vec<PathBuf> = section
        .exclude
        .iter()
        .map(|p| normalize(&root.join(p)))
        .collect();
    let mut dirs = BTreeSet::new();
    if root_parsed.package.is_some() {
        dirs.insert(root.clone());
    }
    for pattern in &patterns {
        for member in expand_glob(&root, pattern) {
            let member = normalize(&member);
            if member.join("Cargo.toml").is_file()
                && !excluded.iter().any(|ex| member.starts_with(ex))
            {
                dirs.insert(member);
            }
        }
    }
    let mut packages = Vec::new();
    for member in dirs {
        let member_manifest = member.join("Cargo.toml");
        let parsed = if member_manifest == root_manifest {
            read_manifest(&root_manifest)?
        } else {
            read_manifest(&member_manifest)?
        };
        if parsed.package.is_some() {
            packages.push(package(&member_manifest, &parsed, &context)?);
        }
    }
    if packages.is_empty() {
        return Err(error(
            &root_manifest,
            "the workspace has no member packages",
        ));
    }
    Ok(with_path_dependencies(root, packages, &context))
}

/// What dependencies declared with `workspace = true` refer to.
struct DepContext<'a> {
    workspace_deps: &'a toml::Table,
    workspace_dir: &'a Path,
}

/// Adds the path dependencies of `packages` (transitively) as packages that
/// are not selected. Those that cannot be read are left out quietly: they
/// only make more calls resolvable.
fn with_path_dependencies(
    root: PathBuf,
    mut packages: Vec<Package>,
    context: &DepContext,
) -> Workspace {
    let mut known: BTreeSet<PathBuf> = packages.iter().map(|p| normalize(&p.dir)).collect();
    let mut next = 0;
    while next < packages.len() && packages.len() < 512 {
        let paths: Vec<PathBuf> = packages[next]
            .dependencies
            .iter()
            .filter_map(|d| d.path.clone())
            .collect();
        next += 1;
        for dir in paths {
            let dir = normalize(&dir);
            if !known.insert(dir.clone()) {
                continue;
            }
            let manifest = dir.join("Cargo.toml");
            let Ok(parsed) = read_manifest(&manifest) else {
                continue;
            };
            if parsed.package.is_none() {
                continue;
            }
            if let Ok(mut dependency) = package(&manifest, &parsed, context) {
                // Only its library can be used by others.
                dependency.targets.retain(|t| t.kind == TargetKind::Lib);
                dependency.selected = false;
                if !dependency.targets.is_empty() {
                    packages.push(dependency);
                }
            }
        }
    }
    Workspace { root, packages }
}

/// The `[dependencies]` and `[build-dependencies]`-like tables of a
/// manifest, as dependencies.
fn dependencies(table: &toml::Table, dir: &Path, context: &DepContext) -> Vec<Dependency> {
    table
        .iter()
        .map(|(key, value)| {
            let mut path = value
                .get("path")
                .and_then(|p| p.as_str())
                .map(|p| dir.join(p));
            if path.is_none() && value.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                path = context
                    .workspace_deps
                    .get(key)
                    .and_then(|d| d.get("path"))
                    .and_then(|p| p.as_str())
                    .map(|p| context.workspace_dir.join(p));
            }
            Dependency {
                name: key.replace('-', "_"),
                path,
            }
        })
        .collect()
}

fn parent(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The manifest holding the `[workspace]` this one belongs to, if any.
fn workspace_root(manifest: &Path, parsed: &Manifest) -> Option<PathBuf> {
    if parsed.workspace.is_some() {
        return Some(manifest.to_path_buf());
    }
    let dir = parent(manifest);
    if let Some(pointer) = parsed.package.as_ref().and_then(|p| p.workspace.as_ref()) {
        let root = normalize(&dir.join(pointer)).join("Cargo.toml");
        return root.is_file().then_some(root);
    }
    for ancestor in dir.ancestors().skip(1) {
        let candidate = ancestor.join("Cargo.toml");
        if !candidate.is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&candidate) else {
            continue;
        };
        let Ok(above) = toml::from_str::<Manifest>(&text) else {
            continue;
        };
        if let Some(section) = &above.workspace {
            let excluded = section
                .exclude
                .iter()
                .any(|ex| dir.starts_with(normalize(&ancestor.join(ex))));
            return (!excluded).then_some(candidate);
        }
    }
    None
}

/// The package of a parsed manifest, with its targets.
fn package(
    manifest: &Path,
    parsed: &Manifest,
    context: &DepContext,
) -> Result<Package, WorkspaceError> {
    let section = parsed
        .package
        .as_ref()
        .ok_or_else(|| error(manifest, "expected a `[package]` table"))?;
    let name = section
        .name
        .clone()
        .ok_or_else(|| error(manifest, "`package.name` is missing"))?;
    let dir = parent(manifest);
    let crate_name = |name: &str| name.replace('-', "_");
    let mut targets = Vec::new();

    let lib_path = match &parsed.lib {
        Some(TargetSection {
            path: Some(path), ..
        }) => Some(dir.join(path)),
        _ if section.autolib != Some(false) || parsed.lib.is_some() => {
            Some(dir.join("src/lib.rs")).filter(|path| path.is_file())
        }
        _ => None,
    };
    if let Some(root) = lib_path {
        let lib_name = parsed
            .lib
            .as_ref()
            .and_then(|lib| lib.name.clone())
            .unwrap_or_else(|| name.clone());
        targets.push(Target {
            name: crate_name(&lib_name),
            kind: TargetKind::Lib,
            root,
        });
    }

    let mut bins: Vec<Target> = Vec::new();
    for bin in &parsed.bin {
        let bin_name = bin.name.clone().unwrap_or_else(|| name.clone());
        let root = match &bin.path {
            Some(path) => dir.join(path),
            None => {
                let candidates = [
                    dir.join("src/bin").join(format!("{bin_name}.rs")),
                    dir.join("src/bin").join(&bin_name).join("main.rs"),
                    dir.join("src/main.rs"),
                ];
                match candidates.into_iter().find(|path| path.is_file()) {
                    Some(path) => path,
                    None => continue,
                }
            }
        };
        bins.push(Target {
            name: crate_name(&bin_name),
            kind: TargetKind::Bin,
            root,
        });
    }
    if section.autobins != Some(false) {
        let mut auto = Vec::new();
        let main = dir.join("src/main.rs");
        if main.is_file() {
            auto.push((name.clone(), main));
        }
        if let Ok(entries) = std::fs::read_dir(dir.join("src/bin")) {
            for entry in entries.flatten() {
                let path = entry.path();
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if path.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
                    auto.push((stem, path));
                } else if path.join("main.rs").is_file() {
                    auto.push((stem, path.join("main.rs")));
                }
            }
        }
        for (bin_name, root) in auto {
            let bin_name = crate_name(&bin_name);
            if !bins
                .iter()
                .any(|bin| same_file(&bin.root, &root) || bin.name == bin_name)
            {
                bins.push(Target {
                    name: bin_name,
                    kind: TargetKind::Bin,
                    root,
                });
            }
        }
    }
    bins.sort_by(|a, b| a.name.cmp(&b.name));
    targets.extend(bins);
    let dependencies = dependencies(&parsed.dependencies, &dir, context);
    Ok(Package {
        name,
        dir,
        manifest: manifest.to_path_buf(),
        targets,
        dependencies,
        selected: true,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    normalize(a) == normalize(b)
}

/// Removes `.` and `..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The directories matching a `members` entry: `crates/*`, `a/b?`, plain
/// paths. Only `*` and `?` wildcards, within one path component.
fn expand_glob(root: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut current = vec![root.to_path_buf()];
    for component in pattern.split('/').filter(|c| !c.is_empty()) {
        let mut next = Vec::new();
        for base in &current {
            if component.contains(['*', '?']) {
                let Ok(entries) = std::fs::read_dir(base) else {
                    continue;
                };
                let mut matched: Vec<PathBuf> = entries
                    .flatten()
                    .filter(|entry| wildcard(component, &entry.file_name().to_string_lossy()))
                    .map(|entry| entry.path())
                    .filter(|path| path.is_dir())
                    .collect();
                matched.sort();
                next.extend(matched);
            } else {
                next.push(base.join(component));
            }
        }
        current = next;
    }
    current
}

/// `*` matches any run of characters, `?` any one.
fn wildcard(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            backtrack = Some((p, n));
            p += 1;
        } else if let Some((star, matched)) = backtrack {
            p = star + 1;
            n = matched + 1;
            backtrack = Some((star, matched + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TempDir;

    #[test]
    fn wildcards() {
        assert!(wildcard("*", "abc"));
        assert!(wildcard("a*", "abc"));
        assert!(wildcard("*c", "abc"));
        assert!(wildcard("a?c", "abc"));
        assert!(wildcard("a*b*c", "aXbYc"));
        assert!(!wildcard("a?c", "ac"));
        assert!(!wildcard("b*", "abc"));
    }

    #[test]
    fn package_targets() {
        let dir = TempDir::new("ws-targets");
        dir.write(
            "Cargo.toml",
            "[package]\nname = \"my-pkg\"\n\n[[bin]]\nname = \"tool\"\npath = \"tools/tool.rs\"\n",
        );
        dir.write("src/lib.rs", "");
        dir.write("src/main.rs", "");
        dir.write("src/bin/extra.rs", "");
        dir.write("src/bin/multi/main.rs", "");
        dir.write("tools/tool.rs", "");
        let ws = load(&dir.path().join("Cargo.toml"), false).unwrap();
        assert_eq!(ws.packages.len(), 1);
        let names: Vec<(&str, TargetKind)> = ws.packages[0]
            .targets
            .iter()
            .map(|t| (t.name.as_str(), t.kind))
            .collect();
        assert_eq!(
            names,
            [
                ("my_pkg", TargetKind::Lib),
                ("extra", TargetKind::Bin),
                ("multi", TargetKind::Bin),
                ("my_pkg", TargetKind::Bin),
                ("tool", TargetKind::Bin),
            ]
        );
        assert!(ws.packages[0].targets[4].root.ends_with("tools/tool.rs"));
    }

    #[test]
    fn lib_path_and_workspace_members() {
        let dir = TempDir::new("ws-members");
        dir.write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\", \"tool\"]\nexclude = [\"crates/skip\"]\n",
        );
        dir.write(
            "crates/a/Cargo.toml",
            "[package]\nname = \"a\"\n[lib]\npath = \"lib/a.rs\"\n",
        );
        dir.write("crates/a/lib/a.rs", "");
        dir.write("crates/b/Cargo.toml", "[package]\nname = \"b\"\n");
        dir.write("crates/b/src/lib.rs", "");
        dir.write("crates/skip/Cargo.toml", "[package]\nname = \"skip\"\n");
        dir.write("tool/Cargo.toml", "[package]\nname = \"tool\"\n");
        dir.write("tool/src/main.rs", "");

        let ws = load(dir.path(), false).unwrap();
        let names: Vec<&str> = ws.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "tool"]);
        assert!(ws.packages.iter().all(|p| p.selected));
        assert!(ws.packages[0].targets[0].root.ends_with("lib/a.rs"));

        // A member's manifest: just it, or the whole workspace.
        let ws = load(&dir.path().join("crates/b/Cargo.toml"), false).unwrap();
        assert_eq!(ws.packages.len(), 1);
        assert_eq!(ws.root, dir.path());
        let ws = load(&dir.path().join("crates/b/Cargo.toml"), true).unwrap();
        assert_eq!(ws.packages.len(), 3);
    }

    #[test]
    fn path_dependencies_are_loaded_unselected() {
        let dir = TempDir::new("ws-deps");
        dir.write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"app\"]\n[workspace.dependencies]\nmy-core = { path = \"core\" }\n",
        );
        dir.write(
            "app/Cargo.toml",
            "[package]\nname = \"app\"\n[dependencies]\nmy-core = { workspace = true }\nserde = \"1\"\n",
        );
        dir.write("app/src/main.rs", "");
        dir.write(
            "core/Cargo.toml",
            "[package]\nname = \"my-core\"\n[dependencies]\nleaf = { path = \"../leaf\" }\n",
        );
        dir.write("core/src/lib.rs", "");
        dir.write("core/src/main.rs", "");
        dir.write("leaf/Cargo.toml", "[package]\nname = \"leaf\"\n");
        dir.write("leaf/src/lib.rs", "");
        let ws = load(&dir.path().join("app/Cargo.toml"), false).unwrap();
        let names: Vec<(&str, bool, usize)> = ws
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.selected, p.targets.len()))
            .collect();
        assert_eq!(
            names,
            [("app", true, 1), ("my-core", false, 1), ("leaf", false, 1)]
        );
        let deps: Vec<&str> = ws.packages[0]
            .dependencies
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(deps, ["my_core", "serde"]);
    }

    #[test]
    fn errors() {
        let dir = TempDir::new("ws-errors");
        dir.write("Cargo.toml", "[package\nname = 1");
        let err = load(dir.path(), false).unwrap_err();
        assert!(err.message.contains("invalid manifest"), "{err}");
        let err = load(&dir.path().join("nope/Cargo.toml"), false).unwrap_err();
        assert!(err.message.contains("not found"), "{err}");
        dir.write("Cargo.toml", "[package]\nversion = \"1\"\n");
        let err = load(dir.path(), false).unwrap_err();
        assert!(err.message.contains("package.name"), "{err}");
    }
}
