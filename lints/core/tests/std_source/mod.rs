//! std's own sources, as the toolchain's `rust-src` component installs them, parsed with syn:
//! the modules of `core`, `alloc` and `std` by their paths in std's source tree, and the impl
//! blocks of `alloc` and `std`. The catalogue's resolved keys are checked against them, and
//! candidates for new entries are drawn from them.
//!
//! Only what a module tree of `mod` items declares is read: modules declared by macros
//! (`cfg_if!`, platform modules) are not, and do not hold public API that allocates.

#![allow(dead_code)] // Each test binary uses its own part.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use syn::{Attribute, Item, Visibility};

/// The crates of std's source tree that the catalogue's keys start with.
pub const CRATES: &[&str] = &["core", "alloc", "std"];

/// The `library` directory of the toolchain's `rust-src`: `RUST_SRC_PATH` when set (as for
/// rust-analyzer), else found through `rustc --print sysroot`. Panics with the way to
/// install it when it is missing: a test that cannot read std must fail, not pass.
pub fn library() -> PathBuf {
    let library = match std::env::var_os("RUST_SRC_PATH") {
        Some(path) => PathBuf::from(path),
        None => {
            let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
            let output = Command::new(&rustc)
                .args(["--print", "sysroot"])
                .output()
                .unwrap_or_else(|error| panic!("cannot run {rustc:?} --print sysroot: {error}"));
            assert!(output.status.success(), "rustc --print sysroot failed");
            let sysroot = String::from_utf8(output.stdout).expect("a UTF-8 sysroot path");
            Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library")
        }
    };
    assert!(
        library.join("alloc/src/lib.rs").is_file(),
        "std's sources are not installed (looked in {}): run `rustup component add rust-src` \
         (the workspace's rust-toolchain.toml lists the component, and CI installs it)",
        library.display(),
    );
    library
}

/// The intrinsics and SIMD trees vendored into core: most of its lines, and no heap.
const VENDORED: &[&str] = &["arch", "simd", "core_arch", "core_simd"];

/// One module of std's source tree.
pub struct Module {
    /// `["alloc", "vec"]`.
    pub path: Vec<String>,
    pub items: Vec<Item>,
    place: Place,
}

/// The modules of a crate, by path. Parsed on demand, module by module.
pub struct Source {
    library: PathBuf,
    modules: HashMap<Vec<String>, Option<Module>>,
}

/// Where a module is written: its file (an inline module's is its parent's), and the
/// directory of its children's files.
struct Place {
    file: PathBuf,
    children: PathBuf,
}

impl Source {
    pub fn new(library: PathBuf) -> Source {
        Source {
            library,
            modules: HashMap::new(),
        }
    }

    /// The module at `path` (`["alloc", "vec"]`), or `None` when std's tree has none there.
    pub fn module(&mut self, path: &[&str]) -> Option<&Module> {
        let key: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        if !self.modules.contains_key(&key) {
            let module = self.load(&key);
            self.modules.insert(key.clone(), module);
        }
        self.modules[&key].as_ref()
    }

    fn load(&mut self, path: &[String]) -> Option<Module> {
        let (name, parent) = path.split_last()?;
        let (items, place) = if parent.is_empty() {
            let src = self.library.join(name).join("src");
            let file = src.join("lib.rs");
            let items = parse(&file)?;
            (
                items,
                Place {
                    file,
                    children: src,
                },
            )
        } else {
            let parent: Vec<&str> = parent.iter().map(String::as_str).collect();
            let parent = self.module(&parent)?;
            child(&parent.items, &parent.place, name)?
        };
        Some(Module {
            path: path.to_vec(),
            items,
            place,
        })
    }

    /// Every module of the crate, depth first, but for `#[cfg(test)]` modules and the vendored
    /// [`VENDORED`] trees.
    pub fn crate_modules(&mut self, crate_name: &str) -> Vec<Vec<String>> {
        let mut found = Vec::new();
        let mut stack = vec![vec![crate_name.to_owned()]];
        while let Some(path) = stack.pop() {
            let names: Vec<&str> = path.iter().map(String::as_str).collect();
            let Some(module) = self.module(&names) else {
                continue;
            };
            for item in &module.items {
                if let Item::Mod(module) = item
                    && !is_cfg_test(&module.attrs)
                    && !VENDORED.iter().any(|name| module.ident == name)
                {
                    let mut child = path.clone();
                    child.push(module.ident.to_string());
                    stack.push(child);
                }
            }
            found.push(path);
        }
        found
    }
}

