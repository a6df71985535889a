//! The walk over a function body.
//!
//! Only code that runs as part of the body is visited: closures and async
//! blocks are (they are typically run right there), nested items are not
//! (a nested `fn` runs only if called, and then it is the callee's business),
//! nor are types, attributes, patterns other than their guards, and `const`
//! blocks, which are evaluated at compile time.
//!
//! On the way, the walk keeps the bindings in scope with their types where
//! they are known (see [`crate::types`]), the type each expression is
//! expected to have where the context says (a `let` annotation, the return
//! type for the tail and `return` expressions, `Ok(..)` / `Err(..)` /
//! `Some(..)` of those), and the growth sites of collections created empty
//! (see [`crate::growth`]).

use crate::Analysis;
use crate::call::{Call, CallKind, expr_path_segments};
use crate::catalogue::{self, ArgSize, Callee, Site};
use crate::crate_types::{self, CrateContext, CrateTypes, NoCrateTypes};
use crate::depth::MAX_DEPTH;
use crate::extent;
use crate::finding::{Certainty, Finding};
use crate::growth;
use crate::imports::{Imports, Resolved};
use crate::lazy;
use crate::macro_args;
use crate::options::Options;
use crate::path_pattern::{PathPattern, path_segments};
use crate::syntax::{expr_attrs, is_type_like, is_unit, is_zero, strip};
use crate::type_text::type_text;
use crate::types::{self, Base, Binding, Scopes};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::HashSet;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{
    Attribute, BinOp, Block, Expr, ExprBinary, ExprCall, ExprClosure, ExprConst, ExprForLoop,
    ExprIf, ExprMacro, ExprMatch, ExprMethodCall, ExprPath, ExprTry, FnArg, GenericArgument, Item,
    Lit, Local, Macro, Pat, PatGuard, PatIdent, ReturnType, Signature, Stmt, StmtMacro, Type, UnOp,
};

/// The code inside these is exempt: the runtime guard accepts allocations
/// there, so the lint does too.
const ALLOW_ALLOC: &str = "allow_alloc";

const GROW_EMPTY: &str =
    "grows a collection created empty without capacity, so the first element allocates";
const GROW_FIX: &str = "create it with enough capacity before the no-alloc region, or use an array";
const STRING_ADD: &str =
    "appends to the `String`, which reallocates when its capacity is exhausted";
const STRING_ADD_FIX: &str = "`push_str` into a `String` with enough capacity";
const BOX_ERROR: &str = "converts the error into a `Box<dyn Error>`, which boxes it on the heap";
const BOX_ERROR_MAYBE: &str =
    "converts the error into a `Box<dyn Error>`, which boxes it unless it is one already";
const BOX_ERROR_FIX: &str = "return a concrete error type (an enum) instead of `Box<dyn Error>`";

pub(crate) struct Walker<'o> {
    options: &'o Options,
    /// The crate's own types, when a crate-wide checker knows them.
    crate_types: &'o dyn CrateTypes,
    /// The impl's self type, for a method analysed by such a checker.
    self_ty: Option<String>,
    /// Inside an assertion message or `panic!` arguments, which only run on
    /// the way to a crash: findings there are downgraded to possible.
    on_failure: bool,
    /// Inside an argument that runs only sometimes (see [`crate::lazy`]):
    /// findings there are downgraded to possible, and calls are listed as
    /// possible so that a crate-wide checker downgrades what it reaches
    /// through them.
    lazily: bool,
    findings: Vec<Finding>,
    calls: Vec<Call>,
    /// The bindings in scope.
    scopes: Scopes,
    /// The parameters are known, so a name bound nowhere in sight is an
    /// item (a `fn`, a `const`, a `static`), not a local.
    signature_known: bool,
    /// The function's return type, when known.
    returns: Option<Type>,
    /// Depth of closures and async blocks, whose `return` and `?` are
    /// their own.
    nested_body: usize,
    /// Addresses of the syntax nodes that grow a collection created empty,
    /// for the blocks being walked.
    growth_sites: HashSet<usize>,
    /// The predicates of the `#[cfg(..)]` attributes around the code being
    /// walked (a proc macro sees code that the build may remove).
    cfgs: Vec<TokenStream>,
    /// How many expressions and blocks enclose the one being walked.
    depth: usize,
    /// The first expression the walk did not enter, [`MAX_DEPTH`] levels down.
    too_deep: Option<Span>,
    /// Levels of [`Walker::type_of`] and [`Walker::iter_item`] running.
    inference_depth: std::cell::Cell<usize>,
    /// What the `use` items and items of the blocks being walked make of
    /// names: `Vec` after `use heapless::Vec;` is not std's.
    imports: Imports,
}

/// How far [`Walker::type_of`] follows a chain (`x.iter().rev().copied()`).
const INFERENCE_DEPTH: usize = 32;

impl<'o> Walker<'o> {
    pub fn new(options: &'o Options) -> Self {
        Walker {
            options,
            crate_types: &NoCrateTypes,
            self_ty: None,
            on_failure: false,
            lazily: false,
            findings: Vec::new(),
            calls: Vec::new(),
            scopes: Scopes::default(),
            signature_known: false,
            returns: None,
            nested_body: 0,
            growth_sites: HashSet::new(),
            cfgs: Vec::new(),
            depth: 0,
            too_deep: None,
            inference_depth: std::cell::Cell::new(0),
            imports: Imports::default(),
        }
    }

    /// A walker for the body of a function with this signature: the
    /// parameters are in scope with their types, and the return type is
    /// what the body's value and `return` expressions are expected to be.
    pub fn with_signature(options: &'o Options, sig: &Signature) -> Self {
        Walker::in_crate(
            options,
            sig,
            &CrateContext {
                self_ty: None,
                types: &NoCrateTypes,
            },
        )
    }

