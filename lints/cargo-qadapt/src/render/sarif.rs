//! SARIF 2.1.0, the format code-scanning services read.
//!
//! One run; one rule per lint name; one result per finding, located at the
//! allocating construct (paths relative to the workspace root, under the
//! `%SRCROOT%` base), with the call chain from the `#[no_alloc]` function
//! as a code flow. Columns count Unicode code points (`columnKind`). Files
//! that could not be loaded, and the notes about calls (ambiguous, matched
//! by name only, not followed; one per kind per root with its count in
//! `properties`, each with `--verbose`), are tool execution notifications.
//! A run that could not start (exit code 2) is a log of one run without
//! results, `executionSuccessful: false`, and the error as a notification;
//! so is a run with crates it could not check, with its results.

use super::note_groups::{self, ShownNote};
use crate::report::{AuditReport, CheckReport, Location, Unchecked};
use crate::report::{Problem, ProblemKind};
use qadapt_lints::Certainty;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

/// What a rule says, from the first finding of its lint.
struct Rule {
    construct: String,
    reason: String,
    suggestion: String,
}

/// The rules, in lint-name order, and each lint's index.
struct Rules {
    rules: BTreeMap<String, Rule>,
}

impl Rules {
    fn new() -> Rules {
        Rules {
            rules: BTreeMap::new(),
        }
    }

    fn add(&mut self, lint: &str, construct: &str, reason: &str, suggestion: &str) {
        self.rules.entry(lint.to_owned()).or_insert_with(|| Rule {
            construct: construct.to_owned(),
            reason: reason.to_owned(),
            suggestion: suggestion.to_owned(),
        });
    }

    fn index(&self, lint: &str) -> usize {
        self.rules.keys().position(|k| k == lint).unwrap_or(0)
    }

    fn json(&self) -> Value {
        self.rules
            .iter()
            .map(|(id, rule)| {
                let certainty = if id.ends_with(Certainty::Possible.lint_suffix()) {
                    Certainty::Possible
                } else {
                    Certainty::Definite
                };
                let verb = certainty.verb();
                json!({
                    "id": id,
                    "name": id,
                    "shortDescription": { "text": format!("{} {verb}", rule.construct) },
                    "fullDescription": { "text": format!("{} {verb}: {}.", rule.construct, rule.reason) },
                    "help": { "text": format!("{}.", capitalize(&rule.suggestion)) },
                    "defaultConfiguration": { "level": "warning" },
                    "properties": { "tags": ["allocation", "no_alloc"] },
                })
            })
            .collect()
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A physical location under `%SRCROOT%`.
fn physical(location: &Location) -> Value {
    json!({
        "artifactLocation": { "uri": encode_uri(&location.file), "uriBaseId": SRCROOT },
        "region": {
            "startLine": location.line.max(1),
            "startColumn": location.column.max(1),
            "endLine": location.end_line.max(location.line).max(1),
            "endColumn": location.end_column.max(1),
        },
    })
}

/// Percent-encodes what may not stand in a URI path.
fn encode_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `file:///abs/root/`.
fn root_uri(root: &Path) -> String {
    let mut path = root.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", encode_uri(&path))
}

fn notifications(problems: &[Problem]) -> Value {
    problems
        .iter()
        .map(|p| {
            let mut region = serde_json::Map::new();
            if p.line > 0 {
                region.insert("startLine".into(), p.line.into());
                region.insert("startColumn".into(), p.column.max(1).into());
            }
            let mut physical = json!({
                "artifactLocation": { "uri": encode_uri(&p.file), "uriBaseId": SRCROOT },
            });
            if !region.is_empty() {
                physical["region"] = Value::Object(region);
            }
            json!({
                "level": if p.kind == ProblemKind::Internal { "error" } else { "warning" },
                "message": { "text": p.message },
                "descriptor": { "id": p.kind.as_str() },
                "locations": [ { "physicalLocation": physical } ],
            })
        })
        .collect()
}

/// The notes as notifications of level `note`.
fn note_notifications(notes: &[ShownNote]) -> Vec<Value> {
    notes
        .iter()
        .map(|note| {
            let mut notification = json!({
                "level": "note",
                "message": { "text": note.message },
                "descriptor": { "id": note.id },
                "locations": [ { "physicalLocation": physical(note.location) } ],
                "properties": { "count": note.count },
            });
            if let Some(root) = note.root {
                notification["properties"]["root"] = root.into();
            }
            if let Some(first) = note.first {
                notification["properties"]["first"] = first.into();
            }
            notification
        })
        .collect()
}

/// The crates that could not be checked, as notifications of level
/// `error`.
fn unchecked_notifications(unchecked: &[Unchecked]) -> Vec<Value> {
    unchecked
        .iter()
        .map(|u| {
            json!({
                "level": "error",
                "message": { "text": format!(
                    "could not check crate `{}` of package `{}`: {}", u.krate, u.package, u.reason
                ) },
                "descriptor": { "id": "unchecked" },
            })
        })
        .collect()
}

fn driver(rules: &Rules) -> Value {
    json!({
        "driver": {
            "name": env!("CARGO_PKG_NAME"),
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "rules": rules.json(),
        }
    })
}

fn log(
    root: &Path,
    rules: &Rules,
    results: Vec<Value>,
    problems: &[Problem],
    notes: &[ShownNote],
    unchecked: &[Unchecked],
) -> Value {
    let mut notifications = match notifications(problems) {
        Value::Array(list) => list,
        _ => Vec::new(),
    };
    notifications.extend(note_notifications(notes));
    notifications.extend(unchecked_notifications(unchecked));
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": driver(rules),
            "originalUriBaseIds": { SRCROOT: { "uri": root_uri(root) } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": unchecked.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    })
}

/// The log of a run that could not be made (a usage error, a manifest or
/// configuration that cannot be read): no results, the error as an
/// `error` notification, and exit code 2.
pub fn failure(message: &str) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": driver(&Rules::new()),
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": false,
                "exitCode": 2,
                "toolExecutionNotifications": [{
                    "level": "error",
                    "message": { "text": message },
                    "descriptor": { "id": "fatal" },
                }],
            }],
            "results": [],
        }]
    })
}

