//! Which function a call runs: a trait method called on a known type runs
//! that type's impl (the engine's `lookup_impl_method`); a derived impl
//! (`#[derive(Clone)]`, which the engine keeps without a body) runs the
//! same method on every field; `Fn*::call*` on a function item runs that
//! function. Where the type is not known (`dyn Trait`, a parameter of the
//! root), every impl the crate graph has outside std may run: each is
//! followed as possible.

use ra_ap_hir as hir;
use ra_ap_hir_def::{
    AdtId, CallableDefId, FunctionId, ItemContainerId, Lookup, TraitId, VariantId,
};
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::db::HirDatabase as _;
use ra_ap_hir_ty::next_solver::{DbInterner, GenericArgs, SolverDefId, Ty, TyKind};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_rustc_type_ir::inherent::{GenericArgs as _, IntoKind};
use std::collections::HashSet;

/// A function with the arguments it runs with.
pub type Instance<'db> = (FunctionId, GenericArgs<'db>);

/// Where a call goes.
#[derive(Debug, Default)]
pub struct Dispatch<'db> {
    /// Certainly run (one of them, for a derived impl: all of them).
    pub certain: Vec<Instance<'db>>,
    /// May run: the impls of a trait whose receiver type is not known.
    pub possible: Vec<Instance<'db>>,
    /// The call goes through a trait object or a parameter and no impl of
    /// the trait was found outside std: `dyn Trait`'s name, for a note.
    pub no_impl: Option<String>,
    /// The receiver's type is not known: the trait's own method, for the
    /// catalogue to judge for any implementor (`ToString::to_string`).
    pub declared: Option<Instance<'db>>,
    /// Why the receiver's type is not known.
    pub unknown: Option<Unknown>,
    /// The impls that may run, when there are too many to follow.
    pub too_many: Option<usize>,
}

/// More impls than this may run, and none is followed (with a note): a
/// generic root calling `T::default()` would otherwise walk every
/// `Default` impl of every dependency.
const MAX_IMPLS: usize = 16;

/// A receiver whose type the walk does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unknown {
    /// A trait object.
    Dyn,
    /// A generic parameter of the root (or a projection of one).
    Param,
}

/// Where `func` called with `args` (already the caller's, substituted)
/// goes, seen from `env`.
pub fn dispatch<'db>(
    db: &'db RootDatabase,
    env: ParamEnvAndCrate<'db>,
    func: FunctionId,
    args: GenericArgs<'db>,
) -> Dispatch<'db> {
    let mut out = Dispatch::default();
    let trait_ = match func.lookup(db).container {
        ItemContainerId::TraitId(trait_) => trait_,
        _ => {
            out.certain.push((func, args));
            return out;
        }
    };
    let (found, found_args) = db.lookup_impl_method(env, func, args);
    match found {
        either::Either::Left(impl_fn) if impl_fn != func => {
            out.certain.push((impl_fn, found_args));
            return out;
        }
        either::Either::Right(_) => {
            derived(db, env, func, args, &mut out, 0);
            return out;
        }
        either::Either::Left(_) => {}
    }
    let Some(self_ty) = args.as_slice().first().and_then(|arg| arg.ty()) else {
        return out;
    };
    match self_ty.kind() {
        // `f` of `map(f)` called inside std.
        TyKind::FnDef(callable, fn_args) if is_fn_trait(db, trait_) => {
            if let CallableDefId::FunctionId(f) = callable.0 {
                out.certain.push((f, fn_args));
            }
        }
        // Closures are walked with the body that writes them.
        TyKind::Closure(..) | TyKind::FnPtr(..) if is_fn_trait(db, trait_) => {}
        TyKind::Dynamic(..) | TyKind::Param(_) | TyKind::Alias(..) | TyKind::Placeholder(_) => {
            out.declared = Some((func, args));
            out.unknown = Some(match self_ty.kind() {
                TyKind::Dynamic(..) => Unknown::Dyn,
                _ => Unknown::Param,
            });
            every_impl(db, env, trait_, func, &mut out);
            // The only impl the graph has is the one that runs.
            if out.possible.len() == 1 {
                out.certain.append(&mut out.possible);
            }
        }
        _ => {
            // The trait's own default body, for a type whose impl does
            // not override it.
            if hir::Function::from(func).has_body(db) {
                out.certain.push((func, args));
            }
        }
    }
    out
}

