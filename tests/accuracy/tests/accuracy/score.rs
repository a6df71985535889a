//! Scoring a tool's verdicts against the measured truth, and the gates.

use super::subject::Verdict;
use super::truth::Truth;

/// A tool's verdicts on a corpus, counted against the truth.
#[derive(Default, Clone, Copy)]
pub struct Score {
    /// Cases with a definite finding, and those of them that allocate.
    definite: usize,
    definite_right: usize,
    /// Definite findings on cases that allocate for some state only.
    definite_sometimes: usize,
    /// Cases that allocate on every input, and those of them found definite.
    always: usize,
    always_definite: usize,
    /// Cases that allocate for some input, and those of them with any finding.
    allocating: usize,
    allocating_any: usize,
    /// Cases with any finding, and those of them that do not allocate (noise).
    any: usize,
    noise: usize,
    /// Cases that do not allocate.
    never: usize,
}

impl Score {
    pub fn of(verdicts: impl IntoIterator<Item = (Truth, Verdict)>) -> Score {
        let mut s = Score::default();
        for (truth, verdict) in verdicts {
            let definite = verdict == Verdict::Definite;
            let any = verdict != Verdict::Nothing;
            s.definite += usize::from(definite);
            s.definite_right += usize::from(definite && truth.allocates());
            s.definite_sometimes += usize::from(definite && truth == Truth::Sometimes);
            s.always += usize::from(truth == Truth::Always);
            s.always_definite += usize::from(truth == Truth::Always && definite);
            s.allocating += usize::from(truth.allocates());
            s.allocating_any += usize::from(truth.allocates() && any);
            s.any += usize::from(any);
            s.noise += usize::from(any && !truth.allocates());
            s.never += usize::from(!truth.allocates());
        }
        s
    }

    /// Definite findings on cases that allocate, of all definite findings.
    pub fn precision(&self) -> f64 {
        ratio(self.definite_right, self.definite)
    }

    /// Cases that allocate on every call found definite, of all such cases.
    pub fn definite_recall(&self) -> f64 {
        ratio(self.always_definite, self.always)
    }

    /// Allocating cases given any finding (pedantic), of all allocating cases.
    pub fn any_recall(&self) -> f64 {
        ratio(self.allocating_any, self.allocating)
    }

    /// Cases given any finding (pedantic) that allocate, of all such cases.
    pub fn pedantic_precision(&self) -> f64 {
        ratio(self.any - self.noise, self.any)
    }

    pub fn noise(&self) -> usize {
        self.noise
    }

    /// The figures, one per line, each with its target.
    pub fn lines(&self, tool: &str) -> Vec<String> {
        vec![
            format!(
                "{tool:<14} definite precision      {} (target 100%)",
                percent(self.definite_right, self.definite)
            ),
            format!(
                "{tool:<14} definite recall         {} of the cases allocating on every call \
                 (target 100%)",
                percent(self.always_definite, self.always)
            ),
            format!(
                "{tool:<14} recall, with possible   {} of the allocating cases (pedantic; \
                 target 100%)",
                percent(self.allocating_any, self.allocating)
            ),
            format!(
                "{tool:<14} pedantic noise          {} of {} non-allocating cases get a finding; \
                 {} of the cases with a finding allocate (target >= 90%)",
                self.noise,
                self.never,
                percent(self.any - self.noise, self.any)
            ),
            format!(
                "{tool:<14} definite on state       {} definite findings on cases that \
                 allocate for some state only",
                self.definite_sometimes
            ),
        ]
    }
}

/// The levels a tool must not fall below on a corpus: measured, raised as
/// the tool improves, never lowered.
#[derive(Clone, Copy)]
pub struct Floors {
    pub precision: f64,
    pub definite_recall: f64,
    pub any_recall: f64,
    /// The most non-allocating cases that may get a pedantic finding.
    pub noise_ceiling: usize,
}

/// The floors of one corpus.
pub struct Gates {
    pub attribute: Floors,
    /// The attribute's definite recall on the cases whose allocation is
    /// written in their own body (the only ones it can see).
    pub attribute_body_recall: f64,
    pub checker: Floors,
}

/// The targets of issue 13, the same for both corpora.
pub const TARGET_PRECISION: f64 = 1.0;
pub const TARGET_DEFINITE_RECALL: f64 = 1.0;
pub const TARGET_ANY_RECALL: f64 = 1.0;
pub const TARGET_PEDANTIC_PRECISION: f64 = 0.90;

/// Ratios are compared with this slack, so that a floor written with three
/// decimals (`0.934`) holds for the ratio it rounds (`184/197`).
const SLACK: f64 = 5e-4;

/// `value` is below `floor`, beyond rounding.
pub fn below(value: f64, floor: f64) -> bool {
    value + SLACK < floor
}

impl Floors {
    /// The failures of `score` below these floors, for `tool`.
    pub fn failures(&self, tool: &str, score: &Score) -> Vec<String> {
        let mut failures = Vec::new();
        for (what, value, floor) in [
            ("definite precision", score.precision(), self.precision),
            (
                "definite recall",
                score.definite_recall(),
                self.definite_recall,
            ),
            ("recall with possible", score.any_recall(), self.any_recall),
        ] {
            if below(value, floor) {
                failures.push(format!(
                    "{tool}: {what} {:.1}% fell below its floor {:.1}%",
                    100.0 * value,
                    100.0 * floor
                ));
            }
        }
        if score.noise > self.noise_ceiling {
            failures.push(format!(
                "{tool}: {} non-allocating cases get a pedantic finding, more than its ceiling {}",
                score.noise, self.noise_ceiling
            ));
        }
        failures
    }
}

/// The figures of `score` below issue 13's targets, for `tool`.
pub fn gaps(tool: &str, score: &Score) -> Vec<String> {
    [
        ("definite precision", score.precision(), TARGET_PRECISION),
        (
            "definite recall",
            score.definite_recall(),
            TARGET_DEFINITE_RECALL,
        ),
        (
            "recall with possible",
            score.any_recall(),
            TARGET_ANY_RECALL,
        ),
        (
            "pedantic precision",
            score.pedantic_precision(),
            TARGET_PEDANTIC_PRECISION,
        ),
    ]
    .into_iter()
    .filter(|&(_, value, target)| below(value, target))
    .map(|(what, value, target)| {
        format!(
            "{tool}: {what} {:.1}% < target {:.0}% (gap {:.1} points)",
            100.0 * value,
            100.0 * target,
            100.0 * (target - value)
        )
    })
    .collect()
}

/// 1.0 for an empty denominator: nothing flagged is no false alarm.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn percent(num: usize, den: usize) -> String {
    format!("{:>6.1}% ({num}/{den})", 100.0 * ratio(num, den))
}
