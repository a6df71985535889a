//! Type inference: the types that are evident from the code (a literal,
//! `format!(..)`, `x.trim()`, the items of `v.iter()`, the parameter of the
//! closure in `opt.map(|x| ..)`), followed through bindings and a bounded
//! chain of calls.

use super::Walker;
use crate::call::expr_path_segments;
use crate::crate_types::{self, CrateContext};
use crate::judge::ArgSize;
use crate::path_pattern::path_segments;
use crate::scopes::Binding;
use crate::syntax::{is_type_like, is_unit, is_zero, strip};
use crate::types::{self, Base};
use syn::ext::IdentExt;
use syn::{Expr, ExprMethodCall, Type, UnOp};

/// How far [`Walker::type_of`] follows a chain (`x.iter().rev().copied()`).
const INFERENCE_DEPTH: usize = 32;

impl Walker<'_> {
    /// The type of an expression, when it is evident.
    pub(super) fn type_of(&self, expr: &Expr) -> Option<Type> {
        self.inferring(|| self.type_of_kind(expr))
    }

    /// Runs one level of the recursive type inference ([`Walker::type_of`],
    /// [`Walker::iter_item`]): a chain of [`INFERENCE_DEPTH`] method calls
    /// or references is as far as a type is followed.
    pub(super) fn inferring(&self, infer: impl FnOnce() -> Option<Type>) -> Option<Type> {
        let depth = self.inference_depth.get();
        if depth >= INFERENCE_DEPTH {
            return None;
        }
        self.inference_depth.set(depth + 1);
        let ty = infer();
        self.inference_depth.set(depth);
        ty
    }

    pub(super) fn type_of_kind(&self, expr: &Expr) -> Option<Type> {
        match strip(expr) {
            Expr::Lit(lit) => types::literal(&lit.lit),
            expr @ Expr::Path(_) => match self.scopes.lookup(&crate::scopes::local_name(expr)?) {
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
                        Some(types::slice_of(types::copy(element)))
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
    pub(super) fn known_type<'t>(&self, ty: &'t Type) -> Option<&'t Type> {
        (!self.imports.shadows_type(ty)).then_some(ty)
    }

    /// Whether `clone()` of a value of this type allocates, crate structs
    /// that derive `Clone` included.
    pub(super) fn clone_allocates(&self, ty: &Type) -> bool {
        let context = CrateContext {
            self_ty: self.self_ty.as_deref(),
            types: self.crate_types,
        };
        crate_types::clone_allocates(ty, &context, crate_types::CLONE_DEPTH)
    }

    /// The type of a field of a crate struct, or of a tuple: `self.name`
    /// where `name: String`, `pair.0` of a `(&str, u8)`.
    pub(super) fn field_type(&self, field: &syn::ExprField) -> Option<Type> {
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
    pub(super) fn method_type(&self, call: &ExprMethodCall) -> Option<Type> {
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
                Some(element) => types::generic_of("Vec", [types::copy(element)]),
                None => types::generic_of("Vec", [types::inferred()]),
            }),
            "split_once" | "rsplit_once" if text => Some(types::parse("Option<(&str, &str)>")),
            // `Option<T>` to `Result<T, _>`.
            "ok_or" | "ok_or_else" => {
                let receiver = receiver?;
                if types::shape(&receiver) != (0, Base::Option) {
                    return None;
                }
                let inner = types::generic(&receiver, 0)?;
                Some(types::generic_of(
                    "Result",
                    [types::copy(inner), types::inferred()],
                ))
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
    pub(super) fn iter_item(&self, expr: &Expr) -> Option<Type> {
        self.inferring(|| self.iter_item_kind(expr))
    }

    pub(super) fn iter_item_kind(&self, expr: &Expr) -> Option<Type> {
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
                Some(types::tuple_of([types::parse("usize"), item]))
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
    pub(super) fn closure_hints(
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
    pub(super) fn size_of(&self, expr: &Expr) -> ArgSize {
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
                let segments = path_segments(&path.path);
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
}

fn is_mut_reference(ty: &Type) -> bool {
    match ty {
        Type::Reference(reference) => reference.mutability.is_some(),
        Type::Group(group) => is_mut_reference(&group.elem),
        Type::Paren(paren) => is_mut_reference(&paren.elem),
        _ => false,
    }
}
