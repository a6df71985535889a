//! The table of std constructs known to allocate: one table of data, read by the attribute
//! (which matches a construct by the way it is spelt) and by the crate-wide checker (which
//! matches the std item a call resolves to).
//!
//! Every [`Entry`] is a finding: how it is spelt ([`Kind`]), the std items it stands for (its
//! resolved keys), its [`Certainty`](crate::Certainty), its [`Condition`], why it allocates, how to avoid it, and
//! an example that it reports. The judging of a call against the table lives elsewhere.
//!
//! # Certainty
//!
//! An entry is [`Definite`](crate::Certainty::Definite) only if the construct allocates whenever the
//! value it builds is non-empty, whatever the types involved. When that depends on types
//! (`.push()` reallocates only when full, `.clone()` of an `i32` is free, `char::to_lowercase`
//! builds no `String`), the entry is [`Possible`](crate::Certainty::Possible), reported only in
//! pedantic mode, or its [`Condition`] says when it is definite. Constructs that never
//! allocate, such as `Vec::new()` or `format_args!`, are absent.
//!
//! # Matching by name
//!
//! A proc macro cannot resolve paths: [`Kind::Path`] entries match a call path that *ends with*
//! all of the entry's segments (`Box::new` matches `Box::new(..)`, `std::boxed::Box::new(..)`
//! and `Box::<T>::new(..)`, but not a bare `new(..)`), [`Kind::Method`] entries any method call
//! of that name, [`Kind::Macro`] entries a macro of that name from std (or unqualified),
//! [`Kind::Operator`] entries an operator (`+` on a `String`, `?` boxing an error). The
//! first entry, in table order, whose name and condition match decides.
//!
//! # Matching by resolved path
//!
//! A checker that resolves calls looks the std item up with [`by_resolved_path`], by a key
//! that spells the item as std's source tree defines it (re-exports do not count: `HashMap` is
//! defined in `std::collections::hash::map`, `thread::spawn` in `std::thread::functions`):
//!
//! - an inherent method or associated function of a struct or enum: the type's defining crate,
//!   module path and name, then the function: `alloc::vec::Vec::push`,
//!   `alloc::boxed::Box::new`, `std::collections::hash::map::HashMap::with_capacity`;
//! - an inherent method of a primitive type or a slice: the module of the `impl` block, then the
//!   self type as written in it, then the function. A slice of a type parameter is always
//!   spelt `[T]`, whatever the parameter's name: `alloc::str::str::to_lowercase`,
//!   `alloc::slice::[T]::to_vec`, `alloc::slice::[u8]::to_ascii_uppercase`;
//! - a free function: its module path and name, `alloc::fmt::format`, `std::env::var`;
//! - a trait method as implemented for a type: `<SELF as TRAIT>::method`, where `SELF` is spelt
//!   as above (a path, a primitive, `[T]`; a blanket impl's type parameter is `T`) and `TRAIT`
//!   is the trait's defining path, both without generic arguments:
//!   `<alloc::string::String as core::convert::From>::from`,
//!   `<str as alloc::borrow::ToOwned>::to_owned`. Where a trait's generic argument decides
//!   (`From<&str>` copies, `From<Box<str>>` does not) the entry keeps a [`Condition`] on the
//!   argument ([`Condition::BorrowedArg`]);
//! - a trait method judged for any implementor, as declared in the trait:
//!   `alloc::string::ToString::to_string`.
//!
//! Macros are not keys: the checker expands them, and their expansions reach functions that
//! are (`format!` reaches `alloc::fmt::format`, `vec![x; n]` `alloc::vec::from_elem`,
//! `vec![a, b]` `alloc::boxed::Box::new_uninit`, `println!` `std::io::stdio::_print`).
//!
//! A test checks every key against the toolchain's std sources, so that a renamed or removed
//! std item fails the build of the catalogue rather than silently never matching.

mod collections;
mod condition;
mod entry;
mod index;
mod io;
mod macros;
mod messages;
mod methods;
mod operators;
mod pointers;
mod quiet;
mod system;
mod text;

pub use self::condition::Condition;
pub(crate) use self::entry::Form;
pub use self::entry::{Entry, Kind};

/// Every entry, in the order they are tried: the first entry whose name and condition match a
/// call site decides.
pub fn entries() -> &'static [&'static Entry] {
    index::get().all()
}

/// The entries standing for the std item with this resolved key (format in the
/// [module docs](self)), in the order they are tried: the first whose [`Condition`] holds for
/// the call decides, and an entry that applies [`Always`](Condition::Always) ends the list.
/// `None` when the catalogue does not name the item.
///
/// A binary search over a table sorted once per process.
///
/// ```
/// use qadapt_lints::Certainty;
/// use qadapt_lints::catalogue::{Condition, by_resolved_path};
///
/// let new = by_resolved_path("alloc::boxed::Box::new").unwrap();
/// assert_eq!(new[0].certainty, Certainty::Definite);
///
/// // Growing a `Vec` allocates for sure when it was created empty, maybe otherwise.
/// let push = by_resolved_path("alloc::vec::Vec::push").unwrap();
/// assert_eq!(push[0].condition, Condition::GrowsEmpty);
/// assert_eq!(push.last().unwrap().certainty, Certainty::Possible);
///
/// assert!(by_resolved_path("alloc::vec::Vec::new").is_none());
/// ```
pub fn by_resolved_path(key: &str) -> Option<&'static [&'static Entry]> {
    index::get().by_key(key)
}

