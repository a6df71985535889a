//! Call sites: each function call, method call, path used as a value and
//! macro invocation is checked against `allow`, `deny` and the catalogue,
//! and listed for a crate-wide checker to follow.

use super::{Walker, address};
use crate::call::{Call, CallKind, expr_path_segments};
use crate::catalogue;
use crate::extent;
use crate::finding::{Certainty, Finding};
use crate::imports::Resolved;
use crate::judge::{self, ArgSize, CallFacts, Callee};
use crate::lazy;
use crate::macro_args;
use crate::path_pattern::{PathPattern, path_segments};
use crate::scopes::Binding;
use crate::syntax::strip;
use crate::type_text::type_text;
use crate::types::{self, Base};
use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, ExprPath, GenericArgument, Macro, Type};

/// The code inside these is exempt: the runtime guard accepts allocations
/// there, so the lint does too.
const ALLOW_ALLOC: &str = "allow_alloc";

impl Walker<'_> {
    /// Checks one call site against `allow`, `deny` and the catalogue, and
    /// records it as a call unless it must not be followed. `listed` is
    /// false for a function used as a value, which is not a call site.
    /// `lookup` replaces the written path for the catalogue lookup
    /// (`<[T]>::to_vec` is looked up as `slice::to_vec`).
    pub(super) fn call_site(
        &mut self,
        kind: CallKind,
        lookup: Option<&[String]>,
        span: Span,
        facts: &CallFacts,
        node: &dyn Fn() -> (Span, Span),
        listed: bool,
    ) {
        let written = kind.segments();
        if self.allow.first(&written).is_some() {
            return;
        }
        if let Some(pattern) = self.deny.first(&written) {
            self.report_denied(pattern, span, node);
            return;
        }
        // A path is looked up as what the body's imports make of it.
        let resolved = match (&kind, lookup) {
            (CallKind::Path(segments) | CallKind::Macro(segments), None) => {
                self.imports.resolve(segments)
            }
            _ => Resolved::AsWritten,
        };
        let callee = match (&kind, lookup, &resolved) {
            (_, Some(segments), _) => Callee::Path(segments),
            (CallKind::Path(_), None, Resolved::Path(path)) => Callee::Path(path),
            (CallKind::Path(segments), None, _) => Callee::Path(segments),
            (CallKind::Method(name), None, _) => Callee::Method(name),
            (CallKind::Macro(_), None, Resolved::Path(path)) => Callee::Macro(path),
            (CallKind::Macro(segments), None, _) => Callee::Macro(segments),
        };
        if let Some(found) = judge::lookup(callee, facts) {
            if let catalogue::Kind::Path(canonical) = found.entry.kind {
                let canonical: Vec<String> = canonical.iter().map(|s| (*s).to_owned()).collect();
                if self.allow.first(&canonical).is_some() {
                    return;
                }
            }
            let mut finding = found.into_finding(span);
            // A glob import from another crate may have brought the name.
            if resolved == Resolved::Maybe {
                finding.downgrade();
            }
            self.report(finding, node);
        }
        if listed {
            let certainty = self.call_certainty();
            let arg_types = facts
                .arg_types
                .iter()
                .map(|ty| ty.as_ref().map(type_text))
                .collect();
            self.calls.push(Call {
                kind,
                span,
                certainty,
                arg_types,
            });
        }
    }

    /// Whether the code being walked runs whenever the body does: not on
    /// the way to a crash, not in a fallback closure.
    pub(super) fn runs_always(&self) -> bool {
        !self.on_failure && !self.lazily
    }

    /// How sure it is that a call site here is reached when the body runs.
    pub(super) fn call_certainty(&self) -> Certainty {
        if self.runs_always() {
            Certainty::Definite
        } else {
            Certainty::Possible
        }
    }

    pub(super) fn report_denied(
        &mut self,
        pattern: &PathPattern,
        span: Span,
        node: &dyn Fn() -> (Span, Span),
    ) {
        self.report(Finding::denied(pattern, span, Certainty::Definite), node);
    }

    /// Applies the downgrade and pedantic filter, and fills in the bounds of
    /// the whole expression.
    pub(super) fn report(&mut self, mut finding: Finding, node: &dyn Fn() -> (Span, Span)) {
        if !self.runs_always() {
            finding.downgrade();
        }
        if finding.certainty == Certainty::Possible && !self.options.pedantic {
            return;
        }
        (finding.first, finding.last) = node();
        finding.cfg.clone_from(&self.cfgs);
        self.findings.push(finding);
    }

    /// A method call, with the type its value is expected to have.
    pub(super) fn method_call(&mut self, call: &ExprMethodCall, expected: Option<&Type>) {
        self.visit_expr(&call.receiver);
        let hints = self.method_site(call, expected);
        let method = call.method.unraw().to_string();
        for (index, arg) in call.args.iter().enumerate() {
            let lazily = self.lazily || lazy::runs_lazily(&method, index, call.args.len());
            let outer = std::mem::replace(&mut self.lazily, lazily);
            match (strip(arg), &hints) {
                (Expr::Closure(closure), Some((at, params))) if *at == index => {
                    self.closure(closure, params);
                }
                _ => self.visit_expr(arg),
            }
            self.lazily = outer;
        }
    }

    /// The call site of a method call, and the types of the parameters of a
    /// closure argument. Apart from [`Walker::method_call`], whose frame is
    /// on the stack once per level of nesting: this one's large locals are
    /// there only while it runs.
    #[inline(never)]
    pub(super) fn method_site(
        &mut self,
        call: &ExprMethodCall,
        expected: Option<&Type>,
    ) -> Option<(usize, Vec<Option<Type>>)> {
        let turbofish =
            call.turbofish
                .as_ref()
                .and_then(|turbofish| match turbofish.args.first() {
                    Some(GenericArgument::Type(ty)) => self.known_type(ty),
                    _ => None,
                });
        let args: Vec<&Expr> = call.args.iter().collect();
        let receiver_type = self.type_of(&call.receiver);
        let receiver_clones_heap = receiver_type
            .as_ref()
            .is_some_and(|ty| self.clone_allocates(ty));
        let facts = CallFacts {
            receiver: Some(&call.receiver),
            receiver_type,
            arg_types: args.iter().map(|arg| self.type_of(arg)).collect(),
            args: Some(args),
            collect_target: turbofish.or(expected),
            expected,
            grows_empty: self.growth_sites.contains(&address(call)),
            first_arg_size: ArgSize::Sized,
            builds_nothing: false,
            receiver_clones_heap,
        };
        let name = call.method.unraw().to_string();
        let ends = || {
            (
                extent::lead(&call.attrs, || extent::first(&call.receiver)),
                call.paren_token.span.close(),
            )
        };
        self.call_site(
            CallKind::Method(name),
            None,
            call.method.span(),
            &facts,
            &ends,
            true,
        );
        self.closure_hints(call, facts.receiver_type.as_ref())
    }

    /// A call, with the type its value is expected to have: `Ok(x)`,
    /// `Err(x)` and `Some(x)` pass it on to `x`.
    pub(super) fn call(&mut self, call: &ExprCall, expected: Option<&Type>) {
        let Expr::Path(func) = strip(&call.func) else {
            self.visit_expr(&call.func);
            for arg in &call.args {
                self.visit_expr(arg);
            }
            return;
        };
        let Some((segments, span)) = expr_path_segments(func) else {
            for arg in &call.args {
                self.visit_expr(arg);
            }
            return;
        };
        if segments.last().is_some_and(|last| last == ALLOW_ALLOC) {
            return;
        }
        let arg_expected = self.call_site_of_path(call, func, segments, span, expected);
        for arg in &call.args {
            self.expr(arg, arg_expected.as_ref());
        }
    }

    /// The call site of a call of a path; the type its single argument is
    /// expected to have (`Ok(x)` of an expected `Result<T, _>`: `T`). Apart
    /// from [`Walker::call`] as [`Walker::method_site`] is.
    #[inline(never)]
    pub(super) fn call_site_of_path(
        &mut self,
        call: &ExprCall,
        func: &ExprPath,
        segments: Vec<String>,
        span: Span,
        expected: Option<&Type>,
    ) -> Option<Type> {
        let args: Vec<&Expr> = call.args.iter().collect();
        // Only boxes care, and sizing a closure walks its body.
        let boxed = segments.len() >= 2 && segments[segments.len() - 2] == "Box";
        let facts = CallFacts {
            arg_types: args.iter().map(|arg| self.type_of(arg)).collect(),
            first_arg_size: match args.first() {
                Some(arg) if boxed => self.size_of(arg),
                _ => ArgSize::Sized,
            },
            args: Some(args),
            expected,
            ..CallFacts::default()
        };
        let lookup = catalogue_segments(func);
        let arg_expected = match (segments.as_slice(), expected) {
            ([.., variant], Some(ty)) if call.args.len() == 1 && segments.len() <= 2 => {
                match (variant.as_str(), types::shape(ty)) {
                    ("Ok", (0, Base::Result)) | ("Some", (0, Base::Option)) => {
                        types::generic(ty, 0).map(types::copy)
                    }
                    ("Err", (0, _)) => types::result_error(ty),
                    _ => None,
                }
            }
            _ => None,
        };
        let ends = || {
            (
                extent::lead(&call.attrs, || extent::first(&call.func)),
                call.paren_token.span.close(),
            )
        };
        self.call_site(
            CallKind::Path(segments),
            lookup.as_deref(),
            span,
            &facts,
            &ends,
            true,
        );
        arg_expected
    }

    /// A function used as a value, `iter.map(String::from)`, allocates when
    /// called just like a direct call. Only paths of two or more segments
    /// are checked against the catalogue: a single identifier is usually a
    /// local variable.
    ///
    /// Paths used as values are also listed in [`Analysis::calls`], for a
    /// crate-wide checker to follow (`.map(helper)`, `let f = helper;`):
    /// those of two or more segments, and, when the signature is known, a
    /// single snake-case identifier bound nowhere in sight (so an item, not a
    /// local or a parameter).
    ///
    /// [`Analysis::calls`]: crate::Analysis::calls
    pub(super) fn path_value(&mut self, path: &ExprPath) {
        if let Some((segments, span)) = expr_path_segments(path) {
            let lookup = catalogue_segments(path);
            if segments.len() >= 2 || lookup.is_some() {
                self.call_site(
                    CallKind::Path(segments),
                    lookup.as_deref(),
                    span,
                    &CallFacts::default(),
                    &|| extent::ends(path),
                    true,
                );
            } else if self.signature_known
                && path.qself.is_none()
                && let [name] = segments.as_slice()
                && name != "self"
                && name.starts_with(|c: char| c.is_lowercase() || c == '_')
                && matches!(self.scopes.lookup(name), Binding::Unbound)
            {
                let kind = CallKind::Path(segments.clone());
                if self.allow.first(&segments).is_none() && self.deny.first(&segments).is_none() {
                    let certainty = self.call_certainty();
                    self.calls.push(Call {
                        kind,
                        span,
                        certainty,
                        arg_types: Vec::new(),
                    });
                }
            }
        }
    }

    pub(super) fn macro_invocation(&mut self, mac: &Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        if last.ident == ALLOW_ALLOC {
            return;
        }
        let args = macro_args::parse(mac);
        let facts = CallFacts {
            builds_nothing: args.as_ref().is_some_and(|args| args.builds_nothing),
            grows_empty: self.growth_sites.contains(&address(mac)),
            ..CallFacts::default()
        };
        let kind = CallKind::Macro(path_segments(&mac.path));
        let listed = self.calls.len();
        let ends = || {
            let close = match &mac.delimiter {
                syn::MacroDelimiter::Paren(paren) => paren.span.close(),
                syn::MacroDelimiter::Brace(brace) => brace.span.close(),
                syn::MacroDelimiter::Bracket(bracket) => bracket.span.close(),
            };
            (extent::ends(&mac.path).0, close)
        };
        self.call_site(kind, None, last.ident.span(), &facts, &ends, true);
        if self.calls.len() > listed
            && let Some(args) = &args
        {
            // A crate macro is analysed with what its arguments are.
            let arg_types = args
                .evaluated
                .iter()
                .map(|arg| self.type_of(arg).as_ref().map(type_text))
                .collect();
            self.calls[listed].arg_types = arg_types;
        }
        if let Some(args) = args {
            for arg in &args.evaluated {
                self.visit_expr(arg);
            }
            let outer = std::mem::replace(&mut self.on_failure, true);
            for arg in &args.on_failure {
                self.visit_expr(arg);
            }
            self.on_failure = outer;
        }
    }
}

/// `<[T]>::to_vec` is looked up in the catalogue as `slice::to_vec`.
fn catalogue_segments(path: &ExprPath) -> Option<Vec<String>> {
    let qself = path.qself.as_ref()?;
    let (_, ty) = types::peel(&qself.ty);
    if !matches!(ty, Type::Slice(_)) || qself.as_token.is_some() {
        return None;
    }
    let mut segments = vec!["slice".to_owned()];
    segments.extend(
        path.path
            .segments
            .iter()
            .map(|segment| segment.ident.unraw().to_string()),
    );
    Some(segments)
}
