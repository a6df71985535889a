//! What the command line asks of the checker: load what a [`Request`]
//! names, then `check` or `audit` it, with progress, into the reports the
//! renderers read. The one place the command line meets the loader and the
//! walk; the engine on rust-analyzer plugs in here.
//!
//! It also adds what those do not report themselves yet: the crates that
//! could not be checked at all (their root file did not load), and each
//! finding's cargo target.

use crate::check;
pub use crate::check::Loaded;
use crate::modules::Sources;
use crate::progress::Progress;
use crate::render::Texts;
use crate::report::{AuditReport, CargoTarget, CheckReport, Unchecked};
use crate::request::Request;
use crate::workspace::TargetKind;
use std::path::{Path, PathBuf};

/// Loads what `request` names. The result is leaked: the process ends right
/// after the report, and freeing every syntax tree first would be wasted
/// time. The error is the message of what stopped it.
pub fn load(request: &Request, progress: &mut dyn Progress) -> Result<&'static Loaded, String> {
    let manifest = match &request.manifest_path {
        Some(path) => path.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            crate::workspace::find_manifest(&cwd).map_err(|err| err.to_string())?
        }
    };
    check::load(&manifest, request.workspace, &mut |verb, text| {
        progress.status(verb, text)
    })
    .map(|loaded| &*Box::leak(Box::new(loaded)))
    .map_err(|err| err.to_string())
}

/// The settings of `request` that this loader does not apply, for a
/// warning: features and the target are for the engine, which loads the
/// workspace the way cargo builds it; this loader reads every module.
pub fn unapplied(request: &Request) -> Vec<&'static str> {
    let mut unapplied = Vec::new();
    if !request.features.is_default() {
        unapplied.push("--features, --all-features and --no-default-features");
    }
    if request.target.is_some() {
        unapplied.push("--target");
    }
    if !request.roots.is_empty() {
        unapplied.push("--root");
    }
    unapplied
}

/// `check` on what was loaded.
pub fn check(loaded: &Loaded, progress: &mut dyn Progress) -> CheckReport {
    let mut report = check::check_with(loaded, progress);
    report.unchecked = unchecked(loaded);
    report.targets = targets(loaded);
    for diagnostic in &mut report.diagnostics {
        diagnostic.target = diagnostic
            .chain
            .first()
            .and_then(|root| target_of_file(loaded, &report.targets, &root.definition.file));
    }
    report
}

/// `audit` on what was loaded, test code only with `request.tests`.
pub fn audit(loaded: &Loaded, request: &Request, progress: &mut dyn Progress) -> AuditReport {
    let mut report = crate::audit::audit_with(loaded, request.tests, progress);
    report.unchecked = unchecked(loaded);
    report.targets = targets(loaded);
    report
}

/// The workspace root, which the reports' paths are relative to.
pub fn root(loaded: &Loaded) -> &Path {
    &loaded.workspace.root
}

/// The loaded files' texts, for the renderers.
pub fn texts(loaded: &Loaded) -> Texts<'_> {
    Texts::new(
        loaded
            .sources
            .files
            .iter()
            .map(|file| (file.display.as_str(), file.text.as_str())),
    )
}

/// The selected packages' targets whose crate root did not load.
fn unchecked(loaded: &Loaded) -> Vec<Unchecked> {
    let sources = &loaded.sources;
    let mut unchecked = Vec::new();
    for package in loaded.workspace.packages.iter().filter(|p| p.selected) {
        for target in &package.targets {
            let loaded_crate = sources.crates.iter().any(|c| {
                c.package == package.name && c.name == target.name && c.kind == target.kind
            });
            if loaded_crate {
                continue;
            }
            let file = sources.display_path(&target.root);
            let why = sources.problems.iter().find(|p| p.file == file).map_or(
                "could not be loaded",
                |p| match p.kind {
                    crate::modules::ProblemKind::Parse => "does not parse",
                    crate::modules::ProblemKind::Read => "could not be read",
                    _ => "could not be loaded",
                },
            );
            unchecked.push(Unchecked {
                krate: target.name.clone(),
                package: package.name.clone(),
                reason: format!("its root file {file} {why}"),
            });
        }
    }
    unchecked
}

/// The selected packages' targets, as cargo names them.
fn targets(loaded: &Loaded) -> Vec<CargoTarget> {
    let mut targets = Vec::new();
    for package in loaded.workspace.packages.iter().filter(|p| p.selected) {
        for target in &package.targets {
            targets.push(CargoTarget {
                package_id: format!("path+file://{}#{}", package.dir.display(), package.name),
                manifest_path: package.manifest.clone(),
                name: target.name.clone(),
                kind: match target.kind {
                    TargetKind::Lib => "lib",
                    TargetKind::Bin => "bin",
                }
                .to_owned(),
                src_path: target.root.clone(),
                edition: None,
            });
        }
    }
    targets
}

/// The target whose crate holds the file shown as `file`.
fn target_of_file(loaded: &Loaded, targets: &[CargoTarget], file: &str) -> Option<usize> {
    let sources: &Sources = &loaded.sources;
    let file_id = sources.files.iter().position(|f| f.display == file)?;
    let module = sources.modules.iter().find(|m| m.file == file_id)?;
    let krate = &sources.crates[module.krate];
    let root_file = &sources.files[sources.modules[krate.root].file].path;
    targets.iter().position(|t| &t.src_path == root_file)
}
