//! What `check` and `audit` found, with every span already turned into a
//! file position, ready for the renderers.

use proc_macro2::Span;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// A place in a source file. Lines and columns are 1-based; the end is
/// exclusive. Columns count characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Relative to the workspace root, with `/`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// Byte offsets of the span in the file's text.
    pub bytes: Range<usize>,
}

impl Location {
    /// The position of `span` in the file shown as `file`.
    pub fn of(file: &str, span: Span) -> Location {
        let start = span.start();
        let end = span.end();
        Location {
            file: file.to_owned(),
            line: start.line,
            column: start.column + 1,
            end_line: end.line,
            end_column: end.column + 1,
            bytes: span.byte_range(),
        }
    }

    /// For sorting: file, line, column.
    pub fn key(&self) -> (&str, usize, usize) {
        (&self.file, self.line, self.column)
    }

    /// `src/dsp.rs:44:13`.
    pub fn short(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Whether a diagnostic fails the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One function or macro on a call chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainLink {
    /// `process`, `Mixer::render`, `log!`.
    pub name: String,
    /// Where it is defined: its name.
    pub definition: Location,
    /// The call leading here, in the previous link; `None` for the root.
    pub call: Option<Location>,
}

/// One allocating construct reached from a `#[no_alloc]` function.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The `#[no_alloc]` function it was reached from, as displayed.
    pub root: String,
    /// `format_allocates`.
    pub lint: String,
    /// "`format!`".
    pub construct: String,
    /// `definite` or `possible`.
    pub certainty: qadapt_lints::Certainty,
    pub reason: String,
    pub suggestion: String,
    /// ``"`format!` allocates (reached from #[no_alloc] fn `process`)"``.
    pub message: String,
    /// The token to underline.
    pub location: Location,
    /// From the root to the function holding the construct.
    pub chain: Vec<ChainLink>,
    /// The root's cargo target, an index into [`CheckReport::targets`]
    /// (`--message-format=json` names it on each message, as cargo does).
    pub target: Option<usize>,
}

impl Diagnostic {
    /// Found in the `#[no_alloc]` function itself.
    pub fn is_direct(&self) -> bool {
        self.chain.len() <= 1
    }

    /// `process (src/lib.rs:10) -> mix (src/dsp.rs:40) -> format!`.
    pub fn chain_text(&self) -> String {
        let mut parts: Vec<String> = self
            .chain
            .iter()
            .map(|link| {
                format!(
                    "{} ({}:{})",
                    link.name, link.definition.file, link.definition.line
                )
            })
            .collect();
        parts.push(self.construct.trim_matches('`').to_owned());
        parts.join(" -> ")
    }
}

/// Something worth knowing that is not a finding: an ambiguous call, an
/// attribute option that could not be read.
///
/// The renderers show one note per kind (`id`) per root, with a count,
/// and every note with `--verbose`: what cannot be followed can be met
/// hundreds of times on a real crate, and must not drown the findings.
#[derive(Debug, Clone)]
pub struct Note {
    /// What it is about: `ambiguous-call`, `method-matched-by-name`,
    /// `call-through-generic`, `call-not-followed`, `attribute`.
    pub id: &'static str,
    pub message: String,
    pub location: Location,
    /// The `#[no_alloc]` function (or `--root`) whose walk met it, as
    /// displayed; `None` for notes about no walk (an attribute's option).
    pub root: Option<String>,
}

/// Sizes, for the summary line and the coverage numbers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub packages: usize,
    pub crates: usize,
    pub files: usize,
    pub lines: usize,
    /// Functions with a body.
    pub functions: usize,
    /// `#[no_alloc]` functions checked (not `runtime_only`).
    pub roots: usize,
    /// Distinct functions and macros reached from the roots, other than
    /// the roots themselves.
    pub reached: usize,
}

/// A crate that could not be checked at all, such as one whose root file
/// does not parse: the run is incomplete (exit code 2), whatever else was
/// found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// The crate's name, as code refers to it.
    pub krate: String,
    pub package: String,
    /// Why: "its root file src/lib.rs does not parse".
    pub reason: String,
}

/// A cargo target (a package's library, a binary, ..), named on each
/// message of `--message-format=json` as `cargo check` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoTarget {
    /// cargo's package id: `path+file:///abs/dir#name@1.2.3`.
    pub package_id: String,
    pub manifest_path: PathBuf,
    /// The target's name as the manifest spells it.
    pub name: String,
    /// `lib`, `bin`, `test`, ...
    pub kind: String,
    /// Its root file.
    pub src_path: PathBuf,
    /// `2024`, when known.
    pub edition: Option<String>,
}

/// The result of `cargo qadapt check`.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<Note>,
    pub problems: Vec<Problem>,
    pub stats: Stats,
    /// Crates that could not be checked (exit code 2).
    pub unchecked: Vec<Unchecked>,
    /// The cargo targets of the checked packages, the first being the
    /// one a message without a target of its own is reported under.
    pub targets: Vec<CargoTarget>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// One allocating construct found by `audit`.
#[derive(Debug, Clone)]
pub struct AuditFinding {
    pub lint: String,
    pub construct: String,
    pub reason: String,
    pub suggestion: String,
    pub location: Location,
}

/// One function with definite findings.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// 1 for the function with the most findings.
    pub rank: usize,
    /// With its module path: `dsp::Mixer::render`.
    pub name: String,
    /// The package's crate it is in.
    pub krate: String,
    /// Whether that crate is a binary.
    pub krate_kind_bin: bool,
    pub location: Location,
    /// Whether `#[no_alloc]` applies to it (with the static checks on).
    pub no_alloc: bool,
    /// Whether `#[no_alloc(runtime_only)]` applies to it.
    pub runtime_only: bool,
    pub findings: Vec<AuditFinding>,
}

/// The result of `cargo qadapt audit`.
#[derive(Debug, Clone, Default)]
pub struct AuditReport {
    pub entries: Vec<AuditEntry>,
    pub problems: Vec<Problem>,
    pub stats: Stats,
    /// Crates that could not be audited (exit code 2).
    pub unchecked: Vec<Unchecked>,
    /// As in [`CheckReport::targets`].
    pub targets: Vec<CargoTarget>,
}

/// Something that kept part of the code from being checked, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The file at fault as shown to the user, or empty when the problem
    /// is about no file (std's sources missing, build scripts).
    pub file: String,
    /// 1-based, 0 when unknown.
    pub line: usize,
    /// 1-based, 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The file's text when it is not among the loaded files, to show the
    /// line at fault.
    pub text: Option<String>,
}

/// What kind of [`Problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is not valid Rust.
    Parse,
    /// A module's file does not exist.
    Missing,
    /// The file could not be read.
    Read,
    /// Loading the workspace left something out: std's sources, build
    /// scripts, proc macros.
    Load,
    /// The checker itself failed (a caught panic): the check is
    /// incomplete.
    Internal,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Parse => "parse",
            ProblemKind::Missing => "missing",
            ProblemKind::Read => "read",
            ProblemKind::Load => "load",
            ProblemKind::Internal => "internal",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.is_empty() {
            write!(formatter, "{}", self.file)?;
            if self.line > 0 {
                write!(formatter, ":{}:{}", self.line, self.column.max(1))?;
            }
            write!(formatter, ": ")?;
        }
        write!(formatter, "{}", self.message)
    }
}

/// The texts of the files a report points into, for the renderers.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<SourceFile>,
}

/// One file: how it is shown, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub display: String,
    pub text: String,
}
