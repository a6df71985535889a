//! What a body drops: every local, temporary and by-value argument whose
//! type needs dropping, where the engine's MIR drops it (the end of its
//! scope, an early return, a `?`, an overwritten place). The walk follows
//! the `Drop` impls of those types and of their fields ([`glue`]). A body
//! the engine cannot lower to MIR drops nothing here (the rest of its calls
//! are still followed).

use crate::dispatch::Instance;
use ra_ap_hir_def::hir::ExprId;
use ra_ap_hir_def::lang_item::lang_items;
use ra_ap_hir_def::{AdtId, FunctionId, HasModule};
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::db::HirDatabase;
use ra_ap_hir_ty::mir::{MirSpan, TerminatorKind};
use ra_ap_hir_ty::next_solver::infer::DbInternerInferExt;
use ra_ap_hir_ty::next_solver::{DbInterner, GenericArgs, Ty, TyKind, TypingMode};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_rustc_type_ir::inherent::IntoKind;

/// One value dropped: its type (in the body's generic parameters) and the
/// expression where it happens, when the engine knows one.
#[derive(Debug, Clone, Copy)]
pub struct Dropped<'db> {
    pub ty: Ty<'db>,
    pub expr: Option<ExprId>,
}

/// The values `func`'s body drops whose types may need it.
pub fn of<'db>(db: &'db RootDatabase, func: FunctionId) -> Vec<Dropped<'db>> {
    let hir_db: &dyn HirDatabase = db;
    let Ok(body) = hir_db.mir_body(func.into()) else {
        return Vec::new();
    };
    let interner = DbInterner::new_with(db, func.krate(db));
    let infcx = interner.infer_ctxt().build(TypingMode::PostAnalysis);
    let env = hir_db.trait_environment(ra_ap_hir_def::GenericDefId::FunctionId(func));
    let mut out = Vec::new();
    for (_, block) in body.basic_blocks.iter() {
        let Some(terminator) = &block.terminator else {
            continue;
        };
        let place = match &terminator.kind {
            TerminatorKind::Drop { place, .. } | TerminatorKind::DropAndReplace { place, .. } => {
                place
            }
            _ => continue,
        };
        let ty = place.as_ref().ty(body, &infcx, env).ty;
        if !may_need_drop(ty) {
            continue;
        }
        let expr = match terminator.span {
            MirSpan::ExprId(expr) => Some(expr),
            _ => None,
        };
        out.push(Dropped { ty, expr });
    }
    out
}

/// Types with nothing to drop are left out early.
fn may_need_drop(ty: Ty<'_>) -> bool {
    !matches!(
        ty.kind(),
        TyKind::Bool
            | TyKind::Char
            | TyKind::Int(_)
            | TyKind::Uint(_)
            | TyKind::Float(_)
            | TyKind::Str
            | TyKind::Never
            | TyKind::Ref(..)
            | TyKind::RawPtr(..)
            | TyKind::FnDef(..)
            | TyKind::FnPtr(..)
    )
}

/// The `Drop` impls outside std that dropping a value of type `ty` runs:
/// its own type's, and those of its fields, elements and (for std's
/// containers, whose fields are std's own) its generic arguments.
pub fn glue<'db>(
    db: &'db RootDatabase,
    env: ParamEnvAndCrate<'db>,
    ty: Ty<'db>,
) -> Vec<Instance<'db>> {
    let Some(drop) = lang_items(db, env.krate).Drop_drop else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(ty, 0usize)];
    while let Some((ty, depth)) = stack.pop() {
        if depth > 16 || !seen.insert(ty) || !may_need_drop(ty) {
            continue;
        }
        match ty.kind() {
            TyKind::Adt(adt, args) => {
                let id = adt.def_id();
                let std = matches!(
                    ra_ap_hir::Adt::from(id).module(db).krate(db).origin(db),
                    CrateOrigin::Lang(_)
                );
                if std {
                    // A container drops what its generic arguments stand for.
                    stack.extend(args.types().map(|t| (t, depth + 1)));
                    continue;
                }
                let drop_args = GenericArgs::new_from_slice(&[ty.into()]);
                let (found, found_args) = db.lookup_impl_method(env, drop, drop_args);
                if let either::Either::Left(impl_fn) = found
                    && impl_fn != drop
                {
                    out.push((impl_fn, found_args));
                }
                if matches!(id, AdtId::UnionId(_)) {
                    continue;
                }
                stack.extend(
                    crate::dispatch::field_types(db, ty)
                        .into_iter()
                        .map(|t| (t, depth + 1)),
                );
            }
            TyKind::Tuple(types) => stack.extend(types.iter().map(|t| (t, depth + 1))),
            TyKind::Array(element, _) | TyKind::Slice(element) => stack.push((element, depth + 1)),
            _ => {}
        }
    }
    out
}
