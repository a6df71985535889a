//! `#[no_alloc(..)]` as both of its readers see it: the proc macro, which
//! expands it, and `cargo qadapt`, which finds it in the sources. One model,
//! so that the two cannot give a user different answers:
//!
//! - recognition: [`is_no_alloc`] on an attribute's path, [`find`] among an
//!   item's attributes, inside `cfg_attr(..)` too;
//! - the options' grammar: [`OPTIONS`], and [`Written::parse`], which reads
//!   every option it can and lists each [`Problem`] with where it is;
//! - the contradictions between options ([`Written::conflicts`]);
//! - the merge over the project's configuration and `QADAPT_STRICT`
//!   ([`Written::resolve`] into [`Settings`]).
//!
//! ```
//! use qadapt_lints::attribute::{Strictness, Written};
//! use qadapt_lints::config::Config;
//!
//! let item: syn::ItemFn = syn::parse_str(
//!     "#[cfg_attr(debug_assertions, qadapt::no_alloc(strict, allow(Vec::<u8>::push)))] fn f() {}",
//! ).unwrap();
//! let (_, meta) = qadapt_lints::attribute::find(&item.attrs).unwrap();
//! let (written, problems) = Written::parse_meta(&meta);
//! assert!(problems.is_empty());
//! let settings = written.resolve(&Config::default(), false);
//! assert_eq!(settings.strictness, Strictness::Attribute);
//! assert_eq!(settings.options.allow[0].to_string(), "Vec::push");
//! ```

use crate::config::Config;
use crate::option_names::closest;
pub use crate::option_names::{OPTIONS, OptionName, option_list};
use crate::options::{Options, union};
use crate::path_pattern::PathPattern;
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::{Attribute, Expr, Lit, Meta, Token};

/// The attribute's name, recognised at the end of any path: `no_alloc`,
/// `qadapt::no_alloc`, `my_lib::qadapt::no_alloc`.
pub const NAME: &str = "no_alloc";

/// Whether an attribute with this path is `#[no_alloc]`.
pub fn is_no_alloc(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|segment| segment.ident == NAME)
}

/// The `#[no_alloc]` among `attrs`, written directly or inside `cfg_attr`
/// at any depth (whatever the condition: like `#[cfg]`, every
/// configuration counts): the attribute that holds it, and its meta,
/// `no_alloc(..)`.
pub fn find(attrs: &[Attribute]) -> Option<(&Attribute, Meta)> {
    attrs.iter().find_map(|attr| {
        if is_no_alloc(attr.path()) {
            Some((attr, attr.meta.clone()))
        } else {
            in_cfg_attr(&attr.meta).map(|meta| (attr, meta))
        }
    })
}

/// `no_alloc(..)` among the attributes of `cfg_attr(pred, a, b, ..)`, at
/// any depth (with a stack of its own).
fn in_cfg_attr(meta: &Meta) -> Option<Meta> {
    let mut open = vec![meta.clone()];
    while let Some(meta) = open.pop() {
        let Meta::List(list) = &meta else { continue };
        if !list.path.is_ident("cfg_attr") {
            continue;
        }
        let Ok(metas) = list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            continue;
        };
        // Attributes after the condition, the first one first.
        for inner in metas
            .into_iter()
            .skip(1)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
        {
            if is_no_alloc(inner.path()) {
                open.clear();
                return Some(inner);
            }
            open.push(inner);
        }
    }
    None
}

/// An option's value, and where its name is written.
#[derive(Debug, Clone)]
pub struct Named<T> {
    pub value: T,
    pub span: Span,
}

/// The options of one `#[no_alloc(..)]`, each `None` when not written.
#[derive(Clone, Default)]
pub struct Written {
    /// `strict`, `strict = bool`: findings are errors.
    pub strict: Option<Named<bool>>,
    /// `pedantic`: also what only may allocate.
    pub pedantic: Option<Named<bool>>,
    /// `allow(..)`: paths not to report.
    pub allow: Option<Named<Vec<PathPattern>>>,
    /// `deny(..)`: paths known to allocate.
    pub deny: Option<Named<Vec<PathPattern>>>,
    /// `forbid`: a forbid region.
    pub forbid: Option<Named<bool>>,
    /// `static_only`: no run-time guard.
    pub static_only: Option<Named<bool>>,
    /// `runtime_only`: no static checks.
    pub runtime_only: Option<Named<bool>>,
    /// `max = N`: a budget of allocations.
    pub max: Option<Named<usize>>,
    /// `crate = "path"`: where the qadapt crate is.
    pub krate: Option<Named<syn::Path>>,
}

