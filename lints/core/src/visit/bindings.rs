//! Identifier tracking: the names patterns bind (with their types where
//! they follow), the names a macro may bind, and what a closure captures.

use super::Walker;
use crate::depth::{MAX_DEPTH, Nested, deeper};
use crate::macro_args;
use crate::scopes::Binding;
use crate::syntax::strip;
use crate::types::{self, Base};
use proc_macro2::{TokenStream, TokenTree};
use std::collections::HashSet;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{
    Attribute, Expr, ExprCall, ExprClosure, ExprConst, ExprMacro, ExprPath, Item, Lit, Macro, Pat,
    PatGuard, PatIdent, Type,
};

impl Walker<'_> {
    /// Walks the match guards in a pattern: the rest of it is no code.
    pub(super) fn guards(&mut self, pat: &Pat) {
        let depth = self.depth;
        Guards {
            walker: self,
            depth,
        }
        .visit_pat(pat);
    }

    /// A macro in statement position may expand to `let` bindings of the
    /// names it is given: they hide whatever was known of those names.
    pub(super) fn shadow_macro_bindings(&mut self, mac: &Macro) {
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

    /// Binds the names of a pattern matched against a value of type `ty`,
    /// with their types where they follow.
    pub(super) fn bind_pat(&mut self, pat: &Pat, ty: Option<&Type>) {
        // Patterns nest by recursion too; deeper than the walk goes, their
        // names stay unbound (unknown).
        if self.depth >= MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.bind_pat_kind(pat, ty);
        self.depth -= 1;
    }

    pub(super) fn bind_pat_kind(&mut self, pat: &Pat, ty: Option<&Type>) {
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

    /// Whether a closure captures anything: uses `self` or a local binding
    /// from outside. A closure that captures nothing is zero-sized.
    ///
    /// Names starting with an uppercase letter are types, variants or
    /// constants. A name bound nowhere in sight is an item when the
    /// parameters are known; otherwise it may be a parameter, unless it is
    /// called (`helper(x)` is far more often a function).
    pub(super) fn captures(&self, closure: &ExprClosure) -> bool {
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

/// Finds the guards in a pattern and hands them to the walker.
struct Guards<'w, 'o> {
    walker: &'w mut Walker<'o>,
    /// Levels of nesting, the walk's included.
    depth: usize,
}

impl<'ast> Visit<'ast> for Guards<'_, '_> {
    fn visit_pat(&mut self, pat: &'ast Pat) {
        deeper(self, |guards| syn::visit::visit_pat(guards, pat));
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
        deeper(self, |names| syn::visit::visit_pat(names, pat));
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
        if !deeper(self, |idents| syn::visit::visit_expr(idents, expr)) {
            self.too_deep = true;
        }
    }

    fn visit_pat(&mut self, pat: &'ast Pat) {
        if !deeper(self, |idents| syn::visit::visit_pat(idents, pat)) {
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

impl Nested for Guards<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

impl Nested for PatNames {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

impl Nested for Idents {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}
