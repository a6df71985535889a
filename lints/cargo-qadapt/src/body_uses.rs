//! `use` declarations written inside function bodies.
//!
//! A `use` in a block brings names into scope for that block only (and for
//! the items declared in it), shadowing the module's names. The index keeps,
//! per function, each such block's extent and the names its `use`s bring,
//! so that a call is resolved through the `use`s of the blocks around it.

use crate::index::{Scope, flatten_use};
use proc_macro2::Span;

/// A (line, column) position, as proc-macro2 reports span starts.
pub type Position = (usize, usize);

/// The `use` declarations of one block of a function body.
#[derive(Debug, Default)]
pub struct BlockUses {
    /// The block's extent, braces included.
    pub start: Position,
    pub end: Position,
    pub scope: Scope,
}

impl BlockUses {
    /// Whether `at` is inside the block.
    pub fn contains(&self, at: Position) -> bool {
        self.start <= at && at < self.end
    }
}

/// Whether a block declares anything with `use`.
pub fn holds_use(block: &syn::Block) -> bool {
    block
        .stmts
        .iter()
        .any(|stmt| matches!(stmt, syn::Stmt::Item(syn::Item::Use(_))))
}

/// The names the `use` declarations of `block` bring into scope, and the
/// block's extent.
pub fn of_block(block: &syn::Block) -> BlockUses {
    let mut uses = BlockUses::default();
    for stmt in &block.stmts {
        if let syn::Stmt::Item(syn::Item::Use(item)) = stmt {
            let mut prefix = Vec::new();
            let leading_colon = item.leading_colon.is_some();
            flatten_use(&item.tree, &mut prefix, leading_colon, &mut uses.scope);
        }
    }
    let braces = block.brace_token.span;
    uses.start = start(braces.open());
    uses.end = end(braces.close());
    uses
}

fn start(span: Span) -> Position {
    let start = span.start();
    (start.line, start.column)
}

fn end(span: Span) -> Position {
    let end = span.end();
    (end.line, end.column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_and_its_uses() {
        let body: syn::Block =
            syn::parse_str("{\n use crate::a::{b, c as d};\n use x::*;\n let y = 1;\n}").unwrap();
        assert!(holds_use(&body));
        let uses = of_block(&body);
        assert_eq!(uses.scope.uses["d"][0].segments, ["crate", "a", "c"]);
        assert_eq!(uses.scope.globs[0].segments, ["x"]);
        assert_eq!((uses.start, uses.end), ((1, 0), (5, 1)));
        assert!(uses.contains((3, 5)) && !uses.contains((5, 1)));
        let plain: syn::Block = syn::parse_str("{ let y = 1; }").unwrap();
        assert!(!holds_use(&plain));
    }
}
