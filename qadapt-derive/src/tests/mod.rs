//! Unit tests of the option parsing and of the expansion, pretty-printed.

mod bad_items;
mod body_tokens;
mod configuration;
mod deep;
mod findings;
mod free_fns;
mod items;
mod options;
mod receivers;

use crate::args::{self, Region, Strictness};
use crate::project::{self, Project};
use proc_macro2::{Group, TokenStream, TokenTree};
use qadapt_lints::config::{Config, Layer};
use quote::quote;
use std::path::Path;
use std::sync::Arc;

/// Expands `#[no_alloc(args)] item` in a project without configuration, as
/// tokens.
fn raw_expand(args: TokenStream, item: TokenStream) -> TokenStream {
    crate::expand_in(Ok(Project::default()), args, item)
}

/// Expands `#[no_alloc(args)] item` and pretty-prints the result, as a build
/// with qadapt's checks compiled in sees it.
fn expand(args: TokenStream, item: TokenStream) -> String {
    pretty(choose(raw_expand(args, item), Build::Checked))
}

/// Which side of `checked_or_plain!` a build takes.
#[derive(Clone, Copy)]
enum Build {
    Checked,
    Plain,
}

/// Does what `qadapt::__private::checked_or_plain!` does: replaces each
/// invocation (its path included) by one of its two blocks.
fn choose(tokens: TokenStream, build: Build) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    let mut input = tokens.into_iter().peekable();
    while let Some(token) = input.next() {
        match token {
            TokenTree::Ident(ident) if ident == "checked_or_plain" => {
                // Drop the path before it (`::qadapt::__private::`).
                while matches!(out.last(), Some(TokenTree::Ident(_)))
                    || matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                {
                    out.pop();
                }
                let bang = input.next();
                assert!(matches!(bang, Some(TokenTree::Punct(p)) if p.as_char() == '!'));
                let Some(TokenTree::Group(args)) = input.next() else {
                    panic!("checked_or_plain! without its groups");
                };
                let sides: Vec<TokenTree> = args.stream().into_iter().collect();
                let [TokenTree::Group(checked), TokenTree::Group(plain)] = sides.as_slice() else {
                    panic!("checked_or_plain! takes two groups: {args}");
                };
                let side = match build {
                    Build::Checked => checked,
                    Build::Plain => plain,
                };
                let mut block = Group::new(side.delimiter(), choose(side.stream(), build));
                block.set_span(side.span());
                out.push(TokenTree::Group(block));
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), choose(group.stream(), build));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

fn pretty(output: TokenStream) -> String {
    match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => panic!("expansion does not parse ({err}):\n{output}"),
    }
}

/// The expansion without whitespace nor trailing commas, for assertions on
/// fragments that prettyplease may break across lines.
fn flat(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for close in [")", ">", "}", "]"] {
        out = out.replace(&format!(",{close}"), close);
    }
    out
}

/// Written `#[allow(rebind)]` in the expected fragments.
const REBIND_ALLOW: &str = "#[allow(clippy::redundant_locals, clippy::shadow_same, \
    clippy::used_underscore_binding, clippy::no_effect_underscore_binding)]";

#[track_caller]
fn assert_has(text: &str, fragment: &str) {
    let fragment = fragment.replace("#[allow(rebind)]", REBIND_ALLOW);
    assert!(
        flat(text).contains(&flat(&fragment)),
        "missing `{fragment}` in:\n{text}"
    );
}

#[track_caller]
fn assert_lacks(text: &str, fragment: &str) {
    assert!(
        !flat(text).contains(&flat(fragment)),
        "unexpected `{fragment}` in:\n{text}"
    );
}

fn parse_args(tokens: TokenStream) -> Result<args::Args, String> {
    args::parse(tokens)
        .map(|written| args::resolve(&written, &Project::default()))
        .map_err(|err| {
            err.into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

fn args_error(tokens: TokenStream) -> String {
    match parse_args(tokens) {
        Ok(_) => panic!("options accepted"),
        Err(err) => err,
    }
}

fn segments(patterns: &[qadapt_lints::PathPattern]) -> Vec<String> {
    patterns.iter().map(|p| p.segments().join("::")).collect()
}

const MIX: &str = "fn mix(out: &mut String) { let s = format!(\"{}\", 1); out.push_str(&s); }";

fn mix() -> TokenStream {
    MIX.parse().unwrap()
}
