//! The items of the loaded crates that calls can lead to: functions and
//! methods with a body, `macro_rules!` macros, and per module the names in
//! scope (functions, types, traits, submodules, `use` declarations).
//!
//! Functions declared inside function bodies are indexed too, scoped to the
//! enclosing function; methods of impls inside bodies are methods like any
//! other. Types are known by their name only (the last segment of an impl's
//! self type), which is all that `Type::assoc()` and method calls need.

use crate::attr::{self, NoAlloc};
use crate::body_uses::{self, BlockUses};
use crate::modules::{CrateId, FileId, ModId, Problem, ProblemKind, Sources};
use crate::panic;
use crate::structs::Structs;
use proc_macro2::Span;
use quote::ToTokens;
use std::collections::{HashMap, HashSet};
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{ImplItem, Item, TraitItem, UseTree};

pub type FnId = usize;
pub type MacroId = usize;

/// Where a function is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A free function.
    Free,
    /// A method of an impl block: the self type's name (the last path
    /// segment, or the type as written when it is not a path), and the
    /// trait's name for a trait impl.
    Impl {
        self_ty: String,
        trait_: Option<String>,
    },
    /// A trait's default method.
    Trait { name: String },
}

/// A function with a body.
pub struct FnItem<'a> {
    /// The function's own name.
    pub name: String,
    /// `mix`, `Mixer::render` (also for trait impls), `Filter::apply` (a
    /// trait's default method).
    pub display: String,
    pub owner: Owner,
    pub module: ModId,
    pub krate: CrateId,
    pub file: FileId,
    /// Whether it takes `self`, i.e. can be called as `.name()`.
    pub has_self: bool,
    /// The signature: parameter and return types sharpen the analysis.
    pub sig: &'a syn::Signature,
    /// The generics of the impl or trait around a method: what its type
    /// parameters are bound by.
    pub outer_generics: Option<&'a syn::Generics>,
    pub body: &'a syn::Block,
    /// The name's span.
    pub span: Span,
    /// 1-based line of the name.
    pub line: usize,
    /// The `#[no_alloc]` that applies: its own, or the one of the impl,
    /// trait or inline module around it.
    pub no_alloc: Option<NoAlloc>,
    /// For a function declared in another function's body, that function.
    pub enclosing: Option<FnId>,
}

/// A `macro_rules!` macro.
pub struct MacroItem<'a> {
    pub name: String,
    pub module: ModId,
    pub krate: CrateId,
    pub file: FileId,
    pub span: Span,
    pub line: usize,
    /// The macro's rules, as written.
    pub tokens: &'a proc_macro2::TokenStream,
}

/// A path brought into scope by `use`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsePath {
    pub segments: Vec<String>,
    /// `use ::name::..`: the first segment is an external crate.
    pub leading_colon: bool,
}

/// The names declared or imported in one module.
#[derive(Debug, Default)]
pub struct Scope {
    /// Free functions.
    pub fns: HashMap<String, Vec<FnId>>,
    /// Structs, enums, unions and type aliases.
    pub types: HashSet<String>,
    pub traits: HashSet<String>,
    /// `use a::b as c;` is `c -> a::b`.
    pub uses: HashMap<String, Vec<UsePath>>,
    /// `use a::b::*;` is `a::b`.
    pub globs: Vec<UsePath>,
}

/// A note about the source worth telling the user, e.g. a `#[no_alloc]`
/// option that could not be read.
#[derive(Debug, Clone)]
pub struct IndexNote {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// Everything calls can be resolved to.
pub struct Index<'a> {
    pub sources: &'a Sources,
    pub fns: Vec<FnItem<'a>>,
    pub macros: Vec<MacroItem<'a>>,
    /// Per module, by [`ModId`].
    pub scopes: Vec<Scope>,
    /// Functions declared in a function's body, by name.
    pub nested: HashMap<FnId, HashMap<String, Vec<FnId>>>,
    /// The `use` declarations in a function's body, per block.
    pub body_uses: HashMap<FnId, Vec<BlockUses>>,
    /// Methods taking `self`, by name.
    pub methods: HashMap<String, Vec<FnId>>,
    /// Methods of impls, by self type name.
    pub by_type: HashMap<String, Vec<FnId>>,
    /// A trait's default methods and the methods of its impls, by trait name.
    pub by_trait: HashMap<String, Vec<FnId>>,
    /// Traits implemented by a type, by type name.
    pub impls_of: HashMap<String, Vec<String>>,
    /// Macros by name.
    pub macros_by_name: HashMap<String, Vec<MacroId>>,
    /// The structs' fields, for the analyser.
    pub structs: Structs<'a>,
    pub notes: Vec<IndexNote>,
    /// Modules whose indexing panicked (internal errors).
    pub problems: Vec<Problem>,
}

