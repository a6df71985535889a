//! What is reported, with which certainty, and what is not.

mod common;

use common::*;
use qadapt_lints::Certainty::{Definite, Possible};
use qadapt_lints::catalogue::{self, Kind};

/// Every catalogue entry reports its own example, with its own certainty,
/// and nothing else definite; possible ones only in pedantic mode. (An
/// example may need a possible construct to set it up, such as
/// `String::from_utf8_lossy(..)` for `.into_owned()`.)
#[test]
fn every_catalogue_entry_reports_its_example() {
    for entry in catalogue::entries() {
        // An expression, or a whole `fn` where the signature decides.
        let body = format!("let _ = {};", entry.example);
        let run = |options: &_| match entry.example.starts_with("fn ") {
            true => run_fn(entry.example, options),
            false => run(&body, options),
        };
        let analysis = run(&pedantic());
        let own: Vec<_> = analysis
            .findings
            .iter()
            .filter(|finding| finding.lint_name == entry.lint_name())
            .collect();
        assert_eq!(own.len(), 1, "{}: {:?}", entry.example, analysis.findings);
        assert!(
            analysis
                .findings
                .iter()
                .all(|finding| finding.lint_name == entry.lint_name()
                    || finding.certainty == Possible),
            "{}: {:?}",
            entry.example,
            analysis.findings
        );
        let finding = own[0];
        assert_eq!(finding.lint_name, entry.lint_name(), "{}", entry.example);
        assert_eq!(finding.certainty, entry.certainty, "{}", entry.example);
        assert_eq!(finding.reason, entry.reason);
        assert_eq!(finding.suggestion, entry.suggestion);
        if !matches!(entry.kind, Kind::Method("collect")) {
            assert_eq!(finding.construct, entry.construct());
        }

        let quiet = run(&default());
        let expected = usize::from(entry.certainty == Definite);
        assert_eq!(quiet.findings.len(), expected, "{}", entry.example);
    }
}

#[test]
fn catalogue_has_both_certainties() {
    let entries = catalogue::entries();
    assert!(entries.iter().filter(|e| e.certainty == Definite).count() >= 40);
    assert!(entries.iter().filter(|e| e.certainty == Possible).count() >= 30);
}

