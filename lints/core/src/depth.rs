//! How much stack syn needs for some tokens, told from the tokens alone.
//!
//! syn parses, prints, clones and drops its trees by recursion. A proc macro
//! runs unoptimised on the compiler's thread, where every level of nesting
//! costs kilobytes, and the compiler's 8 MiB end at a few hundred levels: 450
//! nested blocks, 2,400 unary minus, 4,000 terms of a sum (a left-deep tree
//! when printed) overflowed it and killed rustc with SIGSEGV, on bodies that
//! rustc itself builds. The attribute may not grow its stack (no `stacker` in
//! its tree), so it looks before it parses: [`syn_stack`] walks the token
//! trees with an explicit stack and adds up what each construct costs, and a
//! body over budget is not handed to syn at all.
//!
//! The estimate errs high. Per level of nesting, measured with syn 3 in a dev
//! build (parse, print and drop each on a thread of bisected size; the cost
//! is the largest of the three):
//!
//! | construct | bytes per level |
//! |---|---|
//! | a delimited group: block, parentheses, brackets (`if c { .. } else { .. }` nested in the else) | 11,000-20,800 |
//! | generic arguments, `Vec<Vec<..>>` | 43,800 |
//! | a closure `\|\| ..` | 13,200 |
//! | `return ..`, `break ..` | 8,100 |
//! | an assignment `a = ..` (right-associative) | 6,400 |
//! | a prefix operator `-x`, `!x`, `*x` | 3,300 |
//! | a binary operator, `.`, `?`, `as` (parsed in a loop, printed by recursion) | 1,200 |
//!
//! Statements (`;`), arguments and elements (`,`) and match arms (`=>`) are
//! siblings, not levels: each is costed on its own and the largest counts.

use proc_macro2::{Delimiter, Punct, Spacing, TokenStream, TokenTree, token_stream};

/// How many levels of nested expressions and blocks the walk enters. Below
/// that it stops, and says where ([`crate::Analysis::too_deep`]), rather than
/// overflow its thread's stack. A level takes 0.9 to 1.3 KiB of stack in a
/// debug build (measured on nested blocks, closures, calls, `match`es), so
/// the walk stays under 700 KiB, and under 1.2 MiB with the arguments of a
/// macro parsed at the deepest point (see `macro_args`): a test thread has 2
/// MiB, rustc's main thread, which runs proc macros, 8.
pub const MAX_DEPTH: usize = 512;

/// A visitor that counts how deep it is, for [`deeper`].
pub(crate) trait Nested {
    /// The levels entered.
    fn depth(&mut self) -> &mut usize;
}

/// Runs `visit` one level deeper, unless `visitor` is [`MAX_DEPTH`] levels
/// down already: whether it ran.
pub(crate) fn deeper<V: Nested>(visitor: &mut V, visit: impl FnOnce(&mut V)) -> bool {
    if *visitor.depth() >= MAX_DEPTH {
        return false;
    }
    *visitor.depth() += 1;
    visit(visitor);
    *visitor.depth() -= 1;
    true
}

/// A level of delimited group.
const GROUP: usize = 24 << 10;
/// A level of group inside a macro's or an attribute's arguments: syn keeps
/// those as tokens, but builds its token buffer (and the fallback tokens of
/// a test drop themselves) by recursion, 700 bytes a level.
const OPAQUE: usize = 1 << 10;
/// A level of generic arguments (`<`).
const ANGLE: usize = 50 << 10;
/// One `|` of a closure's parameters (two per closure).
const BAR: usize = 7_500;
/// One `=` of an assignment (or of `==`, `<=`: counted alike).
const EQUALS: usize = 7_500;
/// `return`, `break`, `yield`, `become`: prefix keywords taking an expression.
const JUMP: usize = 9_500;
/// A prefix operator.
const PREFIX: usize = 4 << 10;
/// A binary or postfix operator, `as`, `else`.
const INFIX: usize = 1_500;

/// An upper estimate of the stack, in bytes, that syn needs to parse
/// `tokens` as Rust code, print the tree and drop it, in an unoptimised
/// build. Linear in the number of tokens, and itself iterative: any input is
/// safe to look at.
pub fn syn_stack(tokens: &TokenStream) -> usize {
    let mut estimate = Estimate::default();
    // The token streams being read, innermost last.
    let mut open: Vec<token_stream::IntoIter> = vec![tokens.clone().into_iter()];
    while let Some(tokens) = open.last_mut() {
        match tokens.next() {
            Some(TokenTree::Group(group)) => {
                estimate.enter(group.delimiter());
                open.push(group.stream().into_iter());
            }
            Some(token) => estimate.token(&token),
            None => {
                open.pop();
                if !open.is_empty() {
                    estimate.leave();
                }
            }
        }
    }
    estimate.finish()
}