/// The log for `check`; every note with `verbose`.
pub fn check(report: &CheckReport, root: &Path, verbose: bool) -> Value {
    let mut rules = Rules::new();
    for d in &report.diagnostics {
        rules.add(&d.lint, &d.construct, &d.reason, &d.suggestion);
    }
    let results = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut flow: Vec<Value> = Vec::new();
            for (i, link) in d.chain.iter().enumerate() {
                let (location, text) = match (&link.call, i) {
                    (_, 0) => (&link.definition, format!("#[no_alloc] fn `{}`", link.name)),
                    (Some(call), _) => (
                        call,
                        format!(
                            "calls `{}` ({}:{})",
                            link.name, link.definition.file, link.definition.line
                        ),
                    ),
                    (None, _) => (&link.definition, format!("`{}`", link.name)),
                };
                flow.push(json!({
                    "location": { "physicalLocation": physical(location), "message": { "text": text } },
                    "nestingLevel": i,
                    "executionOrder": i + 1,
                }));
            }
            flow.push(json!({
                "location": {
                    "physicalLocation": physical(&d.location),
                    "message": { "text": format!("{}: {}", d.construct, d.reason) },
                },
                "nestingLevel": d.chain.len(),
                "executionOrder": d.chain.len() + 1,
            }));
            json!({
                "ruleId": d.lint,
                "ruleIndex": rules.index(&d.lint),
                "level": d.severity.as_str(),
                "message": { "text": format!("{}: {}; {}", d.message, d.reason, d.suggestion) },
                "locations": [ { "physicalLocation": physical(&d.location) } ],
                "codeFlows": [ {
                    "message": { "text": d.chain_text() },
                    "threadFlows": [ { "locations": flow } ],
                } ],
                "properties": {
                    "root": d.root,
                    "certainty": d.certainty.to_string(),
                    "direct": d.is_direct(),
                },
            })
        })
        .collect();
    let notes = note_groups::shown(&report.notes, verbose);
    log(
        root,
        &rules,
        results,
        &report.problems,
        &notes,
        &report.unchecked,
    )
}

/// The log for `audit`: every definite finding, `warning` in `#[no_alloc]`
/// functions and `note` elsewhere, with the function's rank.
pub fn audit(report: &AuditReport, root: &Path, top: Option<usize>) -> Value {
    let entries = &report.entries[..top.unwrap_or(usize::MAX).min(report.entries.len())];
    let mut rules = Rules::new();
    for entry in entries {
        for f in &entry.findings {
            rules.add(&f.lint, &f.construct, &f.reason, &f.suggestion);
        }
    }
    let mut results = Vec::new();
    for entry in entries {
        for f in &entry.findings {
            let annotated = if entry.no_alloc {
                "#[no_alloc] fn"
            } else {
                "fn"
            };
            results.push(json!({
                "ruleId": f.lint,
                "ruleIndex": rules.index(&f.lint),
                "level": if entry.no_alloc { "warning" } else { "note" },
                "message": { "text": format!(
                    "{} allocates in {annotated} `{}` (rank {} with {} definite allocation{}): {}",
                    f.construct, entry.name, entry.rank, entry.findings.len(),
                    if entry.findings.len() == 1 { "" } else { "s" }, f.reason,
                ) },
                "locations": [ { "physicalLocation": physical(&f.location) } ],
                "properties": {
                    "function": entry.name,
                    "rank": entry.rank,
                    "noAlloc": entry.no_alloc,
                },
            }));
        }
    }
    log(
        root,
        &rules,
        results,
        &report.problems,
        &[],
        &report.unchecked,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(encode_uri("src/a b.rs"), "src/a%20b.rs");
        assert_eq!(encode_uri("src/ü.rs"), "src/%C3%BC.rs");
        assert_eq!(root_uri(Path::new("/w/x")), "file:///w/x/");
    }
}
