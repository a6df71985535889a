//! What a crate-wide checker knows of the crate's own types, which a proc
//! macro cannot see: the fields of its structs, and which derive `Clone`.
//!
//! `#[no_alloc]` sees one function: `self.name.to_owned()` is possible
//! there, since `name` could be a `u64`. `cargo qadapt` has indexed the whole
//! crate and knows `name: String`, so the same call is definite there. The
//! checker hands its index to [`crate::analyse_fn_in`] through
//! [`CrateTypes`]; with [`NoCrateTypes`] the analysis is the attribute's.

use crate::types::{self, Base};
use syn::Type;

/// The crate's own types, by name (the last segment of their path, the way
/// the checker indexes them).
pub trait CrateTypes {
    /// The declared type of the field `field` (`"0"`, `"1"`, ... for a tuple
    /// struct) of the crate's struct named `owner`. `None` when unknown,
    /// when several structs have that name, or when the type mentions the
    /// struct's generic parameters (which the field's type depends on).
    fn field(&self, owner: &str, field: &str) -> Option<&Type>;

    /// The types of all fields of the crate's struct named `owner`, if it
    /// derives `Clone` (its `clone()` then clones each field); `None`
    /// otherwise or when unknown.
    fn derived_clone_fields(&self, owner: &str) -> Option<Vec<&Type>>;
}

/// Knows nothing: the analysis of a lone function, as `#[no_alloc]` does.
pub struct NoCrateTypes;

impl CrateTypes for NoCrateTypes {
    fn field(&self, _: &str, _: &str) -> Option<&Type> {
        None
    }

    fn derived_clone_fields(&self, _: &str) -> Option<Vec<&Type>> {
        None
    }
}

/// Where a function is analysed: in an impl of a crate type, with the
/// crate's types at hand.
pub struct CrateContext<'c> {
    /// The name of the impl's self type (what `Self` and `self` are), for a
    /// method.
    pub self_ty: Option<&'c str>,
    pub types: &'c dyn CrateTypes,
}

/// How deep [`clone_allocates`] looks into structs of structs.
pub(crate) const CLONE_DEPTH: usize = 4;

/// The name of a crate type: a single-segment path (or one starting with
/// `crate`, `self` or `super`) that is not a std type, `Self` being the
/// impl's self type. References are peeled. The type's own generic
/// arguments are not tracked: a field of generic type stays unknown.
pub(crate) fn crate_type_name(ty: &Type, self_ty: Option<&str>) -> Option<String> {
    let (_, inner) = types::peel(ty);
    let Type::Path(path) = inner else {
        return None;
    };
    if path.qself.is_some() || types::base(inner) != Base::Other {
        return None;
    }
    let segments: Vec<&syn::PathSegment> = path.path.segments.iter().collect();
    let (last, prefix) = segments.split_last()?;
    let relative = prefix.iter().all(|segment| {
        matches!(
            segment.ident.to_string().as_str(),
            "crate" | "self" | "super"
        )
    });
    if !relative {
        return None;
    }
    if last.ident == "Self" {
        return self_ty.map(str::to_owned);
    }
    Some(last.ident.to_string())
}

/// Whether `clone()` of a value of type `ty` (or of one reference to it)
/// allocates whenever its heap buffers are non-empty: a std type that owns
/// one (see [`types::clone_allocates`]), or a crate struct deriving `Clone`
/// with such a field.
pub(crate) fn clone_allocates(ty: &Type, context: &CrateContext, depth: usize) -> bool {
    if types::clone_allocates(ty) {
        return true;
    }
    if depth == 0 || types::peel(ty).0 > 1 {
        return false;
    }
    let Some(name) = crate_type_name(ty, context.self_ty) else {
        return false;
    };
    let Some(fields) = context.types.derived_clone_fields(&name) else {
        return false;
    };
    // A field's `Self` is the field's struct, not the impl's.
    let inner = CrateContext {
        self_ty: Some(&name),
        types: context.types,
    };
    fields
        .iter()
        .any(|field| types::peel(field).0 == 0 && clone_allocates(field, &inner, depth - 1))
}
