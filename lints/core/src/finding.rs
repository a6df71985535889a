//! What the analysis reports.

use crate::path_pattern::PathPattern;
use proc_macro2::{Span, TokenStream};
use std::fmt::{self, Display};

/// How sure the analysis is that a construct allocates.
///
/// Ordered so that `Definite > Possible`, which lets callers compare a
/// finding against a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    /// Allocates in some cases only, depending on types or values the proc
    /// macro cannot see (`.push()` when capacity is exhausted, `.clone()` of
    /// a heap-owning type). Reported only with [`Options::pedantic`].
    ///
    /// [`Options::pedantic`]: crate::Options::pedantic
    Possible,
    /// Allocates whenever the value it builds is non-empty (`format!`,
    /// `Box::new`, `.to_string()`). Always reported.
    Definite,
}

impl Certainty {
    /// What a construct of this certainty does, in messages: "allocates",
    /// "may allocate".
    pub fn verb(self) -> &'static str {
        match self {
            Certainty::Definite => "allocates",
            Certainty::Possible => "may allocate",
        }
    }

    /// The end of a lint name of this certainty: `format_allocates`,
    /// `push_may_allocate`.
    pub fn lint_suffix(self) -> &'static str {
        match self {
            Certainty::Definite => "_allocates",
            Certainty::Possible => "_may_allocate",
        }
    }
}

impl Display for Certainty {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(match self {
            Certainty::Possible => "possible",
            Certainty::Definite => "definite",
        })
    }
}

const DENIED_REASON: &str = "listed in `deny` as known to allocate";

/// One construct in the analysed code that allocates.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Display name in backticks: "`format!`", "`Box::new`", "`.to_string()`".
    pub construct: String,
    /// Whether it always or only sometimes allocates.
    pub certainty: Certainty,
    /// Short explanation, e.g. "builds a new `String` on the heap".
    pub reason: String,
    /// Short fix, e.g. "write into a preallocated buffer with `write!`".
    pub suggestion: String,
    /// The entry of `allow(..)` that silences it, when a path does: `format`
    /// for `format!`, `Box::new`, `to_string` for `.to_string()`, a `deny`
    /// pattern as written; `None` for an operator.
    pub allow: Option<PathPattern>,
    /// A snake_case Rust identifier naming the construct, such as
    /// `format_allocates`. The proc macro names a `#[deprecated]` const after
    /// it, so this is what the user sees in the warning.
    pub lint_name: String,
    /// The one token to underline: the macro name, the method name, or the
    /// last segment of the called path.
    pub span: Span,
    /// First token of the whole expression.
    pub first: Span,
    /// Last token of the whole expression.
    pub last: Span,
    /// The predicates of the `#[cfg(..)]` attributes on the statements and
    /// expressions around the construct: it is compiled only where all of
    /// them hold, so its diagnostic must be too. Empty when unconditional.
    pub cfg: Vec<TokenStream>,
}

impl Finding {
    /// The finding for a call to an item listed in `deny`: the analyser's
    /// for a call denied as written, a crate-wide checker's for one that
    /// resolves to a denied item.
    pub fn denied(pattern: &PathPattern, span: Span, certainty: Certainty) -> Finding {
        let name = pattern
            .segments()
            .iter()
            .map(|segment| snake_case(segment))
            .collect::<Vec<_>>()
            .join("_");
        Finding {
            construct: format!("`{pattern}`"),
            certainty,
            reason: DENIED_REASON.to_owned(),
            suggestion: "call it outside the no-alloc region".to_owned(),
            allow: Some(pattern.clone()),
            lint_name: lint_name(&name, certainty),
            span,
            first: span,
            last: span,
            cfg: Vec::new(),
        }
    }

    /// Whether this is [`Finding::denied`]'s: the user's own `deny` list.
    pub fn is_denied(&self) -> bool {
        self.reason == DENIED_REASON
    }

    /// Makes a definite finding possible, for a construct that runs only
    /// sometimes: `format_allocates` becomes `format_may_allocate`.
    pub fn downgrade(&mut self) {
        if self.certainty == Certainty::Definite {
            self.certainty = Certainty::Possible;
            if let Some(base) = self
                .lint_name
                .strip_suffix(Certainty::Definite.lint_suffix())
            {
                self.lint_name = base.to_owned() + Certainty::Possible.lint_suffix();
            }
        }
    }
}

impl Display for Finding {
    /// "`format!` builds a new `String` on the heap; write into ..." — the
    /// message a diagnostic would show.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(
            formatter,
            "{} {}: {}; {}",
            self.construct,
            self.certainty.verb(),
            self.reason,
            self.suggestion,
        )
    }
}

/// `format_allocates` for definite findings, `push_may_allocate` for
/// possible ones. The result is always a valid, non-underscored identifier.
pub(crate) fn lint_name(name: &str, certainty: Certainty) -> String {
    // Words of ASCII alphanumerics, joined by single underscores.
    let words: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let mut ident = words.join("_");
    if ident.is_empty() {
        ident.push_str("call");
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert_str(0, "call_");
    }
    ident + certainty.lint_suffix()
}

/// `HashMap` to `hash_map`, `with_capacity` unchanged.
pub(crate) fn snake_case(ident: &str) -> String {
    let mut snake = String::with_capacity(ident.len() + 4);
    let mut prev_lower = false;
    for c in ident.chars() {
        if c.is_uppercase() {
            if prev_lower {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
            prev_lower = false;
        } else {
            snake.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    snake
}

#[cfg(test)]
mod tests {
    use super::*;
    use Certainty::{Definite, Possible};

    #[test]
    fn names() {
        assert_eq!(snake_case("HashMap"), "hash_map");
        assert_eq!(snake_case("BTreeMap"), "btree_map");
        assert_eq!(snake_case("with_capacity"), "with_capacity");
        assert_eq!(snake_case("CString"), "cstring");
        assert_eq!(lint_name("format", Definite), "format_allocates");
        assert_eq!(lint_name("push", Possible), "push_may_allocate");
        assert_eq!(lint_name("_a__b_", Definite), "a_b_allocates");
        assert_eq!(lint_name("", Definite), "call_allocates");
        assert_eq!(lint_name("é", Definite), "call_allocates");
    }
}
