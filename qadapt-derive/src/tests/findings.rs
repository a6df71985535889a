//! Findings as warnings or `strict` errors.

use super::*;

#[test]
fn findings_become_deprecation_warnings_before_the_guard() {
    let out = expand(quote!(), mix());
    assert_has(
        &out,
        "#[deprecated(note = \"`format!` allocates in #[no_alloc] fn `mix`: ",
    );
    assert_has(
        &out,
        "add `allow(format)` to #[no_alloc(..)] if this is intended (qadapt warns through the \
         `deprecated` lint: allowing `deprecated` hides all of its findings; `strict` makes them \
         errors)\")]",
    );
    assert_has(
        &out,
        "#[allow(dead_code, non_upper_case_globals)] const format_allocates: () = ();
         #[allow(clippy::let_unit_value)] let _ = format_allocates; }
         { let mut __qadapt_region = ::qadapt::__private::enter(",
    );
    assert_eq!(flat(&out).matches("#[deprecated").count(), 1, "{out}");
    assert_lacks(&out, "compile_error");
}

#[test]
fn findings_in_const_fns_are_prepended() {
    let out = expand(
        quote!(),
        quote! {
            const fn c() -> u8 {
                let _ = vec![1u8];
                1
            }
        },
    );
    assert_has(&out, "let _ = vec_allocates; } let _ = vec![1u8]; 1 }");
}

#[test]
fn strict_findings_are_errors() {
    let out = expand(quote!(strict), mix());
    assert_has(
        &out,
        "::core::compile_error! { \"`format!` allocates in #[no_alloc] fn `mix`: ",
    );
    assert_lacks(&out, "#[deprecated");
    // The function is still expanded (and guarded) next to the errors.
    assert_has(
        &out,
        "let mut __qadapt_region = ::qadapt::__private::enter(",
    );
}

#[test]
fn runtime_only_skips_the_static_walk() {
    let out = expand(quote!(runtime_only), mix());
    assert_lacks(&out, "#[deprecated");
    assert_has(&out, "__private::enter(");
}

#[test]
fn allowed_paths_are_not_reported() {
    let out = expand(quote!(allow(format)), mix());
    assert_lacks(&out, "#[deprecated");
}

#[test]
fn method_findings_name_the_type() {
    let out = expand(
        quote!(),
        quote!(impl Mixer { fn mix(&self) -> String { format!("{}", 1) } }),
    );
    assert_has(&out, "in #[no_alloc] fn `Mixer::mix`: ");
}

#[test]
fn unknown_option_lists_the_options() {
    let err = args_error(quote!(xyzzy));
    assert!(
        err.contains("`strict`") && err.contains("`runtime_only`"),
        "{err}"
    );
    assert_eq!(err.matches("`strict`").count(), 1, "{err}");
    let err = args_error(quote!(stricter));
    assert!(err.contains("did you mean `strict`?"), "{err}");
    assert!(err.contains("`crate = \"path\"`"), "{err}");
}