    /// A walker for the body of a function of a crate whose types are
    /// known: `self` has its type, and fields of the crate's structs theirs.
    pub fn in_crate(options: &'o Options, sig: &Signature, context: &CrateContext<'o>) -> Self {
        let mut walker = Walker::new(options);
        walker.crate_types = context.types;
        walker.self_ty = context.self_ty.map(str::to_owned);
        walker.signature_known = true;
        walker.scopes.push();
        for input in &sig.inputs {
            match input {
                FnArg::Receiver(receiver) => {
                    let ty = walker
                        .self_ty
                        .as_ref()
                        .and_then(|_| receiver_type(receiver));
                    walker.scopes.bind("self".to_owned(), ty);
                }
                FnArg::Typed(typed) => walker.bind_pat(&typed.pat, Some(&typed.ty)),
            }
        }
        if let Some(variadic) = &sig.variadic
            && let Some((pat, _)) = &variadic.pat
        {
            walker.bind_pat(pat, None);
        }
        if let ReturnType::Type(_, ty) = &sig.output {
            walker.returns = Some(types::copy(ty));
        }
        walker
    }

    /// Walks a function body, whose value is the function's return value.
    pub fn body(&mut self, block: &Block) {
        let returns = self.returns.as_ref().map(types::copy);
        self.block(block, returns.as_ref());
    }

    pub fn into_analysis(self) -> Analysis {
        Analysis {
            findings: self.findings,
            calls: self.calls,
            too_deep: self.too_deep,
        }
    }

    /// Checks one call site against `allow`, `deny` and the catalogue, and
    /// records it as a call unless it must not be followed. `listed` is
    /// false for a function used as a value, which is not a call site.
    /// `lookup` replaces the written path for the catalogue lookup
    /// (`<[T]>::to_vec` is looked up as `slice::to_vec`).
    fn call_site(
        &mut self,
        kind: CallKind,
        lookup: Option<&[String]>,
        span: Span,
        site: &Site,
        node: &dyn Fn() -> (Span, Span),
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
        if let Some(found) = catalogue::lookup(callee, site) {
            if let catalogue::Kind::Path(canonical) = found.entry.kind {
                let canonical: Vec<String> = canonical.iter().map(|s| (*s).to_owned()).collect();
                if options.is_allowed(&canonical) {
                    return;
                }
            }
            let mut finding = Finding {
                construct: found.construct,
                certainty: found.certainty,
                reason: found.entry.reason.to_owned(),
                suggestion: found.entry.suggestion.to_owned(),
                lint_name: found.lint_name,
                span,
                first: span,
                last: span,
                cfg: Vec::new(),
            };
            // A glob import from another crate may have brought the name.
            if resolved == Resolved::Maybe {
                finding.downgrade();
            }
            self.report(finding, node);
        }
        if listed {
            let certainty = self.call_certainty();
            let arg_types = site
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
    fn runs_always(&self) -> bool {
        !self.on_failure && !self.lazily
    }

    /// How sure it is that a call site here is reached when the body runs.
    fn call_certainty(&self) -> Certainty {
        if self.runs_always() {
            Certainty::Definite
        } else {
            Certainty::Possible
        }
    }

    fn report_denied(
        &mut self,
        pattern: &PathPattern,
        span: Span,
        node: &dyn Fn() -> (Span, Span),
    ) {
        self.report(Finding::denied(pattern, span, Certainty::Definite), node);
    }

    /// A finding for a construct that is not a call: an operator.
    #[allow(clippy::too_many_arguments)]
    fn report_operator(
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
                lint_name: crate::finding::lint_name(name, certainty),
                span,
                first: span,
                last: span,
                cfg: Vec::new(),
            },
            node,
        );
    }

