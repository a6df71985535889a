//! `cargo qadapt check`: the roots, the walk from each, and the report:
//! every construct reached, with the chain that reaches it across crates.

use crate::load::Loaded;
use crate::report::{self, ChainLink, CheckReport, Diagnostic, Note, Problem, ProblemKind};
use crate::roots::{self, Root};
use crate::walk::{Reached, Step, Walk, Walker};
use qadapt_lints::{Certainty, PathPattern};
use ra_ap_hir as hir;
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_def::hir::ExprId;
use std::collections::{HashMap, HashSet};

/// Checks every root of the loaded packages. `progress` hears of each
/// root walked (its name).
pub fn check(loaded: &Loaded, progress: &mut dyn crate::progress::Progress) -> CheckReport {
    let db = &loaded.db;
    let mut extra: Vec<PathPattern> = loaded.options.roots.clone();
    for package in loaded.packages.iter().filter(|p| p.selected) {
        extra.extend(package.config.roots.iter().cloned());
    }
    ra_ap_hir::attach_db(db, || {
        let found = roots::find(loaded, &extra);
        let walker = Walker::new(loaded);
        let mut report = CheckReport {
            stats: report::Stats {
                packages: loaded.packages.iter().filter(|p| p.selected).count(),
                crates: found.roots.len().min(1).max(checked_crates(loaded)),
                files: found.files,
                lines: found.lines,
                functions: found.functions,
                roots: found.roots.len(),
                reached: 0,
            },
            ..CheckReport::default()
        };
        report.notes.extend(found.notes.iter().cloned());
        let mut reached_anywhere: HashSet<FunctionId> = HashSet::new();
        let mut noted: HashSet<(String, String, usize, &'static str)> = HashSet::new();
        for (i, root) in found.roots.iter().enumerate() {
            progress.step("Walking", i, Some(found.roots.len()), &root.name);
            let walk = match crate::panic::catch(|| walk_root(loaded, &walker, root)) {
                Ok(walk) => walk,
                Err(message) => {
                    let location = roots::name_location(loaded, hir::Function::from(root.func));
                    report.problems.push(Problem {
                        kind: ProblemKind::Internal,
                        file: location.file.clone(),
                        line: location.line,
                        column: location.column,
                        message: format!(
                            "internal error while walking from fn `{}`: {message}",
                            root.name
                        ),
                        text: None,
                    });
                    continue;
                }
            };
            reached_anywhere.extend(walk.visited.iter().copied().filter(|f| *f != root.func));
            report
                .diagnostics
                .extend(diagnostics(loaded, &walker, root, &walk.reached));
            for note in &walk.notes {
                let site = match note.expr {
                    Some(expr) => walker.site(note.func, expr),
                    None => note.site.clone(),
                };
                let location = match site {
                    Some(site) => Some(loaded.files.location(db, site.file, site.range)),
                    None if note.expr.is_none() => {
                        Some(roots::name_location(loaded, hir::Function::from(note.func)))
                    }
                    None => None,
                };
                let Some(location) = location else { continue };
                let key = (
                    root.name.clone(),
                    location.file.clone(),
                    location.bytes.start,
                    note.kind.id(),
                );
                if noted.insert(key) {
                    report.notes.push(Note {
                        id: note.kind.id(),
                        message: note.message.clone(),
                        location,
                        root: Some(root.name.clone()),
                    });
                }
            }
        }
        for root in &found.roots {
            reached_anywhere.remove(&root.func);
        }
        report.stats.reached = reached_anywhere.len();
        // Each finding under its root's cargo target.
        report.targets = crate::load::cargo_targets(loaded);
        for diagnostic in &mut report.diagnostics {
            diagnostic.target = found
                .roots
                .iter()
                .find(|r| r.name == diagnostic.root)
                .and_then(|root| target_of(loaded, &report.targets, root));
        }
        report
            .problems
            .splice(0..0, loaded.problems.iter().cloned());
        report.problems.extend(crate::source_problems::of(loaded));
        report.problems.extend(walker.failures_as_problems(loaded));
        report
    })
}

/// The cargo target whose crate holds `root`.
fn target_of(
    loaded: &Loaded,
    targets: &[crate::report::CargoTarget],
    root: &Root,
) -> Option<usize> {
    let db = &loaded.db;
    let krate = hir::Function::from(root.func).module(db).krate(db);
    let path = loaded.files.path(krate.root_file(db))?;
    targets.iter().position(|t| t.src_path == path)
}

/// The number of crates checked (libraries and binaries of the checked
/// packages).
fn checked_crates(loaded: &Loaded) -> usize {
    hir::Crate::all(&loaded.db)
        .into_iter()
        .filter(|&k| roots::checked_package(loaded, k).is_some())
        .count()
}

/// The walk from one root, with the root's own generic parameters.
fn walk_root<'db>(loaded: &'db Loaded, walker: &Walker<'db>, root: &Root) -> Walk {
    let (args, env) = crate::walk::own_instance(&loaded.db, root.func);
    walker.walk((root.func, args), env, &root.options)
}

