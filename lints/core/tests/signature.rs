//! `analyse_fn`: what the parameter and return types add.

mod common;

use common::*;
use qadapt_lints::{Certainty, analyse, analyse_fn};

fn check_fn(item: &str, expected: &[(String, Certainty)]) {
    assert_eq!(found_fn(item, &pedantic()), expected, "{item}");
}

#[test]
fn borrowed_parameters_are_copied() {
    check_fn(
        "fn f(x: &[u8]) -> Vec<u8> { Vec::from(x) }",
        &[definite("`Vec::from`")],
    );
    check_fn(
        "fn f(s: &str) -> PathBuf { PathBuf::from(s) }",
        &[definite("`PathBuf::from`")],
    );
    check_fn(
        "fn f(name: &str) -> Option<CString> { CString::new(name).ok() }",
        &[definite("`CString::new`")],
    );
    check_fn(
        "fn f(name: &str) -> Box<str> { Box::from(name) }",
        &[definite("`Box::from`")],
    );
    // Owned buffers may be reused.
    check_fn(
        "fn f(x: Vec<u8>) -> Box<[u8]> { Box::from(x) }",
        &[possible("`Box::from`")],
    );
    check_fn(
        "fn f(s: String) -> PathBuf { PathBuf::from(s) }",
        &[possible("`PathBuf::from`")],
    );
}

#[test]
fn clones_of_owning_parameters() {
    for item in [
        "fn f(v: &Vec<f32>) -> Vec<f32> { v.clone() }",
        "fn f(s: &String) -> String { s.clone() }",
        "fn f(s: String) -> (String, String) { (s.clone(), s) }",
        "fn f(b: &Box<str>) -> Box<str> { b.clone() }",
        "fn f(m: &HashMap<u8, u8>) -> HashMap<u8, u8> { m.clone() }",
        "fn f(p: &std::path::PathBuf) -> PathBuf { p.clone() }",
    ] {
        check_fn(item, &[definite("`.clone()`")]);
    }
    for item in [
        // `&str` and `&&String` clone a reference.
        "fn f(s: &'static str) -> &'static str { s.clone() }",
        "fn f(s: &&String) -> &String { s.clone() }",
        // Unknown, trait objects, boxes of what may be zero-sized.
        "fn f(p: &Point) -> Point { p.clone() }",
        "fn f(a: &Arc<str>) -> Arc<str> { a.clone() }",
        "fn f(b: &Box<Bypass>) -> Box<Bypass> { b.clone() }",
        "fn f(v: &Vec<()>) -> Vec<()> { v.clone() }",
    ] {
        check_fn(item, &[possible("`.clone()`")]);
    }
    check_fn("fn f(n: &u64) -> u64 { n.clone() }", &[]);
}

#[test]
fn returned_collect_is_judged_by_the_return_type() {
    for (item, construct) in [
        (
            "fn f(x: &[f32]) -> Vec<f32> { x.iter().map(|x| x * 0.5).collect() }",
            "`collect::<Vec<_>>()`",
        ),
        (
            "fn f(w: &str) -> String { w.chars().rev().collect() }",
            "`collect::<String>()`",
        ),
        (
            "fn f() -> Result<Vec<u8>, E> { Ok(it.collect()) }",
            "`collect::<Vec<_>>()`",
        ),
        (
            "fn f() -> Result<Vec<u8>, E> { it.map(g).collect() }",
            "`collect::<Result<Vec<_>, _>>()`",
        ),
        (
            "fn f() -> Option<String> { Some(it.collect()) }",
            "`collect::<String>()`",
        ),
        (
            "fn f() -> HashMap<u8, u8> { if c { return it.collect(); } HashMap::new() }",
            "`collect::<HashMap<_, _>>()`",
        ),
        (
            "fn f(c: bool) -> Vec<u8> { if c { a.collect() } else { Vec::new() } }",
            "`collect::<Vec<_>>()`",
        ),
        (
            "fn f(k: u8) -> Vec<u8> { match k { 0 => Vec::new(), _ => it.collect() } }",
            "`collect::<Vec<_>>()`",
        ),
        (
            "async fn f() -> Vec<u8> { g().await; it.collect() }",
            "`collect::<Vec<_>>()`",
        ),
    ] {
        check_fn(item, &[definite(construct)]);
    }
    for item in [
        "fn f() -> ArrayVec<u8, 4> { it.collect() }",
        "fn f() -> Result<(), E> { it.collect() }",
        "fn f() -> Vec<u8> { let x = it.collect(); x }",
        // A closure's value is not the function's.
        "fn f() -> Vec<u8> { let g = || it.collect(); g() }",
        "fn f() -> Vec<u8> { let g = || { return it.collect(); }; g() }",
    ] {
        check_fn(item, &[possible("`.collect()`")]);
    }
    // The turbofish wins.
    check_fn(
        "fn f() -> Vec<u8> { it.collect::<ArrayVec<u8, 4>>().into_iter().collect() }",
        &[possible("`.collect()`"), definite("`collect::<Vec<_>>()`")],
    );
}

