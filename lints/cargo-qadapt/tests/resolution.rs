//! The findings of the binary's JSON and SARIF documents on the fixture crates:
//! calls resolved through imports, receivers, generics and macros, the
//! configuration matched by resolved path, and the notes.

mod common;

use common::{Run, assert_contains, manifest, run};
use serde_json::Value;

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
