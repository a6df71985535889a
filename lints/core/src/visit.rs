//! The walk over a function body.
//!
//! Only code that runs as part of the body is visited: closures and async
//! blocks are (they are typically run right there), nested items are not
//! (a nested `fn` runs only if called, and then it is the callee's business),
//! nor are types, attributes, patterns other than their guards, and `const`
//! blocks, which are evaluated at compile time.

use crate::Analysis;
use crate::call::{Call, CallKind, expr_path_segments};
use crate::catalogue::{self, Callee, Site, strip};
use crate::finding::{Certainty, Finding, bounds};
use crate::macro_args;
use crate::options::Options;
use crate::path_pattern::{PathPattern, path_segments};
use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{
    Attribute, Expr, ExprCall, ExprConst, ExprMacro, ExprMethodCall, ExprPath, GenericArgument,
    Item, Local, Macro, Pat, PatGuard, StmtMacro, Type,
};

/// The code inside these is exempt: the runtime guard accepts allocations
/// there, so the lint does too.
const ALLOW_ALLOC: &str = "allow_alloc";

pub(crate) struct Walker<'o> {
    options: &'o Options,
    /// Inside an assertion message or `panic!` arguments, which only run on
    /// the way to a crash: findings there are downgraded to possible.
    on_failure: bool,
    findings: Vec<Finding>,
    calls: Vec<Call>,
}

impl<'o> Walker<'o> {
    pub fn new(options: &'o Options) -> Self {
        Walker {
            options,
            on_failure: false,
            findings: Vec::new(),
            calls: Vec::new(),
        }
    }

    pub fn into_analysis(self) -> Analysis {
        Analysis {
            findings: self.findings,
            calls: self.calls,
        }
    }

    /// Checks one call site against `allow`, `deny` and the catalogue, and
    /// records it as a call unless it must not be followed. `listed` is
    /// false for a function used as a value, which is not a call site.
    fn call_site(
        &mut self,
        kind: CallKind,
        span: Span,
        site: &Site,
        node: &dyn ToTokens,
        listed: bool,
    ) {
        let options = self.options;
        let written = kind.segments();
        if options.is_allowed(&written) {
            return;
        }
        if let Some(pattern) = options.denied(&written) {
            self.report_denied(pattern, span, node);
            return;
        }
        let callee = match &kind {
            CallKind::Path(segments) => Callee::Path(segments),
            CallKind::Method(name) => Callee::Method(name),
            CallKind::Macro(segments) => Callee::Macro(segments),
        };
        if let Some(found) = catalogue::lookup(callee, site) {
            if let catalogue::Kind::Path(canonical) = found.entry.kind {
                let canonical: Vec<String> = canonical.iter().map(|s| (*s).to_owned()).collect();
                if options.is_allowed(&canonical) {
                    return;
                }
            }
            self.report(
                Finding {
                    construct: found.construct,
                    certainty: found.certainty,
                    reason: found.entry.reason.to_owned(),
                    suggestion: found.entry.suggestion.to_owned(),
                    lint_name: found.lint_name,
                    span,
                    first: span,
                    last: span,
                },
                node,
            );
        }
        if listed {
            self.calls.push(Call { kind, span });
        }
    }

    fn report_denied(&mut self, pattern: &PathPattern, span: Span, node: &dyn ToTokens) {
        let name = pattern
            .segments()
            .iter()
            .map(|segment| catalogue::snake_case(segment))
            .collect::<Vec<_>>()
            .join("_");
        self.report(
            Finding {
                construct: format!("`{pattern}`"),
                certainty: Certainty::Definite,
                reason: "listed in `deny` as known to allocate".to_owned(),
                suggestion: "call it outside the no-alloc region".to_owned(),
                lint_name: catalogue::lint_name(&name, Certainty::Definite),
                span,
                first: span,
                last: span,
            },
            node,
        );
    }

    /// Applies the downgrade and pedantic filter, and fills in the bounds of
    /// the whole expression.
    fn report(&mut self, mut finding: Finding, node: &dyn ToTokens) {
        if self.on_failure {
            finding.certainty = Certainty::Possible;
        }
        if finding.certainty == Certainty::Possible && !self.options.pedantic {
            return;
        }
        (finding.first, finding.last) = bounds(node, finding.span);
        self.findings.push(finding);
    }

