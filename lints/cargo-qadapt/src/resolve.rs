//! From a call site as written to the crate's own functions and macros.
//!
//! - Paths: `foo()`, `a::b::foo()`, `self::`/`super::`/`crate::`, through
//!   `use` declarations (renames, groups, `self`, and globs of the crate's
//!   own modules), functions declared in the enclosing function bodies, and
//!   a binary's own library by its crate name. `Type::assoc()` and
//!   `Self::assoc()` find the methods of the type's impls (inherent and
//!   trait impls) and the default methods of the traits it implements;
//!   `Trait::method(x)` every implementation and the default.
//!   `use` declarations in function bodies apply to the blocks declaring
//!   them (and the items there), before the module's names.
//! - `T::assoc()` and `<T as Tr>::assoc()` with `T` a generic parameter:
//!   the methods of the traits bounding `T`, every impl of them in the
//!   crate ([`Matched::Generic`]); when there is none, the call is not
//!   followed and [`Resolution::skipped`] says why.
//! - Method calls on a receiver of unknown type: `.mix()` is every crate
//!   method named `mix` that takes `self`, a guess ([`Matched::ByName`]).
//!   On a receiver known by its traits (`&dyn Tr`, `impl Tr`, `T: Tr`):
//!   those traits' methods. Several candidates make the resolution
//!   [`Resolution::ambiguous`].
//! - Macros: `macro_rules!` macros by name (through `use` renames),
//!   preferring those of the calling module and its ancestors, and of those
//!   in the calling file the last one defined before the call.
//!
//! Anything else (the standard library, other crates, closures held in
//! variables, tuple struct constructors) resolves to nothing.

use crate::body_uses::Position;
use crate::index::{FnId, Index, MacroId, Owner, UsePath};
use crate::modules::{CrateId, FileId, ModId};
use qadapt_lints::CallKind;
use std::collections::HashSet;

/// What a call can lead to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Fn(FnId),
    Macro(MacroId),
}

/// The targets of one call site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    pub targets: Vec<Target>,
    /// Several unrelated candidates (a method name shared by several types,
    /// or a macro name defined in several places): all are followed.
    pub ambiguous: bool,
    /// How the targets were found, when not from what the call names.
    pub matched: Option<Matched>,
    /// Why a call that looks like one into the crate was not followed.
    pub skipped: Option<String>,
}

/// How a call was matched when it is not by what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matched {
    /// `.name()` on a receiver of unknown type: the crate's methods of that
    /// name, whatever their type. A guess: the receiver may well be a std
    /// type, so what they reach is only possibly reached.
    ByName,
    /// `T::name()` through the generic parameter `T`: every impl in the
    /// crate of the traits bounding it.
    Generic { param: String, bounds: Vec<String> },
}

/// Where a call is written: what its paths are relative to.
#[derive(Debug, Clone)]
pub struct Site {
    pub module: ModId,
    pub krate: CrateId,
    /// The file the call is written in.
    pub file: FileId,
    /// Where the call is, when known: `use` declarations of the blocks
    /// around it and macros defined before it apply.
    pub at: Option<Position>,
    /// The function the call is in, then the functions around it, for
    /// functions declared in function bodies.
    pub fns: Vec<FnId>,
    /// What `Self` is.
    pub self_ty: Option<SelfTy>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelfTy {
    Type(String),
    Trait(String),
}

/// What a path prefix names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Def {
    Module(ModId),
    Fn(FnId),
    Type(String),
    Trait(String),
    /// Outside the loaded crates.
    Extern,
}

/// How deep `use` chains and globs are followed.
const MAX_DEPTH: usize = 24;

pub struct Resolver<'i, 'a> {
    index: &'i Index<'a>,
}

impl<'i, 'a> Resolver<'i, 'a> {
    pub fn new(index: &'i Index<'a>) -> Self {
        Resolver { index }
    }

