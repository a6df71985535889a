//! What a generic type parameter is bound by, for calls made through it
//! (`T::make()`, `<T as Tr>::make()`): the traits named in its declaration
//! (`<T: Tr + Other>`) and in `where` clauses (`where T: Tr`).

use syn::ext::IdentExt;

/// The traits bounding the type parameter `param` (by their last path
/// segment), or `None` when no generics in `scopes` declare it. Lifetimes
/// and `?Sized` are left out.
pub fn bounds_of(param: &str, scopes: &[&syn::Generics]) -> Option<Vec<String>> {
    let mut declared = false;
    let mut bounds = Vec::new();
    for generics in scopes {
        for type_param in generics.type_params() {
            if type_param.ident.unraw() == param {
                declared = true;
                add_bounds(&type_param.bounds, &mut bounds);
            }
        }
        let predicates = generics.where_clause.iter().flat_map(|w| &w.predicates);
        for predicate in predicates {
            if let syn::WherePredicate::Type(typed) = predicate
                && is_param(&typed.bounded_ty, param)
            {
                add_bounds(&typed.bounds, &mut bounds);
            }
        }
    }
    declared.then_some(bounds)
}

fn is_param(ty: &syn::Type, param: &str) -> bool {
    match ty {
        syn::Type::Path(p) => p.qself.is_none() && p.path.get_ident().is_some_and(|i| i == param),
        syn::Type::Paren(p) => is_param(&p.elem, param),
        syn::Type::Group(g) => is_param(&g.elem, param),
        _ => false,
    }
}

fn add_bounds<'b>(
    found: impl IntoIterator<Item = &'b syn::TypeParamBound>,
    bounds: &mut Vec<String>,
) {
    for bound in found {
        let syn::TypeParamBound::Trait(bound) = bound else {
            continue;
        };
        if bound.maybe.is_some() {
            continue;
        }
        if let Some(last) = bound.path.segments.last() {
            let name = last.ident.unraw().to_string();
            if !bounds.contains(&name) {
                bounds.push(name);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_and_where_bounds() {
        let item: syn::ItemFn = syn::parse_str(
            "fn f<'a, T: sub::Tr + ?Sized + 'a, U>(t: &T) where T: Other<u8>, U: Copy {}",
        )
        .unwrap();
        let scopes = [&item.sig.generics];
        assert_eq!(bounds_of("T", &scopes).unwrap(), ["Tr", "Other"]);
        assert_eq!(bounds_of("U", &scopes).unwrap(), ["Copy"]);
        assert!(bounds_of("V", &scopes).is_none());
        let imp: syn::ItemImpl = syn::parse_str("impl<T> S<T> where T: Tr {}").unwrap();
        assert_eq!(bounds_of("T", &[&imp.generics]).unwrap(), ["Tr"]);
    }
}
