//! The output formats: rustc-like text (stderr), a JSON document, a SARIF
//! 2.1.0 log (stdout), and rustc's JSON diagnostics one per line, as
//! `cargo check --message-format=json` prints them (stdout), for editors.

pub mod human;
pub mod json;
pub mod note_groups;
pub(crate) mod parsed_text;
pub mod rustc_json;
pub mod sarif;

use crate::report::Location;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The text of each loaded file, by the path shown for it: for snippets.
#[derive(Debug, Clone, Default)]
pub struct Texts<'s> {
    texts: HashMap<&'s str, &'s str>,
}

impl<'s> Texts<'s> {
    /// From `(shown path, whole text)` pairs.
    pub fn new(files: impl IntoIterator<Item = (&'s str, &'s str)>) -> Texts<'s> {
        Texts {
            texts: files.into_iter().collect(),
        }
    }

    /// The whole text of the file shown as `file`.
    pub fn whole(&self, file: &str) -> Option<&'s str> {
        self.texts.get(file).copied()
    }

    /// The part of it that a [`Location`]'s byte offsets count from (see
    /// `parsed_text`).
    pub fn parsed(&self, file: &str) -> Option<&'s str> {
        self.whole(file).map(parsed_text::parsed_text)
    }
}

/// A location as JSON: file, 1-based line and column, exclusive end.
pub(crate) fn location_json(location: &Location) -> Value {
    json!({
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
    })
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
