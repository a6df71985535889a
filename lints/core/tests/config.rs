//! Project configuration: `[workspace.metadata.qadapt]`,
//! `[package.metadata.qadapt]` and `qadapt.toml`.

use qadapt_lints::PathPattern;
use qadapt_lints::config::{
    self, Config, ConfigError, Layer, load_cached, parse_strict_env, strict_from_env,
};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

/// A fresh directory under the system's temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "qadapt-config-{name}-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `text` to `relative`, creating directories, and returns the
    /// file's path.
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn patterns(list: &[&str]) -> Vec<PathPattern> {
    list.iter()
        .map(|p| PathPattern::parse(p).unwrap())
        .collect()
}

fn names(patterns: &[PathPattern]) -> Vec<String> {
    patterns.iter().map(ToString::to_string).collect()
}

const WORKSPACE: &str = r#"
[workspace]
members = ["crates/*"]

[workspace.metadata.qadapt]
strict = true
pedantic = true
allow = ["Vec::push"]
deny = ["crate::pool::Pool::take"]
"#;

const PACKAGE: &str = r#"
[package]
name = "a"
version = "0.1.0"
edition = "2024"

[package.metadata.qadapt]
pedantic = false
allow = ["format", "Vec::push"]

[dependencies]
"#;

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
        sources: vec!["/w/Cargo.toml".into()],
    };
    let near = Config {
        strict: None,
        pedantic: Some(false),
        allow: patterns(&["b", "c"]),
        deny: Vec::new(),
        sources: vec!["/w/a/Cargo.toml".into()],
    };
    let merged = far.clone().merge(near);
    assert_eq!(merged.strict, Some(true));
    assert_eq!(merged.pedantic, Some(false));
    assert_eq!(names(&merged.allow), ["a", "b", "c"]);
    assert_eq!(names(&merged.deny), ["x"]);
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
    for bad in ["garbage", "off", "2", "y", "truee", "1 1"] {
        let err = parse(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "QADAPT_STRICT={bad:?} is neither on nor off: set it to 1 or true (every \
                 finding is an error), 0 or false, or unset it"
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

// ---- loading ----

#[test]
fn workspace_package_and_qadapt_toml_layers() {
    let tmp = TempDir::new("layers");
    let root = tmp.write("Cargo.toml", WORKSPACE);
    let package = tmp.write("crates/a/Cargo.toml", PACKAGE);
    let dir = tmp.path("crates/a");

    // Workspace + package.
    let config = Config::load(&dir).unwrap();
    assert_eq!(config.strict, Some(true), "inherited from the workspace");
    assert_eq!(config.pedantic, Some(false), "the package's wins");
    assert_eq!(names(&config.allow), ["Vec::push", "format"]);
    assert_eq!(names(&config.deny), ["crate::pool::Pool::take"]);
    assert_eq!(config.sources, [root.clone(), package.clone()]);

    // + qadapt.toml, nearest.
    let local = tmp.write(
        "crates/a/qadapt.toml",
        "strict = false\nallow = [\"to_string\"]\ndeny = [\"make\"]\n",
    );
    let config = Config::load(&dir).unwrap();
    assert_eq!(config.strict, Some(false));
    assert_eq!(config.pedantic, Some(false));
    assert_eq!(names(&config.allow), ["Vec::push", "format", "to_string"]);
    assert_eq!(names(&config.deny), ["crate::pool::Pool::take", "make"]);
    assert_eq!(config.sources, [root, package, local]);
    assert!(!config.options().pedantic);
}

#[test]
fn missing_tables_and_files_are_defaults() {
    let tmp = TempDir::new("missing");
    let root = tmp.write("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n");
    let package = tmp.write("a/Cargo.toml", "[package]\nname = \"a\"\n");
    let config = Config::load(&tmp.path("a")).unwrap();
    assert_eq!(
        config,
        Config {
            sources: vec![root, package],
            ..Config::default()
        }
    );
    // A directory without any manifest (the walk up finds nothing here,
    // assuming no `[workspace]` in the temp dir's ancestors).
    let empty = TempDir::new("nothing");
    assert_eq!(Config::load(&empty.0).unwrap(), Config::default());
}

#[test]
fn a_package_that_is_its_own_workspace() {
    let tmp = TempDir::new("root-package");
    // A workspace further up must not be consulted.
    tmp.write(
        "Cargo.toml",
        "[workspace]\n[workspace.metadata.qadapt]\ndeny = [\"outer\"]\n",
    );
    let manifest = tmp.write(
        "a/Cargo.toml",
        "[package]\nname = \"a\"\n[package.metadata.qadapt]\nallow = [\"p\"]\n\
         [workspace]\n[workspace.metadata.qadapt]\nstrict = true\nallow = [\"w\"]\n",
    );
    let config = Config::load(&tmp.path("a")).unwrap();
    assert_eq!(config.strict, Some(true));
    assert_eq!(names(&config.allow), ["w", "p"]);
    assert!(config.deny.is_empty());
    assert_eq!(config.sources, [manifest]);
}

#[test]
fn nearest_workspace_and_exclusions() {
    let tmp = TempDir::new("nested");
    tmp.write(
        "Cargo.toml",
        "[workspace]\nexclude = [\"x\"]\n[workspace.metadata.qadapt]\nallow = [\"outer\"]\n",
    );
    // A package manifest without `[workspace]` between does not stop the walk.
    tmp.write("mid/Cargo.toml", "[package]\nname = \"mid\"\n");
    tmp.write("mid/b/Cargo.toml", "[package]\nname = \"b\"\n");
    let config = Config::load(&tmp.path("mid/b")).unwrap();
    assert_eq!(names(&config.allow), ["outer"]);

    // An excluded package is not in that workspace: the walk goes on (and
    // here finds an inner root first anyway for `x/inner/c`).
    tmp.write(
        "x/Cargo.toml",
        "[workspace]\n[workspace.metadata.qadapt]\nallow = [\"x\"]\n",
    );
    tmp.write("x/inner/c/Cargo.toml", "[package]\nname = \"c\"\n");
    let config = Config::load(&tmp.path("x/inner/c")).unwrap();
    assert_eq!(names(&config.allow), ["x"]);

    tmp.write(
        "y/Cargo.toml",
        "[workspace]\nexclude = [\"d\"]\n[workspace.metadata.qadapt]\nallow = [\"y\"]\n",
    );
    tmp.write("y/d/Cargo.toml", "[package]\nname = \"d\"\n");
    let config = Config::load(&tmp.path("y/d")).unwrap();
    assert_eq!(names(&config.allow), ["outer"], "y excludes d");
}

#[test]
fn explicit_package_workspace() {
    let tmp = TempDir::new("explicit");
    let root = tmp.write(
        "root/Cargo.toml",
        "[workspace]\nmembers = [\"../pkg\"]\n[workspace.metadata.qadapt]\npedantic = true\n",
    );
    tmp.write(
        "pkg/Cargo.toml",
        "[package]\nname = \"pkg\"\nworkspace = \"../root\"\n",
    );
    let config = Config::load(&tmp.path("pkg")).unwrap();
    assert_eq!(config.pedantic, Some(true));
    assert_eq!(config.sources[0], root);
    // `.` and `..` are resolved in the directory given too.
    let config = Config::load(&tmp.path("root/./../pkg")).unwrap();
    assert_eq!(config.sources, [root, tmp.path("pkg/Cargo.toml")]);
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
         are `strict`, `pedantic`, `allow`, `deny`)"
    );
    let err = error("alow = []", Layer::QadaptToml);
    assert!(err.message.contains("did you mean `allow`?"), "{err}");
    let err = error("colour = \"red\"", Layer::QadaptToml);
    assert_eq!(
        err.message,
        "unknown key `colour`: the known keys are `strict`, `pedantic`, `allow`, `deny`"
    );
    let err = error("[qadapt]\nstrict = true\n", Layer::QadaptToml);
    assert!(
        err.message.contains(
            "qadapt.toml takes its settings at the top level, without a `[qadapt]` header"
        ),
        "{err}"
    );
}

