//! The shape of the catalogue's data: an [`Entry`] and how the attribute recognises it
//! ([`Kind`]), with the names a finding takes from it.

use super::condition::Condition;
use crate::finding::{Certainty, lint_name, snake_case};
use std::fmt::{self, Display};

/// One construct known to allocate.
#[derive(Debug)]
pub struct Entry {
    /// How the attribute recognises it.
    pub kind: Kind,
    /// The std items it stands for, by resolved path (see the [catalogue docs](super) for the
    /// format); empty for a construct that names no std item (a macro, a method of another
    /// crate's trait). The crate-wide checker matches these.
    pub resolved: &'static [&'static str],
    /// Whether it allocates always or only for some types and values.
    pub certainty: Certainty,
    /// When it applies beyond its name or its resolved key.
    pub condition: Condition,
    /// Why it allocates.
    pub reason: &'static str,
    /// How to avoid the allocation.
    pub suggestion: &'static str,
    /// An expression that this entry reports, for documentation and tests; a whole `fn` item
    /// where the signature decides (`?` in a function returning `Box<dyn Error>`).
    pub example: &'static str,
}

/// How an [`Entry`] is recognised by the attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A call to a path ending with these segments, e.g. `["Box", "new"]`.
    Path(&'static [&'static str]),
    /// A method call of this name, e.g. `"to_string"`.
    Method(&'static str),
    /// A macro of this name, e.g. `"format"`.
    Macro(&'static str),
    /// An operator (`"+"`, `"+="`, `"?"`), with the name its lint takes (`"string_add"`): the
    /// same symbol reports different constructs.
    Operator(&'static str, &'static str),
}

/// The form of a [`Kind`], without its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Form {
    Path,
    Method,
    Macro,
    Operator,
}

impl Kind {
    /// The name a call site must end with: the last segment, the method or macro name, the
    /// operator's symbol.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Path(segments) => segments.last().copied().unwrap_or(""),
            Kind::Method(name) | Kind::Macro(name) | Kind::Operator(name, _) => name,
        }
    }

    /// The form of the kind, without its name.
    pub(crate) fn form(self) -> Form {
        match self {
            Kind::Path(_) => Form::Path,
            Kind::Method(_) => Form::Method,
            Kind::Macro(_) => Form::Macro,
            Kind::Operator(..) => Form::Operator,
        }
    }
}

impl Entry {
    /// Display name in backticks: "`Box::new`", "`.to_string()`", "`format!`".
    pub fn construct(&self) -> String {
        match self.kind {
            Kind::Path(segments) => format!("`{}`", segments.join("::")),
            Kind::Method("collect") if self.condition == Condition::CollectsIntoHeap => {
                "`collect::<Vec<_>>()`".to_owned()
            }
            Kind::Method(name) => format!("`.{name}()`"),
            Kind::Macro(name) => format!("`{name}!`"),
            Kind::Operator(symbol, _) => format!("`{symbol}`"),
        }
    }

    /// The snake_case identifier naming this entry in diagnostics: `box_new_allocates`,
    /// `push_may_allocate`.
    pub fn lint_name(&self) -> String {
        lint_name(&self.base_name(), self.certainty)
    }

    /// `box_new`, `push`, `format`.
    pub(crate) fn base_name(&self) -> String {
        match self.kind {
            Kind::Path(segments) => segments
                .iter()
                .map(|segment| snake_case(segment))
                .collect::<Vec<_>>()
                .join("_"),
            Kind::Method(name) | Kind::Macro(name) | Kind::Operator(_, name) => name.to_owned(),
        }
    }

    /// When the entry applies beyond its name, e.g. "not reported when the argument is a
    /// literal `0`". Empty when there is nothing to add.
    pub fn note(&self) -> &'static str {
        self.condition.note()
    }
}

impl Display for Entry {
    /// One line for a listing: construct, certainty, reason and fix.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(
            formatter,
            "{} ({}): {}; {}",
            self.construct(),
            self.certainty,
            self.reason,
            self.suggestion,
        )
    }
}

/// Builds an entry without resolved keys; [`Entry::at`] adds them.
pub(super) const fn e(
    kind: Kind,
    certainty: Certainty,
    condition: Condition,
    example: &'static str,
    reason: &'static str,
    suggestion: &'static str,
) -> Entry {
    Entry {
        kind,
        resolved: &[],
        certainty,
        condition,
        reason,
        suggestion,
        example,
    }
}

impl Entry {
    /// The entry, standing for these std items.
    pub(super) const fn at(self, resolved: &'static [&'static str]) -> Entry {
        Entry { resolved, ..self }
    }
}
