//! Reading `#[no_alloc(..)]` like the attribute itself does, and merging its
//! options over the project's configuration.
//!
//! Only what the static checks use matters here: `strict`, `pedantic`,
//! `allow(..)`, `deny(..)` and `runtime_only` (which turns the static
//! checks off). The run-time options (`forbid`, `max = N`, `static_only`,
//! `crate = ".."`) are accepted and ignored. An option the attribute would
//! reject is reported as a note, and the rest of the options are used.
//!
//! `#[cfg_attr(pred, no_alloc(..))]` counts whatever `pred` is: like
//! `#[cfg]`, every configuration is checked.

use qadapt_lints::config::Config;
use qadapt_lints::{Options, PathPattern};
use syn::meta::ParseNestedMeta;
use syn::punctuated::Punctuated;
use syn::{Attribute, Meta, Token};

/// The options of one `#[no_alloc(..)]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoAlloc {
    /// `strict` / `strict = bool`, `None` when not written.
    pub strict: Option<bool>,
    /// `pedantic` / `pedantic = bool`, `None` when not written.
    pub pedantic: Option<bool>,
    pub allow: Vec<PathPattern>,
    pub deny: Vec<PathPattern>,
    /// `runtime_only`: no static checks.
    pub runtime_only: bool,
    /// Options that could not be read, as messages.
    pub problems: Vec<String>,
}

/// Whether `attr` is `#[no_alloc]`, `#[no_alloc(..)]` or a path ending in
/// `no_alloc`, like `#[qadapt::no_alloc]`.
pub fn is_no_alloc(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "no_alloc")
}

/// The `#[no_alloc]` among `attrs`, written directly or in a `cfg_attr`
/// (at any depth): its meta, `no_alloc(..)`.
pub fn find(attrs: &[Attribute]) -> Option<Meta> {
    attrs.iter().find_map(|attr| {
        if is_no_alloc(attr) {
            Some(attr.meta.clone())
        } else {
            in_cfg_attr(&attr.meta)
        }
    })
}

/// `no_alloc(..)` among the attributes of `cfg_attr(pred, a, b, ..)`.
fn in_cfg_attr(meta: &Meta) -> Option<Meta> {
    let Meta::List(list) = meta else { return None };
    if !list.path.is_ident("cfg_attr") {
        return None;
    }
    let metas = list
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()?;
    metas.into_iter().skip(1).find_map(|inner| {
        let named = inner.path().segments.last();
        if named.is_some_and(|segment| segment.ident == "no_alloc") {
            Some(inner)
        } else {
            in_cfg_attr(&inner)
        }
    })
}

/// Reads the options of a `#[no_alloc]` attribute's meta.
pub fn parse(meta: &Meta) -> NoAlloc {
    let mut options = NoAlloc::default();
    match meta {
        Meta::Path(_) => {}
        Meta::NameValue(_) => options
            .problems
            .push("`#[no_alloc = ..]` is not a valid form: write `#[no_alloc(..)]`".to_owned()),
        Meta::List(list) => {
            let result = list.parse_nested_meta(|meta| option(&mut options, meta));
            if let Err(err) = result {
                options.problems.push(err.to_string());
            }
        }
    }
    options
}

fn option(options: &mut NoAlloc, meta: ParseNestedMeta) -> syn::Result<()> {
    let name = meta
        .path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default();
    match name.as_str() {
        "strict" => options.strict = Some(flag(&meta)?),
        "pedantic" => options.pedantic = Some(flag(&meta)?),
        "runtime_only" => options.runtime_only = flag(&meta)?,
        "static_only" | "forbid" => {
            flag(&meta)?;
        }
        "allow" | "deny" => {
            let mut paths = Vec::new();
            meta.parse_nested_meta(|inner| {
                if !inner.input.is_empty() && !inner.input.peek(syn::Token![,]) {
                    return Err(inner.error("expected a path like `Vec::push`"));
                }
                paths.push(PathPattern::from_path(&inner.path));
                Ok(())
            })?;
            if name == "allow" {
                options.allow.extend(paths);
            } else {
                options.deny.extend(paths);
            }
        }
        "max" | "crate" => skip_value(&meta)?,
        _ => {
            options.problems.push(format!(
                "unknown option `{name}` ignored (#[no_alloc] options: strict, pedantic, \
                 allow(..), deny(..), forbid, static_only, runtime_only, max = N, crate = \"..\")"
            ));
            skip_value(&meta)?;
        }
    }
    Ok(())
}

/// `name` or `name = true|false`.
fn flag(meta: &ParseNestedMeta) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        let value: syn::LitBool = meta.value()?.parse()?;
        Ok(value.value)
    } else {
        Ok(true)
    }
}

/// Consumes `= value` or `(..)` after an option name.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