/// A derived impl: the same trait method on each field of `Self`.
fn derived<'db>(
    db: &'db RootDatabase,
    env: ParamEnvAndCrate<'db>,
    func: FunctionId,
    args: GenericArgs<'db>,
    out: &mut Dispatch<'db>,
    depth: usize,
) {
    let Some(self_ty) = args.as_slice().first().and_then(|arg| arg.ty()) else {
        return;
    };
    if depth > 8 {
        return;
    }
    let interner = DbInterner::new_with(db, env.krate);
    for field in field_types(db, self_ty) {
        let mut field_args: Vec<_> = args.iter().collect();
        field_args[0] = field.into();
        let field_args = GenericArgs::new_from_iter(interner, field_args);
        let inner = dispatch(db, env, func, field_args);
        out.certain.extend(inner.certain);
        out.possible.extend(inner.possible);
    }
}

/// The types of the fields of every variant of an ADT, substituted.
pub fn field_types<'db>(db: &'db RootDatabase, ty: Ty<'db>) -> Vec<Ty<'db>> {
    let TyKind::Adt(adt, adt_args) = ty.kind() else {
        return Vec::new();
    };
    let interner = DbInterner::new_no_crate(db);
    let variants: Vec<VariantId> = match adt.def_id() {
        AdtId::StructId(s) => vec![s.into()],
        AdtId::UnionId(u) => vec![u.into()],
        AdtId::EnumId(e) => e
            .enum_variants(db)
            .variants
            .values()
            .map(|(variant, _)| (*variant).into())
            .collect(),
    };
    let mut types = Vec::new();
    for variant in variants {
        for (_, field) in db.field_types(variant).iter() {
            types.push(field.ty().instantiate(interner, adt_args).skip_norm_wip());
        }
    }
    types
}

/// Every impl of `trait_` outside std, the one method of each that
/// overrides or inherits `func`.
fn every_impl<'db>(
    db: &'db RootDatabase,
    env: ParamEnvAndCrate<'db>,
    trait_: TraitId,
    func: FunctionId,
    out: &mut Dispatch<'db>,
) {
    let name = hir::Function::from(func).name(db);
    let interner = DbInterner::new_no_crate(db);
    // The crates the calling crate can see: itself and its dependencies.
    let mut visible: HashSet<ra_ap_ide_db::base_db::Crate> =
        env.krate.transitive_deps(db).into_iter().collect();
    visible.insert(env.krate);
    let mut any = false;
    let mut impls = Vec::new();
    for impl_ in hir::Impl::all_for_trait(db, trait_.into()) {
        let krate = impl_.module(db).krate(db);
        if matches!(krate.origin(db), CrateOrigin::Lang(_)) || !visible.contains(&krate.into()) {
            continue;
        }
        impls.push(impl_);
    }
    if impls.len() > MAX_IMPLS {
        out.too_many = Some(impls.len());
        return;
    }
    for impl_ in impls {
        any = true;
        let method = impl_.items(db).into_iter().find_map(|item| match item {
            hir::AssocItem::Function(f) if f.name(db) == name => FunctionId::try_from(f).ok(),
            _ => None,
        });
        let target = method.unwrap_or(func);
        if !hir::Function::from(target).has_body(db) {
            continue;
        }
        let args = GenericArgs::identity_for_item(interner, SolverDefId::FunctionId(target));
        out.possible.push((target, args));
    }
    if !any && out.too_many.is_none() {
        out.no_impl = Some(hir::Trait::from(trait_).name(db).as_str().to_owned());
    }
}

/// `Fn`, `FnMut`, `FnOnce` (and their async forms).
fn is_fn_trait(db: &RootDatabase, trait_: TraitId) -> bool {
    let name = hir::Trait::from(trait_).name(db);
    matches!(
        name.as_str(),
        "Fn" | "FnMut" | "FnOnce" | "AsyncFn" | "AsyncFnMut" | "AsyncFnOnce"
    ) && matches!(
        hir::Trait::from(trait_).module(db).krate(db).origin(db),
        CrateOrigin::Lang(_)
    )
}
