//! The fast path: a plain `fn` whose tokens hold nothing the analysis could
//! report on ([`qadapt_lints::may_find`]) is guarded without parsing its body.
//!
//! Parsing a body with syn, and printing it back, is most of what the
//! attribute costs at compile time (proc macros run unoptimised in debug
//! builds, and a hot-path crate may annotate hundreds of small functions).
//! Here only the attributes, visibility and signature are parsed; the body's
//! tokens go back out as they came in, behind the same guard as on the full
//! path. Anything unusual (an impl, a `const fn`, a parse error, ...) takes
//! the full path, which also produces the errors.

use crate::args::Args;
use crate::diagnostics::Diagnostics;
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Block, Signature, Visibility};

/// A fn item without its body.
struct Head {
    attrs: Vec<Attribute>,
    vis: Visibility,
    sig: Signature,
}

impl Parse for Head {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        Ok(Head {
            attrs: input.call(Attribute::parse_outer)?,
            vis: input.parse()?,
            sig: input.parse()?,
        })
    }
}

/// The expansion of `input` if it can take the fast path. The look at its
/// tokens also bounds the stack that parsing them would take: `stack_bound`
/// holds it then, for the full path ([`crate::shallow::Shallow::of`]).
pub(crate) fn expand(
    args: &Args,
    input: &TokenStream,
    stack_bound: &mut Option<usize>,
) -> Option<TokenStream> {
    args.runtime?;
    // Only the top level is split: the body stays one unvisited group.
    let mut trees: Vec<TokenTree> = input.clone().into_iter().collect();
    let body = match trees.pop()? {
        TokenTree::Group(body) if body.delimiter() == Delimiter::Brace => body,
        _ => return None,
    };
    if args.static_checks {
        let prescan = qadapt_lints::prescan(input, &args.lints);
        *stack_bound = Some(prescan.stack_bound);
        if prescan.may_find {
            return None;
        }
    }
    let head: TokenStream = trees.into_iter().collect();
    if qadapt_lints::depth::syn_stack(&head) > crate::shallow::STACK_BUDGET {
        return None;
    }
    let Head {
        attrs,
        vis,
        mut sig,
    } = syn::parse2(head).ok()?;
    if qadapt_lints::attribute::find(&attrs).is_some() || !crate::expand::guardable(&attrs, &sig) {
        return None;
    }
    let mut diagnostics = Diagnostics {
        errors: None,
        conditional_errors: TokenStream::new(),
        tracking: (!args.tracking.is_empty()).then(|| args.tracking.clone()),
    };
    let mut block = Block {
        brace_token: syn::token::Brace(body.delim_span()),
        stmts: Vec::new(),
    };
    let name = sig.ident.to_string();
    let raw = body.stream();
    crate::expand::function(
        args,
        &attrs,
        &mut sig,
        &mut block,
        crate::expand::Source::Written(&raw),
        &name,
        &mut diagnostics,
    );
    // The body's inner attributes apply to the whole fn: first in its block.
    let (inner, _) = crate::expand::split_inner_attributes(&raw);
    let stmts = &block.stmts;
    let mut body_group = Group::new(Delimiter::Brace, quote!(#inner #(#stmts)*));
    body_group.set_span(body.span());
    let mut output = quote!(#(#attrs)* #vis #sig);
    output.extend([TokenTree::Group(body_group)]);
    Some(output)
}
