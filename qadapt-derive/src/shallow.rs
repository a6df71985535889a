//! Items nested too deep for syn, made shallow before it sees them.
//!
//! syn parses, prints and drops by recursion, and a proc macro runs on the
//! compiler's thread, unoptimised: a body of 450 nested blocks or 2,400
//! unary minus overflowed rustc's 8 MiB and killed it with SIGSEGV, where
//! rustc alone builds such a body. The attribute may not grow its stack (no
//! `stacker` in its tree), so it looks first, with
//! [`qadapt_lints::depth::syn_stack`], an estimate that walks the tokens
//! without recursion.
//!
//! An item over [`STACK_BUDGET`] is read at the level of its items: each
//! `fn` body too deep for the budget is taken out and replaced by a
//! placeholder block `{ __qadapt_deep_0 }`, so that the item parses; the
//! expansion then guards the body's tokens as written, without analysing
//! them ([`crate::expand::Source::TooDeep`], one warning on the fn's name).
//! Any other block too deep (a `const`'s initialiser, a closure where the
//! attribute does not belong) is taken out the same way and put back in the
//! output untouched, by [`Shallow::restore`]. What cannot be stood in for
//! by a block (deep parentheses, generic arguments, a struct's fields)
//! leaves the item unreadable.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree, token_stream};
use qadapt_lints::depth::syn_stack;
use syn::{Block, Expr, Stmt};

/// The stack the macro lets syn use on one item (see
/// [`qadapt_lints::depth`]): half of rustc's 8 MiB, the rest for the
/// compiler's frames below the macro and for the analysis (which guards its
/// own depth, see [`qadapt_lints::MAX_DEPTH`]).
pub(crate) const STACK_BUDGET: usize = 4 << 20;

/// What the placeholders are named, followed by their index.
const PLACEHOLDER: &str = "__qadapt_deep_";

/// An item with its too-deep groups taken out.
pub(crate) struct Shallow {
    /// The item, safe to parse.
    pub tokens: TokenStream,
    /// The groups taken out, by the index in their placeholder's name.
    taken: Vec<Group>,
}

impl Shallow {
    /// `input` made safe to parse, or `None` when even its item-level tokens
    /// are too deep (a deep type in a signature, a chain of operators in a
    /// `const`): then only the tokens themselves are safe to handle.
    /// `bound` is an upper bound of [`syn_stack`] of `input`, when the
    /// prescan has one: within the budget, the estimate is not needed.
    pub(crate) fn of(input: &TokenStream, bound: Option<usize>) -> Option<Shallow> {
        if bound.is_some_and(|bound| bound <= STACK_BUDGET) || syn_stack(input) <= STACK_BUDGET {
            return Some(Shallow {
                tokens: input.clone(),
                taken: Vec::new(),
            });
        }
        let mut taken = Vec::new();
        let tokens = take_deep_groups(input, &mut taken);
        (syn_stack(&tokens) <= STACK_BUDGET).then_some(Shallow { tokens, taken })
    }

    /// The tokens of the fn body that `block` stands for, if it is a
    /// placeholder.
    pub(crate) fn taken_body(&self, block: &Block) -> Option<TokenStream> {
        let [Stmt::Expr(Expr::Path(path), None)] = block.stmts.as_slice() else {
            return None;
        };
        let ident = path.path.get_ident()?;
        self.taken(ident).map(Group::stream)
    }

    fn taken(&self, ident: &Ident) -> Option<&Group> {
        let index: usize = ident.to_string().strip_prefix(PLACEHOLDER)?.parse().ok()?;
        self.taken.get(index)
    }

    /// `output` with every placeholder group left in it replaced by the
    /// group it stands for.
    pub(crate) fn restore(&self, output: TokenStream) -> TokenStream {
        if self.taken.is_empty() {
            return output;
        }
        // The groups being rebuilt, innermost last: their tokens so far, and
        // the group to rebuild around them (none for the whole output).
        let mut open: Vec<(token_stream::IntoIter, Vec<TokenTree>, Option<Group>)> =
            vec![(output.into_iter(), Vec::new(), None)];
        loop {
            let Some((tokens, done, _)) = open.last_mut() else {
                return TokenStream::new();
            };
            match tokens.next() {
                Some(TokenTree::Group(group)) => match self.placeholder(&group) {
                    Some(original) => done.push(TokenTree::Group(original.clone())),
                    None => open.push((group.stream().into_iter(), Vec::new(), Some(group))),
                },
                Some(token) => done.push(token),
                None => {
                    let Some((_, done, around)) = open.pop() else {
                        return TokenStream::new();
                    };
                    let stream: TokenStream = done.into_iter().collect();
                    let Some(around) = around else {
                        return stream;
                    };
                    let mut group = Group::new(around.delimiter(), stream);
                    group.set_span(around.span());
                    if let Some((_, parent, _)) = open.last_mut() {
                        parent.push(TokenTree::Group(group));
                    }
                }
            }
        }
    }

