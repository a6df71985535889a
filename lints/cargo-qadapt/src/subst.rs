//! Carrying the caller's generic arguments down a chain: the types a body
//! was inferred with mention its own generic parameters; a call reached
//! with known arguments replaces them, and normalises what that makes
//! concrete (`<Vec<u8> as IntoIterator>::IntoIter` becomes
//! `vec::IntoIter<u8>`), so that the next call dispatches to the impl that
//! really runs.

use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::next_solver::infer::traits::ObligationCause;
use ra_ap_hir_ty::next_solver::infer::{DbInternerInferExt, InferCtxt};
use ra_ap_hir_ty::next_solver::obligation_ctxt::ObligationCtxt;
use ra_ap_hir_ty::next_solver::{
    Const, ConstKind, DbInterner, GenericArg, GenericArgs, Region, RegionKind, Ty, TyKind,
    TypingMode,
};
use ra_ap_ide_db::RootDatabase;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use ra_ap_rustc_type_ir::{
    TypeFlags, TypeFoldable, TypeFolder, TypeSuperFoldable, TypeVisitableExt,
};

/// How many times a normalised type is folded again for the aliases it
/// holds, one inside the other, before it is kept as it is.
const MAX_RENORMALISED: u32 = 16;

/// Replaces generic parameters by the arguments a call was reached with.
pub struct Substitute<'db> {
    infcx: InferCtxt<'db>,
    env: ParamEnvAndCrate<'db>,
    args: GenericArgs<'db>,
    /// Off while a normalised type is folded again: it is in the caller's
    /// terms already, and substituting its parameters once more made
    /// types grow without end (itertools 0.15.0 overflowed a 256 MiB stack).
    substituting: bool,
    /// The depth of those folds.
    renormalised: u32,
}

impl<'db> Substitute<'db> {
    pub fn new(db: &'db RootDatabase, env: ParamEnvAndCrate<'db>, args: GenericArgs<'db>) -> Self {
        let interner = DbInterner::new_with(db, env.krate);
        Substitute {
            infcx: interner.infer_ctxt().build(TypingMode::PostAnalysis),
            env,
            args,
            substituting: true,
            renormalised: 0,
        }
    }

    /// `args` (a callee's, in terms of the caller's parameters) in terms of
    /// what the caller was reached with.
    pub fn args(&mut self, args: GenericArgs<'db>) -> GenericArgs<'db> {
        if self.args.is_empty() && !args.has_type_flags(TypeFlags::HAS_ALIAS) {
            return args;
        }
        args.fold_with(self)
    }

    pub fn ty(&mut self, ty: Ty<'db>) -> Ty<'db> {
        ty.fold_with(self)
    }

    /// The argument for the parameter at `index`: none while a normalised
    /// type is folded again, which keeps its parameters as they are.
    fn arg(&self, index: u32) -> Option<GenericArg<'db>> {
        self.args
            .as_slice()
            .get(index as usize)
            .copied()
            .filter(|_| self.substituting)
    }
}

impl<'db> TypeFolder<DbInterner<'db>> for Substitute<'db> {
    fn cx(&self) -> DbInterner<'db> {
        self.infcx.interner
    }

    fn fold_ty(&mut self, ty: Ty<'db>) -> Ty<'db> {
        if !ty.has_type_flags(TypeFlags::HAS_ALIAS | TypeFlags::HAS_PARAM) {
            return ty;
        }
        match ty.kind() {
            TyKind::Param(param) => self.arg(param.index).and_then(|arg| arg.ty()).unwrap_or(ty),
            TyKind::Alias(..) => {
                let inner = ty.super_fold_with(self);
                let mut ocx = ObligationCtxt::new(&self.infcx);
                match ocx.structurally_normalize_ty(
                    &ObligationCause::dummy(),
                    self.env.param_env,
                    inner,
                ) {
                    Ok(normal) if !normal.has_type_flags(TypeFlags::HAS_TY_INFER) => {
                        if normal == inner || self.renormalised >= MAX_RENORMALISED {
                            normal
                        } else {
                            let substituting = std::mem::replace(&mut self.substituting, false);
                            self.renormalised += 1;
                            let folded = normal.fold_with(self);
                            self.renormalised -= 1;
                            self.substituting = substituting;
                            folded
                        }
                    }
                    _ => inner,
                }
            }
            _ => ty.super_fold_with(self),
        }
    }

    fn fold_const(&mut self, ct: Const<'db>) -> Const<'db> {
        match ct.kind() {
            ConstKind::Param(param) => self
                .arg(param.index)
                .and_then(|arg| arg.konst())
                .unwrap_or(ct),
            _ => ct.super_fold_with(self),
        }
    }

    fn fold_region(&mut self, region: Region<'db>) -> Region<'db> {
        match region.kind() {
            RegionKind::ReEarlyParam(param) => self
                .arg(param.index)
                .and_then(|arg| arg.region())
                .unwrap_or(region),
            _ => region,
        }
    }
}
