//! A look at an item's tokens before any parsing: can the analysis find anything in it?
//!
//! Parsing a function with syn, and printing it back, is most of what `#[no_alloc]` costs at
//! compile time (proc macros run unoptimised in debug builds). Every finding starts at words
//! the code spells: a catalogue entry's macro or method name, the last two segments of a
//! catalogue path joined by `::` (`Box::new`, `Box::<T>::new`: a path matches by its last
//! segments), a `deny`
//! pattern's last segment, or, for `+`/`+=` on a `String` and `?` into a `Box<dyn Error>` or an
//! `anyhow::Error`, the type's name. An item whose tokens hold none of those words has no finding, and the attribute can
//! skip the analysis and re-emit the body untouched. The prescan only says "maybe": a word in
//! a comment-free identifier is enough, the analysis decides.

use crate::catalogue::{self, Kind};
use crate::options::Options;
use crate::pattern_list::PatternList;
use proc_macro2::{TokenStream, TokenTree};

/// Names of types whose operators or conversions the analysis reports on: `+` on a `String`,
/// `?` into a `Box<dyn Error>` or an `anyhow::Error` (see `types::is_boxed_error`).
const TYPE_WORDS: [&str; 3] = ["String", "Box", "anyhow"];

/// Whether analysing `tokens` (a whole item, signature included) with `options` can report
/// anything. `false` is a promise: the analysis would find nothing.
pub fn may_find(tokens: &TokenStream, options: &Options) -> bool {
    scan(tokens, options, None)
}

/// What one look at an item's tokens tells, before any parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prescan {
    /// [`may_find`]'s answer.
    pub may_find: bool,
    /// An upper bound of [`crate::depth::syn_stack`], from counts taken on the way
    /// ([`crate::depth::stack_bound`]): when it is within a budget, the precise estimate (a walk
    /// of its own) is not needed.
    pub stack_bound: usize,
}

/// [`may_find`], and a bound of the stack that parsing `tokens` would take, in one walk over
/// them: a proc macro reads each token from the compiler, so a second walk is a cost of its own.
pub fn prescan(tokens: &TokenStream, options: &Options) -> Prescan {
    let mut counts = Counts::default();
    let may_find = scan(tokens, options, Some(&mut counts));
    Prescan {
        may_find,
        stack_bound: crate::depth::stack_bound(counts.tokens, counts.angles, counts.depth),
    }
}

/// What [`prescan`] counts: tokens that are not groups, `<`s among them, and the deepest
/// nesting of groups.
#[derive(Default)]
struct Counts {
    tokens: usize,
    angles: usize,
    depth: usize,
}

/// [`may_find`], counting on the way when asked to.
fn scan(tokens: &TokenStream, options: &Options, counts: Option<&mut Counts>) -> bool {
    let denied = PatternList::new(&options.deny);
    let catalogue = WordSet::catalogue();
    let wanted = |word: &str| catalogue.contains(word) || denied.names(word);
    let mut words = Words {
        wanted: &wanted,
        idents: Vec::new(),
        pairs: Vec::new(),
    };
    words.collect(tokens, counts);
    words.finish();
    TYPE_WORDS.iter().any(|word| words.has(word))
        || words.idents.iter().any(|word| denied.names(word))
        || catalogue::entries().iter().any(|entry| match entry.kind {
            Kind::Path(segments) => words.spells(segments),
            Kind::Method(name) | Kind::Macro(name) => words.has(name),
            // Seen through their types' words (`String`, `Box`).
            Kind::Operator(..) => false,
        })
}

/// The first half of a pair whose first segment is a qualified type, `<..>::`.
const ANY: &str = "<..>";

/// Every word a finding can start from, whatever the options: the type words, the catalogue's
/// method and macro names and its paths' segments. Built once per process (a proc-macro server
/// expands many items).
struct WordSet {
    /// Sorted.
    words: Vec<&'static str>,
    /// Bit `len.min(31)` of entry `b` is set when a word of that length starts with byte `b`:
    /// most identifiers of a body are ruled out by this one lookup.
    shapes: [u32; 256],
}