/// An upper bound of [`syn_stack`] from counts alone: `tokens` that are not
/// groups, `angles` (`<`) among them, and the deepest nesting of groups.
/// No token costs more than a `return` but a generic `<`, and no level more
/// than a group, so the sum of all of them bounds the costliest path. It
/// keeps an item of a few hundred tokens from needing the estimate's own
/// walk.
pub fn stack_bound(tokens: usize, angles: usize, depth: usize) -> usize {
    tokens
        .saturating_mul(JUMP)
        .saturating_add(angles.saturating_mul(ANGLE))
        .saturating_add(depth.saturating_mul(GROUP))
}

/// [`syn_stack`] fed token by token.
struct Estimate {
    /// The groups being read, innermost last; the first is the whole.
    open: Vec<Level>,
}

impl Default for Estimate {
    fn default() -> Estimate {
        Estimate {
            open: vec![Level::new(Delimiter::None, false)],
        }
    }
}

impl Estimate {
    /// A group starts; its tokens come next, then [`Estimate::leave`].
    fn enter(&mut self, delimiter: Delimiter) {
        let Some(level) = self.open.last_mut() else {
            return;
        };
        if level.segment.before_token(None) {
            level.end_segment();
        }
        // A macro's arguments and an attribute's stay tokens in syn's tree;
        // the analysis parses a macro's with a budget of its own.
        let opaque = level.opaque || level.segment.opaque_group_next();
        self.open.push(Level::new(delimiter, opaque));
    }

    /// A token that is not a group.
    fn token(&mut self, token: &TokenTree) {
        if let Some(level) = self.open.last_mut() {
            level.token(token);
        }
    }

    /// The innermost group ends.
    fn leave(&mut self) {
        if self.open.len() < 2 {
            return;
        }
        let Some(done) = self.open.pop() else {
            return;
        };
        let delimiter = done.delimiter;
        let own = if done.opaque { OPAQUE } else { GROUP };
        let cost = done.finish();
        if let Some(parent) = self.open.last_mut() {
            parent.segment.child(cost + own, delimiter);
        }
    }

    /// The estimate for everything fed.
    fn finish(mut self) -> usize {
        while self.open.len() > 1 {
            self.leave();
        }
        self.open.pop().map_or(0, Level::finish)
    }
}

/// One group being read.
struct Level {
    delimiter: Delimiter,
    /// Inside a macro's or an attribute's arguments: only the nesting costs.
    opaque: bool,
    /// The costliest segment finished so far.
    best: usize,
    segment: Segment,
}

impl Level {
    fn new(delimiter: Delimiter, opaque: bool) -> Level {
        Level {
            delimiter,
            opaque,
            best: 0,
            segment: Segment::default(),
        }
    }

    fn token(&mut self, token: &TokenTree) {
        if self.opaque {
            // Only the groups inside count.
            return;
        }
        let ends = self.segment.before_token(Some(token));
        if ends {
            self.end_segment();
        }
        if self.segment.token(token) {
            self.end_segment();
        }
    }

    fn end_segment(&mut self) {
        let segment = std::mem::take(&mut self.segment);
        self.best = self.best.max(segment.cost());
    }

    fn finish(mut self) -> usize {
        self.end_segment();
        self.best
    }
}

/// What came before the token being read, for telling a prefix `-` from a
/// binary one and a generic `<` from a comparison.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Prev {
    /// Nothing: the segment starts here.
    #[default]
    Start,
    /// An operand: a literal, a lower-case name, a group.
    Operand,
    /// A name that may take generic arguments: `Vec`, or a fn's name after `fn`.
    TypeName,
    /// An operator, or a keyword that an expression follows.
    Operator,
    /// `::`.
    PathSeparator,
}

/// A statement, an argument, a match arm: a run of tokens whose costs add up
/// (a chain of operators is one level per operator).
#[derive(Default)]
struct Segment {
    /// What the tokens themselves cost.
    sum: usize,
    /// Open generic `<`s, and the most seen at once.
    angles: usize,
    max_angles: usize,
    /// The costliest group in the segment, its own level included.
    child: usize,
    prev: Prev,
    /// The token before was `fn`, `struct`, `enum`, `trait`, `type`, `impl`.
    declares: bool,
    /// The last token was a punctuation joined to this one (`::`, `=>`,
    /// `&&`), and what it cost.
    joint: Option<(char, usize)>,
    /// A brace group just ended the segment's last construct: a name next
    /// starts a new statement (`for .. { } let ..`), unless it is `else`.
    after_brace: bool,
    /// The last tokens were a name and `!`, or a `#`: a group next is a
    /// macro's or an attribute's arguments.
    opaque_next: bool,
    /// The last token was a name (for `name!`).
    after_name: bool,
}

