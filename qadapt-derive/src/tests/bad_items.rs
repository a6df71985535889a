//! The attribute where it does not belong, and options it cannot take: an error, and the item kept.

use super::*;

fn assert_error_and_item(out: &str, message: &str, item: &str) {
    assert_has(out, &format!("::core::compile_error! {{ \"{message}\" }}"));
    assert_has(out, item);
    assert_lacks(out, "__private");
}

#[test]
fn wrong_items_are_errors_and_kept() {
    let msg = "`#[no_alloc]` can only be used on a fn, an impl block or an inline mod";
    for item in [
        quote! { struct S; },
        quote! { const C: u8 = 1; },
        quote! { static S: u8 = 1; },
        quote! { enum E { A } },
        quote! { use std::fmt; },
        quote! { type T = u8; },
        quote! { extern "C" { fn f(); } },
    ] {
        let out = expand(quote!(), item.clone());
        assert_error_and_item(&out, msg, &item.to_string());
    }
    let out = expand(
        quote!(),
        quote! {
            macro_rules! m {
                () => {};
            }
        },
    );
    assert_error_and_item(&out, msg, "macro_rules! m {");
    let out = expand(
        quote!(),
        quote! {
            mod m;
        },
    );
    assert_has(&out, "`mod m;` has its body in another file");
    assert_has(&out, "mod m;");
}

#[test]
fn expressions_and_statements_are_errors_apart_from_them() {
    let msg = "`#[no_alloc]` can only be used on a fn, an impl block or an inline mod";
    // An expression: the error, then the expression, in a block (appended,
    // `a + b ::core::compile_error!{..}` would read as a path).
    let out = raw_expand(quote!(), quote!(|a: u32, b: u32| a + b)).to_string();
    let expected = quote! {{
        ::core::compile_error! { #msg };
        |a: u32, b: u32| a + b
    }};
    assert_eq!(out, expected.to_string());
    // A statement: the error, then the statement.
    let out = raw_expand(quote!(), quote!(let total = 1 + 2;)).to_string();
    let expected = quote! {
        ::core::compile_error! { #msg }
        let total = 1 + 2;
    };
    assert_eq!(out, expected.to_string());
    let out = raw_expand(quote!(stirct), quote!(f();)).to_string();
    assert!(out.starts_with(":: core :: compile_error !"), "{out}");
    assert!(out.ends_with("f () ;"), "{out}");
}

#[test]
fn bad_options_keep_the_item() {
    let out = expand(
        quote!(stirct),
        quote! {
            fn g() {}
        },
    );
    assert_has(&out, "did you mean `strict`?");
    assert_has(&out, "fn g() {}");
    assert_lacks(&out, "run_fn");
}

#[test]
fn duplicate_attribute() {
    let out = expand(
        quote!(),
        quote! {
            #[no_alloc(forbid)]
            fn g() {}
        },
    );
    assert_error_and_item(
        &out,
        "#[no_alloc]: this item already has a #[no_alloc] attribute",
        "#[no_alloc(forbid)] fn g() {}",
    );
}

#[test]
fn never_panics() {
    let args = [
        quote!(),
        quote!(strict),
        quote!(,,,),
        quote!(allow(1, "x", a = b, c(d))),
        quote!(max = 99999999999999999999999999),
        quote!(crate = ""),
        quote!(crate = "1 + 1"),
        quote!(r#strict),
        quote!(::strict),
        quote!(a::b = 3),
    ];
    let items = [
        quote!(),
        quote!(fn),
        quote! {
            fn f() {}
            fn g() {}
        },
        quote!(1 + 1),
        quote!(fn f(..) {}),
        quote!(fn f<>() -> {}),
        quote!(impl {}),
        quote! {
            trait T {
                fn f() {}
                fn g();
                type A;
                const B: u8;
            }
        },
        quote! {
            mod m {
                mod n;
                struct S;
            }
        },
        quote! {
            fn r#type(r#fn: u8) -> u8 {
                r#fn
            }
        },
        quote! {
            async unsafe extern "C" fn f<'a>(self: Box<Self>, (a, ..): (u8, u8), ref b: u8) -> ! {
                loop {}
            }
        },
    ];
    for a in &args {
        for i in &items {
            let _ = raw_expand(a.clone(), i.clone());
        }
    }
}
