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
        let body = format!("let _ = {};", entry.example);
        let analysis = run(&body, &pedantic());
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

        let quiet = run(&body, &default());
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

#[test]
fn nested_items_are_skipped() {
    let body = r#"
        fn inner() -> Box<u8> { Box::new(1) }
        impl Foo { fn make() -> String { format!("x") } }
        mod m { pub fn f() -> Vec<u8> { vec![1] } }
        const C: fn() -> String = || "c".to_string();
        static S: &str = "s";
        struct Local { v: Vec<u8> }
        trait T { fn t(&self) -> String { self.to_string() } }
        macro_rules! mk { () => { vec![1] } }
        let n = 1;
    "#;
    assert_eq!(found(body, &pedantic()), []);
    assert!(run(body, &pedantic()).calls.is_empty());
}

#[test]
fn bodies_of_closures_async_blocks_and_control_flow_are_walked() {
    let cases = [
        "let f = || Box::new(1);",
        "let f = move |x: u8| -> Box<u8> { Box::new(x) };",
        "let f = async { Box::new(1) };",
        "let f = async move { Box::new(1) };",
        "if c { Box::new(1); }",
        "if let Some(x) = o { Box::new(x); } else { }",
        "if c { } else if d { } else { Box::new(1); }",
        "match o { Some(x) => { Box::new(x); } None => {} }",
        "match o { Some(x) if *Box::new(x) > 1 => {} _ => {} }",
        "loop { Box::new(1); }",
        "while c { Box::new(1); }",
        "while let Some(x) = it.next() { Box::new(x); }",
        "for x in Box::new([1]).iter() { }",
        "for x in it { Box::new(x); }",
        "let b = Box::new(1);",
        "let Some(x) = o else { Box::new(1); return; };",
        "{ { Box::new(1); } }",
        "unsafe { Box::new(1); }",
        "'a: { Box::new(1); }",
        "return Box::new(1);",
        "let t = (1, Box::new(1));",
        "let s = S { field: Box::new(1) };",
        "let a = [Box::new(1)];",
        "x = Box::new(1);",
        "f(Box::new(1));",
        "g.h(Box::new(1));",
        "(Box::new(1)).len();",
        "let x = Box::new(1)?;",
        "let r = &Box::new(1);",
        "let x = -*Box::new(1);",
        "let x = fut(Box::new(1)).await;",
        "let x = Box::new(1) as Box<dyn Any>;",
        "let r = 0..Box::new(1).len();",
        "let x = [Box::new(1); 2];",
        "let x = Box::new(1).0;",
        "let x = v[*Box::new(1)];",
        "let x = { Box::new(1) };",
        "(|| Box::new(1))();",
    ];
    for body in cases {
        assert_eq!(found(body, &default()), [definite("`Box::new`")], "{body}");
    }
}

