//! `cargo qadapt audit`: every function of the checked packages with a
//! definite finding in its own body, `#[no_alloc]` or not, ranked by how
//! many it has (then by name). Where to look first when hardening a hot
//! path.
//!
//! Calls are not followed: each function counts what it does itself, the
//! std items it calls that the catalogue names. The project's
//! `allow`/`deny` apply, and a `#[no_alloc]` function's own options too;
//! `pedantic` does not (only definite findings count). The build is
//! loaded as cargo builds it, so `#[cfg(test)]` code and test targets are
//! not audited.

use crate::item_path::{ItemPath, module_path};
use crate::load::Loaded;
use crate::report::{AuditEntry, AuditFinding, AuditReport, Stats};
use crate::roots;
use crate::walk::Walker;
use qadapt_lints::Certainty;
use ra_ap_hir as hir;
use ra_ap_hir_def::FunctionId;
use ra_ap_project_model::TargetKind;

/// Audits the loaded packages.
pub fn audit(loaded: &Loaded) -> AuditReport {
    let db = &loaded.db;
    ra_ap_hir::attach_db(db, || {
        let walker = Walker::new(loaded);
        let mut report = AuditReport {
            stats: Stats {
                packages: loaded.packages.iter().filter(|p| p.selected).count(),
                ..Stats::default()
            },
            ..AuditReport::default()
        };
        let mut entries = Vec::new();
        let mut files = std::collections::HashSet::new();
        for krate in hir::Crate::all(db) {
            let Some(package) = roots::checked_package(loaded, krate) else {
                continue;
            };
            report.stats.crates += 1;
            let config = &loaded.packages[package].config;
            let bin = loaded.packages[package]
                .targets
                .iter()
                .any(|(root, kind, _)| {
                    *kind == TargetKind::Bin
                        && loaded.files.path(krate.root_file(db)).as_ref() == Some(root)
                });
            let krate_name = crate::item_path::crate_name(db, krate);
            for function in roots::functions(db, krate) {
                let Ok(func) = FunctionId::try_from(function) else {
                    continue;
                };
                report.stats.functions += 1;
                let attribute = roots::attribute(db, function);
                let mut options = match &attribute {
                    Some(attribute) => {
                        if !attribute.runtime_only {
                            report.stats.roots += 1;
                        }
                        attribute.options(config)
                    }
                    None => config.options(),
                };
                options.pedantic = false;
                let found = walker.own_findings(func, &options);
                let findings: Vec<AuditFinding> = found
                    .iter()
                    .filter(|(_, construct)| construct.certainty == Certainty::Definite)
                    .filter_map(|(expr, construct)| {
                        let site = walker.site(func, *expr)?;
                        Some(AuditFinding {
                            lint: construct.lint.clone(),
                            construct: construct.name.clone(),
                            reason: construct.reason.clone(),
                            suggestion: construct.suggestion.clone(),
                            location: loaded.files.location(db, site.file, site.range),
                        })
                    })
                    .collect();
                let location = roots::name_location(loaded, function);
                files.insert(location.file.clone());
                if findings.is_empty() {
                    continue;
                }
                entries.push(AuditEntry {
                    rank: 0,
                    name: qualified_name(loaded, func),
                    krate: krate_name.clone(),
                    krate_kind_bin: bin,
                    location,
                    no_alloc: attribute.as_ref().is_some_and(|a| !a.runtime_only),
                    runtime_only: attribute.as_ref().is_some_and(|a| a.runtime_only),
                    findings,
                });
            }
        }
        report.stats.files = files.len();
        entries.sort_by(|a, b| {
            b.findings
                .len()
                .cmp(&a.findings.len())
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.location.key().cmp(&b.location.key()))
        });
        for (rank, entry) in entries.iter_mut().enumerate() {
            entry.rank = rank + 1;
        }
        report.entries = entries;
        report.problems = loaded.problems.clone();
        report.problems.extend(crate::source_problems::of(loaded));
        report.problems.extend(walker.failures_as_problems(loaded));
        report
    })
}

/// `dsp::Mixer::render`: the module path within its crate, then the name.
fn qualified_name(loaded: &Loaded, func: FunctionId) -> String {
    let db = &loaded.db;
    let function = hir::Function::from(func);
    let (_, mut parts) = module_path(db, function.module(db));
    parts.push(ItemPath::of(db, func).short());
    parts.join("::")
}
