//! Turns the static walk's findings into compiler messages.
//!
//! Stable Rust has no warning API for procedural macros, so each finding
//! becomes a use of a `#[deprecated]` constant at the user's token: rustc then
//! prints `warning: use of deprecated constant `f::format_allocates`: <note>`
//! underlining exactly that token, and the usual lint controls apply
//! (`#[allow(deprecated)]` silences it, `-D warnings` escalates it). Under
//! `strict` every finding is a `compile_error!` over the whole expression. With
//! the `nightly` feature, warnings are real `proc_macro::Diagnostic`s.

use crate::args::Strictness;
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use qadapt_lints::Finding;
use quote::{quote, quote_spanned};

/// The macro's diagnostics for a whole item: the `strict` errors, all
/// combined, and the configuration tracking statements until a function body
/// takes them.
#[derive(Default)]
pub(crate) struct Diagnostics {
    pub errors: Option<syn::Error>,
    /// The `strict` errors of findings under `#[cfg(..)]`, each behind the
    /// same condition: item-level `compile_error!`s to emit with `errors`.
    pub conditional_errors: TokenStream,
    pub tracking: Option<TokenStream>,
}

impl Diagnostics {
    pub(crate) fn error(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(all) => all.combine(error),
            None => self.errors = Some(error),
        }
    }
}

