//! What a body's own `use` items and item declarations make of a name.
//!
//! The catalogue knows std's items by name: `Vec::new`, `String::from`,
//! `format!`. A body may say otherwise: after `use heapless::Vec;`, `Vec`
//! is heapless's, and `Vec::new()` builds an inline vector; after `struct
//! String;` or `macro_rules! format`, the name is the body's own. Items and
//! imports in a block apply to the whole block, before them too, and to the
//! blocks inside it.
//!
//! A glob import from outside std (`use heapless::*;`) may bring any name:
//! a name not imported otherwise then only *maybe* means std's item.

use crate::depth::{Nested, deeper};
use std::collections::HashMap;
use syn::ext::IdentExt;
use syn::{Item, Stmt, UseTree};

/// Where a name written in the body leads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// The full path it is imported from (into std, or anywhere else).
    Imported(Vec<String>),
    /// An item declared in the body itself.
    Local,
}

/// The names of one block.
#[derive(Debug, Default)]
struct Scope {
    names: HashMap<String, Origin>,
    /// A glob import from outside std.
    glob_elsewhere: bool,
}

/// The imports and items of the blocks being walked, innermost last.
#[derive(Debug, Default)]
pub(crate) struct Imports {
    /// One entry per block entered: `None` for the many blocks without any.
    scopes: Vec<Option<Scope>>,
}

/// What a path written in the body names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// As written: nothing in the body renames its first segment.
    AsWritten,
    /// The path with its first segment replaced by where that is imported
    /// from (`Map::new` after `use std::collections::HashMap as Map;` is
    /// `std::collections::HashMap::new`), or by `self::` for an item of the
    /// body: then std's only if that leads into std.
    Path(Vec<String>),
    /// As written, but a glob import from outside std may have brought its
    /// first segment.
    Maybe,
}

impl Imports {
    /// Enters a block with these statements.
    pub(crate) fn push(&mut self, stmts: &[Stmt]) {
        let mut scope = Scope::default();
        for stmt in stmts {
            if let Stmt::Item(item) = stmt {
                declare(item, &mut scope);
            }
        }
        let any = !scope.names.is_empty() || scope.glob_elsewhere;
        self.scopes.push(any.then_some(scope));
    }

    /// Leaves the innermost block.
    pub(crate) fn pop(&mut self) {
        self.scopes.pop();
    }

    /// What the path `segments`, written in the body, names.
    pub(crate) fn resolve(&self, segments: &[String]) -> Resolved {
        let Some((first, rest)) = segments.split_first() else {
            return Resolved::AsWritten;
        };
        let mut glob = false;
        for scope in self.scopes.iter().rev().flatten() {
            match scope.names.get(first) {
                Some(Origin::Imported(full)) => {
                    return Resolved::Path(full.iter().chain(rest).cloned().collect());
                }
                Some(Origin::Local) => {
                    return Resolved::Path(
                        ["self".to_owned()]
                            .iter()
                            .chain(segments)
                            .cloned()
                            .collect(),
                    );
                }
                None => glob |= scope.glob_elsewhere,
            }
        }
        if glob && !crate::path_pattern::from_std(std::slice::from_ref(first)) {
            Resolved::Maybe
        } else {
            Resolved::AsWritten
        }
    }

    /// Whether a path starting with `first` may name something else than
    /// what std names so.
    pub(crate) fn shadows(&self, first: &str) -> bool {
        !self.scopes.iter().all(Option::is_none)
            && match self.resolve(&[first.to_owned()]) {
                Resolved::AsWritten => false,
                Resolved::Path(path) => !crate::path_pattern::from_std(&path[..path.len() - 1]),
                Resolved::Maybe => true,
            }
    }

    /// Whether a type written in the body names anything the body's
    /// imports or items may have taken from std (`Vec<u8, 8>` after `use
    /// heapless::Vec;`): then nothing is known of it.
    pub(crate) fn shadows_type(&self, ty: &syn::Type) -> bool {
        if self.scopes.iter().all(Option::is_none) {
            return false;
        }
        let mut names = TypeNames::default();
        syn::visit::Visit::visit_type(&mut names, ty);
        names.firsts.iter().any(|name| self.shadows(name))
    }
}

/// The first segments of the paths in a type.
#[derive(Default)]
struct TypeNames {
    firsts: Vec<String>,
    depth: usize,
}

impl<'ast> syn::visit::Visit<'ast> for TypeNames {
    fn visit_type(&mut self, ty: &'ast syn::Type) {
        // Types nest by recursion; this deep, the rest is not looked at.
        deeper(self, |names| syn::visit::visit_type(names, ty));
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first() {
            self.firsts.push(first.ident.unraw().to_string());
        }
        syn::visit::visit_path(self, path);
    }
}

