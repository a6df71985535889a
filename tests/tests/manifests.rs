//! The published crates' manifests, as `cargo metadata` reads them: one version for all four, the
//! macro and its analysis pinned with `=`, the metadata crates.io and docs.rs show, and a stated
//! minimum Rust (`rust-version`) that every crate's locked dependencies allow. CI builds the
//! runtime crates with their minimum; the checker's is its engine's, which needs a newer one.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;

/// The crates published together, in the order of their dependencies.
const PUBLISHED: [&str; 4] = ["qadapt-lints", "qadapt-derive", "qadapt", "cargo-qadapt"];

fn metadata() -> Value {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON")
}

/// The packages by id.
fn packages(metadata: &Value) -> HashMap<&str, &Value> {
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| (package["id"].as_str().expect("an id"), package))
        .collect()
}

/// A published crate's package.
fn published<'a>(packages: &HashMap<&str, &'a Value>, name: &str) -> &'a Value {
    let found: Vec<&Value> = packages
        .values()
        .copied()
        .filter(|package| package["name"] == name && package["source"].is_null())
        .collect();
    assert_eq!(found.len(), 1, "one local package named {name}");
    found[0]
}

/// `1.88` or `1.88.0` as numbers, for comparing.
fn rust_version(text: &str) -> Vec<u32> {
    let mut parts: Vec<u32> = text
        .split('.')
        .map(|part| part.parse().expect("a numeric rust-version"))
        .collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn the_published_crates_share_one_version_and_pin_the_macro_and_its_analysis() {
    let metadata = metadata();
    let packages = packages(&metadata);
    let version = published(&packages, "qadapt")["version"]
        .as_str()
        .expect("a version");
    for name in PUBLISHED {
        assert_eq!(published(&packages, name)["version"], version, "{name}");
    }
    let pinned = format!("={version}");
    for (from, to) in [
        ("qadapt", "qadapt-derive"),
        ("qadapt-derive", "qadapt-lints"),
        ("cargo-qadapt", "qadapt-lints"),
    ] {
        let dependency = published(&packages, from)["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .find(|dependency| dependency["name"] == to)
            .unwrap_or_else(|| panic!("{from} depends on {to}"));
        assert_eq!(dependency["req"], pinned.as_str(), "{from} -> {to}");
    }
}

#[test]
fn the_published_crates_carry_their_metadata_and_no_made_up_address() {
    let metadata = metadata();
    let packages = packages(&metadata);
    for name in PUBLISHED {
        let package = published(&packages, name);
        for field in ["description", "license", "documentation", "readme"] {
            assert!(
                package[field].as_str().is_some_and(|text| !text.is_empty()),
                "{name}: {field}"
            );
        }
        for field in ["keywords", "categories"] {
            assert!(
                package[field]
                    .as_array()
                    .is_some_and(|list| !list.is_empty()),
                "{name}: {field}"
            );
        }
        assert_eq!(
            package["documentation"],
            format!("https://docs.rs/{name}").as_str(),
            "{name}"
        );
        // Left to the publisher rather than made up (issue 15).
        for field in ["repository", "homepage"] {
            let address = package[field].as_str().unwrap_or_default();
            assert!(!address.contains("example"), "{name}: {field} = {address}");
        }
        assert!(package["rust_version"].is_string(), "{name}: rust-version");
    }
}

/// Every crate that states a `rust-version` builds its normal and build dependencies, as locked,
/// with that Rust: none of them states a newer one.
#[test]
fn every_stated_rust_version_allows_the_locked_dependencies() {
    let metadata = metadata();
    let packages = packages(&metadata);
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for node in metadata["resolve"]["nodes"].as_array().expect("a resolve") {
        let id = node["id"].as_str().expect("an id");
        for dependency in node["deps"].as_array().expect("deps") {
            let shipped = dependency["dep_kinds"]
                .as_array()
                .expect("dep_kinds")
                .iter()
                .any(|kind| kind["kind"].as_str() != Some("dev"));
            if shipped {
                edges
                    .entry(id)
                    .or_default()
                    .push(dependency["pkg"].as_str().expect("a package id"));
            }
        }
    }
    let mut too_new = Vec::new();
    for member in metadata["workspace_members"].as_array().expect("members") {
        let member = member.as_str().expect("a member id");
        let Some(stated) = packages[member]["rust_version"].as_str() else {
            continue;
        };
        let mut seen = HashSet::new();
        let mut next = vec![member];
        while let Some(id) = next.pop() {
            for &dependency in edges.get(id).into_iter().flatten() {
                if !seen.insert(dependency) {
                    continue;
                }
                next.push(dependency);
                let package = packages[dependency];
                if let Some(needed) = package["rust_version"].as_str()
                    && rust_version(needed) > rust_version(stated)
                {
                    too_new.push(format!(
                        "{} states {stated}, but {} {} needs {needed}",
                        packages[member]["name"], package["name"], package["version"]
                    ));
                }
            }
        }
    }
    assert!(too_new.is_empty(), "{}", too_new.join("\n"));
}
