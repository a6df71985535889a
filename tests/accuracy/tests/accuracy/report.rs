//! The printed report of one corpus (figures, disagreements, state-dependent
//! cases) and its gates.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::score::{Gates, Score, below, gaps};
use super::sources::Attribute;
use super::subject::{Corpus, Declared, Subject, Verdict};
use super::truth::{Measured, Truth};

/// Everything known about one case.
pub struct Row<'a> {
    pub subject: &'a Subject,
    pub measured: Measured,
    pub attribute: Attribute,
    pub checker: Verdict,
}

/// Every case is a pub fn of a topic file, and every such fn is a case; the
/// case names.
pub fn check_registration<T>(
    subjects: &[Subject],
    sources: &BTreeMap<String, T>,
) -> BTreeSet<String> {
    let names: BTreeSet<String> = subjects.iter().map(|s| s.name.to_owned()).collect();
    assert_eq!(names.len(), subjects.len(), "duplicate case names");
    let defined: BTreeSet<String> = sources.keys().cloned().collect();
    let unregistered: Vec<_> = defined.difference(&names).collect();
    let undefined: Vec<_> = names.difference(&defined).collect();
    assert!(
        unregistered.is_empty(),
        "pub fns without a CASES entry: {unregistered:?}"
    );
    assert!(
        undefined.is_empty(),
        "CASES entries without a pub fn: {undefined:?}"
    );
    names
}

/// Whether a verdict is the right one for the truth: definite for a case
/// that allocates on every call, possible (or definite) for one that
/// allocates for some state, nothing for one that never allocates.
fn agrees(truth: Truth, verdict: Verdict) -> bool {
    match truth {
        Truth::Never => verdict == Verdict::Nothing,
        Truth::Sometimes => verdict != Verdict::Nothing,
        Truth::Always => verdict == Verdict::Definite,
    }
}

fn label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Nothing => "-",
        Verdict::Possible => "possible",
        Verdict::Definite => "definite",
    }
}

fn env_is(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "1")
}

