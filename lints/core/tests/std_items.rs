//! Every resolved key of the catalogue (its entries' and the quiet items') names a public item
//! of the toolchain's std, read from
//! its sources (the `rust-src` component): a std item renamed, moved or removed fails here,
//! instead of the crate-wide checker silently never matching it.

mod std_source;

use qadapt_lints::catalogue;
use std_source::{Source, impl_fns, is_pub, item_name, self_type, trait_name};
use syn::Item;

/// An impl block of `alloc` or `std`.
struct Impl {
    self_type: String,
    /// The implemented trait's last segment.
    trait_name: Option<String>,
    /// The module the block is written in.
    module: Vec<String>,
    fns: Vec<(String, bool)>,
}

struct Std {
    source: Source,
    impls: Vec<Impl>,
}

impl Std {
    fn load() -> Std {
        let mut source = Source::new(std_source::library());
        let mut impls = Vec::new();
        for crate_name in ["alloc", "std"] {
            for path in source.crate_modules(crate_name) {
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                let module = source.module(&names).expect("listed modules load");
                for item in &module.items {
                    if let Item::Impl(item) = item
                        && let Some(self_type) = self_type(item)
                    {
                        impls.push(Impl {
                            self_type,
                            trait_name: trait_name(item),
                            module: path.clone(),
                            fns: impl_fns(item).collect(),
                        });
                    }
                }
            }
        }
        assert!(
            impls.len() > 1000,
            "only {} impl blocks in std",
            impls.len()
        );
        Std { source, impls }
    }

    /// The public item at this path, as its module in std's tree declares it.
    fn item(&mut self, path: &[&str]) -> Result<&Item, String> {
        let (name, module) = path.split_last().ok_or("an empty path")?;
        let module = self
            .source
            .module(module)
            .ok_or_else(|| format!("no module `{}` in std's sources", module.join("::")))?;
        let item = module
            .items
            .iter()
            .find(|item| item_name(item).is_some_and(|(found, _)| found == *name))
            .ok_or_else(|| format!("no item `{name}` in `{}`", module.path.join("::")))?;
        match item_name(item) {
            Some((_, vis)) if is_pub(vis) => Ok(item),
            _ => Err(format!("`{}` is not public", path.join("::"))),
        }
    }

    fn check(&mut self, key: &str) -> Result<(), String> {
        match key.strip_prefix('<') {
            Some(qualified) => self.check_trait_impl(qualified),
            None => self.check_path(key),
        }
    }

    /// `SELF as TRAIT>::method`.
    fn check_trait_impl(&mut self, qualified: &str) -> Result<(), String> {
        let (types, method) = qualified.split_once(">::").ok_or("no `>::`")?;
        let (self_path, trait_path) = types.split_once(" as ").ok_or("no ` as `")?;
        let trait_segments: Vec<&str> = trait_path.split("::").collect();
        let trait_item = self.item(&trait_segments)?;
        let Item::Trait(trait_item) = trait_item else {
            return Err(format!("`{trait_path}` is not a trait"));
        };
        let trait_name = trait_item.ident.to_string();
        let declares = trait_item.items.iter().any(
            |item| matches!(item, syn::TraitItem::Fn(function) if function.sig.ident == method),
        );
        let self_name = if self_path.contains("::") {
            let segments: Vec<&str> = self_path.split("::").collect();
            let attrs = match self.item(&segments)? {
                Item::Struct(item) => &item.attrs,
                Item::Enum(item) => &item.attrs,
                Item::Union(item) => &item.attrs,
                _ => return Err(format!("`{self_path}` is not a type")),
            };
            if declares && derives(attrs, &trait_name) {
                return Ok(());
            }
            (*segments.last().unwrap()).to_owned()
        } else {
            self_path.to_owned()
        };
        let implemented = self.impls.iter().any(|block| {
            block.self_type == self_name
                && block.trait_name.as_deref() == Some(&trait_name)
                && block.fns.iter().any(|(name, _)| name == method)
        });
        if implemented {
            Ok(())
        } else {
            Err(format!(
                "no `impl {trait_name} for {self_name}` defining `{method}`"
            ))
        }
    }

