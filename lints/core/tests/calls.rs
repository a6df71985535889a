//! The call sites listed for the crate-wide checker.

mod common;

use common::*;
use qadapt_lints::{CallKind, Options};

fn path(segments: &[&str]) -> CallKind {
    CallKind::Path(segments.iter().map(|s| (*s).to_owned()).collect())
}

fn method(name: &str) -> CallKind {
    CallKind::Method(name.to_owned())
}

fn mac(segments: &[&str]) -> CallKind {
    CallKind::Macro(segments.iter().map(|s| (*s).to_owned()).collect())
}

fn calls(body: &str, options: &Options) -> Vec<CallKind> {
    run(body, options)
        .calls
        .into_iter()
        .map(|call| call.kind)
        .collect()
}

#[test]
fn calls_in_source_order() {
    let body = r#"
        let a = foo(bar(1));
        x.baz().qux(y.inner());
        m!(z);
        a::b::<T>::c();
        <T as Tr>::d();
        <[u8]>::e(s);
        Self::helper();
        println!("{}", fmt(w));
        let f = |v| closure_body(v);
        (|| 1)();
        (get_callback())(2);
    "#;
    assert_eq!(
        calls(body, &default()),
        [
            path(&["foo"]),
            path(&["bar"]),
            method("baz"),
            method("qux"),
            method("inner"),
            mac(&["m"]),
            path(&["a", "b", "c"]),
            path(&["T", "d"]),
            path(&["e"]),
            path(&["Self", "helper"]),
            mac(&["println"]),
            path(&["fmt"]),
            path(&["closure_body"]),
            path(&["get_callback"]),
        ]
    );
}

#[test]
fn catalogue_calls_are_listed_too() {
    assert_eq!(
        calls(
            r#"let s = format!("{}", Box::new(1)); v.push(2);"#,
            &default()
        ),
        [mac(&["format"]), path(&["Box", "new"]), method("push")]
    );
}

#[test]
fn allowed_calls_are_not_listed_denied_are_reported() {
    let options = Options {
        allow: patterns(&["helper", "Pool::take"]),
        deny: patterns(&["my_crate::alloc_thing"]),
        ..Options::default()
    };
    let body = "helper(); crate::util::helper(); p.take(); Pool::take(); other(); \
                alloc_thing(); my_crate::alloc_thing(); x.alloc_thing();";
    assert_eq!(calls(body, &options), [path(&["other"])]);
    let analysis = run(body, &options);
    assert_eq!(analysis.findings.len(), 3);
}

#[test]
fn arguments_of_allowed_calls_are_still_walked() {
    let options = Options {
        allow: patterns(&["push"]),
        ..Options::default()
    };
    let analysis = run("v.push(make(x.to_string()));", &options);
    assert_eq!(analysis.findings.len(), 1);
    assert_eq!(analysis.findings[0].construct, "`.to_string()`");
    let kinds: Vec<_> = analysis.calls.into_iter().map(|call| call.kind).collect();
    assert_eq!(kinds, [path(&["make"]), method("to_string")]);
}

#[test]
fn macro_calls_inside_macros() {
    assert_eq!(
        calls(
            r#"assert!(check(a), "{}", describe(b)); my_log!(inner(c));"#,
            &default()
        ),
        [
            mac(&["assert"]),
            path(&["check"]),
            path(&["describe"]),
            mac(&["my_log"]),
            path(&["inner"]),
        ]
    );
    // Opaque or unparsable macros are listed, their contents are not.
    assert_eq!(
        calls(
            "stringify!(f()); thread_local!(static X: u8 = g());",
            &default()
        ),
        [mac(&["stringify"]), mac(&["thread_local"])]
    );
}

#[test]
fn skipped_regions_list_nothing() {
    assert_eq!(
        calls(
            "fn nested() { a(); } allow_alloc!(b()); allow_alloc(|| c()); d();",
            &default()
        ),
        [path(&["d"])]
    );
}

#[test]
fn call_display_and_spans() {
    let analysis = run("a::b(); x.m(); n!();", &default());
    let shown: Vec<String> = analysis.calls.iter().map(ToString::to_string).collect();
    assert_eq!(shown, ["a::b", ".m()", "n!"]);
    let columns: Vec<usize> = analysis
        .calls
        .iter()
        .map(|call| call.span.start().column)
        .collect();
    // "a::b(); x.m(); n!();"
    assert_eq!(columns, [3, 10, 15]);
}

fn fn_calls(item: &str) -> Vec<CallKind> {
    run_fn(item, &default())
        .calls
        .into_iter()
        .map(|call| call.kind)
        .collect()
}

#[test]
fn functions_used_as_values_are_listed() {
    // Items used as values will be called: listed, so that the checker
    // follows them. Locals, parameters, constants and `self` are not.
    let item = r#"
        fn f(codes: &[u16], x: u32) -> usize {
            let local = 1;
            let g: fn(u32) -> String = describe;
            codes.iter().map(status_label).map(labels::short).count()
                + g(x).len() + local + MAX + x as usize
        }
    "#;
    assert_eq!(
        fn_calls(item),
        [
            path(&["describe"]),
            method("iter"),
            method("map"),
            path(&["status_label"]),
            method("map"),
            path(&["labels", "short"]),
            method("count"),
            path(&["g"]),
            method("len"),
        ]
    );
    // Without the signature, a lone identifier may be a parameter.
    assert_eq!(calls("items.map(helper)", &default()), [method("map")]);
}

#[test]
fn calls_in_fallbacks_and_failure_paths_are_possible() {
    use qadapt_lints::Certainty::{Definite, Possible};
    let analysis = run(
        "let b = pool.pop().unwrap_or_else(|| fresh(256)); \
         let n = measure(&b); \
         assert!(n > 0, \"{}\", describe(n));",
        &Options::default(),
    );
    let certainty = |name: &str| {
        analysis
            .calls
            .iter()
            .find(|call| call.kind.name() == name)
            .map(|call| call.certainty)
    };
    assert_eq!(certainty("fresh"), Some(Possible));
    assert_eq!(certainty("measure"), Some(Definite));
    assert_eq!(certainty("describe"), Some(Possible));
    assert_eq!(certainty("unwrap_or_else"), Some(Definite));
}
