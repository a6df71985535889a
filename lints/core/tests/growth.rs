//! Growing a collection created empty in the same body: the first growth is
//! definite, as long as nothing else could have given the collection a
//! buffer.

mod common;

use common::*;
use qadapt_lints::Certainty;

fn check(body: &str, expected: &[(String, Certainty)]) {
    assert_eq!(found(body, &pedantic()), expected, "{body}");
}

#[test]
fn first_growth_of_an_empty_collection_is_definite() {
    let cases = [
        (
            "let mut s = String::new(); s.push_str(x); s",
            "`.push_str()`",
        ),
        (
            "let mut v = vec![]; for i in 0..n { v.push(i * i); } v",
            "`.push()`",
        ),
        (
            "let mut m = HashMap::new(); m.insert(k, v); m",
            "`.insert()`",
        ),
        (
            "let mut m = std::collections::BTreeMap::new(); m.insert(k, v); m",
            "`.insert()`",
        ),
        (
            "let mut s = HashSet::default(); s.extend(it); s",
            "`.extend()`",
        ),
        (
            "let mut v = Vec::new(); v.extend_from_slice(input); v",
            "`.extend_from_slice()`",
        ),
        (
            "let mut d = VecDeque::new(); d.push_back(1); d",
            "`.push_back()`",
        ),
        (
            "let mut v: Vec<u8> = Vec::with_capacity(0); v.push(1); v",
            "`.push()`",
        ),
        (
            "let mut v = Vec::<u8>::new(); v.resize(n, 0); v",
            "`.resize()`",
        ),
        (
            r#"let mut s = String::new(); write!(s, "{value}").unwrap(); s"#,
            "`write!`",
        ),
        (
            r#"let mut s = String::new(); writeln!(&mut s, "{}", 1)?; s"#,
            "`writeln!`",
        ),
        (r#"let mut s = String::new(); s += "x"; s"#, "`+=`"),
        (r#"let s = String::new(); let t = s + "x"; t"#, "`+`"),
        // Uses that cannot give it a buffer before the growth.
        (
            "let mut v = Vec::new(); if v.is_empty() { v.clear(); } let r = &v; v.push(1); v",
            "`.push()`",
        ),
        (
            "let mut v = Vec::new(); v.resize(0, 1); v.push(2); v",
            "`.push()`",
        ),
        (
            "let mut v = Vec::new(); if c { v.push(1) } else { v.push(2) } v",
            "`.push()`",
        ),
    ];
    for (body, construct) in cases {
        let all = found(body, &pedantic());
        assert_eq!(
            all.iter()
                .filter(|(_, certainty)| *certainty == Certainty::Definite)
                .collect::<Vec<_>>(),
            [&definite(construct)],
            "{body}: {all:?}"
        );
    }
    // Only the first growth: the later ones may find room.
    check(
        "let mut s = String::new(); s.push_str(a); s.push(' '); s",
        &[definite("`.push_str()`"), possible("`.push()`")],
    );
}

#[test]
fn growth_after_anything_that_could_give_a_buffer_is_possible() {
    let cases = [
        // Assigned, lent mutably, swapped, reserved.
        "let mut v = Vec::new(); v = pool.take(); v.push(1);",
        "let mut v = Vec::new(); refill(&mut v); v.push(1);",
        "let mut v = Vec::new(); std::mem::swap(&mut v, &mut w); v.push(1);",
        "let mut v = Vec::new(); v.clone_from(&w); v.push(1);",
        "let mut v = Vec::new(); v.reserve(8); v.push(1);",
        "let mut v = Vec::new(); reset!(v); v.push(1);",
        // Shadowed.
        "let mut v = Vec::new(); let mut v = take(); v.push(1);",
        "let mut v = Vec::new(); if let Some(mut v) = o { v.push(1); }",
        // In a closure, which may never run.
        "let mut v = Vec::new(); let mut f = |x| v.push(x); f(1);",
        // Zero-sized elements never allocate.
        "let mut v = Vec::new(); v.push(());",
        "let mut v = Vec::new(); v.push(Marker);",
        "let mut v: Vec<()> = Vec::new(); v.push(make());",
        // Not created empty, or not a known collection.
        "let mut v = Vec::with_capacity(n); v.push(1);",
        "let mut v = pool.take(); v.push(1);",
        "let mut v = SmallVec::new(); v.push(1);",
        // `BTreeMap::append` into an empty map swaps the nodes in.
        "let mut m = BTreeMap::new(); m.append(&mut other);",
    ];
    for body in cases {
        let definite: Vec<_> = found(body, &pedantic())
            .into_iter()
            .filter(|(construct, certainty)| {
                *certainty == Certainty::Definite && construct != "`Vec::with_capacity`"
            })
            .collect();
        assert!(definite.is_empty(), "{body}: {definite:?}");
    }
    check(
        r#"let mut s = String::new(); write!(s, "");"#,
        &[possible("`write!`")],
    );
}

#[test]
fn adding_nothing_is_no_growth() {
    // Obviously empty data grows nothing: the growth after it is the first.
    // (`write_str`, `write_all` may allocate only as the first growth.)
    for (first, found) in [
        (r#"s.push_str("")"#, vec![possible("`.push_str()`")]),
        (r#"s.insert_str(0, "")"#, vec![possible("`.insert_str()`")]),
        (r#"s.write_str("")"#, vec![]),
    ] {
        check(
            &format!("let mut s = String::new(); {first}; s.push_str(x); s"),
            &[found, vec![definite("`.push_str()`")]].concat(),
        );
    }
    for (first, found) in [
        (
            "v.extend_from_slice(&[])",
            vec![possible("`.extend_from_slice()`")],
        ),
        ("v.extend([])", vec![possible("`.extend()`")]),
        ("v.extend([0u8; 0])", vec![possible("`.extend()`")]),
        (r#"v.write_all(b"")"#, vec![]),
    ] {
        check(
            &format!("let mut v = Vec::new(); {first}; v.push(1); v"),
            &[found, vec![definite("`.push()`")]].concat(),
        );
    }
}

#[test]
fn growth_findings_are_allowed_by_name() {
    let options = qadapt_lints::Options {
        allow: patterns(&["push"]),
        ..default()
    };
    assert_eq!(found("let mut v = Vec::new(); v.push(1); v", &options), []);
}
