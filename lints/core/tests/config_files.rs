//! Project configuration on disk: the files found for a package (its workspace's root
//! included), only regular files read, and the cache that follows their changes.

mod common;

use common::{PACKAGE, TempDir, WORKSPACE, names};
use qadapt_lints::config::{Config, ConfigError, load_cached};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

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

// ---- files that cannot be read ----

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