/// An option that could not be read.
#[derive(Clone)]
pub enum Problem {
    /// Not an option of the attribute; the meta as written.
    Unknown { name: String, meta: Box<Meta> },
    /// Written twice; the second time.
    Duplicate { name: String, meta: Box<Meta> },
    /// A value the option does not take, or a form the attribute does not
    /// have, spanned on it.
    Invalid(syn::Error),
}

impl Problem {
    /// The problem as an error spanned on it, in this crate's words.
    pub fn into_error(self) -> syn::Error {
        match self {
            Problem::Unknown { name, meta } => {
                let names = OPTIONS.iter().map(|option| option.name);
                let hint = closest(&name, names)
                    .map(|option| format!("; did you mean `{option}`?"))
                    .unwrap_or_default();
                syn::Error::new(
                    meta.span(),
                    format!(
                        "unknown option `{name}`{hint} (#[no_alloc] options: {})",
                        option_list()
                    ),
                )
            }
            Problem::Duplicate { name, meta } => {
                syn::Error::new(meta.span(), format!("`{name}` is written twice"))
            }
            Problem::Invalid(error) => error,
        }
    }
}

const EXPECTED_PATH: &str = "expected a path like `Vec::push`";

impl Written {
    /// Reads the options of an attribute's meta: `no_alloc` (none),
    /// `no_alloc(..)`; `no_alloc = ..` is a problem.
    pub fn parse_meta(meta: &Meta) -> (Written, Vec<Problem>) {
        match meta {
            Meta::Path(_) => (Written::default(), Vec::new()),
            Meta::List(list) => {
                match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                    Ok(metas) => Written::parse(metas),
                    Err(error) => (Written::default(), vec![Problem::Invalid(error)]),
                }
            }
            Meta::NameValue(value) => (
                Written::default(),
                vec![Problem::Invalid(syn::Error::new_spanned(
                    value,
                    "`#[no_alloc = ..]` is not a form of the attribute: write `#[no_alloc(..)]`",
                ))],
            ),
        }
    }

    /// Reads options: every one that can be read is kept, every problem
    /// listed in order.
    pub fn parse(metas: impl IntoIterator<Item = Meta>) -> (Written, Vec<Problem>) {
        let mut written = Written::default();
        let mut problems = Vec::new();
        for meta in metas {
            if let Err(problem) = written.set(&meta) {
                problems.push(problem);
            }
        }
        (written, problems)
    }

    /// Reads one option.
    fn set(&mut self, meta: &Meta) -> Result<(), Problem> {
        // An option is one plain name: `::strict`, `a::strict` are unknown.
        let name = match meta.path().get_ident() {
            Some(ident) if meta.path().leading_colon.is_none() => ident.to_string(),
            _ => quote::ToTokens::to_token_stream(meta.path())
                .to_string()
                .replace(' ', ""),
        };
        let span = meta.path().span();
        let invalid = Problem::Invalid;
        let duplicate = || Problem::Duplicate {
            name: name.clone(),
            meta: Box::new(meta.clone()),
        };
        macro_rules! store {
            ($field:expr, $value:expr) => {{
                if $field.is_some() {
                    return Err(duplicate());
                }
                $field = Some(Named {
                    value: $value,
                    span,
                });
            }};
        }
        match name.as_str() {
            "strict" => store!(self.strict, flag(meta).map_err(invalid)?),
            "pedantic" => store!(self.pedantic, flag(meta).map_err(invalid)?),
            "forbid" => store!(self.forbid, flag(meta).map_err(invalid)?),
            "static_only" => store!(self.static_only, flag(meta).map_err(invalid)?),
            "runtime_only" => store!(self.runtime_only, flag(meta).map_err(invalid)?),
            "allow" => store!(self.allow, paths(meta).map_err(invalid)?),
            "deny" => store!(self.deny, paths(meta).map_err(invalid)?),
            "max" => store!(self.max, max(meta).map_err(invalid)?),
            "crate" => store!(self.krate, krate(meta).map_err(invalid)?),
            _ => {
                return Err(Problem::Unknown {
                    name,
                    meta: Box::new(meta.clone()),
                });
            }
        }
        Ok(())
    }

    /// The contradictory combinations, each an error on the option at fault
    /// (`static_only` with `runtime_only`, `forbid` or `max`; `runtime_only`
    /// with the static options; `forbid` with `max`).
    pub fn conflicts(&self) -> Vec<syn::Error> {
        let on = |option: &Option<Named<bool>>| option.as_ref().filter(|o| o.value).map(|o| o.span);
        let listed = |option: &Option<Named<Vec<PathPattern>>>| {
            option
                .as_ref()
                .filter(|o| !o.value.is_empty())
                .map(|o| o.span)
        };
        let max = self.max.as_ref().map(|max| max.span);
        let mut errors = Vec::new();
        let mut conflict =
            |span: Span, message: String| errors.push(syn::Error::new(span, message));
        if let (Some(_), Some(span)) = (on(&self.static_only), on(&self.runtime_only)) {
            conflict(
                span,
                "`static_only` and `runtime_only` cannot be combined: together they would \
                 check nothing"
                    .to_owned(),
            );
        }
        if on(&self.static_only).is_some() {
            for (name, span) in [("forbid", on(&self.forbid)), ("max", max)] {
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
        if on(&self.runtime_only).is_some() {
            for (name, span) in [
                ("strict", on(&self.strict)),
                ("pedantic", on(&self.pedantic)),
                ("allow(..)", listed(&self.allow)),
                ("deny(..)", listed(&self.deny)),
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
        if let (Some(_), Some(span)) = (on(&self.forbid), max) {
            conflict(
                span,
                "`forbid` and `max = N` cannot be combined: `forbid` allows no allocation at all"
                    .to_owned(),
            );
        }
        errors
    }

    /// What the options mean in a project with this configuration: a
    /// boolean written in the attribute beats the configuration's, `allow`
    /// and `deny` lists add up, and `env_strict` (`QADAPT_STRICT`, see
    /// [`crate::config::strict_from_env`]) beats both.
    pub fn resolve(&self, config: &Config, env_strict: bool) -> Settings {
        let value = |option: &Option<Named<bool>>| option.as_ref().map(|o| o.value);
        let strictness = if env_strict {
            Strictness::Env
        } else {
            match (value(&self.strict), config.strict) {
                (Some(true), _) => Strictness::Attribute,
                (Some(false), _) | (None, None | Some(false)) => Strictness::Lax,
                (None, Some(true)) => Strictness::Project,
            }
        };
        let list = |option: &Option<Named<Vec<PathPattern>>>| {
            option.as_ref().map(|o| o.value.clone()).unwrap_or_default()
        };
        let region = if value(&self.static_only) == Some(true) {
            None
        } else if value(&self.forbid) == Some(true) {
            Some(Region::Forbid)
        } else if let Some(max) = &self.max {
            Some(Region::Budget(max.value))
        } else {
            Some(Region::Protect)
        };
        Settings {
            strictness,
            static_checks: value(&self.runtime_only) != Some(true),
            region,
            options: Options {
                pedantic: value(&self.pedantic).or(config.pedantic).unwrap_or(false),
                allow: union(config.allow.clone(), list(&self.allow)),
                deny: union(config.deny.clone(), list(&self.deny)),
            },
            krate: self.krate.as_ref().map(|krate| krate.value.clone()),
        }
    }
}

/// Whether findings are errors, and who said so (for the advice in a
/// message).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strictness {
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
    pub fn is_strict(self) -> bool {
        self != Strictness::Lax
    }
}

/// Which kind of run-time region the guard opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    /// Any allocation is a violation, reported per the runtime's policy.
    Protect,
    /// `forbid`: a forbid region, which `allow_alloc` inside cannot lift.
    Forbid,
    /// `max = N`: at most N allocations and reallocations.
    Budget(usize),
}

/// What one `#[no_alloc(..)]` means in its project.
#[derive(Clone)]
pub struct Settings {
    pub strictness: Strictness,
    /// The static checks run (not under `runtime_only`).
    pub static_checks: bool,
    /// The run-time guard, `None` under `static_only`.
    pub region: Option<Region>,
    /// What the static checks report.
    pub options: Options,
    /// `crate = "path"`, when written.
    pub krate: Option<syn::Path>,
}

/// `name` or `name = true|false` (`"true"`, `"false"` too).
fn flag(meta: &Meta) -> Result<bool, syn::Error> {
    match meta {
        Meta::Path(_) => Ok(true),
        Meta::NameValue(value) => match literal(&value.value) {
            Some(Lit::Bool(boolean)) => Ok(boolean.value),
            Some(Lit::Str(text)) if matches!(text.value().as_str(), "true" | "false") => {
                Ok(text.value() == "true")
            }
            _ => Err(flag_error(meta, &value.value)),
        },
        Meta::List(_) => Err(flag_error(meta, meta)),
    }
}

/// The literal an option's value is, looking through invisible groups.
fn literal(mut expr: &Expr) -> Option<&Lit> {
    loop {
        match expr {
            Expr::Lit(lit) => return Some(&lit.lit),
            Expr::Group(group) => expr = &group.expr,
            _ => return None,
        }
    }
}

fn flag_error(meta: &Meta, at: &dyn quote::ToTokens) -> syn::Error {
    let name = path_text(meta.path());
    syn::Error::new_spanned(
        at,
        format!("`{name}` takes no value, or `{name} = true` / `{name} = false`"),
    )
}

/// The entries of `allow(..)`/`deny(..)`, read by
/// [`PathPattern::parse_list`]: all their problems combined into one error.
fn paths(meta: &Meta) -> Result<Vec<PathPattern>, syn::Error> {
    let Meta::List(list) = meta else {
        return Err(syn::Error::new_spanned(
            meta,
            format!(
                "{EXPECTED_PATH}: write `{}(Vec::push, format)`",
                path_text(meta.path())
            ),
        ));
    };
    let mut patterns = Vec::new();
    let mut errors: Option<syn::Error> = None;
    for entry in PathPattern::parse_list(list.tokens.clone()) {
        match entry {
            Ok(pattern) => patterns.push(pattern),
            Err(error) => match &mut errors {
                Some(all) => all.combine(error),
                None => errors = Some(error),
            },
        }
    }
    match errors {
        Some(errors) => Err(errors),
        None => Ok(patterns),
    }
}

/// The number in `max = N` (`max = "N"` too).
fn max(meta: &Meta) -> Result<usize, syn::Error> {
    let error = |at: &dyn quote::ToTokens| {
        syn::Error::new_spanned(at, "`max` expects a number of allocations, like `max = 4`")
    };
    let Meta::NameValue(value) = meta else {
        return Err(error(meta));
    };
    match literal(&value.value) {
        Some(Lit::Int(int)) => int.base10_parse().map_err(|_| error(int)),
        Some(Lit::Str(text)) => text.value().trim().parse().map_err(|_| error(text)),
        _ => Err(error(&value.value)),
    }
}

/// The path in `crate = "path"`.
fn krate(meta: &Meta) -> Result<syn::Path, syn::Error> {
    let error = |at: &dyn quote::ToTokens| {
        syn::Error::new_spanned(
            at,
            "`crate` expects the path of the qadapt crate, like `crate = \"my_lib::qadapt\"`",
        )
    };
    let Meta::NameValue(value) = meta else {
        return Err(error(meta));
    };
    match (&value.value, literal(&value.value)) {
        (_, Some(Lit::Str(text))) => text.parse::<syn::Path>().map_err(|_| error(text)),
        (Expr::Path(path), _) if path.qself.is_none() && path.attrs.is_empty() => {
            Ok(path.path.clone())
        }
        (other, _) => Err(error(other)),
    }
}

/// A path as written, without spaces: `qadapt::strict`.
fn path_text(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}
