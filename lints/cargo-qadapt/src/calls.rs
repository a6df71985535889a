//! The calls one function body makes, as the engine resolved them: every
//! path to a function (called or used as a value, so `.map(String::from)`
//! counts), method calls on inferred receivers, overloaded operators
//! (`+`, `+=`, `==`, `[]`, unary), overloaded calls of `Fn*` values, the
//! `Deref` of auto-deref, and what macros, `?`, `for` and format
//! arguments desugar to (the engine lowers those to plain calls: `?` to
//! `Try::branch` and `FromResidual::from_residual`, `for` to `into_iter`
//! and `next`, `format_args!` to `Argument::new_display::<T>` and the
//! like). Closures are part of the body that writes them. `const` blocks
//! run at compile time and are skipped.
//!
//! The generic arguments are the body's own: the walk substitutes the
//! caller's. Computed once per function and kept.

use ra_ap_hir_def::expr_store::{Body, ExpressionStoreDiagnostics};
use ra_ap_hir_def::hir::{BinaryOp, Expr, ExprId, Literal};
use ra_ap_hir_def::lang_item::lang_items;
use ra_ap_hir_def::{CallableDefId, DefWithBodyId, FunctionId, HasModule};
use ra_ap_hir_ty::next_solver::{GenericArgs, Ty, TyKind};
use ra_ap_hir_ty::{Adjust, InferenceResult};
use ra_ap_ide_db::FxIndexMap as IndexMap;
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::span::Edition;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use ra_ap_syntax::AstNode;
use std::collections::HashMap;

/// One resolved call.
#[derive(Debug, Clone, Copy)]
pub struct Call<'db> {
    pub func: FunctionId,
    /// In terms of the calling body's generic parameters.
    pub args: GenericArgs<'db>,
    /// The expression making it (for its place in the source).
    pub expr: ExprId,
    pub facts: Facts,
    /// Made on every path through the body: not in a branch, a closure
    /// or after `&&`/`||` (a loop's body runs at least once).
    pub always: bool,
    /// Made in a fallback closure of std (`unwrap_or_else(|| ..)`,
    /// `or_insert_with`, `map_err`, ...), which runs only when a value is
    /// missing or an error occurred: what it reaches is possible.
    pub lazy: bool,
}

/// Where an expression stands in its body.
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    /// Runs only on some paths (a branch, a closure, after `&&`).
    branch: bool,
    /// In a fallback closure of std.
    lazy: bool,
}

/// What the catalogue's conditions look at in a call's arguments.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Facts {
    /// The first argument is the literal `0`.
    pub first_arg_zero: bool,
    /// The first argument (or the receiver) is the literal `""`.
    pub first_arg_empty_str: bool,
    /// Some argument is the literal `0` (`from_elem(x, 0)`).
    pub any_arg_zero: bool,
    /// The receiver of a method call is the result of this call
    /// (`String::from_utf8_lossy(b).into_owned()`).
    pub receiver_call: Option<FunctionId>,
}

/// Something in a body the walk cannot follow, for a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfollowed {
    /// A call through a function pointer.
    FnPointer(ExprId),
    /// Inline assembly.
    InlineAsm(ExprId),
    /// A macro call the engine could not resolve (its name, where it is):
    /// what it would expand to is not checked.
    UnresolvedMacro(String, Option<crate::sites::Site>),
}

/// The calls of one body.
#[derive(Debug)]
pub struct BodyCalls<'db> {
    pub calls: Vec<Call<'db>>,
    pub unfollowed: Vec<Unfollowed>,
    /// The values it drops (outside std only: std's drops run std's
    /// `Drop` impls, which free).
    pub drops: Vec<crate::drops::Dropped<'db>>,
    /// The body's own expression, where a drop with no place of its own
    /// is shown.
    pub root: ExprId,
}