    /// The site of a call written in `function`'s body.
    pub fn fn_site(&self, function: FnId) -> Site {
        let item = &self.index.fns[function];
        let mut fns = vec![function];
        let mut outer = item.enclosing;
        while let Some(f) = outer {
            if fns.contains(&f) {
                break;
            }
            fns.push(f);
            outer = self.index.fns[f].enclosing;
        }
        let self_ty = match &item.owner {
            Owner::Free => None,
            Owner::Impl { self_ty, .. } => Some(SelfTy::Type(self_ty.clone())),
            Owner::Trait { name } => Some(SelfTy::Trait(name.clone())),
        };
        Site {
            module: item.module,
            krate: item.krate,
            file: item.file,
            at: None,
            fns,
            self_ty,
        }
    }

    /// The site of a call written in a macro's expansion.
    pub fn macro_site(&self, mac: MacroId) -> Site {
        let item = &self.index.macros[mac];
        Site {
            module: item.module,
            krate: item.krate,
            file: item.file,
            at: None,
            fns: Vec::new(),
            self_ty: None,
        }
    }

    pub fn resolve(&self, site: &Site, call: &CallKind) -> Resolution {
        self.resolve_call(site, call, false)
    }

    /// Like [`Resolver::resolve`]; `self_receiver` says that a method call's
    /// receiver is `self`, which narrows `.name()` to the methods of the
    /// `Self` type (or trait) when it has one of that name.
    pub fn resolve_call(&self, site: &Site, call: &CallKind, self_receiver: bool) -> Resolution {
        match call {
            CallKind::Path(segments) => match self.generic_call(site, segments) {
                Some(through_generic) => through_generic,
                None => Resolution {
                    targets: self.path(site, segments),
                    ..Resolution::default()
                },
            },
            CallKind::Method(name) => {
                if self_receiver && let Some(narrowed) = self.self_method(site, name) {
                    return narrowed;
                }
                self.method(site, name)
            }
            CallKind::Macro(segments) => self.macro_call(site, segments),
        }
    }

    /// `.name()` on a receiver known to implement `traits` (`&dyn Tr`,
    /// `impl Tr`, `T: Tr`): the crate's methods `name` of those traits
    /// taking `self`, defaults and impls. `None` when they have none (a
    /// foreign trait, a supertrait's method).
    pub fn bound_method(&self, site: &Site, traits: &[&str], name: &str) -> Option<Resolution> {
        let targets = self.methods(
            traits
                .iter()
                .flat_map(|tr| self.trait_fns(tr, name, site.krate)),
        );
        (!targets.is_empty()).then(|| Resolution {
            ambiguous: targets.len() > 1,
            targets,
            ..Resolution::default()
        })
    }

    /// The fns among `defs` that take `self`, sorted, each once.
    fn methods(&self, defs: impl IntoIterator<Item = Def>) -> Vec<Target> {
        fns(defs, |f| self.index.fns[f].has_self)
    }

    /// `.name()` on a receiver whose type is known to be named `ty`: that
    /// type's methods (and its traits' defaults) taking `self`. A std type
    /// leads only to the crate's impls for it (extension traits); a crate
    /// type with no such method to nothing (a derived or std trait's).
    pub fn typed_method(&self, site: &Site, ty: &str, name: &str) -> Resolution {
        let targets = self.methods(self.type_fns(ty, name, site.krate));
        Resolution {
            ambiguous: targets.len() > 1,
            targets,
            ..Resolution::default()
        }
    }

    /// Whether a type of this name is declared or implemented in the loaded
    /// crates.
    pub fn is_crate_type(&self, ty: &str) -> bool {
        self.index.by_type.contains_key(ty)
            || self.index.impls_of.contains_key(ty)
            || self
                .index
                .scopes
                .iter()
                .any(|scope| scope.types.contains(ty))
    }