/// The diagnostics of every finding of the function `function` (as the user knows it,
/// e.g. `mix` or `Mixer::mix`): when strict as errors added to `errors`,
/// else as warnings, returned as statements to put at the top of the body.
pub(crate) fn findings(
    findings: &[Finding],
    function: &str,
    strict: Strictness,
    diagnostics: &mut Diagnostics,
) -> Vec<TokenStream> {
    let mut warnings = Vec::new();
    for finding in findings {
        let message = note(finding, function, strict);
        if strict.is_strict() {
            match cfg_attr(finding) {
                None => diagnostics.error(error(finding, &message)),
                Some(cfg) => {
                    let error = error(finding, &message).into_compile_error();
                    diagnostics.conditional_errors.extend(quote!(#cfg #error));
                }
            }
        } else if let Some(warning) = warning(finding, &message) {
            warnings.push(warning);
        }
    }
    warnings
}

/// The text shared by the warning and the strict error, e.g.
/// ``"`format!` allocates in #[no_alloc] fn `mix`: builds a new `String` on
/// the heap; write into a preallocated buffer, or add `allow(format)` to
/// #[no_alloc(..)] if this is intended"``.
pub(crate) fn note(finding: &Finding, function: &str, strict: Strictness) -> String {
    let construct = finding.construct.trim();
    let construct = if construct.is_empty() {
        "this expression"
    } else {
        construct
    };
    let verb = finding.certainty.verb();
    let mut note = format!("{construct} {verb} in #[no_alloc] fn `{function}`");
    let reason = finding.reason.trim().trim_end_matches(['.', ';']);
    if !reason.is_empty() {
        note.push_str(": ");
        note.push_str(reason);
    }
    note.push_str("; ");
    let suggestion = finding.suggestion.trim().trim_end_matches(['.', ';']);
    if !suggestion.is_empty() {
        note.push_str(suggestion);
        note.push_str(", or ");
    }
    let silence = match (&finding.allow, strict) {
        (Some(path), _) => format!("add `allow({path})` to #[no_alloc(..)]"),
        (None, Strictness::Lax | Strictness::Env) => "wrap it in `allow_alloc!{..}`".to_owned(),
        (None, Strictness::Attribute) => "remove `strict` from #[no_alloc(..)]".to_owned(),
        (None, Strictness::Project) => "add `strict = false` to #[no_alloc(..)]".to_owned(),
    };
    note.push_str(&silence);
    note.push_str(" if this is intended");
    if !strict.is_strict() {
        note.push_str(THROUGH_DEPRECATED);
    }
    note
}

/// The end of every warning: stable Rust gives a macro no warning of its
/// own, and the `deprecated` lint it borrows is the one a crate may allow
/// wholesale (`#![allow(deprecated)]`), which silences qadapt entirely.
const THROUGH_DEPRECATED: &str = " (qadapt warns through the `deprecated` lint: allowing \
                                  `deprecated` hides all of its findings; `strict` makes them \
                                  errors)";

/// The `compile_error!` of a `strict` finding, spanned over the whole
/// expression: the `compile_error` path carries the first token's span and
/// its argument the last token's, which rustc joins into one range.
fn error(finding: &Finding, message: &str) -> syn::Error {
    let ends: TokenStream = [
        TokenTree::Ident(Ident::new("first", finding.first)),
        TokenTree::Ident(Ident::new("last", finding.last)),
    ]
    .into_iter()
    .collect();
    syn::Error::new_spanned(ends, message)
}

/// The warning of one finding: a statement using a `#[deprecated]` constant
/// at the user's token, or nothing when a real diagnostic was emitted.
fn warning(finding: &Finding, message: &str) -> Option<TokenStream> {
    warn(
        &const_name(&finding.lint_name),
        finding.span,
        message,
        cfg_attr(finding),
    )
}

/// The warning that a body nests too deep for the static checks: all of it
/// when `whole` (it was not even parsed), else the part below
/// [`qadapt_lints::MAX_DEPTH`] levels. On the fn's name, whatever `strict`
/// says: it is no finding.
pub(crate) fn too_deep(name: Span, function: &str, whole: bool, guarded: bool) -> TokenStream {
    let what = if whole {
        "none of its body is checked at compile time".to_owned()
    } else {
        format!(
            "the code nested more than {} levels deep is not checked at compile time",
            qadapt_lints::MAX_DEPTH
        )
    };
    let runtime = if guarded {
        "the run-time check still applies"
    } else {
        "and it has no run-time check either (`static_only`, or a `const fn`)"
    };
    let message = format!(
        "#[no_alloc] fn `{function}` is too deep to analyse{}: {what}; {runtime}{THROUGH_DEPRECATED}",
        if whole { "" } else { " whole" }
    );
    warn("too_deep_to_analyse", name, &message, None).unwrap_or_default()
}

/// The warning that an item is too deep to read at all: a block using a
/// `#[deprecated]` constant at `span`.
pub(crate) fn unreadable(span: Span) -> TokenStream {
    let message = "this item nests too deep for #[no_alloc] to read: neither its compile-time \
                   nor its run-time check applies";
    let statement = warn("too_deep_to_read", span, message, None).unwrap_or_default();
    quote!({ #statement })
}

/// A warning at `span`: a statement using a `#[deprecated]` constant named
/// `name` there (behind `cfg`, if any), or nothing when a real diagnostic
/// was emitted.
fn warn(name: &str, span: Span, message: &str, cfg: Option<TokenStream>) -> Option<TokenStream> {
    #[cfg(feature = "nightly")]
    {
        // A real diagnostic cannot wait for `cfg`: a conditional finding
        // takes the constant, which the build removes with its code.
        if proc_macro::is_available() && cfg.is_none() {
            span.unwrap().warning(message).emit();
            return None;
        }
    }
    let declared = Ident::new(name, Span::call_site());
    let used = Ident::new(name, span);
    let used = quote_spanned!(span=> #used);
    Some(quote! {
        #cfg
        {
            #[deprecated(note = #message)]
            #[allow(dead_code, non_upper_case_globals)]
            const #declared: () = ();
            #[allow(clippy::let_unit_value)]
            let _ = #used;
        }
    })
}

/// `#[cfg(all(..))]` of the conditions a finding is compiled under, if any:
/// a statement or expression the build removes must not be reported.
fn cfg_attr(finding: &Finding) -> Option<TokenStream> {
    let predicates = &finding.cfg;
    (!predicates.is_empty()).then(|| quote!(#[cfg(all(#(#predicates),*))]))
}

/// The lint name as a valid, non-keyword identifier, so that building the
/// constant can never panic whatever the lint crate reports.
fn const_name(lint_name: &str) -> String {
    let mut name: String = lint_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.trim_matches('_').is_empty() {
        name = "allocates".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&name).is_err() {
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use qadapt_lints::Certainty;

    /// A finding on `construct`, silenced by the path the analysis gives
    /// a call of it (none for an operator).
    fn finding(construct: &str, certainty: Certainty) -> Finding {
        let allow = match construct {
            "`format!`" => Some("format"),
            "`Vec::push`" => Some("Vec::push"),
            _ => None,
        };
        Finding {
            construct: construct.to_owned(),
            certainty,
            reason: "builds a new `String` on the heap".to_owned(),
            suggestion: "write into a preallocated buffer".to_owned(),
            allow: allow.map(|path| qadapt_lints::PathPattern::parse(path).expect("path")),
            lint_name: "format_allocates".to_owned(),
            span: Span::call_site(),
            first: Span::call_site(),
            last: Span::call_site(),
            cfg: Vec::new(),
        }
    }

    #[test]
    fn note_names_construct_function_reason_and_fix() {
        assert_eq!(
            note(
                &finding("`format!`", Certainty::Definite),
                "mix",
                Strictness::Lax
            ),
            "`format!` allocates in #[no_alloc] fn `mix`: builds a new `String` on the heap; \
             write into a preallocated buffer, or add `allow(format)` to #[no_alloc(..)] if \
             this is intended (qadapt warns through the `deprecated` lint: allowing \
             `deprecated` hides all of its findings; `strict` makes them errors)"
        );
    }

    #[test]
    fn possible_findings_may_allocate() {
        let note = note(
            &finding("`Vec::push`", Certainty::Possible),
            "Buf::add",
            Strictness::Attribute,
        );
        assert!(note.starts_with("`Vec::push` may allocate in #[no_alloc] fn `Buf::add`: "));
        assert!(note.ends_with("add `allow(Vec::push)` to #[no_alloc(..)] if this is intended"));
    }

    #[test]
    fn non_path_constructs() {
        let lax = note(
            &finding("`a + b`", Certainty::Definite),
            "f",
            Strictness::Lax,
        );
        assert!(
            lax.ends_with(&format!(
                "or wrap it in `allow_alloc!{{..}}` if this is intended{THROUGH_DEPRECATED}"
            )),
            "{lax}"
        );
        assert!(!lax.contains("add `#[allow(deprecated)]`"), "{lax}");
        let strict = note(
            &finding("`a + b`", Certainty::Definite),
            "f",
            Strictness::Attribute,
        );
        assert!(
            strict.ends_with("or remove `strict` from #[no_alloc(..)] if this is intended"),
            "{strict}"
        );
        let project = note(
            &finding("`a + b`", Certainty::Definite),
            "f",
            Strictness::Project,
        );
        assert!(
            project.ends_with("or add `strict = false` to #[no_alloc(..)] if this is intended"),
            "{project}"
        );
        let env = note(
            &finding("`a + b`", Certainty::Definite),
            "f",
            Strictness::Env,
        );
        assert!(
            env.ends_with("or wrap it in `allow_alloc!{..}` if this is intended"),
            "{env}"
        );
        let bare = Finding {
            reason: String::new(),
            suggestion: String::new(),
            ..finding("", Certainty::Definite)
        };
        assert_eq!(
            note(&bare, "f", Strictness::Lax),
            format!(
                "this expression allocates in #[no_alloc] fn `f`; wrap it in `allow_alloc!{{..}}` \
                 if this is intended{THROUGH_DEPRECATED}"
            )
        );
    }

    #[test]
    fn const_names_are_identifiers() {
        assert_eq!(const_name("format_allocates"), "format_allocates");
        assert_eq!(const_name("vec-push"), "vec_push");
        assert_eq!(const_name("1x"), "_1x");
        assert_eq!(const_name("type"), "type_");
        assert_eq!(const_name(""), "allocates");
        assert_eq!(const_name("_"), "allocates");
        assert_eq!(const_name("self"), "self_");
    }

    #[test]
    fn strict_error_spans_the_expression() {
        let err = error(&finding("`format!`", Certainty::Definite), "boom");
        let tokens = err.to_compile_error().to_string();
        assert!(tokens.contains("compile_error"), "{tokens}");
        assert!(tokens.contains("\"boom\""), "{tokens}");
    }
}
