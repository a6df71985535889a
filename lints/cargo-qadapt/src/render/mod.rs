//! The three output formats: rustc-like text (stderr), a JSON document and a
//! SARIF 2.1.0 log (stdout).

pub mod human;
pub mod json;
pub(crate) mod parsed_text;
pub mod sarif;

use crate::report::Location;
use serde_json::{Value, json};

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
