//! The command line: `cargo qadapt check|audit [options]`.
//!
//! Exit codes: 0 when nothing fails the run (warnings alone do not, nor do
//! source files that cannot be parsed or found: they are reported and
//! skipped), 1 when `check` finds something with `--deny`, or something
//! strict (`#[no_alloc(strict)]`, `strict = true` in the configuration,
//! `QADAPT_STRICT=1`), 2 on usage errors (clap's own and invalid values),
//! when the manifest or the configuration cannot be read, when a crate
//! could not be checked at all (its root file does not parse), when the
//! checker failed on some function (an internal error, reported with its
//! path: the rest is still checked, but the check is incomplete), and when
//! the output cannot be written: a full device, a closed pipe or a stream
//! closed at start, stdout or stderr alike.
//!
//! With `--format json|sarif`, stdout always holds one document, also when
//! the run could not be made (a usage error once the format is known, a
//! manifest or configuration that cannot be read): one saying so. With
//! `--message-format=json`, stdout holds rustc's JSON diagnostics, one per
//! line, as `cargo check --message-format=json` prints them, for editors.

use crate::check;
use crate::console::{Console, ConsoleProgress};
use crate::pipeline;
use crate::render::human::Human;
use crate::render::rustc_json::{self, RustcJson};
use crate::render::{json, sarif};
use crate::report::Severity;
use crate::request::{self, FeatureList, Features, Request};
use clap::{Args, Parser, Subcommand, ValueEnum};
use qadapt_lints::PathPattern;
use std::ffi::OsString;

#[derive(Debug, Parser)]
#[command(
    name = "cargo-qadapt",
    bin_name = "cargo qadapt",
    version,
    about = "Checks #[no_alloc] functions across the whole crate, following their calls",
    long_about = "Checks #[no_alloc] functions across the whole crate: every call into the \
                  crate's own functions, methods and macro_rules! macros is followed, and \
                  every allocating construct reached is reported with its call chain."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report every allocation reachable from a `#[no_alloc]` function.
    Check(CheckArgs),
    /// Rank every function of the crate by its definite allocations.
    Audit(AuditArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// Path to Cargo.toml (default: the nearest one from the current directory up).
    #[arg(long, value_name = "PATH", help_heading = "Package Selection")]
    pub manifest_path: Option<std::path::PathBuf>,
    /// Every member of the workspace.
    #[arg(long, help_heading = "Package Selection")]
    pub workspace: bool,
    /// Space or comma separated list of features to activate.
    #[arg(
        long,
        short = 'F',
        value_name = "FEATURES",
        value_parser = request::feature_list,
        help_heading = "Feature Selection"
    )]
    pub features: Vec<FeatureList>,
    /// Activate all available features.
    #[arg(long, help_heading = "Feature Selection")]
    pub all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long, help_heading = "Feature Selection")]
    pub no_default_features: bool,
    /// Check for the target triple (or `.json` target specification).
    #[arg(
        long,
        value_name = "TRIPLE",
        value_parser = request::target,
        help_heading = "Compilation Options"
    )]
    pub target: Option<String>,
    /// Output format: rustc-like text on stderr, or one JSON or SARIF document on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// `json`: rustc's JSON diagnostics on stdout, one per line, as `cargo check
    /// --message-format=json` prints them (for editors).
    #[arg(long, value_enum, value_name = "FMT", conflicts_with = "format")]
    pub message_format: Option<MessageFormat>,
    /// No status lines, no progress.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Every note, not one per kind per `#[no_alloc]` function.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Findings are errors: exit with 1 when there is any.
    #[arg(long, alias = "strict")]
    pub deny: bool,
    /// Also check this function as if it were `#[no_alloc]` (`crate::dsp::mix`,
    /// `heapless::Vec::push`); repeatable.
    #[arg(long, value_name = "PATH", value_parser = request::root)]
    pub root: Vec<PathPattern>,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub common: Common,
    /// Show only the first N functions.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Also audit test targets and `#[cfg(test)]` code (skipped by default).
    #[arg(long)]
    pub tests: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// `--message-format`, spelt as cargo spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Text on stderr (as `--format human`).
    Human,
    /// rustc's JSON diagnostics, one per line on stdout.
    Json,
    /// As `json`, with ANSI colours in each message's `rendered` text.
    JsonDiagnosticRenderedAnsi,
}

/// What is written, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    Human,
    Json,
    Sarif,
    Rustc { ansi: bool },
}

impl Common {
    fn output(&self) -> Output {
        match (self.message_format, self.format) {
            (Some(MessageFormat::Json), _) => Output::Rustc { ansi: false },
            (Some(MessageFormat::JsonDiagnosticRenderedAnsi), _) => Output::Rustc { ansi: true },
            (Some(MessageFormat::Human), _) | (None, Format::Human) => Output::Human,
            (None, Format::Json) => Output::Json,
            (None, Format::Sarif) => Output::Sarif,
        }
    }

