//! One JSON document per run, for scripts.
//!
//! `check`:
//!
//! ```json
//! { "command": "check", "tool": {..}, "workspace_root": "/abs/path",
//!   "findings": [ { "message": "`format!` allocates (reached from #[no_alloc] fn `process`)",
//!                   "root": "process", "level": "warning", "lint": "format_allocates",
//!                   "construct": "`format!`", "certainty": "definite",
//!                   "reason": "..", "suggestion": "..", "direct": false,
//!                   "location": { "file": "src/dsp.rs", "line": 44, "column": 13,
//!                                 "end_line": 44, "end_column": 19 },
//!                   "chain": [ { "name": "process", "definition": {..}, "call": null },
//!                              { "name": "mix", "definition": {..}, "call": {..} } ] } ],
//!   "notes": [ { "id": "call-not-followed", "root": "process", "count": 3,
//!                "message": "3 calls not followed from #[no_alloc] fn `process`",
//!                "first": "..", "location": {..} } ],
//!   "problems": [ { "kind": "parse", "file": "..", "line": 3, "column": 5, "message": ".." } ],
//!   "unchecked": [ { "crate": "broken", "package": "broken", "reason": ".." } ],
//!   "summary": { "findings": 1, "errors": 0, "warnings": 1, "roots": 2, .. } }
//! ```
//!
//! Notes come one per kind per root, with the count they stand for and the
//! first one's message (`first`); with `--verbose`, each (`count` 1, no
//! `first`).
//!
//! `audit` has `functions` (ranked) instead of `findings` and `notes`.
//!
//! A run that could not be made (exit code 2: a usage error, a manifest or
//! configuration that cannot be read) is `{ "command": .., "tool": {..},
//! "error": { "message": ".." }, "summary": { "exit_code": 2 } }`.

use super::location_json;
use super::note_groups;
use crate::report::Problem;
use crate::report::{AuditReport, CheckReport, Stats, Unchecked};
use serde_json::{Value, json};
use std::path::Path;

fn tool() -> Value {
    json!({ "name": env!("CARGO_PKG_NAME"), "version": env!("CARGO_PKG_VERSION") })
}

fn problems(problems: &[Problem]) -> Value {
    problems
        .iter()
        .map(|p| {
            json!({
                "kind": p.kind.as_str(),
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "message": p.message,
            })
        })
        .collect()
}

fn unchecked(unchecked: &[Unchecked]) -> Value {
    unchecked
        .iter()
        .map(|u| json!({ "crate": u.krate, "package": u.package, "reason": u.reason }))
        .collect()
}

fn stats(stats: &Stats) -> serde_json::Map<String, Value> {
    let value = json!({
        "packages": stats.packages,
        "crates": stats.crates,
        "files": stats.files,
        "lines": stats.lines,
        "functions": stats.functions,
        "roots": stats.roots,
        "reached": stats.reached,
    });
    match value {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    }
}

/// The document for `check`; every note with `verbose`.
pub fn check(report: &CheckReport, root: &Path, exit_code: i32, verbose: bool) -> Value {
    let findings: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let chain: Vec<Value> = d
                .chain
                .iter()
                .map(|link| {
                    json!({
                        "name": link.name,
                        "definition": location_json(&link.definition),
                        "call": link.call.as_ref().map(location_json),
                    })
                })
                .collect();
            json!({
                "message": d.message,
                "root": d.root,
                "level": d.severity.as_str(),
                "lint": d.lint,
                "construct": d.construct,
                "certainty": d.certainty.to_string(),
                "reason": d.reason,
                "suggestion": d.suggestion,
                "direct": d.is_direct(),
                "location": location_json(&d.location),
                "chain": chain,
                "chain_text": d.chain_text(),
            })
        })
        .collect();
    let notes: Vec<Value> = note_groups::shown(&report.notes, verbose)
        .iter()
        .map(|n| {
            let mut note = json!({
                "id": n.id,
                "root": n.root,
                "count": n.count,
                "message": n.message,
                "location": location_json(n.location),
            });
            if let Some(first) = n.first {
                note["first"] = first.into();
            }
            note
        })
        .collect();
    let mut summary = stats(&report.stats);
    summary.insert("findings".into(), report.diagnostics.len().into());
    summary.insert("errors".into(), report.errors().into());
    summary.insert("warnings".into(), report.warnings().into());
    summary.insert("notes".into(), report.notes.len().into());
    summary.insert("unchecked".into(), report.unchecked.len().into());
    summary.insert("exit_code".into(), exit_code.into());
    json!({
        "command": "check",
        "tool": tool(),
        "workspace_root": root.to_string_lossy(),
        "findings": findings,
        "notes": notes,
        "problems": problems(&report.problems),
        "unchecked": unchecked(&report.unchecked),
        "summary": summary,
    })
}

/// The document of a run that could not be made; `command` when known.
pub fn failure(command: Option<&str>, message: &str) -> Value {
    json!({
        "command": command,
        "tool": tool(),
        "error": { "message": message },
        "summary": { "exit_code": 2 },
    })
}

/// The document for `audit`.
pub fn audit(report: &AuditReport, root: &Path, top: Option<usize>, exit_code: i32) -> Value {
    let functions: Vec<Value> = report
        .entries
        .iter()
        .take(top.unwrap_or(usize::MAX))
        .map(|e| {
            let findings: Vec<Value> = e
                .findings
                .iter()
                .map(|f| {
                    json!({
                        "lint": f.lint,
                        "construct": f.construct,
                        "reason": f.reason,
                        "suggestion": f.suggestion,
                        "location": location_json(&f.location),
                    })
                })
                .collect();
            json!({
                "rank": e.rank,
                "name": e.name,
                "crate": e.krate,
                "no_alloc": e.no_alloc,
                "runtime_only": e.runtime_only,
                "definite": e.findings.len(),
                "location": location_json(&e.location),
                "findings": findings,
            })
        })
        .collect();
    let mut summary = stats(&report.stats);
    summary.insert("allocating_functions".into(), report.entries.len().into());
    summary.insert(
        "allocating_no_alloc_functions".into(),
        report.entries.iter().filter(|e| e.no_alloc).count().into(),
    );
    summary.insert("unchecked".into(), report.unchecked.len().into());
    summary.insert("exit_code".into(), exit_code.into());
    json!({
        "command": "audit",
        "tool": tool(),
        "workspace_root": root.to_string_lossy(),
        "functions": functions,
        "problems": problems(&report.problems),
        "unchecked": unchecked(&report.unchecked),
        "summary": summary,
    })
}
