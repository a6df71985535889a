//! The project's configuration and `QADAPT_STRICT`, and how rustc is made to track them.

use super::*;

/// A project configured by `qadapt_toml` (the text of a `qadapt.toml` at
/// `/p/qadapt.toml`).
fn project(qadapt_toml: &str, env_strict: bool) -> Project {
    let config = Config::parse_layer(qadapt_toml, Path::new("/p/qadapt.toml"), Layer::QadaptToml)
        .unwrap_or_else(|err| panic!("{err}"));
    Project {
        tracking: crate::project::tracking(&config),
        config: Arc::new(config),
        env_strict,
    }
}

fn resolve(attr: TokenStream, project: &Project) -> args::Args {
    args::resolve(&args::parse(attr).unwrap(), project)
}

fn expand_in(project: Project, args: TokenStream, item: TokenStream) -> String {
    pretty(choose(
        crate::expand_in(Ok(project), args, item),
        Build::Checked,
    ))
}

#[test]
fn attribute_booleans_override_the_project() {
    let strict = project("strict = true\npedantic = true", false);
    assert_eq!(resolve(quote!(), &strict).strict, Strictness::Project);
    assert!(resolve(quote!(), &strict).lints.pedantic);
    let relaxed = resolve(quote!(strict = false, pedantic = false), &strict);
    assert_eq!(relaxed.strict, Strictness::Lax);
    assert!(!relaxed.lints.pedantic);
    assert_eq!(
        resolve(quote!(strict), &strict).strict,
        Strictness::Attribute
    );

    let lax = project("strict = false", false);
    assert_eq!(resolve(quote!(), &lax).strict, Strictness::Lax);
    assert_eq!(resolve(quote!(strict), &lax).strict, Strictness::Attribute);
    assert!(resolve(quote!(pedantic), &lax).lints.pedantic);
    assert_eq!(
        resolve(quote!(), &Project::default()).strict,
        Strictness::Lax
    );
}

#[test]
fn qadapt_strict_beats_everything() {
    for config in ["", "strict = false", "strict = true"] {
        let ci = project(config, true);
        for attr in [quote!(), quote!(strict = false), quote!(strict)] {
            assert_eq!(
                resolve(attr.clone(), &ci).strict,
                Strictness::Env,
                "{config} / {attr}"
            );
        }
    }
    let out = expand_in(project("", true), quote!(strict = false), mix());
    assert_has(&out, "::core::compile_error! { \"`format!` allocates");
    assert_lacks(&out, "#[deprecated");
}

#[test]
fn qadapt_strict_must_mean_on_or_off() {
    let strict = |value: &str| Project::from_env(None, Some(value.into()));
    assert!(strict("1").is_ok_and(|project| project.env_strict));
    assert!(strict("False").is_ok_and(|project| !project.env_strict));
    assert!(Project::from_env(None, None).is_ok_and(|project| !project.env_strict));
    let Err(err) = strict("garbage") else {
        panic!("QADAPT_STRICT=garbage accepted");
    };
    assert_eq!(
        err.to_string(),
        "#[no_alloc]: QADAPT_STRICT=\"garbage\" is not a value it takes: set it to 1, true or \
         yes (every finding is an error), to 0, false, no or nothing (the configuration \
         decides), or unset it"
    );
    // The error goes out with the item.
    let out = crate::expand_in(
        strict("garbage"),
        quote!(),
        quote!(
            fn f() {}
        ),
    );
    assert!(out.to_string().starts_with("fn f () { }"), "{out}");
    assert!(out.to_string().contains("QADAPT_STRICT"), "{out}");
}

#[test]
fn lists_add_up() {
    let configured = project(
        "allow = [\"format\", \"Vec::push\"]\ndeny = [\"Pool::take\"]",
        false,
    );
    let args = resolve(quote!(allow(Vec::push, to_string), deny(make)), &configured);
    assert_eq!(
        segments(&args.lints.allow),
        ["format", "Vec::push", "to_string"]
    );
    assert_eq!(segments(&args.lints.deny), ["Pool::take", "make"]);
}

#[test]
fn project_allow_silences_and_strict_errors() {
    let out = expand_in(project("allow = [\"format\"]", false), quote!(), mix());
    assert_lacks(&out, "#[deprecated");
    let out = expand_in(project("strict = true", false), quote!(), mix());
    assert_has(&out, "::core::compile_error! { \"`format!` allocates");
    let out = expand_in(
        project("strict = true", false),
        quote!(strict = false),
        mix(),
    );
    assert_lacks(&out, "compile_error");
    assert_has(&out, "#[deprecated");
    let out = expand_in(project("deny = [\"push_str\"]", false), quote!(), mix());
    assert_has(&out, "`push_str` allocates in #[no_alloc] fn `mix`");
}