    fn request(&self) -> Request {
        Request {
            manifest_path: self.manifest_path.clone(),
            workspace: self.workspace,
            features: Features {
                features: self
                    .features
                    .iter()
                    .flat_map(|list| list.0.clone())
                    .collect(),
                all: self.all_features,
                no_default: self.no_default_features,
            },
            target: self.target.clone(),
            roots: Vec::new(),
            tests: false,
        }
    }

    /// The pipeline's progress on `console`, with the updating line when
    /// stderr is a terminal and no document goes to a pipe.
    fn progress<'c>(&self, console: &'c Console) -> ConsoleProgress<'c> {
        let document_to_pipe = matches!(
            self.output(),
            Output::Json | Output::Sarif | Output::Rustc { .. }
        ) && !console.stdout_is_terminal();
        if !self.quiet && !document_to_pipe {
            console.enable_progress();
        }
        ConsoleProgress {
            console,
            quiet: self.quiet,
        }
    }
}

impl CheckArgs {
    /// What the pipeline is asked to check.
    pub fn request(&self) -> Request {
        Request {
            roots: self.root.clone(),
            ..self.common.request()
        }
    }
}

impl AuditArgs {
    /// What the pipeline is asked to audit.
    pub fn request(&self) -> Request {
        Request {
            tests: self.tests,
            ..self.common.request()
        }
    }
}

/// Runs the command line `args` (the program name first; a `qadapt` right
/// after it, as cargo passes it, is skipped) and returns the exit code.
/// Nothing is printed with `print!`: a stream that cannot be written is an
/// exit code of 2, not a panic.
pub fn run(mut args: Vec<OsString>) -> i32 {
    if args.get(1).is_some_and(|arg| arg == "qadapt") {
        args.remove(1);
    }
    let console = Console::new();
    let code = match Cli::try_parse_from(&args) {
        Ok(cli) => match cli.command {
            Command::Check(args) => run_check(&args, &console),
            Command::Audit(args) => run_audit(&args, &console),
        },
        Err(err) => usage(&err, &args, &console),
    };
    console.exit_code(code)
}

/// Help and version on stdout with 0; usage errors on stderr with 2, and
/// the document saying so when the format is known.
fn usage(err: &clap::Error, args: &[OsString], console: &Console) -> i32 {
    let styled = err.render();
    if !err.use_stderr() {
        console.out(&styled.to_string());
        return err.exit_code();
    }
    if console.color() {
        console.err(&styled.ansi().to_string());
    } else {
        console.err(&styled.to_string());
    }
    let Some((command, output)) = written_output(args) else {
        return 2;
    };
    let text = styled.to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("usage error")
        .trim_start_matches("error: ");
    failure(console, output, command, first, false)
}

/// The command and the output format of a command line clap rejected,
/// when both can be told.
fn written_output(args: &[OsString]) -> Option<(Option<&'static str>, Output)> {
    let args: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let command = args.iter().find_map(|a| match a.as_str() {
        "check" => Some("check"),
        "audit" => Some("audit"),
        _ => None,
    });
    let value = |name: &str| {
        args.iter()
            .enumerate()
            .find_map(|(i, arg)| match arg.strip_prefix(name) {
                Some("") => args.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_owned),
                None => None,
            })
    };
    let output = match value("--message-format").as_deref() {
        Some("json") => Output::Rustc { ansi: false },
        Some("json-diagnostic-rendered-ansi") => Output::Rustc { ansi: true },
        _ => match value("--format")?.as_str() {
            "json" => Output::Json,
            "sarif" => Output::Sarif,
            _ => return None,
        },
    };
    Some((command, output))
}

/// Exit code 2 with `message` (said on stderr when `tell`), and on stdout
/// what the format writes for a run that could not be made.
fn failure(
    console: &Console,
    output: Output,
    command: Option<&str>,
    message: &str,
    tell: bool,
) -> i32 {
    if tell {
        console.error(message);
    }
    match output {
        Output::Human => {}
        Output::Json => emit(console, &json::failure(command, message)),
        Output::Sarif => emit(console, &sarif::failure(message)),
        Output::Rustc { .. } => console.out(&rustc_json::failure()),
    }
    2
}

/// Warns about the settings the loader does not apply yet.
fn warn_unapplied(console: &Console, request: &Request) {
    let unapplied = pipeline::unapplied(request);
    if !unapplied.is_empty() {
        console.warning(&format!(
            "{} accepted but not applied yet: this checker reads every module, whatever the \
             features and target",
            unapplied.join(", ")
        ));
    }
}

/// Loads what `request` names for `command`, with progress; else the exit
/// code, having said why.
fn load<'c>(
    command: &str,
    common: &Common,
    request: &Request,
    console: &'c Console,
) -> Result<(&'static pipeline::Loaded, ConsoleProgress<'c>), i32> {
    let mut progress = common.progress(console);
    match pipeline::load(request, &mut progress) {
        Ok(loaded) => {
            warn_unapplied(console, request);
            Ok((loaded, progress))
        }
        Err(message) => Err(failure(
            console,
            common.output(),
            Some(command),
            &message,
            true,
        )),
    }
}