/// What the walk knows about the surroundings of an item.
#[derive(Clone)]
struct Ctx {
    module: ModId,
    /// The `#[no_alloc]` of an enclosing inline module.
    inherited: Option<NoAlloc>,
    enclosing: Option<FnId>,
}

impl<'a> Index<'a> {
    /// Indexes every module of `sources`.
    pub fn build(sources: &'a Sources) -> Index<'a> {
        let mut index = Index {
            sources,
            fns: Vec::new(),
            macros: Vec::new(),
            scopes: (0..sources.modules.len())
                .map(|_| Scope::default())
                .collect(),
            nested: HashMap::new(),
            body_uses: HashMap::new(),
            methods: HashMap::new(),
            by_type: HashMap::new(),
            by_trait: HashMap::new(),
            impls_of: HashMap::new(),
            macros_by_name: HashMap::new(),
            structs: Structs::default(),
            notes: Vec::new(),
            problems: Vec::new(),
        };
        // Modules come after their parents, so inherited attributes are known.
        let mut inherited: Vec<Option<NoAlloc>> = Vec::with_capacity(sources.modules.len());
        for (id, module) in sources.modules.iter().enumerate() {
            let own = match (module.parent, module.inline.last()) {
                (Some(parent), Some(&position)) => {
                    let decl = sources.items(parent).get(position);
                    let own = match decl {
                        Some(Item::Mod(m)) => index.attr_of(module.file, &m.attrs),
                        _ => None,
                    };
                    // Only inline modules pass their attribute down.
                    let from_parent = if sources.modules[parent].inline.is_empty() {
                        None
                    } else {
                        inherited[parent].clone()
                    };
                    own.or(from_parent)
                }
                _ => None,
            };
            inherited.push(own.clone());
            let ctx = Ctx {
                module: id,
                inherited: own,
                enclosing: None,
            };
            let result = panic::catch(|| {
                for item in sources.items(id) {
                    index.item(item, &ctx);
                }
            });
            if let Err(message) = result {
                index.problems.push(Problem {
                    kind: ProblemKind::Internal,
                    file: sources.files[module.file].display.clone(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "internal error while indexing module `{}`, skipped part of it: {message}",
                        module.path.join("::")
                    ),
                    text: None,
                });
            }
        }
        index
    }

    /// The `#[no_alloc]` among `attrs`, read; problems become notes.
    fn attr_of(&mut self, file: FileId, attrs: &[syn::Attribute]) -> Option<NoAlloc> {
        let found = attr::find(attrs)?;
        let parsed = attr::parse(&found);
        for problem in &parsed.problems {
            self.notes.push(IndexNote {
                file,
                span: attr_span(&found),
                message: format!("#[no_alloc]: {problem}"),
            });
        }
        Some(parsed)
    }

    fn item(&mut self, item: &'a Item, ctx: &Ctx) {
        let file = self.sources.modules[ctx.module].file;
        let scope_level = ctx.enclosing.is_none();
        if let Item::Struct(item) = item {
            self.structs.add(item);
        }
        match item {
            Item::Fn(f) => {
                let no_alloc = self
                    .attr_of(file, &f.attrs)
                    .or_else(|| ctx.inherited.clone());
                let name = f.sig.ident.unraw().to_string();
                let id = self.add_fn(FnItem {
                    display: name.clone(),
                    name: name.clone(),
                    owner: Owner::Free,
                    module: ctx.module,
                    krate: self.sources.modules[ctx.module].krate,
                    file,
                    has_self: false,
                    sig: &f.sig,
                    outer_generics: None,
                    body: &f.block,
                    span: f.sig.ident.span(),
                    line: f.sig.ident.span().start().line,
                    no_alloc,
                    enclosing: ctx.enclosing,
                });
                match ctx.enclosing {
                    None => self.scopes[ctx.module]
                        .fns
                        .entry(name)
                        .or_default()
                        .push(id),
                    Some(outer) => self
                        .nested
                        .entry(outer)
                        .or_default()
                        .entry(name)
                        .or_default()
                        .push(id),
                }
                self.nested_items(&f.block, ctx, id);
            }
            Item::Impl(imp) => {
                let impl_attr = self.attr_of(file, &imp.attrs);
                let self_ty = type_name(&imp.self_ty);
                let trait_ = imp.trait_.as_ref().and_then(|(path, _)| {
                    path.segments.last().map(|s| s.ident.unraw().to_string())
                });
                if let Some(trait_) = &trait_ {
                    self.impls_of
                        .entry(self_ty.clone())
                        .or_default()
                        .push(trait_.clone());
                }
                for inner in &imp.items {
                    let ImplItem::Fn(f) = inner else { continue };
                    let no_alloc = self
                        .attr_of(file, &f.attrs)
                        .or_else(|| impl_attr.clone())
                        .or_else(|| ctx.inherited.clone());
                    let name = f.sig.ident.unraw().to_string();
                    let id = self.add_fn(FnItem {
                        display: method_display(&imp.self_ty, trait_.as_deref(), &name),
                        name: name.clone(),
                        owner: Owner::Impl {
                            self_ty: self_ty.clone(),
                            trait_: trait_.clone(),
                        },
                        module: ctx.module,
                        krate: self.sources.modules[ctx.module].krate,
                        file,
                        has_self: f.sig.receiver().is_some(),
                        sig: &f.sig,
                        outer_generics: Some(&imp.generics),
                        body: &f.block,
                        span: f.sig.ident.span(),
                        line: f.sig.ident.span().start().line,
                        no_alloc,
                        enclosing: ctx.enclosing,
                    });
                    self.by_type.entry(self_ty.clone()).or_default().push(id);
                    if let Some(trait_) = &trait_ {
                        self.by_trait.entry(trait_.clone()).or_default().push(id);
                    }
                    self.nested_items(&f.block, ctx, id);
                }
            }
            Item::Trait(tr) => {
                let trait_attr = self.attr_of(file, &tr.attrs);
                let trait_name = tr.ident.unraw().to_string();
                if scope_level {
                    self.scopes[ctx.module].traits.insert(trait_name.clone());
                }
                for inner in &tr.items {
                    let TraitItem::Fn(f) = inner else { continue };
                    let Some(body) = &f.default else { continue };
                    let no_alloc = self
                        .attr_of(file, &f.attrs)
                        .or_else(|| trait_attr.clone())
                        .or_else(|| ctx.inherited.clone());
                    let name = f.sig.ident.unraw().to_string();
                    let id = self.add_fn(FnItem {
                        display: format!("{trait_name}::{name}"),
                        name: name.clone(),
                        owner: Owner::Trait {
                            name: trait_name.clone(),
                        },
                        module: ctx.module,
                        krate: self.sources.modules[ctx.module].krate,
                        file,
                        has_self: f.sig.receiver().is_some(),
                        sig: &f.sig,
                        outer_generics: Some(&tr.generics),
                        body,
                        span: f.sig.ident.span(),
                        line: f.sig.ident.span().start().line,
                        no_alloc,
                        enclosing: ctx.enclosing,
                    });
                    self.by_trait
                        .entry(trait_name.clone())
                        .or_default()
                        .push(id);
                    self.nested_items(body, ctx, id);
                }
            }
            Item::Macro(m) => {
                if m.mac.path.is_ident("macro_rules")
                    && let Some(ident) = &m.ident
                {
                    let name = ident.unraw().to_string();
                    let id = self.macros.len();
                    self.macros.push(MacroItem {
                        name: name.clone(),
                        module: ctx.module,
                        krate: self.sources.modules[ctx.module].krate,
                        file,
                        span: ident.span(),
                        line: ident.span().start().line,
                        tokens: &m.mac.tokens,
                    });
                    self.macros_by_name.entry(name).or_default().push(id);
                }
            }
            Item::Struct(syn::ItemStruct { ident, .. })
            | Item::Enum(syn::ItemEnum { ident, .. })
            | Item::Union(syn::ItemUnion { ident, .. })
            | Item::Type(syn::ItemType { ident, .. })
                if scope_level =>
            {
                self.scopes[ctx.module]
                    .types
                    .insert(ident.unraw().to_string());
            }
            Item::TraitAlias(t) if scope_level => {
                self.scopes[ctx.module]
                    .traits
                    .insert(t.ident.unraw().to_string());
            }
            Item::Use(u) if scope_level => {
                let mut prefix = Vec::new();
                let leading_colon = u.leading_colon.is_some();
                let scope = &mut self.scopes[ctx.module];
                flatten_use(&u.tree, &mut prefix, leading_colon, scope);
            }
            // Inline modules are modules of their own (see `Sources`); one
            // inside a function body is indexed as part of that function's
            // surroundings.
            Item::Mod(m) if !scope_level => {
                if let Some((_, items)) = &m.content {
                    for inner in items {
                        self.item(inner, ctx);
                    }
                }
            }
            _ => {}
        }
    }

    fn add_fn(&mut self, item: FnItem<'a>) -> FnId {
        let id = self.fns.len();
        if item.has_self {
            self.methods.entry(item.name.clone()).or_default().push(id);
        }
        self.fns.push(item);
        id
    }

    /// Items declared inside a function body (at any depth), and the
    /// `use` declarations of its blocks.
    fn nested_items(&mut self, body: &'a syn::Block, ctx: &Ctx, enclosing: FnId) {
        let mut collector = ItemCollector {
            items: Vec::new(),
            use_blocks: Vec::new(),
        };
        collector.visit_block(body);
        if collector.items.is_empty() {
            return;
        }
        if !collector.use_blocks.is_empty() {
            let blocks = collector.use_blocks.iter().map(|b| body_uses::of_block(b));
            self.body_uses.insert(enclosing, blocks.collect());
        }
        let inner = Ctx {
            module: ctx.module,
            inherited: None,
            enclosing: Some(enclosing),
        };
        for item in collector.items {
            self.item(item, &inner);
        }
    }

    /// Whether code in crate `from` can reach the items of `candidate`: the
    /// same crate, a binary's own library, or a library it depends on.
    pub fn visible(&self, from: CrateId, candidate: CrateId) -> bool {
        let crates = &self.sources.crates;
        from == candidate
            || crates[from].lib == Some(candidate)
            || (crates[candidate].kind == crate::workspace::TargetKind::Lib
                && crates[from].dependencies.contains(&crates[candidate].name))
    }
}

/// Finds the items in a function body, without looking inside them, and
/// the blocks declaring something with `use`.
struct ItemCollector<'a> {
    items: Vec<&'a Item>,
    use_blocks: Vec<&'a syn::Block>,
}

