//! The little the analysis knows about types.
//!
//! A proc macro cannot infer types, but some are written down: the
//! parameters and the return type of the function ([`crate::analyse_fn`]),
//! `let` annotations, closure parameter annotations. A few more follow from
//! the code itself: a string literal is a `&str`, `x.trim()` is a `&str`,
//! `format!(..)` is a `String`, the items of `slice.iter()` are references
//! to the slice's elements. This module classifies such types (the bindings in scope are
//! [`crate::scopes`]'s), so that the catalogue can tell `name.to_owned()` on a
//! `&str` (a new `String`) from `id.to_owned()` on a `&u64` (a copy).
//!
//! Types are recognised by the last segment of their path, the way they are
//! written: `String`, `std::string::String` and `alloc::string::String` are
//! `String`, while `my::String` (a path that does not start with `std`,
//! `alloc` or `core`) is unknown. Whatever is not known stays `None`, and
//! the rules that need a type then fall back to what they did without one.

use crate::path_pattern::path_segments;
use syn::{GenericArgument, Lit, PathArguments, Type, TypeReference};

/// What a type is, once its references are peeled off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base {
    Str,
    String,
    /// `[T]`.
    Slice,
    /// `[T; N]`.
    Array,
    Vec,
    VecDeque,
    Path,
    PathBuf,
    OsStr,
    OsString,
    CStr,
    CString,
    Box,
    Rc,
    Arc,
    Cow,
    Option,
    Result,
    /// `HashMap`, `HashSet`, `BTreeMap`, `BTreeSet`, `BinaryHeap`, `LinkedList`.
    Collection,
    /// `()`.
    Unit,
    /// Integers, floats, `bool`, `char`.
    Primitive,
    Other,
}

/// Looks through references, parentheses and invisible groups: the number
/// of references and the type under them.
pub(crate) fn peel(mut ty: &Type) -> (usize, &Type) {
    let mut refs = 0;
    loop {
        match ty {
            Type::Reference(reference) => {
                refs += 1;
                ty = &reference.elem;
            }
            Type::Group(group) => ty = &group.elem,
            Type::Paren(paren) => ty = &paren.elem,
            _ => return (refs, ty),
        }
    }
}

/// The number of references and what is under them.
pub(crate) fn shape(ty: &Type) -> (usize, Base) {
    let (refs, inner) = peel(ty);
    (refs, base(inner))
}

/// What a type without references is.
pub(crate) fn base(ty: &Type) -> Base {
    match ty {
        Type::Slice(_) => Base::Slice,
        Type::Array(_) => Base::Array,
        Type::Tuple(tuple) if tuple.elems.is_empty() => Base::Unit,
        Type::Group(group) => base(&group.elem),
        Type::Paren(paren) => base(&paren.elem),
        Type::Path(path) if path.qself.is_none() => {
            let segments = &path.path.segments;
            let Some(last) = segments.last() else {
                return Base::Other;
            };
            if segments.len() > 1
                && !matches!(
                    segments[0].ident.to_string().as_str(),
                    "std" | "alloc" | "core"
                )
            {
                return Base::Other;
            }
            match last.ident.to_string().as_str() {
                "str" => Base::Str,
                "String" => Base::String,
                "Vec" => Base::Vec,
                "VecDeque" => Base::VecDeque,
                "Path" => Base::Path,
                "PathBuf" => Base::PathBuf,
                "OsStr" => Base::OsStr,
                "OsString" => Base::OsString,
                "CStr" => Base::CStr,
                "CString" => Base::CString,
                "Box" => Base::Box,
                "Rc" => Base::Rc,
                "Arc" => Base::Arc,
                "Cow" => Base::Cow,
                "Option" => Base::Option,
                "Result" => Base::Result,
                "HashMap" | "HashSet" | "BTreeMap" | "BTreeSet" | "BinaryHeap" | "LinkedList" => {
                    Base::Collection
                }
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                | "i128" | "isize" | "f32" | "f64" | "bool" | "char" => Base::Primitive,
                _ => Base::Other,
            }
        }
        _ => Base::Other,
    }
}

