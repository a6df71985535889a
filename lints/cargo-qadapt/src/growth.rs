//! Growth of a collection created empty in the same body: `let mut v =
//! Vec::new(); v.push(x);` allocates on the first push, whatever the
//! types, where a `push` on a vector given from outside may find room.
//! The engine does not track what a local held before a call; the
//! attribute's analysis does (a collection created empty, without
//! capacity, and not touched since by anything that could give it a
//! buffer). So the body is also read by `qadapt_lints::analyse_fn`, and
//! its definite growth findings, placed by their tokens, confirm the
//! engine's: a call the engine resolved to std's growth (`Vec::push`)
//! and the attribute sees growing an empty collection is definite.

use qadapt_lints::Options;
use qadapt_lints::catalogue::{Condition, entries};
use ra_ap_hir::{self as hir, HasSource};
use ra_ap_hir_def::FunctionId;
use ra_ap_ide_db::RootDatabase;
use ra_ap_syntax::{AstNode, TextSize};
use ra_ap_vfs::FileId;
use std::collections::HashSet;

/// Where in its file the attribute's analysis of `func` finds a
/// collection created empty grown: the offsets where its findings start.
/// Empty for a function written by a macro.
pub fn empty_growth(db: &RootDatabase, func: FunctionId) -> HashSet<(FileId, TextSize)> {
    let mut places = HashSet::new();
    let Some(source) = hir::Function::from(func).source(db) else {
        return places;
    };
    let Some(file) = source.file_id.file_id() else {
        return places;
    };
    let file = file.file_id(db);
    let node = source.value.syntax();
    let start = usize::from(node.text_range().start());
    let text = node.text().to_string();
    let Ok(item) = syn::parse_str::<syn::ImplItemFn>(&text) else {
        return places;
    };
    let growth: HashSet<String> = entries()
        .iter()
        .filter(|e| e.condition == Condition::GrowsEmpty)
        .map(|e| e.lint_name())
        .collect();
    let analysis = qadapt_lints::analyse_fn(&item.sig, &item.block, &Options::default());
    for finding in analysis.definite() {
        if growth.contains(&finding.lint_name) {
            let offset = start + finding.span.byte_range().start;
            if let Ok(offset) = u32::try_from(offset) {
                places.insert((file, TextSize::from(offset)));
            }
        }
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    places
}
