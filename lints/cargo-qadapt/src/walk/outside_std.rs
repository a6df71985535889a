//! Whether std may call back out of itself: a std function is walked into
//! only where its generic arguments mention a type, a function or a
//! parameter from outside std (a `Clone` impl, `map`'s function, the
//! root's `T`). A closure is walked with the body that writes it, so a
//! closure type alone is no reason.

use ra_ap_hir as hir;
use ra_ap_hir_def::CallableDefId;
use ra_ap_hir_ty::next_solver::{DbInterner, GenericArgs, Ty, TyKind};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use ra_ap_rustc_type_ir::{TypeSuperVisitable, TypeVisitable, TypeVisitor};
use std::ops::ControlFlow;

/// Whether `args` mention something defined outside std.
pub fn mentions_outside_std<'db>(db: &'db RootDatabase, args: GenericArgs<'db>) -> bool {
    args.visit_with(&mut OutsideStd { db }).is_break()
}

struct OutsideStd<'a> {
    db: &'a RootDatabase,
}

impl<'db> TypeVisitor<DbInterner<'db>> for OutsideStd<'_> {
    type Result = ControlFlow<()>;

    fn visit_ty(&mut self, ty: Ty<'db>) -> ControlFlow<()> {
        let db = self.db;
        let krate = match ty.kind() {
            TyKind::Adt(adt, _) => Some(hir::Adt::from(adt.def_id()).module(db).krate(db)),
            TyKind::FnDef(callable, _) => match callable.0 {
                CallableDefId::FunctionId(f) => Some(hir::Function::from(f).module(db).krate(db)),
                _ => None,
            },
            TyKind::Param(_) => return ControlFlow::Break(()),
            _ => None,
        };
        if krate.is_some_and(|krate| !matches!(krate.origin(db), CrateOrigin::Lang(_))) {
            return ControlFlow::Break(());
        }
        ty.super_visit_with(self)
    }
}
