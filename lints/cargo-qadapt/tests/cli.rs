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

/// `check --format json` on a fixture, parsed, with its human output too.
fn check_json(name: &str) -> (Run, Value) {
    check_json_with(name, &[])
}

/// [`check_json`] with more arguments.
fn check_json_with(name: &str, extra: &[&str]) -> (Run, Value) {
    let manifest = manifest(name);
    let mut args = vec!["check", "--manifest-path", &manifest, "--format", "json"];
    args.extend_from_slice(extra);
    let json = run(&args);
    let doc: Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    (json, doc)
}

/// The chain texts of the findings reached from `root`, with certainties.
fn chains_from(doc: &Value, root: &str) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["root"] == root)
        .map(|f| {
            (
                f["chain_text"].as_str().unwrap().to_owned(),
                f["certainty"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn note_messages(doc: &Value) -> Vec<String> {
    doc["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            format!(
                "{} @ {}",
                n["message"].as_str().unwrap(),
                n["location"]["line"]
            )
        })
        .collect()
}

#[test]
fn uses_in_function_bodies_resolve_calls() {
    let (_, doc) = check_json("resolution");
    let definite = |chain: &str| vec![(chain.to_owned(), "definite".to_owned())];
    assert_eq!(
        chains_from(&doc, "body_use"),
        definite("body_use (src/lib.rs:7) -> mix (src/dsp.rs:1) -> format!")
    );
    assert_eq!(
        chains_from(&doc, "body_use_renamed"),
        definite("body_use_renamed (src/lib.rs:12) -> mix (src/dsp.rs:1) -> format!")
    );
    assert_eq!(
        chains_from(&doc, "body_use_glob"),
        definite("body_use_glob (src/lib.rs:17) -> shout (src/dsp.rs:4) -> .to_string()")
    );
}

#[test]
fn a_method_is_resolved_by_the_receivers_type() {
    let (_, doc) = check_json_with("resolution", &["--verbose"]);
    // `x.len()` on a `&[u8]` is the slice's `len`, not the crate's
    // `Buf::len` of the same name: nothing is reached, and nothing needs
    // saying (the old checker matched it by name, with a note).
    assert!(chains_from(&doc, "by_name").is_empty(), "{doc}");
    let notes = note_messages(&doc);
    assert!(!notes.iter().any(|n| n.contains("Buf::len")), "{notes:?}");
}

#[test]
fn calls_through_generic_parameters_follow_the_traits_impls() {
    let (_, doc) = check_json("resolution");
    for (root, line) in [("generic", 53), ("generic_qualified", 57)] {
        assert_eq!(
            chains_from(&doc, root),
            [(
                format!("{root} (src/lib.rs:{line}) -> Made::make (src/lib.rs:47) -> Box::new"),
                "definite".to_owned()
            )]
        );
    }
    let notes = note_messages(&doc);
    for expected in [
        "`Make::make` is called through a generic parameter: following every impl in the \
         crate graph (`Made::make`) @ 54",
        "`Make::make` is called through a generic parameter: following every impl in the \
         crate graph (`Made::make`) @ 61",
        "`Default::default` is called through a generic parameter, and the crate graph has no \
         impl of `Default` outside std: not followed @ 65",
    ] {
        assert!(
            notes.contains(&expected.to_owned()),
            "{expected}\n{notes:?}"
        );
    }
}

#[test]
fn allow_and_deny_match_the_resolved_path() {
    let (_, doc) = check_json("resolution");
    let renamed: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["root"] == "renamed")
        .collect();
    // `blend()` is `crate::dsp::denied`: reported where it is called;
    // `hush()` is the allowed `crate::dsp::quiet`: not followed into.
    assert_eq!(renamed.len(), 1, "{renamed:?}");
    assert_eq!(renamed[0]["construct"], "`crate::dsp::denied`");
    assert_eq!(renamed[0]["certainty"], "definite");
    assert_eq!(renamed[0]["location"]["line"], 73);
    assert_eq!(
        renamed[0]["reason"],
        "listed in `deny` as known to allocate"
    );
}

#[test]
fn macros_are_expanded_by_the_engine_and_named_in_the_chain() {
    let (_, doc) = check_json("resolution");
    assert_eq!(
        chains_from(&doc, "after_second")[0].0,
        "after_second (src/lib.rs:85) -> twice! (src/lib.rs:83) -> Vec::with_capacity"
    );
    // The engine (rust-analyzer 0.0.345) resolves a `macro_rules!`
    // redefined further down the module to the later definition in a body
    // written between the two, where rustc takes the earlier one: the
    // chain names the definition it expanded.
    assert_eq!(
        chains_from(&doc, "before_second")[0].0,
        "before_second (src/lib.rs:80) -> twice! (src/lib.rs:83) -> Vec::with_capacity"
    );
}

#[test]
fn no_alloc_under_cfg_attr_is_a_root_with_its_options() {
    let (run, doc) = check_json("resolution");
    // `strict` inside the cfg_attr: an error, exit 1.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["root"] == "under_cfg_attr")
        .collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["level"], "error");
}

