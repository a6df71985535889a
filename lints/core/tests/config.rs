//! Project configuration: `[workspace.metadata.qadapt]`,
//! `[package.metadata.qadapt]` and `qadapt.toml`.

mod common;

use common::{PACKAGE, WORKSPACE, names, patterns};
use qadapt_lints::config::{self, Config, ConfigError, Layer, parse_strict_env, strict_from_env};
use std::path::{Path, PathBuf};

// ---- one layer ----

#[test]
fn each_layer_reads_its_own_table() {
    let file = Path::new("/w/Cargo.toml");
    let workspace = Config::parse_layer(WORKSPACE, file, Layer::Workspace).unwrap();
    assert_eq!(
        workspace,
        Config {
            strict: Some(true),
            pedantic: Some(true),
            allow: patterns(&["Vec::push"]),
            deny: patterns(&["crate::pool::Pool::take"]),
            roots: patterns(&["ring::Ring::push"]),
            sources: vec![file.into()],
        }
    );
    // The other layer's table is not this one's.
    let package = Config::parse_layer(WORKSPACE, file, Layer::Package).unwrap();
    assert_eq!(
        package,
        Config {
            sources: vec![file.into()],
            ..Config::default()
        }
    );

    let package = Config::parse_layer(PACKAGE, file, Layer::Package).unwrap();
    assert_eq!(package.strict, None);
    assert_eq!(package.pedantic, Some(false));
    assert_eq!(names(&package.allow), ["format", "Vec::push"]);

    let local = Path::new("/w/a/qadapt.toml");
    let toml = Config::parse_layer(
        "strict = false\ndeny = [\"my_alloc\"] # comment\n",
        local,
        Layer::QadaptToml,
    )
    .unwrap();
    assert_eq!(
        toml,
        Config {
            strict: Some(false),
            deny: patterns(&["my_alloc"]),
            sources: vec![local.into()],
            ..Config::default()
        }
    );
}

#[test]
fn other_toml_spellings() {
    let file = Path::new("/w/Cargo.toml");
    let dotted = "[package]\nname = \"a\"\nmetadata.qadapt.strict = true\n";
    assert_eq!(
        Config::parse_layer(dotted, file, Layer::Package)
            .unwrap()
            .strict,
        Some(true)
    );
    let inline = "[package.metadata]\nqadapt = { allow = ['Box::new', \"format!\"] }\n";
    assert_eq!(
        names(
            &Config::parse_layer(inline, file, Layer::Package)
                .unwrap()
                .allow
        ),
        ["Box::new", "format"]
    );
    // Repeats within a list are dropped.
    let repeated = "allow = [\"push\", \" push \"]";
    assert_eq!(
        names(
            &Config::parse_layer(repeated, file, Layer::QadaptToml)
                .unwrap()
                .allow
        ),
        ["push"]
    );
    // Unrelated metadata of other tools is none of our business.
    let others = "[package.metadata.docs.rs]\nall-features = true\n[workspace.metadata.x]\ny = 1\n";
    assert_eq!(
        Config::parse_layer(others, file, Layer::Package).unwrap(),
        Config {
            sources: vec![file.into()],
            ..Config::default()
        }
    );
}

// ---- merging ----

#[test]
fn nearest_wins_and_lists_add_up() {
    let far = Config {
        strict: Some(true),
        pedantic: Some(true),
        allow: patterns(&["a", "b"]),
        deny: patterns(&["x"]),
        roots: patterns(&["r"]),
        sources: vec!["/w/Cargo.toml".into()],
    };
    let near = Config {
        strict: None,
        pedantic: Some(false),
        allow: patterns(&["b", "c"]),
        deny: Vec::new(),
        roots: patterns(&["s"]),
        sources: vec!["/w/a/Cargo.toml".into()],
    };
    let merged = far.clone().merge(near);
    assert_eq!(merged.strict, Some(true));
    assert_eq!(merged.pedantic, Some(false));
    assert_eq!(names(&merged.allow), ["a", "b", "c"]);
    assert_eq!(names(&merged.deny), ["x"]);
    assert_eq!(names(&merged.roots), ["r", "s"]);
    assert_eq!(
        merged.sources,
        [PathBuf::from("/w/Cargo.toml"), "/w/a/Cargo.toml".into()]
    );
    assert_eq!(far.clone().merge(Config::default()), far);
    assert_eq!(Config::default().merge(far.clone()), far);
}

#[test]
fn options_and_strictness() {
    let config = Config {
        pedantic: Some(true),
        allow: patterns(&["format"]),
        deny: patterns(&["make"]),
        ..Config::default()
    };
    let options = config.options();
    assert!(options.pedantic);
    assert_eq!(names(&options.allow), ["format"]);
    assert_eq!(names(&options.deny), ["make"]);
    assert!(!Config::default().options().pedantic);

    let strict = Config {
        strict: Some(true),
        ..Config::default()
    };
    assert!(strict.is_strict());
    // The configuration alone: the environment is read apart.
    assert!(!Config::default().is_strict());
    let lax = Config {
        strict: Some(false),
        ..Config::default()
    };
    assert!(!lax.is_strict());
}