/// The diagnostics of one root's walk. What only may allocate is said
/// with `pedantic`; the most certain finding of a construct at a place is
/// the one said; and what a call into a dependency reaches inside it is
/// said once, by its most certain and nearest finding, with a count of
/// the others (a deserializer's every error path is not worth a line
/// each).
fn diagnostics(
    loaded: &Loaded,
    walker: &Walker<'_>,
    root: &Root,
    reached: &[Reached],
) -> Vec<Diagnostic> {
    let mut reached: Vec<&Reached> = reached
        .iter()
        .filter(|r| root.options.pedantic || r.construct.certainty == Certainty::Definite)
        .collect();
    reached.sort_by_key(|r| (std::cmp::Reverse(r.construct.certainty), r.chain.len()));
    let mut seen: HashSet<(String, usize, String)> = HashSet::new();
    let mut by_boundary: HashMap<(FunctionId, ExprId), usize> = HashMap::new();
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut more: Vec<usize> = Vec::new();
    for reached in reached {
        let boundary = boundary(walker, &reached.chain);
        if let Some(key) = boundary
            && let Some(&first) = by_boundary.get(&key)
        {
            more[first] += 1;
            continue;
        }
        let Some(diagnostic) = diagnostic(loaded, walker, root, reached) else {
            continue;
        };
        let key = (
            diagnostic.location.file.clone(),
            diagnostic.location.bytes.start,
            diagnostic.construct.clone(),
        );
        if seen.insert(key) {
            if let Some(key) = boundary {
                by_boundary.insert(key, out.len());
            }
            out.push(diagnostic);
            more.push(0);
        }
    }
    for (diagnostic, more) in out.iter_mut().zip(more) {
        if more > 0 {
            diagnostic.message.push_str(&format!(
                "; {more} more allocating construct{} through the same call",
                if more == 1 { "" } else { "s" }
            ));
        }
    }
    out
}

/// The call in the user's own code that leads into a dependency on
/// `chain`, if the chain enters one.
fn boundary(walker: &Walker<'_>, chain: &[Step]) -> Option<(FunctionId, ExprId)> {
    let at = chain
        .iter()
        .position(|step| !walker.judge.info(step.func).local)?;
    let call = chain.get(at)?.call?;
    Some((chain.get(at.checked_sub(1)?)?.func, call))
}

/// The diagnostic for one construct reached from `root`.
fn diagnostic(
    loaded: &Loaded,
    walker: &Walker<'_>,
    root: &Root,
    reached: &Reached,
) -> Option<Diagnostic> {
    let db = &loaded.db;
    let holder = reached.chain.last()?.func;
    let site = match &reached.place {
        Some(place) => place.clone(),
        None => walker.site(holder, reached.call)?,
    };
    let location = loaded.files.location(db, site.file, site.range);
    let mut chain = chain_links(loaded, walker, &reached.chain);
    // The crate's macros whose templates hold the construct.
    for step in &site.macros {
        chain.push(ChainLink {
            name: format!("{}!", step.name),
            definition: loaded
                .files
                .location(db, step.definition.0, step.definition.1),
            call: Some(loaded.files.location(db, step.call.0, step.call.1)),
        });
    }
    let construct = &reached.construct;
    let verb = construct.certainty.verb();
    let message = if chain.len() <= 1 {
        format!(
            "{} {verb} in #[no_alloc] fn `{}`",
            construct.name, root.name
        )
    } else {
        format!(
            "{} {verb} (reached from #[no_alloc] fn `{}`)",
            construct.name, root.name
        )
    };
    Some(Diagnostic {
        severity: root.severity,
        root: root.name.clone(),
        lint: construct.lint.clone(),
        construct: construct.name.clone(),
        certainty: construct.certainty,
        reason: construct.reason.clone(),
        suggestion: construct.suggestion.clone(),
        message,
        location,
        chain,
        target: None,
    })
}

/// The chain as the report shows it: each function with where it is
/// defined and where the previous one calls it; a run of std's functions
/// shown by the first (the std API the code called).
fn chain_links(loaded: &Loaded, walker: &Walker<'_>, chain: &[Step]) -> Vec<ChainLink> {
    let db = &loaded.db;
    let mut links = Vec::with_capacity(chain.len());
    let mut previous: Option<FunctionId> = None;
    let mut previous_std = false;
    for step in chain {
        let info = walker.judge.info(step.func);
        if info.std && previous_std {
            previous = Some(step.func);
            continue;
        }
        previous_std = info.std;
        let call = match (previous, step.call) {
            (Some(caller), Some(expr)) => walker
                .site(caller, expr)
                .map(|site| loaded.files.location(db, site.file, site.range)),
            _ => None,
        };
        links.push(ChainLink {
            name: info.path.short(),
            definition: roots::name_location(loaded, hir::Function::from(step.func)),
            call,
        });
        previous = Some(step.func);
    }
    links
}

/// Exit code of `check`: 2 when the check is incomplete (the checker
/// failed on some root), else 1 when a finding is an error (strict) or
/// when `deny` makes every finding one, else 0.
pub fn exit_code(report: &CheckReport, deny: bool) -> i32 {
    if report
        .problems
        .iter()
        .any(|p| p.kind == ProblemKind::Internal)
    {
        2
    } else if report.errors() > 0 || (deny && !report.diagnostics.is_empty()) {
        1
    } else {
        0
    }
}
