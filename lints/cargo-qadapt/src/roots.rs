//! The roots of the walk: every `#[no_alloc]` function of the checked
//! packages (written on the function, on its `impl` block or inline
//! module, or inside a `cfg_attr`), read with its options; and the
//! functions named by `--root PATH` and `roots = [..]`, in any crate of the
//! graph, checked as if they were `#[no_alloc]`.
//!
//! The attribute is read from the syntax the engine parsed (its HIR keeps
//! no list of attributes): only in files whose text mentions `no_alloc`.

use crate::attr::{self, NoAlloc};
use crate::files::Files;
use crate::item_path::ItemPath;
use crate::load::{Loaded, Package};
use crate::policy;
use crate::report::{Location, Note, Severity};
use qadapt_lints::{Options, PathPattern};
use ra_ap_hir::{self as hir, HasSource};
use ra_ap_hir_def::FunctionId;
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::{CrateOrigin, SourceDatabase};
use ra_ap_syntax::{AstNode, SyntaxNode, ast, ast::HasAttrs, ast::HasName};

/// One function to walk from.
#[derive(Debug, Clone)]
pub struct Root {
    pub func: FunctionId,
    /// As chains show it: `process`, `Voice::render`.
    pub name: String,
    pub options: Options,
    pub severity: Severity,
    /// The package it belongs to (for `--root`: the package checked).
    pub package: usize,
}

/// The roots found, and notes on attributes that could not be read.
#[derive(Debug, Default)]
pub struct Roots {
    pub roots: Vec<Root>,
    pub notes: Vec<Note>,
    /// Functions with a body in the checked packages.
    pub functions: usize,
    /// Files of the checked packages, and their lines.
    pub files: usize,
    pub lines: usize,
}

/// A crate of a checked package: its package index, if the crate is the
/// package's library or a binary.
pub fn checked_package(loaded: &Loaded, krate: hir::Crate) -> Option<usize> {
    if !matches!(krate.origin(&loaded.db), CrateOrigin::Local { .. }) {
        return None;
    }
    let file = krate.root_file(&loaded.db);
    let path = loaded.files.path(file)?;
    loaded.packages.iter().position(|package: &Package| {
        package.selected
            && package.targets.iter().any(|(root, kind, _)| {
                root == &path && crate::load::checked(*kind, loaded.options.tests)
            })
    })
}

/// Every function of a crate that has a body: free, in impls, trait
/// default methods.
pub fn functions(db: &RootDatabase, krate: hir::Crate) -> Vec<hir::Function> {
    let mut out = Vec::new();
    for module in krate.modules(db) {
        for decl in module.declarations(db) {
            match decl {
                hir::ModuleDef::Function(f) => out.push(f),
                hir::ModuleDef::Trait(t) => {
                    out.extend(t.items(db).into_iter().filter_map(|item| match item {
                        hir::AssocItem::Function(f) => Some(f),
                        _ => None,
                    }))
                }
                _ => {}
            }
        }
        for impl_ in module.impl_defs(db) {
            out.extend(impl_.items(db).into_iter().filter_map(|item| match item {
                hir::AssocItem::Function(f) => Some(f),
                _ => None,
            }));
        }
    }
    out.retain(|f| f.has_body(db));
    out
}