#[test]
fn carets_are_right_after_a_byte_order_mark() {
    let manifest = manifest("bom");
    let run = run(&["check", "--manifest-path", &manifest]);
    assert_contains(
        &run.stderr,
        " --> src/lib.rs:3:21
  |
3 |     let _ = String::from(\"x\");
  |                     ^^^^ copies the text into a new `String`",
    );
}

#[test]
fn sarif_carries_the_notes() {
    let manifest = manifest("resolution");
    let run = run(&["check", "--manifest-path", &manifest, "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&run.stdout).expect("one JSON document");
    let notifications = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let notes: Vec<&Value> = notifications
        .iter()
        .filter(|n| n["level"] == "note")
        .collect();
    let (_, json) = check_json("resolution");
    assert_eq!(notes.len(), json["notes"].as_array().unwrap().len());
    let ids: Vec<&str> = notes
        .iter()
        .map(|n| n["descriptor"]["id"].as_str().unwrap())
        .collect();
    for id in ["call-through-generic", "call-not-followed"] {
        assert!(ids.contains(&id), "{id}: {ids:?}");
    }
    for note in notes {
        assert!(note["message"]["text"].is_string());
        let physical = &note["locations"][0]["physicalLocation"];
        assert!(
            physical["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("src/")
        );
        assert!(physical["region"]["startLine"].as_u64().unwrap() > 0);
    }
}

#[test]
fn errors_before_checking_still_write_one_document() {
    let bad = manifest("badconfig");
    let cases: [&[&str]; 4] = [
        &["check", "--manifest-path", "/nonexistent/Cargo.toml"],
        &["check", "--manifest-path", &bad],
        &["audit", "--manifest-path", &bad],
        &["check", "--bogus"],
    ];
    for args in cases {
        for format in ["json", "sarif"] {
            let mut full = args.to_vec();
            full.extend(["--format", format]);
            let run = run(&full);
            assert_eq!(run.code, 2, "{full:?}: {}", run.stderr);
            assert!(run.stderr.contains("error"), "{full:?}: {}", run.stderr);
            let doc: Value = serde_json::from_str(&run.stdout)
                .unwrap_or_else(|err| panic!("{full:?}: {err}: {:?}", run.stdout));
            let message = if format == "json" {
                assert_eq!(doc["command"], args[0]);
                assert_eq!(doc["summary"]["exit_code"], 2);
                doc["error"]["message"].as_str().unwrap().to_owned()
            } else {
                assert_eq!(doc["version"], "2.1.0");
                let invocation = &doc["runs"][0]["invocations"][0];
                assert_eq!(invocation["executionSuccessful"], false);
                let notification = &invocation["toolExecutionNotifications"][0];
                assert_eq!(notification["level"], "error");
                notification["message"]["text"].as_str().unwrap().to_owned()
            };
            let expected = match args[1] {
                "--bogus" => "unexpected argument '--bogus'",
                _ if args[2] == bad => "`package.metadata.qadapt.allow` must be an array",
                _ => "manifest not found",
            };
            assert_contains(&message, expected);
        }
    }
    // Human output: nothing on stdout.
    let run = run(&["check", "--manifest-path", "/nonexistent/Cargo.toml"]);
    assert_eq!((run.code, run.stdout.as_str()), (2, ""));
}

#[test]
fn std_names_imported_from_elsewhere_are_not_definite() {
    let (_, doc) = check_json("lookalikes");
    // `use crate::fixed::{String, Vec}` in the module, or in the body: not std's.
    assert_eq!(chains_from(&doc, "label"), []);
    assert_eq!(chains_from(&doc, "body_import"), []);
    // Where `String` is std's, it is.
    assert_eq!(
        chains_from(&doc, "std_string"),
        [(
            "std_string (src/lib.rs:42) -> String::from".to_owned(),
            "definite".to_owned()
        )]
    );
}