    /// A free function, a trait's method, or an inherent method of a type or a primitive.
    fn check_path(&mut self, key: &str) -> Result<(), String> {
        let segments: Vec<&str> = key.split("::").collect();
        let [owner @ .., method] = segments.as_slice() else {
            return Err("an empty key".to_owned());
        };
        let lowercase = owner
            .last()
            .is_some_and(|name| name.starts_with('[') || name.starts_with(char::is_lowercase));
        if lowercase {
            // A free function, `alloc::fmt::format`, or a primitive's inherent method,
            // `alloc::str::str::to_lowercase`: an `impl str` block of the module `alloc::str`.
            if let Ok(Item::Fn(_)) = self.item(&segments) {
                return Ok(());
            }
            let (self_name, module) = owner.split_last().ok_or("no module")?;
            let defined = self.impls.iter().any(|block| {
                block.module == *module
                    && block.trait_name.is_none()
                    && block.self_type == *self_name
                    && block
                        .fns
                        .iter()
                        .any(|(name, public)| name == method && *public)
            });
            return if defined {
                Ok(())
            } else {
                Err(format!(
                    "neither a public function nor a public method of `impl {self_name}` in `{}`",
                    module.join("::")
                ))
            };
        }
        match self.item(owner)? {
            Item::Trait(item) => {
                let declared = item.items.iter().any(
                    |item| matches!(item, syn::TraitItem::Fn(function) if function.sig.ident == method),
                );
                if declared {
                    Ok(())
                } else {
                    Err(format!("the trait declares no `{method}`"))
                }
            }
            Item::Struct(_) | Item::Enum(_) | Item::Union(_) => {
                let self_name = *owner.last().unwrap();
                let defined = self.impls.iter().any(|block| {
                    block.trait_name.is_none()
                        && block.self_type == self_name
                        && block
                            .fns
                            .iter()
                            .any(|(name, public)| name == method && *public)
                });
                if defined {
                    Ok(())
                } else {
                    Err(format!("no public inherent `{self_name}::{method}`"))
                }
            }
            _ => Err(format!(
                "`{}` is neither a type nor a trait",
                owner.join("::")
            )),
        }
    }
}

/// Whether `#[derive(..)]` among these attributes names the trait.
fn derives(attrs: &[syn::Attribute], trait_name: &str) -> bool {
    attrs.iter().any(|attr| {
        let mut found = false;
        if attr.path().is_ident("derive") {
            // Unparsable derive lists derive nothing the check can use.
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta
                    .path
                    .segments
                    .last()
                    .is_some_and(|last| last.ident == trait_name);
                Ok(())
            });
        }
        found
    })
}

/// One test, since loading std takes seconds (and syn's trees cannot be shared between the
/// threads of several tests): the check is checked first, on keys right and wrong.
#[test]
fn every_resolved_key_names_a_public_std_item() {
    let mut std = Std::load();
    the_check_tells_wrong_keys(&mut std);
    let mut wrong = Vec::new();
    let mut count = 0;
    for key in catalogue::resolved_keys().chain(catalogue::quiet_keys().iter().copied()) {
        count += 1;
        if let Err(why) = std.check(key) {
            wrong.push(format!("{key}: {why}"));
        }
    }
    assert!(count > 100, "only {count} keys");
    assert!(
        wrong.is_empty(),
        "{} of {count} resolved keys name no public item of this toolchain's std:\n{}",
        wrong.len(),
        wrong.join("\n"),
    );
}

fn the_check_tells_wrong_keys(std: &mut Std) {
    for key in [
        "alloc::vec::Vec::push",
        "alloc::fmt::format",
        "alloc::str::str::to_lowercase",
        "alloc::slice::[T]::to_vec",
        "<alloc::string::String as core::convert::From>::from",
        "alloc::string::ToString::to_string",
        // Derived.
        "<alloc::ffi::c_str::CString as core::clone::Clone>::clone",
    ] {
        assert_eq!(std.check(key), Ok(()), "{key}");
    }
    for key in [
        // Re-exported, not defined, there.
        "std::vec::Vec::push",
        "std::collections::HashMap::new",
        // Misspelt, private, not in that impl, derived for another trait.
        "alloc::vec::Vec::pushh",
        "alloc::vec::Vec::grow_one",
        "alloc::str::str::to_vec",
        "alloc::slice::[u8]::to_vec",
        "<alloc::string::String as core::clone::Clone>::from",
        "<alloc::string::String as core::convert::Into>::into",
        "alloc::string::ToString::to_str",
        "alloc::fmt::formatt",
        "<alloc::ffi::c_str::CString as core::default::Default>::clone",
        "<alloc::ffi::c_str::CString as core::fmt::Display>::fmt",
    ] {
        assert!(std.check(key).is_err(), "{key}");
    }
}