    /// The methods `method` of the impls of `trait_` for the type `ty`.
    pub fn trait_impl(&self, site: &Site, ty: &str, trait_: &str, method: &str) -> Vec<Target> {
        let index = self.index;
        let mut targets: Vec<Target> = index
            .by_trait
            .get(trait_)
            .into_iter()
            .flatten()
            .filter(|&&f| {
                let item = &index.fns[f];
                item.name == method
                    && matches!(&item.owner, Owner::Impl { self_ty, .. } if self_ty == ty)
                    && index.visible(site.krate, item.krate)
            })
            .map(|&f| Target::Fn(f))
            .collect();
        targets.sort();
        targets.dedup();
        targets
    }

    /// `self.name()` in an impl of `T`: `T`'s methods named `name` (or the
    /// defaults of its traits); in a trait: the trait's. `None` when there
    /// is none, e.g. a method of a trait declared elsewhere.
    fn self_method(&self, site: &Site, name: &str) -> Option<Resolution> {
        let defs = match site.self_ty.as_ref()? {
            SelfTy::Type(ty) => self.type_fns(ty, name, site.krate),
            SelfTy::Trait(tr) => self.trait_fns(tr, name, site.krate),
        };
        let mut targets: Vec<Target> = defs
            .into_iter()
            .filter_map(|def| match def {
                Def::Fn(f) if self.index.fns[f].has_self => Some(Target::Fn(f)),
                _ => None,
            })
            .collect();
        targets.sort();
        targets.dedup();
        if targets.is_empty() {
            return None;
        }
        Some(Resolution {
            ambiguous: targets.len() > 1,
            targets,
            ..Resolution::default()
        })
    }

    fn path(&self, site: &Site, segments: &[String]) -> Vec<Target> {
        let Some((first, rest)) = segments.split_first() else {
            return Vec::new();
        };
        let mut visited = HashSet::new();
        let mut defs = if first == "Self" {
            match &site.self_ty {
                Some(SelfTy::Type(name)) => vec![Def::Type(name.clone())],
                Some(SelfTy::Trait(name)) => vec![Def::Trait(name.clone())],
                None => Vec::new(),
            }
        } else if let Some(local) = self.in_bodies(site, first, rest.is_empty(), &mut visited) {
            local
        } else if rest.is_empty() {
            self.lookup(site.module, first, &mut visited, 0)
        } else {
            self.start(site.module, first, false, &mut visited, 0)
        };
        for segment in rest {
            defs = defs
                .iter()
                .flat_map(|def| self.step(def, segment, site.krate, &mut visited, 0))
                .collect();
        }
        let mut targets: Vec<Target> = defs
            .iter()
            .filter_map(|def| match def {
                Def::Fn(f) if self.index.visible(site.krate, self.index.fns[*f].krate) => {
                    Some(Target::Fn(*f))
                }
                _ => None,
            })
            .collect();
        // A type or trait the module does not know by that name (declared in
        // a function body, generated by a macro, a generic parameter): by name.
        if targets.is_empty()
            && defs.is_empty()
            && segments.len() == 2
            && first != "Self"
            && first != "crate"
            && first != "self"
            && first != "super"
        {
            let mut fallback = self.type_fns(first, &rest[0], site.krate);
            fallback.extend(self.trait_fns(first, &rest[0], site.krate));
            targets = fns(fallback, |_| true);
        }
        targets.sort();
        targets.dedup();
        targets
    }

