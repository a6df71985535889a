//! Call sites, recorded so that a crate-wide checker can follow them into
//! the crate's own functions.
//!
//! A proc macro only sees one function at a time, so `helper()` is opaque to
//! it even when `helper` allocates. The `cargo qadapt` checker sees the whole
//! crate: it takes these call sites, resolves the ones it can, and analyses
//! the callee's body in turn.

use crate::finding::Certainty;
use crate::path_pattern::path_segments;
use crate::syntax::type_path;
use proc_macro2::Span;
use std::fmt::{self, Display};
use syn::ext::IdentExt;

/// One call site in the analysed body.
#[derive(Debug, Clone)]
pub struct Call {
    /// What is called.
    pub kind: CallKind,
    /// The single token naming the callee: the last path segment, the
    /// method name or the macro name.
    pub span: Span,
    /// [`Certainty::Definite`] when the call is made whenever the body
    /// runs; [`Certainty::Possible`] inside a fallback closure
    /// (`unwrap_or_else(|| helper())`) or on the way to a crash (a
    /// `panic!`'s arguments), where what the callee allocates can only be
    /// possible too.
    pub certainty: Certainty,
    /// The types of the arguments where the analysis knows them (a
    /// parameter `name: &str`, a literal, `x.trim()`, ...), as written by
    /// [`type_text`](crate::type_text()): for a function or method call its
    /// arguments (the receiver of a method call excluded), for a macro its
    /// comma-separated arguments. A crate-wide checker analyses a generic
    /// callee (`fn rename(name: impl Into<String>)`) or a macro with these.
    pub arg_types: Vec<Option<String>>,
}

/// The callee of a [`Call`], as written (it cannot be resolved here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallKind {
    /// `foo(..)`, `a::b::foo(..)`, `Type::assoc(..)`: path segment
    /// identifiers with generic arguments dropped. For a qualified path
    /// `<T as Trait>::f(..)` this is `T::f` when `T` is a path type.
    Path(Vec<String>),
    /// `.name(..)`: only the method name, the receiver type is unknown.
    Method(String),
    /// `m!(..)`: the macro path's segments.
    Macro(Vec<String>),
}

impl CallKind {
    /// The path that `allow` and `deny` patterns are matched against:
    /// the path segments, the method name, or the macro path.
    pub fn segments(&self) -> Vec<String> {
        match self {
            CallKind::Path(segments) | CallKind::Macro(segments) => segments.clone(),
            CallKind::Method(name) => vec![name.clone()],
        }
    }

    /// The called function's, method's or macro's own name (last segment).
    pub fn name(&self) -> &str {
        match self {
            CallKind::Path(segments) | CallKind::Macro(segments) => {
                segments.last().map_or("", String::as_str)
            }
            CallKind::Method(name) => name,
        }
    }
}

impl Display for CallKind {
    /// `a::b::foo`, `.name()` or `m!`.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        match self {
            CallKind::Path(segments) => formatter.write_str(&segments.join("::")),
            CallKind::Method(name) => write!(formatter, ".{name}()"),
            CallKind::Macro(segments) => write!(formatter, "{}!", segments.join("::")),
        }
    }
}

impl Display for Call {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        self.kind.fmt(formatter)
    }
}

/// The segments and the span of the last segment of a path expression, or
/// `None` for a path without segments.
///
/// `<Vec<u8>>::with_capacity` is `Vec::with_capacity` and
/// `<String as From<&str>>::from` is `String::from`: the self type names the
/// implementation better than the trait does. When the self type is not a
/// path (`<[u8] as ToOwned>::to_owned`) the trait path is kept.
pub(crate) fn expr_path_segments(expr: &syn::ExprPath) -> Option<(Vec<String>, Span)> {
    let last = expr.path.segments.last()?;
    let span = last.ident.span();
    let segments = match &expr.qself {
        None => path_segments(&expr.path),
        Some(qself) => match type_path(&qself.ty) {
            Some(self_path) => {
                let mut segments = path_segments(self_path);
                segments.extend(
                    expr.path
                        .segments
                        .iter()
                        .skip(qself.position)
                        .map(|segment| segment.ident.unraw().to_string()),
                );
                segments
            }
            None => path_segments(&expr.path),
        },
    };
    Some((segments, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(src: &str) -> Vec<String> {
        let expr: syn::ExprPath = syn::parse_str(src).unwrap();
        expr_path_segments(&expr).unwrap().0
    }

    #[test]
    fn qualified_paths() {
        assert_eq!(segments("foo"), ["foo"]);
        assert_eq!(segments("a::b::<T>::foo"), ["a", "b", "foo"]);
        assert_eq!(
            segments("<Vec<u8>>::with_capacity"),
            ["Vec", "with_capacity"]
        );
        assert_eq!(segments("<String as From<&str>>::from"), ["String", "from"]);
        assert_eq!(
            segments("<[u8] as ToOwned>::to_owned"),
            ["ToOwned", "to_owned"]
        );
        assert_eq!(segments("<[u8]>::to_vec"), ["to_vec"]);
    }

    #[test]
    fn display() {
        let path = CallKind::Path(vec!["a".into(), "b".into()]);
        assert_eq!(path.to_string(), "a::b");
        assert_eq!(path.name(), "b");
        assert_eq!(CallKind::Method("push".into()).to_string(), ".push()");
        assert_eq!(CallKind::Macro(vec!["vec".into()]).to_string(), "vec!");
        assert_eq!(CallKind::Method("push".into()).segments(), ["push"]);
    }
}
