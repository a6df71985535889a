//! Exit codes that hold whatever happens to the output, crates that cannot
//! be checked, and input deep enough to overflow an ordinary stack.

mod common;

use common::{assert_contains, manifest, run};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-qadapt");

/// The exit code of the binary run as `cargo qadapt <args>` by `sh`, with
/// `redirect` applied to it (`2>/dev/full`, `>&-`), and what reached the
/// streams that were not redirected.
fn redirected(redirect: &str, args: &[&str]) -> (i32, String, String) {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec \"$0\" qadapt \"$@\" {redirect}"))
        .arg(BIN)
        .args(args)
        .env_remove("QADAPT_STRICT")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn dsp() -> String {
    manifest("dsp")
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_device_is_an_io_error() {
    let manifest = dsp();
    // Human output on stderr: it was 101, a panic in `eprint!`.
    let (code, stdout, _) = redirected("2>/dev/full", &["check", "--manifest-path", &manifest]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    // The document was written, the status lines were not.
    let (code, stdout, _) = redirected(
        "2>/dev/full",
        &["check", "--manifest-path", &manifest, "--format", "json"],
    );
    assert_eq!(code, 2);
    assert!(stdout.contains("\"command\": \"check\""), "{stdout}");
    // The document could not be written: said on stderr.
    let (code, _, stderr) = redirected(
        ">/dev/full",
        &["check", "--manifest-path", &manifest, "--format", "sarif"],
    );
    assert_eq!(code, 2);
    assert_contains(&stderr, "error: could not write to stdout");
    // A usage error, and help, with nowhere to go.
    let (code, _, _) = redirected(">/dev/full 2>/dev/full", &["check", "--bogus"]);
    assert_eq!(code, 2);
    let (code, _, _) = redirected(">/dev/full", &["--help"]);
    assert_eq!(code, 2);
}

#[test]
fn closed_streams_are_io_errors() {
    let manifest = dsp();
    // It was 0, having written nothing: the runtime reopens a closed
    // stdout on /dev/null.
    let (code, _, stderr) = redirected(
        ">&-",
        &["check", "--manifest-path", &manifest, "--format", "json"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_contains(&stderr, "error: could not write to stdout");
    let (code, stdout, _) = redirected("2>&-", &["check", "--manifest-path", &manifest]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    for args in [
        &["check", "--bogus"][..],
        &["check", "--manifest-path", "/nonexistent/Cargo.toml"],
        &["check", "--manifest-path", &manifest, "--format", "json"],
        &[
            "check",
            "--manifest-path",
            &manifest,
            "--message-format=json",
        ],
        &["audit", "--manifest-path", &manifest],
        &["--help"],
        &["--version"],
    ] {
        let (code, _, _) = redirected(">&- 2>&-", args);
        assert_eq!(code, 2, "{args:?}");
    }
    // Nothing is asked of a closed stdout in human mode.
    let (code, _, stderr) = redirected(">&-", &["check", "--manifest-path", &manifest]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_closed_pipe_is_an_io_error() {
    for (stream, format) in [("stderr", "human"), ("stdout", "json"), ("stderr", "json")] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let mut command = Command::new(BIN);
        command
            .args(["check", "--manifest-path", &dsp(), "--format", format])
            .env_remove("QADAPT_STRICT");
        if stream == "stderr" {
            command.stderr(writer).stdout(Stdio::null());
        } else {
            command.stdout(writer).stderr(Stdio::null());
        }
        let status = command.status().unwrap();
        assert_eq!(status.code(), Some(2), "{stream} {format}");
    }
}

#[test]
fn a_crate_root_that_does_not_parse_is_not_checked() {
    let manifest = manifest("unparsable");
    // It was "checked 0 functions" and 0, even with --deny.
    for deny in [false, true] {
        let mut args = vec!["check", "--manifest-path", &manifest];
        if deny {
            args.push("--deny");
        }
        let run = run(&args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_contains(
            &run.stderr,
            "error: could not check crate `unparsable_fixture` of package `unparsable-fixture`: \
             its root file src/lib.rs does not parse",
        );
        assert_contains(&run.stderr, "--> src/lib.rs:5:8");
        assert_contains(&run.stderr, "; could not check 1 crate\n");
        // The binary, which parses, is still checked.
        assert_contains(&run.stderr, "`Box::new` allocates in #[no_alloc] fn `main`");
    }
    let json = run(&["check", "--manifest-path", &manifest, "--format", "json"]);
    assert_eq!(json.code, 2);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["unchecked"][0]["crate"], "unparsable_fixture");
    assert_eq!(doc["summary"]["exit_code"], 2);
    let sarif = run(&["check", "--manifest-path", &manifest, "--format", "sarif"]);
    let doc: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    let audit = run(&["audit", "--manifest-path", &manifest]);
    assert_eq!(audit.code, 2);
    assert_contains(&audit.stderr, "could not check crate `unparsable_fixture`");
}

/// A package whose `#[no_alloc]` function nests `depth` blocks around a
/// `Box::new`.
fn deep_package(name: &str, depth: usize) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cargo-qadapt-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[workspace]\n"
        ),
    )
    .unwrap();
    let body = format!(
        "{}let _b = Box::new(1u8);{}",
        "{".repeat(depth),
        "}".repeat(depth)
    );
    std::fs::write(
        dir.join("src/lib.rs"),
        format!("#[qadapt::no_alloc]\npub fn deep() {body}\n"),
    )
    .unwrap();
    dir
}

#[test]
fn deep_input_does_not_overflow_the_stack() {
    // 2000 nested blocks aborted the checker (exit 134).
    let dir = deep_package("deep", 2000);
    let manifest = dir.join("Cargo.toml");
    let run = run(&["check", "--manifest-path", &manifest.to_string_lossy()]);
    std::fs::remove_dir_all(&dir).unwrap();
    // The analysis stops 512 levels down (qadapt_lints' depth guard), above the `Box::new`.
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "checked 1 #[no_alloc] function");
}

#[test]
fn the_pipeline_fits_a_test_thread() {
    // libtest's threads have 2 MiB: the whole pipeline, loading and walking
    // 200 nested blocks, runs on one.
    let dir = deep_package("deep-pipeline", 200);
    let options = cargo_qadapt::load::LoadOptions {
        manifest_path: Some(dir.join("Cargo.toml")),
        ..cargo_qadapt::load::LoadOptions::default()
    };
    let loaded = cargo_qadapt::load::load(&options, &mut cargo_qadapt::progress::Silent);
    let report = loaded
        .as_ref()
        .map(|loaded| cargo_qadapt::check::check(loaded, &mut cargo_qadapt::progress::Silent));
    std::fs::remove_dir_all(&dir).unwrap();
    let report = report.expect("the package loads");
    assert!(
        report
            .problems
            .iter()
            .all(|p| p.kind != cargo_qadapt::report::ProblemKind::Internal),
        "{:?}",
        report.problems
    );
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
}

#[test]
fn packages_without_their_dependencies_load_without_building() {
    // The survey loads registry crates with `no_deps`: building their build
    // scripts then made cargo report on a dependency rust-analyzer's loader
    // did not know, and it panicked (`unreachable!`, on encoding_rs 0.8.44).
    // Without the dependencies, nothing is built: a note says so.
    let dir = std::env::temp_dir().join(format!("cargo-qadapt-no-deps-{}", std::process::id()));
    let package = |path: &std::path::Path, manifest: &str, lib: &str| {
        std::fs::create_dir_all(path.join("src")).unwrap();
        std::fs::write(path.join("Cargo.toml"), manifest).unwrap();
        std::fs::write(path.join("src/lib.rs"), lib).unwrap();
    };
    package(
        &dir.join("dep"),
        "[package]\nname = \"dep\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        "pub fn one() -> u8 { 1 }\n",
    );
    package(
        &dir,
        "[package]\nname = \"built\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
         [dependencies]\ndep = { path = \"dep\" }\n[workspace]\n",
        "pub fn two() -> u8 { dep::one() + 1 }\n",
    );
    std::fs::write(dir.join("build.rs"), "fn main() {}\n").unwrap();
    let options = cargo_qadapt::load::LoadOptions {
        manifest_path: Some(dir.join("Cargo.toml")),
        no_deps: true,
        ..cargo_qadapt::load::LoadOptions::default()
    };
    let loaded = std::panic::catch_unwind(|| {
        cargo_qadapt::load::load(&options, &mut cargo_qadapt::progress::Silent)
            .map(|loaded| loaded.problems.clone())
    });
    std::fs::remove_dir_all(&dir).unwrap();
    let problems = loaded
        .expect("loading does not panic")
        .expect("the package loads");
    assert!(
        problems.iter().any(|p| p
            .message
            .contains("build scripts and proc macros were not built")),
        "{problems:?}"
    );
}