/// The `index`th generic type argument of a path type, references peeled:
/// `T` for `Vec<T>`, `E` for `Result<T, E>` with `index` 1.
pub(crate) fn generic(ty: &Type, index: usize) -> Option<&Type> {
    let (_, inner) = peel(ty);
    let Type::Path(path) = inner else {
        return None;
    };
    let PathArguments::AngleBracketed(arguments) = &path.path.segments.last()?.arguments else {
        return None;
    };
    arguments
        .args
        .iter()
        .filter_map(|argument| match argument {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .nth(index)
}

/// The element type of a slice, an array, a `Vec` or a `VecDeque`,
/// references peeled.
pub(crate) fn element(ty: &Type) -> Option<&Type> {
    let (_, inner) = peel(ty);
    match inner {
        Type::Slice(slice) => Some(&slice.elem),
        Type::Array(array) => Some(&array.elem),
        _ if matches!(base(inner), Base::Vec | Base::VecDeque) => generic(inner, 0),
        _ => None,
    }
}

/// `&ty` or `&mut ty`.
pub(crate) fn reference(ty: Type, mutable: bool) -> Type {
    Type::Reference(TypeReference {
        and_token: Default::default(),
        lifetime: None,
        mutability: mutable.then(Default::default),
        elem: Box::new(ty),
        attrs: Vec::new(),
    })
}

/// The type under one reference, if `ty` is a reference.
pub(crate) fn deref(ty: &Type) -> Option<Type> {
    match ty {
        Type::Reference(reference) => Some(copy(&reference.elem)),
        Type::Group(group) => deref(&group.elem),
        Type::Paren(paren) => deref(&paren.elem),
        _ => None,
    }
}

/// A copy of a type.
pub(crate) fn copy(ty: &Type) -> Type {
    ty.clone()
}

/// `[elem]`.
pub(crate) fn slice_of(elem: Type) -> Type {
    Type::Slice(syn::TypeSlice {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elem: Box::new(elem),
    })
}

/// `name<args..>`: `Vec<T>`, `Result<T, _>`.
pub(crate) fn generic_of(name: &str, args: impl IntoIterator<Item = Type>) -> Type {
    let args: syn::punctuated::Punctuated<GenericArgument, syn::Token![,]> =
        args.into_iter().map(GenericArgument::Type).collect();
    let segment = syn::PathSegment {
        ident: proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
        arguments: PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args,
            gt_token: Default::default(),
        }),
    };
    Type::Path(syn::TypePath {
        attrs: Vec::new(),
        qself: None,
        path: syn::Path {
            leading_colon: None,
            segments: std::iter::once(segment).collect(),
        },
    })
}

