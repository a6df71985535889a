//! The binary on the fixture crates of `tests/fixtures/`: what it prints,
//! where, and its exit codes.

mod common;

use common::{Run, assert_contains, assert_lacks, fixture, manifest, run, run_with};
use serde_json::Value;
use std::process::Command;

fn check_dsp(extra: &[&str]) -> Run {
    let manifest = manifest("dsp");
    let mut args = vec!["check", "--manifest-path", &manifest];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn follows_calls_across_the_crate() {
    let run = check_dsp(&[]);
    assert_eq!(run.code, 0, "warnings alone exit 0\n{}", run.stderr);
    assert_eq!(run.stdout, "", "human output goes to stderr");
    let err = &run.stderr;
    // Into another file (`mod dsp;`), through a `use .. as ..` rename, with
    // the chain; rendered like rustc.
    assert_contains(
        err,
        "warning: `format!` allocates (reached from #[no_alloc] fn `process`)
  --> src/dsp.rs:25:17
   |
25 |         let s = format!(\"{}\", i);
   |                 ^^^^^^ builds a new `String` on the heap
   |
   = note: process (src/lib.rs:20) -> mix (src/dsp.rs:23) -> format!",
    );
    // A nested module directory (src/dsp/filters.rs from src/dsp.rs).
    assert_contains(err, "--> src/dsp/filters.rs:2:24");
    assert_contains(
        err,
        "process (src/lib.rs:20) -> lowpass (src/dsp/filters.rs:1) -> Box::new",
    );
    // `#[path]`.
    assert_contains(err, "--> src/platform/imp_linux.rs:2:17");
    assert_contains(
        err,
        "process (src/lib.rs:20) -> platform_hook (src/platform/imp_linux.rs:1) -> .to_string()",
    );
    // A `macro_rules!` expansion template.
    assert_contains(err, "--> src/lib.rs:13:24");
    assert_contains(
        err,
        "process (src/lib.rs:20) -> log_event! (src/lib.rs:11) -> format!",
    );
    // A glob import into a `mod.rs` directory module.
    assert_contains(
        err,
        "process (src/lib.rs:20) -> scale (src/dsp/helpers/mod.rs:1) -> vec!",
    );
    // `Type::assoc()`.
    assert_contains(
        err,
        "process (src/lib.rs:20) -> Buffer::with_len (src/dsp.rs:18) -> vec!",
    );
    // A cycle: ping -> pong -> ping.
    assert_contains(
        err,
        "process (src/lib.rs:20) -> ping (src/lib.rs:36) -> pong (src/lib.rs:42) -> Box::new",
    );
    // Configured `deny` (Cargo.toml metadata): reported, not followed into.
    assert_contains(
        err,
        "warning: `Pool::take` allocates in #[no_alloc] fn `process`\n  --> src/lib.rs:26:23",
    );
    assert_lacks(err, "src/dsp.rs:9:");
    // Configured `allow`: not followed into.
    assert_lacks(err, "src/lib.rs:33:");
    // An impl-level #[no_alloc] and a trait default method: the engine
    // knows `self` is a `Voice` in `Source::fill`, so only `Voice`'s
    // `next_sample` runs, and `Noise`'s `String::from` is not reached
    // (the old checker followed both impls, with a note).
    assert_lacks(err, "Noise::next_sample");
    assert_lacks(err, "may be");
    // An inline module under #[no_alloc]: a direct finding, no chain.
    assert_contains(
        err,
        "warning: `.to_string()` allocates in #[no_alloc] fn `callback`\n   --> src/lib.rs:100:25",
    );
    assert_contains(
        err,
        "callback (src/lib.rs:98) -> scale (src/dsp/helpers/mod.rs:1) -> vec!",
    );
    // runtime_only: no static findings.
    assert_lacks(err, "src/lib.rs:56:");
    assert_lacks(err, "only_at_run_time");
    // Not annotated, not reached: not reported by `check`.
    assert_lacks(err, "src/lib.rs:105:");
    // The binary target, and the summary.
    assert_contains(
        err,
        "main (src/bin/tool.rs:4) -> helper (src/bin/tool.rs:9) -> collect::<Vec<_>>()",
    );
    assert_contains(err, "warning: `cargo qadapt check` found ");
    assert_contains(err, "checked 5 #[no_alloc] functions, and ");
    // Not a terminal: no colours.
    assert_lacks(err, "\u{1b}[");
}

#[test]
fn runs_without_the_cargo_argument_too() {
    let manifest = manifest("dsp");
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-qadapt"))
        .args(["check", "--manifest-path", &manifest, "--quiet"])
        .env_remove("QADAPT_STRICT")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_contains(&stderr, "-> mix (src/dsp.rs:23) -> format!");
    assert_lacks(&stderr, "Checking");
}

#[test]
fn deny_and_strict_exit_1() {
    for flag in ["--deny", "--strict"] {
        let run = check_dsp(&[flag]);
        assert_eq!(run.code, 1, "{flag}\n{}", run.stderr);
        assert_contains(
            &run.stderr,
            "error: `format!` allocates (reached from #[no_alloc] fn `process`)",
        );
    }
    let manifest = manifest("dsp");
    let run = run_with(
        &["check", "--manifest-path", &manifest],
        &[("QADAPT_STRICT", "1")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains(&run.stderr, "error: `Box::new` allocates");
}

#[test]
fn strict_and_pedantic_from_the_config_and_the_attribute() {
    let manifest = manifest("strict");
    let run = run(&["check", "--manifest-path", &manifest]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Config: strict and pedantic.
    assert_contains(
        &run.stderr,
        "error: `.push()` may allocate in #[no_alloc] fn `hot`\n --> src/lib.rs:5:7",
    );
    // The attribute overrides both.
    assert_contains(
        &run.stderr,
        "warning: `format!` allocates in #[no_alloc] fn `relaxed`",
    );
    assert_lacks(&run.stderr, "src/lib.rs:10:");
}

#[test]
fn a_clean_crate_exits_0() {
    let dir = std::env::temp_dir().join(format!("cargo-qadapt-clean-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"clean\"\nversion = \"0.1.0\"\nedition = \"2024\"\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "#[qadapt::no_alloc]\npub fn gain(buf: &mut [f32]) { scale(buf, 0.5) }\n\
         fn scale(buf: &mut [f32], g: f32) { for s in buf { *s *= g; } }\n",
    )
    .unwrap();
    let manifest = dir.join("Cargo.toml");
    let run = run(&[
        "check",
        "--manifest-path",
        &manifest.to_string_lossy(),
        "--deny",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(
        &run.stderr,
        "Finished checked 1 #[no_alloc] function, and 1 function or macro it calls, in 1 file",
    );
    assert_contains(&run.stderr, "no allocations found");
}

#[test]
fn finds_the_manifest_from_a_subdirectory() {
    let dir = fixture("dsp");
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-qadapt"))
        .current_dir(dir.join("src/dsp"))
        .args(["audit", "--top", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_contains(&stderr, "Checking dsp-fixture");
    assert_contains(&stderr, "not_annotated");
    assert_contains(&stderr, "more (use `--top N` to show more)");
}

#[test]
fn json_is_one_document_on_stdout() {
    let run = check_dsp(&["--format", "json"]);
    assert_eq!(run.code, 0);
    let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert_eq!(doc["command"], "check");
    let findings = doc["findings"].as_array().unwrap();
    // The constructs the fixture is made of (more if the analyser learns more).
    assert!(findings.len() >= 11, "{}", findings.len());
    for finding in findings {
        let root = finding["root"].as_str().unwrap();
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .contains(&format!("#[no_alloc] fn `{root}`")),
            "{finding}"
        );
        assert_eq!(finding["chain"][0]["name"], root);
        assert!(finding["location"]["line"].as_u64().unwrap() > 0);
    }
    let mix = findings
        .iter()
        .find(|f| f["location"]["file"] == "src/dsp.rs" && f["lint"] == "format_allocates")
        .unwrap();
    assert_eq!(mix["location"]["line"], 25);
    assert_eq!(mix["location"]["column"], 17);
    assert_eq!(mix["location"]["end_column"], 23);
    assert_eq!(mix["chain"][1]["name"], "mix");
    assert_eq!(mix["chain"][1]["call"]["line"], 21);
    assert_eq!(mix["direct"], false);
    assert_eq!(doc["summary"]["findings"], findings.len());
    assert_eq!(doc["summary"]["roots"], 5);
    assert_eq!(doc["notes"].as_array().unwrap().len(), 0);
    // Progress went to stderr, not into the document.
    assert_contains(&run.stderr, "Checking dsp-fixture");
}

#[test]
fn sarif_has_the_required_structure() {
    let run = check_dsp(&["--format", "sarif", "--deny"]);
    assert_eq!(run.code, 1);
    let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif"));
    assert_eq!(doc["version"], "2.1.0");
    let run0 = &doc["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "cargo-qadapt");
    assert!(driver["informationUri"].is_string());
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = rules.clone();
    unique.dedup();
    assert_eq!(rules, unique, "one rule per lint name");
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() >= 11, "{}", results.len());
    for result in results {
        let rule = result["ruleId"].as_str().unwrap();
        assert!(rules.contains(&rule), "{rule}");
        assert_eq!(rules[result["ruleIndex"].as_u64().unwrap() as usize], rule);
        assert!(["warning", "error"].contains(&result["level"].as_str().unwrap()));
        assert_contains(
            result["message"]["text"].as_str().unwrap(),
            "#[no_alloc] fn `",
        );
        let physical = &result["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("src/"),
            "relative to the workspace root: {uri}"
        );
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(physical["region"][key].as_u64().unwrap() > 0, "{key}");
        }
        let flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
            .as_array()
            .unwrap();
        assert!(flow.len() >= 2);
        for step in flow {
            assert!(step["location"]["physicalLocation"]["region"]["startLine"].is_u64());
            assert!(step["location"]["message"]["text"].is_string());
        }
    }
    let chained = results
        .iter()
        .find(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/dsp/filters.rs"
        })
        .unwrap();
    let flow = chained["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .unwrap();
    assert_eq!(flow.len(), 3);
    assert_contains(
        flow[1]["location"]["message"]["text"].as_str().unwrap(),
        "calls `lowpass`",
    );
}

#[test]
fn unloadable_files_are_reported_and_skipped() {
    let manifest = manifest("broken");
    let run = run(&["check", "--manifest-path", &manifest]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "could not parse this file");
    assert_contains(&run.stderr, "checked as far as it parses");
    assert_contains(&run.stderr, "--> src/broken.rs:3:17");
    assert_contains(
        &run.stderr,
        "file not found for module `missing`: looked for src/missing.rs and src/missing/mod.rs",
    );
    assert_contains(
        &run.stderr,
        "warning: `String::from` allocates in #[no_alloc] fn `still_checked`",
    );
    let json = Command::new(env!("CARGO_BIN_EXE_cargo-qadapt"))
        .args(["check", "--format", "json", "--manifest-path", &manifest])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let kinds: Vec<&str> = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["parse", "missing"]);
    assert_eq!(doc["problems"][0]["line"], 3);
}

#[test]
fn a_panic_is_an_internal_error_not_a_crash() {
    let manifest = manifest("dsp");
    let run = run_with(
        &["check", "--manifest-path", &manifest],
        &[(cargo_qadapt::panic::PANIC_ON_ENV, "src/dsp.rs")],
    );
    // Not a crash (101): an incomplete check (2), with everything else done.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_contains(&run.stderr, "internal error while analysing fn `mix`");
    assert_contains(&run.stderr, "--> src/dsp.rs:23:8");
    // Everything else is still checked.
    assert_contains(&run.stderr, "-> lowpass (src/dsp/filters.rs:1) -> Box::new");
    assert_lacks(&run.stderr, "panicked");
}

#[test]
fn usage_and_io_errors_exit_2() {
    for args in [
        &["check", "--bogus"][..],
        &["frobnicate"][..],
        &["check", "--format", "xml"][..],
        &["audit", "--top", "many"][..],
        &[][..],
    ] {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    let run = run(&["check", "--manifest-path", "/nonexistent/Cargo.toml"]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "error: /nonexistent/Cargo.toml: manifest not found",
    );
    let bad = manifest("badconfig");
    let run = self::run(&["check", "--manifest-path", &bad]);
    assert_eq!(run.code, 2);
    assert_contains(
        &run.stderr,
        "`package.metadata.qadapt.allow` must be an array",
    );
    let help = self::run(&["--help"]);
    assert_eq!(help.code, 0);
    assert_contains(&help.stdout, "Usage: cargo qadapt");
}

#[test]
fn workspaces_and_path_dependencies() {
    // A member alone: its path dependency is loaded, and followed into.
    let app = fixture("ws").join("crates/app/Cargo.toml");
    let app = app.to_string_lossy();
    let run = run(&["check", "--manifest-path", &app, "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_contains(&run.stderr, "Loading ws-core");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    let texts: Vec<&str> = findings
        .iter()
        .map(|f| f["chain_text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "main (crates/app/src/main.rs:4) -> step (crates/core/src/engine/mod.rs:7) -> Engine::grow",
            "main (crates/app/src/main.rs:4) -> step (crates/core/src/engine/mod.rs:7) -> format!",
        ]
    );
    // The workspace root's manifest: every member.
    let root = manifest("ws");
    let run = self::run(&["check", "--manifest-path", &root]);
    assert_contains(&run.stderr, "Checking ws-app");
    assert_contains(&run.stderr, "Checking ws-core");
    assert_contains(&run.stderr, "--> crates/core/src/engine/mod.rs:9:17");
}

#[test]
fn audit_ranks_every_function() {
    let manifest = manifest("dsp");
    let run = run(&["audit", "--manifest-path", &manifest]);
    assert_eq!(run.code, 0);
    assert_contains(&run.stderr, "rank  allocs  #[no_alloc]  function");
    assert_contains(&run.stderr, "  no           not_annotated");
    assert_contains(&run.stderr, "yes          process");
    assert_contains(&run.stderr, "runtime      only_at_run_time");
    assert_contains(&run.stderr, "helper (bin tool)");

    let json = self::run(&["audit", "--manifest-path", &manifest, "--format", "json"]);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let functions = doc["functions"].as_array().unwrap();
    assert_eq!(functions[0]["name"], "not_annotated");
    assert!(functions[0]["definite"].as_u64().unwrap() >= 2);
    let counts: Vec<u64> = functions
        .iter()
        .map(|f| f["definite"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let process = functions.iter().find(|f| f["name"] == "process").unwrap();
    assert_eq!(process["no_alloc"], true);
    assert_eq!(doc["summary"]["allocating_no_alloc_functions"], 2);

    let sarif = self::run(&["audit", "--manifest-path", &manifest, "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let levels: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"note") && levels.contains(&"warning"));
}
