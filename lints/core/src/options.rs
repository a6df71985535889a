//! What the user configured: `#[no_alloc(pedantic, allow(..), deny(..))]` in
//! the proc macro, or the equivalent settings of `cargo qadapt`.

use crate::path_pattern::PathPattern;
use crate::pattern_list::PatternList;
use std::collections::HashSet;
use std::hash::Hash;

/// Configuration of one analysis. `Hash` and `Eq`, so that a crate-wide
/// checker can key what it caches by the options it was computed with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
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
        PatternList::new(&self.allow).first(candidate).is_some()
    }

    /// The first `deny` pattern matching a path, method name or macro name
    /// written in code.
    pub fn denied(&self, candidate: &[String]) -> Option<&PathPattern> {
        PatternList::new(&self.deny).first(candidate)
    }
}

/// `farther` followed by the items of `nearer` that it does not hold yet,
/// in order, each once. Linear: a set of what is there is asked, where
/// asking the list itself (`Vec::contains`) made an `allow` list of 20,000
/// entries cost its build 34 s.
pub fn union<T: Clone + Eq + Hash>(farther: Vec<T>, nearer: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut nearer = nearer.into_iter().peekable();
    // Nothing to add (a `#[no_alloc]` without a list of its own): no set.
    if nearer.peek().is_none() {
        return farther;
    }
    let mut seen: HashSet<T> = farther.iter().cloned().collect();
    let mut all = farther;
    for item in nearer {
        if !seen.contains(&item) {
            seen.insert(item.clone());
            all.push(item);
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::union;
    use std::cell::Cell;
    use std::hash::{Hash, Hasher};

    thread_local! {
        static COMPARED: Cell<usize> = const { Cell::new(0) };
    }

    /// A number that counts how often it is compared.
    #[derive(Clone, Debug)]
    struct Counted(u32);

    impl PartialEq for Counted {
        fn eq(&self, other: &Counted) -> bool {
            COMPARED.with(|compared| compared.set(compared.get() + 1));
            self.0 == other.0
        }
    }

    impl Eq for Counted {}

    impl Hash for Counted {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.0.hash(state);
        }
    }

    #[test]
    fn keeps_the_order_and_drops_repeats() {
        let numbers = |list: &[u32]| list.iter().copied().map(Counted).collect::<Vec<_>>();
        let all = union(numbers(&[3, 1, 3]), numbers(&[2, 1, 2, 4]));
        let values: Vec<u32> = all.iter().map(|c| c.0).collect();
        assert_eq!(values, [3, 1, 3, 2, 4]);
    }

    #[test]
    fn is_linear() {
        let n = 20_000;
        let farther: Vec<Counted> = (0..n).map(Counted).collect();
        let nearer: Vec<Counted> = (0..2 * n).map(|i| Counted(i / 2)).collect();
        COMPARED.with(|compared| compared.set(0));
        let all = union(farther, nearer);
        assert_eq!(all.len(), n as usize);
        let compared = COMPARED.with(Cell::get);
        // A quadratic union compares hundreds of millions of times.
        assert!(compared < 4 * n as usize, "{compared} comparisons");
    }
}
