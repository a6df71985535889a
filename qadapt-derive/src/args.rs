//! The options inside `#[no_alloc(..)]`, read with darling.

use crate::project::Project;
use darling::FromMeta;
use darling::ast::NestedMeta;
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::Meta;
use syn::spanned::Spanned;

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

/// Whether findings are errors, and who said so (for the message's advice).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Findings are warnings.
    Lax,
    /// `strict` in the attribute.
    Attribute,
    /// `strict = true` in the project's configuration.
    Project,
    /// `QADAPT_STRICT` in the environment, which beats everything.
    Env,
}

impl Strictness {
    pub(crate) fn is_strict(self) -> bool {
        self != Strictness::Lax
    }
}

/// The options as written in one `#[no_alloc(..)]`, checked: the booleans
/// that also exist in the project's configuration stay unset unless written,
/// so that `strict = false` can override a strict project.
pub(crate) struct Written {
    pub strict: Option<bool>,
    pub pedantic: Option<bool>,
    pub allow: Vec<qadapt_lints::PathPattern>,
    pub deny: Vec<qadapt_lints::PathPattern>,
    pub static_checks: bool,
    pub runtime: Option<Region>,
    pub krate: TokenStream,
}

impl Written {
    /// Merges the attribute's options over the project's: a boolean written
    /// in the attribute beats the configuration, `allow` and `deny` lists
    /// add up, and `QADAPT_STRICT` beats both.
    pub(crate) fn resolve(self, project: &Project) -> Args {
        let config = &project.config;
        let strict = if project.env_strict {
            Strictness::Env
        } else {
            match (self.strict, config.strict) {
                (Some(true), _) => Strictness::Attribute,
                (Some(false), _) | (None, None | Some(false)) => Strictness::Lax,
                (None, Some(true)) => Strictness::Project,
            }
        };
        let lints = qadapt_lints::Options {
            pedantic: self.pedantic.or(config.pedantic).unwrap_or(false),
            allow: qadapt_lints::union(config.allow.clone(), self.allow),
            deny: qadapt_lints::union(config.deny.clone(), self.deny),
        };
        Args {
            strict,
            static_checks: self.static_checks,
            runtime: self.runtime,
            lints,
            krate: self.krate,
            tracking: project.tracking.clone(),
        }
    }
}

/// Which kind of run-time region the guard opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Region {
    /// Any allocation is a violation, reported per the runtime's policy.
    Protect,
    /// `forbid`: a forbid region, which `allow_alloc` inside cannot lift.
    Forbid,
    /// `max = N`: at most N allocations and reallocations.
    Budget(usize),
}

/// The option names, for messages.
const NAMES: &str = "`strict`, `pedantic`, `allow(..)`, `deny(..)`, `forbid`, `static_only`, \
                     `runtime_only`, `max = N`, `crate = \"path\"`";

/// The raw options as darling reads them, before the conflict checks.
#[derive(FromMeta)]
struct Raw {
    strict: Option<Named<bool>>,
    pedantic: Option<Named<bool>>,
    allow: Option<Named<Paths>>,
    deny: Option<Named<Paths>>,
    forbid: Option<Named<bool>>,
    static_only: Option<Named<bool>>,
    runtime_only: Option<Named<bool>>,
    max: Option<Named<Max>>,
    #[darling(rename = "crate")]
    krate: Option<CratePath>,
}

/// An option's value together with the span of the option's name, so that
/// conflicts can point at the option the user wrote.
struct Named<T> {
    value: T,
    span: Span,
}

impl<T: FromMeta> FromMeta for Named<T> {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        Ok(Named {
            value: T::from_meta(item)?,
            span: item.path().span(),
        })
    }
}

/// The number in `max = N`.
struct Max(usize);

impl FromMeta for Max {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        usize::from_meta(item).map(Max).map_err(|_| {
            at_value(
                darling::Error::custom("`max` expects a number of allocations, like `max = 4`"),
                item,
            )
        })
    }
}

/// The path in `crate = "path"`.
struct CratePath(syn::Path);

impl FromMeta for CratePath {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        syn::Path::from_meta(item).map(CratePath).map_err(|_| {
            at_value(
                darling::Error::custom(
                    "`crate` expects the path of the qadapt crate, like `crate = \"my_lib::qadapt\"`",
                ),
                item,
            )
        })
    }
}

/// Spans an error about an option's value on the value of `name = value`,
/// else on the whole option.
fn at_value(error: darling::Error, item: &Meta) -> darling::Error {
    match item {
        Meta::NameValue(nv) => error.with_span(&nv.value),
        other => error.with_span(other),
    }
}

/// The paths in `allow(..)` or `deny(..)`, read by
/// [`qadapt_lints::PathPattern::parse_list`] (generic arguments accepted
/// and ignored, entries naming nothing rejected).
struct Paths(Vec<qadapt_lints::PathPattern>);

const EXPECTED_PATH: &str = "expected a path like `Vec::push`";

