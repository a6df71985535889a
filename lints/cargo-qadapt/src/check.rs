//! The `check` pipeline: load the packages, index their crates, walk from
//! every `#[no_alloc]` function, and turn what was reached into
//! diagnostics.

use crate::follow::{Follower, Step};
use crate::index::Index;
use crate::modules::Sources;
use crate::report::{self, ChainLink, CheckReport, Diagnostic, Location, Note, Severity};
use crate::resolve::Target;
use crate::workspace::{self, Workspace, WorkspaceError};
use qadapt_lints::Certainty;
use qadapt_lints::config::{Config, ConfigError};
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

/// What stops a run before anything is checked (exit code 2).
#[derive(Debug, Clone, PartialEq)]
pub enum Fatal {
    Workspace(WorkspaceError),
    Config(ConfigError),
}

impl fmt::Display for Fatal {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::Workspace(err) => err.fmt(formatter),
            Fatal::Config(err) => err.fmt(formatter),
        }
    }
}

impl std::error::Error for Fatal {}

/// The packages to check, their sources and their configurations.
pub struct Loaded {
    pub workspace: Workspace,
    pub sources: Sources,
    /// The configuration of each crate, by crate id.
    pub configs: Vec<Config>,
}

/// Loads the packages of `manifest` (all of its workspace with
/// `all_members`), their configurations and their crates' modules.
/// `progress` is told about each package as it is loaded (a verb and a
/// text).
pub fn load(
    manifest: &Path,
    all_members: bool,
    progress: &mut dyn FnMut(&str, &str),
) -> Result<Loaded, Fatal> {
    let workspace = workspace::load(manifest, all_members).map_err(Fatal::Workspace)?;
    let mut sources = Sources::new(&workspace.root);
    let mut configs = Vec::new();
    for package in &workspace.packages {
        let config = Config::load(&package.dir).map_err(Fatal::Config)?;
        let files_before = sources.files.len();
        let lines_before = sources.lines();
        let dependencies: Vec<String> = package
            .dependencies
            .iter()
            .map(|d| d.name.clone())
            .collect();
        for target in &package.targets {
            if let Some(krate) =
                sources.load_crate(&target.name, target.kind, &package.name, &target.root)
            {
                debug_assert_eq!(krate, configs.len());
                sources.crates[krate].dependencies = dependencies.clone();
                sources.crates[krate].selected = package.selected;
                configs.push(config.clone());
            }
        }
        let files = sources.files.len() - files_before;
        let (verb, what) = if package.selected {
            (
                "Checking",
                format!(
                    "{} target{}",
                    package.targets.len(),
                    plural(package.targets.len())
                ),
            )
        } else {
            ("Loading", "library, a path dependency".to_owned())
        };
        progress(
            verb,
            &format!(
                "{} ({what}, {files} file{}, {} lines)",
                package.name,
                plural(files),
                sources.lines() - lines_before,
            ),
        );
    }
    Ok(Loaded {
        workspace,
        sources,
        configs,
    })
}

/// The name of a function or macro on a chain, and where it is defined.
pub fn target_link(index: &Index, target: Target) -> (String, Location) {
    let sources = index.sources;
    match target {
        Target::Fn(f) => {
            let item = &index.fns[f];
            (
                item.display.clone(),
                Location::of(&sources.files[item.file].display, item.span),
            )
        }
        Target::Macro(m) => {
            let item = &index.macros[m];
            (
                format!("{}!", item.name),
                Location::of(&sources.files[item.file].display, item.span),
            )
        }
    }
}

fn chain_links(index: &Index, follower: &Follower, chain: &[Step]) -> Vec<ChainLink> {
    let mut links: Vec<ChainLink> = Vec::with_capacity(chain.len());
    let mut previous_file: Option<String> = None;
    for step in chain {
        let (name, definition) = target_link(index, step.target);
        let call = match (step.call, &previous_file) {
            (Some(span), Some(file)) => Some(Location::of(file, span)),
            _ => None,
        };
        previous_file = Some(
            index.sources.files[follower.file_of(step.target)]
                .display
                .clone(),
        );
        links.push(ChainLink {
            name,
            definition,
            call,
        });
    }
    links
}

/// Checks every `#[no_alloc]` function of the loaded crates.
pub fn check(loaded: &Loaded) -> CheckReport {
    check_with(loaded, &mut crate::progress::Silent)
}