/// Prints the report of `corpus`; the gates it fails.
pub fn print_and_gate(
    corpus: &Corpus,
    rows: &[Row<'_>],
    checker_error: Option<&String>,
    gates: &Gates,
) -> Vec<String> {
    let mut out = String::new();
    let count = |f: &dyn Fn(&Row<'_>) -> bool| rows.iter().filter(|r| f(r)).count();
    let declared = |d: Declared| count(&|r| r.subject.declared == d);
    let _ = writeln!(out, "\n=== qadapt accuracy: tests/{} ===", corpus.dir);
    let _ = writeln!(
        out,
        "{} cases: {} allocate ({} on every call, {} for some state only), {} do not (measured). \
         Declared: {} in the body, {} in a crate-local helper, {} inside a dependency, {} nothing.",
        rows.len(),
        count(&|r| r.measured.truth.allocates()),
        count(&|r| r.measured.truth == Truth::Always),
        count(&|r| r.measured.truth == Truth::Sometimes),
        count(&|r| !r.measured.truth.allocates()),
        declared(Declared::Body),
        declared(Declared::Helper),
        declared(Declared::Dependency),
        declared(Declared::Nothing),
    );

    let attribute = Score::of(rows.iter().map(|r| (r.measured.truth, r.attribute.verdict)));
    let in_body = Score::of(
        rows.iter()
            .filter(|r| matches!(r.subject.declared, Declared::Body | Declared::Nothing))
            .map(|r| (r.measured.truth, r.attribute.verdict)),
    );
    let checker = Score::of(rows.iter().map(|r| (r.measured.truth, r.checker)));
    for line in attribute.lines("#[no_alloc]") {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(
        out,
        "{:<14} definite recall         {:.1}% on the cases whose allocation is in their body",
        "#[no_alloc]",
        100.0 * in_body.definite_recall()
    );
    match checker_error {
        None => {
            for line in checker.lines("cargo qadapt") {
                let _ = writeln!(out, "{line}");
            }
        }
        Some(reason) => {
            let _ = writeln!(out, "\n!!! CHECKER NOT MEASURED: {reason}\n");
        }
    }

    disagreements(&mut out, rows, checker_error.is_none());
    let sometimes: Vec<&str> = rows
        .iter()
        .filter(|r| r.measured.truth == Truth::Sometimes)
        .map(|r| r.subject.name)
        .collect();
    let _ = writeln!(
        out,
        "\nAllocating for some state only (possible is the right verdict): {sometimes:?}"
    );
    let surprises: Vec<String> = rows
        .iter()
        .filter(|r| (r.subject.declared != Declared::Nothing) != r.measured.truth.allocates())
        .map(|r| format!("{} (declared {:?})", r.subject.name, r.subject.declared))
        .collect();
    if !surprises.is_empty() {
        let _ = writeln!(
            out,
            "Declared expectation contradicted by the measurement: {surprises:?}"
        );
    }
    let unstable: Vec<&str> = rows
        .iter()
        .filter(|r| r.measured.unstable)
        .map(|r| r.subject.name)
        .collect();
    if !unstable.is_empty() {
        let _ = writeln!(
            out,
            "Verdict differs between two runs (counted as allocating): {unstable:?}"
        );
    }

    let mut failures = gates.attribute.failures("#[no_alloc]", &attribute);
    if below(in_body.definite_recall(), gates.attribute_body_recall) {
        failures.push(format!(
            "#[no_alloc]: definite recall {:.1}% on the cases allocating in their body fell \
             below its floor {:.1}%",
            100.0 * in_body.definite_recall(),
            100.0 * gates.attribute_body_recall
        ));
    }
    match checker_error {
        None => {
            let gaps = gaps("cargo qadapt", &checker);
            if !gaps.is_empty() {
                let _ = writeln!(
                    out,
                    "\n!!! CHECKER BELOW TARGET on tests/{}:\n!!!   {}",
                    corpus.dir,
                    gaps.join("\n!!!   ")
                );
            }
            failures.extend(gates.checker.failures("cargo qadapt", &checker));
        }
        // Under `cargo test --workspace` the checker's dependencies are there already; a
        // checker that cannot be measured is a failure, not a pass with a note.
        Some(reason) if !env_is("QADAPT_CORPUS_SKIP_CHECKER") => failures.push(format!(
            "the checker was not measured: {reason} (offline with a cold registry: run `cargo \
             fetch` first; QADAPT_CORPUS_SKIP_CHECKER=1 skips this part)"
        )),
        Some(_) => {}
    }
    println!("{out}");
    failures
}

/// The table of every case where a tool and the truth disagree (every case
/// with `QADAPT_CORPUS_ALL=1`).
fn disagreements(out: &mut String, rows: &[Row<'_>], checker_measured: bool) {
    let all = env_is("QADAPT_CORPUS_ALL");
    let _ = writeln!(
        out,
        "\n{}\n{:<28} {:<10} {:<10} {:<10} {:<11} {:<8} attribute findings (definite | possible)",
        if all {
            "Every case:"
        } else {
            "Disagreements (a tool's verdict is not the truth's):"
        },
        "case",
        "truth",
        "attribute",
        "checker",
        "declared",
        "allocs",
    );
    for row in rows {
        let truth = row.measured.truth;
        let attribute_agrees = agrees(truth, row.attribute.verdict);
        let checker_agrees = !checker_measured || agrees(truth, row.checker);
        if !all && attribute_agrees && checker_agrees {
            continue;
        }
        let _ = writeln!(
            out,
            "{:<28} {:<10} {:<10} {:<10} {:<11} {:<8} {} | {}",
            row.subject.name,
            truth.label(),
            label(row.attribute.verdict),
            if checker_measured {
                label(row.checker)
            } else {
                "n/a"
            },
            format!("{:?}", row.subject.declared),
            format!(
                "{}+{}",
                row.measured.allocations, row.measured.reallocations
            ),
            row.attribute.definite.join(" "),
            row.attribute.possible.join(" "),
        );
    }
}
