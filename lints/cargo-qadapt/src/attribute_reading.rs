//! The attribute's own reading of a body (`qadapt_lints::analyse_fn`, by
//! name, as `#[no_alloc]` reads it), placed by its tokens in the engine's
//! files. Two uses:
//!
//! - Growth of a collection created empty in the same body: `let mut v =
//!   Vec::new(); v.push(x);` allocates on the first push, whatever the
//!   types. The engine does not track what a local held before a call; the
//!   attribute does (a collection created empty, without capacity, not
//!   touched since by anything that could give it a buffer). Its definite
//!   growth findings confirm the engine's: a call the engine resolved to
//!   std's growth (`Vec::push`) that the attribute sees growing an empty
//!   collection is definite.
//! - Without std's sources (no `rust-src`), calls into std do not resolve:
//!   std is then judged by the catalogue alone, by name, as the attribute
//!   judges it.

use crate::judge::Construct;
use qadapt_lints::Options;
use qadapt_lints::catalogue::{Condition, entries};
use ra_ap_hir::{self as hir, HasSource};
use ra_ap_hir_def::FunctionId;
use ra_ap_ide_db::RootDatabase;
use ra_ap_syntax::{AstNode, TextRange, TextSize};
use ra_ap_vfs::FileId;
use std::collections::HashSet;

/// One finding of the attribute's reading, where it is.
pub struct Read {
    pub file: FileId,
    pub range: TextRange,
    pub construct: Construct,
    /// A growth of a collection created empty.
    pub grows: bool,
}

/// The attribute's findings in `func`'s body, with `options` (pedantic or
/// not). Empty for a function written by a macro.
pub fn read(db: &RootDatabase, func: FunctionId, options: &Options) -> Vec<Read> {
    let Some(source) = hir::Function::from(func).source(db) else {
        return Vec::new();
    };
    let Some(file) = source.file_id.file_id() else {
        return Vec::new();
    };
    let file = file.file_id(db);
    let node = source.value.syntax();
    let start = usize::from(node.text_range().start());
    let Ok(item) = syn::parse_str::<syn::ImplItemFn>(&node.text().to_string()) else {
        return Vec::new();
    };
    let growth: HashSet<String> = entries()
        .iter()
        .filter(|e| e.condition == Condition::GrowsEmpty)
        .map(|e| e.lint_name())
        .collect();
    let analysis = qadapt_lints::analyse_fn(&item.sig, &item.block, options);
    let found = analysis
        .findings
        .into_iter()
        .filter_map(|finding| {
            let bytes = finding.span.byte_range();
            let range = TextRange::new(
                TextSize::try_from(start + bytes.start).ok()?,
                TextSize::try_from(start + bytes.end).ok()?,
            );
            Some(Read {
                file,
                range,
                grows: growth.contains(&finding.lint_name),
                construct: Construct::from_finding(finding),
            })
        })
        .collect();
    proc_macro2::extra::invalidate_current_thread_spans();
    found
}

/// Where the attribute sees empty collections grown in `func`: the
/// offsets its definite growth findings start at.
pub fn empty_growth(db: &RootDatabase, func: FunctionId) -> HashSet<(FileId, TextSize)> {
    read(db, func, &Options::default())
        .into_iter()
        .filter(|read| read.grows && read.construct.certainty == qadapt_lints::Certainty::Definite)
        .map(|read| (read.file, read.range.start()))
        .collect()
}
