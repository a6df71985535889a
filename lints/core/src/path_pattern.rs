//! Paths named by the user in `allow(..)` and `deny(..)`.
//!
//! A proc macro sees tokens, not resolved items, so there is no way to know
//! that `take` in `pool.take()` is `crate::pool::Pool::take`. Matching is
//! therefore done on path *suffixes*: the shorter of the two paths must be a
//! suffix of the longer one. The crate-level docs spell out what this means
//! for method calls.

use proc_macro2::{TokenStream, TokenTree};
use std::fmt::{self, Display};
use std::sync::Arc;
use syn::Token;
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};

/// What an entry of `allow`/`deny` must look like.
const EXPECTED: &str = "expected a path like `Vec::push`";

/// One entry of a list: a path followed by a comma or the end (a macro may
/// be named with its `!`: `format!`), or an error spanned on everything up to
/// there.
fn entry(input: ParseStream) -> Result<PathPattern, syn::Error> {
    let fork = input.fork();
    if let Ok(path) = fork.parse::<syn::Path>()
        && fork.parse::<Option<Token![!]>>().is_ok()
        && (fork.is_empty() || fork.peek(Token![,]))
    {
        syn::parse::discouraged::Speculative::advance_to(input, &fork);
        return PathPattern::new(&path).map_err(|message| syn::Error::new_spanned(&path, message));
    }
    // Nothing before a comma: point at the comma.
    if input.peek(Token![,]) {
        return Err(syn::Error::new(
            input.span(),
            format!("{EXPECTED} before this comma"),
        ));
    }
    // Not a path: skip to the next comma, and point at what was skipped.
    let mut skipped = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        match input.parse::<TokenTree>() {
            Ok(token) => skipped.extend([token]),
            Err(err) => return Err(err),
        }
    }
    let message = match syn::parse2::<syn::LitStr>(skipped.clone()) {
        Ok(text) if PathPattern::parse(&text.value()).is_ok() => format!(
            "{EXPECTED}, not a string: write `{}` without the quotes",
            text.value().trim()
        ),
        _ => EXPECTED.to_owned(),
    };
    Err(syn::Error::new_spanned(skipped, message))
}

/// A path such as `Vec::push`, `push`, `format` or `crate::pool::Pool::take`.
///
/// Generic arguments are dropped (`Vec::<u8>::push` is `Vec::push`) because
/// they are irrelevant to which function is named, and raw identifiers are
/// unrawed (`r#match` is `match`).
///
/// Cloning one shares its segments: a project's `allow` list is copied into
/// the options of every `#[no_alloc]` function, and a list copied that way
/// is recognised as the same list (see `pattern_list`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathPattern {
    segments: Arc<[String]>,
}

impl PathPattern {
    /// Builds a pattern from an already parsed path, unchecked (see
    /// [`PathPattern::new`]).
    pub fn from_path(path: &syn::Path) -> PathPattern {
        PathPattern {
            segments: path_segments(path).into(),
        }
    }

    /// Builds a pattern from a parsed path, e.g. an entry of
    /// `#[no_alloc(allow(Vec::push))]`. A path must name a function, a method
    /// or a macro: `Fn(A) -> B` arguments, and a path ending with `Self`,
    /// `self`, `super` or `crate` (which would match every call, or none),
    /// are errors.
    pub fn new(path: &syn::Path) -> Result<PathPattern, String> {
        let pattern = PathPattern::from_path(path);
        if path
            .segments
            .iter()
            .any(|segment| matches!(segment.arguments, syn::PathArguments::Parenthesized(_)))
        {
            return Err(format!(
                "{EXPECTED}, found `{}`: a path with `(..)` arguments names a type, not a function",
                pattern
            ));
        }
        match pattern.segments.last().map(String::as_str) {
            Some(last @ ("Self" | "self" | "super" | "crate")) => Err(format!(
                "`{pattern}` names no function, method or macro (`{last}` would match {}): an \
                 entry must end with the item's name, like `Vec::push`",
                if last == "Self" { "every call" } else { "none" }
            )),
            Some(_) => Ok(pattern),
            None => Err(EXPECTED.to_owned()),
        }
    }

    /// Parses a pattern from text, e.g. `"Vec::push"` in a configuration
    /// file; a macro may be named with its `!`, as in a list of the
    /// attribute: `"format!"` is `format`.
    pub fn parse(s: &str) -> Result<PathPattern, String> {
        let expected = || format!("{EXPECTED}, found `{}`", s.trim());
        let text = s.trim();
        let text = text.strip_suffix('!').unwrap_or(text);
        if text.trim().is_empty() {
            return Err(expected());
        }
        match syn::parse_str::<syn::Path>(text) {
            Ok(path) => PathPattern::new(&path),
            Err(_) => Err(expected()),
        }
    }