#[test]
fn macro_arguments_are_reparsed() {
    assert_eq!(
        found(r#"println!("{}", x.to_string());"#, &default()),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found(r#"println!("{}", x.to_string());"#, &pedantic()),
        [possible("`println!`"), definite("`.to_string()`")]
    );
    assert_eq!(
        found(
            r#"let s = format!("{}-{}", a.to_string(), b = c.to_vec());"#,
            &default()
        ),
        [
            definite("`format!`"),
            definite("`.to_string()`"),
            definite("`.to_vec()`")
        ]
    );
    assert_eq!(
        found(r#"write!(make(), "{}", vec![1].len())"#, &default()),
        [definite("`vec!`")]
    );
    assert_eq!(
        found("let v = vec![Box::new(1), Box::new(2)];", &default()),
        [
            definite("`vec!`"),
            definite("`Box::new`"),
            definite("`Box::new`")
        ]
    );
    assert_eq!(
        found("let v = vec![x.to_string(); 0];", &default()),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found(
            "let b = matches!(x.to_string().as_str(), \"a\" | \"b\");",
            &default()
        ),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found(
            "let b = matches!(x, Some(y) if y.to_string() == s);",
            &default()
        ),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found("dbg!(x.to_vec());", &default()),
        [definite("`.to_vec()`")]
    );
    // Nested macros.
    assert_eq!(
        found(
            r#"println!("{}", format!("{}", vec![1].len()));"#,
            &default()
        ),
        [definite("`format!`"), definite("`vec!`")]
    );
    // Unknown macros, best effort.
    assert_eq!(
        found(r#"log::info!("{}", x.to_string());"#, &default()),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found("html! { <div>{ x.to_string() }</div> }", &default()),
        []
    );
    // Compile-time macros: their tokens are not code.
    assert_eq!(found("let s = stringify!(Box::new(1));", &pedantic()), []);
}

#[test]
fn assertion_messages_are_downgraded() {
    assert_eq!(
        found(r#"assert!(ok, "{}", format!("{}", x));"#, &pedantic()),
        [possible("`format!`")]
    );
    assert_eq!(
        found(r#"assert!(ok, "{}", format!("{}", x));"#, &default()),
        []
    );
    assert_eq!(
        found(r#"assert!(x.to_string() == "a");"#, &default()),
        [definite("`.to_string()`")]
    );
    assert_eq!(
        found(
            r#"assert_eq!(a.to_vec(), b, "{}", c.to_string());"#,
            &pedantic()
        ),
        [definite("`.to_vec()`"), possible("`.to_string()`")]
    );
    assert_eq!(
        found(
            r#"debug_assert_ne!(a, b.to_vec(), "{}", c.to_string());"#,
            &default()
        ),
        [definite("`.to_vec()`")]
    );
    assert_eq!(
        found(r#"panic!("{}", x.to_string());"#, &pedantic()),
        [possible("`.to_string()`")]
    );
    assert_eq!(
        found(r#"unreachable!("{}", x.to_string());"#, &default()),
        []
    );
    // An assertion nested in an assertion message is still on the failure path.
    assert_eq!(
        found(
            r#"assert!(a, "{}", { assert!(b.to_vec().is_empty()); 1 });"#,
            &pedantic()
        ),
        [possible("`.to_vec()`")]
    );
    // The downgrade ends with the message.
    assert_eq!(
        found(
            r#"assert!(a, "{}", x.to_string()); y.to_vec();"#,
            &default()
        ),
        [definite("`.to_vec()`")]
    );
}

#[test]
fn allow_alloc_regions_are_skipped() {
    let cases = [
        "allow_alloc!{ let v = vec![1]; v.push(2); }",
        "allow_alloc!(x.to_string());",
        "let s = qadapt::allow_alloc!(x.to_string());",
        "allow_alloc(|| Box::new(1));",
        "let b = qadapt::allow_alloc(|| format!(\"{}\", x));",
        "let b = ::qadapt::allow_alloc(move || { let v = vec![1]; helper(v) });",
    ];
    for body in cases {
        let analysis = run(body, &pedantic());
        assert!(
            analysis.findings.is_empty(),
            "{body}: {:?}",
            analysis.findings
        );
        assert!(analysis.calls.is_empty(), "{body}: {:?}", analysis.calls);
    }
}

#[test]
fn collect_into_annotated_let() {
    assert_eq!(
        found("let v: Vec<u8> = it.collect();", &default()),
        [definite("`collect::<Vec<_>>()`")]
    );
    assert_eq!(
        found(
            "let v: Result<Vec<_>, E> = it.map(f).collect();",
            &default()
        ),
        [definite("`collect::<Result<Vec<_>, _>>()`")]
    );
    assert_eq!(
        found("let n: ArrayVec<u8, 4> = it.collect();", &pedantic()),
        [possible("`.collect()`")]
    );
    assert_eq!(found("let v = it.collect();", &default()), []);
    // The turbofish wins over the annotation.
    assert_eq!(
        found(
            "let v: Vec<u8> = it.collect::<ArrayVec<u8, 4>>();",
            &pedantic()
        ),
        [possible("`.collect()`")]
    );
}

#[test]
fn functions_used_as_values() {
    assert_eq!(
        found("let v = it.map(String::from);", &default()),
        [definite("`String::from`")]
    );
    assert_eq!(
        found("let v = opt.map(Box::new);", &default()),
        [definite("`Box::new`")]
    );
    assert_eq!(
        found("let v = it.map(Vec::from);", &pedantic()),
        [possible("`Vec::from`")]
    );
    assert_eq!(
        found("let v = opt.unwrap_or_else(Vec::new);", &pedantic()),
        []
    );
    assert_eq!(
        found("let x = Ordering::Less; let y = u32::MAX;", &pedantic()),
        []
    );
    // Values are listed as calls too, for the checker to follow.
    let calls = run("let v = it.map(String::from);", &default()).calls;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].kind.to_string(), ".map()");
    assert_eq!(calls[1].kind.to_string(), "String::from");
}

#[test]
fn join_needs_one_argument() {
    assert_eq!(found("let r = handle.join();", &pedantic()), []);
    assert_eq!(
        found(r#"let s = names.join(",");"#, &default()),
        [definite("`.join()`")]
    );
    assert_eq!(found("let p = a.join(b, c);", &pedantic()), []);
}

#[test]
fn findings_have_readable_lint_names_and_messages() {
    let analysis = run(
        r#"let s = format!("{}", 1); let b = Box::new(1); let t = x.to_string();
           let v = it.collect::<Vec<_>>(); v.push(1); let w = it.collect();
           let p = Vec::from(q); let h = HashMap::with_capacity(4);"#,
        &pedantic(),
    );
    let names: Vec<&str> = analysis
        .findings
        .iter()
        .map(|f| f.lint_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "format_allocates",
            "box_new_allocates",
            "to_string_allocates",
            "collect_allocates",
            "push_may_allocate",
            "collect_may_allocate",
            "vec_from_may_allocate",
            "hash_map_with_capacity_allocates",
        ]
    );
    let format = &analysis.findings[0];
    assert_eq!(format.reason, "builds a new `String` on the heap");
    assert_eq!(
        format.suggestion,
        "write into a preallocated buffer with `write!`, or use `format_args!`"
    );
    assert_eq!(
        format.to_string(),
        "`format!` allocates: builds a new `String` on the heap; \
         write into a preallocated buffer with `write!`, or use `format_args!`"
    );
    assert!(
        analysis.findings[4]
            .to_string()
            .starts_with("`.push()` may allocate: ")
    );
    assert_eq!(analysis.definite().count(), 5);
}

#[test]
fn findings_are_in_source_order() {
    assert_eq!(
        constructs("let a = x.to_string().to_owned(); let b = f(Box::new(g(vec![1])));"),
        ["`.to_string()`", "`.to_owned()`", "`Box::new`", "`vec!`"]
    );
}

#[test]
fn a_downgraded_finding_is_named_as_possible() {
    let analysis = common::run(r#"assert!(ok, "{}", x.to_string());"#, &pedantic());
    let names: Vec<&str> = analysis
        .findings
        .iter()
        .map(|f| f.lint_name.as_str())
        .collect();
    assert_eq!(names, ["to_string_may_allocate"]);
}

/// A finding under `#[cfg(..)]` carries the conditions of every statement, expression, match arm
/// and field around it, innermost last, so its diagnostic can be removed with the code.
#[test]
fn findings_carry_the_cfg_conditions_around_them() {
    let body = r#"
        let plain = format!("a");
        #[cfg(feature = "trace")]
        let traced = format!("b");
        match x {
            #[cfg(unix)]
            0 => {
                #[cfg(debug_assertions)]
                f(x.to_string());
            }
            _ => {}
        }
        let s = S {
            #[cfg(test)]
            name: String::from("c"),
        };
    "#;
    let conditions: Vec<(String, Vec<String>)> = run(body, &default())
        .findings
        .into_iter()
        .map(|f| {
            let cfg = f.cfg.iter().map(ToString::to_string).collect();
            (f.construct, cfg)
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = [
        ("`format!`", vec![]),
        ("`format!`", vec![r#"feature = "trace""#]),
        ("`.to_string()`", vec!["unix", "debug_assertions"]),
        ("`String::from`", vec!["test"]),
    ]
    .into_iter()
    .map(|(c, cfg)| (c.to_owned(), cfg.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(conditions, expected);
}