/// The items and place of the child module `name` of a module with these items and place.
fn child(items: &[Item], place: &Place, name: &str) -> Option<(Vec<Item>, Place)> {
    let module = items.iter().find_map(|item| match item {
        Item::Mod(module) if module.ident == name && !is_cfg_test(&module.attrs) => Some(module),
        _ => None,
    })?;
    if let Some((_, content)) = &module.content {
        return Some((
            content.clone(),
            Place {
                file: place.file.clone(),
                children: place.children.join(name),
            },
        ));
    }
    let candidates = match path_attr(&module.attrs) {
        Some(relative) => vec![place.file.parent()?.join(relative)],
        None => vec![
            place.children.join(format!("{name}.rs")),
            place.children.join(name).join("mod.rs"),
        ],
    };
    let file = candidates.into_iter().find(|file| file.is_file())?;
    let items = parse(&file)?;
    let children = match file.file_name().and_then(|name| name.to_str()) {
        Some("mod.rs") => file.parent()?.to_owned(),
        _ => file.with_extension(""),
    };
    Some((items, Place { file, children }))
}

/// The items of a file of std. A file that does not parse fails the test: std's syntax moved
/// past what is handled here, and the items it hides must not go unchecked.
fn parse(file: &Path) -> Option<Vec<Item>> {
    let text = std::fs::read_to_string(file)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", file.display()));
    let parsed = text
        .parse::<TokenStream>()
        .map_err(|error| error.to_string())
        .and_then(|tokens| {
            syn::parse2::<syn::File>(signatures(tokens)).map_err(|error| {
                let at = error.span().start();
                format!("{error} at {}:{}", at.line, at.column)
            })
        });
    match parsed {
        Ok(parsed) => Some(parsed.items),
        Err(error) => panic!("std's {} does not parse: {error}", file.display()),
    }
}

/// The tokens of a file of std, made for syn to parse quickly: every function body is left
/// empty (only signatures matter here, and bodies are most of std's tokens), and const traits
/// are made plain ones.
///
/// std's sources use const traits, which syn does not parse, or parses as verbatim tokens:
/// `impl const Default for Vec<T>`, `const trait Default`, `const impl<T> Vec<T>`,
/// `T: [const] Destruct`, `~const`. Without the `const` they are ordinary impls, traits and
/// bounds.
fn signatures(tokens: TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut kept = Vec::with_capacity(tokens.len());
    // After `fn`, until its body or the `;` of a declaration.
    let mut in_signature = false;
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        let next = tokens.get(index + 1);
        match token {
            TokenTree::Ident(ident) if ident == "fn" => {
                in_signature = true;
                kept.push(token.clone());
            }
            TokenTree::Punct(punct) if punct.as_char() == ';' => {
                in_signature = false;
                kept.push(token.clone());
            }
            TokenTree::Group(group) if in_signature && group.delimiter() == Delimiter::Brace => {
                in_signature = false;
                let mut body = Group::new(Delimiter::Brace, TokenStream::new());
                body.set_span(group.span());
                kept.push(TokenTree::Group(body));
            }
            TokenTree::Ident(ident) if ident == "const" => {
                // `impl const Trait`, `impl<T> const Trait`, `const trait Trait`, `const impl`.
                let after_impl = match kept.last() {
                    Some(TokenTree::Ident(word)) => word == "impl",
                    Some(TokenTree::Punct(punct)) => punct.as_char() == '>',
                    _ => false,
                };
                let trait_follows = match next {
                    Some(TokenTree::Ident(word)) => word == "trait" || word == "impl",
                    _ => false,
                };
                let item_follows = match next {
                    Some(TokenTree::Ident(word)) => word == "fn" || word == "unsafe",
                    Some(TokenTree::Group(_)) | None => true,
                    _ => false,
                };
                let after_pointer =
                    matches!(kept.last(), Some(TokenTree::Punct(punct)) if punct.as_char() == '*');
                if after_pointer || !(trait_follows || after_impl && !item_follows) {
                    kept.push(token.clone());
                }
            }
            // `~const`: drop the tilde, and the `const` with the rule above or the next one.
            TokenTree::Punct(punct)
                if punct.as_char() == '~'
                    && matches!(next, Some(TokenTree::Ident(word)) if word == "const") =>
            {
                index += 1;
            }
            TokenTree::Group(group)
                if group.delimiter() == Delimiter::Bracket
                    && group.stream().to_string() == "const" => {}
            TokenTree::Group(group) => {
                let mut cleaned = Group::new(group.delimiter(), signatures(group.stream()));
                cleaned.set_span(group.span());
                kept.push(TokenTree::Group(cleaned));
            }
            _ => kept.push(token.clone()),
        }
        index += 1;
    }
    kept.into_iter().collect()
}

fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let syn::Meta::NameValue(name_value) = &attr.meta else {
            return None;
        };
        if !name_value.path.is_ident("path") {
            return None;
        }
        match &name_value.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(path),
                ..
            }) => Some(path.value()),
            _ => None,
        }
    })
}

/// `#[cfg(test)]` or `#[cfg(all(test, ..))]`: std's own tests.
pub fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr.meta.require_list().is_ok_and(|list| {
                let predicate = list.tokens.to_string();
                predicate == "test" || predicate.starts_with("all (test ,")
            })
    })
}

pub fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The self type of an impl block, spelt as the catalogue's keys spell it: a path's last
/// segment (`Vec`), a primitive (`str`), a slice of a type parameter `[T]`, a type parameter
/// `T`, a reference `&str`. `None` for what the keys never name (tuples, fn pointers, ...).
pub fn self_type(item: &syn::ItemImpl) -> Option<String> {
    spell(&item.self_ty, &item.generics)
}

fn spell(ty: &syn::Type, generics: &syn::Generics) -> Option<String> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let is_param = path.path.segments.len() == 1
                && generics
                    .type_params()
                    .any(|param| param.ident == last.ident);
            Some(if is_param {
                "T".to_owned()
            } else {
                last.ident.to_string()
            })
        }
        syn::Type::Slice(slice) => Some(format!("[{}]", spell(&slice.elem, generics)?)),
        syn::Type::Reference(reference) => Some(format!("&{}", spell(&reference.elem, generics)?)),
        syn::Type::Paren(paren) => spell(&paren.elem, generics),
        syn::Type::Group(group) => spell(&group.elem, generics),
        _ => None,
    }
}

/// The last segment of the trait an impl block implements, if any: `From` for
/// `impl From<&str> for String`.
pub fn trait_name(item: &syn::ItemImpl) -> Option<String> {
    let (path, _) = item.trait_.as_ref()?;
    Some(path.segments.last()?.ident.to_string())
}

/// The names of the functions an impl block defines, with whether each is `pub` (an inherent
/// method must be; a trait's are as public as the trait).
pub fn impl_fns(item: &syn::ItemImpl) -> impl Iterator<Item = (String, bool)> + '_ {
    item.items.iter().filter_map(|item| match item {
        syn::ImplItem::Fn(function) => {
            Some((function.sig.ident.to_string(), is_pub(&function.vis)))
        }
        _ => None,
    })
}

/// An item's name, if it has one that a path can end with.
pub fn item_name(item: &Item) -> Option<(String, &Visibility)> {
    Some(match item {
        Item::Fn(function) => (function.sig.ident.to_string(), &function.vis),
        Item::Struct(item) => (item.ident.to_string(), &item.vis),
        Item::Enum(item) => (item.ident.to_string(), &item.vis),
        Item::Union(item) => (item.ident.to_string(), &item.vis),
        Item::Trait(item) => (item.ident.to_string(), &item.vis),
        Item::Type(item) => (item.ident.to_string(), &item.vis),
        _ => return None,
    })
}
