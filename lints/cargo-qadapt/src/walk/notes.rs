//! What the walk could not follow, said as notes: a call through a
//! function pointer, inline assembly, a macro the engine could not
//! resolve, a trait called on a receiver of unknown type (with its
//! impls, or none outside std), a walk cut short.

use crate::calls::Unfollowed;
use crate::dispatch::{Dispatch, Unknown};
use crate::sites::Site;
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_def::hir::ExprId;

/// Something the walk could not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkNote {
    pub kind: NoteKind,
    pub func: FunctionId,
    pub expr: Option<ExprId>,
    /// Where, when it is not an expression of `func`'s body.
    pub site: Option<Site>,
    pub message: String,
}

/// What a [`WalkNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    FnPointer,
    InlineAsm,
    /// The index among the body's unfollowed things.
    UnresolvedMacro(usize),
    NoImpl,
    PossibleImpls,
    ThroughGeneric,
    Limit,
    EngineFailure,
}

impl NoteKind {
    /// The id the renderers group notes by.
    pub fn id(self) -> &'static str {
        match self {
            NoteKind::FnPointer => "fn-pointer",
            NoteKind::InlineAsm => "inline-asm",
            NoteKind::UnresolvedMacro(_) => "unresolved-macro",
            NoteKind::NoImpl => "call-not-followed",
            NoteKind::PossibleImpls => "ambiguous-call",
            NoteKind::ThroughGeneric => "call-through-generic",
            NoteKind::Limit => "walk-limit",
            NoteKind::EngineFailure => "engine-failure",
        }
    }
}

/// The note for something `func`'s body does that is not followed
/// (`index` among the body's).
pub fn unfollowed(func: FunctionId, index: usize, unfollowed: &Unfollowed) -> WalkNote {
    let (kind, expr, site, message) = match unfollowed {
        Unfollowed::FnPointer(expr) => (
            NoteKind::FnPointer,
            Some(*expr),
            None,
            "a call through a function pointer is not followed".to_owned(),
        ),
        Unfollowed::InlineAsm(expr) => (
            NoteKind::InlineAsm,
            Some(*expr),
            None,
            "inline assembly is not checked".to_owned(),
        ),
        Unfollowed::UnresolvedMacro(name, site) => (
            NoteKind::UnresolvedMacro(index),
            None,
            site.clone(),
            format!("the macro `{name}!` could not be resolved: not checked"),
        ),
    };
    WalkNote {
        kind,
        func,
        expr,
        site,
        message,
    }
}

/// The note for a call made on a receiver of unknown type: the impls
/// followed (`names`), or that there is none outside std.
pub fn dispatch(
    func: FunctionId,
    expr: ExprId,
    method: &str,
    dispatch: &Dispatch<'_>,
    names: &[String],
) -> Option<WalkNote> {
    let unknown = dispatch.unknown?;
    let (kind, message) = if let Some(count) = dispatch.too_many {
        (
            NoteKind::NoImpl,
            format!(
                "`{method}` is called through {}, and {count} impls in the crates it can see \
                 may run: not followed (name a concrete caller with `--root` to check one)",
                match unknown {
                    Unknown::Dyn => "a trait object",
                    Unknown::Param => "a generic parameter",
                }
            ),
        )
    } else if let Some(trait_) = &dispatch.no_impl {
        let through = match unknown {
            Unknown::Dyn => format!("a `dyn {trait_}`"),
            Unknown::Param => "a generic parameter".to_owned(),
        };
        (
            NoteKind::NoImpl,
            format!(
                "`{method}` is called through {through}, and the crate graph has no impl of \
                 `{trait_}` outside std: not followed"
            ),
        )
    } else if names.is_empty() {
        return None;
    } else if unknown == Unknown::Param {
        (
            NoteKind::ThroughGeneric,
            format!(
                "`{method}` is called through a generic parameter: following every impl in \
                 the crate graph ({})",
                names.join(", ")
            ),
        )
    } else {
        let all = match names.len() {
            1 => "it".to_owned(),
            2 => "both".to_owned(),
            n => format!("all {n}"),
        };
        (
            NoteKind::PossibleImpls,
            format!("`{method}` may be {}: following {all}", alternatives(names)),
        )
    };
    Some(WalkNote {
        kind,
        func,
        expr: Some(expr),
        site: None,
        message,
    })
}

/// The note for a call the engine failed on (a caught panic of
/// rust-analyzer's).
pub fn engine_failure(func: FunctionId, expr: ExprId, message: &str) -> WalkNote {
    let first = message.lines().next().unwrap_or(message);
    WalkNote {
        kind: NoteKind::EngineFailure,
        func,
        expr: Some(expr),
        site: None,
        message: format!("not followed: the engine failed on this call ({first})"),
    }
}

/// The note for a walk stopped at `limit` functions.
pub fn limit(root: FunctionId, limit: usize) -> WalkNote {
    WalkNote {
        kind: NoteKind::Limit,
        func: root,
        expr: None,
        site: None,
        message: format!(
            "the walk stopped after {limit} functions: what lies beyond is not checked"
        ),
    }
}

/// `a`, `a or b`, `a, b or c`; long lists shortened.
fn alternatives(names: &[String]) -> String {
    const SHOWN: usize = 6;
    match names {
        [] => String::new(),
        [one] => one.clone(),
        _ if names.len() > SHOWN => format!(
            "{}, ... ({} candidates)",
            names[..SHOWN].join(", "),
            names.len()
        ),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