#[test]
fn load_errors_name_the_faulty_file() {
    let tmp = TempDir::new("errors");
    let root = tmp.write(
        "Cargo.toml",
        "[workspace]\n[workspace.metadata.qadapt]\nallow = \"format\"\n",
    );
    tmp.write("a/Cargo.toml", "[package]\nname = \"a\"\n");
    let err = Config::load(&tmp.path("a")).unwrap_err();
    assert_eq!(err.file, root);
    assert_eq!(err.key.as_deref(), Some("workspace.metadata.qadapt.allow"));

    tmp.write("Cargo.toml", "[workspace]\n");
    let local = tmp.write("a/qadapt.toml", "strict = yes\n");
    let err = Config::load(&tmp.path("a")).unwrap_err();
    assert_eq!(err.file, local);
    assert!(err.to_string().contains("not a valid TOML file"), "{err}");
}

/// Loads the configuration of `dir` on another thread, failing the test
/// instead of hanging when that takes more than a few seconds.
fn load_within_seconds(dir: PathBuf) -> Result<Config, ConfigError> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(Config::load(&dir));
    });
    receive
        .recv_timeout(Duration::from_secs(10))
        .expect("loading the configuration hangs")
}

#[cfg(unix)]
#[test]
fn a_fifo_is_no_configuration_file() {
    let tmp = TempDir::new("fifo");
    tmp.write("a/Cargo.toml", "[package]\nname = \"a\"\n");
    let fifo = tmp.path("a/qadapt.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", fifo.display());
    let err = load_within_seconds(tmp.path("a")).unwrap_err();
    assert_eq!(err.file, fifo);
    assert!(
        err.to_string()
            .contains("not a regular file but a FIFO: a configuration file must be a regular file"),
        "{err}"
    );
}

