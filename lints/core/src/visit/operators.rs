//! Findings the catalogue does not hold yet, judged here: `+`/`+=` on a
//! `String`, `?` into a `Box<dyn Error>`.
//!
//! FOR THE CATALOGUE: these are the last findings spelt outside
//! `catalogue.rs`. Their texts (below), certainties and conditions are to
//! become catalogue entries, with the judging code here reduced to building
//! their call sites: an operator is a call of `Add::add`, `AddAssign::add_assign`
//! or `From::from` on the error. The growth of a collection created empty
//! already takes its texts from the catalogue (`GROW_EMPTY`, `GROW_FIX`).

use super::{Walker, address};
use crate::catalogue::{GROW_EMPTY, GROW_FIX};
use crate::extent;
use crate::finding::{Certainty, Finding};
use crate::syntax::strip;
use crate::types::{self, Base};
use proc_macro2::Span;
use quote::ToTokens;
use syn::{BinOp, Expr, ExprBinary, ExprTry, GenericArgument, Type};

const STRING_ADD: &str =
    "appends to the `String`, which reallocates when its capacity is exhausted";
const STRING_ADD_FIX: &str = "`push_str` into a `String` with enough capacity";
const BOX_ERROR: &str = "converts the error into a `Box<dyn Error>`, which boxes it on the heap";
const BOX_ERROR_MAYBE: &str =
    "converts the error into a `Box<dyn Error>`, which boxes it unless it is one already";
const BOX_ERROR_FIX: &str = "return a concrete error type (an enum) instead of `Box<dyn Error>`";

impl Walker<'_> {
    /// A finding for a construct that is not a call: an operator.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn report_operator(
        &mut self,
        construct: &str,
        name: &str,
        certainty: Certainty,
        reason: &str,
        suggestion: &str,
        span: Span,
        node: &dyn Fn() -> (Span, Span),
    ) {
        self.report(
            Finding {
                construct: format!("`{construct}`"),
                certainty,
                reason: reason.to_owned(),
                suggestion: suggestion.to_owned(),
                allow: None,
                lint_name: crate::finding::lint_name(name, certainty),
                span,
                first: span,
                last: span,
                cfg: Vec::new(),
            },
            node,
        );
    }

    /// `?`: in a function returning `Result<_, Box<dyn Error>>`, the error
    /// is boxed unless it is a `Box<dyn Error>` already.
    pub(super) fn try_expr(&mut self, expr_try: &ExprTry, expected: Option<&Type>) {
        self.expr(&expr_try.expr, None);
        let Some(error) = self
            .own_return_type()
            .and_then(|returns| types::result_error(&returns))
        else {
            return;
        };
        if !types::is_boxed_error(&error) {
            return;
        }
        let (certainty, reason) = if self.error_is_sized(&expr_try.expr, expected) {
            (Certainty::Definite, BOX_ERROR)
        } else {
            (Certainty::Possible, BOX_ERROR_MAYBE)
        };
        self.report_operator(
            "?",
            "question_mark_box_error",
            certainty,
            reason,
            BOX_ERROR_FIX,
            expr_try.question_token.spans[0],
            &|| {
                (
                    extent::lead(&expr_try.attrs, || extent::first(&expr_try.expr)),
                    expr_try.question_token.spans[0],
                )
            },
        );
    }

    /// Whether the error of the fallible `expr` is known to be a
    /// non-zero-sized value that is not a `Box` already: a std parse error
    /// (`s.parse::<u16>()`, or `s.parse()` whose result is expected to be a
    /// `u16`), or text (`Err("message")`, `opt.ok_or("message")`).
    pub(super) fn error_is_sized(&self, expr: &Expr, expected: Option<&Type>) -> bool {
        let is_text = |this: &Self, expr: &Expr| {
            this.type_of(expr)
                .is_some_and(|ty| types::is_text(types::shape(&ty).1))
        };
        match strip(expr) {
            Expr::MethodCall(call) if call.method == "parse" && call.args.is_empty() => {
                let turbofish =
                    call.turbofish
                        .as_ref()
                        .and_then(|turbofish| match turbofish.args.first() {
                            Some(GenericArgument::Type(ty)) => Some(ty),
                            _ => None,
                        });
                turbofish
                    .or(expected)
                    .is_some_and(types::parses_with_sized_error)
            }
            Expr::MethodCall(call) if call.method == "ok_or" && call.args.len() == 1 => {
                is_text(self, &call.args[0])
            }
            Expr::Call(call) if call.args.len() == 1 => {
                matches!(strip(&call.func), Expr::Path(path) if path.path.is_ident("Err"))
                    && is_text(self, &call.args[0])
            }
            _ => false,
        }
    }

    /// `+`, `+=`: growing a `String` created empty, or appending to one.
    pub(super) fn binary(&mut self, binary: &ExprBinary) {
        self.expr(&binary.left, None);
        let construct = match binary.op {
            BinOp::Add(_) => Some(("+", "add", binary.op.to_token_stream())),
            BinOp::AddAssign(_) => Some(("+=", "add_assign", binary.op.to_token_stream())),
            _ => None,
        };
        if let Some((construct, name, tokens)) = construct {
            let span = tokens
                .into_iter()
                .next()
                .map_or_else(Span::call_site, |token| token.span());
            let ends = || {
                (
                    extent::lead(&binary.attrs, || extent::first(&binary.left)),
                    extent::last(&binary.right),
                )
            };
            if self.growth_sites.contains(&address(binary)) {
                self.report_operator(
                    construct,
                    name,
                    Certainty::Definite,
                    GROW_EMPTY,
                    GROW_FIX,
                    span,
                    &ends,
                );
            } else if !crate::syntax::is_empty_str(&binary.right)
                && self
                    .type_of(&binary.left)
                    .is_some_and(|ty| types::shape(&ty) == (0, Base::String))
            {
                self.report_operator(
                    construct,
                    &format!("string_{name}"),
                    Certainty::Possible,
                    STRING_ADD,
                    STRING_ADD_FIX,
                    span,
                    &ends,
                );
            }
        }
        self.expr(&binary.right, None);
    }
}