impl Segment {
    fn cost(&self) -> usize {
        self.sum + self.max_angles * ANGLE + self.child
    }

    /// Whether `token` (a group when `None`) starts a new statement after a
    /// block: the segment ends before it.
    fn before_token(&mut self, token: Option<&TokenTree>) -> bool {
        let after_brace = std::mem::take(&mut self.after_brace);
        after_brace
            && match token {
                Some(TokenTree::Ident(ident)) => ident != "else" && ident != "as",
                Some(TokenTree::Punct(punct)) => punct.as_char() == '#',
                _ => false,
            }
    }

    fn opaque_group_next(&mut self) -> bool {
        std::mem::take(&mut self.opaque_next)
    }

    fn child(&mut self, cost: usize, delimiter: Delimiter) {
        self.child = self.child.max(cost);
        self.prev = Prev::Operand;
        self.declares = false;
        self.joint = None;
        self.opaque_next = false;
        self.after_name = false;
        self.after_brace = delimiter == Delimiter::Brace;
    }

    /// Adds a token that is not a group; returns whether it ends the segment.
    fn token(&mut self, token: &TokenTree) -> bool {
        let after_name = std::mem::take(&mut self.after_name);
        self.opaque_next = match token {
            TokenTree::Punct(punct) => {
                (punct.as_char() == '!' && after_name) || punct.as_char() == '#'
            }
            _ => false,
        };
        self.after_name = matches!(token, TokenTree::Ident(_));
        match token {
            TokenTree::Ident(ident) => {
                self.joint = None;
                let text = ident.to_string();
                let declares = std::mem::take(&mut self.declares);
                self.prev = match text.as_str() {
                    "return" | "break" | "yield" | "become" => {
                        self.sum += JUMP;
                        Prev::Operator
                    }
                    "as" | "else" => {
                        self.sum += INFIX;
                        Prev::Operator
                    }
                    "fn" | "struct" | "enum" | "union" | "trait" | "type" | "impl" => {
                        self.declares = true;
                        Prev::TypeName
                    }
                    "if" | "while" | "match" | "in" | "let" | "move" | "mut" | "ref" | "dyn"
                    | "unsafe" | "async" | "const" | "static" | "for" | "loop" => Prev::Operator,
                    _ if declares || text.starts_with(char::is_uppercase) => Prev::TypeName,
                    _ => Prev::Operand,
                };
                false
            }
            TokenTree::Literal(_) => {
                self.joint = None;
                self.prev = Prev::Operand;
                false
            }
            TokenTree::Punct(punct) => self.punct(punct),
            TokenTree::Group(_) => false,
        }
    }

