//! Helpers shared by the integration tests.

#![allow(dead_code)]

use qadapt_lints::{Analysis, Certainty, Options, PathPattern, analyse};

/// Analyses `body` as the body of `fn f()`.
pub fn run(body: &str, options: &Options) -> Analysis {
    let src = format!("fn f() {{\n{body}\n}}");
    let item: syn::ItemFn = syn::parse_str(&src)
        .unwrap_or_else(|err| panic!("test source does not parse: {err}\n{src}"));
    analyse(&item.block, options)
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