impl WordSet {
    fn catalogue() -> &'static WordSet {
        static SET: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
        SET.get_or_init(|| {
            let mut words: Vec<&'static str> = TYPE_WORDS.to_vec();
            for entry in catalogue::entries() {
                match entry.kind {
                    Kind::Path(segments) => words.extend_from_slice(segments),
                    Kind::Method(name) | Kind::Macro(name) => words.push(name),
                    Kind::Operator(..) => {}
                }
            }
            words.sort_unstable();
            words.dedup();
            let mut shapes = [0u32; 256];
            for word in &words {
                if let Some(&first) = word.as_bytes().first() {
                    shapes[usize::from(first)] |= 1 << word.len().min(31);
                }
            }
            WordSet { words, shapes }
        })
    }

    fn contains(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&first) if self.shapes[usize::from(first)] & (1 << word.len().min(31)) != 0 => {
                self.words.binary_search(&word).is_ok()
            }
            _ => false,
        }
    }
}

/// The identifiers of an item that a finding may start from, and the pairs joined by `::`
/// that end with one of them.
struct Words<'a> {
    wanted: &'a dyn Fn(&str) -> bool,
    idents: Vec<String>,
    /// `(a, b)` for every `a::b` and `a::<..>::b`, and `(ANY, b)` for `<..>::b`.
    pairs: Vec<(String, String)>,
}

/// One token stream being read by [`Words::collect`].
struct Reader {
    tokens: proc_macro2::token_stream::IntoIter,
    /// The last identifier, while only `::` and generic arguments follow it.
    path: Option<String>,
    colons: usize,
    angles: usize,
}

impl Reader {
    fn new(tokens: &TokenStream) -> Reader {
        Reader {
            tokens: tokens.clone().into_iter(),
            path: None,
            colons: 0,
            angles: 0,
        }
    }

    /// Reads a token that is not a group.
    fn token(&mut self, token: TokenTree, words: &mut Words<'_>) {
        match token {
            TokenTree::Ident(ident) => {
                let mut text = ident.to_string();
                if let Some(raw) = text.strip_prefix("r#") {
                    text = raw.to_owned();
                }
                let wanted = (words.wanted)(&text);
                if self.angles > 0 {
                    // Inside `::<..>`: part of the generic arguments.
                    if wanted {
                        words.idents.push(text);
                    }
                    return;
                }
                let prev = self.path.take();
                if wanted {
                    if let (Some(prev), 2) = (prev, self.colons) {
                        words.pairs.push((prev, text.clone()));
                    }
                    words.idents.push(text.clone());
                }
                self.path = Some(text);
                self.colons = 0;
            }
            TokenTree::Punct(punct) => match punct.as_char() {
                ':' if self.angles == 0 => self.colons += 1,
                '<' if self.colons == 2 || self.angles > 0 => self.angles += 1,
                '>' if self.angles > 0 => {
                    self.angles -= 1;
                    if self.angles == 0 {
                        self.colons = 0;
                    }
                }
                _ if self.angles > 0 => {}
                // `<Vec<u8>>::with_capacity`, `<T as Trait>::f`: any type may precede.
                '>' => {
                    self.path = Some(ANY.to_owned());
                    self.colons = 0;
                }
                _ => {
                    self.path = None;
                    self.colons = 0;
                }
            },
            TokenTree::Literal(_) | TokenTree::Group(_) => {
                if self.angles == 0 {
                    self.path = None;
                    self.colons = 0;
                }
            }
        }
    }
}