    /// Applies the downgrade and pedantic filter, and fills in the bounds of
    /// the whole expression.
    fn report(&mut self, mut finding: Finding, node: &dyn Fn() -> (Span, Span)) {
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

    // -----------------------------------------------------------------------
    // The walk.

    /// An expression whose value the context expects to be of type
    /// `expected`, if known.
    fn expr(&mut self, expr: &Expr, expected: Option<&Type>) {
        if !self.descend(|| extent::first(expr)) {
            return;
        }
        let mark = self.enter_cfgs(expr_attrs(expr));
        self.expr_kind(expr, expected);
        self.cfgs.truncate(mark);
        self.depth -= 1;
    }

    /// Enters one more level of nesting; `false`, with the place noted,
    /// when that would be deeper than [`MAX_DEPTH`]. The caller that got
    /// `true` leaves the level with `self.depth -= 1`.
    fn descend(&mut self, place: impl FnOnce() -> Span) -> bool {
        if self.depth >= MAX_DEPTH {
            if self.too_deep.is_none() {
                self.too_deep = Some(place());
            }
            return false;
        }
        self.depth += 1;
        true
    }

    /// Pushes the predicates of `attrs`' `#[cfg(..)]`s; returns what to
    /// truncate the stack to afterwards.
    fn enter_cfgs(&mut self, attrs: &[Attribute]) -> usize {
        let mark = self.cfgs.len();
        for attr in attrs {
            if attr.path().is_ident("cfg")
                && let Ok(list) = attr.meta.require_list()
            {
                self.cfgs.push(list.tokens.clone());
            }
        }
        mark
    }

    fn expr_kind(&mut self, expr: &Expr, expected: Option<&Type>) {
        match expr {
            Expr::Paren(paren) => self.expr(&paren.expr, expected),
            Expr::Group(group) => self.expr(&group.expr, expected),
            Expr::Block(block) => self.block(&block.block, expected),
            Expr::Unsafe(block) => self.block(&block.block, expected),
            Expr::If(expr_if) => self.expr_if(expr_if, expected),
            Expr::Match(expr_match) => self.expr_match(expr_match, expected),
            Expr::MethodCall(call) => self.method_call(call, expected),
            Expr::Call(call) => self.call(call, expected),
            Expr::Path(path) => self.path_value(path),
            Expr::Macro(mac) => self.macro_invocation(&mac.mac),
            Expr::Closure(closure) => self.closure(closure, &[]),
            Expr::Async(block) => {
                self.nested_body += 1;
                self.block(&block.block, None);
                self.nested_body -= 1;
            }
            Expr::Return(ret) => {
                if let Some(value) = &ret.expr {
                    let returns = self.own_return_type();
                    self.expr(value, returns.as_ref());
                }
            }
            Expr::Try(expr_try) => self.try_expr(expr_try, expected),
            Expr::ForLoop(for_loop) => self.for_loop(for_loop),
            Expr::While(while_loop) => {
                self.scopes.push();
                self.expr(&while_loop.cond, None);
                self.block(&while_loop.body, None);
                self.scopes.pop();
            }
            Expr::Let(expr_let) => {
                self.expr(&expr_let.expr, None);
                let ty = self.type_of(&expr_let.expr);
                self.bind_pat(&expr_let.pat, ty.as_ref());
                self.visit_pat(&expr_let.pat);
            }
            Expr::Binary(binary) => self.binary(binary),
            // `place = value`: the value is expected to be of the place's
            // type (`self.name = name.into()` where `name: String`).
            Expr::Assign(assign) => {
                self.expr(&assign.left, None);
                let place = self.type_of(&assign.left);
                self.expr(&assign.right, place.as_ref());
            }
            Expr::Const(_) => {}
            _ => syn::visit::visit_expr(self, expr),
        }
    }

    /// A block, whose value (its tail expression) is expected to be of type
    /// `expected`, if known.
    fn block(&mut self, block: &Block, expected: Option<&Type>) {
        if !self.descend(|| block.brace_token.span.open()) {
            return;
        }
        self.scopes.push();
        self.imports.push(&block.stmts);
        let sites = growth::scan(&block.stmts, &|name| self.imports.shadows(name));
        self.growth_sites.extend(&sites);
        let last = block.stmts.len().wrapping_sub(1);
        for (index, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                Stmt::Expr(expr, None) if index == last => self.expr(expr, expected),
                _ => self.visit_stmt(stmt),
            }
        }
        for site in sites {
            self.growth_sites.remove(&site);
        }
        self.imports.pop();
        self.scopes.pop();
        self.depth -= 1;
    }

    fn local(&mut self, local: &Local) {
        let mark = self.enter_cfgs(&local.attrs);
        self.local_unconditional(local);
        self.cfgs.truncate(mark);
    }

    fn local_unconditional(&mut self, local: &Local) {
        self.visit_pat(&local.pat);
        let annotation = match &local.pat {
            Pat::Type(pat) => self.known_type(&pat.ty),
            _ => None,
        };
        let mut inferred = None;
        if let Some(init) = &local.init {
            self.expr(&init.expr, annotation);
            if annotation.is_none() {
                inferred = self.type_of(&init.expr);
            }
            if let Some((_, diverge)) = &init.diverge {
                self.expr(diverge, None);
            }
        }
        self.bind_pat(&local.pat, inferred.as_ref());
    }

    fn expr_if(&mut self, expr_if: &ExprIf, expected: Option<&Type>) {
        self.scopes.push();
        self.expr(&expr_if.cond, None);
        self.block(&expr_if.then_branch, expected);
        self.scopes.pop();
        if let Some((_, otherwise)) = &expr_if.else_branch {
            self.expr(otherwise, expected);
        }
    }

    fn expr_match(&mut self, expr_match: &ExprMatch, expected: Option<&Type>) {
        self.expr(&expr_match.expr, None);
        let scrutinee = self.type_of(&expr_match.expr);
        for arm in &expr_match.arms {
            let mark = self.enter_cfgs(&arm.attrs);
            self.scopes.push();
            self.bind_pat(&arm.pat, scrutinee.as_ref());
            self.visit_pat(&arm.pat);
            self.expr(&arm.body, expected);
            self.scopes.pop();
            self.cfgs.truncate(mark);
        }
    }

    fn for_loop(&mut self, for_loop: &ExprForLoop) {
        self.expr(&for_loop.expr, None);
        let item = self.iter_item(&for_loop.expr);
        self.scopes.push();
        self.visit_pat(&for_loop.pat);
        self.bind_pat(&for_loop.pat, item.as_ref());
        self.block(&for_loop.body, None);
        self.scopes.pop();
    }

    /// A closure, whose parameters have the types in `hints` where the
    /// method it is passed to says.
    fn closure(&mut self, closure: &ExprClosure, hints: &[Option<Type>]) {
        self.scopes.push();
        for (index, input) in closure.inputs.iter().enumerate() {
            self.bind_pat(input, hints.get(index).and_then(Option::as_ref));
        }
        self.nested_body += 1;
        self.expr(&closure.body, None);
        self.nested_body -= 1;
        self.scopes.pop();
    }

    /// The return type that a `return` or `?` here refers to: the
    /// function's, unless inside a closure or an async block.
    fn own_return_type(&self) -> Option<Type> {
        if self.nested_body == 0 {
            self.returns.as_ref().map(types::copy)
        } else {
            None
        }
    }

