//! The command line: `cargo qadapt check|audit [options]`.
//!
//! Exit codes: 0 when nothing fails the run (warnings alone do not, nor do
//! source files that cannot be parsed or found: they are reported and
//! skipped), 1 when `check` finds something with `--deny`, or something
//! strict (`#[no_alloc(strict)]`, `strict = true` in the configuration,
//! `QADAPT_STRICT=1`), 2 on usage errors (clap's own), when the manifest or
//! the configuration cannot be read, when the output cannot be written, and
//! when the checker failed on some function (an internal error, reported
//! with its path: the rest is still checked, but the check is incomplete).
//!
//! With `--format json|sarif`, stdout always holds one document, also when
//! the run could not be made (a usage error once the format is known, a
//! manifest or configuration that cannot be read): one saying so.

use crate::check;
use crate::load::{Fatal, LoadOptions, Loaded};
use crate::render::{human::Human, json, sarif};
use crate::report::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Every member of the workspace.
    #[arg(long)]
    pub workspace: bool,
    /// Output format: rustc-like text on stderr, or one JSON or SARIF document on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// No progress lines.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Findings are errors: exit with 1 when there is any.
    #[arg(long, alias = "strict")]
    pub deny: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub common: Common,
    /// Show only the first N functions.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
}

/// Runs the command line `args` (the program name first; a `qadapt` right
/// after it, as cargo passes it, is skipped) and returns the exit code.
pub fn run(mut args: Vec<OsString>) -> i32 {
    if args.get(1).is_some_and(|arg| arg == "qadapt") {
        args.remove(1);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version go to stdout with 0, usage errors to stderr with 2.
            let _ = err.print();
            let code = err.exit_code();
            if code == 2
                && let Some((command, format)) = written_format(&args)
            {
                let message = err.kind().as_str().unwrap_or("usage error").to_owned();
                let detail = err.render().to_string();
                let first = detail.lines().next().unwrap_or(&message);
                let first = first.strip_prefix("error: ").unwrap_or(first);
                return failure_document(format, command, first, false);
            }
            return code;
        }
    };
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    match cli.command {
        Command::Check(args) => run_check(&args, color),
        Command::Audit(args) => run_audit(&args, color),
    }
}

/// The command and the `--format json|sarif` of a command line clap
/// rejected, when both can be told.
fn written_format(args: &[OsString]) -> Option<(Option<&'static str>, Format)> {
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
    let value =
        args.iter()
            .enumerate()
            .find_map(|(i, arg)| match arg.strip_prefix("--format") {
                Some("") => args.get(i + 1).cloned(),
                Some(rest) => rest.strip_prefix('=').map(str::to_owned),
                None => None,
            })?;
    let format = match value.as_str() {
        "json" => Format::Json,
        "sarif" => Format::Sarif,
        _ => return None,
    };
    Some((command, format))
}

/// Exit code 2 with `message`, and the document saying so on stdout for
/// the JSON and SARIF formats. `tell` prints the message on stderr too.
fn failure_document(format: Format, command: Option<&str>, message: &str, tell: bool) -> i32 {
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    if tell {
        fatal(message, color);
    }
    match format {
        Format::Human => 2,
        Format::Json => emit(&json::failure(command, message), 2, color),
        Format::Sarif => emit(&sarif::failure(message), 2, color),
    }
}

/// Loads what to check. The result is leaked: the process ends right after
/// the report, and freeing the engine's database first would be wasted
/// time. The error is the message of what stopped it.
fn load(common: &Common, color: bool) -> Result<&'static Loaded, String> {
    let quiet = common.quiet;
    let mut progress = |verb: &str, text: &str| {
        if !quiet {
            eprint!("{}", status(verb, text, color));
        }
    };
    let options = LoadOptions {
        manifest_path: common.manifest_path.clone(),
        workspace: common.workspace,
        ..LoadOptions::default()
    };
    crate::load::load(&options, &mut progress)
        .map(|loaded| &*Box::leak(Box::new(loaded)))
        .map_err(|err: Fatal| err.to_string())
}

fn status(verb: &str, text: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m\x1b[32m{verb:>12}\x1b[0m {text}\n")
    } else {
        format!("{verb:>12} {text}\n")
    }
}

fn fatal(message: &str, color: bool) -> i32 {
    if color {
        eprintln!("\x1b[1m\x1b[91merror\x1b[0m\x1b[1m: {message}\x1b[0m");
    } else {
        eprintln!("error: {message}");
    }
    2
}

fn run_check(args: &CheckArgs, color: bool) -> i32 {
    let loaded = match load(&args.common, color) {
        Ok(loaded) => loaded,
        Err(message) => return failure_document(args.common.format, Some("check"), &message, true),
    };
    let quiet = args.common.quiet;
    let mut report = check::check(loaded, &mut |verb: &str, text: &str| {
        if !quiet {
            eprint!("{}", status(verb, text, color));
        }
    });
    if args.deny {
        for diagnostic in &mut report.diagnostics {
            diagnostic.severity = Severity::Error;
        }
    }
    let code = check::exit_code(&report, args.deny);
    match args.common.format {
        Format::Human => {
            let sources = loaded.files.sources();
            let text = Human::new(&sources, color).check(&report);
            write_stderr(&text);
            code
        }
        Format::Json => emit(&json::check(&report, &loaded.root, code), code, color),
        Format::Sarif => emit(&sarif::check(&report, &loaded.root), code, color),
    }
}

fn run_audit(args: &AuditArgs, color: bool) -> i32 {
    let loaded = match load(&args.common, color) {
        Ok(loaded) => loaded,
        Err(message) => return failure_document(args.common.format, Some("audit"), &message, true),
    };
    let report = crate::audit::audit(loaded);
    let internal = report
        .problems
        .iter()
        .any(|p| p.kind == crate::report::ProblemKind::Internal);
    let code = if internal { 2 } else { 0 };
    let sources = loaded.files.sources();
    let human = Human::new(&sources, color);
    match args.common.format {
        Format::Human => {
            write_stderr(&human.audit(&report, args.top));
            code
        }
        Format::Json => emit(&json::audit(&report, &loaded.root, args.top), code, color),
        Format::Sarif => emit(&sarif::audit(&report, &loaded.root, args.top), code, color),
    }
}

fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes one JSON document to stdout.
fn emit(document: &serde_json::Value, code: i32, color: bool) -> i32 {
    let mut text = match serde_json::to_string_pretty(document) {
        Ok(text) => text,
        Err(err) => return fatal(&format!("could not write the JSON output: {err}"), color),
    };
    text.push('\n');
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => code,
        Err(err) => fatal(&format!("could not write to stdout: {err}"), color),
    }
}
