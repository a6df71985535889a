//! Std's names imported from elsewhere: `use heapless::{String, Vec};`.
//!
//! The analyser knows constructs by name, so in a module that imports
//! `heapless::String` as `String`, `String::from("ab")` reads as std's
//! `String::from`, which allocates; heapless' does not. The attribute cannot
//! see the module's imports, the checker can: a finding whose construct names
//! such an import is not definite (it stays a possible one). Findings of the
//! user's own `deny` list are theirs, and left as they are.

use crate::index::{FnId, Index, Scope, UsePath};
use qadapt_lints::{Analysis, Finding};

/// The std names a catalogue construct is spelt with.
const STD_NAMES: [&str; 20] = [
    "String",
    "Vec",
    "Box",
    "Rc",
    "Arc",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "VecDeque",
    "BinaryHeap",
    "LinkedList",
    "PathBuf",
    "OsString",
    "CString",
    "Cow",
    "format",
    "vec",
    "ToString",
    "ToOwned",
];

/// Downgrades the findings of `f`'s analysis that name a std name which
/// `f`'s module, or a `use` in its body, imports from outside std (and drops
/// them unless `pedantic` keeps possible findings).
pub fn downgrade(index: &Index, f: FnId, analysis: &mut Analysis, pedantic: bool) {
    let item = &index.fns[f];
    let mut scopes: Vec<&Scope> = vec![&index.scopes[item.module]];
    if let Some(blocks) = index.body_uses.get(&f) {
        scopes.extend(blocks.iter().map(|block| &block.scope));
    }
    let foreign: Vec<&str> = STD_NAMES
        .into_iter()
        .filter(|name| {
            scopes
                .iter()
                .any(|scope| imports_from_elsewhere(scope, name))
        })
        .collect();
    if foreign.is_empty() {
        return;
    }
    analysis.findings.retain_mut(|finding| {
        if finding.is_denied() || !names_any(finding, &foreign) {
            return true;
        }
        finding.downgrade();
        pedantic
    });
}

/// `use x::..::name` (or `as name`) with `x` not `std`, `alloc` or `core`.
fn imports_from_elsewhere(scope: &Scope, name: &str) -> bool {
    scope.uses.get(name).is_some_and(|paths| {
        paths.iter().any(|path: &UsePath| {
            !matches!(
                path.segments.first().map(String::as_str),
                Some("std" | "alloc" | "core")
            )
        })
    })
}

/// Whether the construct's text ("`String::from`", "`collect::<Vec<_>>()`")
/// spells one of `names` as a whole word.
fn names_any(finding: &Finding, names: &[&str]) -> bool {
    finding
        .construct
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| names.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(construct: &str) -> Finding {
        let mut finding = Finding::denied(
            &qadapt_lints::PathPattern::parse("x").unwrap(),
            proc_macro2::Span::call_site(),
            qadapt_lints::Certainty::Definite,
        );
        finding.construct = construct.to_owned();
        finding
    }

    #[test]
    fn constructs_are_read_word_by_word() {
        assert!(names_any(&finding("`String::from`"), &["String"]));
        assert!(names_any(&finding("`collect::<Vec<_>>()`"), &["Vec"]));
        assert!(names_any(&finding("`format!`"), &["format"]));
        assert!(!names_any(&finding("`.to_string()`"), &["String"]));
        assert!(!names_any(&finding("`VecDeque::new`"), &["Vec"]));
    }
}
