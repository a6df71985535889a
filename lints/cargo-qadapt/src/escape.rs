//! qadapt's escape hatch: `allow_alloc(|| ..)` and `allow_alloc! { .. }`
//! allow allocations inside, for the run-time guard and for the
//! attribute alike, so the walk does not go in there. (`allow_dealloc`
//! allows frees only: what it runs is walked.)

use ra_ap_hir as hir;
use ra_ap_hir_def::CallableDefId;
use ra_ap_hir_def::expr_store::{Body, BodySourceMap};
use ra_ap_hir_def::hir::{Expr, ExprId};
use ra_ap_hir_expand::HirFileId;
use ra_ap_hir_ty::InferenceResult;
use ra_ap_hir_ty::next_solver::TyKind;
use ra_ap_ide_db::RootDatabase;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use ra_ap_syntax::{AstNode, ast};
use std::collections::HashMap;

/// The macro files known to be (or not to be) inside `allow_alloc!`.
#[derive(Default)]
pub struct Escapes {
    files: HashMap<HirFileId, bool>,
}

impl Escapes {
    /// Whether `expr` is qadapt's escape hatch: a call of
    /// `qadapt::allow_alloc` (its argument is not walked; the expression
    /// itself is skipped too, it only runs the closure) or code an
    /// `allow_alloc!` expanded to.
    pub fn allows(
        &mut self,
        db: &RootDatabase,
        source_map: &BodySourceMap,
        body: &Body,
        infer: &InferenceResult<'_>,
        expr: ExprId,
    ) -> bool {
        if let Expr::Call { callee, .. } = &body[expr]
            && let TyKind::FnDef(callable, _) = infer.expr_ty(*callee).kind()
            && let CallableDefId::FunctionId(f) = callable.0
            && is_qadapt(db, hir::Function::from(f), "allow_alloc")
        {
            return true;
        }
        let Ok(source) = source_map.expr_syntax(expr) else {
            return false;
        };
        self.in_escape_macro(db, source.file_id)
    }

    fn in_escape_macro(&mut self, db: &RootDatabase, file: HirFileId) -> bool {
        if let Some(&known) = self.files.get(&file) {
            return known;
        }
        let mut inside = false;
        let mut cursor = file;
        let mut depth = 0;
        while let Some(call) = cursor.macro_file() {
            depth += 1;
            if depth > 64 {
                break;
            }
            let loc = call.loc(db);
            let node = call.call_node(db);
            cursor = node.file_id;
            let named = ast::MacroCall::cast(node.value.clone())
                .and_then(|m| m.path())
                .and_then(|p| p.segment())
                .and_then(|s| s.name_ref())
                .is_some_and(|n| n.text() == "allow_alloc");
            if named && crate_name(db, hir::Crate::from(loc.def.krate)) == "qadapt" {
                inside = true;
                break;
            }
        }
        self.files.insert(file, inside);
        inside
    }
}

fn is_qadapt(db: &RootDatabase, function: hir::Function, name: &str) -> bool {
    function.name(db).as_str() == name && crate_name(db, function.module(db).krate(db)) == "qadapt"
}

fn crate_name(db: &RootDatabase, krate: hir::Crate) -> String {
    crate::item_path::crate_name(db, krate)
}
