//! What the user configured: `#[no_alloc(pedantic, allow(..), deny(..))]` in
//! the proc macro, or the equivalent settings of `cargo qadapt`.

use crate::path_pattern::PathPattern;

/// Configuration of one analysis.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also report [`Certainty::Possible`] findings: constructs that allocate
    /// only for some types or values, such as `.push()` or `.clone()`.
    ///
    /// [`Certainty::Possible`]: crate::Certainty::Possible
    pub pedantic: bool,
    /// Paths the user accepts: findings and calls matching one of these are
    /// neither reported nor listed. Matched by suffix, see
    /// [`PathPattern::matches`].
    pub allow: Vec<PathPattern>,
    /// The user's own paths known to allocate: calls, method calls and
    /// macros matching one of these are reported as definite findings (and
    /// not listed as calls, there is nothing left to follow).
    pub deny: Vec<PathPattern>,
}

impl Options {
    /// Whether a path, method name or macro name written in code matches one
    /// of the `allow` patterns.
    pub fn is_allowed(&self, candidate: &[String]) -> bool {
        self.allow.iter().any(|pattern| pattern.matches(candidate))
    }

    /// The first `deny` pattern matching a path, method name or macro name
    /// written in code.
    pub fn denied(&self, candidate: &[String]) -> Option<&PathPattern> {
        self.deny.iter().find(|pattern| pattern.matches(candidate))
    }
}