impl Nested for TypeNames {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

/// Adds what an item of the block brings into scope.
fn declare(item: &Item, scope: &mut Scope) {
    let ident = match item {
        // `use ::heapless::Vec;` is `use heapless::Vec;` (edition 2018 on).
        Item::Use(item) => {
            import(&item.tree, &mut Vec::new(), scope);
            return;
        }
        Item::Const(item) => &item.ident,
        Item::Enum(item) => &item.ident,
        Item::Fn(item) => &item.sig.ident,
        Item::Macro(item) => match &item.ident {
            Some(ident) => ident,
            None => return,
        },
        Item::Mod(item) => &item.ident,
        Item::Static(item) => &item.ident,
        Item::Struct(item) => &item.ident,
        Item::Trait(item) => &item.ident,
        Item::Type(item) => &item.ident,
        Item::Union(item) => &item.ident,
        _ => return,
    };
    scope.names.insert(ident.unraw().to_string(), Origin::Local);
}

/// Adds the names a `use` tree imports, under `prefix` (a stack of its
/// own: a tree may nest deep).
fn import(tree: &UseTree, prefix: &mut Vec<String>, scope: &mut Scope) {
    let mut open: Vec<(&UseTree, usize)> = vec![(tree, prefix.len())];
    while let Some((tree, depth)) = open.pop() {
        prefix.truncate(depth);
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.unraw().to_string());
                open.push((&path.tree, prefix.len()));
            }
            UseTree::Name(name) => {
                let name = name.ident.unraw().to_string();
                // `use a::b::{self}` imports `b`.
                if name == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        scope.names.insert(last, Origin::Imported(prefix.clone()));
                    }
                } else {
                    let mut full = prefix.clone();
                    full.push(name.clone());
                    scope.names.insert(name, Origin::Imported(full));
                }
            }
            UseTree::Rename(rename) => {
                let mut full = prefix.clone();
                let original = rename.ident.unraw().to_string();
                if original != "self" {
                    full.push(original);
                }
                scope
                    .names
                    .insert(rename.rename.unraw().to_string(), Origin::Imported(full));
            }
            UseTree::Glob(_) => {
                if prefix.is_empty() || !crate::path_pattern::from_std(prefix) {
                    scope.glob_elsewhere = true;
                }
            }
            UseTree::Group(group) => {
                for tree in &group.items {
                    open.push((tree, prefix.len()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imports(body: &str) -> Imports {
        let block: syn::Block = syn::parse_str(body).expect("block");
        let mut imports = Imports::default();
        imports.push(&block.stmts);
        imports
    }

    fn path(text: &str) -> Vec<String> {
        text.split("::").map(str::to_owned).collect()
    }

    #[test]
    fn use_items_rename_the_first_segment() {
        let imports = imports(
            "{ use heapless::Vec; use std::collections::HashMap as Map; \
             use heapless::{String, pool::{self}}; use ::bumpalo::vec; }",
        );
        assert_eq!(
            imports.resolve(&path("Vec::new")),
            Resolved::Path(path("heapless::Vec::new"))
        );
        assert_eq!(
            imports.resolve(&path("Map::new")),
            Resolved::Path(path("std::collections::HashMap::new"))
        );
        assert_eq!(
            imports.resolve(&path("String::from")),
            Resolved::Path(path("heapless::String::from"))
        );
        assert_eq!(
            imports.resolve(&path("pool::take")),
            Resolved::Path(path("heapless::pool::take"))
        );
        assert_eq!(imports.resolve(&path("Box::new")), Resolved::AsWritten);
        assert!(imports.shadows("Vec"));
        assert!(imports.shadows("vec"));
        assert!(!imports.shadows("Map"));
        assert!(!imports.shadows("Box"));
    }

    #[test]
    fn items_of_the_body_are_its_own() {
        let imports = imports("{ struct String; macro_rules! format { () => {} } }");
        assert_eq!(
            imports.resolve(&path("String::from")),
            Resolved::Path(path("self::String::from"))
        );
        assert!(imports.shadows("format"));
        assert!(!imports.shadows("Vec"));
    }

    #[test]
    fn glob_imports_from_elsewhere_leave_a_doubt() {
        let imports = imports("{ use heapless::*; use std::collections::*; }");
        assert_eq!(imports.resolve(&path("Vec::new")), Resolved::Maybe);
        assert_eq!(
            imports.resolve(&path("std::vec::Vec::new")),
            Resolved::AsWritten
        );
        assert!(imports.shadows("Vec"));
        let std_only = self::imports("{ use std::collections::*; }");
        assert_eq!(std_only.resolve(&path("Vec::new")), Resolved::AsWritten);
    }

    #[test]
    fn inner_blocks_see_outer_imports_and_hide_them() {
        let mut imports = imports("{ use heapless::Vec; }");
        imports.push(&[]);
        assert!(imports.shadows("Vec"));
        let inner: syn::Block = syn::parse_str("{ use std::vec::Vec; }").expect("block");
        imports.push(&inner.stmts);
        assert!(!imports.shadows("Vec"));
        imports.pop();
        imports.pop();
        assert!(imports.shadows("Vec"));
    }

    #[test]
    fn types_naming_an_import() {
        let imports = imports("{ use heapless::Vec; }");
        let ty = |text: &str| syn::parse_str::<syn::Type>(text).expect("type");
        assert!(imports.shadows_type(&ty("Vec<u8, 8>")));
        assert!(imports.shadows_type(&ty("Option<&Vec<u8, 8>>")));
        assert!(!imports.shadows_type(&ty("std::vec::Vec<u8>")));
        assert!(!imports.shadows_type(&ty("String")));
    }
}
