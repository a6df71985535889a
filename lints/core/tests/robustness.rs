//! The analysis never panics on anything syn parses.

mod common;

use common::*;
use qadapt_lints::{Options, PathPattern, analyse, analyse_expr, analyse_fn, catalogue};

const WEIRD: &[&str] = &[
    "",
    ";;;",
    "loop {}",
    "m!(@#$ ,, ;);",
    "m! { fn x() {} }",
    "m![;];",
    "vec![;];",
    "vec![1; ];",
    "vec![,];",
    "format!();",
    "format!(,);",
    "write!();",
    "assert!();",
    "assert_eq!(a);",
    "matches!();",
    "matches!(x);",
    "matches!(x, );",
    "matches!(x, @);",
    "panic!();",
    "allow_alloc!();",
    "allow_alloc();",
    "<[u8]>::to_vec(&x);",
    "<[u8] as ToOwned>::to_owned(&x);",
    "<T>::f();",
    "<T as Trait>::f();",
    "(f)(x);",
    "(((Box::new)))(1);",
    "x.0.1.to_string();",
    "r#try();",
    "x.r#match();",
    "'a: loop { break 'a Box::new(1); }",
    "let Some(x) = y else { return };",
    "let (a, b): (Vec<u8>, u8) = it.collect();",
    "let x: _ = it.collect();",
    "let x: [u8; { f(); 1 }] = g();",
    "let _ = || -> Vec<u8> { Vec::new() };",
    "let _ = async || 1;",
    "let _ = static || 1;",
    "yield x;",
    "let _ = try { a? };",
    "let _ = const { Box::new(1) };",
    "let _ = &raw const x;",
    "let _ = builtin # offset_of(T, f);",
    "let _ = x.collect::<>();",
    "let _ = x.collect::<'a>();",
    "let _ = x.collect::<3>();",
    "let _ = Vec::<u8>::with_capacity::<>(0);",
    "let _ = ::with_capacity(1);",
    "let _ = Box::new();",
    "let _ = String::from();",
    "let _ = x.join();",
    "let _ = \"\".to_string();",
    "let _ = Self::new().to_string();",
    "let café = naïve();",
    "match x { y @ Some(_) if f(y) => {} _ if g() => {} _ => {} }",
    "match x { m!() => {} }",
    "let f: m!() = n!();",
    "#[attr(x.to_string())] let _ = 1;",
    "unsafe extern \"C\" {}",
    "use std::fmt::Write;",
];

/// Signatures the weird bodies are also analysed under.
const SIGNATURES: &[&str] = &[
    "fn f()",
    "fn f<T: Fn()>(&self, (a, b): (u8, u8), x: &str, y: &mut Vec<String>, z: Option<&str>, \
     w: impl Fn(), mut s: String, [c, d]: [u8; 2], e: &&[u8], _: T) \
     -> Result<Vec<u8>, Box<dyn Error + Send>>",
    "async fn f(self: Box<Self>, x: m!(), y: &'a dyn for<'b> Fn(&'b u8)) -> impl Iterator<Item = u8>",
    "unsafe extern \"C\" fn f(x: i32, args: ...) -> !",
    "fn f(x: [u8; { 1 }], y: <T as Trait>::Assoc, z: fn(u8) -> u8) -> anyhow::Result<(String, Vec<()>)>",
];

#[test]
fn weird_inputs_do_not_panic() {
    // `crate` and `Self` alone are rejected by `PathPattern::parse`; a library caller can
    // still build them unchecked.
    let unchecked = |path: &str| PathPattern::from_path(&syn::parse_str(path).unwrap());
    let options = Options {
        pedantic: true,
        allow: vec![unchecked("a"), unchecked("crate"), unchecked("Self")],
        deny: patterns(&["b", "Self::c"]),
    };
    let mut parsed = 0;
    for body in WEIRD {
        let src = format!("fn f() {{\n{body}\n}}");
        let Ok(item) = syn::parse_str::<syn::ItemFn>(&src) else {
            eprintln!("does not parse: {body}");
            continue;
        };
        parsed += 1;
        analyse(&item.block, &options);
        analyse(&item.block, &Options::default());
        for sig in SIGNATURES {
            let sig: syn::Signature = syn::parse_str(sig).unwrap();
            analyse_fn(&sig, &item.block, &options);
        }
    }
    // Most of these are valid syntax; only a few are for syn to reject.
    assert!(parsed >= WEIRD.len() - 6, "{parsed} of {}", WEIRD.len());
}

#[test]
fn expressions_do_not_panic() {
    let options = pedantic();
    for entry in catalogue::entries() {
        let findings = match syn::parse_str::<syn::ItemFn>(entry.example) {
            Ok(item) => analyse_fn(&item.sig, &item.block, &options).findings,
            Err(_) => {
                let expr: syn::Expr = syn::parse_str(entry.example).unwrap();
                analyse_expr(&expr, &options).findings
            }
        };
        assert!(!findings.is_empty(), "{}", entry.example);
    }
    let expr: syn::Expr = syn::parse_str("|| -> String { format!(\"{}\", 1) }").unwrap();
    assert_eq!(analyse_expr(&expr, &options).findings.len(), 1);
}

#[test]
fn deep_nesting() {
    let depth = 64;
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("f(|| { println!(\"{}\", ");
    }
    body.push_str("x.to_string()");
    for _ in 0..depth {
        body.push_str(") })");
    }
    body.push(';');
    let analysis = run(&body, &default());
    assert_eq!(analysis.findings.len(), 1);
    assert_eq!(analysis.calls.len(), 2 * depth + 1);
}

#[test]
fn unusual_patterns() {
    for bad in [
        "Vec::push()",
        "Fn(u8) -> u8",
        "a::b!!",
        "a!b",
        "1",
        "",
        "a b",
        "Vec::",
    ] {
        assert!(qadapt_lints::PathPattern::parse(bad).is_err(), "{bad}");
    }
    // A macro named as it is invoked.
    assert!(qadapt_lints::PathPattern::parse("a::b!").is_ok());
}
