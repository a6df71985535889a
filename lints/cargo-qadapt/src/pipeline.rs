//! What the command line asks of the checker: load what a [`Request`]
//! names, then `check` or `audit` it, with progress, into the reports the
//! renderers read. The one place the command line meets the engine.
//!
//! It also adds what the walk does not report itself: the crates that
//! could not be checked (their root file does not parse: what the engine
//! recovers from it is checked, but the check is incomplete), and the
//! cargo targets, each finding under its root's.

use crate::load::{self, LoadOptions};
use crate::progress::Progress;
use crate::render::Texts;
use crate::report::{AuditReport, CheckReport, ProblemKind, Unchecked};
use crate::request::Request;
use std::path::Path;

pub use crate::load::Loaded;

/// Loads what `request` names. The result is leaked: the process ends right
/// after the report, and freeing the engine's database first would be
/// wasted time. The error is the message of what stopped it.
pub fn load(request: &Request, progress: &mut dyn Progress) -> Result<&'static Loaded, String> {
    let options = LoadOptions {
        manifest_path: request.manifest_path.clone(),
        workspace: request.workspace,
        features: request.features.features.clone(),
        all_features: request.features.all,
        no_default_features: request.features.no_default,
        target: request.target.clone(),
        roots: request.roots.clone(),
        tests: request.tests,
        ..LoadOptions::default()
    };
    load::load(&options, progress)
        .map(|loaded| &*Box::leak(Box::new(loaded)))
        .map_err(|err| err.to_string())
}

/// The settings of `request` that the loader does not apply, for a
/// warning: none, the engine loads the workspace the way cargo builds it.
pub fn unapplied(_request: &Request) -> Vec<&'static str> {
    Vec::new()
}

/// `check` on what was loaded.
pub fn check(loaded: &Loaded, progress: &mut dyn Progress) -> CheckReport {
    let mut report = crate::check::check(loaded, progress);
    report.unchecked = unchecked(loaded, &report.problems);
    report
}

/// `audit` on what was loaded (test code with `request.tests`, which the
/// loading applied).
pub fn audit(loaded: &Loaded, _request: &Request, _progress: &mut dyn Progress) -> AuditReport {
    let mut report = crate::audit::audit(loaded);
    report.unchecked = unchecked(loaded, &report.problems);
    report.targets = load::cargo_targets(loaded);
    report
}

/// The workspace root, which the reports' paths are relative to.
pub fn root(loaded: &Loaded) -> &Path {
    &loaded.root
}

/// The texts of the files the reports point into, for the renderers.
pub fn texts(loaded: &Loaded) -> Texts<'static> {
    let sources: &'static crate::report::Sources = Box::leak(Box::new(loaded.files.sources()));
    Texts::new(
        sources
            .files
            .iter()
            .map(|file| (file.display.as_str(), file.text.as_str())),
    )
}

/// The checked targets whose root file does not parse.
fn unchecked(loaded: &Loaded, problems: &[crate::report::Problem]) -> Vec<Unchecked> {
    let mut unchecked = Vec::new();
    for package in loaded.packages.iter().filter(|p| p.selected) {
        for (root, kind, name) in &package.targets {
            if !load::checked(*kind, loaded.options.tests) {
                continue;
            }
            let file = loaded.files.display_path(root);
            let broken = problems
                .iter()
                .any(|p| p.kind == ProblemKind::Parse && p.file == file);
            if broken {
                unchecked.push(Unchecked {
                    krate: name.clone(),
                    package: package.name.clone(),
                    reason: format!("its root file {file} does not parse"),
                });
            }
        }
    }
    unchecked
}