impl NoAlloc {
    /// The analysis options: the attribute's over the project's. `pedantic`
    /// as the attribute says, else as configured; `allow` and `deny` add up.
    pub fn options(&self, config: &Config) -> Options {
        let mut options = config.options();
        if let Some(pedantic) = self.pedantic {
            options.pedantic = pedantic;
        }
        for pattern in &self.allow {
            if !options.allow.contains(pattern) {
                options.allow.push(pattern.clone());
            }
        }
        for pattern in &self.deny {
            if !options.deny.contains(pattern) {
                options.deny.push(pattern.clone());
            }
        }
        options
    }

    /// Whether findings are errors: the attribute's `strict` when written,
    /// else the configuration's ([`Config::is_strict`]); `QADAPT_STRICT` in
    /// the environment makes everything strict.
    pub fn is_strict(&self, config: &Config) -> bool {
        // A value of `QADAPT_STRICT` that means neither on nor off counts
        // as on: failing closed, not silently open.
        let env = qadapt_lints::config::strict_from_env().unwrap_or(true);
        env || self.strict.unwrap_or(config.is_strict())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(src: &str) -> Attribute {
        let item: syn::ItemFn = syn::parse_str(&format!("{src} fn f() {{}}")).unwrap();
        item.attrs.into_iter().next().unwrap()
    }

    /// The options of the `#[no_alloc]` among `src`'s attributes.
    fn read(src: &str) -> Option<NoAlloc> {
        let item: syn::ItemFn = syn::parse_str(&format!("{src} fn f() {{}}")).unwrap();
        find(&item.attrs).map(|meta| parse(&meta))
    }

    fn names(patterns: &[PathPattern]) -> Vec<String> {
        patterns.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn recognises_the_attribute() {
        assert!(is_no_alloc(&attr("#[no_alloc]")));
        assert!(is_no_alloc(&attr("#[qadapt::no_alloc(strict)]")));
        assert!(!is_no_alloc(&attr("#[no_alloc_here]")));
        assert!(!is_no_alloc(&attr("#[inline]")));
    }

    #[test]
    fn reads_options() {
        let a = read(
            "#[no_alloc(strict, pedantic = false, allow(Vec::push, format), deny(Pool::take), \
             max = 3, crate = \"my::qadapt\", forbid)]",
        )
        .unwrap();
        assert_eq!(a.strict, Some(true));
        assert_eq!(a.pedantic, Some(false));
        assert_eq!(names(&a.allow), ["Vec::push", "format"]);
        assert_eq!(names(&a.deny), ["Pool::take"]);
        assert!(!a.runtime_only);
        assert!(a.problems.is_empty(), "{:?}", a.problems);

        let a = read("#[no_alloc(runtime_only)]").unwrap();
        assert!(a.runtime_only);
        assert_eq!(read("#[no_alloc]").unwrap(), NoAlloc::default());
    }

    #[test]
    fn inside_cfg_attr() {
        let a = read("#[cfg_attr(debug_assertions, qadapt::no_alloc(strict, deny(Pool::take)))]")
            .unwrap();
        assert_eq!(a.strict, Some(true));
        assert_eq!(names(&a.deny), ["Pool::take"]);
        let a = read("#[cfg_attr(all(unix, feature = \"rt\"), inline, no_alloc)]").unwrap();
        assert_eq!(a, NoAlloc::default());
        let a = read("#[cfg_attr(unix, cfg_attr(test, no_alloc(pedantic)))]").unwrap();
        assert_eq!(a.pedantic, Some(true));
        assert!(read("#[cfg_attr(no_alloc, inline)]").is_none());
        assert!(read("#[cfg_attr(unix, derive(Debug))]").is_none());
    }

    #[test]
    fn bad_options_are_reported_not_fatal() {
        let a = read("#[no_alloc(bogus = 1, strict)]").unwrap();
        assert_eq!(a.strict, Some(true));
        assert!(a.problems[0].contains("unknown option `bogus`"), "{a:?}");
        let a = read("#[no_alloc(allow(\"x\"))]").unwrap();
        assert_eq!(a.problems.len(), 1, "{a:?}");
    }

    #[test]
    fn merges_over_the_config() {
        let config = Config {
            strict: Some(true),
            pedantic: Some(true),
            allow: vec![PathPattern::parse("format").unwrap()],
            ..Config::default()
        };
        let a = read("#[no_alloc(pedantic = false, strict = false, allow(push))]").unwrap();
        let options = a.options(&config);
        assert!(!options.pedantic);
        assert_eq!(names(&options.allow), ["format", "push"]);
        if qadapt_lints::config::strict_from_env() == Ok(false) {
            assert!(!a.is_strict(&config));
            assert!(read("#[no_alloc]").unwrap().is_strict(&config));
        }
    }
}