    fn punct(&mut self, punct: &Punct) -> bool {
        let c = punct.as_char();
        let after = self.joint.take();
        self.declares = false;
        let mut cost = 0;
        match (after.map(|(first, _)| first), c) {
            (_, ';') => return true,
            (_, ',') if self.angles == 0 => return true,
            // `=>`: the arm's pattern and its body are siblings.
            (Some('='), '>') => return true,
            (Some(':'), ':') => self.prev = Prev::PathSeparator,
            (Some('-'), '>') => self.prev = Prev::Operator,
            (_, '>') if self.angles > 0 => {
                self.angles -= 1;
                // `Vec<u8>` is a type: a `<` after it opens its own arguments.
                self.prev = Prev::TypeName;
            }
            (_, ':' | '\'' | '#' | '$' | '@' | ',') => {}
            (None, '<')
                if matches!(
                    self.prev,
                    Prev::Start | Prev::TypeName | Prev::PathSeparator
                ) =>
            {
                self.angles += 1;
                self.max_angles = self.max_angles.max(self.angles);
                self.prev = Prev::Operator;
            }
            // The rest of an operator spelt with several characters.
            (Some(_), _) => cost = after.map_or(0, |(_, first)| first),
            (None, '|') => cost = BAR,
            (None, '=') => cost = EQUALS,
            (None, '?') => {
                cost = INFIX;
                self.prev = Prev::Operand;
            }
            (None, _) if matches!(self.prev, Prev::Operand | Prev::TypeName) => cost = INFIX,
            (None, _) => cost = PREFIX,
        }
        if cost > 0 {
            self.sum += cost;
            if c != '?' {
                self.prev = Prev::Operator;
            }
        }
        if punct.spacing() == Spacing::Joint {
            self.joint = Some((c, cost));
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cost(source: &str) -> usize {
        syn_stack(&source.parse().expect("tokens"))
    }

    #[test]
    fn nesting_costs_per_level() {
        let blocks = |n: usize| cost(&format!("{}x{}", "{".repeat(n), "}".repeat(n)));
        assert_eq!(blocks(10) - blocks(9), GROUP);
        let negations = |n: usize| cost(&format!("{}x", "-".repeat(n)));
        assert_eq!(negations(10) - negations(9), PREFIX);
        let sums = |n: usize| cost(&vec!["x"; n].join(" + "));
        assert_eq!(sums(10) - sums(9), INFIX);
        let types = |n: usize| cost(&format!("let v: {}u8{};", "Vec<".repeat(n), ">".repeat(n)));
        assert_eq!(types(10) - types(9), ANGLE);
    }

    #[test]
    fn siblings_do_not_add_up() {
        let statements = cost(&"let a = -x;".repeat(500));
        assert_eq!(statements, cost("let a = -x;"));
        let arguments = cost(&format!("f({})", vec!["-x"; 500].join(", ")));
        assert_eq!(arguments, cost("f(-x)"));
        let arms = cost(&format!(
            "match x {{ {} }}",
            "A => -x, B => {} ".repeat(100)
        ));
        assert_eq!(arms, cost("match x { A => -x, B => {} }"));
        let loops = cost(&"for i in 0..n { f(i); } ".repeat(100));
        assert_eq!(loops, cost("for i in 0..n { f(i); }"));
        let chain = cost(&format!(
            "{} else {{ 0 }}",
            vec!["if a {{ 1 }}"; 100].join(" else ")
        ));
        assert!(chain < 100 * 2 * INFIX + 2 * GROUP, "{chain}");
    }

    #[test]
    fn macro_and_attribute_arguments_stay_tokens() {
        let nested = format!("{}x{}", "(".repeat(50), ")".repeat(50));
        assert_eq!(cost(&format!("vec!{nested}")), INFIX + 50 * OPAQUE);
        assert_eq!(cost(&format!("#[cfg{nested}] x")), 51 * OPAQUE);
        assert_eq!(cost(&format!("f{nested}")), 50 * GROUP);
        assert_eq!(cost(&format!("!{nested}")), PREFIX + 50 * GROUP);
    }

    #[test]
    fn comparisons_are_not_generics() {
        assert_eq!(cost("a < b && c < d"), 4 * INFIX);
        assert_eq!(cost("HashMap<K, Vec<V>>::new()"), 2 * ANGLE + GROUP);
        assert_eq!(cost("fn f<T>() {}"), ANGLE + GROUP);
    }

    #[test]
    fn the_bound_from_counts_is_never_below_the_estimate() {
        let nested =
            |open: &str, close: &str, n: usize| format!("{}x{}", open.repeat(n), close.repeat(n));
        for source in [
            nested("{", "}", 40),
            nested("-", "", 300),
            nested("Vec<", ">", 30),
            nested("|| ", "", 50),
            nested("return ", "", 50),
            vec!["a == b"; 60].join(" && "),
            "fn f<T>(x: &mut T) -> Result<Vec<u8>, E> { x.a()?.b::<u8>() as u8 }".to_owned(),
            format!("vec!{}", nested("(", ")", 30)),
        ] {
            let tokens: TokenStream = source.parse().expect("tokens");
            let (mut count, mut angles, mut depth) = (0, 0, 0);
            let mut open = vec![(tokens.clone().into_iter(), 0)];
            while let Some((iter, level)) = open.last_mut() {
                let level = *level;
                match iter.next() {
                    Some(TokenTree::Group(group)) => {
                        depth = depth.max(level + 1);
                        open.push((group.stream().into_iter(), level + 1));
                    }
                    Some(TokenTree::Punct(punct)) => {
                        count += 1;
                        angles += usize::from(punct.as_char() == '<');
                    }
                    Some(_) => count += 1,
                    None => {
                        open.pop();
                    }
                }
            }
            assert!(
                stack_bound(count, angles, depth) >= syn_stack(&tokens),
                "{source}"
            );
        }
    }

    #[test]
    fn deep_input_is_read_without_recursion() {
        // Far deeper than a recursive walk on a 2 MiB stack would survive.
        let depth = 200_000;
        let source = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
        let cost = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || {
                let tokens: TokenStream = source.parse().expect("tokens");
                let cost = syn_stack(&tokens);
                // Dropping a deep token tree recurses too: leak it.
                std::mem::forget(tokens);
                cost
            })
            .expect("thread")
            .join()
            .expect("no overflow");
        assert_eq!(cost, depth * GROUP);
    }
}