impl<'a> Visit<'a> for ItemCollector<'a> {
    fn visit_item(&mut self, item: &'a Item) {
        self.items.push(item);
    }

    fn visit_block(&mut self, block: &'a syn::Block) {
        if body_uses::holds_use(block) {
            self.use_blocks.push(block);
        }
        syn::visit::visit_block(self, block);
    }

    // Nothing below these holds a statement: not worth walking.
    fn visit_type(&mut self, _: &'a syn::Type) {}
    fn visit_pat(&mut self, _: &'a syn::Pat) {}
    fn visit_path(&mut self, _: &'a syn::Path) {}
    fn visit_attribute(&mut self, _: &'a syn::Attribute) {}
    fn visit_macro(&mut self, _: &'a syn::Macro) {}
    fn visit_ident(&mut self, _: &'a proc_macro2::Ident) {}
}

/// `a::{b, c as d, e::*}` into `uses` and `globs`.
pub(crate) fn flatten_use(
    tree: &UseTree,
    prefix: &mut Vec<String>,
    leading_colon: bool,
    scope: &mut Scope,
) {
    let path = |segments: Vec<String>| UsePath {
        segments,
        leading_colon,
    };
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            flatten_use(&p.tree, prefix, leading_colon, scope);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let ident = n.ident.unraw().to_string();
            if ident == "self" {
                if let Some(last) = prefix.last() {
                    let name = last.clone();
                    scope
                        .uses
                        .entry(name)
                        .or_default()
                        .push(path(prefix.clone()));
                }
            } else {
                let mut full = prefix.clone();
                full.push(ident.clone());
                scope.uses.entry(ident).or_default().push(path(full));
            }
        }
        UseTree::Rename(r) => {
            let rename = r.rename.unraw().to_string();
            if rename == "_" {
                return;
            }
            let mut full = prefix.clone();
            let ident = r.ident.unraw().to_string();
            if ident != "self" {
                full.push(ident);
            }
            scope.uses.entry(rename).or_default().push(path(full));
        }
        UseTree::Glob(_) => scope.globs.push(path(prefix.clone())),
        UseTree::Group(g) => {
            for inner in &g.items {
                flatten_use(inner, prefix, leading_colon, scope);
            }
        }
    }
}

/// The name an impl's self type is known by: the last segment of a path
/// type (`crate::dsp::Mixer<T>` is `Mixer`), looking through references;
/// other types as written (`[u8]`).
pub fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| s.ident.unraw().to_string())
            .unwrap_or_default(),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Group(g) => type_name(&g.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        other => other.to_token_stream().to_string().replace(' ', ""),
    }
}

/// `Mixer::render` for a method of a path type; `<&mut Mixer as Source>::render`
/// or `<[u8]>::render` for other self types, as rustc writes them.
fn method_display(self_ty: &syn::Type, trait_: Option<&str>, name: &str) -> String {
    let plain = match self_ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.unraw().to_string())
        }
        _ => None,
    };
    match (plain, trait_) {
        (Some(ty), _) => format!("{ty}::{name}"),
        (None, Some(tr)) => format!("<{} as {tr}>::{name}", qadapt_lints::type_text(self_ty)),
        (None, None) => format!("<{}>::{name}", qadapt_lints::type_text(self_ty)),
    }
}

