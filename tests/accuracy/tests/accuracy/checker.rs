//! The crate-wide checker: building `cargo-qadapt`, running it on annotated
//! copies of a corpus, and reading which cases its JSON document reaches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use qadapt_lints::Certainty;

use super::sources::annotated_copy;
use super::subject::Corpus;

/// What the checker reached, as run by default and with `pedantic`.
pub struct Checker {
    /// The cases with a definite finding, by default (what users see).
    pub definite: BTreeSet<String>,
    /// The cases with any finding under `#[no_alloc(pedantic)]`.
    pub any: BTreeSet<String>,
}

/// The checker's default and pedantic runs on `corpus`, or why it was not
/// measured. The checker is the `cargo_qadapt` library, run in this
/// process (its engine is built once, with the workspace's tests), or
/// the binary `$QADAPT_CHECKER` names.
pub fn run_checker(corpus: &Corpus, cases: &BTreeSet<String>) -> Result<Checker, String> {
    let binary = match std::env::var_os("QADAPT_CHECKER") {
        Some(_) => Some(checker_binary()?),
        None => None,
    };
    let binary = binary.as_deref();
    let definite = check_annotated(binary, corpus, cases, "#[no_alloc]", Certainty::Definite)?;
    let any = check_annotated(
        binary,
        corpus,
        cases,
        "#[no_alloc(pedantic)]",
        Certainty::Possible,
    )?;
    Ok(Checker { definite, any })
}

/// Checks a copy of the corpus with `annotation` above every case; the cases
/// with a finding at least as certain as `at_least`.
fn check_annotated(
    binary: Option<&Path>,
    corpus: &Corpus,
    cases: &BTreeSet<String>,
    annotation: &str,
    at_least: Certainty,
) -> Result<BTreeSet<String>, String> {
    let (root, manifest) = annotated_copy(corpus, cases, annotation)?;
    let result = match binary {
        Some(binary) => check_copy(binary, &manifest, cases, at_least),
        None => check_in_process(&manifest)
            .and_then(|document| reached_cases(&document, cases, at_least)),
    };
    let _ = std::fs::remove_dir_all(&root);
    result
}

/// `cargo qadapt check --format json` on `manifest`, by the library, on a
/// thread with room for the engine's recursion.
fn check_in_process(manifest: &Path) -> Result<serde_json::Value, String> {
    let manifest = manifest.to_path_buf();
    let run = move || {
        let options = cargo_qadapt::load::LoadOptions {
            manifest_path: Some(manifest),
            ..cargo_qadapt::load::LoadOptions::default()
        };
        let loaded = cargo_qadapt::load::load(&options, &mut cargo_qadapt::progress::Silent)
            .map_err(|err| err.to_string())?;
        let report = cargo_qadapt::check::check(&loaded, &mut cargo_qadapt::progress::Silent);
        let code = cargo_qadapt::check::exit_code(&report, false);
        Ok(cargo_qadapt::render::json::check(
            &report,
            &loaded.root,
            code,
            false,
        ))
    };
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .map_err(|e| format!("cannot start the checker's thread: {e}"))?
        .join()
        .map_err(|_| "the checker panicked".to_owned())?
}

/// Runs `cargo-qadapt check --format json` on the annotated copy (as
/// `cargo-qadapt qadapt check ..` too, the way cargo calls it, if the first
/// form gives no JSON document).
fn check_copy(
    binary: &Path,
    manifest: &Path,
    cases: &BTreeSet<String>,
    at_least: Certainty,
) -> Result<BTreeSet<String>, String> {
    let mut last_error = String::new();
    for prefix in [&["check"][..], &["qadapt", "check"][..]] {
        let output = Command::new(binary)
            .args(prefix)
            .arg("--manifest-path")
            .arg(manifest)
            .args(["--format", "json", "--quiet"])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        match serde_json::from_str::<serde_json::Value>(&stdout) {
            Ok(document) => return reached_cases(&document, cases, at_least),
            Err(e) => {
                last_error = format!(
                    "`{} {} --manifest-path {} --format json --quiet` gave no JSON document \
                     ({e}); exit status {}; stderr: {}",
                    binary.display(),
                    prefix.join(" "),
                    manifest.display(),
                    output.status,
                    tail(&String::from_utf8_lossy(&output.stderr)),
                );
            }
        }
    }
    Err(last_error)
}

/// `$QADAPT_CHECKER`.
fn checker_binary() -> Result<PathBuf, String> {
    let path = PathBuf::from(std::env::var_os("QADAPT_CHECKER").unwrap_or_default());
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("QADAPT_CHECKER={} is not a file", path.display()))
    }
}

/// The cases from which the checker's JSON document reports a finding at
/// least as certain as `at_least`. The document (`lints/cargo-qadapt/src/render/json.rs`):
/// `{"findings": [{"root": "process", "certainty": "definite", "chain":
/// [..], ..}], "problems": [..], "summary": {"roots": N, ..}, ..}`, where
/// `root` is the `#[no_alloc]` fn as displayed (`Engine::note_on` for a
/// method).
fn reached_cases(
    document: &serde_json::Value,
    cases: &BTreeSet<String>,
    at_least: Certainty,
) -> Result<BTreeSet<String>, String> {
    let findings = document
        .get("findings")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| {
            format!(
                "no `findings` array in the JSON document: {}",
                tail(&document.to_string())
            )
        })?;
    if let Some(problems) = document
        .get("problems")
        .and_then(serde_json::Value::as_array)
        && !problems.is_empty()
    {
        return Err(format!(
            "the checker could not read the corpus: {problems:?}"
        ));
    }
    let roots = document
        .pointer("/summary/roots")
        .and_then(serde_json::Value::as_u64);
    if roots.is_some_and(|roots| roots != cases.len() as u64) {
        return Err(format!(
            "the checker found {} #[no_alloc] fns in the annotated copy, the corpus has {} cases",
            roots.unwrap_or_default(),
            cases.len()
        ));
    }
    let mut reached = BTreeSet::new();
    for finding in findings {
        let certainty = match finding.get("certainty").and_then(serde_json::Value::as_str) {
            Some("definite") => Certainty::Definite,
            Some("possible") => Certainty::Possible,
            other => return Err(format!("a finding of certainty {other:?}: {finding}")),
        };
        if certainty < at_least {
            continue;
        }
        let root = finding
            .get("root")
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| format!("a finding without a `root`: {finding}"))?;
        let name = last_segment(root);
        if !cases.contains(&name) {
            return Err(format!(
                "a finding reached from `{root}`, which is not a case"
            ));
        }
        reached.insert(name);
    }
    Ok(reached)
}

fn last_segment(path: &str) -> String {
    let path = path.trim().trim_matches('`');
    let path = path.split('(').next().unwrap_or(path);
    path.rsplit("::").next().unwrap_or(path).trim().to_owned()
}

fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(12)..].join("\n")
}
