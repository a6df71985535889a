//! Where a call is in the source: the token a diagnostic underlines (a
//! method's name, a path's last segment, a macro's name), mapped out of
//! macro expansions. A call made by a std macro's expansion (`format!`,
//! `vec!`) is shown at the macro's name and knows that macro; one made by
//! a `macro_rules!` of the crate is shown in that macro's template.

use ra_ap_hir_def::expr_store::Body;
use ra_ap_hir_def::hir::ExprId;
use ra_ap_hir_def::{DefWithBodyId, FunctionId};
use ra_ap_hir_expand::{HirFileId, InFile};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_syntax::{AstNode, SyntaxNode, TextRange, ast};
use ra_ap_vfs::FileId;

/// A call's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub file: FileId,
    pub range: TextRange,
    /// The std macro whose expansion makes the call (`format`, `vec`).
    pub std_macro: Option<String>,
    /// That macro is called with nothing to build: `format!("")`.
    pub std_macro_empty: bool,
    /// The crates' own macros whose expansions hold the call, outermost
    /// first: each is a step of the chain.
    pub macros: Vec<MacroStep>,
}

/// A macro of the crate graph on the way to a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroStep {
    /// `log_event`.
    pub name: String,
    /// Its definition.
    pub definition: (FileId, TextRange),
    /// Its call (the macro's name there).
    pub call: (FileId, TextRange),
}

/// The place of expression `expr` of `func`'s body, or `None` for one
/// the engine made up with no source.
pub fn site(db: &RootDatabase, func: FunctionId, expr: ExprId) -> Option<Site> {
    let (_, source_map) = Body::with_source_map(db, DefWithBodyId::FunctionId(func));
    let source = source_map.expr_syntax(expr).ok()?;
    let root = source.file_id.parse_or_expand(db);
    let node = source.value.to_node(&root);
    let node = match node {
        either::Either::Left(expr) => expr.syntax().clone(),
        either::Either::Right(pat) => pat.syntax().clone(),
    };
    of_node(db, InFile::new(source.file_id, node))
}

/// The place of a syntax node, as [`site`] says.
pub fn of_node(db: &RootDatabase, node: InFile<SyntaxNode>) -> Option<Site> {
    let mut file = node.file_id;
    let mut range = token_range(&node.value);
    let mut std_macro = None;
    let mut std_macro_empty = false;
    // Out of std's macros, to where the user wrote them.
    let mut depth = 0;
    while let Some(call) = file.macro_file() {
        let loc = call.loc(db);
        let std = matches!(
            ra_ap_hir::Crate::from(loc.def.krate).origin(db),
            CrateOrigin::Lang(_)
        );
        if !std || depth > 64 {
            break;
        }
        depth += 1;
        let call_node = call.call_node(db);
        let Some(macro_call) = ast::MacroCall::cast(call_node.value.clone()) else {
            break;
        };
        if std_macro.is_none() {
            std_macro_empty = macro_call.token_tree().is_some_and(|tt| {
                let text = tt.syntax().text().to_string();
                let inner = text
                    .get(1..text.len().saturating_sub(1))
                    .unwrap_or("")
                    .trim();
                inner.is_empty() || inner == "\"\""
            });
            std_macro = macro_call
                .path()
                .and_then(|p| p.segment())
                .and_then(|s| s.name_ref())
                .map(|n| n.text().to_string());
        }
        file = call_node.file_id;
        range = token_range(macro_call.syntax());
    }
    let (mapped, _) = InFile::new(file, range).original_node_file_range(db);
    Some(Site {
        file: mapped.file_id.file_id(db),
        range: mapped.range,
        std_macro,
        std_macro_empty,
        macros: user_macros(db, file),
    })
}

/// The macros outside std whose expansions hold `file`, outermost first.
fn user_macros(db: &RootDatabase, mut file: HirFileId) -> Vec<MacroStep> {
    let mut steps = Vec::new();
    while let Some(call) = file.macro_file() {
        if steps.len() > 64 {
            break;
        }
        let loc = call.loc(db);
        let call_node = call.call_node(db);
        file = call_node.file_id;
        if matches!(
            ra_ap_hir::Crate::from(loc.def.krate).origin(db),
            CrateOrigin::Lang(_)
        ) {
            continue;
        }
        let Some(macro_call) = ast::MacroCall::cast(call_node.value.clone()) else {
            continue;
        };
        let Some(name) = macro_call
            .path()
            .and_then(|p| p.segment())
            .and_then(|s| s.name_ref())
        else {
            continue;
        };
        let definition = loc.def.definition_range(db).original_node_file_range(db).0;
        let called = InFile::new(call_node.file_id, name.syntax().text_range())
            .original_node_file_range(db)
            .0;
        steps.push(MacroStep {
            name: name.text().to_string(),
            definition: (definition.file_id.file_id(db), definition.range),
            call: (called.file_id.file_id(db), called.range),
        });
    }
    steps.reverse();
    steps
}

/// The token to underline in a call's node.
fn token_range(node: &SyntaxNode) -> TextRange {
    if let Some(call) = ast::MethodCallExpr::cast(node.clone())
        && let Some(name) = call.name_ref()
    {
        return name.syntax().text_range();
    }
    if let Some(path) = ast::PathExpr::cast(node.clone())
        && let Some(name) = path
            .path()
            .and_then(|p| p.segment())
            .and_then(|s| s.name_ref())
    {
        return name.syntax().text_range();
    }
    if let Some(call) = ast::CallExpr::cast(node.clone())
        && let Some(ast::Expr::PathExpr(path)) = call.expr()
        && let Some(name) = path
            .path()
            .and_then(|p| p.segment())
            .and_then(|s| s.name_ref())
    {
        return name.syntax().text_range();
    }
    if let Some(call) = ast::MacroCall::cast(node.clone())
        && let Some(name) = call
            .path()
            .and_then(|p| p.segment())
            .and_then(|s| s.name_ref())
    {
        return name.syntax().text_range();
    }
    if let Some(expr) = ast::MacroExpr::cast(node.clone())
        && let Some(call) = expr.macro_call()
    {
        return token_range(call.syntax());
    }
    node.text_range()
}
