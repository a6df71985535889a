//! What the analysis of one function body hands back.

use crate::call::Call;
use crate::finding::{Certainty, Finding};
use proc_macro2::Span;

/// The result of analysing one function body.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Constructs that allocate, in source order. Possible ones only in
    /// pedantic mode; allowed ones never.
    pub findings: Vec<Finding>,
    /// Every call site seen, in source order, for a crate-wide checker to
    /// follow: function calls, method calls and macro invocations, except
    /// those in skipped regions and those matching `allow` or `deny`.
    pub calls: Vec<Call>,
    /// Where the walk stopped descending, when the body nests deeper than
    /// [`MAX_DEPTH`](crate::depth::MAX_DEPTH) levels of expressions and
    /// blocks: nothing below that point was looked at, so findings and calls
    /// there are missing. The walk never overflows its stack instead.
    pub too_deep: Option<Span>,
}

impl Analysis {
    /// The definite findings only.
    pub fn definite(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|finding| finding.certainty == Certainty::Definite)
    }
}