/// [`check`], telling `progress` about each root walked.
pub fn check_with(loaded: &Loaded, progress: &mut dyn crate::progress::Progress) -> CheckReport {
    let sources = &loaded.sources;
    let index = Index::build(sources);
    let mut follower = Follower::new(&index);
    let mut report = CheckReport {
        stats: report::source_stats(sources, loaded.workspace.packages.len()),
        ..CheckReport::default()
    };
    report.stats.functions = index
        .fns
        .iter()
        .filter(|f| sources.crates[f.krate].selected)
        .count();
    let mut reached_anywhere: HashSet<Target> = HashSet::new();
    let mut noted: HashSet<(String, usize)> = HashSet::new();

    for (id, item) in index.fns.iter().enumerate() {
        let Some(attr) = &item.no_alloc else { continue };
        if attr.runtime_only || !sources.crates[item.krate].selected {
            continue;
        }
        let config = &loaded.configs[item.krate];
        let options = attr.options(config);
        let severity = if attr.is_strict(config) {
            Severity::Error
        } else {
            Severity::Warning
        };
        report.stats.roots += 1;
        progress.step("Walking", id, Some(index.fns.len()), &item.display);
        let walk = follower.walk(id, &options);
        let root_name = item.display.clone();
        let mut seen_sites: HashSet<(String, usize, String)> = HashSet::new();
        reached_anywhere.extend(walk.visited.iter().skip(1).copied());
        for reached in &walk.reached {
            let holder = reached.chain.last().map_or(Target::Fn(id), |s| s.target);
            let file = &sources.files[follower.file_of(holder)].display;
            let location = Location::of(file, reached.finding.span);
            if !seen_sites.insert((
                location.file.clone(),
                location.bytes.start,
                reached.finding.lint_name.clone(),
            )) {
                continue;
            }
            report.diagnostics.push(diagnostic(
                &index, &follower, &root_name, severity, reached, location,
            ));
        }
        for note in &walk.notes {
            let file = &sources.files[follower.file_of(note.at)].display;
            let location = Location::of(file, note.span);
            if !noted.insert((location.file.clone(), location.bytes.start)) {
                continue;
            }
            report
                .notes
                .push(crate::notes::call_note(&index, note, location, &root_name));
        }
    }
    for (id, item) in index.fns.iter().enumerate() {
        if item.no_alloc.as_ref().is_some_and(|a| !a.runtime_only)
            && sources.crates[item.krate].selected
        {
            reached_anywhere.remove(&Target::Fn(id));
        }
    }
    report.stats.reached = reached_anywhere.len();
    for note in &index.notes {
        report.notes.push(Note {
            id: "attribute",
            message: note.message.clone(),
            location: Location::of(&sources.files[note.file].display, note.span),
            root: None,
        });
    }
    report.problems = sources.problems.clone();
    report.problems.extend(index.problems.iter().cloned());
    report.problems.extend(follower.problems.iter().cloned());
    report
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn diagnostic(
    index: &Index,
    follower: &Follower,
    root_name: &str,
    severity: Severity,
    reached: &crate::follow::Reached,
    location: Location,
) -> Diagnostic {
    let finding = &reached.finding;
    let verb = match finding.certainty {
        Certainty::Definite => "allocates",
        Certainty::Possible => "may allocate",
    };
    let chain = chain_links(index, follower, &reached.chain);
    let message = if chain.len() <= 1 {
        format!(
            "{} {verb} in #[no_alloc] fn `{root_name}`",
            finding.construct
        )
    } else {
        format!(
            "{} {verb} (reached from #[no_alloc] fn `{root_name}`)",
            finding.construct
        )
    };
    Diagnostic {
        severity,
        root: root_name.to_owned(),
        lint: finding.lint_name.clone(),
        construct: finding.construct.clone(),
        certainty: finding.certainty,
        reason: finding.reason.clone(),
        suggestion: finding.suggestion.clone(),
        message,
        location,
        chain,
        target: None,
    }
}

/// Exit code of `check`: 2 when the checker failed on some code (an
/// internal error: the check is incomplete), else 1 when a finding is an
/// error (strict) or when `deny` makes every finding one, else 0.
pub fn exit_code(report: &CheckReport, deny: bool) -> i32 {
    if report
        .problems
        .iter()
        .any(|p| p.kind == crate::modules::ProblemKind::Internal)
    {
        2
    } else if report.errors() > 0 || (deny && !report.diagnostics.is_empty()) {
        1
    } else {
        0
    }
}