#[test]
fn into_owning_types_named_by_the_signature() {
    for item in [
        "fn f(name: &str) -> String { name.into() }",
        "fn f(data: &[u8]) -> Vec<u8> { data.into() }",
        "fn f(p: &Path) -> Result<PathBuf, E> { Ok(p.into()) }",
        r#"fn f(t: &str) -> Result<u8, Box<dyn Error>> {
            if t.is_empty() {
                return Err("empty".into());
            }
            Ok(1)
        }"#,
    ] {
        check_fn(item, &[definite("`.into()`")]);
    }
    for item in [
        "fn f(name: &str) -> Name { name.into() }",
        "fn f(name: &str) -> Cow<'_, str> { name.into() }",
        "fn f(s: String) -> String { s.into() }",
        "fn f(x: f32) -> f64 { x.into() }",
        "fn f(t: &str) -> Result<u8, String> { let g = || -> String { t.into() }; Err(g()) }",
    ] {
        check_fn(item, &[possible("`.into()`")]);
    }
}

#[test]
fn question_mark_boxes_errors() {
    for item in [
        "fn f(t: &str) -> Result<u16, Box<dyn Error>> { let p: u16 = t.trim().parse()?; Ok(p) }",
        "fn f(t: &str) -> Result<f32, Box<dyn std::error::Error + Send + Sync>> { Ok(t.parse::<f32>()?) }",
        r#"fn f() -> Result<u8, Box<dyn Error>> { Err("no")? }"#,
        r#"fn f(o: Option<u8>) -> Result<u8, Box<dyn Error>> { Ok(o.ok_or("missing")?) }"#,
        "async fn f(t: &str) -> Result<u16, Box<dyn Error>> { Ok(t.parse::<u16>()?) }",
        "fn f(t: &str) -> anyhow::Result<u16> { Ok(t.parse::<u16>()?) }",
    ] {
        check_fn(item, &[definite("`?`")]);
    }
    // The error may be a `Box<dyn Error>` already, or zero-sized.
    for item in [
        "fn f() -> Result<u16, Box<dyn Error>> { Ok(helper()?) }",
        "fn f(t: &str) -> Result<bool, Box<dyn Error>> { let b: bool = t.parse()?; Ok(b) }",
    ] {
        check_fn(item, &[possible("`?`")]);
    }
    for item in [
        "fn f(t: &str) -> Result<u16, ParseIntError> { Ok(t.parse::<u16>()?) }",
        "fn f(t: &str) -> Option<u16> { t.parse::<u16>().ok() }",
        // A closure's `?` is the closure's.
        "fn f(t: &str) -> Result<u16, Box<dyn Error>> { let g = || t.parse::<u16>().ok(); Ok(g().unwrap_or(0)) }",
    ] {
        check_fn(item, &[]);
    }
}

#[test]
fn closure_parameters_from_the_receiver() {
    check_fn(
        "fn f(name: Option<&str>) -> Option<usize> { name.map(|n| n.to_uppercase().len()) }",
        &[definite("`.to_uppercase()`")],
    );
    check_fn(
        "fn f(name: Option<&str>) -> usize { name.map_or(0, |n| n.to_owned().len()) }",
        &[definite("`.to_owned()`")],
    );
    check_fn(
        "fn f(names: &mut [&str]) { names.sort_unstable_by_key(|n| n.to_lowercase()) }",
        &[definite("`.to_lowercase()`")],
    );
    check_fn(
        "fn f(words: &[&str]) -> usize { words.iter().map(|w| w.to_uppercase()).count() }",
        &[definite("`.to_uppercase()`")],
    );
    check_fn(
        "fn f(words: &[String]) -> usize { words.iter().filter(|w| w.is_empty()).map(|w| w.clone()).count() }",
        &[definite("`.clone()`")],
    );
    // `&&str`: `to_owned` copies the reference.
    check_fn(
        "fn f(words: &[&str]) -> usize { words.iter().map(|w| w.to_owned()).count() }",
        &[possible("`.to_owned()`")],
    );
    check_fn(
        "fn f(ids: &[u64]) -> u64 { ids.iter().map(|i| i.to_owned()).sum() }",
        &[],
    );
    check_fn(
        "fn f(names: &[String]) { for name in names { keep(name.clone()); } }",
        &[definite("`.clone()`")],
    );
    check_fn(
        "fn f(names: &[&str]) { for (i, name) in names.iter().enumerate() { keep(i, name.to_lowercase()); } }",
        &[definite("`.to_lowercase()`")],
    );
    check_fn(
        "fn f(line: &str) -> usize { line.split(',').map(|f| f.to_owned()).count() }",
        &[definite("`.to_owned()`")],
    );
}

