//! The first and last tokens of an expression, for a diagnostic that covers
//! all of it.
//!
//! Printing the expression and looking at the ends would recurse through the
//! whole tree, and a finding may sit on top of a very deep one
//! (`a.f().f()....to_string()`). Instead the ends are reached by following
//! the leftmost and the rightmost child in a loop, and read from the token
//! that the node itself starts or ends with.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Attribute, Expr, Label, MacroDelimiter, RangeLimits, UnOp};

/// The first token of `expr`: an outer attribute's `#`, a keyword, an
/// opening delimiter, the start of a path.
pub(crate) fn first(mut expr: &Expr) -> Span {
    loop {
        if let Some(attr) = crate::syntax::expr_attrs(expr).first() {
            return attr_start(attr);
        }
        expr = match expr {
            Expr::Assign(e) => &e.left,
            Expr::Await(e) => &e.base,
            Expr::Binary(e) => &e.left,
            Expr::Call(e) => &e.func,
            Expr::Cast(e) => &e.expr,
            Expr::Field(e) => &e.base,
            Expr::Index(e) => &e.expr,
            Expr::MethodCall(e) => &e.receiver,
            Expr::Try(e) => &e.expr,
            Expr::Range(e) => match &e.start {
                Some(start) => start,
                None => return limits(&e.limits),
            },
            other => return own_first(other),
        };
    }
}

/// The last token of `expr`: a closing delimiter, the last token of its
/// rightmost operand, a keyword without an operand.
pub(crate) fn last(mut expr: &Expr) -> Span {
    loop {
        expr = match expr {
            Expr::Assign(e) => &e.right,
            Expr::Binary(e) => &e.right,
            Expr::Closure(e) => &e.body,
            Expr::Let(e) => &e.expr,
            Expr::RawAddr(e) => &e.expr,
            Expr::Reference(e) => &e.expr,
            Expr::Unary(e) => &e.expr,
            Expr::If(e) => match &e.else_branch {
                Some((_, otherwise)) => otherwise,
                None => return e.then_branch.brace_token.span.close(),
            },
            Expr::Range(e) => match &e.end {
                Some(end) => end,
                None => return limits(&e.limits),
            },
            Expr::Return(e) => match &e.expr {
                Some(value) => value,
                None => return e.return_token.span,
            },
            Expr::Break(e) => match (&e.expr, &e.label) {
                (Some(value), _) => value,
                (None, Some(label)) => return label.ident.span(),
                (None, None) => return e.break_token.span,
            },
            Expr::Yield(e) => match &e.expr {
                Some(value) => value,
                None => return e.yield_token.span,
            },
            other => return own_last(other),
        };
    }
}

/// The first token of an expression that starts with a token of its own.
fn own_first(expr: &Expr) -> Span {
    match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Async(e) => e.async_token.span,
        Expr::Block(e) => labelled(&e.label, e.block.brace_token.span.open()),
        Expr::Loop(e) => labelled(&e.label, e.loop_token.span),
        Expr::While(e) => labelled(&e.label, e.while_token.span),
        Expr::ForLoop(e) => labelled(&e.label, e.for_token.span),
        Expr::Break(e) => e.break_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Return(e) => e.return_token.span,
        Expr::Yield(e) => e.yield_token.span,
        Expr::Const(e) => e.const_token.span,
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::TryBlock(e) => e.try_token.span,
        Expr::If(e) => e.if_token.span,
        Expr::Match(e) => e.match_token.span,
        Expr::Let(e) => e.let_token.span,
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Group(e) => e.group_token.span,
        Expr::RawAddr(e) => e.and_token.spans[0],
        Expr::Reference(e) => e.and_token.spans[0],
        Expr::Unary(e) => match &e.op {
            UnOp::Deref(star) => star.spans[0],
            UnOp::Not(bang) => bang.spans[0],
            UnOp::Neg(minus) => minus.spans[0],
            other => ends(other).0,
        },
        Expr::Closure(e) => {
            if let Some(lifetimes) = &e.lifetimes {
                lifetimes.for_token.span
            } else if let Some(constness) = &e.constness {
                constness.span
            } else if let Some(asyncness) = &e.asyncness {
                asyncness.span
            } else if let Some(capture) = &e.capture {
                capture.span
            } else {
                e.inputs_begin.spans[0]
            }
        }
        Expr::Path(e) => match &e.qself {
            Some(qself) => qself.lt_token.spans[0],
            None => ends(&e.path).0,
        },
        Expr::Struct(e) => match &e.qself {
            Some(qself) => qself.lt_token.spans[0],
            None => ends(&e.path).0,
        },
        Expr::Macro(e) => ends(&e.mac.path).0,
        // Verbatim tokens, and kinds syn adds later: printed (shallow in
        // practice).
        other => ends(other).0,
    }
}

/// The last token of an expression that ends with a token of its own.
fn own_last(expr: &Expr) -> Span {
    match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Const(e) => e.block.brace_token.span.close(),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::TryBlock(e) => e.block.brace_token.span.close(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Macro(e) => match &e.mac.delimiter {
            MacroDelimiter::Paren(paren) => paren.span.close(),
            MacroDelimiter::Brace(brace) => brace.span.close(),
            MacroDelimiter::Bracket(bracket) => bracket.span.close(),
        },
        Expr::Await(e) => e.await_token.span,
        Expr::Try(e) => e.question_token.spans[0],
        Expr::Field(e) => ends(&e.member).1,
        Expr::Cast(e) => ends(&e.ty).1,
        Expr::Continue(e) => match &e.label {
            Some(label) => label.ident.span(),
            None => e.continue_token.span,
        },
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Group(e) => e.group_token.span,
        Expr::Path(e) => ends(&e.path).1,
        other => ends(other).1,
    }
}

/// The first token of a node: its first outer attribute's `#`, else what
/// `otherwise` finds.
pub(crate) fn lead(attrs: &[Attribute], otherwise: impl FnOnce() -> Span) -> Span {
    attrs
        .first()
        .map_or_else(otherwise, |attr| attr.pound_token.spans[0])
}

/// The span of the `#` of an outer attribute.
fn attr_start(attr: &Attribute) -> Span {
    attr.pound_token.spans[0]
}

/// A loop's or a block's label, `'outer:`, comes first when written.
fn labelled(label: &Option<Label>, otherwise: Span) -> Span {
    label
        .as_ref()
        .map_or(otherwise, |label| label.name.apostrophe)
}

fn limits(limits: &RangeLimits) -> Span {
    match limits {
        RangeLimits::HalfOpen(dots) => dots.spans[0],
        RangeLimits::Closed(dots) => dots.spans[0],
    }
}

/// The first and last tokens of a node, by printing it: for the small parts
/// (a path, a type, an operator) that the functions above end at.
pub(crate) fn ends(node: &dyn ToTokens) -> (Span, Span) {
    let tokens: TokenStream = node.to_token_stream();
    let mut iter = tokens.into_iter();
    let Some(first) = iter.next() else {
        return (Span::call_site(), Span::call_site());
    };
    let last = iter.last();
    let first_span = match &first {
        TokenTree::Group(group) => group.span_open(),
        other => other.span(),
    };
    let last_span = match last.as_ref().unwrap_or(&first) {
        TokenTree::Group(group) => group.span_close(),
        other => other.span(),
    };
    (first_span, last_span)
}
