//! The resolved path of a function, as the catalogue and `allow`/`deny`
//! know it: `alloc::vec::Vec::push` for inherent and free items (the
//! defining crate and module, then the type), `<alloc::string::String as
//! core::convert::From>::from` for a trait method implemented for a type,
//! `alloc::string::ToString::to_string` for a trait's own method; std's
//! inherent impls on primitives are spelt with the primitive:
//! `alloc::slice::[T]::to_vec`, `alloc::str::str::to_owned`.

use ra_ap_hir::{self as hir, AsAssocItem, AssocItemContainer, HirDisplay};
use ra_ap_hir_def::FunctionId;
use ra_ap_ide_db::RootDatabase;

/// The parts of one function's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemPath {
    /// `alloc`, `dsp_fixture`.
    pub krate: String,
    /// The modules from the crate root to the item's (or its type's).
    pub modules: Vec<String>,
    pub owner: Owner,
    pub name: String,
}

/// What a function belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Free,
    /// An inherent impl of this type (its path).
    Inherent(TypePath),
    /// An impl of `trait_` for `self_ty`.
    TraitImpl {
        self_ty: TypePath,
        trait_: TypePath,
    },
    /// The trait's own declaration (a default body or a required method).
    Trait(TypePath),
}

/// A type or trait: its full path segments, and the short name shown in
/// chains (`Vec`, `[T]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypePath {
    pub segments: Vec<String>,
    pub short: String,
    /// Not an ADT (`str`, `[T]`, a type parameter): a trait impl's key
    /// spells it bare.
    pub primitive: bool,
}

impl TypePath {
    fn full(&self) -> String {
        self.segments.join("::")
    }
}

impl ItemPath {
    pub fn of(db: &RootDatabase, func: FunctionId) -> ItemPath {
        let function = hir::Function::from(func);
        let name = function.name(db).as_str().to_owned();
        let module = function.module(db);
        let (krate, modules) = module_path(db, module);
        let owner = match function.as_assoc_item(db).map(|item| item.container(db)) {
            Some(AssocItemContainer::Trait(trait_)) => Owner::Trait(trait_path(db, trait_)),
            Some(AssocItemContainer::Impl(impl_)) => {
                let self_ty = type_path(db, impl_.self_ty(db), module);
                match impl_.trait_(db) {
                    Some(trait_) => Owner::TraitImpl {
                        self_ty,
                        trait_: trait_path(db, trait_),
                    },
                    None => Owner::Inherent(self_ty),
                }
            }
            None => Owner::Free,
        };
        ItemPath {
            krate,
            modules,
            owner,
            name,
        }
    }

    /// The catalogue's key: `alloc::vec::Vec::push`,
    /// `<alloc::string::String as core::convert::From>::from`.
    pub fn key(&self) -> String {
        match &self.owner {
            Owner::Free => {
                let mut parts = vec![self.krate.clone()];
                parts.extend(self.modules.iter().cloned());
                parts.push(self.name.clone());
                parts.join("::")
            }
            Owner::Inherent(ty) | Owner::Trait(ty) => format!("{}::{}", ty.full(), self.name),
            Owner::TraitImpl { self_ty, trait_ } => {
                let self_ty = if self_ty.primitive {
                    self_ty.short.clone()
                } else {
                    self_ty.full()
                };
                format!("<{self_ty} as {}>::{}", trait_.full(), self.name)
            }
        }
    }

    /// How a chain shows it: `mix`, `Buffer::with_len`, `Source::fill`.
    pub fn short(&self) -> String {
        match &self.owner {
            Owner::Free => self.name.clone(),
            Owner::Inherent(ty) | Owner::Trait(ty) | Owner::TraitImpl { self_ty: ty, .. } => {
                format!("{}::{}", ty.short, self.name)
            }
        }
    }

    /// The paths `allow` and `deny` entries are matched against (by
    /// suffix): the item by its type's path and by its trait's path, and
    /// std's items by their `std::` facade too (`std::vec::Vec::push` as
    /// well as `alloc::vec::Vec::push`).
    pub fn match_paths(&self) -> Vec<Vec<String>> {
        let mut owners: Vec<&TypePath> = Vec::new();
        match &self.owner {
            Owner::Free => {}
            Owner::Inherent(ty) | Owner::Trait(ty) => owners.push(ty),
            Owner::TraitImpl { self_ty, trait_ } => {
                owners.push(self_ty);
                owners.push(trait_);
            }
        }
        let mut paths = Vec::new();
        if owners.is_empty() {
            let mut path = vec![self.krate.clone()];
            path.extend(self.modules.iter().cloned());
            path.push(self.name.clone());
            paths.push(path);
        }
        for owner in owners {
            let mut path = owner.segments.clone();
            path.push(self.name.clone());
            paths.push(path);
        }
        let facade: Vec<Vec<String>> = paths
            .iter()
            .filter(|path| matches!(path[0].as_str(), "core" | "alloc"))
            .map(|path| {
                let mut path = path.clone();
                path[0] = "std".to_owned();
                path
            })
            .collect();
        paths.extend(facade);
        paths
    }
}

/// The crate's name and the module names from its root to `module`.
pub fn module_path(db: &RootDatabase, module: hir::Module) -> (String, Vec<String>) {
    let krate = crate_name(db, module.krate(db));
    let mut modules: Vec<String> = module
        .path_to_root(db)
        .into_iter()
        .filter_map(|m| m.name(db).map(|n| n.as_str().to_owned()))
        .collect();
    modules.reverse();
    (krate, modules)
}

/// A crate as code names it: `alloc`, `dsp_fixture`.
pub fn crate_name(db: &RootDatabase, krate: hir::Crate) -> String {
    krate
        .display_name(db)
        .map(|name| name.crate_name().as_str().to_owned())
        .unwrap_or_else(|| "?".to_owned())
}

fn trait_path(db: &RootDatabase, trait_: hir::Trait) -> TypePath {
    let (krate, mut segments) = module_path(db, trait_.module(db));
    let name = trait_.name(db).as_str().to_owned();
    segments.insert(0, krate);
    segments.push(name.clone());
    TypePath {
        segments,
        short: name,
        primitive: false,
    }
}

/// An impl's self type: an ADT by its own path, a primitive (`[T]`,
/// `str`) in the module of the impl.
fn type_path(db: &RootDatabase, ty: hir::Type<'_>, impl_module: hir::Module) -> TypePath {
    if let Some(adt) = ty.as_adt() {
        let (krate, mut segments) = module_path(db, adt.module(db));
        let name = adt.name(db).as_str().to_owned();
        segments.insert(0, krate);
        segments.push(name.clone());
        return TypePath {
            segments,
            short: name,
            primitive: false,
        };
    }
    let target = hir::DisplayTarget::from_crate(db, impl_module.krate(db).into());
    let short = if let Some(element) = ty.as_slice() {
        if element.as_type_param(db).is_some() {
            "[T]".to_owned()
        } else {
            format!("[{}]", element.display(db, target))
        }
    } else if ty.as_type_param(db).is_some() {
        "T".to_owned()
    } else if ty.is_str() {
        "str".to_owned()
    } else if let Some(builtin) = ty.as_builtin() {
        builtin.name().as_str().to_owned()
    } else {
        ty.display(db, target).to_string()
    };
    let (krate, mut segments) = module_path(db, impl_module);
    segments.insert(0, krate);
    segments.push(short.clone());
    TypePath {
        segments,
        short,
        primitive: true,
    }
}
