//! A list of `allow` or `deny` patterns made ready to be asked about every
//! call site of a body.

use crate::path_pattern::{PathPattern, strip_relative};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A list of `allow` or `deny` patterns ready for many questions: which
/// pattern, if any, a call site written in code matches first.
///
/// A pattern can only match a path that ends with the pattern's last name
/// (but for a `Self` on either side, which stands for any name), so a long
/// list is indexed by its last names. The index is built once per list, not
/// once per function: a project's list is copied into the options of every
/// `#[no_alloc]` function, sharing its patterns
/// ([`PathPattern`]'s clones do), and a list of the same patterns finds the
/// index already built. With an `allow` list of 20,000 entries in
/// `qadapt.toml`, matching each call site of 500 functions against every
/// entry, and indexing the list again for each function, would add seconds
/// to a build.
pub(crate) struct PatternList<'a> {
    patterns: &'a [PathPattern],
    /// `None` for a short list, which is scanned.
    index: Option<Arc<NameIndex>>,
}

/// Up to this many patterns, a list is scanned rather than indexed.
const SCANNED: usize = 32;

/// How many indexes are kept for reuse: a project's `allow` and `deny`,
/// and a few more for the functions with lists of their own.
const KEPT: usize = 8;

/// Where each pattern of a list is, by its last name.
struct NameIndex {
    /// The list indexed, to tell it from another (by identity, see
    /// [`PathPattern::is_same`]: comparing the patterns' text would cost
    /// as much as indexing them again).
    patterns: Vec<PathPattern>,
    /// The positions of the patterns ending with each name, in list order.
    by_name: HashMap<String, Vec<usize>>,
    /// The positions of the patterns ending with `Self`, which match any
    /// name.
    any_name: Vec<usize>,
}

impl NameIndex {
    fn new(patterns: &[PathPattern]) -> NameIndex {
        #[cfg(test)]
        tests::INDEXED.with(|indexed| indexed.set(indexed.get() + 1));
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut any_name = Vec::new();
        for (position, pattern) in patterns.iter().enumerate() {
            match pattern.segments().last().map(String::as_str) {
                Some("Self") => any_name.push(position),
                Some(name) => by_name.entry(name.to_owned()).or_default().push(position),
                None => {}
            }
        }
        NameIndex {
            patterns: patterns.to_vec(),
            by_name,
            any_name,
        }
    }

    /// Whether this indexes `patterns`, the same patterns in the same order.
    fn indexes(&self, patterns: &[PathPattern]) -> bool {
        self.patterns.len() == patterns.len()
            && self
                .patterns
                .iter()
                .zip(patterns)
                .all(|(indexed, pattern)| indexed.is_same(pattern))
    }
}

/// The indexes built so far, the most recent last.
static INDEXES: Mutex<Vec<Arc<NameIndex>>> = Mutex::new(Vec::new());

impl<'a> PatternList<'a> {
    pub(crate) fn new(patterns: &'a [PathPattern]) -> PatternList<'a> {
        if patterns.len() <= SCANNED {
            return PatternList {
                patterns,
                index: None,
            };
        }
        let mut indexes = INDEXES.lock().unwrap_or_else(PoisonError::into_inner);
        let found = indexes.iter().position(|index| index.indexes(patterns));
        let index = match found {
            Some(position) => indexes.remove(position),
            None => Arc::new(NameIndex::new(patterns)),
        };
        indexes.push(Arc::clone(&index));
        if indexes.len() > KEPT {
            indexes.remove(0);
        }
        PatternList {
            patterns,
            index: Some(index),
        }
    }

    /// The first pattern, in list order, that `candidate` (the segments of a
    /// path, method name or macro name found in code) matches.
    pub(crate) fn first(&self, candidate: &[String]) -> Option<&'a PathPattern> {
        let Some(index) = &self.index else {
            return self
                .patterns
                .iter()
                .find(|pattern| pattern.matches(candidate));
        };
        let matches = |position: &usize| self.patterns[*position].matches(candidate);
        let position = match strip_relative(candidate).last().map(String::as_str) {
            None => None,
            // `Self` in code may be any type: any pattern may match.
            Some("Self") => (0..self.patterns.len()).find(matches),
            Some(name) => {
                let named = index.by_name.get(name).into_iter().flatten();
                named.chain(&index.any_name).copied().filter(matches).min()
            }
        };
        position.map(|position| &self.patterns[position])
    }

    /// Whether some pattern ends with `name` (or with `Self`).
    pub(crate) fn names(&self, name: &str) -> bool {
        match &self.index {
            Some(index) => index.by_name.contains_key(name) || !index.any_name.is_empty(),
            None => self.patterns.iter().any(|pattern| {
                pattern
                    .segments()
                    .last()
                    .is_some_and(|last| last == name || last == "Self")
            }),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::PatternList;
    use crate::path_pattern::PathPattern;
    use std::cell::Cell;

    thread_local! {
        /// How many lists this thread indexed.
        pub(crate) static INDEXED: Cell<usize> = const { Cell::new(0) };
    }

    pub(crate) fn patterns(texts: impl IntoIterator<Item = String>) -> Vec<PathPattern> {
        texts
            .into_iter()
            .map(|text| PathPattern::parse(&text).expect("pattern"))
            .collect()
    }

    /// The options of each function hold a copy of the project's lists:
    /// the lists are indexed once, not once per function.
    #[test]
    fn a_copied_list_is_indexed_once() {
        let project = patterns((0..1_000).map(|i| format!("project{i}")));
        let indexed = || INDEXED.with(Cell::get);
        let before = indexed();
        for _ in 0..10 {
            let copy = project.clone();
            let list = PatternList::new(&copy);
            assert!(list.first(&["project999".to_owned()]).is_some());
        }
        assert_eq!(indexed() - before, 1);
        // Equal patterns that are not copies of those: indexed anew.
        let equal = patterns((0..1_000).map(|i| format!("project{i}")));
        assert!(
            PatternList::new(&equal)
                .first(&["project1".to_owned()])
                .is_some()
        );
        assert_eq!(indexed() - before, 2);
    }

    /// The index gives the answer a scan of the list gives, in list order.
    #[test]
    fn indexed_and_scanned_lists_agree() {
        let mut list = patterns((0..40).map(|i| format!("filler{i}")));
        list.extend(patterns(
            [
                "Vec::push",
                "push",
                "crate::pool::Pool::take",
                "Self::take",
                "format",
                "a::b::c",
            ]
            .map(str::to_owned),
        ));
        list.push(PathPattern::from_path(&syn::parse_str("x::Self").unwrap()));
        let candidates = [
            "push",
            "Vec::push",
            "VecDeque::push",
            "take",
            "Pool::take",
            "super::Pool::take",
            "Other::take",
            "Self",
            "Self::push",
            "crate",
            "self::format",
            "c",
            "b::c",
            "z::b::c",
            "nothing",
            "filler3",
        ];
        let matcher = PatternList::new(&list);
        assert!(matcher.index.is_some());
        for candidate in candidates {
            let segments: Vec<String> = candidate.split("::").map(str::to_owned).collect();
            let scanned = list.iter().find(|pattern| pattern.matches(&segments));
            assert_eq!(matcher.first(&segments), scanned, "{candidate}");
        }
    }
}
