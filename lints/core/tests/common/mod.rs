//! Helpers shared by the integration tests.

#![allow(dead_code)]

use qadapt_lints::{Analysis, Certainty, Options, PathPattern, analyse, analyse_fn};

/// Analyses `body` as the body of `fn f()`.
pub fn run(body: &str, options: &Options) -> Analysis {
    let src = format!("fn f() {{\n{body}\n}}");
    let item: syn::ItemFn = syn::parse_str(&src)
        .unwrap_or_else(|err| panic!("test source does not parse: {err}\n{src}"));
    analyse(&item.block, options)
}

/// Analyses a whole `fn` item with its signature.
pub fn run_fn(item: &str, options: &Options) -> Analysis {
    let item: syn::ItemFn = syn::parse_str(item)
        .unwrap_or_else(|err| panic!("test source does not parse: {err}\n{item}"));
    analyse_fn(&item.sig, &item.block, options)
}

/// `(construct, certainty)` of every finding of a whole `fn` item.
pub fn found_fn(item: &str, options: &Options) -> Vec<(String, Certainty)> {
    run_fn(item, options)
        .findings
        .into_iter()
        .map(|finding| (finding.construct, finding.certainty))
        .collect()
}

pub fn default() -> Options {
    Options::default()
}

pub fn pedantic() -> Options {
    Options {
        pedantic: true,
        ..Options::default()
    }
}

pub fn patterns(list: &[&str]) -> Vec<PathPattern> {
    list.iter()
        .map(|p| PathPattern::parse(p).unwrap())
        .collect()
}

/// `(construct, certainty)` of every finding.
pub fn found(body: &str, options: &Options) -> Vec<(String, Certainty)> {
    run(body, options)
        .findings
        .into_iter()
        .map(|finding| (finding.construct, finding.certainty))
        .collect()
}

/// Constructs of the findings, pedantic mode.
pub fn constructs(body: &str) -> Vec<String> {
    found(body, &pedantic())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

pub fn definite(construct: &str) -> (String, Certainty) {
    (construct.to_owned(), Certainty::Definite)
}

pub fn possible(construct: &str) -> (String, Certainty) {
    (construct.to_owned(), Certainty::Possible)
}