impl<'db> BodyCalls<'db> {
    /// No calls: for a body the checker failed on.
    pub fn empty(db: &'db RootDatabase, func: FunctionId) -> BodyCalls<'db> {
        BodyCalls {
            calls: Vec::new(),
            unfollowed: Vec::new(),
            drops: Vec::new(),
            root: Body::of(db, DefWithBodyId::FunctionId(func)).root_expr(),
        }
    }
}

/// The calls `func`'s body makes, in source order, and its drops when
/// `with_drops`.
pub fn of<'db>(db: &'db RootDatabase, func: FunctionId, with_drops: bool) -> BodyCalls<'db> {
    let def = DefWithBodyId::FunctionId(func);
    let body = Body::of(db, def);
    let infer = InferenceResult::of(db, def);
    let krate = func.krate(db);
    let lang = lang_items(db, krate);
    let mut out = BodyCalls {
        calls: Vec::new(),
        unfollowed: Vec::new(),
        drops: Vec::new(),
        root: body.root_expr(),
    };
    let order = traverse(db, func, body, infer);
    // A path called directly is judged at the path, with the call's
    // arguments.
    let mut callees: HashMap<ExprId, Facts> = HashMap::new();
    for expr in order.keys().copied().collect::<Vec<_>>() {
        let facts = callees
            .get(&expr)
            .copied()
            .unwrap_or_else(|| facts(body, infer, expr));
        if let Expr::Call { callee, .. } = &body[expr]
            && matches!(body[*callee], Expr::Path(_))
            && matches!(infer.expr_ty(*callee).kind(), TyKind::FnDef(..))
        {
            callees.insert(*callee, facts);
            continue;
        }
        let Some(&place) = order.get(&expr) else {
            continue;
        };
        let always = !place.branch;
        let lazy = place.lazy;
        let mut push = |func: FunctionId, args: GenericArgs<'db>| {
            out.calls.push(Call {
                func,
                args,
                expr,
                facts,
                always,
                lazy,
            })
        };
        match &body[expr] {
            Expr::Path(_) => {
                if let TyKind::FnDef(callable, args) = infer.expr_ty(expr).kind()
                    && let CallableDefId::FunctionId(f) = callable.0
                {
                    push(f, args);
                }
            }
            Expr::MethodCall { .. }
            | Expr::BinaryOp { .. }
            | Expr::UnaryOp { .. }
            | Expr::Index { .. } => {
                if let Some((f, args)) = infer.method_resolution(expr) {
                    push(f, args);
                }
            }
            Expr::Call { callee, .. } => {
                if let Some((f, args)) = infer.method_resolution(expr) {
                    push(f, args);
                } else if matches!(infer.expr_ty(*callee).kind(), TyKind::FnPtr(..)) {
                    out.unfollowed.push(Unfollowed::FnPointer(expr));
                }
            }
            Expr::InlineAsm(_) => out.unfollowed.push(Unfollowed::InlineAsm(expr)),
            _ => {}
        }
        // Auto-deref through `Deref` impls (`rc.len()`, `&*guard`).
        if let Some(adjustments) = infer.expr_adjustment(expr) {
            let mut source: Ty<'db> = infer.expr_ty(expr);
            for adjustment in adjustments {
                if let Adjust::Deref(Some(overloaded)) = adjustment.kind {
                    let method = if overloaded.0.is_mut() {
                        lang.DerefMut_deref_mut
                    } else {
                        lang.Deref_deref
                    };
                    if let Some(method) = method {
                        let args = GenericArgs::new_from_slice(&[source.into()]);
                        out.calls.push(Call {
                            func: method,
                            args,
                            expr,
                            facts: Facts::default(),
                            always,
                            lazy,
                        });
                    }
                }
                source = adjustment.target.as_ref();
            }
        }
    }
    if with_drops {
        out.drops = crate::drops::of(db, func);
    }
    let (_, source_map) = Body::with_source_map(db, def);
    for diagnostic in source_map.diagnostics() {
        if let ExpressionStoreDiagnostics::UnresolvedMacroCall { node, path } = diagnostic {
            let root = node.file_id.parse_or_expand(db);
            let call = node.value.to_node(&root);
            let site = crate::sites::of_node(db, node.with_value(call.syntax().clone()));
            let name = path.display(db, Edition::CURRENT).to_string();
            out.unfollowed.push(Unfollowed::UnresolvedMacro(name, site));
        }
    }
    out
}

/// The expressions of a body that run, in source order, each with its
/// place: `const` blocks run at compile time and the way to a panic is
/// no finding (a branch, arm or closure body of type `!`: an assertion's
/// message, `unreachable!`), so neither is listed. An explicit worklist:
/// bodies nest as deep as the user writes them.
fn traverse(
    db: &RootDatabase,
    func: FunctionId,
    body: &Body,
    infer: &InferenceResult<'_>,
) -> IndexMap<ExprId, Place> {
    let (_, source_map) = Body::with_source_map(db, DefWithBodyId::FunctionId(func));
    let mut escapes = crate::escape::Escapes::default();
    let mut stack = vec![(body.root_expr(), Place::default())];
    let mut order = IndexMap::default();
    while let Some((expr, place)) = stack.pop() {
        if matches!(body[expr], Expr::Const(_)) || order.contains_key(&expr) {
            continue;
        }
        // qadapt's escape hatch: allocations are allowed in there.
        if escapes.allows(db, source_map, body, infer, expr) {
            continue;
        }
        order.insert(expr, place);
        // The children that run whenever `expr` does, and those that
        // run in a branch of it.
        let (always, arms): (Option<ExprId>, bool) = match &body[expr] {
            Expr::If { condition, .. } => (Some(*condition), true),
            Expr::Match {
                expr: scrutinee, ..
            } => (Some(*scrutinee), true),
            Expr::BinaryOp {
                lhs,
                op: Some(BinaryOp::LogicOp(_)),
                ..
            } => (Some(*lhs), true),
            // A loop's body runs at least once (a `while` or `for` tests its
            // condition there, and what it guards is an arm of it).
            Expr::Closure { .. } => (None, true),
            _ => (None, false),
        };
        let lazy_args = lazy_arguments(db, body, infer, expr);
        let mut children = Vec::new();
        body.walk_child_exprs(expr, |child| children.push(child));
        for child in children.into_iter().rev() {
            let in_branch = arms && Some(child) != always;
            if in_branch && panics(db, body, infer, child) {
                continue;
            }
            stack.push((
                child,
                Place {
                    branch: place.branch || in_branch || lazy_args.contains(&child),
                    lazy: place.lazy || lazy_args.contains(&child),
                },
            ));
        }
    }
    order
}

