//! The expansion of impl blocks, traits in mods and inline mods.

use super::*;

#[test]
fn impl_blocks_name_regions_after_the_type() {
    let out = expand(
        quote!(),
        quote! {
            impl<T: Copy> Buf<T, 4> {
                const N: usize = 4;
                fn get(&self) -> T { self.0 }
                #[no_alloc(forbid)]
                fn own(&self) {}
                const fn c(&self) -> usize { Self::N }
            }
        },
    );
    assert_has(
        &out,
        "::core::concat!(::core::module_path!(), \"::Buf<T,4>::get\")",
    );
    assert_has(&out, "#[no_alloc(forbid)] fn own(&self) {}");
    assert_has(&out, "const fn c(&self) -> usize { Self::N }");
    assert_eq!(flat(&out).matches("__private::enter(").count(), 1, "{out}");
}

#[test]
fn trait_impls() {
    let out = expand(
        quote!(),
        quote!(impl Display for S { fn fmt(&self, f: &mut Formatter<'_>) -> Result { Ok(()) } }),
    );
    assert_has(&out, "\"::S::fmt\"");
    assert_has(&out, "__private::enter(");
}

#[test]
fn on_a_trait_itself_is_an_error_and_the_trait_is_kept() {
    let out = expand(
        quote!(),
        quote! { pub trait T { fn provided(&self) -> u8 { 1 } } },
    );
    assert_has(
        &out,
        "can only be used on a fn, an impl block or an inline mod: on a trait it would check",
    );
    assert_has(&out, "pub trait T");
    assert_lacks(&out, "__private");
}

#[test]
fn traits_in_a_mod_guard_default_methods_only() {
    let out = expand(
        quote!(),
        quote! {
            mod m {
                pub trait T {
                    fn required(&self) -> u8;
                    fn provided(&self) -> u8 { self.required() }
                    async fn later(&self) -> u8 { 1 }
                }
            }
        },
    );
    assert_has(&out, "fn required(&self) -> u8;");
    assert_has(&out, "\"::T::provided\"");
    assert_has(&out, "run_future::<u8, _>(");
    assert_eq!(flat(&out).matches("__private::enter(").count(), 1, "{out}");
}

#[test]
fn a_method_annotated_alone() {
    let out = expand(
        quote!(),
        quote! {
            fn provided(&self) -> u8 {
                self.x
            }
        },
    );
    assert_has(&out, "\"::provided\"");
}

#[test]
fn a_fn_without_a_body_is_an_error_and_kept() {
    // A required trait method, a foreign function (or one written like a
    // required method), a free fn missing its body: the tokens do not say
    // which, and the message does not guess.
    for (item, name) in [
        (quote! { fn required(&self) -> u8; }, "required"),
        (quote! { fn puts(s: *const u8) -> i32; }, "puts"),
        (quote! { pub safe fn abs(x: i32) -> i32; }, "abs"),
        (
            quote! { pub unsafe fn strlen(s: *const u8) -> usize; },
            "strlen",
        ),
        (quote! { pub fn free(); }, "free"),
    ] {
        let out = raw_expand(quote!(), item.clone()).to_string();
        assert!(out.starts_with(&item.to_string()), "{out}");
        assert!(
            out.contains(&format!(
                "#[no_alloc] on a fn without a body checks nothing: `{name}` has no body here; \
                 put #[no_alloc] on the fns with a body that implement it or call it"
            )),
            "{out}"
        );
    }
}

#[test]
fn inline_mods_are_walked_recursively() {
    let out = expand(
        quote!(),
        quote! {
            mod m {
                use std::fmt;
                fn a() {}
                struct W;
                impl W { fn b(&self) {} }
                mod inner {
                    fn c() {}
                    #[qadapt::no_alloc(static_only)]
                    fn own() {}
                }
                #[no_alloc(forbid)]
                mod skipped { fn d() {} }
            }
        },
    );
    for name in ["::a", "::W::b", "::c"] {
        assert_has(&out, &format!("::core::module_path!(), \"{name}\")"));
    }
    assert_has(&out, "#[qadapt::no_alloc(static_only)] fn own() {}");
    assert_has(&out, "#[no_alloc(forbid)] mod skipped { fn d() {} }");
    assert_eq!(flat(&out).matches("__private::enter(").count(), 3, "{out}");
}
