//! Small questions about syntax trees that the analysis asks everywhere:
//! what an expression is once parentheses are looked through, whether it
//! is obviously empty or zero, whether a name is written like a type.

use syn::{Attribute, Expr, Lit};

/// Looks through parentheses and the invisible groups of macro expansions.
pub(crate) fn strip(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Paren(paren) => expr = &paren.expr,
            Expr::Group(group) => expr = &group.expr,
            _ => return expr,
        }
    }
}

/// Data that is obviously empty, so that copying it or adding it builds
/// nothing: `""`, `b""`, `[]`, `[x; 0]`, or a reference to one. (`c""` is
/// not: it holds its nul.)
pub(crate) fn is_empty_data(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(text) => text.value().is_empty(),
            Lit::ByteStr(bytes) => bytes.value().is_empty(),
            _ => false,
        },
        Expr::Array(array) => array.elems.is_empty(),
        Expr::Repeat(repeat) => is_zero(&repeat.len),
        Expr::Reference(reference) => is_empty_data(&reference.expr),
        _ => false,
    }
}

/// A literal `0`, `0usize`, `0x0`, ...
pub(crate) fn is_zero(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Lit(lit) => matches!(&lit.lit, Lit::Int(int) if int.base10_digits() == "0"),
        _ => false,
    }
}

/// `()` or `[]`: a value of a zero-sized type.
pub(crate) fn is_unit(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Tuple(tuple) => tuple.elems.is_empty(),
        Expr::Array(array) => array.elems.is_empty(),
        _ => false,
    }
}

/// `Bypass`, `T`, `Self`: a name written like a type or a variant (upper
/// camel case, or a single capital), not like a constant (`MAX_LEN`).
pub(crate) fn is_type_like(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first.is_uppercase() => {
            name.len() == 1 || name.chars().any(char::is_lowercase)
        }
        _ => false,
    }
}

/// The path of a plain path type, looking through invisible groups and
/// parentheses.
pub(crate) fn type_path(ty: &syn::Type) -> Option<&syn::Path> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => Some(&path.path),
        syn::Type::Group(group) => type_path(&group.elem),
        syn::Type::Paren(paren) => type_path(&paren.elem),
        _ => None,
    }
}

/// An expression's own attributes (syn has no accessor for them).
pub(crate) fn expr_attrs(expr: &Expr) -> &[Attribute] {
    match expr {
        Expr::Array(e) => &e.attrs,
        Expr::Assign(e) => &e.attrs,
        Expr::Async(e) => &e.attrs,
        Expr::Await(e) => &e.attrs,
        Expr::Binary(e) => &e.attrs,
        Expr::Block(e) => &e.attrs,
        Expr::Break(e) => &e.attrs,
        Expr::Call(e) => &e.attrs,
        Expr::Cast(e) => &e.attrs,
        Expr::Closure(e) => &e.attrs,
        Expr::Const(e) => &e.attrs,
        Expr::Continue(e) => &e.attrs,
        Expr::Field(e) => &e.attrs,
        Expr::ForLoop(e) => &e.attrs,
        Expr::Group(e) => &e.attrs,
        Expr::If(e) => &e.attrs,
        Expr::Index(e) => &e.attrs,
        Expr::Infer(e) => &e.attrs,
        Expr::Let(e) => &e.attrs,
        Expr::Lit(e) => &e.attrs,
        Expr::Loop(e) => &e.attrs,
        Expr::Macro(e) => &e.attrs,
        Expr::Match(e) => &e.attrs,
        Expr::MethodCall(e) => &e.attrs,
        Expr::Paren(e) => &e.attrs,
        Expr::Path(e) => &e.attrs,
        Expr::Range(e) => &e.attrs,
        Expr::RawAddr(e) => &e.attrs,
        Expr::Reference(e) => &e.attrs,
        Expr::Repeat(e) => &e.attrs,
        Expr::Return(e) => &e.attrs,
        Expr::Struct(e) => &e.attrs,
        Expr::Try(e) => &e.attrs,
        Expr::TryBlock(e) => &e.attrs,
        Expr::Tuple(e) => &e.attrs,
        Expr::Unary(e) => &e.attrs,
        Expr::Unsafe(e) => &e.attrs,
        Expr::While(e) => &e.attrs,
        Expr::Yield(e) => &e.attrs,
        _ => &[],
    }
}
