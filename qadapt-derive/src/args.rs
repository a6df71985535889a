//! The options inside `#[no_alloc(..)]`, read by qadapt-lints' model of the
//! attribute ([`qadapt_lints::attribute`]: the grammar, the contradictions,
//! the merge over the project's configuration), which `cargo qadapt` reads
//! them with too, in the same words. darling splits the list and gathers
//! the errors.

use crate::project::Project;
use darling::ast::NestedMeta;
use proc_macro2::{Span, TokenStream};
use qadapt_lints::attribute::{self, Written};
use quote::{ToTokens, quote};

pub(crate) use qadapt_lints::attribute::{Region, Strictness};

/// Every option `#[no_alloc(..)]` understands, checked and merged over the
/// project's configuration: what the expansion uses.
pub(crate) struct Args {
    /// Whether findings become `compile_error!`s instead of warnings, and why.
    pub strict: Strictness,
    /// Run the static walk (false under `runtime_only`).
    pub static_checks: bool,
    /// The run-time guard, `None` under `static_only`.
    pub runtime: Option<Region>,
    /// What the static walk reports.
    pub lints: qadapt_lints::Options,
    /// Path of the runtime crate: `::qadapt` unless `crate = "..."`.
    pub krate: TokenStream,
    /// Statements that make rustc track the configuration files and
    /// `QADAPT_STRICT`, for the first checked function body (see
    /// [`crate::project`]).
    pub tracking: TokenStream,
}

/// The options as written in one attribute, checked, merged over the
/// project's: a boolean written in the attribute beats the configuration,
/// `allow` and `deny` lists add up, and `QADAPT_STRICT` beats both.
pub(crate) fn resolve(written: &Written, project: &Project) -> Args {
    let settings = written.resolve(&project.config, project.env_strict);
    Args {
        strict: settings.strictness,
        static_checks: settings.static_checks,
        runtime: settings.region,
        lints: settings.options,
        krate: match settings.krate {
            Some(path) => path.into_token_stream(),
            None => quote!(::qadapt),
        },
        tracking: project.tracking.clone(),
    }
}

/// Reads the attribute's arguments. Every problem is reported, each spanned
/// on the offending option and prefixed with the attribute's name.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Written> {
    let items = NestedMeta::parse_meta_list(tokens).map_err(|err| prefix(err.into()))?;
    let mut errors = darling::Error::accumulator();
    let metas = items.into_iter().filter_map(|item| match item {
        NestedMeta::Meta(meta) => Some(meta),
        NestedMeta::Lit(literal) => {
            errors.push(
                darling::Error::custom(format!(
                    "expected an option, found a literal (#[no_alloc] options: {})",
                    attribute::option_list()
                ))
                .with_span(&literal),
            );
            None
        }
        // `name = <not an expression>`.
        NestedMeta::NameValueInvalidExpr(invalid) => {
            errors.push(invalid.error.clone().with_span(&invalid));
            None
        }
    });
    let (written, problems) = Written::parse(metas.collect::<Vec<_>>());
    for problem in problems {
        errors.push(problem.into_error().into());
    }
    for conflict in written.conflicts() {
        errors.push(conflict.into());
    }
    errors.finish().map_err(prefix)?;
    Ok(written)
}

/// Turns a darling error (possibly several) into one combined syn error whose
/// messages all name the attribute.
fn prefix(err: darling::Error) -> syn::Error {
    let mut combined: Option<syn::Error> = None;
    for one in syn::Error::from(err) {
        let one = syn::Error::new(one.span(), format!("#[no_alloc]: {one}"));
        match &mut combined {
            Some(all) => all.combine(one),
            None => combined = Some(one),
        }
    }
    combined.unwrap_or_else(|| syn::Error::new(Span::call_site(), "#[no_alloc]: invalid options"))
}
