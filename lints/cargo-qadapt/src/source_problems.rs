//! What the checked crates' sources hold that the engine could not read:
//! a file that does not parse (checked as far as it parses: the engine's
//! parser recovers as rustc's does), a module whose file is missing. Each
//! is said once, with its place.

use crate::load::Loaded;
use crate::report::{Problem, ProblemKind};
use crate::roots;
use ra_ap_hir as hir;
use ra_ap_hir_def::nameres::crate_def_map;
use ra_ap_hir_def::nameres::diagnostics::DefDiagnosticKind;
use ra_ap_ide_db::base_db::SourceDatabase;
use ra_ap_syntax::ast::HasName;
use std::collections::HashSet;

/// The problems of the checked packages' crates.
pub fn of(loaded: &Loaded) -> Vec<Problem> {
    let db = &loaded.db;
    let mut problems = Vec::new();
    let mut files = HashSet::new();
    for krate in hir::Crate::all(db) {
        if roots::checked_package(loaded, krate).is_none() {
            continue;
        }
        for module in krate.modules(db) {
            let Some(file) = module.definition_source_file_id(db).file_id() else {
                continue;
            };
            if !files.insert(file) {
                continue;
            }
            // A byte order mark is no error (the engine's lexer sees one).
            let text = db.file_text(file.file_id(db)).text(db).clone();
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            let errors = file.parse(db).errors();
            let first = errors
                .iter()
                .find(|e| bom == 0 || usize::from(e.range().start()) >= bom);
            if let Some(error) = first {
                let location = loaded.files.location(db, file.file_id(db), error.range());
                problems.push(Problem {
                    kind: ProblemKind::Parse,
                    file: location.file,
                    line: location.line,
                    column: location.column,
                    message: format!(
                        "could not parse this file ({error}): checked as far as it parses"
                    ),
                    text: None,
                });
            }
        }
        for diagnostic in crate_def_map(db, krate.into()).diagnostics() {
            let DefDiagnosticKind::UnresolvedModule { ast, candidates } = &diagnostic.kind else {
                continue;
            };
            let node = ast.to_ptr(db).text_range();
            let (range, _) =
                ra_ap_hir_expand::InFile::new(ast.file_id, node).original_node_file_range(db);
            let location = loaded
                .files
                .location(db, range.file_id.file_id(db), range.range);
            let name = ast
                .to_node(db)
                .name()
                .map(|n| n.text().to_string())
                .unwrap_or_default();
            // The candidates are relative to the declaring file's directory.
            let dir = location
                .file
                .rsplit_once('/')
                .map_or(String::new(), |(dir, _)| format!("{dir}/"));
            let candidates: Vec<String> = candidates.iter().map(|c| format!("{dir}{c}")).collect();
            problems.push(Problem {
                kind: ProblemKind::Missing,
                file: location.file,
                line: location.line,
                column: location.column,
                message: format!(
                    "file not found for module `{name}`: looked for {}",
                    candidates.join(" and ")
                ),
                text: None,
            });
        }
    }
    problems
}
