//! What the binary's tests share: the fixtures of `tests/fixtures/`, and
//! running the binary as cargo does.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn manifest(name: &str) -> String {
    fixture(name)
        .join("Cargo.toml")
        .to_string_lossy()
        .into_owned()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the binary as cargo does (`cargo-qadapt qadapt ..`), without the
/// environment variables that change its behaviour.
pub fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

pub fn run_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-qadapt"));
    command
        .arg("qadapt")
        .args(args)
        .env_remove("QADAPT_STRICT")
        .env_remove("NO_COLOR")
        .env_remove(cargo_qadapt::panic::PANIC_ON_ENV);
    for (key, value) in env {
        command.env(key, value);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().expect("the binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

#[track_caller]
pub fn assert_contains(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find\n{needle}\nin\n{haystack}"
    );
}

#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected not to find\n{needle}\nin\n{haystack}"
    );
}