#[test]
fn qadapt_strict_values() {
    let parse = |value: &str| parse_strict_env(std::ffi::OsStr::new(value));
    for on in ["1", "true", "TRUE", "True", "yes", "YES", " 1 ", "yes\n"] {
        assert_eq!(parse(on), Ok(true), "{on:?}");
    }
    for off in ["", "0", "false", "FALSE", "no", " 0\n"] {
        assert_eq!(parse(off), Ok(false), "{off:?}");
    }
    // The message names every value taken, and does not call `on` or `off`
    // neither on nor off.
    for bad in ["garbage", "off", "on", "2", "y", "truee", "1 1"] {
        let err = parse(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "QADAPT_STRICT={bad:?} is not a value it takes: set it to 1, true or yes \
                 (every finding is an error), to 0, false, no or nothing (the configuration \
                 decides), or unset it"
            )
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let not_text = std::ffi::OsStr::from_bytes(b"\xff1");
        assert!(parse_strict_env(not_text).is_err());
    }
    assert_eq!(config::STRICT_ENV, "QADAPT_STRICT");
    // Whatever the test's environment holds, reading it does not panic.
    let _ = strict_from_env();
}

// ---- errors ----

#[track_caller]
fn error(text: &str, layer: Layer) -> ConfigError {
    let file = Path::new("/w/Cargo.toml");
    let err = Config::parse_layer(text, file, layer).unwrap_err();
    assert_eq!(err.file, file);
    assert!(
        err.to_string()
            .starts_with(&format!("qadapt config {}: ", file.display())),
        "{err}"
    );
    err
}

#[test]
fn malformed_values_name_file_key_and_expectation() {
    let err = error("[package.metadata.qadapt]\nallow = 3\n", Layer::Package);
    assert_eq!(err.key.as_deref(), Some("package.metadata.qadapt.allow"));
    assert_eq!(
        err.to_string(),
        "qadapt config /w/Cargo.toml: `package.metadata.qadapt.allow` must be an array of path \
         strings like \"Vec::push\", found integer"
    );

    let err = error(
        "[workspace.metadata.qadapt]\nstrict = \"yes\"\n",
        Layer::Workspace,
    );
    assert_eq!(err.key.as_deref(), Some("workspace.metadata.qadapt.strict"));
    assert_eq!(
        err.message,
        "`workspace.metadata.qadapt.strict` must be a boolean (`true` or `false`), found string"
    );

    let err = error("pedantic = 1.5", Layer::QadaptToml);
    assert_eq!(err.key.as_deref(), Some("pedantic"));
    assert!(err.message.contains("must be a boolean"), "{err}");

    let err = error("deny = [\"a\", 1]", Layer::QadaptToml);
    assert_eq!(err.key.as_deref(), Some("deny"));
    assert_eq!(
        err.message,
        "`deny` must be an array of path strings like \"Vec::push\", found integer at index 1"
    );

    let err = error("allow = [\"Vec::\"]", Layer::QadaptToml);
    assert_eq!(err.key.as_deref(), Some("allow"));
    assert!(
        err.message
            .contains("at index 0: expected a path like `Vec::push`, found `Vec::`"),
        "{err}"
    );
    let err = error("allow = [\"\"]", Layer::QadaptToml);
    assert!(err.message.contains("expected a path"), "{err}");

    let err = error("allow = { a = 1 }", Layer::QadaptToml);
    assert!(err.message.ends_with("found table"), "{err}");

    // `Self` alone would match every call; `crate`, `super`, `self` none.
    for keyword in ["Self", "crate", "super", "self"] {
        let err = error(
            &format!("[package.metadata.qadapt]\ndeny = [\"Vec::push\", \"{keyword}\"]\n"),
            Layer::Package,
        );
        assert_eq!(err.key.as_deref(), Some("package.metadata.qadapt.deny"));
        assert!(
            err.message.contains(&format!(
                "at index 1: `{keyword}` names no function, method or macro"
            )),
            "{err}"
        );
    }

    let err = error("[package.metadata]\nqadapt = true\n", Layer::Package);
    assert_eq!(err.key.as_deref(), Some("package.metadata.qadapt"));
    assert!(
        err.message
            .contains("`package.metadata.qadapt` must be a table of settings"),
        "{err}"
    );
    assert!(err.message.ends_with("found boolean"), "{err}");
}

#[test]
fn invalid_toml() {
    let err = error("strict = \n", Layer::QadaptToml);
    assert_eq!(err.key, None);
    assert!(err.message.starts_with("not a valid TOML file: "), "{err}");
    assert!(err.message.contains("line 1"), "{err}");
    let err = error("a = 1\na = 2\n", Layer::QadaptToml);
    assert!(err.message.contains("duplicate key"), "{err}");
}

#[test]
fn unknown_keys() {
    let err = error("[package.metadata.qadapt]\nstirct = true\n", Layer::Package);
    assert_eq!(err.key.as_deref(), Some("package.metadata.qadapt.stirct"));
    assert_eq!(
        err.message,
        "unknown key `package.metadata.qadapt.stirct`: did you mean `strict`? (the known keys \
         are `strict`, `pedantic`, `allow`, `deny`, `roots`)"
    );
    let err = error("alow = []", Layer::QadaptToml);
    assert!(err.message.contains("did you mean `allow`?"), "{err}");
    let err = error("colour = \"red\"", Layer::QadaptToml);
    assert_eq!(
        err.message,
        "unknown key `colour`: the known keys are `strict`, `pedantic`, `allow`, `deny`, `roots`"
    );
    let err = error("[qadapt]\nstrict = true\n", Layer::QadaptToml);
    assert!(
        err.message.contains(
            "qadapt.toml takes its settings at the top level, without a `[qadapt]` header"
        ),
        "{err}"
    );
}