    /// Parses the entries of `allow(..)` or `deny(..)`: paths separated by
    /// commas, generic arguments accepted and ignored (`Vec::<u8>::push`).
    /// Each entry is a pattern or an error spanned on it, in order.
    pub fn parse_list(tokens: TokenStream) -> Vec<Result<PathPattern, syn::Error>> {
        let parser = |input: ParseStream| {
            let mut entries = Vec::new();
            while !input.is_empty() {
                entries.push(entry(input));
                if !input.is_empty() {
                    // `entry` stops at a comma or the end.
                    input.parse::<Token![,]>()?;
                }
            }
            Ok(entries)
        };
        parser.parse2(tokens).unwrap_or_else(|err| vec![Err(err)])
    }

    /// A pattern of these segments, as they are.
    pub(crate) fn of_segments(segments: &[&str]) -> PathPattern {
        PathPattern {
            segments: segments
                .iter()
                .map(|segment| (*segment).to_owned())
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// The identifiers of the path, outermost first.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// Whether `other` is this pattern or a clone of it (not merely equal).
    pub(crate) fn is_same(&self, other: &PathPattern) -> bool {
        Arc::ptr_eq(&self.segments, &other.segments)
    }

    /// Whether `candidate` (the segments of a path, method name or macro
    /// name found in code) is the item this pattern names.
    ///
    /// Paths match when the shorter is a suffix of the longer: the pattern
    /// `Vec::push` matches the call paths `Vec::push`, `std::vec::Vec::push`
    /// and also `push` (which may be an import or a method name), but not
    /// `VecDeque::push`. Leading `crate`, `self` and `super` segments of the
    /// candidate are ignored since they only say where to start looking, and
    /// a `Self` segment on either side matches any one segment (the proc
    /// macro cannot know which type `Self` is).
    pub fn matches(&self, candidate: &[String]) -> bool {
        #[cfg(test)]
        tests::MATCHED.with(|matched| matched.set(matched.get() + 1));
        suffix_match(&self.segments, candidate)
    }
}

impl Display for PathPattern {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(&self.segments.join("::"))
    }
}

/// Segment identifiers of a path, generic arguments dropped.
pub(crate) fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| segment.ident.unraw().to_string())
        .collect()
}

/// Drops the leading `crate` / `self` / `super` qualifiers of a path written
/// in code: they do not name anything that a pattern would mention.
pub(crate) fn strip_relative(candidate: &[String]) -> &[String] {
    let skip = candidate
        .iter()
        .take_while(|segment| matches!(segment.as_str(), "crate" | "self" | "super"))
        .count();
    &candidate[skip..]
}

/// The shorter path must be a suffix of the longer one.
fn suffix_match(pattern: &[String], candidate: &[String]) -> bool {
    let candidate = strip_relative(candidate);
    if pattern.is_empty() || candidate.is_empty() {
        return false;
    }
    pattern
        .iter()
        .rev()
        .zip(candidate.iter().rev())
        .all(|(p, c)| p == c || p == "Self" || c == "Self")
}

/// `candidate` ends with all of `entry` (which must not be longer), and
/// whatever comes before is a path into the standard library. This is the
/// stricter rule used for catalogue entries: a bare `new(..)` does not count
/// as `Box::new`, and neither does another crate's item of the same name
/// (`heapless::String::from`, `bumpalo::vec!`), nor one of this crate
/// (`crate::Box::new`), which need not allocate.
pub(crate) fn ends_with(candidate: &[String], entry: &[&str]) -> bool {
    candidate.len() >= entry.len()
        && candidate
            .iter()
            .rev()
            .zip(entry.iter().rev())
            .all(|(c, e)| c == e)
        && from_std(&candidate[..candidate.len() - entry.len()])
}

