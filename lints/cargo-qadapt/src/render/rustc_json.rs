//! `--message-format=json`: rustc's JSON diagnostics, one per line on
//! stdout, each wrapped as `cargo check --message-format=json` wraps them
//! (`"reason": "compiler-message"`, the package id, the target), and a last
//! `"reason": "build-finished"` line. Editors read this: with
//! `rust-analyzer.check.overrideCommand` set to
//! `["cargo", "qadapt", "check", "--message-format=json"]`, the crate-wide
//! findings show inline.
//!
//! A finding is a diagnostic at the allocating construct, with the
//! construct's reason as its label, the call chain as a note, the call in
//! the `#[no_alloc]` function as a second spanned note (so that an editor
//! shows the finding in the annotated function too), and the suggestion as
//! help. Its code is the lint's name under `qadapt::`. `rendered` holds the
//! human text (with ANSI colours for `json-diagnostic-rendered-ansi`).
//! Notes are shown one per kind per root (each with `--verbose`), files
//! that could not be loaded are warnings, crates that could not be checked
//! errors. Span paths are relative to the workspace root, as cargo's are.

use super::Texts;
use super::human::Human;
use super::note_groups;
use crate::report::{AuditReport, CargoTarget, CheckReport, Diagnostic, Location, Severity};
use crate::report::{Problem, ProblemKind};
use serde_json::{Value, json};

/// Writes the messages of one run.
pub struct RustcJson<'t, 's> {
    texts: &'t Texts<'s>,
    human: Human<'t, 's>,
    targets: &'t [CargoTarget],
    lines: String,
}

impl<'t, 's> RustcJson<'t, 's> {
    /// `ansi`: the `rendered` text in colour.
    pub fn new(
        texts: &'t Texts<'s>,
        targets: &'t [CargoTarget],
        ansi: bool,
        verbose: bool,
    ) -> Self {
        RustcJson {
            texts,
            human: Human::new(texts, ansi, verbose),
            targets,
            lines: String::new(),
        }
    }

    /// The lines for `check`, ending with `build-finished`.
    pub fn check(mut self, report: &CheckReport, verbose: bool, exit_code: i32) -> String {
        for problem in &report.problems {
            self.problem(problem);
        }
        for diagnostic in &report.diagnostics {
            self.diagnostic(diagnostic);
        }
        for note in note_groups::shown(&report.notes, verbose) {
            let target = note.root.and_then(|root| {
                report
                    .diagnostics
                    .iter()
                    .find(|d| d.root == root)
                    .and_then(|d| d.target)
            });
            let mut children = Vec::new();
            if let Some(first) = note.first {
                children.push(child("note", format!("the first: {first}"), None));
                children.push(child(
                    "help",
                    format!("`--verbose` lists all {}", note.count),
                    None,
                ));
            }
            let message = message(
                &note.message,
                None,
                "note",
                vec![self.span(note.location, true, None)],
                children,
                Some(self.human.note(&note)),
            );
            self.push(target, message);
        }
        for unchecked in &report.unchecked {
            let text = format!(
                "could not check crate `{}` of package `{}`: {}",
                unchecked.krate, unchecked.package, unchecked.reason
            );
            let rendered = self.human.unchecked(unchecked);
            self.push(
                None,
                message(&text, None, "error", Vec::new(), Vec::new(), Some(rendered)),
            );
        }
        self.finish(exit_code)
    }

    /// The lines for `audit`: each definite finding of the first `top`
    /// functions, a warning in a `#[no_alloc]` function and a note
    /// elsewhere, ending with `build-finished`.
    pub fn audit(mut self, report: &AuditReport, top: Option<usize>, exit_code: i32) -> String {
        for problem in &report.problems {
            self.problem(problem);
        }
        let shown = top.unwrap_or(usize::MAX).min(report.entries.len());
        for entry in &report.entries[..shown] {
            let level = if entry.no_alloc { "warning" } else { "note" };
            let annotated = if entry.no_alloc {
                "#[no_alloc] fn"
            } else {
                "fn"
            };
            for finding in &entry.findings {
                let text = format!(
                    "{} allocates in {annotated} `{}` (rank {} with {} definite allocation{})",
                    finding.construct,
                    entry.name,
                    entry.rank,
                    entry.findings.len(),
                    super::plural(entry.findings.len()),
                );
                let spans = vec![self.span(&finding.location, true, Some(&finding.reason))];
                let children = vec![child("help", finding.suggestion.clone(), None)];
                let code = format!("qadapt::{}", finding.lint);
                self.push(
                    None,
                    message(&text, Some(&code), level, spans, children, None),
                );
            }
        }
        for unchecked in &report.unchecked {
            let text = format!(
                "could not audit crate `{}` of package `{}`: {}",
                unchecked.krate, unchecked.package, unchecked.reason
            );
            self.push(
                None,
                message(&text, None, "error", Vec::new(), Vec::new(), None),
            );
        }
        self.finish(exit_code)
    }

    fn diagnostic(&mut self, d: &Diagnostic) {
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut children = Vec::new();
        if !d.is_direct() {
            children.push(child("note", d.chain_text(), None));
            if let Some(call) = d.chain.get(1).and_then(|link| link.call.as_ref()) {
                let text = format!("reached from #[no_alloc] fn `{}` through this call", d.root);
                children.push(child("note", text, Some(self.span(call, true, None))));
            }
        }
        children.push(child("help", d.suggestion.clone(), None));
        let spans = vec![self.span(&d.location, true, Some(&d.reason))];
        let code = format!("qadapt::{}", d.lint);
        let rendered = self.human.diagnostic(d);
        let message = message(
            &d.message,
            Some(&code),
            level,
            spans,
            children,
            Some(rendered),
        );
        self.push(d.target, message);
    }