/// A span for an attribute: its path's last segment.
fn attr_span(meta: &syn::Meta) -> Span {
    meta.path()
        .segments
        .last()
        .map_or_else(Span::call_site, |s| s.ident.span())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TempDir;

    pub(crate) fn load(files: &[(&str, &str)]) -> (TempDir, Sources) {
        crate::testing::load_lib("index", files)
    }

    #[test]
    fn items_scopes_and_roots() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            r#"
            use crate::a::{b, c as d, e::*};
            use std::fmt::{self, Write as _};
            struct S;
            trait T { fn dflt(&self) {} fn req(&self); }
            impl S { fn new() -> S { S } fn get(&self) {} }
            #[no_alloc(pedantic)] impl T for S { fn req(&self) { fn inner() {} } }
            #[qadapt::no_alloc]
            mod m { fn f() {} #[no_alloc(strict)] fn g() {} }
            macro_rules! mac { () => {} }
            fn free() {}
            "#,
        )]);
        let index = Index::build(&sources);
        let names: Vec<&str> = index.fns.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(
            names,
            [
                "T::dflt", "S::new", "S::get", "S::req", "inner", "free", "f", "g"
            ]
        );
        let root = &index.scopes[0];
        assert_eq!(root.uses["b"][0].segments, ["crate", "a", "b"]);
        assert_eq!(root.uses["d"][0].segments, ["crate", "a", "c"]);
        assert_eq!(root.uses["fmt"][0].segments, ["std", "fmt"]);
        assert_eq!(root.globs[0].segments, ["crate", "a", "e"]);
        assert!(root.types.contains("S") && root.traits.contains("T"));
        assert_eq!(root.fns["free"], [5]);
        assert_eq!(index.nested[&3]["inner"], [4]);
        assert_eq!(index.methods["get"], [2]);
        assert_eq!(index.by_type["S"], [1, 2, 3]);
        assert_eq!(index.by_trait["T"], [0, 3]);
        assert_eq!(index.impls_of["S"], ["T"]);
        assert_eq!(index.macros[index.macros_by_name["mac"][0]].name, "mac");

        // Roots: the impl's attribute, the module's, and g's own.
        let rooted: Vec<(&str, bool)> = index
            .fns
            .iter()
            .filter_map(|f| {
                f.no_alloc
                    .as_ref()
                    .map(|a| (f.display.as_str(), a.strict == Some(true)))
            })
            .collect();
        assert_eq!(rooted, [("S::req", false), ("f", false), ("g", true)]);
        assert_eq!(index.fns[3].no_alloc.as_ref().unwrap().pedantic, Some(true));
    }

    #[test]
    fn method_names_for_other_self_types() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            "impl Tr for &mut Constant { fn a(&self) {} }\n\
             impl Tr for [u8] { fn b(&self) {} }\n\
             impl<T> Ring<T, 4> { fn c(&self) {} }\n",
        )]);
        let index = Index::build(&sources);
        let names: Vec<&str> = index.fns.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(
            names,
            ["<&mut Constant as Tr>::a", "<[u8] as Tr>::b", "Ring::c"]
        );
        assert_eq!(index.by_type["Constant"], [0]);
    }
}
