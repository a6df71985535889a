//! The bindings in scope while a body is walked, and what is known of their
//! types: a shadowing binding of unknown type hides an outer one of known
//! type.

use syn::{Expr, Type};

/// The bindings in scope, innermost last. Every binding the walk sees is
/// recorded, typed or not, so that a shadowing binding of unknown type hides
/// an outer one of known type.
#[derive(Default)]
pub(crate) struct Scopes {
    frames: Vec<Vec<(String, Option<Type>)>>,
}

/// What a name refers to.
pub(crate) enum Binding<'a> {
    /// Not bound by anything the walk has seen: an item, or a parameter
    /// when the signature is unknown.
    Unbound,
    /// A local binding of unknown type.
    Unknown,
    Known(&'a Type),
}

impl Scopes {
    pub fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    pub fn pop(&mut self) {
        self.frames.pop();
    }

    pub fn bind(&mut self, name: String, ty: Option<Type>) {
        if self.frames.is_empty() {
            self.push();
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.push((name, ty));
        }
    }

    pub fn lookup(&self, name: &str) -> Binding<'_> {
        for frame in self.frames.iter().rev() {
            if let Some((_, ty)) = frame.iter().rev().find(|(bound, _)| bound == name) {
                return match ty {
                    Some(ty) => Binding::Known(ty),
                    None => Binding::Unknown,
                };
            }
        }
        Binding::Unbound
    }
}

/// A single identifier used as an expression: `x`, not `a::x` or `<T>::x`.
pub(crate) fn local_name(expr: &Expr) -> Option<String> {
    match crate::syntax::strip(expr) {
        Expr::Path(path)
            if path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && path.path.segments[0].arguments.is_none() =>
        {
            Some(path.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_shadow() {
        let mut scopes = Scopes::default();
        scopes.push();
        scopes.bind("x".into(), Some(crate::types::parse("&str")));
        scopes.push();
        scopes.bind("x".into(), None);
        assert!(matches!(scopes.lookup("x"), Binding::Unknown));
        scopes.pop();
        assert!(matches!(scopes.lookup("x"), Binding::Known(_)));
        assert!(matches!(scopes.lookup("y"), Binding::Unbound));
    }
}