    fn problem(&mut self, problem: &Problem) {
        let level = if problem.kind == ProblemKind::Internal {
            "error"
        } else {
            "warning"
        };
        let spans = if problem.line > 0 {
            let column = problem.column.max(1);
            let location = Location {
                file: problem.file.clone(),
                line: problem.line,
                column,
                end_line: problem.line,
                end_column: column + 1,
                bytes: 0..0,
            };
            let mut span = self.span(&location, true, None);
            // The byte offsets of a problem are not known.
            span["byte_start"] = 0.into();
            span["byte_end"] = 0.into();
            if let Some(text) = problem.text.as_deref() {
                span["text"] = line_texts(text, &location);
            }
            vec![span]
        } else {
            Vec::new()
        };
        let rendered = self.human.problem(problem);
        let message = message(
            &problem.message,
            None,
            level,
            spans,
            Vec::new(),
            Some(rendered),
        );
        self.push(None, message);
    }

    /// A span as rustc writes it. Byte offsets count from the start of the
    /// file (the locations' count from where the parser started).
    fn span(&self, location: &Location, primary: bool, label: Option<&str>) -> Value {
        let whole = self.texts.whole(&location.file);
        let skipped = match (whole, self.texts.parsed(&location.file)) {
            (Some(whole), Some(parsed)) => whole.len() - parsed.len(),
            _ => 0,
        };
        json!({
            "file_name": location.file,
            "byte_start": skipped + location.bytes.start,
            "byte_end": skipped + location.bytes.end,
            "line_start": location.line,
            "line_end": location.end_line.max(location.line),
            "column_start": location.column,
            "column_end": location.end_column,
            "is_primary": primary,
            "text": whole.map_or(json!([]), |text| line_texts(text, location)),
            "label": label,
            "suggested_replacement": null,
            "suggestion_applicability": null,
            "expansion": null,
        })
    }

    /// One line: the message, under cargo's wrapping when a target is known.
    fn push(&mut self, target: Option<usize>, message: Value) {
        let target = target
            .and_then(|index| self.targets.get(index))
            .or_else(|| self.targets.first());
        let line = match target {
            Some(target) => json!({
                "reason": "compiler-message",
                "package_id": target.package_id,
                "manifest_path": target.manifest_path.to_string_lossy(),
                "target": target_json(target),
                "message": message,
            }),
            // Nothing to name: rustc's own line, which editors read too.
            None => message,
        };
        self.lines.push_str(&line.to_string());
        self.lines.push('\n');
    }

    fn finish(mut self, exit_code: i32) -> String {
        let end = json!({ "reason": "build-finished", "success": exit_code == 0 });
        self.lines.push_str(&end.to_string());
        self.lines.push('\n');
        self.lines
    }
}

/// The lines of a run that could not be made: `build-finished`, failed.
pub fn failure() -> String {
    let end = json!({ "reason": "build-finished", "success": false });
    format!("{end}\n")
}

fn message(
    text: &str,
    code: Option<&str>,
    level: &str,
    spans: Vec<Value>,
    children: Vec<Value>,
    rendered: Option<String>,
) -> Value {
    json!({
        "$message_type": "diagnostic",
        "message": text,
        "code": code.map(|code| json!({ "code": code, "explanation": null })),
        "level": level,
        "spans": spans,
        "children": children,
        "rendered": rendered,
    })
}

fn child(level: &str, text: String, span: Option<Value>) -> Value {
    json!({
        "message": text,
        "code": null,
        "level": level,
        "spans": span.map_or_else(Vec::new, |span| vec![span]),
        "children": [],
        "rendered": null,
    })
}

fn target_json(target: &CargoTarget) -> Value {
    let mut value = json!({
        "kind": [target.kind],
        "crate_types": [target.kind],
        "name": target.name,
        "src_path": target.src_path.to_string_lossy(),
        "doc": true,
        "doctest": target.kind == "lib",
        "test": true,
    });
    if let Some(edition) = &target.edition {
        value["edition"] = edition.as_str().into();
    }
    value
}

/// The lines of `text` the location covers, with what it highlights
/// (1-based character columns, the end exclusive), as rustc gives them.
fn line_texts(text: &str, location: &Location) -> Value {
    let first = location.line.max(1);
    let last = location.end_line.max(first);
    text.lines()
        .enumerate()
        .skip(first - 1)
        .take(last - first + 1)
        .map(|(index, line)| {
            let number = index + 1;
            let start = if number == first { location.column } else { 1 };
            let end = if number == last {
                location.end_column
            } else {
                line.chars().count() + 1
            };
            json!({ "text": line, "highlight_start": start, "highlight_end": end })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_lines() {
        let text = "fn a() {\n    let s = format!(\"{}\", x);\n}\n";
        let location = Location {
            file: "src/lib.rs".to_owned(),
            line: 2,
            column: 13,
            end_line: 2,
            end_column: 19,
            bytes: 21..27,
        };
        assert_eq!(
            line_texts(text, &location),
            json!([{ "text": "    let s = format!(\"{}\", x);", "highlight_start": 13, "highlight_end": 19 }])
        );
        let across = Location {
            line: 1,
            end_line: 2,
            column: 4,
            end_column: 8,
            ..location
        };
        let lines = line_texts(text, &across);
        assert_eq!(lines[0]["highlight_start"], 4);
        assert_eq!(lines[0]["highlight_end"], 9);
        assert_eq!(lines[1]["highlight_end"], 8);
    }
}