#[test]
fn a_directory_is_no_configuration_file() {
    let tmp = TempDir::new("directory");
    tmp.write("a/Cargo.toml", "[package]\nname = \"a\"\n");
    fs::create_dir_all(tmp.path("a/qadapt.toml")).unwrap();
    let err = load_within_seconds(tmp.path("a")).unwrap_err();
    assert_eq!(err.file, tmp.path("a/qadapt.toml"));
    assert!(
        err.to_string()
            .contains("not a regular file but a directory"),
        "{err}"
    );
}

// ---- the cache ----

/// Rewrites a file and moves its modification time forward, so that the test
/// does not depend on the file system's time granularity.
fn rewrite(path: &Path, text: &str, seconds: u64) {
    fs::write(path, text).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(seconds))
        .unwrap();
}

#[test]
fn cache_follows_modification_times() {
    let tmp = TempDir::new("cache");
    tmp.write("Cargo.toml", "[workspace]\n");
    let package = tmp.write(
        "a/Cargo.toml",
        "[package]\nname = \"a\"\n[package.metadata.qadapt]\nstrict = true\n",
    );
    let dir = tmp.path("a");

    let first = load_cached(&dir).unwrap();
    assert_eq!(first.strict, Some(true));
    let again = load_cached(&dir).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "unchanged files: cached");

    rewrite(
        &package,
        "[package]\nname = \"a\"\n[package.metadata.qadapt]\nstrict = false\n",
        10,
    );
    let changed = load_cached(&dir).unwrap();
    assert_eq!(changed.strict, Some(false));

    // A qadapt.toml that appears is noticed, and so is its removal.
    let local = tmp.path("a/qadapt.toml");
    rewrite(&local, "pedantic = true\n", 20);
    let with_local = load_cached(&dir).unwrap();
    assert_eq!(with_local.pedantic, Some(true));
    assert_eq!(with_local.sources.last(), Some(&local));
    fs::remove_file(&local).unwrap();
    assert_eq!(load_cached(&dir).unwrap().pedantic, None);

    // Errors are cached until fixed.
    rewrite(&local, "strict = 1\n", 30);
    let err = load_cached(&dir).unwrap_err();
    assert_eq!(err, load_cached(&dir).unwrap_err());
    rewrite(&local, "strict = true\n", 40);
    assert_eq!(load_cached(&dir).unwrap().strict, Some(true));

    // The workspace root's manifest is watched too.
    rewrite(
        &tmp.path("Cargo.toml"),
        "[workspace]\n[workspace.metadata.qadapt]\ndeny = [\"w\"]\n",
        50,
    );
    assert_eq!(names(&load_cached(&dir).unwrap().deny), ["w"]);
    assert_eq!(*load_cached(&dir).unwrap(), Config::load(&dir).unwrap());
}

#[test]
fn a_workspace_appearing_above_is_noticed() {
    let tmp = TempDir::new("appearing");
    tmp.write("outer/Cargo.toml", "[package]\nname = \"outer\"\n");
    tmp.write("outer/a/Cargo.toml", "[package]\nname = \"a\"\n");
    let dir = tmp.path("outer/a");
    assert!(load_cached(&dir).unwrap().allow.is_empty());
    rewrite(
        &tmp.path("outer/Cargo.toml"),
        "[workspace]\n[workspace.metadata.qadapt]\nallow = [\"x\"]\n",
        10,
    );
    assert_eq!(names(&load_cached(&dir).unwrap().allow), ["x"]);
}
