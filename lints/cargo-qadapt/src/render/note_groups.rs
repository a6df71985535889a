//! Notes as shown: one per kind per root, with a count, or every note with
//! `--verbose`. On a real crate a walk meets the same kind of thing it
//! cannot follow hundreds of times (226 notes for no finding at all), and
//! the findings drowned in them.

use super::plural;
use crate::report::{Location, Note};
use std::collections::HashMap;

/// One note of the report, or the summary of several of one kind met by
/// the walk from one root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownNote<'r> {
    pub id: &'r str,
    pub root: Option<&'r str>,
    /// How many of the report's notes it stands for.
    pub count: usize,
    /// The note's own message, or the summary's.
    pub message: String,
    /// The (first) note's place.
    pub location: &'r Location,
    /// For a summary, the first note's own message.
    pub first: Option<&'r str>,
}

impl ShownNote<'_> {
    /// Whether it stands for several notes.
    pub fn is_summary(&self) -> bool {
        self.count > 1
    }
}

/// The notes to show, in the order their kinds first appear.
pub fn shown(notes: &[Note], verbose: bool) -> Vec<ShownNote<'_>> {
    if verbose {
        return notes.iter().map(single).collect();
    }
    let mut groups: Vec<(&Note, usize)> = Vec::new();
    let mut by_kind: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for note in notes {
        let key = (note.id, note.root.as_deref());
        match by_kind.get(&key) {
            Some(&group) => groups[group].1 += 1,
            None => {
                by_kind.insert(key, groups.len());
                groups.push((note, 1));
            }
        }
    }
    groups
        .into_iter()
        .map(|(first, count)| {
            if count == 1 {
                single(first)
            } else {
                ShownNote {
                    id: first.id,
                    root: first.root.as_deref(),
                    count,
                    message: summary(first, count),
                    location: &first.location,
                    first: Some(&first.message),
                }
            }
        })
        .collect()
}

fn single(note: &Note) -> ShownNote<'_> {
    ShownNote {
        id: note.id,
        root: note.root.as_deref(),
        count: 1,
        message: note.message.clone(),
        location: &note.location,
        first: None,
    }
}

/// `12 calls were not followed from #[no_alloc] fn `process``.
fn summary(first: &Note, count: usize) -> String {
    let s = plural(count);
    let what = match first.id {
        "call-not-followed" => format!("{count} call{s} not followed"),
        "method-matched-by-name" => format!("{count} method call{s} matched by name only"),
        "ambiguous-call" => format!("{count} call{s} that may reach several functions"),
        "call-through-generic" => format!("{count} call{s} through generic parameters"),
        "attribute" => format!("{count} attribute option{s} that could not be read"),
        "fn-pointer" => format!("{count} call{s} through function pointers"),
        "inline-asm" => format!("{count} inline assembly block{s}"),
        "unresolved-macro" => format!("{count} macro{s} that could not be resolved"),
        "engine-failure" => format!("{count} call{s} the engine failed on"),
        id => format!("{count} notes `{id}`"),
    };
    match &first.root {
        Some(root) => format!("{what} from #[no_alloc] fn `{root}`"),
        None => what,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &'static str, root: Option<&str>, line: usize) -> Note {
        Note {
            id,
            message: format!("{id} at {line}"),
            location: Location {
                file: "src/lib.rs".to_owned(),
                line,
                column: 1,
                end_line: line,
                end_column: 2,
                bytes: 0..1,
            },
            root: root.map(str::to_owned),
        }
    }

    #[test]
    fn one_per_kind_per_root() {
        let notes = [
            note("call-not-followed", Some("a"), 1),
            note("ambiguous-call", Some("a"), 2),
            note("call-not-followed", Some("a"), 3),
            note("call-not-followed", Some("b"), 4),
            note("call-not-followed", Some("a"), 5),
            note("attribute", None, 6),
        ];
        let shown = shown(&notes, false);
        let lines: Vec<(String, usize, usize)> = shown
            .iter()
            .map(|n| (n.message.clone(), n.count, n.location.line))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "3 calls not followed from #[no_alloc] fn `a`".to_owned(),
                    3,
                    1
                ),
                ("ambiguous-call at 2".to_owned(), 1, 2),
                ("call-not-followed at 4".to_owned(), 1, 4),
                ("attribute at 6".to_owned(), 1, 6),
            ]
        );
        assert_eq!(shown[0].first, Some("call-not-followed at 1"));
        assert!(shown[0].is_summary() && !shown[1].is_summary());
        // --verbose: each.
        assert_eq!(super::shown(&notes, true).len(), 6);
    }
}