/// `(a, b, ..)`.
pub(crate) fn tuple_of(elems: impl IntoIterator<Item = Type>) -> Type {
    Type::Tuple(syn::TypeTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `_`: a type left to inference.
pub(crate) fn inferred() -> Type {
    Type::Infer(syn::TypeInfer {
        attrs: Vec::new(),
        underscore_token: Default::default(),
    })
}

/// A type from its source text, written in this crate; an unknown type if
/// it does not parse.
pub(crate) fn parse(src: &str) -> Type {
    syn::parse_str(src).unwrap_or_else(|_| Type::Verbatim(proc_macro2::TokenStream::new()))
}

/// Text: `str` and `String` (`str` methods apply through any number of
/// references).
pub(crate) fn is_text(base: Base) -> bool {
    matches!(base, Base::Str | Base::String)
}

/// Data that a borrowed reference points into and that an owning copy must
/// duplicate on the heap: text, slices, arrays, vectors, paths, OS and C
/// strings.
pub(crate) fn is_copyable_data(base: Base) -> bool {
    matches!(
        base,
        Base::Str
            | Base::String
            | Base::Slice
            | Base::Array
            | Base::Vec
            | Base::VecDeque
            | Base::Path
            | Base::PathBuf
            | Base::OsStr
            | Base::OsString
            | Base::CStr
            | Base::CString
    )
}

/// Types whose `to_owned()` copies into a new heap buffer, when called on the
/// value itself or on one reference to it: `str` gives a `String`, `[T]` a
/// `Vec<T>`, `Path` a `PathBuf`, and the owned forms clone their buffer.
/// (`to_owned()` on a `&&str` only copies the reference, and on an array it
/// copies the array.)
pub(crate) fn to_owned_copies(ty: &Type) -> bool {
    let (refs, base) = shape(ty);
    refs <= 1
        && match base {
            Base::Str | Base::Path | Base::OsStr | Base::CStr => true,
            Base::Slice | Base::Vec | Base::VecDeque => {
                element(ty).is_none_or(|element| !maybe_zero_sized(element))
            }
            _ => clone_allocates(ty),
        }
}

/// Types whose `clone()` allocates whenever they are non-empty, when called
/// on the value itself or on one reference to it. Unsized `str` and `[T]`
/// are not `Clone`: `clone()` on a `&str` copies the reference.
pub(crate) fn clone_allocates(ty: &Type) -> bool {
    let (refs, inner) = peel(ty);
    refs <= 1
        && match base(inner) {
            Base::String | Base::PathBuf | Base::OsString | Base::CString => true,
            Base::Vec | Base::VecDeque => {
                element(inner).is_none_or(|element| !maybe_zero_sized(element))
            }
            Base::Collection => true,
            // A box of a zero-sized value clones without allocating, and a
            // boxed trait object is cloned by whatever the trait says.
            Base::Box => generic(inner, 0).is_some_and(known_non_zero_sized),
            _ => false,
        }
}

/// Owning types that a conversion from borrowed data fills with a heap
/// copy: `String`, `Vec`, `Box`, `Rc`, `Arc`, `PathBuf`, `OsString`,
/// `CString`.
pub(crate) fn owns_heap_copy(ty: &Type) -> bool {
    let (refs, base) = shape(ty);
    refs == 0
        && matches!(
            base,
            Base::String
                | Base::Vec
                | Base::Box
                | Base::Rc
                | Base::Arc
                | Base::PathBuf
                | Base::OsString
                | Base::CString
        )
}

/// `()`, `[T; 0]`, `PhantomData<T>`, or a tuple of those.
pub(crate) fn maybe_zero_sized(ty: &Type) -> bool {
    match ty {
        Type::Tuple(tuple) => tuple.elems.iter().all(maybe_zero_sized),
        Type::Array(array) => crate::syntax::is_zero(&array.len) || maybe_zero_sized(&array.elem),
        Type::Group(group) => maybe_zero_sized(&group.elem),
        Type::Paren(paren) => maybe_zero_sized(&paren.elem),
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "PhantomData" || last.ident == "PhantomPinned"),
        _ => false,
    }
}

/// Types known to have a non-zero size: primitives, text, slices, vectors,
/// paths, references, and arrays and tuples of them.
pub(crate) fn known_non_zero_sized(ty: &Type) -> bool {
    match ty {
        Type::Reference(_) | Type::Slice(_) | Type::Ptr(_) => true,
        Type::Array(array) => {
            !crate::syntax::is_zero(&array.len) && known_non_zero_sized(&array.elem)
        }
        Type::Tuple(tuple) => tuple.elems.iter().any(known_non_zero_sized),
        Type::Group(group) => known_non_zero_sized(&group.elem),
        Type::Paren(paren) => known_non_zero_sized(&paren.elem),
        _ => matches!(
            base(ty),
            Base::Primitive
                | Base::Str
                | Base::String
                | Base::Vec
                | Base::VecDeque
                | Base::PathBuf
                | Base::OsString
                | Base::CString
                | Base::Box
                | Base::Rc
                | Base::Arc
                | Base::Collection
        ),
    }
}

/// `Box<dyn Error>`, `Box<dyn Error + Send + Sync>`, ... (any trait object
/// whose first bound is a path ending in `Error`), or `anyhow::Error`:
/// the error types that `?` converts other errors into by boxing them.
pub(crate) fn is_boxed_error(ty: &Type) -> bool {
    let (refs, inner) = peel(ty);
    if refs > 0 {
        return false;
    }
    if let Type::Path(path) = inner {
        let segments = path_segments(&path.path);
        if segments.len() == 2 && segments[0] == "anyhow" && segments[1] == "Error" {
            return true;
        }
    }
    if base(inner) != Base::Box {
        return false;
    }
    let Some(Type::TraitObject(object)) = generic(inner, 0).map(|ty| peel(ty).1) else {
        return false;
    };
    object.bounds.iter().any(|bound| match bound {
        syn::TypeParamBound::Trait(bound) => bound
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "Error"),
        _ => false,
    })
}

/// The error type of a `Result<T, E>` (or `anyhow::Result<T>`), if written.
pub(crate) fn result_error(ty: &Type) -> Option<Type> {
    let (refs, inner) = peel(ty);
    if refs > 0 {
        return None;
    }
    let Type::Path(path) = inner else {
        return None;
    };
    let segments = &path.path.segments;
    let last = segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    if segments.len() == 2 && segments[0].ident == "anyhow" {
        return Some(parse("anyhow::Error"));
    }
    if base(inner) != Base::Result {
        return None;
    }
    generic(inner, 1).map(copy)
}

/// Primitive types whose `FromStr` error is a non-zero-sized std error
/// (`ParseIntError`, `ParseFloatError`, `ParseCharError`): boxing it
/// allocates. (`bool`'s `ParseBoolError` is zero-sized.)
pub(crate) fn parses_with_sized_error(ty: &Type) -> bool {
    let (refs, inner) = peel(ty);
    refs == 0
        && base(inner) == Base::Primitive
        && !matches!(inner, Type::Path(path) if path.path.is_ident("bool"))
}

