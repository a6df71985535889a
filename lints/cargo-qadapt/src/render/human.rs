//! Diagnostics as rustc shows them, with rustc's own renderer
//! (`annotate-snippets`), for stderr.

use super::note_groups::{self, ShownNote};
use super::parsed_text::parsed_text;
use super::{Texts, plural};
use crate::report::{AuditReport, CheckReport, Diagnostic, Location, Severity, Unchecked};
use crate::report::{Problem, ProblemKind};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::fmt::Write as _;

/// Renders for a terminal when `color`, else plain text.
pub struct Human<'t, 's> {
    renderer: Renderer,
    color: bool,
    /// Every note, not one per kind per root.
    verbose: bool,
    texts: &'t Texts<'s>,
}

impl<'t, 's> Human<'t, 's> {
    pub fn new(texts: &'t Texts<'s>, color: bool, verbose: bool) -> Human<'t, 's> {
        Human {
            renderer: if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
            color,
            verbose,
            texts,
        }
    }

    /// The whole output of `check`.
    pub fn check(&self, report: &CheckReport) -> String {
        let mut out = String::new();
        for problem in &report.problems {
            out.push_str(&self.problem(problem));
            out.push('\n');
        }
        for diagnostic in &report.diagnostics {
            out.push_str(&self.diagnostic(diagnostic));
            out.push('\n');
        }
        let notes = note_groups::shown(&report.notes, self.verbose);
        for note in &notes {
            out.push_str(&self.note(note));
            out.push('\n');
        }
        for unchecked in &report.unchecked {
            out.push_str(&self.unchecked(unchecked));
            out.push('\n');
        }
        out.push_str(&self.summary(report));
        if notes.len() < report.notes.len() {
            let title = format!(
                "{} notes shown as {}, one per kind per #[no_alloc] function: `--verbose` lists each",
                report.notes.len(),
                notes.len()
            );
            out.push_str(&self.render(&[Group::with_title(Level::NOTE.primary_title(title))]));
        }
        out
    }

    /// The last line of `check`: what was found in what.
    fn summary(&self, report: &CheckReport) -> String {
        let mut out = String::new();
        let stats = &report.stats;
        let they = if stats.roots == 1 {
            "it calls"
        } else {
            "they call"
        };
        let reached = match stats.reached {
            0 => String::new(),
            1 => format!(", and 1 function or macro {they},"),
            n => format!(", and {n} functions and macros {they},"),
        };
        let checked = format!(
            "{} #[no_alloc] function{}{reached} in {} file{} ({} lines)",
            stats.roots,
            plural(stats.roots),
            stats.files,
            plural(stats.files),
            stats.lines,
        );
        if report.diagnostics.is_empty() && !report.unchecked.is_empty() {
            let title = format!(
                "`cargo qadapt check` could not check {} crate{}; checked {checked}",
                report.unchecked.len(),
                plural(report.unchecked.len()),
            );
            out.push_str(&self.render(&[Group::with_title(Level::ERROR.primary_title(title))]));
            out.push('\n');
        } else if report.diagnostics.is_empty() {
            out.push_str(&self.status(
                "Finished",
                &format!("checked {checked}: no allocations found"),
            ));
        } else {
            let (errors, warnings) = (report.errors(), report.warnings());
            let mut counts = Vec::new();
            if errors > 0 {
                counts.push(format!("{errors} error{}", plural(errors)));
            }
            if warnings > 0 {
                counts.push(format!("{warnings} warning{}", plural(warnings)));
            }
            let level = if errors > 0 || !report.unchecked.is_empty() {
                Level::ERROR
            } else {
                Level::WARNING
            };
            let incomplete = match report.unchecked.len() {
                0 => String::new(),
                n => format!("; could not check {n} crate{}", plural(n)),
            };
            let title = format!(
                "`cargo qadapt check` found {} allocating construct{} ({}); checked \
                 {checked}{incomplete}",
                report.diagnostics.len(),
                plural(report.diagnostics.len()),
                counts.join(", "),
            );
            out.push_str(&self.render(&[Group::with_title(level.primary_title(title))]));
            out.push('\n');
        }
        out
    }

