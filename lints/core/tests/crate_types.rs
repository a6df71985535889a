//! What the analysis finds when a crate-wide checker tells it the crate's
//! struct fields (`analyse_fn_in`), and that it finds nothing more without.

mod common;

use common::*;
use qadapt_lints::{Certainty, CrateContext, CrateTypes, analyse_fn_in};
use std::collections::HashMap;
use syn::Type;

/// A struct: whether it derives `Clone`, and its fields with their types.
struct FakeStruct {
    derives_clone: bool,
    fields: Vec<(&'static str, Type)>,
}

/// A struct as written in a test: name, derives `Clone`, `(field, type)`s.
type Written<'t> = (&'static str, bool, &'t [(&'static str, &'t str)]);

/// The findings of one function: `(construct, certainty)`.
type Found = Vec<(String, Certainty)>;

struct Fake {
    structs: HashMap<&'static str, FakeStruct>,
}

impl Fake {
    fn new(structs: &[Written]) -> Fake {
        Fake {
            structs: structs
                .iter()
                .map(|(name, clone, fields)| {
                    let fields = fields
                        .iter()
                        .map(|(field, ty)| (*field, syn::parse_str(ty).unwrap()))
                        .collect();
                    let derives_clone = *clone;
                    (
                        *name,
                        FakeStruct {
                            derives_clone,
                            fields,
                        },
                    )
                })
                .collect(),
        }
    }
}

impl CrateTypes for Fake {
    fn field(&self, owner: &str, field: &str) -> Option<&Type> {
        let fake = self.structs.get(owner)?;
        fake.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, ty)| ty)
    }

    fn derived_clone_fields(&self, owner: &str) -> Option<Vec<&Type>> {
        let fake = self.structs.get(owner)?;
        fake.derives_clone
            .then(|| fake.fields.iter().map(|(_, ty)| ty).collect())
    }
}

fn crate_types() -> Fake {
    Fake::new(&[
        (
            "Preset",
            false,
            &[("name", "&'static str"), ("gain", "f32")],
        ),
        ("Patch", true, &[("name", "String"), ("cutoff", "f32")]),
        ("Engine", false, &[("patch", "Patch"), ("ids", "Vec<u32>")]),
        ("Knob", true, &[("value", "f32")]),
        ("Shout", false, &[("0", "&'static str")]),
    ])
}

/// The findings of a method of `self_ty`, by default (definite only), with
/// the crate's types and without.
fn method(self_ty: &str, item: &str) -> (Found, Found) {
    let item: syn::ItemFn = syn::parse_str(item).unwrap();
    let types = crate_types();
    let context = CrateContext {
        self_ty: Some(self_ty),
        types: &types,
    };
    let with = analyse_fn_in(&item.sig, &item.block, &default(), &context)
        .findings
        .into_iter()
        .map(|f| (f.construct, f.certainty))
        .collect();
    let without = found_fn(
        &quote::ToTokens::to_token_stream(&item).to_string(),
        &default(),
    );
    (with, without)
}

#[test]
fn fields_of_self_and_of_parameters_have_their_declared_types() {
    for (self_ty, item, construct) in [
        (
            "Preset",
            "fn f(&self) -> usize { self.name.to_owned().len() }",
            "`.to_owned()`",
        ),
        (
            "Engine",
            "fn f(&self) -> usize { self.ids.clone().len() }",
            "`.clone()`",
        ),
        (
            "Engine",
            "fn f(p: &Preset) -> usize { p.name.to_uppercase().len() }",
            "`.to_uppercase()`",
        ),
        (
            "Engine",
            "fn f(s: Shout) -> usize { s.0.to_lowercase().len() }",
            "`.to_lowercase()`",
        ),
        // A struct deriving `Clone` with a `String` field, through a field.
        (
            "Engine",
            "fn f(&self) -> f32 { self.patch.clone().cutoff }",
            "`.clone()`",
        ),
        (
            "Patch",
            "fn f(&self) -> Self { self.clone() }",
            "`.clone()`",
        ),
    ] {
        let (with, without) = method(self_ty, item);
        assert_eq!(
            with,
            [(construct.to_owned(), Certainty::Definite)],
            "{item}"
        );
        assert!(without.is_empty(), "the attribute cannot know: {item}");
    }
}

#[test]
fn copies_stay_quiet() {
    for (self_ty, item) in [
        ("Preset", "fn f(&self) -> f32 { self.gain.to_owned() }"),
        ("Knob", "fn f(&self) -> Knob { self.clone() }"),
        // Not a struct the crate declares: unknown, as without the crate.
        (
            "Engine",
            "fn f(&self) -> usize { self.missing.to_owned().len() }",
        ),
    ] {
        let (with, _) = method(self_ty, item);
        assert!(with.is_empty(), "{item}: {with:?}");
    }
}