/// Whether a branch only leads to a panic (or an exit): its type is `!`,
/// it calls a function returning `!`, and it does not `return`, `break` or
/// `continue` (a `return Err(..)` is a branch like any other).
fn panics(db: &RootDatabase, body: &Body, infer: &InferenceResult<'_>, branch: ExprId) -> bool {
    if !infer.expr_ty(branch).is_never() {
        return false;
    }
    let mut stack = vec![branch];
    let mut diverging_call = false;
    let mut seen = 0usize;
    while let Some(expr) = stack.pop() {
        seen += 1;
        if seen > 10_000 {
            return false;
        }
        match &body[expr] {
            Expr::Return { .. }
            | Expr::Break { .. }
            | Expr::Continue { .. }
            | Expr::Become { .. }
            | Expr::Yeet { .. } => return false,
            Expr::Call { callee, .. } => {
                if let TyKind::FnDef(callable, _) = infer.expr_ty(*callee).kind()
                    && let CallableDefId::FunctionId(f) = callable.0
                    && ra_ap_hir::Function::from(f).ret_type(db).is_never()
                {
                    diverging_call = true;
                }
            }
            _ => {}
        }
        body.walk_child_exprs(expr, |child| stack.push(child));
    }
    diverging_call
}

/// The arguments of a std method call that run only sometimes (see
/// [`qadapt_lints::runs_lazily`]).
fn lazy_arguments(
    db: &RootDatabase,
    body: &Body,
    infer: &InferenceResult<'_>,
    expr: ExprId,
) -> Vec<ExprId> {
    let Expr::MethodCall {
        method_name, args, ..
    } = &body[expr]
    else {
        return Vec::new();
    };
    let std = infer.method_resolution(expr).is_some_and(|(f, _)| {
        matches!(
            ra_ap_hir::Function::from(f).module(db).krate(db).origin(db),
            ra_ap_ide_db::base_db::CrateOrigin::Lang(_)
        )
    });
    if !std {
        return Vec::new();
    }
    args.iter()
        .enumerate()
        .filter(|(i, _)| qadapt_lints::runs_lazily(method_name.as_str(), *i, args.len()))
        .map(|(_, &arg)| arg)
        .collect()
}

/// The literal arguments the catalogue's conditions look at.
fn facts(body: &Body, infer: &InferenceResult<'_>, expr: ExprId) -> Facts {
    let first = match &body[expr] {
        Expr::Call { args, .. } => args.first().copied(),
        Expr::MethodCall { receiver, args, .. } => {
            let receiver_empty = is_empty_str(body, *receiver);
            return Facts {
                first_arg_zero: args.first().is_some_and(|&a| is_zero(body, a)),
                first_arg_empty_str: receiver_empty
                    || args.first().is_some_and(|&a| is_empty_str(body, a)),
                any_arg_zero: args.iter().any(|&a| is_zero(body, a)),
                receiver_call: callee_of(body, infer, *receiver),
            };
        }
        _ => None,
    };
    let any_arg_zero = match &body[expr] {
        Expr::Call { args, .. } => args.iter().any(|&a| is_zero(body, a)),
        _ => false,
    };
    Facts {
        first_arg_zero: first.is_some_and(|a| is_zero(body, a)),
        first_arg_empty_str: first.is_some_and(|a| is_empty_str(body, a)),
        any_arg_zero,
        receiver_call: None,
    }
}

/// The function an expression calls, when it is a call.
fn callee_of(body: &Body, infer: &InferenceResult<'_>, expr: ExprId) -> Option<FunctionId> {
    match &body[expr] {
        Expr::MethodCall { .. } => infer.method_resolution(expr).map(|(f, _)| f),
        Expr::Call { callee, .. } => match infer.expr_ty(*callee).kind() {
            TyKind::FnDef(callable, _) => match callable.0 {
                CallableDefId::FunctionId(f) => Some(f),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

fn is_zero(body: &Body, expr: ExprId) -> bool {
    matches!(
        body[expr],
        Expr::Literal(Literal::Int(0, _)) | Expr::Literal(Literal::Uint(0, _))
    )
}

fn is_empty_str(body: &Body, expr: ExprId) -> bool {
    match &body[expr] {
        Expr::Literal(Literal::String(s)) => s.as_str().is_empty(),
        Expr::Ref { expr, .. } => is_empty_str(body, *expr),
        _ => false,
    }
}