#[test]
fn definite_constructs() {
    let cases: &[(&str, &str)] = &[
        (r#"format!("{}", x)"#, "`format!`"),
        (r#"std::format!("{x}")"#, "`format!`"),
        (r#"alloc::format!("literal")"#, "`format!`"),
        ("vec![1, 2]", "`vec!`"),
        ("vec![0u8; n]", "`vec!`"),
        ("vec![0u8; 1024]", "`vec!`"),
        (r#"vec![""]"#, "`vec!`"),
        ("Box::new(x)", "`Box::new`"),
        ("std::boxed::Box::new(x)", "`Box::new`"),
        ("::alloc::boxed::Box::new(x)", "`Box::new`"),
        ("Box::<u8>::new(1)", "`Box::new`"),
        ("<Box<u8>>::new(1)", "`Box::new`"),
        ("Box::pin(async {})", "`Box::pin`"),
        ("Rc::new(())", "`Rc::new`"),
        ("Arc::new(x)", "`Arc::new`"),
        ("std::sync::Arc::from(v)", "`Arc::from`"),
        ("Rc::from(v)", "`Rc::from`"),
        (r#"Box::from("s")"#, "`Box::from`"),
        ("Box::from(&v[..])", "`Box::from`"),
        (r#"String::from("a")"#, "`String::from`"),
        (r#"<String as From<&str>>::from("a")"#, "`String::from`"),
        ("String::from(name)", "`String::from`"),
        ("x.to_string()", "`.to_string()`"),
        ("ToString::to_string(&x)", "`ToString::to_string`"),
        (r#""a".to_owned()"#, "`.to_owned()`"),
        ("s.to_vec()", "`.to_vec()`"),
        ("p.to_path_buf()", "`.to_path_buf()`"),
        ("s.to_os_string()", "`.to_os_string()`"),
        ("Vec::with_capacity(n)", "`Vec::with_capacity`"),
        ("Vec::with_capacity(16)", "`Vec::with_capacity`"),
        ("<Vec<u8>>::with_capacity(4)", "`Vec::with_capacity`"),
        ("String::with_capacity(N)", "`String::with_capacity`"),
        ("VecDeque::with_capacity(4)", "`VecDeque::with_capacity`"),
        ("HashMap::with_capacity(4)", "`HashMap::with_capacity`"),
        (
            "std::collections::HashSet::with_capacity(n)",
            "`HashSet::with_capacity`",
        ),
        (r#"parts.join(", ")"#, "`.join()`"),
        ("parts.concat()", "`.concat()`"),
        (r#""ab".repeat(n)"#, "`.repeat()`"),
        ("it.collect::<Vec<_>>()", "`collect::<Vec<_>>()`"),
        ("it.collect::<std::vec::Vec<u8>>()", "`collect::<Vec<_>>()`"),
        ("it.collect::<String>()", "`collect::<String>()`"),
        ("it.collect::<Box<[u8]>>()", "`collect::<Box<_>>()`"),
        ("it.collect::<Rc<[u8]>>()", "`collect::<Rc<_>>()`"),
        (
            "it.collect::<HashMap<_, _>>()",
            "`collect::<HashMap<_, _>>()`",
        ),
        (
            "it.collect::<BTreeMap<_, _>>()",
            "`collect::<BTreeMap<_, _>>()`",
        ),
        ("it.collect::<HashSet<_>>()", "`collect::<HashSet<_>>()`"),
        ("it.collect::<VecDeque<_>>()", "`collect::<VecDeque<_>>()`"),
        (
            "it.collect::<Result<Vec<_>, _>>()",
            "`collect::<Result<Vec<_>, _>>()`",
        ),
        (
            "it.collect::<Option<String>>()",
            "`collect::<Option<String>>()`",
        ),
        ("thread::spawn(f)", "`thread::spawn`"),
        ("std::thread::spawn(move || work())", "`thread::spawn`"),
        ("mpsc::channel::<u8>()", "`mpsc::channel`"),
        ("std::sync::mpsc::sync_channel(0)", "`mpsc::sync_channel`"),
        ("Vec::from([1, 2])", "`Vec::from`"),
        ("Vec::from(&v[..])", "`Vec::from`"),
        ("Vec::from(s.as_slice())", "`Vec::from`"),
        (r#"Vec::from("bytes")"#, "`Vec::from`"),
        (r#"CString::new("c")"#, "`CString::new`"),
        (r#"PathBuf::from("/tmp")"#, "`PathBuf::from`"),
        ("OsString::from(&s)", "`OsString::from`"),
        ("String::from_utf16(&units)", "`String::from_utf16`"),
        ("fut.boxed()", "`.boxed()`"),
    ];
    for (body, construct) in cases {
        let body = format!("let _ = {body};");
        assert_eq!(found(&body, &default()), [definite(construct)], "{body}");
    }
}

#[test]
fn possible_constructs() {
    let cases: &[(&str, &str)] = &[
        ("v.push(1)", "`.push()`"),
        (r#"s.push_str("a")"#, "`.push_str()`"),
        ("d.push_back(1)", "`.push_back()`"),
        ("d.push_front(1)", "`.push_front()`"),
        ("m.insert(k, v)", "`.insert()`"),
        ("v.extend(it)", "`.extend()`"),
        ("v.extend_from_slice(&s)", "`.extend_from_slice()`"),
        ("v.reserve(8)", "`.reserve()`"),
        ("v.resize(8, 0)", "`.resize()`"),
        ("v.append(&mut w)", "`.append()`"),
        ("x.clone()", "`.clone()`"),
        ("it.collect()", "`.collect()`"),
        ("it.collect::<Result<(), _>>()", "`.collect()`"),
        ("it.collect::<ArrayVec<u8, 4>>()", "`.collect()`"),
        ("x.into()", "`.into()`"),
        ("c.to_uppercase()", "`.to_uppercase()`"),
        ("c.to_lowercase()", "`.to_lowercase()`"),
        ("c.to_ascii_uppercase()", "`.to_ascii_uppercase()`"),
        ("s.to_ascii_lowercase()", "`.to_ascii_lowercase()`"),
        ("s.to_owned()", "`.to_owned()`"),
        ("a.join(b)", "`.join()`"),
        ("v.split_off(1)", "`.split_off()`"),
        ("cow.into_owned()", "`.into_owned()`"),
        ("v.into_boxed_slice()", "`.into_boxed_slice()`"),
        ("v.sort()", "`.sort()`"),
        ("String::from_utf8_lossy(&b)", "`String::from_utf8_lossy`"),
        ("Vec::from(v)", "`Vec::from`"),
        ("Box::from(v)", "`Box::from`"),
        ("PathBuf::from(s)", "`PathBuf::from`"),
        ("CString::new(v)", "`CString::new`"),
        ("Box::default()", "`Box::default`"),
        (r#"print!("a")"#, "`print!`"),
        (r#"println!("a")"#, "`println!`"),
        (r#"eprint!("a")"#, "`eprint!`"),
        (r#"eprintln!("a")"#, "`eprintln!`"),
        (r#"write!(f, "a")"#, "`write!`"),
        (r#"std::writeln!(f, "a")"#, "`writeln!`"),
        ("dbg!(x)", "`dbg!`"),
    ];
    for (body, construct) in cases {
        let body = format!("let _ = {body};");
        assert_eq!(found(&body, &pedantic()), [possible(construct)], "{body}");
        assert_eq!(found(&body, &default()), [], "{body}");
    }
}

/// Constructs that never allocate, or obviously build nothing: quiet even
/// in pedantic mode.
#[test]
fn never_reported() {
    let cases = [
        "Vec::new()",
        "Vec::<u8>::new()",
        "String::new()",
        "HashMap::new()",
        "BTreeMap::new()",
        "vec![]",
        "std::vec![]",
        "vec![0u8; 0]",
        "Vec::with_capacity(0)",
        "String::with_capacity(0usize)",
        "HashMap::with_capacity(0x0)",
        r#"format_args!("{}", x)"#,
        r#"format!("")"#,
        r#"String::from("")"#,
        r#""".to_string()"#,
        r#""".to_owned()"#,
        r#""ab".repeat(0)"#,
        "Box::new(())",
        "&v[1..3]",
        "v[0]",
        "[0u8; 16]",
        "(a, b)",
        "v.iter().map(|x| x * 2).sum::<u32>()",
        "v.iter().filter(|x| **x > 1).count()",
        "a + b * c - d / e",
        "&mut x",
        "core::mem::swap(&mut a, &mut b)",
        "std::mem::take(&mut v)",
        "handle.join()",
        "b.into_vec()",
        "Rc::clone(&rc)",
        "Arc::clone(&arc)",
        "Box::leak(b)",
        "Box::into_raw(b)",
        "Some(x)",
        "x.len()",
        "s.as_bytes()",
        "s.chars().rev()",
        "matches!(x, Some(_))",
        r#"panic!("boom")"#,
        "unreachable!()",
        "todo!()",
        "assert!(x > 1)",
        "debug_assert_eq!(a, b)",
        "stringify!(x.to_string())",
        r#"concat!("a", "b")"#,
        r#"include_str!("file.txt")"#,
        "const { 1 + 1 }",
        "Default::default()",
        "new(1)",
        "MyBox::new(1)",
        "spawn(f)",
        "channel()",
        "Box::into_inner(b)",
    ];
    for case in cases {
        let body = format!("let _ = {case};");
        assert_eq!(found(&body, &pedantic()), [], "{case}");
    }
}

/// Other crates' items named like std's (fixed-capacity and arena collections, common exactly
/// where `#[no_alloc]` is used) are not std's: nothing definite. A path into std still is.
#[test]
fn other_crates_items_of_the_same_name_are_not_std() {
    let quiet = [
        "it.collect::<heapless::Vec<u8, 4>>()",
        r#"heapless::format!("x{}", 1)"#,
        r#"heapless::format!(16; "x{}", 1)"#,
        r#"bumpalo::format!(in &b, "x{}", 1)"#,
        "bumpalo::vec![in &b; 1, 2]",
        r#"heapless::String::<8>::from("ab")"#,
        "arrayvec::ArrayVec::<u8, 4>::from([1, 2, 3, 4])",
        "crate::Box::new(1)",
    ];
    for case in quiet {
        let body = format!("let _ = {case};");
        assert_eq!(found(&body, &default()), [], "{case}");
    }
    let typed = [
        "let v: heapless::Vec<u8, 8> = it.collect();",
        "let s: heapless::String<8> = it.collect();",
    ];
    for body in typed {
        assert_eq!(found(body, &default()), [], "{body}");
    }
    let std = [
        r#"std::format!("x{}", 1)"#,
        r#"alloc::format!("x{}", 1)"#,
        "std::boxed::Box::new(1)",
        r#"alloc::string::String::from("ab")"#,
        "it.collect::<std::vec::Vec<u8>>()",
    ];
    for case in std {
        let body = format!("let _ = {case};");
        assert_eq!(found(&body, &default()).len(), 1, "{case}");
    }
}

/// A name the body imports from another crate, or declares itself, is not std's: its `use` items
/// and items say so, wherever they are in the block (items apply to all of it).
#[test]
fn names_the_body_imports_from_elsewhere_are_not_std() {
    let quiet = [
        "use heapless::Vec; let v: Vec<u8, 4> = Vec::from_slice(&[1]).unwrap(); let w = Vec::<u8, 4>::new();",
        "use heapless::{String, Vec}; let s = String::<8>::from(\"ab\"); let t = s.clone();",
        "let mut v = Vec::new(); v.push(1); use heapless::Vec;",
        "use heapless::Vec as V; let mut v: V<u8, 4> = V::new(); v.push(1);",
        "use bumpalo::vec; let v = vec![in &b; 1, 2];",
        "use heapless::format; let s = format!(\"x{}\", 1);",
        "struct String; impl String { fn from(_: &str) -> Self { String } } let s = String::from(\"x\");",
        "macro_rules! format { ($($t:tt)*) => { 0 } } let n = format!(\"x{}\", 1);",
        "let v: Vec<u8, 8> = it.collect(); use heapless::Vec;",
    ];
    for body in quiet {
        assert_eq!(found(body, &default()), [], "{body}");
    }
    // The import is the block's: outside of it, the name is std's again.
    assert_eq!(
        found(
            "{ use heapless::Vec; let v = Vec::<u8, 4>::new(); } let b = Box::new(1);",
            &default()
        ),
        [definite("`Box::new`")]
    );
    assert_eq!(
        found(
            "{ use heapless::String; } let s = String::from(\"x\");",
            &default()
        ),
        [definite("`String::from`")]
    );
    // Renamed std items are std's.
    assert_eq!(
        found("use std::boxed::Box as B; let b = B::new(1);", &default()),
        [definite("`Box::new`")]
    );
    // A glob import from another crate may bring the name: possible only.
    assert_eq!(
        found("use heapless::*; let s = String::from(\"x\");", &pedantic()),
        [possible("`String::from`")]
    );
    assert_eq!(
        found(
            "use heapless::*; let b = std::boxed::Box::new(1);",
            &default()
        ),
        [definite("`Box::new`")]
    );
}