    /// The whole output of `audit`, at most `top` entries.
    pub fn audit(&self, report: &AuditReport, top: Option<usize>) -> String {
        let mut out = String::new();
        for problem in &report.problems {
            out.push_str(&self.problem(problem));
            out.push('\n');
        }
        for unchecked in &report.unchecked {
            out.push_str(&self.unchecked(unchecked));
            out.push('\n');
        }
        let stats = &report.stats;
        let annotated = report.entries.iter().filter(|e| e.no_alloc).count();
        out.push_str(&self.status(
            "Audited",
            &format!(
                "{} function{} in {} file{} ({} lines): {} with definite allocations, {} of them #[no_alloc]",
                stats.functions,
                plural(stats.functions),
                stats.files,
                plural(stats.files),
                stats.lines,
                report.entries.len(),
                annotated,
            ),
        ));
        let shown = top.unwrap_or(usize::MAX).min(report.entries.len());
        if shown == 0 {
            return out;
        }
        let width = report.entries[..shown]
            .iter()
            .map(|e| {
                e.name.chars().count()
                    + if e.krate_kind_bin {
                        e.krate.len() + 7
                    } else {
                        0
                    }
            })
            .max()
            .unwrap_or(0)
            .max("function".len());
        let _ = writeln!(
            out,
            "{:>4}  {:>6}  {:<11}  {:<width$}  defined at",
            "rank", "allocs", "#[no_alloc]", "function"
        );
        for entry in &report.entries[..shown] {
            let name = if entry.krate_kind_bin {
                format!("{} (bin {})", entry.name, entry.krate)
            } else {
                entry.name.clone()
            };
            let _ = writeln!(
                out,
                "{:>4}  {:>6}  {:<11}  {:<width$}  {}",
                entry.rank,
                entry.findings.len(),
                match (entry.no_alloc, entry.runtime_only) {
                    (true, _) => "yes",
                    (false, true) => "runtime",
                    (false, false) => "no",
                },
                name,
                entry.location.short(),
            );
            const SITES: usize = 6;
            let mut sites: Vec<String> = entry
                .findings
                .iter()
                .take(SITES)
                .map(|f| {
                    format!(
                        "{} at {}:{}",
                        f.construct, f.location.line, f.location.column
                    )
                })
                .collect();
            if entry.findings.len() > SITES {
                sites.push(format!("{} more", entry.findings.len() - SITES));
            }
            let _ = writeln!(out, "{:>26}{}", "", sites.join(", "));
        }
        if shown < report.entries.len() {
            let _ = writeln!(
                out,
                "... and {} more (use `--top N` to show more)",
                report.entries.len() - shown
            );
        }
        out
    }

    /// One finding, rustc-style.
    pub fn diagnostic(&self, diagnostic: &Diagnostic) -> String {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let label = diagnostic.reason.clone();
        let mut group = level
            .primary_title(diagnostic.message.as_str())
            .element(self.location_element(&diagnostic.location, Some(label)));
        if !diagnostic.is_direct() {
            group = group.element(Level::NOTE.message(diagnostic.chain_text()));
        }
        group = group.element(Level::HELP.message(diagnostic.suggestion.as_str()));
        self.render(&[group])
    }

    /// One note, or the summary of several (see [`note_groups`]).
    pub fn note(&self, note: &ShownNote) -> String {
        let mut group = Level::NOTE
            .primary_title(note.message.as_str())
            .element(self.location_element(note.location, None));
        if let Some(first) = note.first {
            group = group
                .element(Level::NOTE.message(format!("the first: {first}")))
                .element(Level::HELP.message(format!("`--verbose` lists all {}", note.count)));
        }
        self.render(&[group])
    }