const TRACKING: &str =
    "const _: ::core::option::Option<&str> = ::core::option_env!(\"QADAPT_STRICT\");";

#[test]
fn tracking_leads_the_first_checked_body() {
    // No configuration file: only the environment variable is tracked.
    let bare = Project {
        tracking: crate::project::tracking(&Config::default()),
        ..Project::default()
    };
    let out = expand_in(bare, quote!(), mix());
    assert_eq!(
        pretty(crate::project::tracking(&Config::default())).trim(),
        TRACKING
    );
    assert_has(
        &out,
        &format!("fn mix(out: &mut String) {{ {TRACKING} {{ #[deprecated("),
    );

    let with_file = |path: &str| Project {
        tracking: crate::project::tracking(&Config {
            sources: vec![path.into(), "/w/p/qadapt.toml".into()],
            ..Config::default()
        }),
        ..Project::default()
    };
    let out = expand_in(
        with_file("/w/Cargo.toml"),
        quote!(),
        quote! {
            impl S {
                fn a(&self) {}
                const fn b() {}
            }
        },
    );
    assert_has(
        &out,
        &format!(
            "fn a(&self) {{ {TRACKING} const _: &[u8] = ::core::include_bytes!(\"/w/Cargo.toml\"); \
             const _: &[u8] = ::core::include_bytes!(\"/w/p/qadapt.toml\"); \
             {{ let mut __qadapt_region = ::qadapt::__private::enter("
        ),
    );
    assert_eq!(
        flat(&out)
            .matches("include_bytes!(\"/w/Cargo.toml\")")
            .count(),
        1,
        "{out}"
    );
    assert_has(&out, "const fn b() {}");

    // Not where the configuration is unused, nor in a naked fn.
    let out = expand_in(with_file("/w/Cargo.toml"), quote!(runtime_only), mix());
    assert_lacks(&out, "option_env");
    let out = expand_in(
        with_file("/w/Cargo.toml"),
        quote!(),
        quote! {
            #[unsafe(naked)]
            extern "C" fn g() {
                naked_asm!("ret")
            }
        },
    );
    assert_lacks(&out, "option_env");

    // A project without tracking (as when not built by cargo: no
    // CARGO_MANIFEST_DIR) adds nothing.
    assert_lacks(&expand(quote!(), mix()), "option_env");
}

#[test]
fn tracking_escapes_paths() {
    let tokens = crate::project::tracking(&Config {
        sources: vec![r#"C:\w "x"\Cargo.toml"#.into()],
        ..Config::default()
    });
    let file: syn::File = syn::parse2(tokens).unwrap();
    let syn::Item::Const(item) = &file.items[1] else {
        panic!("{file:?}")
    };
    let syn::Expr::Macro(mac) = &*item.expr else {
        panic!("{item:?}")
    };
    let lit: syn::LitStr = mac.mac.parse_body().unwrap();
    assert_eq!(lit.value(), r#"C:\w "x"\Cargo.toml"#);
}

#[test]
fn config_errors_keep_the_item() {
    let err = Config::parse_layer("allow = 3", Path::new("/p/qadapt.toml"), Layer::QadaptToml)
        .unwrap_err();
    let project_error = || {
        Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("#[no_alloc]: {err}"),
        ))
    };
    let out = pretty(crate::expand_in(project_error(), quote!(), mix()));
    assert_has(
        &out,
        "::core::compile_error! { \"#[no_alloc]: qadapt config /p/qadapt.toml: `allow` must be an \
         array of path strings like \\\"Vec::push\\\", found integer\" }",
    );
    assert_has(&out, MIX);
    assert_lacks(&out, "run_fn");
    // Together with bad options, both are reported.
    let out = pretty(crate::expand_in(project_error(), quote!(stirct), mix()));
    assert_has(&out, "did you mean `strict`?");
    assert_has(&out, "qadapt config /p/qadapt.toml");
}

#[test]
fn the_configuration_is_tracked_once_per_crate() {
    // Under `cargo test`, CARGO_MANIFEST_DIR names this crate. Once a body
    // of the crate carries the tracking statements (other tests may already
    // have placed some), later loads leave them out.
    crate::project::mark_tracked();
    assert!(
        project::Project::load()
            .expect("config")
            .tracking
            .is_empty()
    );
}
