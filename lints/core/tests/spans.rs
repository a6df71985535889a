//! Findings point at the right tokens.

use proc_macro2::Span;
use qadapt_lints::{Finding, Options, analyse};

/// Analyses a whole `fn` written over several lines.
fn findings(src: &str) -> Vec<Finding> {
    let item: syn::ItemFn = syn::parse_str(src).unwrap();
    let options = Options {
        pedantic: true,
        ..Options::default()
    };
    analyse(&item.block, &options).findings
}

/// (line, column) of the start of a span.
fn start(span: Span) -> (usize, usize) {
    let start = span.start();
    (start.line, start.column)
}

/// (line, column) of the end of a span.
fn end(span: Span) -> (usize, usize) {
    let end = span.end();
    (end.line, end.column)
}

#[test]
fn span_is_the_macro_name() {
    let found = findings("fn f() {\n    let s = format!(\"{}\", 1);\n}");
    assert_eq!(found.len(), 1);
    assert_eq!(start(found[0].span), (2, 12));
    assert_eq!(end(found[0].span), (2, 18));
    assert_eq!(start(found[0].first), (2, 12));
    assert_eq!(end(found[0].last), (2, 28));
}

#[test]
fn span_is_the_last_macro_path_segment() {
    let found = findings("fn f() {\n    std::vec![1];\n}");
    assert_eq!(start(found[0].span), (2, 9));
    assert_eq!(start(found[0].first), (2, 4));
    assert_eq!(end(found[0].last), (2, 16));
}

#[test]
fn span_is_the_method_name() {
    let found = findings("fn f() {\n    let s = a.b().to_string();\n}");
    assert_eq!(found.len(), 1);
    assert_eq!(start(found[0].span), (2, 18));
    assert_eq!(end(found[0].span), (2, 27));
    // The whole expression `a.b().to_string()`.
    assert_eq!(start(found[0].first), (2, 12));
    assert_eq!(end(found[0].last), (2, 29));
}

#[test]
fn span_is_the_last_path_segment() {
    let found = findings("fn f() {\n    let b = std::boxed::Box::<u8>::new(1);\n}");
    assert_eq!(start(found[0].span), (2, 35));
    assert_eq!(start(found[0].first), (2, 12));
    assert_eq!(end(found[0].last), (2, 41));

    let found = findings("fn f() {\n    let s = String::from(\"a\");\n}");
    assert_eq!(start(found[0].span), (2, 20));
    assert_eq!(end(found[0].span), (2, 24));
}

#[test]
fn spans_inside_macro_arguments_and_closures() {
    let src = "fn f() {\n    println!(\"{}\", x.to_string());\n    let g = || Box::new(1);\n}";
    let found = findings(src);
    let spans: Vec<_> = found
        .iter()
        .map(|f| (f.construct.as_str(), start(f.span)))
        .collect();
    assert_eq!(
        spans,
        [
            ("`println!`", (2, 4)),
            ("`.to_string()`", (2, 21)),
            ("`Box::new`", (3, 20)),
        ]
    );
    // The `.to_string()` expression inside the macro arguments.
    assert_eq!(start(found[1].first), (2, 19));
    assert_eq!(end(found[1].last), (2, 32));
}

#[test]
fn span_of_turbofish_collect_and_multiline_expression() {
    let src = "fn f() {\n    let v = it\n        .map(g)\n        .collect::<Vec<_>>();\n}";
    let found = findings(src);
    assert_eq!(found.len(), 1);
    assert_eq!(start(found[0].span), (4, 9));
    assert_eq!(start(found[0].first), (2, 12));
    assert_eq!(end(found[0].last), (4, 28));
}