impl Words<'_> {
    /// Collects the words of `tokens`, groups included (with a stack of its own: the tokens may
    /// nest deeper than a recursion could go).
    fn collect(&mut self, tokens: &TokenStream, mut counts: Option<&mut Counts>) {
        let mut open = vec![Reader::new(tokens)];
        while let Some(reader) = open.last_mut() {
            match reader.tokens.next() {
                Some(TokenTree::Group(group)) => {
                    if reader.angles == 0 {
                        reader.path = None;
                        reader.colons = 0;
                    }
                    open.push(Reader::new(&group.stream()));
                    if let Some(counts) = counts.as_deref_mut() {
                        counts.depth = counts.depth.max(open.len() - 1);
                    }
                }
                Some(token) => {
                    if let Some(counts) = counts.as_deref_mut() {
                        counts.tokens += 1;
                        if matches!(&token, TokenTree::Punct(punct) if punct.as_char() == '<') {
                            counts.angles += 1;
                        }
                    }
                    reader.token(token, self);
                }
                None => {
                    open.pop();
                }
            }
        }
    }

    fn finish(&mut self) {
        self.idents.sort_unstable();
        self.idents.dedup();
    }

    fn has(&self, word: &str) -> bool {
        self.idents
            .binary_search_by(|ident| ident.as_str().cmp(word))
            .is_ok()
    }

    /// Whether a path ending with `segments` may be written here: its last two segments
    /// joined by `::` (the analysis reads `slice` from `<[T]>::`, so that one needs only
    /// its last segment spelt).
    fn spells(&self, segments: &[&str]) -> bool {
        match segments {
            ["slice", last] | [last] => self.has(last),
            [.., first, last] => self
                .pairs
                .iter()
                .any(|(a, b)| (a == first || a == ANY) && b == last),
            [] => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::may_find;
    use crate::{Options, PathPattern, catalogue};

    fn find(source: &str, options: &Options) -> bool {
        may_find(&source.parse().expect("tokens"), options)
    }

    #[test]
    fn one_walk_answers_both() {
        let sources = [
            "fn f(v: &mut Vec<u8>) { v.push(1); let s = format!(\"{}\", 1); }",
            "fn f() -> u8 { { { -(-1) } } }",
            "#[inline] fn f<T: Into<Vec<u8>>>(t: T) -> Vec<u8> { vec![1, 2].into_iter().collect() }",
            "fn r#type(r#return: u8) -> u8 { if r#return < 2 { 1 } else { 2 } }",
            "impl X { fn a(&self) {} fn b(self) -> Box<Self> { Box::new(self) } }",
        ];
        let options = Options::default();
        for source in sources {
            let tokens: proc_macro2::TokenStream = source.parse().expect("tokens");
            let both = super::prescan(&tokens, &options);
            assert_eq!(both.may_find, may_find(&tokens, &options), "{source}");
            assert!(
                both.stack_bound >= crate::depth::syn_stack(&tokens),
                "{source}"
            );
        }
    }

    #[test]
    fn every_catalogue_example_is_seen() {
        for entry in catalogue::entries() {
            assert!(
                find(entry.example, &Options::default()),
                "{}",
                entry.example
            );
        }
    }

    #[test]
    fn a_path_needs_its_last_two_segments_joined() {
        assert!(!find("fn f() -> Pool { Pool::new() }", &Options::default()));
        assert!(!find(
            "fn f(v: Vec<u8>) -> u32 { u32::from(v[0]) }",
            &Options::default()
        ));
        assert!(find(
            "fn f() -> Vec<u8> { Vec::<u8>::with_capacity(4) }",
            &Options::default()
        ));
        assert!(find(
            "fn f() -> Box<u8> { std::boxed::Box::new(1) }",
            &Options::default()
        ));
        assert!(find(
            "fn f() { let _ = <Vec<u8>>::with_capacity(4); }",
            &Options::default()
        ));
        assert!(find("fn f() -> Rc<u8> { Rc::new(1) }", &Options::default()));
        assert!(find(
            "fn f(s: &[u8]) { <[u8]>::to_vec(s); }",
            &Options::default()
        ));
    }

    #[test]
    fn arithmetic_and_slices_are_not() {
        let body = "fn mix(a: &[f32], out: &mut [f32], gain: f32) -> f32 {
            let mut acc = 0.0;
            for (k, x) in a.iter().enumerate() { out[k] = x * gain + 1.0; acc += out[k]; }
            acc
        }";
        assert!(!find(body, &Options::default()));
    }

    #[test]
    fn string_operators_and_boxed_errors_are_seen_through_the_type() {
        assert!(find(
            "fn f(s: String) -> String { s + \"x\" }",
            &Options::default()
        ));
        assert!(find(
            "fn f() -> Result<(), Box<dyn std::error::Error>> { g()?; Ok(()) }",
            &Options::default()
        ));
    }

    #[test]
    fn denied_paths_and_raw_identifiers_are_seen() {
        let options = Options {
            deny: vec![PathPattern::parse("Pool::grow").expect("pattern")],
            ..Options::default()
        };
        assert!(find("fn f(p: &mut Pool) { p.grow(); }", &options));
        assert!(!find(
            "fn f(p: &mut Pool) { p.grow(); }",
            &Options::default()
        ));
        assert!(find("fn f() { r#format!(\"x\"); }", &Options::default()));
        assert!(find(
            "fn f() { x(|| { y.to_string() }); }",
            &Options::default()
        ));
    }
}
