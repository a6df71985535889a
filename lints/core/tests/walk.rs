//! What is walked and how a finding reads: nested items skipped, closures, async blocks,
//! control flow and macro arguments walked, assertion messages downgraded, `allow_alloc`
//! regions skipped, findings' names, order and `cfg` conditions.

mod common;

use common::*;

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
