//! The crate's structs, as the analyser needs them: the declared type of
//! each field, and whether `clone()` is derived.
//!
//! `#[no_alloc]` cannot tell `self.name.to_owned()` on a `name: String`
//! (a new `String`) from one on a `name: u64` (a copy); the checker has the
//! struct at hand and tells the analyser through
//! [`qadapt_lints::CrateTypes`]. Structs are known by name, like the index
//! knows types: a name declared twice in the crate is ambiguous and stays
//! unknown, and so does a field whose type mentions the struct's generic
//! parameters.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::collections::{HashMap, HashSet};
use syn::ext::IdentExt;
use syn::{Fields, ItemStruct, Type};

/// What the analyser may know of one struct.
pub struct StructInfo<'a> {
    /// Named fields by name, tuple fields by position (`"0"`, `"1"`, ...),
    /// with their declared types; `None` for a type that depends on the
    /// struct's generic parameters.
    pub fields: Vec<(String, Option<&'a Type>)>,
    /// `#[derive(Clone)]`: `clone()` clones every field.
    pub derives_clone: bool,
}

impl<'a> StructInfo<'a> {
    pub fn of(item: &'a ItemStruct) -> StructInfo<'a> {
        let generics: HashSet<String> = item
            .generics
            .params
            .iter()
            .filter_map(|param| match param {
                syn::GenericParam::Type(ty) => Some(ty.ident.to_string()),
                syn::GenericParam::Const(constant) => Some(constant.ident.to_string()),
                _ => None,
            })
            .collect();
        let typed = |ty: &'a Type| {
            (generics.is_empty() || !mentions(ty.to_token_stream(), &generics)).then_some(ty)
        };
        let fields = match &item.fields {
            Fields::Named(named) => named
                .named
                .iter()
                .filter_map(|field| {
                    Some((field.ident.as_ref()?.unraw().to_string(), typed(&field.ty)))
                })
                .collect(),
            Fields::Unnamed(unnamed) => unnamed
                .unnamed
                .iter()
                .enumerate()
                .map(|(position, field)| (position.to_string(), typed(&field.ty)))
                .collect(),
            Fields::Unit => Vec::new(),
        };
        StructInfo {
            fields,
            derives_clone: item.attrs.iter().any(derives_clone),
        }
    }
}

/// The crate's structs by name, each name with every struct declaring it.
#[derive(Default)]
pub struct Structs<'a> {
    by_name: HashMap<String, Vec<StructInfo<'a>>>,
}

impl<'a> Structs<'a> {
    pub fn add(&mut self, item: &'a ItemStruct) {
        self.by_name
            .entry(item.ident.unraw().to_string())
            .or_default()
            .push(StructInfo::of(item));
    }

    /// The one struct of that name; `None` when there is none or several.
    fn unique(&self, name: &str) -> Option<&StructInfo<'a>> {
        match self.by_name.get(name)?.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

impl qadapt_lints::CrateTypes for Structs<'_> {
    fn field(&self, owner: &str, field: &str) -> Option<&Type> {
        let info = self.unique(owner)?;
        info.fields
            .iter()
            .find(|(name, _)| name == field)
            .and_then(|(_, ty)| *ty)
    }

    fn derived_clone_fields(&self, owner: &str) -> Option<Vec<&Type>> {
        let info = self.unique(owner)?;
        if !info.derives_clone {
            return None;
        }
        // A field of unknown type is no reason to allocate; the others
        // still decide.
        Some(info.fields.iter().filter_map(|(_, ty)| *ty).collect())
    }
}

/// `#[derive(.., Clone, ..)]` (any path ending in `Clone`). A derive under
/// `cfg_attr` applies only sometimes and does not count.
fn derives_clone(attr: &syn::Attribute) -> bool {
    let syn::Meta::List(list) = &attr.meta else {
        return false;
    };
    list.path.is_ident("derive")
        && list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths.iter().any(|path| {
                    path.segments
                        .last()
                        .is_some_and(|last| last.ident == "Clone")
                })
            })
}

/// Whether any identifier in `tokens` is one of `names`.
fn mentions(tokens: TokenStream, names: &HashSet<String>) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => names.contains(&ident.to_string()),
        TokenTree::Group(group) => mentions(group.stream(), names),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use qadapt_lints::CrateTypes;

    fn text(ty: Option<&Type>) -> Option<String> {
        ty.map(|ty| ty.to_token_stream().to_string())
    }

    #[test]
    fn fields_clone_and_ambiguity() {
        let file: syn::File = syn::parse_str(
            r#"
            #[derive(Debug, Clone)]
            struct Patch { name: String, cutoff: f32 }
            struct Shout<'a>(pub &'a str);
            struct Ring<T, const N: usize> { items: [T; N], len: usize }
            struct Twice { a: u8 }
            mod m { struct Twice { b: u8 } }
            #[cfg_attr(test, derive(Clone))]
            struct Sometimes { name: String }
            "#,
        )
        .unwrap();
        let mut structs = Structs::default();
        let mut add = |items: &'static [syn::Item]| {
            for item in items {
                match item {
                    syn::Item::Struct(s) => structs.add(s),
                    syn::Item::Mod(m) => {
                        for item in &m.content.as_ref().unwrap().1 {
                            if let syn::Item::Struct(s) = item {
                                structs.add(s);
                            }
                        }
                    }
                    _ => {}
                }
            }
        };
        add(Box::leak(Box::new(file)).items.as_slice());
        assert_eq!(
            text(structs.field("Patch", "name")).as_deref(),
            Some("String")
        );
        assert_eq!(
            text(structs.field("Shout", "0")).as_deref(),
            Some("& 'a str")
        );
        assert_eq!(structs.field("Ring", "items").map(|_| ()), None);
        assert_eq!(text(structs.field("Ring", "len")).as_deref(), Some("usize"));
        assert!(structs.field("Twice", "a").is_none(), "ambiguous");
        assert_eq!(
            structs.derived_clone_fields("Patch").map(|f| f.len()),
            Some(2)
        );
        assert!(structs.derived_clone_fields("Shout").is_none());
        assert!(structs.derived_clone_fields("Sometimes").is_none());
    }
}
