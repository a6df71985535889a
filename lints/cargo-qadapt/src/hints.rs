//! What the checker can tell of a function body's types, beyond what the
//! analyser lists: the receiver types of method calls where they are written
//! down or evident, and the calls the code makes without writing them (trait
//! impls reached through operators, `for` loops, formatting, `.into()`,
//! `.parse::<T>()`, `..Default::default()`).
//!
//! Types are known by name only, like the index knows them (the last path
//! segment, references peeled): a parameter `e: &BinEncoder`, `self` in an
//! impl, `let x: T = ..`, `let x = T { .. }`, `let x = T::new(..)`, a tuple
//! struct constructor `T(..)`, literals, a few std methods of primitive
//! and text receivers (`c.to_lowercase()` on a `char` is a std type), and
//! fields of the crate's structs (`self.patch` of a `patch: Patch`).
//! A parameter of type `&dyn Tr`, `impl Tr` or `T` with `T: Tr` is known by
//! its traits (see [`bound_type`]). Anything else is unknown, and the caller
//! falls back to every candidate.

use crate::index::type_name;
use proc_macro2::Span;
use std::collections::HashMap;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, Pat, Type};

/// The name standing for "some std type, not one of the crate's".
pub const STD: &str = "<std>";

/// How a type known only by the traits it implements is named: this
/// prefix, then the traits' names separated by `+`.
const BOUND: &str = "<impl>";

/// The name of "some type implementing `traits`".
pub fn bound_type(traits: &[String]) -> String {
    format!("{BOUND}{}", traits.join("+"))
}

/// The traits of a type named by [`bound_type`].
pub fn bounds(name: &str) -> Option<Vec<&str>> {
    let traits = name.strip_prefix(BOUND)?;
    Some(traits.split('+').filter(|t| !t.is_empty()).collect())
}

/// The type of a crate struct's field, by the struct's and the field's
/// names, as written.
pub type FieldTypes<'f> = &'f dyn Fn(&str, &str) -> Option<&'f Type>;

/// A call made implicitly: the trait method `method` of `trait_`'s impls
/// for the type named `ty`.
#[derive(Debug, Clone)]
pub struct Implicit {
    pub span: Span,
    pub ty: String,
    pub trait_: &'static str,
    pub method: &'static str,
    /// Written in a fallback closure (`unwrap_or_else(|| ..)`, see
    /// [`qadapt_lints::runs_lazily`]): made only sometimes.
    pub sometimes: bool,
}

/// The hints for one function body.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The receiver type's name of method calls, by the method name's
    /// position (line, column).
    pub receivers: HashMap<(usize, usize), String>,
    pub implicit: Vec<Implicit>,
}

/// Primitive and text types: no crate method is reached through them but
/// extension-trait impls, which the index lists under these names.
const PRIMITIVES: &[&str] = &[
    "char", "str", "String", "bool", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
    "i32", "i64", "i128", "isize", "f32", "f64",
];

/// Std types whose own methods never lead into the crate (extension impls
/// aside), whatever their type parameters.
const STD_TYPES: &[&str] = &[
    "Vec", "VecDeque", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "Option", "Result", "Box",
    "Rc", "Arc", "Cell", "RefCell", "Mutex", "RwLock", "Path", "PathBuf", "OsStr", "OsString",
    "Cow", "Duration", "Instant",
];

/// Methods of primitive and text receivers whose value is a std type.
const STD_RESULTS: &[&str] = &[
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "chars",
    "bytes",
    "char_indices",
    "split",
    "split_whitespace",
    "lines",
    "trim",
    "trim_start",
    "trim_end",
    "escape_default",
    "escape_debug",
    "to_string",
    "to_owned",
    "len",
    "as_str",
    "as_bytes",
    "is_empty",
    "abs",
    "sqrt",
    "min",
    "max",
    "clamp",
    "count_ones",
    "leading_zeros",
];

/// Iterator methods: on a crate iterator, they call its `next`.
const ITERATOR_METHODS: &[&str] = &[
    "count",
    "sum",
    "product",
    "last",
    "nth",
    "collect",
    "fold",
    "for_each",
    "max",
    "min",
    "max_by_key",
    "min_by_key",
    "max_by",
    "min_by",
    "any",
    "all",
    "find",
    "find_map",
    "position",
    "try_fold",
    "try_for_each",
    "reduce",
    "partition",
    "unzip",
];

/// Whether a type name is known not to be one of the crate's.
pub fn is_std(name: &str) -> bool {
    name == STD || PRIMITIVES.contains(&name) || STD_TYPES.contains(&name)
}

