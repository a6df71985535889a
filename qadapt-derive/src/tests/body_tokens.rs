//! Reading a body's tokens without parsing it: inner attributes, one-expression bodies, the fast path.

use super::*;

#[test]
fn inner_attributes_are_split_off_the_body() {
    let split = |body: TokenStream| {
        let (attrs, rest) = crate::expand::split_inner_attributes(&body);
        (attrs.to_string(), rest.to_string())
    };
    assert_eq!(
        split(quote! { #![allow(unused)] #![doc = "x"] let a = 1; a }),
        (
            quote! { #![allow(unused)] #![doc = "x"] }.to_string(),
            quote! { let a = 1; a }.to_string()
        )
    );
    // An outer attribute on the first statement is the statement's.
    assert_eq!(
        split(quote! { #[allow(unused)] let a = 1; }),
        (
            String::new(),
            quote! { #[allow(unused)] let a = 1; }.to_string()
        )
    );
    // The fn's inner attributes open its block, before the guard and the warnings.
    let out = pretty(raw_expand(
        quote!(),
        quote! { fn f(x: u8) -> u8 { #![allow(unused)] format!("{x}"); x } },
    ));
    let body = out.split_once('{').expect("a body").1.trim_start();
    assert!(body.starts_with("#![allow(unused)]"), "{out}");
    assert_eq!(out.matches("#![allow(unused)]").count(), 1, "{out}");
}

#[test]
fn one_expression_bodies_are_told_from_their_tokens() {
    let one = |body: TokenStream| crate::expand::one_expression_tokens(&body);
    assert!(one(quote! { panic!("x") }));
    assert!(one(quote! { m!(); n!(); panic!("x") }));
    assert!(one(quote! { use a::b; const N: u8 = 1; b(N) }));
    assert!(one(quote! { fn inner() -> u8 { 1 } return inner(); }));
    assert!(!one(quote! { let a = 1; a }));
    assert!(!one(quote! { f(); g() }));
    // Empty statements: one before the last is not a macro call.
    assert!(one(quote! { m!(); ; }));
    assert!(!one(quote! { m!(); ; x }));
    assert!(!one(quote! { f(); ; }));
    assert!(one(quote! { x(); }));
    assert!(one(quote! {}));
}

#[test]
fn the_fast_path_expands_like_the_full_path() {
    // A catalogue word in an inert attribute sends an item down the full path
    // (the prescan reads every token); the same item with another word takes
    // the fast path. Apart from that word, the outputs must agree.
    let items = [
        quote! { pub fn a(x: &[f32], gain: f32) -> f32 { x.iter().map(|v| v * gain).sum() } },
        quote! { fn b<'a, T: Copy, const N: usize>(t: [T; N], s: &'a [u8]) -> &'a u8 where T: Default { let _ = t; &s[0] } },
        quote! { pub(crate) unsafe extern "C" fn c(p: *const u8, mut n: u32, (a, b): (u8, u8)) -> u8 { n += 1; let v = unsafe { *p }; v + a + b + n as u8 } },
        quote! { fn d(v: Vec<u8>, _: Probe) { let _ = v.len(); } },
        quote! { fn e(x: impl Fn() -> u8) -> ! { loop { x(); } } },
        quote! { async fn f(a: u8, b: Vec<u8>) -> u8 { let _ = b.len(); a } },
        quote! { fn g(&self, n: u8) -> u8 { self.0 + n } },
        quote! { fn h(self, n: u8) -> u8 { self.0 + n } },
        quote! { #[inline] #[must_use] fn i() -> u8 { m!(); 1 } },
        quote! { fn j(v: Vec<u8>) -> usize { #![allow(unused)] #![deny(clippy::all)] v.len() } },
        quote! { fn k(self) { #![allow(unused)] } },
    ];
    for item in items {
        let full_input = quote! { #[cfg_attr(any(), format)] #item };
        let fast_input = quote! { #[cfg_attr(any(), plain)] #item };
        let options = qadapt_lints::Options::default();
        assert!(qadapt_lints::may_find(&full_input, &options), "{item}");
        assert!(!qadapt_lints::may_find(&fast_input, &options), "{item}");
        let full = raw_expand(quote!(), full_input).to_string();
        let fast = raw_expand(quote!(), fast_input).to_string();
        assert_eq!(full.replace("format", "plain"), fast, "{item}");
    }
}
