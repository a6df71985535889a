//! Reading `#[no_alloc(..)]` with the attribute's own model of it
//! ([`qadapt_lints::attribute`]: recognition, inside `cfg_attr` too, the
//! options' grammar, the merge over the project's configuration), so that
//! the checker and the attribute cannot disagree.
//!
//! Only what the static checks use is kept here: `strict`, `pedantic`,
//! `allow(..)`, `deny(..)` and `runtime_only` (which turns the static
//! checks off). An option the attribute would reject is reported as a note,
//! and the rest of the options are used.
//!
//! `#[cfg_attr(pred, no_alloc(..))]` counts whatever `pred` is: like
//! `#[cfg]`, every configuration is checked.

use proc_macro2::Span;
use qadapt_lints::attribute::{self, Named, Written};
use qadapt_lints::config::Config;
use qadapt_lints::{Options, PathPattern};
use syn::{Attribute, Meta};

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
    attribute::is_no_alloc(attr.path())
}

/// The `#[no_alloc]` among `attrs`, written directly or in a `cfg_attr`
/// (at any depth): its meta, `no_alloc(..)`.
pub fn find(attrs: &[Attribute]) -> Option<Meta> {
    attribute::find(attrs).map(|(_, meta)| meta)
}

/// Reads the options of a `#[no_alloc]` attribute's meta.
pub fn parse(meta: &Meta) -> NoAlloc {
    let (written, problems) = Written::parse_meta(meta);
    let value = |option: &Option<Named<bool>>| option.as_ref().map(|o| o.value);
    let list = |option: &Option<Named<Vec<PathPattern>>>| {
        option.as_ref().map(|o| o.value.clone()).unwrap_or_default()
    };
    let problems = problems
        .into_iter()
        .map(|problem| problem.into_error())
        .chain(written.conflicts())
        .map(|error| error.to_string())
        .collect();
    NoAlloc {
        strict: value(&written.strict),
        pedantic: value(&written.pedantic),
        allow: list(&written.allow),
        deny: list(&written.deny),
        runtime_only: value(&written.runtime_only) == Some(true),
        problems,
    }
}

impl NoAlloc {
    /// The analysis options: the attribute's over the project's. `pedantic`
    /// as the attribute says, else as configured; `allow` and `deny` add up.
    pub fn options(&self, config: &Config) -> Options {
        self.written().resolve(config, false).options
    }

    /// Whether findings are errors: the attribute's `strict` when written,
    /// else the configuration's; `QADAPT_STRICT` in the environment makes
    /// everything strict (a value of it that means neither on nor off
    /// counts as on: failing closed, not silently open).
    pub fn is_strict(&self, config: &Config) -> bool {
        let env = qadapt_lints::config::strict_from_env().unwrap_or(true);
        self.written().resolve(config, env).strictness.is_strict()
    }

    /// The options the static checks use, for the model's merge.
    fn written(&self) -> Written {
        let named = |value| Named {
            value,
            span: Span::call_site(),
        };
        Written {
            strict: self.strict.map(named),
            pedantic: self.pedantic.map(named),
            allow: Some(Named {
                value: self.allow.clone(),
                span: Span::call_site(),
            }),
            deny: Some(Named {
                value: self.deny.clone(),
                span: Span::call_site(),
            }),
            ..Written::default()
        }
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
             max = 3, crate = \"my::qadapt\")]",
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
        // The attribute's own contradictions and entry checks, word for word.
        let a = read("#[no_alloc(forbid, max = 3, allow(Self, Vec::<u8>::push))]").unwrap();
        assert_eq!(names(&a.allow), Vec::<String>::new(), "{a:?}");
        assert_eq!(a.problems.len(), 2, "{a:?}");
        assert!(a.problems[0].contains("`Self` names no function"), "{a:?}");
        assert!(
            a.problems[1].contains("`forbid` and `max = N` cannot be combined"),
            "{a:?}"
        );
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
        // Strictness as the model merges it, with and without the
        // environment's say (the process's own is read by `is_strict`).
        assert!(!a.written().resolve(&config, false).strictness.is_strict());
        assert!(a.written().resolve(&config, true).strictness.is_strict());
        let plain = read("#[no_alloc]").unwrap();
        assert!(
            plain
                .written()
                .resolve(&config, false)
                .strictness
                .is_strict()
        );
        assert!(plain.is_strict(&config));
    }
}