    /// A method call, with the collection type it is collected into when a
    /// `let` annotation says so.
    fn method_call(&mut self, call: &ExprMethodCall, let_type: Option<&Type>) {
        self.visit_expr(&call.receiver);
        let turbofish =
            call.turbofish
                .as_ref()
                .and_then(|turbofish| match turbofish.args.first() {
                    Some(GenericArgument::Type(ty)) => Some(ty),
                    _ => None,
                });
        let site = Site {
            receiver: Some(&call.receiver),
            args: Some(call.args.iter().collect()),
            collect_target: turbofish.or(let_type),
            builds_nothing: false,
        };
        let name = call.method.unraw().to_string();
        self.call_site(
            CallKind::Method(name),
            call.method.span(),
            &site,
            call,
            true,
        );
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn macro_invocation(&mut self, mac: &Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        if last.ident == ALLOW_ALLOC {
            return;
        }
        let args = macro_args::parse(mac);
        let site = Site {
            builds_nothing: args.as_ref().is_some_and(|args| args.builds_nothing),
            ..Site::default()
        };
        let kind = CallKind::Macro(path_segments(&mac.path));
        self.call_site(kind, last.ident.span(), &site, mac, true);
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

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        if let Expr::Path(func) = strip(&call.func)
            && let Some((segments, span)) = expr_path_segments(func)
        {
            if segments.last().is_some_and(|last| last == ALLOW_ALLOC) {
                return;
            }
            let site = Site {
                args: Some(call.args.iter().collect()),
                ..Site::default()
            };
            self.call_site(CallKind::Path(segments), span, &site, call, true);
            for arg in &call.args {
                self.visit_expr(arg);
            }
            return;
        }
        self.visit_expr(&call.func);
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        self.method_call(call, None);
    }

    /// A function used as a value, `iter.map(String::from)`, allocates when
    /// called just like a direct call. Only paths of two or more segments
    /// are checked: a single identifier is usually a local variable.
    fn visit_expr_path(&mut self, path: &'ast ExprPath) {
        if let Some((segments, span)) = expr_path_segments(path)
            && segments.len() >= 2
        {
            self.call_site(
                CallKind::Path(segments),
                span,
                &Site::default(),
                path,
                false,
            );
        }
    }

    fn visit_expr_macro(&mut self, mac: &'ast ExprMacro) {
        self.macro_invocation(&mac.mac);
    }

    fn visit_stmt_macro(&mut self, mac: &'ast StmtMacro) {
        self.macro_invocation(&mac.mac);
    }

    fn visit_local(&mut self, local: &'ast Local) {
        self.visit_pat(&local.pat);
        let Some(init) = &local.init else {
            return;
        };
        let let_type = match &local.pat {
            Pat::Type(pat) => Some(&*pat.ty),
            _ => None,
        };
        match (let_type, strip(&init.expr)) {
            (Some(ty), Expr::MethodCall(call)) if call.method == "collect" => {
                self.method_call(call, Some(ty));
            }
            _ => self.visit_expr(&init.expr),
        }
        if let Some((_else, diverge)) = &init.diverge {
            self.visit_expr(diverge);
        }
    }

    /// Patterns are not code, except for match guards.
    fn visit_pat(&mut self, pat: &'ast Pat) {
        Guards { walker: self }.visit_pat(pat);
    }

    fn visit_item(&mut self, _: &'ast Item) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_type(&mut self, _: &'ast Type) {}
    fn visit_generic_argument(&mut self, _: &'ast GenericArgument) {}
    fn visit_attribute(&mut self, _: &'ast Attribute) {}
}

/// Finds the guards in a pattern and hands them to the walker.
struct Guards<'w, 'o> {
    walker: &'w mut Walker<'o>,
}

impl<'ast> Visit<'ast> for Guards<'_, '_> {
    fn visit_pat_guard(&mut self, guard: &'ast PatGuard) {
        self.visit_pat(&guard.pat);
        self.walker.visit_expr(&guard.guard);
    }

    // The expressions of patterns themselves are constants.
    fn visit_expr(&mut self, _: &'ast Expr) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_expr_lit(&mut self, _: &'ast syn::ExprLit) {}
    fn visit_expr_macro(&mut self, _: &'ast ExprMacro) {}
    fn visit_expr_path(&mut self, _: &'ast ExprPath) {}
    fn visit_expr_range(&mut self, _: &'ast syn::ExprRange) {}
    fn visit_type(&mut self, _: &'ast Type) {}
    fn visit_attribute(&mut self, _: &'ast Attribute) {}
}