    /// What `name` names in the bodies around the call, innermost first:
    /// the functions declared there (for the last segment of a path only)
    /// and the names the `use` declarations of the blocks around it bring.
    /// `None` when the bodies do not declare it.
    fn in_bodies(
        &self,
        site: &Site,
        name: &str,
        last: bool,
        visited: &mut HashSet<(ModId, String)>,
    ) -> Option<Vec<Def>> {
        if matches!(name, "crate" | "self" | "super" | "$crate") {
            return None;
        }
        let index = self.index;
        let mut at = site.at;
        for &f in &site.fns {
            if last && let Some(fns) = index.nested.get(&f).and_then(|names| names.get(name)) {
                return Some(fns.iter().map(|&f| Def::Fn(f)).collect());
            }
            if let Some(blocks) = index.body_uses.get(&f) {
                // Innermost block first: it shadows the blocks around it.
                let mut around: Vec<_> = blocks
                    .iter()
                    .filter(|b| at.is_none_or(|at| b.contains(at)))
                    .collect();
                around.sort_by_key(|b| std::cmp::Reverse(b.start));
                for block in around {
                    let mut found = Vec::new();
                    for path in block.scope.uses.get(name).into_iter().flatten() {
                        found.extend(self.use_path(site.module, path, visited, 1));
                    }
                    if found.is_empty() {
                        for glob in &block.scope.globs {
                            for def in self.use_path(site.module, glob, visited, 1) {
                                if let Def::Module(inner) = def {
                                    found.extend(self.lookup(inner, name, visited, 1));
                                }
                            }
                        }
                    }
                    if !found.is_empty() {
                        found.sort_by_key(def_order);
                        found.dedup();
                        return Some(found);
                    }
                }
            }
            // The enclosing function's blocks apply where this one is declared.
            let start = index.fns[f].span.start();
            at = Some((start.line, start.column));
        }
        None
    }

