//! The one model of `#[no_alloc(..)]` that the attribute and `cargo qadapt` share: recognition,
//! the options' grammar, their contradictions, the merge over the configuration.

use qadapt_lints::PathPattern;
use qadapt_lints::attribute::{self, Problem, Region, Strictness, Written};
use qadapt_lints::config::{Config, Layer};

/// The attributes of `fn f() {}` written after `attrs`.
fn attrs(attrs: &str) -> Vec<syn::Attribute> {
    let item: syn::ItemFn = syn::parse_str(&format!("{attrs} fn f() {{}}")).expect("item");
    item.attrs
}

/// The options of the `#[no_alloc]` among `attrs`, and the problems, as messages.
fn read(src: &str) -> (Written, Vec<String>) {
    let attrs = attrs(src);
    let (_, meta) = attribute::find(&attrs).expect("a #[no_alloc]");
    let (written, problems) = Written::parse_meta(&meta);
    let messages = problems
        .into_iter()
        .map(|problem| problem.into_error().to_string())
        .collect();
    (written, messages)
}

fn names(patterns: &[PathPattern]) -> Vec<String> {
    patterns.iter().map(ToString::to_string).collect()
}

#[test]
fn recognised_by_the_last_segment_and_inside_cfg_attr() {
    for found in [
        "#[no_alloc]",
        "#[qadapt::no_alloc(strict)]",
        "#[inline] #[::my::qadapt::no_alloc]",
        "#[cfg_attr(debug_assertions, no_alloc)]",
        "#[cfg_attr(all(unix, feature = \"rt\"), inline, qadapt::no_alloc(pedantic))]",
        "#[cfg_attr(unix, cfg_attr(test, no_alloc(pedantic)))]",
    ] {
        assert!(attribute::find(&attrs(found)).is_some(), "{found}");
    }
    for not_found in [
        "#[no_alloc_here]",
        "#[inline]",
        "#[cfg_attr(no_alloc, inline)]",
        "#[cfg_attr(unix, derive(Debug))]",
        "#[doc = \"no_alloc\"]",
    ] {
        assert!(attribute::find(&attrs(not_found)).is_none(), "{not_found}");
    }
    let found = attrs("#[inline] #[cfg_attr(unix, no_alloc(strict))]");
    let (attr, meta) = attribute::find(&found).unwrap();
    assert!(attr.path().is_ident("cfg_attr"));
    assert!(attribute::is_no_alloc(meta.path()));
}