/// The hints of a function body; `self_ty` is what `Self` and `self` are,
/// `outer` the generics of the impl or trait around a method, `fields` the
/// crate's field types.
pub fn hints(
    sig: &syn::Signature,
    body: &syn::Block,
    self_ty: Option<&str>,
    outer: Option<&syn::Generics>,
    fields: FieldTypes,
) -> Hints {
    let mut scopes = vec![&sig.generics];
    scopes.extend(outer);
    let generics: HashMap<String, Vec<String>> = scopes
        .iter()
        .flat_map(|generics| generics.type_params())
        .map(|param| {
            let name = param.ident.unraw().to_string();
            let bounds = crate::generics::bounds_of(&name, &scopes).unwrap_or_default();
            (name, bounds)
        })
        .collect();
    let mut walker = Walker {
        hints: Hints::default(),
        scopes: vec![HashMap::new()],
        generics,
        self_ty: self_ty.map(str::to_owned),
        lazily: false,
        fields,
    };
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => {
                if let Some(ty) = self_ty {
                    walker.bind("self".to_owned(), Some(ty.to_owned()));
                }
            }
            syn::FnArg::Typed(typed) => {
                let ty = walker.named(&typed.ty);
                walker.bind_pat(&typed.pat, ty);
            }
        }
    }
    // The body's value: `.into()` into the return type.
    if let syn::ReturnType::Type(_, ty) = &sig.output
        && let Some(ty) = walker.named(ty)
        && let Some(syn::Stmt::Expr(tail, None)) = body.stmts.last()
    {
        walker.expect_into(tail, &ty);
    }
    walker.visit_block(body);
    walker.hints
}

struct Walker<'f> {
    hints: Hints,
    scopes: Vec<HashMap<String, Option<String>>>,
    /// The type parameters in scope, with their trait bounds.
    generics: HashMap<String, Vec<String>>,
    self_ty: Option<String>,
    /// Inside a fallback closure.
    lazily: bool,
    fields: FieldTypes<'f>,
}

fn position(span: Span) -> (usize, usize) {
    let start = span.start();
    (start.line, start.column)
}