    /// A crate that could not be checked.
    pub fn unchecked(&self, unchecked: &Unchecked) -> String {
        let title = format!(
            "could not check crate `{}` of package `{}`: {}",
            unchecked.krate, unchecked.package, unchecked.reason
        );
        self.render(&[Group::with_title(Level::ERROR.primary_title(title))])
    }

    /// A file that could not be loaded, or was loaded in part.
    pub fn problem(&self, problem: &Problem) -> String {
        let level = match problem.kind {
            ProblemKind::Internal => Level::ERROR,
            _ => Level::WARNING,
        };
        let title = level.primary_title(problem.message.as_str());
        let text = problem
            .text
            .as_deref()
            .map(parsed_text)
            .or_else(|| self.texts.parsed(&problem.file));
        let element = match text.and_then(|text| line_snippet(text, problem.line, problem.column)) {
            Some((source, range)) if problem.line > 0 => annotate_snippets::Element::from(
                Snippet::source(source)
                    .line_start(problem.line)
                    .path(problem.file.as_str())
                    .annotation(AnnotationKind::Primary.span(range)),
            ),
            _ => {
                let mut origin = Origin::path(problem.file.as_str());
                if problem.line > 0 {
                    origin = origin.line(problem.line).char_column(problem.column.max(1));
                }
                origin.into()
            }
        };
        self.render(&[title.element(element)])
    }

    /// The snippet of the line(s) of `location`, or just its path and
    /// position when the text is not at hand.
    fn location_element<'a>(
        &'a self,
        location: &'a Location,
        label: Option<String>,
    ) -> annotate_snippets::Element<'a> {
        let text = self.texts.parsed(&location.file);
        match text.and_then(|text| lines_of(text, &location.bytes)) {
            Some((source, range)) => {
                let mut annotation = AnnotationKind::Primary.span(range);
                if let Some(label) = label {
                    annotation = annotation.label(label);
                }
                Snippet::source(source)
                    .line_start(location.line)
                    .path(location.file.as_str())
                    .annotation(annotation)
                    .into()
            }
            None => Origin::path(location.file.as_str())
                .line(location.line)
                .char_column(location.column)
                .into(),
        }
    }

    fn render(&self, groups: &[Group]) -> String {
        let mut text = self.renderer.render(groups);
        text.push('\n');
        text
    }

    /// A cargo-style status line: `    Checking name (..)`.
    pub fn status(&self, verb: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[1m\x1b[32m{verb:>12}\x1b[0m {text}\n")
        } else {
            format!("{verb:>12} {text}\n")
        }
    }
}

/// The lines of `text` covering `bytes`, and `bytes` relative to them.
fn lines_of<'t>(
    text: &'t str,
    bytes: &std::ops::Range<usize>,
) -> Option<(&'t str, std::ops::Range<usize>)> {
    if bytes.start > bytes.end
        || bytes.end > text.len()
        || !text.is_char_boundary(bytes.start)
        || !text.is_char_boundary(bytes.end)
        || (bytes.start == 0 && bytes.end == 0 && text.is_empty())
    {
        return None;
    }
    let start = text[..bytes.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[bytes.end..]
        .find('\n')
        .map_or(text.len(), |i| bytes.end + i);
    Some((&text[start..end], bytes.start - start..bytes.end - start))
}

/// Line `line` (1-based) of `text`, and the character at `column` (1-based)
/// as a byte range in it.
fn line_snippet(text: &str, line: usize, column: usize) -> Option<(&str, std::ops::Range<usize>)> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let start = source
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(source.len(), |(i, _)| i);
    let end = source[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    Some((source, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges() {
        let text = "fn a() {}\nlet s = format!(\"x\");\nend";
        let start = text.find("format").unwrap();
        let (source, range) = lines_of(text, &(start..start + 6)).unwrap();
        assert_eq!(source, "let s = format!(\"x\");");
        assert_eq!(&source[range], "format");
        assert!(lines_of(text, &(100..101)).is_none());
        let (source, range) = line_snippet(text, 2, 9).unwrap();
        assert_eq!(&source[range], "f");
        assert!(line_snippet(text, 9, 1).is_none());
    }
}
