//! Which functions of the loaded crates are test code: `#[test]` (or any
//! attribute whose path ends in `test`, as `#[tokio::test]`), or under
//! `#[cfg(test)]` on themselves, their impl, or a module around them.
//! `audit` skips them unless asked (`--tests`): a ranking of where a hot
//! path allocates is not about tests.

use crate::index::{FnId, Index};
use crate::modules::{ModId, Sources};
use std::collections::HashSet;

/// The test functions of `index`.
pub fn test_fns(index: &Index) -> HashSet<FnId> {
    let sources = index.sources;
    let mut test_modules: Vec<Option<bool>> = vec![None; sources.modules.len()];
    let mut marked: HashSet<(usize, usize)> = HashSet::new();
    for module in 0..sources.modules.len() {
        let file = sources.modules[module].file;
        for item in sources.items(module) {
            match item {
                syn::Item::Fn(f) if is_test(&f.attrs) => {
                    marked.insert((file, f.sig.ident.span().byte_range().start));
                }
                syn::Item::Impl(block) => {
                    let whole = is_test(&block.attrs);
                    for inner in &block.items {
                        if let syn::ImplItem::Fn(f) = inner
                            && (whole || is_test(&f.attrs))
                        {
                            marked.insert((file, f.sig.ident.span().byte_range().start));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = HashSet::new();
    for (id, item) in index.fns.iter().enumerate() {
        let mut test = in_test_module(sources, item.module, &mut test_modules)
            || marked.contains(&(item.file, item.span.byte_range().start));
        let mut outer = item.enclosing;
        let mut depth = 0;
        while let Some(f) = outer
            && !test
            && depth < 64
        {
            test = marked.contains(&(index.fns[f].file, index.fns[f].span.byte_range().start));
            outer = index.fns[f].enclosing;
            depth += 1;
        }
        if test {
            found.insert(id);
        }
    }
    found
}

/// Whether `module` or a module around it is declared under
/// `#[cfg(test)]`; memoised in `known`.
fn in_test_module(sources: &Sources, module: ModId, known: &mut [Option<bool>]) -> bool {
    let mut chain = Vec::new();
    let mut current = Some(module);
    let mut answer = false;
    while let Some(m) = current {
        if let Some(test) = known[m] {
            answer = test;
            break;
        }
        chain.push(m);
        if declared_for_tests(sources, m) {
            answer = true;
            break;
        }
        current = sources.modules[m].parent;
    }
    for m in chain {
        known[m] = Some(answer);
    }
    answer
}

/// Whether the `mod` item declaring `module` is `#[cfg(test)]`.
fn declared_for_tests(sources: &Sources, module: ModId) -> bool {
    let m = &sources.modules[module];
    let Some(parent) = m.parent else {
        return false;
    };
    let items = sources.items(parent);
    let declarations: Vec<&syn::ItemMod> = match m.inline.last() {
        Some(&index) => items.get(index).and_then(as_mod).into_iter().collect(),
        None => items
            .iter()
            .filter_map(as_mod)
            .filter(|d| d.content.is_none() && syn::ext::IdentExt::unraw(&d.ident) == m.name)
            .collect(),
    };
    !declarations.is_empty() && declarations.iter().all(|d| is_test(&d.attrs))
}

fn as_mod(item: &syn::Item) -> Option<&syn::ItemMod> {
    match item {
        syn::Item::Mod(m) => Some(m),
        _ => None,
    }
}

/// `#[test]`, `#[tokio::test]`, `#[cfg(test)]`, `#[cfg(all(test, ..))]`.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let path = attr.path();
        if path.segments.last().is_some_and(|s| s.ident == "test") {
            return true;
        }
        if !path.is_ident("cfg") {
            return false;
        }
        let Ok(meta) = attr.parse_args::<syn::Meta>() else {
            return false;
        };
        requires_test(&meta)
    })
}

/// Whether the cfg predicate holds only under `cfg(test)`.
fn requires_test(meta: &syn::Meta) -> bool {
    match meta {
        syn::Meta::Path(path) => path.is_ident("test"),
        syn::Meta::List(list) if list.path.is_ident("all") => list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|all| all.iter().any(requires_test)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::load_lib;

    #[test]
    fn finds_test_code() {
        let (_dir, sources) = load_lib(
            "test-code",
            &[
                (
                    "src/lib.rs",
                    "pub fn real() {}\n\
                     #[test] fn plain_test() {}\n\
                     #[tokio::test] async fn async_test() {}\n\
                     #[cfg(test)] fn helper() { fn inner() {} }\n\
                     #[cfg(all(test, unix))] fn unix_helper() {}\n\
                     #[cfg(any(test, unix))] fn maybe() {}\n\
                     pub struct S;\n\
                     #[cfg(test)] impl S { fn fixture() {} }\n\
                     impl S { pub fn method(&self) {} }\n\
                     #[cfg(test)] mod tests { fn inline_helper() {} mod deeper { fn deep() {} } }\n\
                     #[cfg(test)] mod file_tests;\n",
                ),
                ("src/file_tests.rs", "fn in_file() {}\n"),
            ],
        );
        let index = Index::build(&sources);
        let mut names: Vec<&str> = test_fns(&index)
            .into_iter()
            .map(|id| index.fns[id].name.as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(
            names,
            [
                "async_test",
                "deep",
                "fixture",
                "helper",
                "in_file",
                "inline_helper",
                "inner",
                "plain_test",
                "unix_helper"
            ]
        );
    }
}
