//! `cargo qadapt audit`: every function of the crate with a definite
//! finding in its own body, `#[no_alloc]` or not, ranked by how many it has
//! (then by name). Where to look first when hardening a hot path.
//!
//! Calls are not followed: each function counts what it does itself. The
//! project's `allow`/`deny` apply, and a `#[no_alloc]` function's own
//! options too; `pedantic` does not (only definite findings count).

use crate::check::Loaded;
use crate::follow::Follower;
use crate::index::{FnId, Index};
use crate::report::{self, AuditEntry, AuditFinding, AuditReport, Location};
use crate::resolve::Target;
use qadapt_lints::{Certainty, Options};

/// Audits the loaded crates, test code included.
pub fn audit(loaded: &Loaded) -> AuditReport {
    audit_with(loaded, true, &mut crate::progress::Silent)
}

/// [`audit`], skipping test code (see [`crate::test_code`]) unless
/// `tests`, and telling `progress` about each function.
pub fn audit_with(
    loaded: &Loaded,
    tests: bool,
    progress: &mut dyn crate::progress::Progress,
) -> AuditReport {
    let sources = &loaded.sources;
    let index = Index::build(sources);
    let skipped = if tests {
        Default::default()
    } else {
        crate::test_code::test_fns(&index)
    };
    let mut follower = Follower::new(&index);
    let mut report = AuditReport {
        stats: report::source_stats(sources, loaded.workspace.packages.len()),
        ..AuditReport::default()
    };
    let mut plain: Vec<Option<Options>> = vec![None; loaded.configs.len()];
    let mut entries = Vec::new();
    for (id, item) in index.fns.iter().enumerate() {
        if !sources.crates[item.krate].selected || skipped.contains(&id) {
            continue;
        }
        progress.step("Auditing", id, Some(index.fns.len()), &item.display);
        report.stats.functions += 1;
        let config = &loaded.configs[item.krate];
        let mut options = match &item.no_alloc {
            Some(attr) => {
                if !attr.runtime_only {
                    report.stats.roots += 1;
                }
                attr.options(config)
            }
            None => plain[item.krate]
                .get_or_insert_with(|| config.options())
                .clone(),
        };
        options.pedantic = false;
        let analysis = follower.analysis(Target::Fn(id), &options);
        let file = &sources.files[item.file].display;
        let findings: Vec<AuditFinding> = analysis
            .findings
            .iter()
            .filter(|finding| finding.certainty == Certainty::Definite)
            .map(|finding| AuditFinding {
                lint: finding.lint_name.clone(),
                construct: finding.construct.clone(),
                reason: finding.reason.clone(),
                suggestion: finding.suggestion.clone(),
                location: Location::of(file, finding.span),
            })
            .collect();
        if findings.is_empty() {
            continue;
        }
        entries.push(AuditEntry {
            rank: 0,
            name: qualified_name(&index, id),
            krate: sources.crates[item.krate].name.clone(),
            krate_kind_bin: sources.crates[item.krate].kind == crate::workspace::TargetKind::Bin,
            location: Location::of(file, item.span),
            no_alloc: item.no_alloc.as_ref().is_some_and(|a| !a.runtime_only),
            runtime_only: item.no_alloc.as_ref().is_some_and(|a| a.runtime_only),
            findings,
        });
    }
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
    report.problems = sources.problems.clone();
    report.problems.extend(index.problems.iter().cloned());
    report.problems.extend(follower.problems.iter().cloned());
    report
}

/// `dsp::Mixer::render`, `process::inner` for a function declared in
/// `process`'s body.
pub fn qualified_name(index: &Index, id: FnId) -> String {
    let item = &index.fns[id];
    let mut parts: Vec<String> = index.sources.modules[item.module].path.clone();
    let mut enclosing = Vec::new();
    let mut outer = item.enclosing;
    while let Some(f) = outer {
        if enclosing.len() > 32 {
            break;
        }
        enclosing.push(index.fns[f].display.clone());
        outer = index.fns[f].enclosing;
    }
    parts.extend(enclosing.into_iter().rev());
    parts.push(item.display.clone());
    parts.join("::")
}