    /// A method call, with the type its value is expected to have.
    fn method_call(&mut self, call: &ExprMethodCall, expected: Option<&Type>) {
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
    fn method_site(
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
        let site = Site {
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
                lead(&call.attrs, || extent::first(&call.receiver)),
                call.paren_token.span.close(),
            )
        };
        self.call_site(
            CallKind::Method(name),
            None,
            call.method.span(),
            &site,
            &ends,
            true,
        );
        self.closure_hints(call, site.receiver_type.as_ref())
    }

    /// A call, with the type its value is expected to have: `Ok(x)`,
    /// `Err(x)` and `Some(x)` pass it on to `x`.
    fn call(&mut self, call: &ExprCall, expected: Option<&Type>) {
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
    fn call_site_of_path(
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
        let site = Site {
            arg_types: args.iter().map(|arg| self.type_of(arg)).collect(),
            first_arg_size: match args.first() {
                Some(arg) if boxed => self.size_of(arg),
                _ => ArgSize::Sized,
            },
            args: Some(args),
            expected,
            ..Site::default()
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
                lead(&call.attrs, || extent::first(&call.func)),
                call.paren_token.span.close(),
            )
        };
        self.call_site(
            CallKind::Path(segments),
            lookup.as_deref(),
            span,
            &site,
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
    fn path_value(&mut self, path: &ExprPath) {
        if let Some((segments, span)) = expr_path_segments(path) {
            let lookup = catalogue_segments(path);
            if segments.len() >= 2 || lookup.is_some() {
                self.call_site(
                    CallKind::Path(segments),
                    lookup.as_deref(),
                    span,
                    &Site::default(),
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
                if !self.options.is_allowed(&segments) && self.options.denied(&segments).is_none() {
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

    /// `?`: in a function returning `Result<_, Box<dyn Error>>`, the error
    /// is boxed unless it is a `Box<dyn Error>` already.
    fn try_expr(&mut self, expr_try: &ExprTry, expected: Option<&Type>) {
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
                    lead(&expr_try.attrs, || extent::first(&expr_try.expr)),
                    expr_try.question_token.spans[0],
                )
            },
        );
    }

    /// Whether the error of the fallible `expr` is known to be a
    /// non-zero-sized value that is not a `Box` already: a std parse error
    /// (`s.parse::<u16>()`, or `s.parse()` whose result is expected to be a
    /// `u16`), or text (`Err("message")`, `opt.ok_or("message")`).
    fn error_is_sized(&self, expr: &Expr, expected: Option<&Type>) -> bool {
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
    fn binary(&mut self, binary: &ExprBinary) {
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
                    lead(&binary.attrs, || extent::first(&binary.left)),
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
            grows_empty: self.growth_sites.contains(&address(mac)),
            ..Site::default()
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
        self.call_site(kind, None, last.ident.span(), &site, &ends, true);
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

    /// A macro in statement position may expand to `let` bindings of the
    /// names it is given: they hide whatever was known of those names.
    fn shadow_macro_bindings(&mut self, mac: &Macro) {
        let std = mac
            .path
            .segments
            .last()
            .is_some_and(|last| macro_args::is_std(&last.ident.to_string()));
        if !std {
            let mut names = Vec::new();
            idents(mac.tokens.clone(), &mut names);
            for name in names {
                if !name.starts_with(char::is_uppercase) {
                    self.scopes.bind(name, None);
                }
            }
        }
    }

    // -----------------------------------------------------------------------
    // Bindings and types.

    /// Binds the names of a pattern matched against a value of type `ty`,
    /// with their types where they follow.
    fn bind_pat(&mut self, pat: &Pat, ty: Option<&Type>) {
        // Patterns nest by recursion too; deeper than the walk goes, their
        // names stay unbound (unknown).
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.bind_pat_kind(pat, ty);
        self.depth -= 1;
    }

    fn bind_pat_kind(&mut self, pat: &Pat, ty: Option<&Type>) {
        match pat {
            Pat::Type(typed) => self.bind_pat(&typed.pat, self.known_type(&typed.ty)),
            Pat::Ident(ident) => {
                let bound = match (&ident.by_ref, ty) {
                    (None, ty) => ty.map(types::copy),
                    (Some(_), Some(ty)) => Some(types::reference(
                        types::copy(ty),
                        ident.mutability.is_some(),
                    )),
                    (Some(_), None) => None,
                };
                self.scopes.bind(ident.ident.unraw().to_string(), bound);
                if let Some((_, subpat)) = &ident.subpat {
                    self.bind_pat(subpat, ty);
                }
            }
            Pat::Paren(paren) => self.bind_pat(&paren.pat, ty),
            Pat::Guard(guard) => self.bind_pat(&guard.pat, ty),
            Pat::Reference(reference) => {
                let inner = ty.and_then(types::deref);
                self.bind_pat(&reference.pat, inner.as_ref());
            }
            Pat::Tuple(tuple) => {
                let elems: Option<Vec<&Type>> = match ty.map(types::peel) {
                    Some((0, Type::Tuple(types)))
                        if types.elems.len() == tuple.elems.len()
                            && !tuple.elems.iter().any(|pat| matches!(pat, Pat::Rest(_))) =>
                    {
                        Some(types.elems.iter().collect())
                    }
                    _ => None,
                };
                for (index, pat) in tuple.elems.iter().enumerate() {
                    self.bind_pat(pat, elems.as_ref().map(|elems| elems[index]));
                }
            }
            Pat::TupleStruct(tuple) if tuple.elems.len() == 1 && tuple.qself.is_none() => {
                let variant = tuple
                    .path
                    .segments
                    .last()
                    .map(|last| last.ident.to_string());
                let inner = ty.and_then(|ty| match (variant.as_deref(), types::shape(ty)) {
                    (Some("Some"), (0, Base::Option)) | (Some("Ok"), (0, Base::Result)) => {
                        types::generic(ty, 0).map(types::copy)
                    }
                    (Some("Err"), (0, Base::Result)) => types::generic(ty, 1).map(types::copy),
                    _ => None,
                });
                self.bind_pat(&tuple.elems[0], inner.as_ref());
            }
            Pat::Or(or) => {
                for case in &or.cases {
                    self.bind_pat(case, ty);
                }
            }
            _ => {
                let mut names = PatNames {
                    names: Vec::new(),
                    depth: self.depth,
                };
                names.visit_pat(pat);
                for name in names.names {
                    self.scopes.bind(name, None);
                }
            }
        }
    }

    /// The type of an expression, when it is evident.
    fn type_of(&self, expr: &Expr) -> Option<Type> {
        self.inferring(|| self.type_of_kind(expr))
    }

    /// Runs one level of the recursive type inference ([`Walker::type_of`],
    /// [`Walker::iter_item`]): a chain of [`INFERENCE_DEPTH`] method calls
    /// or references is as far as a type is followed.
    fn inferring(&self, infer: impl FnOnce() -> Option<Type>) -> Option<Type> {
        let depth = self.inference_depth.get();
        if depth >= INFERENCE_DEPTH {
            return None;
        }
        self.inference_depth.set(depth + 1);
        let ty = infer();
        self.inference_depth.set(depth);
        ty
    }

    fn type_of_kind(&self, expr: &Expr) -> Option<Type> {
        match strip(expr) {
            Expr::Lit(lit) => types::literal(&lit.lit),
            expr @ Expr::Path(_) => match self.scopes.lookup(&types::local_name(expr)?) {
                Binding::Known(ty) => Some(types::copy(ty)),
                _ => None,
            },
            Expr::Reference(reference) => Some(types::reference(
                self.type_of(&reference.expr)?,
                reference.mutability.is_some(),
            )),
            Expr::Unary(unary) if matches!(unary.op, UnOp::Deref(_)) => {
                types::deref(&self.type_of(&unary.expr)?)
            }
            Expr::Index(index) if matches!(strip(&index.index), Expr::Range(_)) => {
                let indexed = self.type_of(&index.expr)?;
                match types::shape(&indexed).1 {
                    Base::Str | Base::String => Some(types::parse("str")),
                    Base::Slice | Base::Array | Base::Vec => {
                        let element = types::element(&indexed)?;
                        Some(types::parse(&format!("[{}]", element.to_token_stream())))
                    }
                    _ => None,
                }
            }
            Expr::MethodCall(call) => self.method_type(call),
            Expr::Field(field) => self.field_type(field),
            Expr::Macro(mac) => {
                let last = mac.mac.path.segments.last()?;
                if self
                    .imports
                    .shadows(&mac.mac.path.segments.first()?.ident.to_string())
                {
                    return None;
                }
                match last.ident.to_string().as_str() {
                    "format" => Some(types::parse("String")),
                    "vec" => Some(types::parse("Vec<_>")),
                    _ => None,
                }
            }
            Expr::Call(call) => {
                let Expr::Path(func) = strip(&call.func) else {
                    return None;
                };
                let (segments, _) = expr_path_segments(func)?;
                if self.imports.shadows(segments.first()?) {
                    return None;
                }
                match segments.as_slice() {
                    [.., ty, function] => match (ty.as_str(), function.as_str()) {
                        ("String", "new" | "from" | "with_capacity" | "from_utf16_lossy") => {
                            Some(types::parse("String"))
                        }
                        ("Vec", "new" | "with_capacity") => Some(types::parse("Vec<_>")),
                        ("PathBuf", "new" | "from" | "with_capacity") => {
                            Some(types::parse("PathBuf"))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            }
            Expr::Try(expr_try) => match strip(&expr_try.expr) {
                Expr::MethodCall(call) if call.method == "to_str" => Some(types::parse("&str")),
                // `x?` of an `Option<T>` or a `Result<T, E>` is a `T`.
                inner => {
                    let fallible = self.type_of(inner)?;
                    match types::shape(&fallible) {
                        (0, Base::Option | Base::Result) => {
                            types::generic(&fallible, 0).map(types::copy)
                        }
                        _ => None,
                    }
                }
            },
            _ => None,
        }
    }

    /// A type written in the body, unless the body's imports or items may
    /// have taken one of its names from std: then nothing is known of it.
    fn known_type<'t>(&self, ty: &'t Type) -> Option<&'t Type> {
        (!self.imports.shadows_type(ty)).then_some(ty)
    }

    /// Whether `clone()` of a value of this type allocates, crate structs
    /// that derive `Clone` included.
    fn clone_allocates(&self, ty: &Type) -> bool {
        let context = CrateContext {
            self_ty: self.self_ty.as_deref(),
            types: self.crate_types,
        };
        crate_types::clone_allocates(ty, &context, crate_types::CLONE_DEPTH)
    }

    /// The type of a field of a crate struct, or of a tuple: `self.name`
    /// where `name: String`, `pair.0` of a `(&str, u8)`.
    fn field_type(&self, field: &syn::ExprField) -> Option<Type> {
        let base = self.type_of(&field.base)?;
        let (_, inner) = types::peel(&base);
        match (&field.member, inner) {
            (syn::Member::Unnamed(index), Type::Tuple(tuple)) => tuple
                .elems
                .iter()
                .nth(index.index as usize)
                .map(types::copy),
            (member, _) => {
                let owner = crate_types::crate_type_name(inner, self.self_ty.as_deref())?;
                let name = match member {
                    syn::Member::Named(name) => name.unraw().to_string(),
                    syn::Member::Unnamed(index) => index.index.to_string(),
                };
                self.crate_types.field(&owner, &name).map(types::copy)
            }
        }
    }

    /// The type of a method call's value, for the few methods whose result
    /// type is evident.
    fn method_type(&self, call: &ExprMethodCall) -> Option<Type> {
        let method = call.method.to_string();
        let receiver = self.type_of(&call.receiver);
        let base = receiver.as_ref().map(|ty| types::shape(ty).1);
        let text = base.is_some_and(types::is_text);
        match method.as_str() {
            "trim" | "trim_start" | "trim_end" | "trim_matches" | "trim_start_matches"
            | "trim_end_matches" | "trim_ascii"
                if base.is_none_or(types::is_text) =>
            {
                Some(types::parse("&str"))
            }
            "as_str" => Some(types::parse("&str")),
            "to_string" => Some(types::parse("String")),
            "to_owned" | "to_lowercase" | "to_uppercase" | "to_ascii_lowercase"
            | "to_ascii_uppercase" | "repeat" | "replace" | "replacen"
                if text =>
            {
                Some(types::parse("String"))
            }
            "to_vec" => Some(match receiver.as_ref().and_then(types::element) {
                Some(element) => types::parse(&format!("Vec<{}>", element.to_token_stream())),
                None => types::parse("Vec<_>"),
            }),
            "split_once" | "rsplit_once" if text => Some(types::parse("Option<(&str, &str)>")),
            // `Option<T>` to `Result<T, _>`.
            "ok_or" | "ok_or_else" => {
                let receiver = receiver?;
                if types::shape(&receiver) != (0, Base::Option) {
                    return None;
                }
                let inner = types::generic(&receiver, 0)?;
                Some(types::parse(&format!(
                    "Result<{}, _>",
                    inner.to_token_stream()
                )))
            }
            "to_path_buf" => Some(types::parse("PathBuf")),
            "as_path" => Some(types::parse("&Path")),
            "to_os_string" => Some(types::parse("OsString")),
            "as_os_str" => Some(types::parse("&OsStr")),
            "clone" => {
                let receiver = receiver?;
                let (refs, inner) = types::peel(&receiver);
                match refs {
                    0 => Some(types::copy(&receiver)),
                    1 if !matches!(
                        types::base(inner),
                        Base::Str
                            | Base::Slice
                            | Base::Path
                            | Base::OsStr
                            | Base::CStr
                            | Base::Other
                    ) =>
                    {
                        Some(types::copy(inner))
                    }
                    _ => types::deref(&receiver).filter(|_| refs >= 2),
                }
            }
            "unwrap" | "expect" => {
                if let Expr::MethodCall(inner) = strip(&call.receiver)
                    && inner.method == "to_str"
                {
                    return Some(types::parse("&str"));
                }
                let receiver = receiver?;
                match types::shape(&receiver) {
                    (0, Base::Option | Base::Result) => {
                        types::generic(&receiver, 0).map(types::copy)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The type of the items of an iterable: what a `for` loop binds.
    fn iter_item(&self, expr: &Expr) -> Option<Type> {
        self.inferring(|| self.iter_item_kind(expr))
    }

    fn iter_item_kind(&self, expr: &Expr) -> Option<Type> {
        if let Some(ty) = self.type_of(expr) {
            let (refs, base) = types::shape(&ty);
            let mutable = is_mut_reference(&ty);
            return match (refs, base) {
                (0, Base::Vec | Base::VecDeque | Base::Array) => {
                    types::element(&ty).map(types::copy)
                }
                (1, Base::Vec | Base::VecDeque | Base::Array | Base::Slice) => types::element(&ty)
                    .map(|element| types::reference(types::copy(element), mutable)),
                (0, Base::Option) => types::generic(&ty, 0).map(types::copy),
                _ => None,
            };
        }
        let Expr::MethodCall(call) = strip(expr) else {
            return None;
        };
        let method = call.method.to_string();
        let receiver = self.type_of(&call.receiver);
        let receiver_base = receiver.as_ref().map(|ty| types::shape(ty).1);
        let slice_like = receiver_base.is_some_and(|base| {
            matches!(base, Base::Vec | Base::VecDeque | Base::Array | Base::Slice)
        });
        let text = receiver_base.is_some_and(types::is_text);
        match method.as_str() {
            "iter" | "iter_mut" if slice_like => {
                let element = types::element(receiver.as_ref()?)?;
                Some(types::reference(types::copy(element), method == "iter_mut"))
            }
            "into_iter" => self.iter_item(&call.receiver),
            "copied" | "cloned" => types::deref(&self.iter_item(&call.receiver)?),
            "filter" | "rev" | "skip" | "take" | "skip_while" | "take_while" | "inspect"
            | "peekable" | "fuse" | "step_by" | "by_ref" => self.iter_item(&call.receiver),
            "enumerate" => {
                let item = self.iter_item(&call.receiver)?;
                Some(types::parse(&format!(
                    "(usize, {})",
                    item.to_token_stream()
                )))
            }
            "chars" if text => Some(types::parse("char")),
            "bytes" if text => Some(types::parse("u8")),
            "split_whitespace"
            | "split_ascii_whitespace"
            | "lines"
            | "split"
            | "rsplit"
            | "split_terminator"
            | "splitn"
            | "rsplitn"
                if text =>
            {
                Some(types::parse("&str"))
            }
            _ => None,
        }
    }

    /// The types of the parameters of the closure passed to a method, where
    /// the receiver says: `opt.map(|x| ..)` on an `Option<&str>` gives `x` a
    /// `&str`, `v.iter().filter(|x| ..)` on a `&[u8]` gives `x` a `&&u8`.
    /// The closure's position among the arguments, and the types.
    fn closure_hints(
        &self,
        call: &ExprMethodCall,
        receiver: Option<&Type>,
    ) -> Option<(usize, Vec<Option<Type>>)> {
        let method = call.method.to_string();
        let borrowed = |ty: &Type| types::reference(types::copy(ty), false);
        if let Some(receiver) = receiver {
            let (refs, base) = types::shape(receiver);
            if (refs, base) == (0, Base::Option) {
                let inner = types::generic(receiver, 0)?;
                return match method.as_str() {
                    "map" | "and_then" | "is_some_and" | "is_none_or" => {
                        Some((0, vec![Some(types::copy(inner))]))
                    }
                    "map_or" | "map_or_else" => Some((1, vec![Some(types::copy(inner))])),
                    "filter" | "inspect" => Some((0, vec![Some(borrowed(inner))])),
                    _ => None,
                };
            }
            if matches!(base, Base::Vec | Base::VecDeque | Base::Array | Base::Slice) {
                let element = types::element(receiver)?;
                return match method.as_str() {
                    "sort_by_key" | "sort_by_cached_key" | "sort_unstable_by_key" | "retain" => {
                        Some((0, vec![Some(borrowed(element))]))
                    }
                    "sort_by" | "sort_unstable_by" => {
                        Some((0, vec![Some(borrowed(element)), Some(borrowed(element))]))
                    }
                    _ => None,
                };
            }
            return None;
        }
        let item = self.iter_item(&call.receiver)?;
        match method.as_str() {
            "map" | "for_each" | "any" | "all" | "position" | "filter_map" | "flat_map"
            | "find_map" => Some((0, vec![Some(item)])),
            "filter" | "find" | "take_while" | "skip_while" | "inspect" => {
                Some((0, vec![Some(borrowed(&item))]))
            }
            "fold" => Some((1, vec![None, Some(item)])),
            _ => None,
        }
    }

    /// Whether a value is obviously zero-sized: boxing it does not allocate.
    fn size_of(&self, expr: &Expr) -> ArgSize {
        match strip(expr) {
            _ if is_unit(expr) => ArgSize::ZeroSized,
            Expr::Repeat(repeat) if is_zero(&repeat.len) => ArgSize::ZeroSized,
            Expr::Struct(lit) if lit.fields.is_empty() && lit.rest.is_none() => ArgSize::ZeroSized,
            Expr::Closure(closure) => {
                if self.captures(closure) {
                    ArgSize::Sized
                } else {
                    ArgSize::ZeroSized
                }
            }
            Expr::Path(path) if path.qself.is_none() => {
                let segments: Vec<String> = path
                    .path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect();
                match segments.as_slice() {
                    // `Bypass`, `effects::Bypass`: maybe a unit struct.
                    [.., last]
                        if is_type_like(last)
                            && (segments.len() == 1
                                || !is_type_like(&segments[segments.len() - 2])) =>
                    {
                        ArgSize::MaybeZeroSized
                    }
                    _ => ArgSize::Sized,
                }
            }
            Expr::Call(call) if call.args.is_empty() => match strip(&call.func) {
                Expr::Path(path)
                    if path
                        .path
                        .segments
                        .last()
                        .is_some_and(|last| is_type_like(&last.ident.to_string())) =>
                {
                    ArgSize::MaybeZeroSized
                }
                _ => ArgSize::Sized,
            },
            _ => ArgSize::Sized,
        }
    }

    /// Whether a closure captures anything: uses `self` or a local binding
    /// from outside. A closure that captures nothing is zero-sized.
    ///
    /// Names starting with an uppercase letter are types, variants or
    /// constants. A name bound nowhere in sight is an item when the
    /// parameters are known; otherwise it may be a parameter, unless it is
    /// called (`helper(x)` is far more often a function).
    fn captures(&self, closure: &ExprClosure) -> bool {
        let mut idents = Idents::default();
        for input in &closure.inputs {
            idents.visit_pat(input);
        }
        idents.visit_expr(&closure.body);
        // What was not seen may capture.
        if idents.uses_self || idents.too_deep {
            return true;
        }
        let captured = |name: &String, called: bool| {
            if idents.own.contains(name) || name.starts_with(char::is_uppercase) {
                return false;
            }
            match self.scopes.lookup(name) {
                Binding::Known(_) | Binding::Unknown => true,
                Binding::Unbound => !self.signature_known && !called,
            }
        };
        idents.used.iter().any(|name| captured(name, false))
            || idents.called.iter().any(|name| captured(name, true))
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        self.expr(expr, None);
    }

    fn visit_block(&mut self, block: &'ast Block) {
        self.block(block, None);
    }

    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        self.call(call, None);
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        self.method_call(call, None);
    }

    fn visit_expr_path(&mut self, path: &'ast ExprPath) {
        self.path_value(path);
    }

    fn visit_expr_macro(&mut self, mac: &'ast ExprMacro) {
        self.macro_invocation(&mac.mac);
    }

    fn visit_stmt_macro(&mut self, mac: &'ast StmtMacro) {
        let mark = self.enter_cfgs(&mac.attrs);
        self.macro_invocation(&mac.mac);
        self.cfgs.truncate(mark);
        self.shadow_macro_bindings(&mac.mac);
    }

    fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
        let mark = self.enter_cfgs(&field.attrs);
        self.expr(&field.expr, None);
        self.cfgs.truncate(mark);
    }

    fn visit_local(&mut self, local: &'ast Local) {
        self.local(local);
    }

    /// Patterns are not code, except for match guards.
    fn visit_pat(&mut self, pat: &'ast Pat) {
        let depth = self.depth;
        Guards {
            walker: self,
            depth,
        }
        .visit_pat(pat);
    }

    fn visit_item(&mut self, _: &'ast Item) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_type(&mut self, _: &'ast Type) {}
    fn visit_generic_argument(&mut self, _: &'ast GenericArgument) {}
    fn visit_attribute(&mut self, _: &'ast Attribute) {}
}

/// The first token of a node: its first outer attribute's `#`, else what
/// `otherwise` finds.
fn lead(attrs: &[Attribute], otherwise: impl FnOnce() -> Span) -> Span {
    attrs
        .first()
        .map_or_else(otherwise, |attr| attr.pound_token.spans[0])
}

/// Finds the guards in a pattern and hands them to the walker.
struct Guards<'w, 'o> {
    walker: &'w mut Walker<'o>,
    /// Levels of nesting, the walk's included.
    depth: usize,
}

impl<'ast> Visit<'ast> for Guards<'_, '_> {
    fn visit_pat(&mut self, pat: &'ast Pat) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_pat(self, pat);
            self.depth -= 1;
        }
    }

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

/// The names a pattern binds.
struct PatNames {
    names: Vec<String>,
    /// Levels of nesting, the walk's included.
    depth: usize,
}

impl<'ast> Visit<'ast> for PatNames {
    fn visit_pat(&mut self, pat: &'ast Pat) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_pat(self, pat);
            self.depth -= 1;
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        self.names.push(pat.ident.unraw().to_string());
        syn::visit::visit_pat_ident(self, pat);
    }

    fn visit_expr(&mut self, _: &'ast Expr) {}
    fn visit_type(&mut self, _: &'ast Type) {}
}

/// The names a closure binds and uses.
#[derive(Default)]
struct Idents {
    own: HashSet<String>,
    used: Vec<String>,
    called: Vec<String>,
    uses_self: bool,
    /// Levels of nesting inside the closure.
    depth: usize,
    /// The closure nests deeper than [`MAX_DEPTH`]: not all of it was seen.
    too_deep: bool,
}

impl Idents {
    fn use_name(&mut self, name: String) {
        if name == "self" {
            self.uses_self = true;
        } else {
            self.used.push(name);
        }
    }
}

impl<'ast> Visit<'ast> for Idents {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_expr(self, expr);
            self.depth -= 1;
        } else {
            self.too_deep = true;
        }
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            syn::visit::visit_pat(self, pat);
            self.depth -= 1;
        } else {
            self.too_deep = true;
        }
    }

    fn visit_pat_ident(&mut self, pat: &'ast PatIdent) {
        self.own.insert(pat.ident.unraw().to_string());
        syn::visit::visit_pat_ident(self, pat);
    }

    fn visit_expr_path(&mut self, path: &'ast ExprPath) {
        if path.qself.is_none()
            && path.path.leading_colon.is_none()
            && let Some(first) = path.path.segments.first()
        {
            if path.path.segments.len() == 1 {
                self.use_name(first.ident.unraw().to_string());
            } else if first.ident == "self" {
                self.uses_self = true;
            }
        }
    }

    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        match strip(&call.func) {
            Expr::Path(path)
                if path.qself.is_none()
                    && path.path.leading_colon.is_none()
                    && path.path.segments.len() == 1 =>
            {
                self.called
                    .push(path.path.segments[0].ident.unraw().to_string());
            }
            func => self.visit_expr(func),
        }
        for arg in &call.args {
            self.visit_expr(arg);
        }
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|last| last.ident.to_string())
            .unwrap_or_default();
        match macro_args::parse(mac) {
            Some(args) => {
                for arg in args.evaluated.iter().chain(&args.on_failure) {
                    self.visit_expr(arg);
                    if macro_args::has_format_string(&name)
                        && let Expr::Lit(lit) = strip(arg)
                        && let Lit::Str(text) = &lit.lit
                    {
                        for inline in macro_args::inline_format_args(&text.value()) {
                            self.use_name(inline);
                        }
                    }
                }
            }
            None => {
                let mut names = Vec::new();
                idents(mac.tokens.clone(), &mut names);
                for name in names {
                    self.use_name(name);
                }
            }
        }
    }

    fn visit_item(&mut self, _: &'ast Item) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_type(&mut self, _: &'ast Type) {}
}

/// The identifiers in a token stream, groups included (read with a stack
/// of its own: the tokens may nest deeper than a recursion could go).
fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    let mut open = vec![tokens.into_iter()];
    while let Some(tokens) = open.last_mut() {
        match tokens.next() {
            Some(TokenTree::Ident(ident)) => out.push(ident.unraw().to_string()),
            Some(TokenTree::Group(group)) => open.push(group.stream().into_iter()),
            Some(_) => {}
            None => {
                open.pop();
            }
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

fn is_mut_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(reference) => reference.mutability.is_some(),
        Type::Group(group) => is_mut_reference(&group.elem),
        Type::Paren(paren) => is_mut_reference(&paren.elem),
        _ => false,
    }
}

/// The type of `self` as the receiver says: `Self`, `&Self`, `&mut Self`,
/// or what `self: T` writes.
fn receiver_type(receiver: &syn::Receiver) -> Option<Type> {
    match &receiver.kind {
        syn::ReceiverKind::Value => Some(types::parse("Self")),
        syn::ReceiverKind::Reference(_, _, mutability) => {
            Some(types::reference(types::parse("Self"), mutability.is_some()))
        }
        syn::ReceiverKind::Typed(_, ty) => Some(types::copy(ty)),
        _ => None,
    }
}

/// The identity of a syntax node, for the growth sites.
fn address<T>(node: &T) -> usize {
    node as *const T as usize
}