fn run_check(args: &CheckArgs, console: &Console) -> i32 {
    let common = &args.common;
    let output = common.output();
    let (loaded, mut progress) = match load("check", common, &args.request(), console) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let mut report = pipeline::check(loaded, &mut progress);
    console.clear_progress();
    if args.deny {
        for diagnostic in &mut report.diagnostics {
            diagnostic.severity = Severity::Error;
        }
    }
    let code = if report.unchecked.is_empty() {
        check::exit_code(&report, args.deny)
    } else {
        2
    };
    let texts = pipeline::texts(loaded);
    let root = pipeline::root(loaded);
    match output {
        Output::Human => {
            console.err(&Human::new(&texts, console.color(), common.verbose).check(&report));
        }
        Output::Json => emit(console, &json::check(&report, root, code, common.verbose)),
        Output::Sarif => emit(console, &sarif::check(&report, root, common.verbose)),
        Output::Rustc { ansi } => console.out(
            &RustcJson::new(&texts, &report.targets, ansi, common.verbose).check(
                &report,
                common.verbose,
                code,
            ),
        ),
    }
    code
}

fn run_audit(args: &AuditArgs, console: &Console) -> i32 {
    let common = &args.common;
    let output = common.output();
    let request = args.request();
    let (loaded, mut progress) = match load("audit", common, &request, console) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let report = pipeline::audit(loaded, &request, &mut progress);
    console.clear_progress();
    let internal = report
        .problems
        .iter()
        .any(|p| p.kind == crate::report::ProblemKind::Internal);
    let code = if internal || !report.unchecked.is_empty() {
        2
    } else {
        0
    };
    let texts = pipeline::texts(loaded);
    let root = pipeline::root(loaded);
    match output {
        Output::Human => {
            let human = Human::new(&texts, console.color(), common.verbose);
            console.err(&human.audit(&report, args.top));
        }
        Output::Json => emit(console, &json::audit(&report, root, args.top, code)),
        Output::Sarif => emit(console, &sarif::audit(&report, root, args.top)),
        Output::Rustc { ansi } => console.out(
            &RustcJson::new(&texts, &report.targets, ansi, common.verbose)
                .audit(&report, args.top, code),
        ),
    }
    code
}

/// Writes one JSON document to stdout.
fn emit(console: &Console, document: &serde_json::Value) {
    match serde_json::to_string_pretty(document) {
        Ok(mut text) => {
            text.push('\n');
            console.out(&text);
        }
        Err(err) => {
            console.error(&format!("could not write the JSON output: {err}"));
            // Nothing was delivered: the console fails the run.
            console.out_failed();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        let mut all = vec!["cargo-qadapt"];
        all.extend_from_slice(args);
        match Cli::try_parse_from(all) {
            Ok(cli) => cli.command,
            Err(err) => panic!("{args:?}: {err}"),
        }
    }

    #[test]
    fn settings_reach_the_request() {
        let Command::Check(check) = parse(&[
            "check",
            "--manifest-path",
            "m/Cargo.toml",
            "--workspace",
            "--features",
            "a b",
            "-F",
            "c,dep/d",
            "--all-features",
            "--no-default-features",
            "--target",
            "wasm32-unknown-unknown",
            "--root",
            "crate::dsp::mix",
            "--root=heapless::Vec::push",
        ]) else {
            panic!("check");
        };
        let request = check.request();
        assert_eq!(
            request.manifest_path.as_deref(),
            Some(std::path::Path::new("m/Cargo.toml"))
        );
        assert!(request.workspace);
        assert_eq!(request.features.features, ["a", "b", "c", "dep/d"]);
        assert!(request.features.all && request.features.no_default);
        assert_eq!(request.target.as_deref(), Some("wasm32-unknown-unknown"));
        let roots: Vec<String> = request.roots.iter().map(ToString::to_string).collect();
        assert_eq!(roots, ["crate::dsp::mix", "heapless::Vec::push"]);
        assert!(!request.tests);

        let Command::Audit(audit) = parse(&["audit", "--tests"]) else {
            panic!("audit");
        };
        let request = audit.request();
        assert!(request.tests && request.features.is_default() && request.roots.is_empty());
    }

    #[test]
    fn outputs() {
        let output = |args: &[&str]| match parse(args) {
            Command::Check(check) => check.common.output(),
            Command::Audit(audit) => audit.common.output(),
        };
        assert_eq!(output(&["check"]), Output::Human);
        assert_eq!(output(&["check", "--format", "sarif"]), Output::Sarif);
        assert_eq!(output(&["audit", "--format=json"]), Output::Json);
        assert_eq!(
            output(&["check", "--message-format=json"]),
            Output::Rustc { ansi: false }
        );
        assert_eq!(
            output(&["check", "--message-format", "json-diagnostic-rendered-ansi"]),
            Output::Rustc { ansi: true }
        );
        assert_eq!(
            output(&["check", "--message-format", "human"]),
            Output::Human
        );
    }
}