    /// The group that `group` is the placeholder of.
    fn placeholder(&self, group: &Group) -> Option<&Group> {
        let mut tokens = group.stream().into_iter();
        match (tokens.next(), tokens.next()) {
            (Some(TokenTree::Ident(ident)), None) => self.taken(&ident),
            _ => None,
        }
    }
}

/// One list of items being read (the attribute's item, or the body of an
/// `impl`, a `mod`, a `trait`, an `extern` block inside it).
struct Items {
    tokens: token_stream::IntoIter,
    done: Vec<TokenTree>,
    /// The container's brace group, to rebuild around `done`.
    around: Option<Group>,
    /// Since the item began: a `fn` (a brace group next is its body), an
    /// `impl`/`mod`/`trait`/`extern` (a brace group next holds items), a
    /// `struct`/`enum`/`union` (a brace group next holds fields, which a
    /// block cannot stand for).
    saw_fn: bool,
    saw_container: bool,
    saw_fields: bool,
    /// Open `<`s of generics, outside of which a brace group is a body.
    angles: usize,
    /// The last token was a `-` joined to the next (`->` is no `>`).
    arrow: bool,
}

impl Items {
    fn new(tokens: TokenStream, around: Option<Group>) -> Items {
        Items {
            tokens: tokens.into_iter(),
            done: Vec::new(),
            around,
            saw_fn: false,
            saw_container: false,
            saw_fields: false,
            angles: 0,
            arrow: false,
        }
    }

    /// A new item starts.
    fn next_item(&mut self) {
        self.saw_fn = false;
        self.saw_container = false;
        self.saw_fields = false;
        self.angles = 0;
    }
}

/// `input` with each group over budget replaced by a placeholder, read
/// item by item (with a stack of its own: items nest too).
fn take_deep_groups(input: &TokenStream, taken: &mut Vec<Group>) -> TokenStream {
    let mut open = vec![Items::new(input.clone(), None)];
    loop {
        let Some(items) = open.last_mut() else {
            return TokenStream::new();
        };
        let arrow = std::mem::take(&mut items.arrow);
        match items.tokens.next() {
            Some(TokenTree::Group(group)) => {
                let item_body = group.delimiter() == Delimiter::Brace && items.angles == 0;
                if item_body && items.saw_container && !items.saw_fn {
                    open.push(Items::new(group.stream(), Some(group)));
                    continue;
                }
                // A block can stand in for a brace group, save fields.
                let replaceable = group.delimiter() == Delimiter::Brace && !items.saw_fields;
                if item_body {
                    items.next_item();
                }
                // The group's own level counts too.
                let token = if replaceable
                    && syn_stack(&TokenTree::Group(group.clone()).into()) > STACK_BUDGET
                {
                    placeholder(group, taken)
                } else {
                    group
                };
                items.done.push(TokenTree::Group(token));
            }
            Some(TokenTree::Ident(ident)) => {
                if ident == "fn" {
                    items.saw_fn = true;
                } else if ["impl", "mod", "trait", "extern"]
                    .iter()
                    .any(|keyword| ident == keyword)
                {
                    items.saw_container = true;
                } else if ["struct", "enum", "union"]
                    .iter()
                    .any(|keyword| ident == keyword)
                {
                    items.saw_fields = true;
                }
                items.done.push(TokenTree::Ident(ident));
            }
            Some(TokenTree::Punct(punct)) => {
                match punct.as_char() {
                    ';' if items.angles == 0 => items.next_item(),
                    '<' => items.angles += 1,
                    '>' if !arrow => items.angles = items.angles.saturating_sub(1),
                    '-' => items.arrow = punct.spacing() == proc_macro2::Spacing::Joint,
                    _ => {}
                }
                items.done.push(TokenTree::Punct(punct));
            }
            Some(literal @ TokenTree::Literal(_)) => items.done.push(literal),
            None => {
                let Some(finished) = open.pop() else {
                    return TokenStream::new();
                };
                let stream: TokenStream = finished.done.into_iter().collect();
                let Some(around) = finished.around else {
                    return stream;
                };
                let mut group = Group::new(around.delimiter(), stream);
                group.set_span(around.span());
                if let Some(parent) = open.last_mut() {
                    parent.done.push(TokenTree::Group(group));
                    parent.next_item();
                }
            }
        }
    }
}

/// A group of the same delimiter and span as `group`, holding only the name
/// of its place in `taken`.
fn placeholder(group: Group, taken: &mut Vec<Group>) -> Group {
    let name = Ident::new(&format!("{PLACEHOLDER}{}", taken.len()), group.span());
    let mut stand_in = Group::new(group.delimiter(), TokenTree::Ident(name).into());
    stand_in.set_span(group.span());
    taken.push(group);
    stand_in
}

/// The span of the first token of `tokens`, for a message about all of them.
pub(crate) fn first_span(tokens: &TokenStream) -> Span {
    tokens
        .clone()
        .into_iter()
        .next()
        .map_or_else(Span::call_site, |token| token.span())
}