/// Whether the std item with this resolved key is known never to allocate, whatever its
/// arguments, and to run none of the caller's code (`Vec::new`, `Vec::len`, `Rc::clone`,
/// `Instant::now`): a checker can stop there rather than follow std's source. Such items are
/// not entries: [`by_resolved_path`] knows nothing of them.
///
/// ```
/// use qadapt_lints::catalogue::never_allocates;
///
/// assert!(never_allocates("alloc::vec::Vec::new"));
/// assert!(!never_allocates("alloc::vec::Vec::push"));
/// // `clear` drops the elements, which runs their `Drop`: not known.
/// assert!(!never_allocates("alloc::vec::Vec::clear"));
/// ```
pub fn never_allocates(key: &str) -> bool {
    quiet::KEYS.binary_search(&key).is_ok()
}

/// Every key [`never_allocates`] knows, sorted.
pub fn quiet_keys() -> &'static [&'static str] {
    quiet::KEYS
}

/// Every resolved key of the catalogue, sorted, each once.
pub fn resolved_keys() -> impl Iterator<Item = &'static str> {
    index::get().keys()
}

/// The entries the attribute tries for a construct of this form whose last name is `name`, in
/// table order.
pub(crate) fn by_name(form: Form, name: &str) -> &'static [&'static Entry] {
    index::get().by_name(form, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for entry in entries() {
            let name = entry.lint_name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}",
            );
            assert!(!name.starts_with('_') && !name.contains("__"), "{name}");
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name}");
            assert!(seen.insert(name.clone()), "duplicate lint name {name}");
            assert!(entry.construct().starts_with('`') && entry.construct().ends_with('`'));
            assert!(!entry.reason.is_empty() && !entry.suggestion.is_empty());
            assert!(!entry.to_string().is_empty());
            if let Kind::Path(segments) = entry.kind {
                assert!(
                    segments.len() >= 2,
                    "{name}: path entries need a type or module"
                );
            }
        }
    }

    #[test]
    fn resolved_keys_are_well_formed() {
        for key in resolved_keys() {
            assert!(
                !key.replacen(" as ", "+", 1).contains(char::is_whitespace),
                "{key}"
            );
            assert!(
                !key.contains('<') || key.starts_with('<'),
                "generic arguments in {key}"
            );
            let path = match key.strip_prefix('<') {
                Some(qualified) => {
                    let (self_and_trait, method) = qualified.split_once(">::").expect(key);
                    assert!(!method.contains("::"), "{key}");
                    let (_, trait_path) = self_and_trait.split_once(" as ").expect(key);
                    trait_path.to_owned()
                }
                None => key.to_owned(),
            };
            let root = path.split("::").next().unwrap_or("");
            assert!(matches!(root, "core" | "alloc" | "std"), "{key}");
        }
    }

    #[test]
    fn quiet_keys_are_sorted_and_no_entries() {
        assert!(quiet_keys().windows(2).all(|pair| pair[0] < pair[1]));
        for key in quiet_keys() {
            assert!(
                by_resolved_path(key).is_none(),
                "{key} is an entry and quiet"
            );
            assert!(never_allocates(key));
        }
    }

    /// The attribute matches an entry by its spelling, the checker by its resolved keys, which
    /// `tests/std_items.rs` checks against std's sources: the spelling must name the same item,
    /// or a misspelt entry would never match in the attribute, with no test to tell.
    #[test]
    fn entries_are_spelt_as_the_items_they_stand_for() {
        for entry in entries() {
            for key in entry.resolved {
                let segments: Vec<&str> = key
                    .split(['<', '>', ' '])
                    .flat_map(|part| part.split("::"))
                    .filter(|segment| !segment.is_empty() && *segment != "as")
                    .collect();
                let function = segments.last().copied().unwrap_or_default();
                match entry.kind {
                    Kind::Path(spelt) => {
                        assert_eq!(spelt.last().copied(), Some(function), "{key}");
                        for segment in spelt {
                            // `slice::to_vec` is written `<[T]>::to_vec`.
                            let slice =
                                *segment == "slice" && segments.iter().any(|s| s.starts_with('['));
                            assert!(
                                segments.contains(segment) || slice,
                                "`{}` stands for {key}",
                                spelt.join("::")
                            );
                        }
                    }
                    Kind::Method(name) => assert_eq!(name, function, "{key}"),
                    // A macro has no key; an operator's key names the trait's method.
                    Kind::Macro(_) | Kind::Operator(..) => {}
                }
            }
        }
    }

    /// The checker tries a key's entries in order: only the last may apply always.
    #[test]
    fn a_key_lists_conditional_entries_first() {
        for key in resolved_keys() {
            let found = by_resolved_path(key).unwrap();
            for entry in &found[..found.len() - 1] {
                assert_ne!(entry.condition, Condition::Always, "{key}");
            }
        }
    }
}