/// The roots of the loaded packages, and of `extra` (`--root` and the
/// configurations' `roots`).
pub fn find(loaded: &Loaded, extra: &[PathPattern]) -> Roots {
    let db = &loaded.db;
    let mut found = Roots::default();
    let mut seen_files = std::collections::HashSet::new();
    for krate in hir::Crate::all(db) {
        let Some(package) = checked_package(loaded, krate) else {
            continue;
        };
        let config = &loaded.packages[package].config;
        for function in functions(db, krate) {
            found.functions += 1;
            let Some(source) = function.source(db) else {
                continue;
            };
            let file = source.file_id.original_file(db).file_id(db);
            if seen_files.insert(file) {
                let text = db.file_text(file).text(db).clone();
                found.files += 1;
                found.lines += text.lines().count();
            }
            let Some(attribute) = attribute(db, function) else {
                continue;
            };
            let Ok(func) = FunctionId::try_from(function) else {
                continue;
            };
            for problem in &attribute.problems {
                found.notes.push(Note {
                    id: "attribute",
                    message: format!("#[no_alloc]: {problem}"),
                    location: name_location(loaded, function),
                    root: None,
                });
            }
            if attribute.runtime_only {
                continue;
            }
            found.roots.push(Root {
                func,
                name: ItemPath::of(db, func).short(),
                options: attribute.options(config),
                severity: if attribute.is_strict(config) {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                package,
            });
        }
    }
    if !extra.is_empty() {
        extra_roots(loaded, extra, &mut found);
    }
    found
}

/// The functions `patterns` name, in any crate of the graph but std's.
fn extra_roots(loaded: &Loaded, patterns: &[PathPattern], found: &mut Roots) {
    let db = &loaded.db;
    let package = loaded.packages.iter().position(|p| p.selected).unwrap_or(0);
    let config = &loaded
        .packages
        .get(package)
        .map(|p| p.config.clone())
        .unwrap_or_default();
    for krate in hir::Crate::all(db) {
        if matches!(krate.origin(db), CrateOrigin::Lang(_)) {
            continue;
        }
        for function in functions(db, krate) {
            let Ok(func) = FunctionId::try_from(function) else {
                continue;
            };
            if found.roots.iter().any(|r| r.func == func) {
                continue;
            }
            let path = ItemPath::of(db, func);
            let named = path
                .match_paths()
                .iter()
                .any(|p| patterns.iter().any(|pattern| policy::matches(pattern, p)));
            if named {
                found.roots.push(Root {
                    func,
                    name: path.short(),
                    options: config.options(),
                    severity: if config.is_strict() {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    package,
                });
            }
        }
    }
}

/// The `#[no_alloc]` that applies to `function`, read from its source
/// when its file mentions `no_alloc`.
pub fn attribute(db: &RootDatabase, function: hir::Function) -> Option<NoAlloc> {
    let source = function.source(db)?;
    let file = source.file_id.original_file(db).file_id(db);
    if !db.file_text(file).text(db).contains("no_alloc") {
        return None;
    }
    if let Some(found) = no_alloc_of(source.value.syntax()) {
        return Some(found);
    }
    // Expanded by an attribute macro (`#[no_alloc]` itself, when proc
    // macros are built): the item as written holds the attribute.
    let call = source.file_id.original_call_node(db)?;
    let name = function.name(db);
    let written = call
        .value
        .descendants()
        .filter_map(ast::Fn::cast)
        .find(|f| f.name().is_some_and(|n| n.text() == name.as_str()))?;
    no_alloc_of(written.syntax())
}

/// The `#[no_alloc]` that applies to a function: its own, or its impl
/// block's, or an enclosing inline module's.
fn no_alloc_of(node: &SyntaxNode) -> Option<NoAlloc> {
    for ancestor in node.ancestors() {
        let attrs: Vec<ast::Attr> = if let Some(item) = ast::Fn::cast(ancestor.clone()) {
            if ancestor != *node {
                // A function nested in another's body is its own item.
                return None;
            }
            item.attrs().collect()
        } else if let Some(item) = ast::Impl::cast(ancestor.clone()) {
            item.attrs().collect()
        } else if let Some(item) = ast::Module::cast(ancestor.clone()) {
            item.attrs().collect()
        } else {
            continue;
        };
        let parsed: Vec<syn::Attribute> = attrs
            .iter()
            .filter(|a| a.syntax().text().to_string().contains("no_alloc"))
            .filter_map(|a| {
                syn::parse::Parser::parse_str(
                    syn::Attribute::parse_outer,
                    &a.syntax().text().to_string(),
                )
                .ok()
            })
            .flatten()
            .collect();
        if let Some(meta) = attr::find(&parsed) {
            return Some(attr::parse(&meta));
        }
    }
    None
}

/// Where a function's name is.
pub fn name_location(loaded: &Loaded, function: hir::Function) -> Location {
    let db = &loaded.db;
    let files: &Files = &loaded.files;
    match function.source(db) {
        Some(source) => {
            let range = source.value.name().map_or_else(
                || source.value.syntax().text_range(),
                |n| n.syntax().text_range(),
            );
            let (mapped, _) =
                ra_ap_hir_expand::InFile::new(source.file_id, range).original_node_file_range(db);
            files.location(db, mapped.file_id.file_id(db), mapped.range)
        }
        None => Location {
            file: String::new(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            bytes: 0..0,
        },
    }
}