    /// `T::name()` (also written `<T as Tr>::name()`) where `T` is a generic
    /// parameter of the calling function or of its impl or trait: every
    /// crate method `name` of the traits bounding `T`, a guess. `None` when
    /// the path is not of that form.
    fn generic_call(&self, site: &Site, segments: &[String]) -> Option<Resolution> {
        let [param, name] = segments else {
            return None;
        };
        let item = &self.index.fns[*site.fns.first()?];
        let mut scopes = vec![&item.sig.generics];
        scopes.extend(item.outer_generics);
        let bounds = crate::generics::bounds_of(param, &scopes)?;
        let targets = fns(
            bounds
                .iter()
                .flat_map(|tr| self.trait_fns(tr, name, site.krate)),
            |_| true,
        );
        if targets.is_empty() {
            let why = if bounds.is_empty() {
                format!("`{param}` is a generic parameter without trait bounds")
            } else {
                format!(
                    "`{param}` is a generic parameter, and its bounds ({}) have no method `{name}` in the crate",
                    bounds
                        .iter()
                        .map(|b| format!("`{b}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Some(Resolution {
                skipped: Some(format!("`{param}::{name}` not followed: {why}")),
                ..Resolution::default()
            });
        }
        Some(Resolution {
            ambiguous: targets.len() > 1,
            targets,
            matched: Some(Matched::Generic {
                param: param.clone(),
                bounds,
            }),
            skipped: None,
        })
    }

    /// What the first segment of a path names, from `module`.
    fn start(
        &self,
        module: ModId,
        first: &str,
        leading_colon: bool,
        visited: &mut HashSet<(ModId, String)>,
        depth: usize,
    ) -> Vec<Def> {
        let modules = &self.index.sources.modules;
        let krate = modules[module].krate;
        if leading_colon {
            return self.extern_crate(krate, first);
        }
        match first {
            "crate" | "$crate" => vec![Def::Module(self.index.sources.crates[krate].root)],
            "self" => vec![Def::Module(module)],
            "super" => match modules[module].parent {
                Some(parent) => vec![Def::Module(parent)],
                None => Vec::new(),
            },
            name => {
                let found = self.lookup(module, name, visited, depth);
                if found.is_empty() {
                    self.extern_crate(krate, name)
                } else {
                    found
                }
            }
        }
    }

    /// An external crate name: the binary's library, or a loaded library
    /// it depends on, else outside.
    fn extern_crate(&self, krate: CrateId, name: &str) -> Vec<Def> {
        let crates = &self.index.sources.crates;
        let found = crates.iter().enumerate().find(|(id, c)| {
            c.name == name
                && c.kind == crate::workspace::TargetKind::Lib
                && self.index.visible(krate, *id)
        });
        match found {
            Some((_, lib)) => vec![Def::Module(lib.root)],
            None => vec![Def::Extern],
        }
    }

    /// The next segment of a path after `def`.
    fn step(
        &self,
        def: &Def,
        segment: &str,
        krate: CrateId,
        visited: &mut HashSet<(ModId, String)>,
        depth: usize,
    ) -> Vec<Def> {
        match def {
            Def::Module(module) => {
                if segment == "super" {
                    return self.index.sources.modules[*module]
                        .parent
                        .map(Def::Module)
                        .into_iter()
                        .collect();
                }
                self.lookup(*module, segment, visited, depth)
            }
            Def::Type(name) => self.type_fns(name, segment, krate),
            Def::Trait(name) => self.trait_fns(name, segment, krate),
            Def::Fn(_) => Vec::new(),
            Def::Extern => vec![Def::Extern],
        }
    }

    /// The functions `Type::name` can be: the impls' methods, else the
    /// default methods of the traits the type implements.
    fn type_fns(&self, ty: &str, name: &str, krate: CrateId) -> Vec<Def> {
        let index = self.index;
        let visible = |f: &FnId| index.visible(krate, index.fns[*f].krate);
        let own: Vec<Def> = index
            .by_type
            .get(ty)
            .into_iter()
            .flatten()
            .filter(|&&f| index.fns[f].name == name && visible(&f))
            .map(|&f| Def::Fn(f))
            .collect();
        if !own.is_empty() {
            return own;
        }
        index
            .impls_of
            .get(ty)
            .into_iter()
            .flatten()
            .flat_map(|tr| index.by_trait.get(tr).into_iter().flatten())
            .filter(|&&f| {
                index.fns[f].name == name
                    && matches!(index.fns[f].owner, Owner::Trait { .. })
                    && visible(&f)
            })
            .map(|&f| Def::Fn(f))
            .collect()
    }

    /// The functions `Trait::name` can be: the default and every impl's.
    fn trait_fns(&self, tr: &str, name: &str, krate: CrateId) -> Vec<Def> {
        let index = self.index;
        index
            .by_trait
            .get(tr)
            .into_iter()
            .flatten()
            .filter(|&&f| index.fns[f].name == name && index.visible(krate, index.fns[f].krate))
            .map(|&f| Def::Fn(f))
            .collect()
    }

    /// What `name` means in `module`: its items, its `use`s, its globs.
    fn lookup(
        &self,
        module: ModId,
        name: &str,
        visited: &mut HashSet<(ModId, String)>,
        depth: usize,
    ) -> Vec<Def> {
        if depth > MAX_DEPTH || !visited.insert((module, name.to_owned())) {
            return Vec::new();
        }
        let index = self.index;
        let scope = &index.scopes[module];
        let mut found = Vec::new();
        for (child, id) in &index.sources.modules[module].children {
            if child == name {
                found.push(Def::Module(*id));
            }
        }
        if let Some(fns) = scope.fns.get(name) {
            found.extend(fns.iter().map(|&f| Def::Fn(f)));
        }
        if scope.types.contains(name) {
            found.push(Def::Type(name.to_owned()));
        }
        if scope.traits.contains(name) {
            found.push(Def::Trait(name.to_owned()));
        }
        if let Some(uses) = scope.uses.get(name) {
            for path in uses {
                found.extend(self.use_path(module, path, visited, depth + 1));
            }
        }
        if found.is_empty() {
            for glob in &scope.globs {
                for def in self.use_path(module, glob, visited, depth + 1) {
                    if let Def::Module(inner) = def {
                        found.extend(self.lookup(inner, name, visited, depth + 1));
                    }
                }
            }
        }
        found.sort_by_key(def_order);
        found.dedup();
        found
    }

    /// What a `use` path written in `module` names.
    fn use_path(
        &self,
        module: ModId,
        path: &UsePath,
        visited: &mut HashSet<(ModId, String)>,
        depth: usize,
    ) -> Vec<Def> {
        let Some((first, rest)) = path.segments.split_first() else {
            return Vec::new();
        };
        let krate = self.index.sources.modules[module].krate;
        let mut defs = self.start(module, first, path.leading_colon, visited, depth);
        for segment in rest {
            defs = defs
                .iter()
                .flat_map(|def| self.step(def, segment, krate, visited, depth))
                .collect();
        }
        defs
    }

    fn method(&self, site: &Site, name: &str) -> Resolution {
        let index = self.index;
        let targets: Vec<Target> = index
            .methods
            .get(name)
            .into_iter()
            .flatten()
            .filter(|&&f| index.visible(site.krate, index.fns[f].krate))
            .map(|&f| Target::Fn(f))
            .collect();
        Resolution {
            ambiguous: targets.len() > 1,
            matched: (!targets.is_empty()).then_some(Matched::ByName),
            targets,
            skipped: None,
        }
    }

    fn macro_call(&self, site: &Site, segments: &[String]) -> Resolution {
        let Some(last) = segments.last() else {
            return Resolution::default();
        };
        let index = self.index;
        let modules = &index.sources.modules;
        let mut name = last.clone();
        if let Some(first) = segments.first().filter(|_| segments.len() > 1) {
            let ours = matches!(first.as_str(), "crate" | "$crate" | "self" | "super")
                || index.sources.crates.iter().enumerate().any(|(id, c)| {
                    c.name == *first
                        && c.kind == crate::workspace::TargetKind::Lib
                        && index.visible(site.krate, id)
                });
            if !ours {
                return Resolution::default();
            }
        } else if let Some(path) = self
            .body_use(site, last)
            .or_else(|| index.scopes[site.module].uses.get(last))
            .and_then(|uses| uses.first())
        {
            // `use crate::helpers::log as say;`: the macro is `log`.
            if let Some(target) = path.segments.last() {
                name = target.clone();
            }
        }
        let candidates: Vec<MacroId> = index
            .macros_by_name
            .get(&name)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&m| index.visible(site.krate, index.macros[m].krate))
            .collect();
        // Prefer macros of the calling module or its ancestors.
        let in_scope: Vec<MacroId> = candidates
            .iter()
            .copied()
            .filter(|&m| {
                let mut module = Some(site.module);
                while let Some(current) = module {
                    if current == index.macros[m].module {
                        return true;
                    }
                    module = modules[current].parent;
                }
                false
            })
            .collect();
        // Of those in scope, the definitions before the call shadow.
        let chosen = if in_scope.is_empty() {
            candidates
        } else {
            self.textual_scope(site, in_scope)
        };
        Resolution {
            ambiguous: chosen.len() > 1,
            targets: chosen.into_iter().map(Target::Macro).collect(),
            ..Resolution::default()
        }
    }

    /// A `macro_rules!` definition shadows the earlier ones of the same
    /// name from where it is written on: of the candidates defined in the
    /// calling file before the call, only the last one. Others are kept
    /// when there is none (or the call's position is unknown).
    fn textual_scope(&self, site: &Site, candidates: Vec<MacroId>) -> Vec<MacroId> {
        let Some(at) = site.at else {
            return candidates;
        };
        let macros = &self.index.macros;
        let position = |m: MacroId| {
            let start = macros[m].span.start();
            (start.line, start.column)
        };
        let before = candidates
            .iter()
            .copied()
            .filter(|&m| macros[m].file == site.file && position(m) < at)
            .max_by_key(|&m| position(m));
        match before {
            Some(nearest) => vec![nearest],
            None => candidates,
        }
    }

    /// The paths a `use` in the bodies around the call gives `name`, the
    /// innermost block first.
    fn body_use(&self, site: &Site, name: &str) -> Option<&'i Vec<UsePath>> {
        let f = *site.fns.first()?;
        let blocks = self.index.body_uses.get(&f)?;
        blocks
            .iter()
            .filter(|b| site.at.is_none_or(|at| b.contains(at)))
            .filter_map(|b| Some((b.start, b.scope.uses.get(name)?)))
            .max_by_key(|(start, _)| *start)
            .map(|(_, uses)| uses)
    }
}