/// The type of a literal, when it says.
pub(crate) fn literal(lit: &Lit) -> Option<Type> {
    match lit {
        Lit::Str(_) => Some(parse("&str")),
        Lit::ByteStr(bytes) => Some(reference(
            Type::Array(syn::TypeArray {
                attrs: Vec::new(),
                bracket_token: Default::default(),
                elem: Box::new(parse("u8")),
                semi_token: Default::default(),
                len: syn::Expr::Lit(syn::ExprLit {
                    attrs: Vec::new(),
                    lit: Lit::Int(syn::LitInt::new(
                        &bytes.value().len().to_string(),
                        bytes.span(),
                    )),
                }),
            }),
            false,
        )),
        Lit::CStr(_) => Some(parse("&core::ffi::CStr")),
        Lit::Char(_) => Some(parse("char")),
        Lit::Bool(_) => Some(parse("bool")),
        Lit::Byte(_) => Some(parse("u8")),
        Lit::Int(int) if !int.suffix().is_empty() => syn::parse_str(int.suffix()).ok(),
        Lit::Float(float) if !float.suffix().is_empty() => syn::parse_str(float.suffix()).ok(),
        _ => None,
    }
}

/// The type of `self` as the receiver says: `Self`, `&Self`, `&mut Self`,
/// or what `self: T` writes.
pub(crate) fn receiver_type(receiver: &syn::Receiver) -> Option<Type> {
    match &receiver.kind {
        syn::ReceiverKind::Value => Some(parse("Self")),
        syn::ReceiverKind::Reference(_, _, mutability) => {
            Some(reference(parse("Self"), mutability.is_some()))
        }
        syn::ReceiverKind::Typed(_, ty) => Some(copy(ty)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(src: &str) -> Type {
        parse(src)
    }

    fn text(ty: Option<&Type>) -> Option<String> {
        ty.map(|ty| quote::ToTokens::to_token_stream(ty).to_string())
    }

    fn same(ty: Option<&Type>, src: &str) -> bool {
        text(ty) == text(Some(&parse(src)))
    }

    #[test]
    fn shapes() {
        assert_eq!(shape(&ty("&str")), (1, Base::Str));
        assert_eq!(shape(&ty("&&'static str")), (2, Base::Str));
        assert_eq!(shape(&ty("&mut [u8]")), (1, Base::Slice));
        assert_eq!(shape(&ty("std::string::String")), (0, Base::String));
        assert_eq!(shape(&ty("my::String")), (0, Base::Other));
        assert_eq!(shape(&ty("&Vec<f32>")), (1, Base::Vec));
        assert_eq!(shape(&ty("()")), (0, Base::Unit));
        assert_eq!(shape(&ty("u64")), (0, Base::Primitive));
        assert!(same(
            generic(&ty("Result<u8, Box<dyn Error>>"), 1),
            "Box<dyn Error>"
        ));
        assert!(same(element(&ty("&[&str]")), "&str"));
        assert!(same(element(&ty("Vec<u8>")), "u8"));
        assert!(same(deref(&ty("&&str")).as_ref(), "&str"));
    }

    #[test]
    fn copies() {
        assert!(to_owned_copies(&ty("&str")));
        assert!(to_owned_copies(&ty("&[u8]")));
        assert!(to_owned_copies(&ty("&Path")));
        assert!(to_owned_copies(&ty("String")));
        assert!(!to_owned_copies(&ty("&&str")));
        assert!(!to_owned_copies(&ty("&u64")));
        assert!(!to_owned_copies(&ty("&[u8; 4]")));
        assert!(!to_owned_copies(&ty("&[()]")));
        assert!(clone_allocates(&ty("&Vec<f32>")));
        assert!(clone_allocates(&ty("&String")));
        assert!(clone_allocates(&ty("Box<str>")));
        assert!(!clone_allocates(&ty("&str")));
        assert!(!clone_allocates(&ty("&&String")));
        assert!(!clone_allocates(&ty("Box<dyn Effect>")));
        assert!(!clone_allocates(&ty("Box<Bypass>")));
        assert!(!clone_allocates(&ty("Vec<()>")));
        assert!(!clone_allocates(&ty("Arc<str>")));
    }

    #[test]
    fn errors() {
        assert!(is_boxed_error(&ty("Box<dyn Error>")));
        assert!(is_boxed_error(&ty(
            "Box<dyn std::error::Error + Send + Sync>"
        )));
        assert!(is_boxed_error(&ty("anyhow::Error")));
        assert!(!is_boxed_error(&ty("Box<dyn Fn()>")));
        assert!(!is_boxed_error(&ty("MyError")));
        assert!(same(result_error(&ty("Result<u8, E>")).as_ref(), "E"));
        assert!(same(
            result_error(&ty("anyhow::Result<u8>")).as_ref(),
            "anyhow::Error"
        ));
        assert!(result_error(&ty("io::Result<u8>")).is_none());
        assert!(parses_with_sized_error(&ty("u16")));
        assert!(parses_with_sized_error(&ty("f32")));
        assert!(!parses_with_sized_error(&ty("bool")));
        assert!(!parses_with_sized_error(&ty("Ipv4Addr")));
    }
}
