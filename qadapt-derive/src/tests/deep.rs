//! Items nested too deep for syn (see `crate::shallow`): the macro never
//! overflows its stack on them, guards the deep bodies as written, and says
//! once per fn that it did not analyse them.

use super::raw_expand;
use proc_macro2::TokenStream;
use quote::quote;

/// `{{{ .. {inner} .. }}}`, `depth` levels deep.
fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "{".repeat(depth), "}".repeat(depth))
}

fn tokens(source: &str) -> TokenStream {
    source.parse().expect("tokens")
}

/// How many times `needle` occurs in the printed expansion.
fn count(output: &TokenStream, needle: &str) -> usize {
    output.to_string().matches(needle).count()
}

#[test]
fn a_body_too_deep_to_parse_is_guarded_as_written_with_one_warning() {
    let item = tokens(&format!(
        "fn f(a: u64) -> u64 {{ let b = Box::new(a); {} }}",
        nested(500, "*b")
    ));
    let output = raw_expand(quote!(), item);
    assert_eq!(
        count(&output, "too_deep_to_analyse"),
        2,
        "declared, used: {output}"
    );
    assert_eq!(count(&output, "box_new_allocates"), 0);
    assert_eq!(count(&output, "checked_or_plain"), 1);
    assert_eq!(count(&output, "enter"), 1);
    // Checked and plain: the body goes out twice, as written.
    assert_eq!(count(&output, "Box :: new (a)"), 2);
    assert!(count(&output, "{") >= 2 * 500);
}

#[test]
fn deep_methods_are_taken_out_of_an_impl_one_by_one() {
    let item = tokens(&format!(
        "impl Mixer {{
            const DEEP: u64 = {};
            fn shallow(&self) -> Box<u8> {{ Box::new(1) }}
            fn deep(&self, a: u64) -> u64 {{ {} }}
        }}",
        nested(500, "1"),
        nested(500, "a")
    ));
    let output = raw_expand(quote!(), item);
    let text = output.to_string();
    assert_eq!(count(&output, "box_new_allocates"), 2, "{text}");
    assert_eq!(count(&output, "too_deep_to_analyse"), 2, "{text}");
    assert_eq!(count(&output, "enter"), 2);
    // The constant goes back as it was written, placeholder gone.
    assert!(text.contains("const DEEP : u64 = {"));
    assert_eq!(count(&output, "__qadapt_deep_"), 0);
}

#[test]
fn a_body_parsed_but_deeper_than_the_walk_is_analysed_above_it() {
    let terms = vec!["a"; 1000].join(" + ");
    let item = tokens(&format!(
        "fn f(a: u64) -> u64 {{ let b = Box::new(a); {terms} + *b }}"
    ));
    let output = raw_expand(quote!(), item);
    assert_eq!(count(&output, "box_new_allocates"), 2, "declared, used");
    assert_eq!(count(&output, "too_deep_to_analyse"), 2);
    assert!(output.to_string().contains("too deep to analyse whole"));
}

#[test]
fn bad_options_on_a_deep_fn_keep_the_item() {
    let item = tokens(&format!("fn f() -> u64 {{ {} }}", nested(500, "1")));
    let output = raw_expand(quote!(bogus), item);
    let text = output.to_string();
    assert!(text.contains("compile_error"), "{text}");
    assert!(text.contains("unknown option"), "{text}");
    assert!(count(&output, "{") >= 500);
}

#[test]
fn a_deep_closure_where_the_attribute_does_not_belong_is_an_error() {
    let item = tokens(&format!("|| {}", nested(500, "1")));
    let output = raw_expand(quote!(), item);
    let text = output.to_string();
    assert!(text.contains("can only be used on a fn"), "{text}");
    assert!(count(&output, "{") >= 500);
}

#[test]
fn an_item_too_deep_to_read_goes_out_untouched_with_a_warning() {
    // Generic arguments 100 deep, in the signature: nothing to take out.
    let ty = format!("{}u8{}", "Vec<".repeat(100), ">".repeat(100));
    let item = tokens(&format!(
        "fn f(v: {ty}) -> usize {{ Box::new(1); v.len() }}"
    ));
    let output = raw_expand(quote!(), item);
    let text = output.to_string();
    assert_eq!(count(&output, "too_deep_to_read"), 2, "{text}");
    assert_eq!(count(&output, "enter"), 0);
    assert!(text.starts_with("fn f (v : Vec <"), "{text}");
}
