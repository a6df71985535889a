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

use crate::analysis::Analysis;
use crate::call::Call;
use crate::crate_types::{CrateContext, CrateTypes, NoCrateTypes};
use crate::depth::MAX_DEPTH;
use crate::extent;
use crate::finding::Finding;
use crate::growth;
use crate::imports::Imports;
use crate::options::Options;
use crate::pattern_list::PatternList;
use crate::scopes::Scopes;
use crate::syntax::expr_attrs;
use crate::types;
use proc_macro2::{Span, TokenStream};
use std::collections::HashSet;
use syn::visit::Visit;
use syn::{
    Attribute, Block, Expr, ExprCall, ExprClosure, ExprConst, ExprForLoop, ExprIf, ExprMacro,
    ExprMatch, ExprMethodCall, ExprPath, FnArg, GenericArgument, Item, Local, Pat, ReturnType,
    Signature, Stmt, StmtMacro, Type,
};

mod bindings;
mod calls;
mod infer;
mod operators;

pub(crate) struct Walker<'o> {
    options: &'o Options,
    /// `options.allow` and `options.deny`, ready for every call site.
    allow: PatternList<'o>,
    deny: PatternList<'o>,
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

impl<'o> Walker<'o> {
    pub fn new(options: &'o Options) -> Self {
        Walker {
            options,
            allow: PatternList::new(&options.allow),
            deny: PatternList::new(&options.deny),
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
                        .and_then(|_| types::receiver_type(receiver));
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

    // -----------------------------------------------------------------------
    // Bindings and types.
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
        self.guards(pat);
    }

    fn visit_item(&mut self, _: &'ast Item) {}
    fn visit_expr_const(&mut self, _: &'ast ExprConst) {}
    fn visit_type(&mut self, _: &'ast Type) {}
    fn visit_generic_argument(&mut self, _: &'ast GenericArgument) {}
    fn visit_attribute(&mut self, _: &'ast Attribute) {}
}

/// The identity of a syntax node, for the growth sites.
fn address<T>(node: &T) -> usize {
    node as *const T as usize
}

#[cfg(test)]
mod tests {
    use super::Walker;
    use crate::options::Options;
    use syn::visit::Visit;

    /// A project's list of 20,000 entries, and a body of 100 calls: each
    /// call is asked of the few patterns that end with its name, not of all
    /// of them (which took seconds over the functions of a crate).
    #[test]
    fn a_call_is_matched_against_the_patterns_of_its_name() {
        let long = |kind: &str| {
            crate::pattern_list::tests::patterns((0..20_000).map(|i| format!("m{i}::{kind}{i}")))
        };
        let options = Options {
            allow: long("allowed"),
            deny: long("denied"),
            ..Options::default()
        };
        let calls: String = (0..100).map(|i| format!("a.f{i}(); g{i}(); ")).collect();
        let body: syn::Block = syn::parse_str(&format!("{{ {calls} allowed7(); }}")).unwrap();
        let matched = || crate::path_pattern::tests::MATCHED.with(std::cell::Cell::get);
        let before = matched();
        let mut walker = Walker::new(&options);
        walker.visit_block(&body);
        let analysis = walker.into_analysis();
        let asked = matched() - before;
        assert!(asked < 100, "{asked} patterns asked");
        // Still matched: `allowed7` is allowed, and so not listed as a call.
        assert_eq!(analysis.calls.len(), 200);
    }
}