fn def_order(def: &Def) -> (u8, usize, String) {
    match def {
        Def::Module(m) => (0, *m, String::new()),
        Def::Fn(f) => (1, *f, String::new()),
        Def::Type(name) => (2, 0, name.clone()),
        Def::Trait(name) => (3, 0, name.clone()),
        Def::Extern => (4, 0, String::new()),
    }
}

/// The fns among `defs` that `keep` keeps, sorted, each once.
fn fns(defs: impl IntoIterator<Item = Def>, keep: impl Fn(FnId) -> bool) -> Vec<Target> {
    let mut targets: Vec<Target> = defs
        .into_iter()
        .filter_map(|def| match def {
            Def::Fn(f) if keep(f) => Some(Target::Fn(f)),
            _ => None,
        })
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;
    use crate::modules::Sources;
    use crate::testing::TempDir;

    fn load(files: &[(&str, &str)]) -> (TempDir, Sources) {
        crate::testing::load_lib("resolve", files)
    }

    /// Resolves `call` written in the body of the fn displayed as `from`,
    /// and shows the targets' display names.
    fn resolve(index: &Index, from: &str, call: CallKind) -> (Vec<String>, bool) {
        let resolver = Resolver::new(index);
        let f = index
            .fns
            .iter()
            .position(|f| f.display == from)
            .unwrap_or_else(|| panic!("no fn {from}"));
        let resolution = resolver.resolve(&resolver.fn_site(f), &call);
        let names = resolution
            .targets
            .iter()
            .map(|t| match t {
                Target::Fn(f) => {
                    let f = &index.fns[*f];
                    let module = index.sources.modules[f.module].path.join("::");
                    if module.is_empty() {
                        f.display.clone()
                    } else {
                        format!("{module}::{}", f.display)
                    }
                }
                Target::Macro(m) => format!("{}!", index.macros[*m].name),
            })
            .collect();
        (names, resolution.ambiguous)
    }

    fn path(s: &str) -> CallKind {
        CallKind::Path(s.split("::").map(str::to_owned).collect())
    }

    fn fixture() -> (TempDir, Sources) {
        load(&[
            (
                "src/lib.rs",
                r#"
                mod dsp;
                mod util;
                use dsp::mix as blend;
                use util::*;
                use crate::dsp::{self, Mixer};
                fn caller() {}
                fn local() { fn helper() {} }
                trait Render { fn render(&self) { } fn other(&self); }
                macro_rules! say { () => {} }
                "#,
            ),
            (
                "src/dsp.rs",
                r#"
                pub fn mix() {}
                pub struct Mixer;
                impl Mixer { pub fn new() -> Self { Mixer } fn run(&self) { } }
                impl super::Render for Mixer { fn other(&self) {} }
                pub struct Other;
                impl Other { fn run(&self) {} }
                fn inner() {}
                mod deeper { fn up() {} }
                "#,
            ),
            (
                "src/util.rs",
                r#"
                pub fn tool() {}
                pub use crate::dsp::mix as reexported;
                "#,
            ),
        ])
    }

    #[test]
    fn paths_through_uses() {
        let (_dir, sources) = fixture();
        let index = Index::build(&sources);
        let r = |call| resolve(&index, "caller", call).0;
        assert_eq!(r(path("blend")), ["dsp::mix"]);
        assert_eq!(r(path("dsp::mix")), ["dsp::mix"]);
        assert_eq!(r(path("crate::dsp::mix")), ["dsp::mix"]);
        assert_eq!(r(path("self::dsp::inner")), ["dsp::inner"]);
        // Globs of the crate's own modules, and re-exports through them.
        assert_eq!(r(path("tool")), ["util::tool"]);
        assert_eq!(r(path("reexported")), ["dsp::mix"]);
        assert_eq!(r(path("util::reexported")), ["dsp::mix"]);
        // Types: associated functions, through imports.
        assert_eq!(r(path("Mixer::new")), ["dsp::Mixer::new"]);
        assert_eq!(r(path("dsp::Mixer::new")), ["dsp::Mixer::new"]);
        // A trait's default method, reached through the type.
        assert_eq!(r(path("Mixer::render")), ["Render::render"]);
        assert_eq!(r(path("Render::other")), ["dsp::Mixer::other"]);
        // Outside the crate, or unknown.
        assert!(r(path("std::mem::drop")).is_empty());
        assert!(r(path("Vec::new")).is_empty());
        assert!(r(path("nothing")).is_empty());
        assert!(r(path("helper")).is_empty());
    }

    #[test]
    fn relative_and_nested() {
        let (_dir, sources) = fixture();
        let index = Index::build(&sources);
        assert_eq!(resolve(&index, "local", path("helper")).0, ["helper"]);
        assert_eq!(
            resolve(&index, "up", path("super::inner")).0,
            ["dsp::inner"]
        );
        assert_eq!(
            resolve(&index, "up", path("super::super::caller")).0,
            ["caller"]
        );
        assert_eq!(
            resolve(&index, "Mixer::run", path("Self::new")).0,
            ["dsp::Mixer::new"]
        );
    }

    #[test]
    fn self_receivers_narrow_methods() {
        let (_dir, sources) = fixture();
        let index = Index::build(&sources);
        let resolver = Resolver::new(&index);
        let run = index
            .fns
            .iter()
            .position(|f| f.display == "Mixer::run")
            .unwrap();
        let site = resolver.fn_site(run);
        let call = CallKind::Method("run".to_owned());
        let narrowed = resolver.resolve_call(&site, &call, true);
        assert_eq!(narrowed.targets.len(), 1);
        assert!(!narrowed.ambiguous);
        let wide = resolver.resolve_call(&site, &call, false);
        assert_eq!(wide.targets.len(), 2);
        // No method of that name on Self: every method of that name.
        let other = resolver.resolve_call(&site, &CallKind::Method("render".to_owned()), true);
        assert_eq!(other.targets.len(), 1);
    }

    #[test]
    fn methods_and_macros() {
        let (_dir, sources) = fixture();
        let index = Index::build(&sources);
        let (names, ambiguous) = resolve(&index, "caller", CallKind::Method("run".to_owned()));
        assert_eq!(names, ["dsp::Mixer::run", "dsp::Other::run"]);
        assert!(ambiguous);
        let (names, ambiguous) = resolve(&index, "caller", CallKind::Method("render".to_owned()));
        assert_eq!(names, ["Render::render"]);
        assert!(!ambiguous);
        // `new` takes no `self`: not a method.
        assert!(
            resolve(&index, "caller", CallKind::Method("new".to_owned()))
                .0
                .is_empty()
        );
        let (names, _) = resolve(&index, "mix", CallKind::Macro(vec!["say".to_owned()]));
        assert_eq!(names, ["say!"]);
        let (names, _) = resolve(
            &index,
            "mix",
            CallKind::Macro(vec!["crate".to_owned(), "say".to_owned()]),
        );
        assert_eq!(names, ["say!"]);
        let (names, _) = resolve(
            &index,
            "mix",
            CallKind::Macro(vec!["log".to_owned(), "say".to_owned()]),
        );
        assert!(names.is_empty());
    }

    #[test]
    fn glob_cycles_terminate() {
        let (_dir, sources) = load(&[
            ("src/lib.rs", "mod a; mod b; fn start() {}"),
            ("src/a.rs", "pub use crate::b::*; pub fn in_a() {}"),
            ("src/b.rs", "pub use crate::a::*; pub use self::b as b;"),
        ]);
        let index = Index::build(&sources);
        assert!(resolve(&index, "start", path("a::missing")).0.is_empty());
        assert_eq!(resolve(&index, "start", path("b::in_a")).0, ["a::in_a"]);
    }
}
