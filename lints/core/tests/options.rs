//! `allow` and `deny`.

mod common;

use common::*;
use qadapt_lints::Certainty::Definite;
use qadapt_lints::Options;

fn allowing(list: &[&str]) -> Options {
    Options {
        pedantic: true,
        allow: patterns(list),
        ..Options::default()
    }
}

fn denying(list: &[&str]) -> Options {
    Options {
        deny: patterns(list),
        ..Options::default()
    }
}

#[test]
fn allow_by_suffix() {
    let body = r#"v.push(1); Vec::push(&mut v, 2); s.push_str("a"); let t = format!("{}", 1);"#;
    assert_eq!(
        constructs(body),
        ["`.push()`", "`.push_str()`", "`format!`"]
    );
    for allow in ["Vec::push", "push", "std::vec::Vec::push"] {
        assert_eq!(
            found(body, &allowing(&[allow])),
            [possible("`.push_str()`"), definite("`format!`")],
            "{allow}"
        );
    }
    for allow in ["format", "std::format", "alloc::format"] {
        assert_eq!(
            found(body, &allowing(&[allow])),
            [possible("`.push()`"), possible("`.push_str()`")],
            "{allow}"
        );
    }
    assert_eq!(found(body, &allowing(&["push", "push_str", "format"])), []);
    assert_eq!(found(body, &allowing(&["VecDeque::pop"])).len(), 3);
}

#[test]
fn allow_box_new() {
    let body = "let a = Box::new(1); let b = std::boxed::Box::new(2); let c = Rc::new(3);";
    assert_eq!(
        found(body, &allowing(&["Box::new"])),
        [definite("`Rc::new`")]
    );
    assert_eq!(
        found(body, &allowing(&["alloc::boxed::Box::new"])),
        [definite("`Rc::new`")]
    );
    // A one-segment pattern matches every path ending with it.
    assert_eq!(found(body, &allowing(&["new"])), []);
    assert_eq!(found(body, &allowing(&["MyBox::new"])).len(), 3);
}

#[test]
fn allow_crate_path() {
    let options = Options {
        allow: patterns(&["crate::pool::Pool::take"]),
        deny: patterns(&["take"]),
        ..Options::default()
    };
    // `allow` wins over `deny`, and covers shorter and relative spellings.
    let analysis = run(
        "Pool::take(); p.take(); crate::pool::Pool::take(); super::Pool::take(); Self::take();",
        &options,
    );
    assert!(analysis.findings.is_empty(), "{:?}", analysis.findings);
    assert!(analysis.calls.is_empty());
    let analysis = run("Other::take();", &options);
    assert_eq!(analysis.findings.len(), 1);
}

#[test]
fn deny_by_suffix() {
    let options = denying(&["my_crate::alloc_thing"]);
    let body = "my_crate::alloc_thing(1); alloc_thing(); x.alloc_thing(); alloc_thing!(); \
                other::alloc_thing(); my_crate::other();";
    let analysis = run(body, &options);
    assert_eq!(analysis.findings.len(), 4, "{:?}", analysis.findings);
    for finding in &analysis.findings {
        assert_eq!(finding.construct, "`my_crate::alloc_thing`");
        assert_eq!(finding.certainty, Definite);
        assert_eq!(finding.reason, "listed in `deny` as known to allocate");
        assert_eq!(finding.lint_name, "my_crate_alloc_thing_allocates");
    }
    let listed: Vec<String> = analysis.calls.iter().map(ToString::to_string).collect();
    assert_eq!(listed, ["other::alloc_thing", "my_crate::other"]);
}

#[test]
fn deny_lint_names_are_identifiers() {
    for (pattern, name) in [
        ("crate::pool::Pool::take", "crate_pool_pool_take_allocates"),
        ("HashMap::insert", "hash_map_insert_allocates"),
        ("_private", "private_allocates"),
        ("r#match", "match_allocates"),
    ] {
        let body = format!("{}();", pattern.rsplit("::").next().unwrap());
        let analysis = run(&body, &denying(&[pattern]));
        assert_eq!(analysis.findings.len(), 1, "{pattern}");
        assert_eq!(analysis.findings[0].lint_name, name);
    }
}

#[test]
fn deny_in_assertion_message_is_possible() {
    let options = Options {
        pedantic: true,
        deny: patterns(&["grow"]),
        ..Options::default()
    };
    assert_eq!(
        found(r#"assert!(ok, "{}", grow());"#, &options),
        [possible("`grow`")]
    );
}

#[test]
fn deny_catalogue_entries_takes_precedence() {
    assert_eq!(
        found("v.push(1);", &denying(&["Vec::push"])),
        [definite("`Vec::push`")]
    );
}
