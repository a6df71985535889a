//! The notes of `check` about call sites: several candidates, a guess
//! (a method matched by name only, a call through a generic parameter), a
//! call not followed. Each names the candidates, with their definitions'
//! places when two share a name (a `macro_rules!` defined twice).

use crate::check::target_link;
use crate::follow::{CallNote, CallNoteKind};
use crate::index::Index;
use crate::report::{Location, Note};
use crate::resolve::{Matched, Target};

/// The note for one call site, at `location`, met by the walk from `root`.
pub fn call_note(index: &Index, note: &CallNote, location: Location, root: &str) -> Note {
    let call = &note.call;
    let names = candidate_names(index, &note.candidates);
    let all = || match names.len() {
        1 => "it".to_owned(),
        2 => "both".to_owned(),
        n => format!("all {n}"),
    };
    let (id, message) = match &note.kind {
        CallNoteKind::Ambiguous => (
            "ambiguous-call",
            format!(
                "`{call}` may be {}: following {}",
                alternatives(&names),
                all()
            ),
        ),
        CallNoteKind::Matched(Matched::ByName) => {
            let (matched, what) = if names.len() == 1 {
                (
                    format!("matched {} by name only", names[0]),
                    "what it reaches",
                )
            } else {
                (
                    format!("may be {}, matched by name only", alternatives(&names)),
                    "what they reach",
                )
            };
            (
                "method-matched-by-name",
                format!(
                    "`{call}` {matched} (the receiver's type is not known): following {}; \
                     {what} is reported as possible, not definite",
                    all()
                ),
            )
        }
        CallNoteKind::Matched(Matched::Generic { param, bounds }) => (
            "call-through-generic",
            format!(
                "`{call}` is called through the generic parameter `{param}: {}`: following \
                 every impl of the crate ({})",
                bounds.join(" + "),
                names.join(", ")
            ),
        ),
        CallNoteKind::Skipped(why) => ("call-not-followed", why.clone()),
    };
    Note {
        id,
        message,
        location,
        root: Some(root.to_owned()),
    }
}

/// The candidates' names in backticks; with `(file:line)` where two share
/// a name.
fn candidate_names(index: &Index, candidates: &[Target]) -> Vec<String> {
    let links: Vec<(String, Location)> =
        candidates.iter().map(|&t| target_link(index, t)).collect();
    links
        .iter()
        .map(|(name, definition)| {
            let shared = links.iter().filter(|(other, _)| other == name).count() > 1;
            if shared {
                format!("`{name}` ({}:{})", definition.file, definition.line)
            } else {
                format!("`{name}`")
            }
        })
        .collect()
}

/// `a`, `a or b`, `a, b or c`; long lists shortened.
fn alternatives(names: &[String]) -> String {
    const SHOWN: usize = 6;
    match names {
        [] => String::new(),
        [one] => one.clone(),
        _ if names.len() > SHOWN => format!(
            "{}, ... ({} candidates)",
            names[..SHOWN].join(", "),
            names.len()
        ),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