#[test]
fn every_option_and_its_values() {
    let (written, problems) = read(
        "#[no_alloc(strict, pedantic = false, allow(Vec::<u8>::push, format), \
         deny(crate::pool::Pool::take), max = 3, crate = \"my::qadapt\")]",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(written.strict.map(|o| o.value), Some(true));
    assert_eq!(written.pedantic.map(|o| o.value), Some(false));
    assert_eq!(
        names(&written.allow.unwrap().value),
        ["Vec::push", "format"]
    );
    assert_eq!(
        names(&written.deny.unwrap().value),
        ["crate::pool::Pool::take"]
    );
    assert_eq!(written.max.map(|o| o.value), Some(3));
    let krate = written.krate.unwrap().value;
    assert_eq!(quote::quote!(#krate).to_string(), "my :: qadapt");

    let (written, problems) =
        read("#[no_alloc(forbid = \"true\", static_only = false, max = \"2\")]");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(written.forbid.map(|o| o.value), Some(true));
    assert_eq!(written.static_only.map(|o| o.value), Some(false));
    assert_eq!(written.max.map(|o| o.value), Some(2));

    let (written, problems) = read("#[no_alloc]");
    assert!(problems.is_empty() && written.strict.is_none() && written.allow.is_none());
    assert_eq!(attribute::OPTIONS.len(), 9);
    assert!(attribute::option_list().starts_with("`strict`, `pedantic`, `allow(..)`"));
}

/// The one list of option names is the one both grammars read: every option is one the
/// attribute knows, and the configurable ones, only those, are keys of the configuration.
#[test]
fn the_attribute_and_the_configuration_read_the_one_list_of_options() {
    for option in attribute::OPTIONS {
        let name = option.name;
        let (_, problems) = read(&format!("#[no_alloc({name} = 1)]"));
        assert!(
            problems.iter().all(|p| !p.starts_with("unknown option")),
            "{name}: {problems:?}"
        );
        let file = std::path::Path::new("qadapt.toml");
        let error = Config::parse_layer(&format!("{name} = 1"), file, Layer::QadaptToml)
            .expect_err("no option takes an integer in the configuration");
        assert_eq!(
            error.message.starts_with("unknown key"),
            !option.configurable,
            "{name}: {}",
            error.message
        );
    }
    let (_, problems) = read("#[no_alloc(bogus, statc_only)]");
    assert!(problems[0].starts_with("unknown option `bogus` (#[no_alloc] options: "));
    assert!(
        problems[1].starts_with("unknown option `statc_only`; did you mean `static_only`? ("),
        "{problems:?}"
    );
}

#[test]
fn problems_are_listed_and_the_rest_is_read() {
    let (written, problems) = read(
        "#[no_alloc(bogus = 1, strict, strict = false, max = \"many\", allow, \
         crate = \"not a path\", pedantic = 1, deny(Self))]",
    );
    assert_eq!(written.strict.map(|o| o.value), Some(true));
    assert_eq!(problems.len(), 7, "{problems:?}");
    assert!(problems[0].starts_with("unknown option `bogus` (#[no_alloc] options: "));
    assert_eq!(problems[1], "`strict` is written twice");
    assert_eq!(
        problems[2],
        "`max` expects a number of allocations, like `max = 4`"
    );
    assert_eq!(
        problems[3],
        "expected a path like `Vec::push`: write `allow(Vec::push, format)`"
    );
    assert!(problems[4].starts_with("`crate` expects the path of the qadapt crate"));
    assert!(problems[5].starts_with("`pedantic` takes no value"));
    assert!(problems[6].contains("`Self` names no function"));

    let attrs = attrs("#[no_alloc = \"strict\"]");
    let (_, meta) = attribute::find(&attrs).unwrap();
    let (_, problems) = Written::parse_meta(&meta);
    assert!(matches!(problems.as_slice(), [Problem::Invalid(_)]));
}

#[test]
fn contradictions_are_errors_on_the_option_at_fault() {
    let conflicts = |src: &str| -> Vec<String> {
        let (written, problems) = read(src);
        assert!(problems.is_empty(), "{problems:?}");
        written
            .conflicts()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        conflicts("#[no_alloc(static_only, runtime_only)]"),
        ["`static_only` and `runtime_only` cannot be combined: together they would check nothing"]
    );
    assert_eq!(
        conflicts("#[no_alloc(static_only, forbid, max = 1)]").len(),
        3
    );
    assert_eq!(
        conflicts("#[no_alloc(runtime_only, strict, pedantic, allow(a), deny(b))]").len(),
        4
    );
    assert!(conflicts("#[no_alloc(runtime_only, strict = false, allow())]").is_empty());
    assert!(conflicts("#[no_alloc(static_only = false, runtime_only)]").is_empty());
}

#[test]
fn merged_over_the_configuration_and_the_environment() {
    let resolve = |src: &str, config: &Config, env: bool| read(src).0.resolve(config, env);
    let strict = Config {
        strict: Some(true),
        pedantic: Some(true),
        allow: vec![PathPattern::parse("format").unwrap()],
        ..Config::default()
    };
    let lax = Config::default();
    // Strictness and who decides, with and without `QADAPT_STRICT`: checked always, whatever
    // the test's own environment holds.
    for (src, config, env, expected) in [
        ("#[no_alloc]", &lax, false, Strictness::Lax),
        ("#[no_alloc(strict)]", &lax, false, Strictness::Attribute),
        ("#[no_alloc]", &strict, false, Strictness::Project),
        (
            "#[no_alloc(strict = false)]",
            &strict,
            false,
            Strictness::Lax,
        ),
        (
            "#[no_alloc(strict = true)]",
            &strict,
            false,
            Strictness::Attribute,
        ),
        ("#[no_alloc]", &lax, true, Strictness::Env),
        (
            "#[no_alloc(strict = false)]",
            &strict,
            true,
            Strictness::Env,
        ),
    ] {
        assert_eq!(
            resolve(src, config, env).strictness,
            expected,
            "{src} env={env}"
        );
    }
    assert!(!Strictness::Lax.is_strict() && Strictness::Project.is_strict());

    let settings = resolve(
        "#[no_alloc(pedantic = false, allow(push, format))]",
        &strict,
        false,
    );
    assert!(!settings.options.pedantic);
    assert_eq!(names(&settings.options.allow), ["format", "push"]);
    assert!(resolve("#[no_alloc]", &strict, false).options.pedantic);

    assert_eq!(
        resolve("#[no_alloc]", &lax, false).region,
        Some(Region::Protect)
    );
    assert_eq!(
        resolve("#[no_alloc(forbid)]", &lax, false).region,
        Some(Region::Forbid)
    );
    assert_eq!(
        resolve("#[no_alloc(max = 4)]", &lax, false).region,
        Some(Region::Budget(4))
    );
    assert_eq!(
        resolve("#[no_alloc(static_only)]", &lax, false).region,
        None
    );
    let runtime_only = resolve("#[no_alloc(runtime_only)]", &lax, false);
    assert!(!runtime_only.static_checks);
    assert!(runtime_only.krate.is_none());
}
