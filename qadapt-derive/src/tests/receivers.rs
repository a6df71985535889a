//! The expansion of methods, by receiver.

use super::*;

#[test]
fn a_method_annotated_alone_reads_its_type_at_run_time() {
    let out = expand(quote!(), quote! { fn m(&self) -> u8 { self.0 } });
    assert_has(
        &out,
        "owner: ::core::option::Option::Some(::core::any::type_name::<Self>)",
    );
    let out = expand(quote!(), quote! { fn new() -> Self { Self(0) } });
    assert_has(
        &out,
        "owner: ::core::option::Option::Some(::core::any::type_name::<Self>)",
    );
    // A free fn, and the methods of an annotated impl (named with their type), have none.
    let out = expand(quote!(), quote! { fn f(x: u8) -> u8 { x } });
    assert_has(&out, "owner: ::core::option::Option::None");
    // `self::` is a path any free fn may spell, not a receiver.
    let out = expand(quote!(), quote! { fn f(x: self::T) -> self::T { x } });
    assert_has(&out, "owner: ::core::option::Option::None");
    let out = expand(quote!(), quote! { impl S { fn m(&self) -> u8 { self.0 } } });
    assert_has(&out, "owner: ::core::option::Option::None");
}

#[test]
fn receivers() {
    let out = expand(
        quote!(),
        quote! {
            impl S {
                fn by_ref(&self) -> &u8 { &self.x }
                fn by_mut(&mut self) -> &mut u8 { &mut self.x }
                fn by_value(self) -> u8 { self.x }
                fn by_mut_value(mut self) -> Self { self.x += 1; self }
                fn boxed(self: Box<Self>) -> u8 { self.x }
                fn typed_ref(self: &Self) -> u8 { self.x }
            }
        },
    );
    // A reference receiver stays where it is, behind the guard.
    assert_has(
        &out,
        "fn by_ref(&self) -> &u8 { { let mut __qadapt_region = ::qadapt::__private::enter(",
    );
    assert_has(
        &out,
        "\"::S::by_ref\")), kind: ::qadapt::__private::RegionKind::NoAlloc, owner: ::core::option::Option::None, });
         #[allow(clippy::diverging_sub_expression)] let __qadapt_value = { &self.x };",
    );
    assert_has(&out, "let __qadapt_value = { &mut self.x };");
    assert_has(
        &out,
        "\"::S::typed_ref\")), kind: ::qadapt::__private::RegionKind::NoAlloc, owner: ::core::option::Option::None, });
         #[allow(clippy::diverging_sub_expression)] let __qadapt_value = { self.x };",
    );
    // A by-value `self` cannot be rebound: the body runs in a closure that
    // owns it.
    assert_has(
        &out,
        "fn by_value(self) -> u8 { { ::qadapt::__private::run_fn::<u8, _>(",
    );
    assert_has(&out, "move || { let _ = &self; self.x })");
    assert_has(&out, "fn by_mut_value(mut self) -> Self");
    assert_has(&out, "move || { let _ = &self; self.x += 1; self })");
    assert_has(&out, "fn boxed(self: Box<Self>) -> u8");
    assert_has(
        &out,
        "run_fn::<u8, _>(&::qadapt::__private::RegionInfo { \
         name: ::core::option::Option::Some(::core::concat!(::core::module_path!(), \"::S::boxed\")), \
         kind: ::qadapt::__private::RegionKind::NoAlloc, owner: ::core::option::Option::None, }, 0, move ||",
    );
    assert_eq!(flat(&out).matches("run_fn").count(), 3, "{out}");
    assert_eq!(flat(&out).matches("__private::enter(").count(), 3, "{out}");
}
