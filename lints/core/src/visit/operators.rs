//! Operators that allocate: `+`/`+=` on a `String` and `?` into a
//! `Box<dyn Error>`. The catalogue holds their findings; the walk gathers
//! the facts it judges them on (the operands and their types, what the
//! function's error type does with the error).

use super::{Walker, address};
use crate::extent;
use crate::judge::{self, CallFacts, ErrorBoxing};
use crate::syntax::strip;
use crate::types;
use proc_macro2::Span;
use quote::ToTokens;
use syn::{BinOp, Expr, ExprBinary, ExprTry, GenericArgument, Type};

impl Walker<'_> {
    /// Reports the catalogue's finding for an operator, if any.
    fn operator(
        &mut self,
        symbol: &str,
        facts: &CallFacts,
        boxing: ErrorBoxing,
        span: Span,
        node: &dyn Fn() -> (Span, Span),
    ) {
        if let Some(found) = judge::lookup_operator(symbol, facts, boxing) {
            self.report(found.into_finding(span), node);
        }
    }

    /// `?`: in a function returning `Result<_, Box<dyn Error>>`, the error
    /// is boxed unless it is a `Box<dyn Error>` already.
    pub(super) fn try_expr(&mut self, expr_try: &ExprTry, expected: Option<&Type>) {
        self.expr(&expr_try.expr, None);
        self.question_mark(expr_try, expected);
    }

    /// The finding of one `?`. Apart from [`Walker::try_expr`] as
    /// [`Walker::addition`] is.
    #[inline(never)]
    fn question_mark(&mut self, expr_try: &ExprTry, expected: Option<&Type>) {
        let Some(error) = self
            .own_return_type()
            .and_then(|returns| types::result_error(&returns))
        else {
            return;
        };
        if !types::is_boxed_error(&error) {
            return;
        }
        let boxing = if self.error_is_sized(&expr_try.expr, expected) {
            ErrorBoxing::Sized
        } else {
            ErrorBoxing::Maybe
        };
        let span = expr_try.question_token.spans[0];
        self.operator("?", &CallFacts::default(), boxing, span, &|| {
            (
                extent::lead(&expr_try.attrs, || extent::first(&expr_try.expr)),
                span,
            )
        });
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
        match binary.op {
            BinOp::Add(_) => self.addition("+", binary),
            BinOp::AddAssign(_) => self.addition("+=", binary),
            _ => {}
        }
        self.expr(&binary.right, None);
    }

    /// The finding of one `+` or `+=`. Apart from [`Walker::binary`], whose
    /// frame is on the stack once per term of a long sum: the facts are
    /// there only while this runs.
    #[inline(never)]
    fn addition(&mut self, symbol: &str, binary: &ExprBinary) {
        let span = binary
            .op
            .to_token_stream()
            .into_iter()
            .next()
            .map_or_else(Span::call_site, |token| token.span());
        // The left operand is the receiver of `Add::add`, the right one its argument.
        let facts = CallFacts {
            receiver: Some(&binary.left),
            receiver_type: self.type_of(&binary.left),
            args: Some(vec![&binary.right]),
            grows_empty: self.growth_sites.contains(&address(binary)),
            ..CallFacts::default()
        };
        self.operator(symbol, &facts, ErrorBoxing::NotBoxed, span, &|| {
            (
                extent::lead(&binary.attrs, || extent::first(&binary.left)),
                extent::last(&binary.right),
            )
        });
    }
}