impl FromMeta for Paths {
    fn from_meta(item: &Meta) -> darling::Result<Self> {
        match item {
            Meta::List(list) => {
                let mut errors = darling::Error::accumulator();
                let mut paths = Vec::new();
                for entry in qadapt_lints::PathPattern::parse_list(list.tokens.clone()) {
                    match entry {
                        Ok(pattern) => paths.push(pattern),
                        Err(err) => errors.push(err.into()),
                    }
                }
                errors.finish_with(Paths(paths))
            }
            Meta::Path(_) | Meta::NameValue(_) => Err(darling::Error::custom(format!(
                "{EXPECTED_PATH}: write `{name}(Vec::push, format)`",
                name = path_name(item.path()),
            ))
            .with_span(item)),
        }
    }
}

fn path_name(path: &syn::Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// Reads the attribute's arguments. Every problem is reported, each spanned
/// on the offending option and prefixed with the attribute's name.
pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Written> {
    let items = NestedMeta::parse_meta_list(tokens).map_err(|err| prefix(err.into()))?;
    let raw = Raw::from_list(&items).map_err(prefix)?;
    check(raw)
}

/// Turns a darling error (possibly several) into one combined syn error whose
/// messages all name the attribute.
fn prefix(err: darling::Error) -> syn::Error {
    let mut combined: Option<syn::Error> = None;
    for one in syn::Error::from(err) {
        let message = one.to_string();
        // darling lists the options itself unless it has a suggestion.
        let message = if message.starts_with("Unknown field") && !message.contains("Available") {
            format!("{message}\n(#[no_alloc] options: {NAMES})")
        } else {
            message
        };
        let one = syn::Error::new(one.span(), format!("#[no_alloc]: {message}"));
        match &mut combined {
            Some(all) => all.combine(one),
            None => combined = Some(one),
        }
    }
    combined.unwrap_or_else(|| syn::Error::new(Span::call_site(), "#[no_alloc]: invalid options"))
}

/// The span of a boolean option that is switched on.
fn on(option: &Option<Named<bool>>) -> Option<Span> {
    option.as_ref().filter(|o| o.value).map(|o| o.span)
}

/// The span of a non-empty `allow(..)`/`deny(..)`.
fn listed(option: &Option<Named<Paths>>) -> Option<Span> {
    option
        .as_ref()
        .filter(|o| !o.value.0.is_empty())
        .map(|o| o.span)
}

fn check(raw: Raw) -> syn::Result<Written> {
    let strict = on(&raw.strict);
    let pedantic = on(&raw.pedantic);
    let allow = listed(&raw.allow);
    let deny = listed(&raw.deny);
    let forbid = on(&raw.forbid);
    let static_only = on(&raw.static_only);
    let runtime_only = on(&raw.runtime_only);
    let max = raw.max.as_ref().map(|m| (m.value.0, m.span));

    let mut errors: Option<syn::Error> = None;
    let mut conflict = |span: Span, message: String| {
        let err = syn::Error::new(span, format!("#[no_alloc]: {message}"));
        match &mut errors {
            Some(all) => all.combine(err),
            None => errors = Some(err),
        }
    };

    if let (Some(_), Some(span)) = (static_only, runtime_only) {
        conflict(
            span,
            "`static_only` and `runtime_only` cannot be combined: together they would check nothing"
                .to_owned(),
        );
    }
    if static_only.is_some() {
        for (name, span) in [("forbid", forbid), ("max", max.map(|m| m.1))] {
            if let Some(span) = span {
                conflict(
                    span,
                    format!(
                        "`{name}` configures the run-time guard, which `static_only` turns off"
                    ),
                );
            }
        }
    }
    if runtime_only.is_some() {
        for (name, span) in [
            ("strict", strict),
            ("pedantic", pedantic),
            ("allow(..)", allow),
            ("deny(..)", deny),
        ] {
            if let Some(span) = span {
                conflict(
                    span,
                    format!(
                        "`{name}` configures the static checks, which `runtime_only` turns off"
                    ),
                );
            }
        }
    }
    if let (Some(_), Some((_, span))) = (forbid, max) {
        conflict(
            span,
            "`forbid` and `max = N` cannot be combined: `forbid` allows no allocation at all"
                .to_owned(),
        );
    }
    if let Some(errors) = errors {
        return Err(errors);
    }

    let runtime = if static_only.is_some() {
        None
    } else if forbid.is_some() {
        Some(Region::Forbid)
    } else if let Some((n, _)) = max {
        Some(Region::Budget(n))
    } else {
        Some(Region::Protect)
    };
    let patterns = |option: Option<Named<Paths>>| -> Vec<qadapt_lints::PathPattern> {
        option.map(|o| o.value.0).unwrap_or_default()
    };
    let krate = match raw.krate {
        Some(CratePath(path)) => path.into_token_stream(),
        None => quote!(::qadapt),
    };
    Ok(Written {
        strict: raw.strict.map(|o| o.value),
        pedantic: raw.pedantic.map(|o| o.value),
        allow: patterns(raw.allow),
        deny: patterns(raw.deny),
        static_checks: runtime_only.is_none(),
        runtime,
        krate,
    })
}