impl Walker<'_> {
    fn bind(&mut self, name: String, ty: Option<String>) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(name, ty);
        }
    }

    fn lookup(&self, name: &str) -> Option<String> {
        for scope in self.scopes.iter().rev() {
            if let Some(ty) = scope.get(name) {
                return ty.clone();
            }
        }
        None
    }

    /// The name of a written type; for generic parameters, `impl Trait`
    /// and trait objects the [`bound_type`] of their traits (`None` without
    /// any); `None` for anything else not a path.
    fn named(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::Reference(r) => self.named(&r.elem),
            Type::Paren(p) => self.named(&p.elem),
            Type::Group(g) => self.named(&g.elem),
            Type::TraitObject(t) => trait_names(&t.bounds),
            Type::ImplTrait(t) => trait_names(&t.bounds),
            Type::Path(p) if p.qself.is_none() => {
                let name = type_name(ty);
                if p.path.segments.len() == 1
                    && let Some(bounds) = self.generics.get(&name)
                {
                    return (!bounds.is_empty()).then(|| bound_type(bounds));
                }
                if name == "Self" {
                    return self.self_ty.clone();
                }
                Some(name)
            }
            Type::Slice(_) | Type::Array(_) => Some(STD.to_owned()),
            _ => None,
        }
    }

    fn path_type(&self, path: &syn::Path) -> Option<String> {
        let last = path.segments.last()?.ident.unraw().to_string();
        if last == "Self" {
            return self.self_ty.clone();
        }
        last.starts_with(char::is_uppercase).then_some(last)
    }

    /// The type name of an expression, when evident.
    fn type_of(&self, expr: &Expr) -> Option<String> {
        match expr {
            Expr::Paren(e) => self.type_of(&e.expr),
            Expr::Group(e) => self.type_of(&e.expr),
            Expr::Reference(e) => self.type_of(&e.expr),
            Expr::Path(p) if p.qself.is_none() => {
                let ident = p.path.get_ident()?;
                self.lookup(&ident.unraw().to_string())
            }
            Expr::Lit(lit) => match lit.lit {
                syn::Lit::Str(_) => Some("str".to_owned()),
                syn::Lit::Char(_) => Some("char".to_owned()),
                syn::Lit::Int(_) | syn::Lit::Float(_) | syn::Lit::Bool(_) => Some(STD.to_owned()),
                _ => None,
            },
            Expr::Struct(s) if s.qself.is_none() => self.path_type(&s.path),
            Expr::Field(field) => {
                let syn::Member::Named(name) = &field.member else {
                    return None;
                };
                let owner = self.type_of(&field.base)?;
                let ty = (self.fields)(&owner, &name.unraw().to_string())?;
                self.named(ty)
            }
            Expr::Call(call) => {
                let Expr::Path(func) = &*call.func else {
                    return None;
                };
                if func.qself.is_some() {
                    return None;
                }
                let segments = &func.path.segments;
                let last = segments.last()?.ident.unraw().to_string();
                if segments.len() == 1 {
                    // A tuple struct's constructor.
                    return self.path_type(&func.path);
                }
                let ty = &segments[segments.len() - 2];
                let ty = ty.ident.unraw().to_string();
                let constructor = last == "new" || last == "default" || last.starts_with("with_");
                if !constructor {
                    return None;
                }
                if ty == "Self" {
                    return self.self_ty.clone();
                }
                ty.starts_with(char::is_uppercase).then_some(ty)
            }
            Expr::MethodCall(call) => {
                let receiver = self.type_of(&call.receiver)?;
                let method = call.method.unraw().to_string();
                ((receiver == STD || PRIMITIVES.contains(&receiver.as_str()))
                    && STD_RESULTS.contains(&method.as_str()))
                .then(|| STD.to_owned())
            }
            _ => None,
        }
    }

    fn bind_pat(&mut self, pat: &Pat, ty: Option<String>) {
        match pat {
            Pat::Ident(ident) => {
                self.bind(ident.ident.unraw().to_string(), ty);
                if let Some((_, sub)) = &ident.subpat {
                    self.bind_pat(sub, None);
                }
            }
            Pat::Type(typed) => {
                let ty = self.named(&typed.ty);
                self.bind_pat(&typed.pat, ty);
            }
            Pat::Reference(r) => self.bind_pat(&r.pat, None),
            Pat::Paren(p) => self.bind_pat(&p.pat, ty),
            _ => {
                struct Names<'w, 'f>(&'w mut Walker<'f>);
                impl<'ast> Visit<'ast> for Names<'_, '_> {
                    fn visit_pat_ident(&mut self, pat: &'ast syn::PatIdent) {
                        self.0.bind(pat.ident.unraw().to_string(), None);
                        syn::visit::visit_pat_ident(self, pat);
                    }
                    fn visit_expr(&mut self, _: &'ast Expr) {}
                    fn visit_type(&mut self, _: &'ast Type) {}
                }
                Names(self).visit_pat(pat);
            }
        }
    }

    fn implicit(&mut self, span: Span, ty: String, trait_: &'static str, method: &'static str) {
        if is_std(&ty) {
            return;
        }
        self.hints.implicit.push(Implicit {
            span,
            ty,
            trait_,
            method,
            sometimes: self.lazily,
        });
    }

    /// `expr` is converted into `ty`: `x.into()` calls `ty`'s `From` impls,
    /// `s.parse()` its `FromStr` impl (through `?`, `.unwrap()`, `.ok()`..
    /// for the latter only when written `let x: T = s.parse().unwrap()`).
    fn expect_into(&mut self, expr: &Expr, ty: &str) {
        match expr {
            Expr::Paren(e) => self.expect_into(&e.expr, ty),
            Expr::MethodCall(call) if call.method == "into" && call.args.is_empty() => {
                self.implicit(call.method.span(), ty.to_owned(), "From", "from");
            }
            Expr::MethodCall(call) if call.method == "parse" && call.args.is_empty() => {
                self.implicit(call.method.span(), ty.to_owned(), "FromStr", "from_str");
            }
            Expr::MethodCall(call)
                if call.args.is_empty()
                    && matches!(call.method.to_string().as_str(), "unwrap" | "expect") =>
            {
                self.expect_into(&call.receiver, ty);
            }
            Expr::Try(e) => self.expect_into(&e.expr, ty),
            _ => {}
        }
    }

    /// Format-like macros: `{}`/`{:?}` arguments of a crate type call its
    /// `Display`/`Debug` impl.
    fn format_macro(&mut self, mac: &syn::Macro) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        let skip = match name.as_str() {
            "format" | "print" | "println" | "eprint" | "eprintln" | "format_args" | "panic" => 0,
            "write" | "writeln" => 1,
            _ => return,
        };
        let Ok(args) = mac.parse_body_with(Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        else {
            return;
        };
        let mut args = args.into_iter().skip(skip);
        let Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })) = args.next()
        else {
            return;
        };
        let template = template.value();
        let display =
            template.contains("{}") || template.contains("{:") && !template.contains(":?");
        let debug = template.contains(":?");
        for arg in args {
            let arg = match arg {
                Expr::Assign(assign) => *assign.right,
                arg => arg,
            };
            self.visit_expr(&arg);
            let Some(ty) = self.type_of(&arg) else {
                continue;
            };
            if display {
                self.implicit(last.ident.span(), ty.clone(), "Display", "fmt");
            }
            if debug {
                self.implicit(last.ident.span(), ty, "Debug", "fmt");
            }
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.scopes.push(HashMap::new());
        syn::visit::visit_block(self, block);
        self.scopes.pop();
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        let annotated = match &local.pat {
            Pat::Type(typed) => self.named(&typed.ty),
            _ => None,
        };
        if let (Some(ty), Some(init)) = (&annotated, &local.init) {
            self.expect_into(&init.expr, ty);
        }
        let ty = annotated.or_else(|| local.init.as_ref().and_then(|i| self.type_of(&i.expr)));
        match &local.pat {
            Pat::Type(typed) => self.bind_pat(&typed.pat, ty),
            pat => self.bind_pat(pat, ty),
        }
    }

    fn visit_expr_closure(&mut self, closure: &'ast syn::ExprClosure) {
        self.scopes.push(HashMap::new());
        for input in &closure.inputs {
            self.bind_pat(input, None);
        }
        self.visit_expr(&closure.body);
        self.scopes.pop();
    }

    fn visit_expr_for_loop(&mut self, for_loop: &'ast syn::ExprForLoop) {
        self.visit_expr(&for_loop.expr);
        if let Some(ty) = self.type_of(&for_loop.expr) {
            let span = syn::spanned::Spanned::span(&for_loop.for_token);
            self.implicit(span, ty.clone(), "Iterator", "next");
            self.implicit(span, ty, "IntoIterator", "into_iter");
        }
        self.scopes.push(HashMap::new());
        self.bind_pat(&for_loop.pat, None);
        self.visit_block(&for_loop.body);
        self.scopes.pop();
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.visit_expr(&call.receiver);
        let method = call.method.unraw().to_string();
        for (index, arg) in call.args.iter().enumerate() {
            let lazily = self.lazily || qadapt_lints::runs_lazily(&method, index, call.args.len());
            let outer = std::mem::replace(&mut self.lazily, lazily);
            self.visit_expr(arg);
            self.lazily = outer;
        }
        if method == "parse"
            && let Some(turbofish) = &call.turbofish
            && let Some(syn::GenericArgument::Type(ty)) = turbofish.args.first()
            && let Some(ty) = self.named(ty)
        {
            self.implicit(call.method.span(), ty, "FromStr", "from_str");
        }
        if let Some(ty) = self.type_of(&call.receiver) {
            if ITERATOR_METHODS.contains(&method.as_str()) {
                self.implicit(call.method.span(), ty.clone(), "Iterator", "next");
            }
            self.hints
                .receivers
                .insert(position(call.method.span()), ty);
        }
    }

    fn visit_expr_binary(&mut self, binary: &'ast syn::ExprBinary) {
        syn::visit::visit_expr_binary(self, binary);
        use syn::BinOp::*;
        let (trait_, method) = match binary.op {
            Add(_) => ("Add", "add"),
            Sub(_) => ("Sub", "sub"),
            Mul(_) => ("Mul", "mul"),
            Div(_) => ("Div", "div"),
            Rem(_) => ("Rem", "rem"),
            AddAssign(_) => ("AddAssign", "add_assign"),
            SubAssign(_) => ("SubAssign", "sub_assign"),
            MulAssign(_) => ("MulAssign", "mul_assign"),
            DivAssign(_) => ("DivAssign", "div_assign"),
            _ => return,
        };
        if let Some(ty) = self.type_of(&binary.left) {
            let span = syn::spanned::Spanned::span(&binary.op);
            self.implicit(span, ty, trait_, method);
        }
    }

    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        syn::visit::visit_expr_struct(self, s);
        let Some(rest) = &s.rest else { return };
        let Expr::Call(call) = &**rest else { return };
        let Expr::Path(func) = &*call.func else {
            return;
        };
        let is_default = func
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "default");
        if is_default
            && call.args.is_empty()
            && let Some(ty) = self.type_of(&Expr::Struct(s.clone()))
        {
            let span = func
                .path
                .segments
                .last()
                .map_or_else(Span::call_site, |l| l.ident.span());
            self.implicit(span, ty, "Default", "default");
        }
    }

    fn visit_expr_macro(&mut self, mac: &'ast syn::ExprMacro) {
        self.format_macro(&mac.mac);
    }

    fn visit_stmt_macro(&mut self, mac: &'ast syn::StmtMacro) {
        self.format_macro(&mac.mac);
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
    fn visit_type(&mut self, _: &'ast Type) {}
}

/// The [`bound_type`] of the traits among `bounds`; `None` without any.
fn trait_names(bounds: &Punctuated<syn::TypeParamBound, syn::Token![+]>) -> Option<String> {
    let traits: Vec<String> = bounds
        .iter()
        .filter_map(|bound| match bound {
            syn::TypeParamBound::Trait(t) => {
                Some(t.path.segments.last()?.ident.unraw().to_string())
            }
            _ => None,
        })
        .collect();
    (!traits.is_empty()).then(|| bound_type(&traits))
}