/// A path's leading segments (`std::boxed`, or none) name the standard
/// library: suffix matching must not take another crate's item for std's.
pub(crate) fn from_std(prefix: &[String]) -> bool {
    prefix
        .first()
        .is_none_or(|first| matches!(first.as_str(), "std" | "alloc" | "core"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    thread_local! {
        /// How many times this thread asked a pattern whether it matches.
        pub(crate) static MATCHED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn segs(s: &str) -> Vec<String> {
        s.split("::").map(str::to_owned).collect()
    }

    #[test]
    fn parse_and_display() {
        let p = PathPattern::parse("Vec::push").unwrap();
        assert_eq!(p.segments(), ["Vec", "push"]);
        assert_eq!(p.to_string(), "Vec::push");
        let p = PathPattern::parse(" std::vec::Vec::<u8>::push ").unwrap();
        assert_eq!(p.to_string(), "std::vec::Vec::push");
        let p = PathPattern::parse("::core::r#match").unwrap();
        assert_eq!(p.to_string(), "core::match");
        let p = PathPattern::parse("crate::pool::Pool::take").unwrap();
        assert_eq!(p.segments().len(), 4);
        // A macro with its `!`, as it is invoked.
        let p = PathPattern::parse(" std::format! ").unwrap();
        assert_eq!(p.to_string(), "std::format");
    }

    #[test]
    fn parse_errors() {
        for bad in [
            "",
            "   ",
            "Vec::",
            "a b",
            "1",
            "Vec::push()",
            "!",
            "a!!",
            "a!b",
        ] {
            let err = PathPattern::parse(bad).unwrap_err();
            assert!(
                err.contains("expected a path like `Vec::push`"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn keywords_alone_name_nothing() {
        for bad in [
            "Self",
            "self",
            "super",
            "crate",
            "crate::Self",
            "super::super",
        ] {
            let err = PathPattern::parse(bad).unwrap_err();
            assert!(
                err.contains("names no function, method or macro"),
                "{bad}: {err}"
            );
        }
        assert!(PathPattern::parse("Self::push").is_ok());
        assert!(PathPattern::parse("crate::pool::take").is_ok());
    }

    #[test]
    fn lists_take_generic_arguments_and_point_at_bad_entries() {
        let list = |text: &str| -> Vec<Result<String, String>> {
            PathPattern::parse_list(text.parse().unwrap())
                .into_iter()
                .map(|entry| entry.map(|p| p.to_string()).map_err(|e| e.to_string()))
                .collect()
        };
        assert_eq!(
            list("Vec::<u8>::push, HashMap::<K, V>::insert, format, Vec<u8>::pop,"),
            [
                Ok("Vec::push".to_owned()),
                Ok("HashMap::insert".to_owned()),
                Ok("format".to_owned()),
                Ok("Vec::pop".to_owned()),
            ]
        );
        let entries = list("\"Vec::push\", a = 1, Self, push, format!, vec!(x),, \"1\"");
        assert_eq!(entries.len(), 8, "{entries:?}");
        assert_eq!(
            entries[0],
            Err(format!(
                "{EXPECTED}, not a string: write `Vec::push` without the quotes"
            ))
        );
        assert_eq!(entries[1], Err(EXPECTED.to_owned()));
        assert!(
            entries[2]
                .as_ref()
                .is_err_and(|e| e.contains("`Self` names no"))
        );
        assert_eq!(entries[3], Ok("push".to_owned()));
        assert_eq!(entries[4], Ok("format".to_owned()));
        assert_eq!(entries[5], Err(EXPECTED.to_owned()));
        assert_eq!(entries[6], Err(format!("{EXPECTED} before this comma")));
        assert_eq!(entries[7], Err(EXPECTED.to_owned()));
        assert_eq!(list(""), []);
    }

    #[test]
    fn from_path_drops_generics() {
        let path: syn::Path = syn::parse_str("HashMap::<K, V>::insert").unwrap();
        assert_eq!(PathPattern::from_path(&path).to_string(), "HashMap::insert");
    }

    #[test]
    fn suffix_matching() {
        let p = PathPattern::parse("Vec::push").unwrap();
        assert!(p.matches(&segs("Vec::push")));
        assert!(p.matches(&segs("std::vec::Vec::push")));
        assert!(p.matches(&segs("push")));
        assert!(!p.matches(&segs("VecDeque::push")));
        assert!(!p.matches(&segs("Vec::pop")));
        assert!(!p.matches(&[]));

        let p = PathPattern::parse("push").unwrap();
        assert!(p.matches(&segs("push")));
        assert!(p.matches(&segs("Vec::push")));
        assert!(!p.matches(&segs("push_str")));

        let p = PathPattern::parse("crate::pool::Pool::take").unwrap();
        assert!(p.matches(&segs("Pool::take")));
        assert!(p.matches(&segs("take")));
        assert!(p.matches(&segs("crate::pool::Pool::take")));
        assert!(p.matches(&segs("super::Pool::take")));
        assert!(p.matches(&segs("Self::take")));
        assert!(!p.matches(&segs("Other::take")));
        assert!(!p.matches(&segs("crate")));
    }

    #[test]
    fn catalogue_matching_needs_full_entry() {
        assert!(ends_with(&segs("Box::new"), &["Box", "new"]));
        assert!(ends_with(&segs("std::boxed::Box::new"), &["Box", "new"]));
        assert!(ends_with(&segs("alloc::boxed::Box::new"), &["Box", "new"]));
        assert!(!ends_with(&segs("new"), &["Box", "new"]));
        // Another crate's item of the same name is not std's.
        assert!(!ends_with(
            &segs("heapless::String::from"),
            &["String", "from"]
        ));
        assert!(!ends_with(&segs("crate::Box::new"), &["Box", "new"]));
        assert!(!ends_with(&segs("crate::new"), &["Box", "new"]));
        assert!(!ends_with(&segs("MyBox::new"), &["Box", "new"]));
    }
}