#[test]
fn shadowing_hides_parameter_types() {
    for item in [
        "fn f(name: &str) -> String { let name = lookup(); name.to_owned() }",
        "fn f(name: &str, o: Option<Id>) { if let Some(name) = o { name.to_owned(); } }",
        "fn f(name: &str, o: Option<Id>) { match o { Some(name) => { name.to_owned(); } None => {} } }",
        "fn f(name: &str, ids: &[Id]) { for name in ids.iter().copied() { name.to_owned(); } }",
        "fn f(name: &str) { let g = |name| name.to_owned(); }",
        "fn f(name: &str) { my_let!(name = 5); name.to_owned(); }",
    ] {
        check_fn(item, &[possible("`.to_owned()`")]);
    }
    // The shadowing ends with its scope.
    check_fn(
        "fn f(name: &str, o: Option<Id>) -> String { if let Some(name) = o { keep(name); } name.to_owned() }",
        &[definite("`.to_owned()`")],
    );
}

#[test]
fn analyse_fn_finds_what_analyse_finds() {
    let items = [
        r#"fn f(x: u32) -> String { let v = vec![1]; format!("{x}{}", v.len()) }"#,
        "fn f(&self) { self.items.push(Box::new(1)); }",
        "fn f((a, b): (u8, u8), mut c: Vec<u8>) -> usize { c.push(a); c.extend([b]); c.len() }",
        "fn f(x: impl AsRef<str>) -> String { x.as_ref().to_string() }",
        "unsafe extern \"C\" fn f(n: i32, mut args: ...) -> i32 { let v = vec![n]; v[0] }",
    ];
    for item in items {
        let item: syn::ItemFn = syn::parse_str(item).unwrap();
        let body = analyse(&item.block, &pedantic());
        let whole = analyse_fn(&item.sig, &item.block, &pedantic());
        let constructs = |a: &qadapt_lints::Analysis| -> Vec<String> {
            a.findings.iter().map(|f| f.construct.clone()).collect()
        };
        assert_eq!(constructs(&body), constructs(&whole));
        assert_eq!(
            body.calls
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            whole
                .calls
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn split_once_through_ok_or_and_question_mark() {
    // `split_once` of text gives two `&str`, through `ok_or` and `?`.
    let item = r#"fn parse(s: &str) -> Result<String, ()> {
        let (verb, _value) = s.split_once(' ').ok_or(())?;
        Ok(verb.to_owned())
    }"#;
    assert_eq!(found_fn(item, &default()), [definite("`.to_owned()`")]);
    // Of an unknown receiver, nothing is known.
    let item = r#"fn parse(s: &Line) -> Result<String, ()> {
        let (verb, _value) = s.split_once(' ').ok_or(())?;
        Ok(verb.to_owned())
    }"#;
    assert!(found_fn(item, &default()).is_empty());
}

/// Another crate's collection in the signature is not std's: nothing definite.
#[test]
fn other_crates_collections_in_the_signature_are_not_std() {
    for item in [
        "fn f(it: I) -> heapless::Vec<u8, 8> { it.collect() }",
        "fn f(x: &[u8]) -> heapless::Vec<u8, 8> { heapless::Vec::from_slice(x).unwrap() }",
        "fn f(p: heapless::String<8>) -> usize { let q = p.clone(); q.len() }",
    ] {
        assert!(
            found_fn(item, &default())
                .iter()
                .all(|(_, certainty)| *certainty != Certainty::Definite),
            "{item}"
        );
    }
}
