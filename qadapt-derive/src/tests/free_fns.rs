//! The expansion of a free function: the guard, the body as written beside it, each signature shape and option.

use super::*;

/// The guard's opening statement for a `#[no_alloc]` fn named `name`.
fn enter(name: &str) -> String {
    format!(
        "let mut __qadapt_region = ::qadapt::__private::enter(&::qadapt::__private::RegionInfo {{
            name: ::core::option::Option::Some(::core::concat!(::core::module_path!(), \"::{name}\")),
            kind: ::qadapt::__private::RegionKind::NoAlloc,
            owner: ::core::option::Option::None,
        }});"
    )
}

/// The guard's closing statement on the normal path (a call, located at the fn's name).
const EXIT: &str = "::qadapt::__private::exit!(__qadapt_region);";

#[test]
fn sync_fn_runs_after_a_guard() {
    let out = expand(
        quote!(),
        quote! {
            pub fn f(mut a: Vec<u8>, (x, y): (Vec<u8>, u8), r: &u8, _: Probe, mut n: u32) -> Result<u32, E> {
                n += 1;
                Ok(n)
            }
        },
    );
    // Arguments with something to drop are rebound; a reference or a number
    // has nothing to drop and stays in the signature as written.
    assert_has(
        &out,
        "pub fn f(a: Vec<u8>, __qadapt_arg1: (Vec<u8>, u8), r: &u8, __qadapt_arg3: Probe, mut n: u32) \
         -> Result<u32, E>",
    );
    // The guard first, then the body's block, which rebinds the by-value
    // arguments (dropped at its end), and whose value is returned; the guard,
    // the first local, drops last.
    assert_has(
        &out,
        &format!(
            "-> Result<u32, E> {{ {{
                {}
                let __qadapt_value = {{
                    #[allow(rebind)] let mut a = a;
                    #[allow(rebind)] let __qadapt_arg1 = __qadapt_arg1;
                    #[allow(rebind)] let (x, y) = __qadapt_arg1;
                    #[allow(rebind)] let __qadapt_arg3 = __qadapt_arg3;
                    #[allow(rebind)] let _ = __qadapt_arg3;
                    n += 1;
                    Ok(n)
                }};
                {EXIT}
                __qadapt_value
            }} }}",
            enter("f")
        ),
    );
    assert_lacks(&out, "let r = r;");
    assert_lacks(&out, "let n = n;");
    assert_lacks(&out, "mem::drop");
    assert_lacks(&out, "run_fn");
    assert_lacks(&out, "move ||");
}

#[test]
fn a_build_without_checks_compiles_the_body_as_written() {
    // Bodies whose signature the guard leaves alone: the body as written
    // (a finding's warning stays in both builds).
    for (args, item) in [
        (
            quote!(),
            quote! { fn f(a: &[u8], n: u32) -> usize { a.len() + n as usize } },
        ),
        (quote!(forbid), quote! { fn unit(n: &mut u32) { *n += 1; } }),
        (
            quote!(max = 2),
            quote! { async fn later(n: u32) -> u32 { tick().await; n } },
        ),
        (
            quote!(),
            quote! { fn said() -> String { format!("{}", 1) } },
        ),
    ] {
        let plain = pretty(choose(raw_expand(args.clone(), item.clone()), Build::Plain));
        let checked = pretty(choose(raw_expand(args, item.clone()), Build::Checked));
        assert_has(&checked, "__private::");
        assert_lacks(&plain, "__private");
        assert_lacks(&plain, "__qadapt");
        let written = pretty(item);
        if written.contains("format!") {
            assert_has(&plain, "#[deprecated(");
            assert_has(
                &plain,
                "let _ = format_allocates; } { format!(\"{}\", 1) } }",
            );
        } else {
            // One block more: the body's.
            let body = written.find('{').expect("a body");
            let nested = format!("{}{{{}}}", &written[..=body], &written[body + 1..]);
            assert_eq!(flat(&plain), flat(&nested), "{plain}");
        }
    }

    // Arguments the signature now binds under another name, or without
    // `mut`, or that have something to drop, are rebound as in the checked
    // build, in the same order, so both builds drop everything alike.
    let item = quote! {
        pub fn f(mut a: Vec<u8>, (x, y): (Vec<u8>, u8), n: u32) -> usize {
            a.push(x.len() as u8);
            a.len() + y as usize + n as usize
        }
    };
    let plain = pretty(choose(raw_expand(quote!(), item.clone()), Build::Plain));
    assert_lacks(&plain, "__private");
    assert_has(
        &plain,
        "-> usize { { #[allow(rebind)] let mut a = a; \
         #[allow(rebind)] let __qadapt_arg1 = __qadapt_arg1; \
         #[allow(rebind)] let (x, y) = __qadapt_arg1; \
         a.push(x.len() as u8); a.len() + y as usize + n as usize } }",
    );
    let by_value = quote! { fn by_value(self, v: Vec<u8>) -> usize { v.len() } };
    let plain = pretty(choose(raw_expand(quote!(), by_value), Build::Plain));
    assert_lacks(&plain, "__private");
    assert_has(&plain, "#[allow(rebind)] let v = v; v.len()");
}

#[test]
fn a_body_with_nothing_to_find_is_reemitted_as_written() {
    // No word of the catalogue: the body is not parsed, its tokens go back
    // out untouched (comments aside), behind the same guard.
    let out = expand(
        quote!(),
        quote! {
            fn f(a: &[f32], gain: f32) -> f32 {
                a.iter().map(|x| x * gain).sum()
            }
        },
    );
    assert_has(
        &out,
        &format!(
            "fn f(a: &[f32], gain: f32) -> f32 {{ {{ {} \
             #[allow(clippy::diverging_sub_expression)] let __qadapt_value = {{ \
             a.iter().map(|x| x * gain).sum() }}; {EXIT} __qadapt_value }} }}",
            enter("f")
        ),
    );
}

#[test]
fn unit_fns_end_with_a_statement() {
    // A unit body is a statement: no `let` of a unit value.
    // Its temporaries drop at the `;`, inside the region.
    let out = expand(quote!(), quote! { fn g() { x(); } });
    assert_has(&out, &format!("{} {{ x(); }}; {EXIT} }}", enter("g")));
    assert_lacks(&out, "__qadapt_value");
    let out = expand(quote!(), quote! { fn g() -> () {} });
    assert_has(&out, &format!("{} {{}}; {EXIT} }}", enter("g")));
    let out = expand(quote!(), quote! { async fn g() {} });
    assert_has(&out, "async move {}).await; }");
    let out = expand(quote!(), quote! { fn g() -> u8 { 1 } });
    assert_has(
        &out,
        &format!("let __qadapt_value = {{ 1 }}; {EXIT} __qadapt_value }}"),
    );
}

#[test]
fn impl_trait_returns_are_inferred() {
    // The body's value is a `let` without a type: nothing to name.
    let out = expand(
        quote!(),
        quote! {
            fn g() -> impl Iterator<Item = u8> {
                None.into_iter()
            }
        },
    );
    assert_has(&out, "let __qadapt_value = { None.into_iter() };");
    // In the closure of a by-value `self`, every `impl Trait` is `_`.
    let out = expand(
        quote!(),
        quote! {
            impl S {
                fn g(self) -> Result<(u8, impl Display), E> {
                    todo()
                }
                fn h(self) -> Box<dyn Display> {
                    todo()
                }
            }
        },
    );
    assert_has(&out, "run_fn::<Result<(u8, _), E>, _>(");
    assert_has(&out, "run_fn::<Box<dyn Display>, _>(");
}

#[test]
fn single_expression_bodies_are_not_diverging_sub_expressions() {
    // Clippy reads `let v = { panic!() };` as a diverging sub-expression.
    let allow = "#[allow(clippy::diverging_sub_expression)] let __qadapt_value";
    let out = expand(quote!(), quote! { fn g(a: &u8) -> u8 { panic!("{a}") } });
    assert_has(&out, allow);
    let out = expand(
        quote!(),
        quote! { fn g() -> u8 { fn inner() -> u8 { 1 } return inner(); } },
    );
    assert_has(&out, allow);
    // Not with other statements, which would be linted as the user's (nor
    // with the arguments' rebindings).
    let out = expand(quote!(), quote! { fn g() -> u8 { let a = 1; a } });
    assert_lacks(&out, "diverging_sub_expression");
    let out = expand(quote!(), quote! { fn g(a: String) -> u8 { panic!("{a}") } });
    assert_lacks(&out, "diverging_sub_expression");
}

#[test]
fn never_returning_fn() {
    let out = expand(
        quote!(),
        quote! {
            fn g() -> ! {
                loop {}
            }
        },
    );
    // A statement, like a unit body: no value of type `!` to bind.
    assert_has(&out, &format!("{} {{ loop {{}} }}; {EXIT} }}", enter("g")));
    assert_lacks(&out, "__qadapt_value");
    let out = expand(
        quote!(),
        quote! {
            impl S {
                fn g(self) -> ! {
                    loop {}
                }
            }
        },
    );
    assert_has(&out, "run_fn::<_, _>(");
    assert_has(&out, "move || -> ! {");
}

#[test]
fn async_fn_runs_in_an_async_block() {
    let out = expand(
        quote!(),
        quote! {
            async fn g(a: u8) -> u8 {
                a
            }
        },
    );
    assert_has(
        &out,
        "::qadapt::__private::run_future::<u8, _>(
            &::qadapt::__private::RegionInfo {
                name: ::core::option::Option::Some(::core::concat!(::core::module_path!(), \"::g\")),
                kind: ::qadapt::__private::RegionKind::NoAlloc,
            owner: ::core::option::Option::None,
            },
            0,
            async move { a },
        ).await",
    );
    assert_lacks(&out, "run_fn");
}

#[test]
fn const_fn_is_only_checked_statically() {
    let out = expand(
        quote!(),
        quote! {
            const fn g(a: u8) -> u8 {
                a
            }
        },
    );
    assert_lacks(&out, "__private");
    assert_has(&out, "const fn g(a: u8) -> u8 { a }");
}

#[test]
fn unsafe_and_extern_fns_keep_their_signature() {
    let out = expand(
        quote!(),
        quote! {
            pub unsafe extern "C" fn g(p: *const u8) -> u8 {
                unsafe { *p }
            }
        },
    );
    assert_has(&out, "pub unsafe extern \"C\" fn g(p: *const u8) -> u8");
    assert_has(&out, "let __qadapt_value = { unsafe { *p } };");
}

#[test]
fn generics_and_attributes_are_kept() {
    let out = expand(
        quote!(),
        quote! {
            #[inline]
            /// Docs.
            pub(crate) fn g<'a, T: Into<u8>, const N: usize>(t: T, s: &'a [u8; N]) -> &'a u8
            where
                T: Copy,
            {
                &s[0]
            }
        },
    );
    assert_has(&out, "#[inline]");
    assert_has(&out, "/// Docs.");
    assert_has(
        &out,
        "pub(crate) fn g<'a, T: Into<u8>, const N: usize>(t: T, s: &'a [u8; N]) -> &'a u8 where T: Copy,",
    );
    assert_has(
        &out,
        "let __qadapt_value = { #[allow(rebind)] let t = t; &s[0] };",
    );
}

#[test]
fn argument_attributes() {
    let out = expand(
        quote!(),
        quote! {
            fn g(#[cfg(unix)] a: Vec<u8>, #[expect(unused)] b: Vec<u8>, #[expect(unused)] c: u8) {}
        },
    );
    // Lint attributes move with the binding; a number is not rebound.
    assert_has(
        &out,
        "fn g(#[cfg(unix)] a: Vec<u8>, b: Vec<u8>, #[expect(unused)] c: u8)",
    );
    assert_has(&out, "#[cfg(unix)] #[allow(rebind)] let a = a;");
    assert_has(&out, "#[expect(unused)] #[allow(rebind)] let b = b;");
}

#[test]
fn region_kinds() {
    let out = expand(
        quote!(forbid),
        quote! {
            fn g() {}
        },
    );
    assert_has(
        &out,
        "kind: ::qadapt::__private::RegionKind::Forbid, owner: ::core::option::Option::None, });",
    );
    let out = expand(
        quote!(max = 3),
        quote! {
            fn g() {}
        },
    );
    assert_has(
        &out,
        "let mut __qadapt_region = ::qadapt::__private::enter_budget(&::qadapt::__private::RegionInfo {",
    );
    assert_has(
        &out,
        "kind: ::qadapt::__private::RegionKind::Budget, owner: ::core::option::Option::None, }, 3);",
    );
}

#[test]
fn crate_option_renames_the_runtime() {
    let out = expand(
        quote!(crate = "my_lib::qadapt"),
        quote! {
            fn g() {}
        },
    );
    assert_has(&out, "my_lib::qadapt::__private::enter(");
    assert_has(&out, "my_lib::qadapt::__private::RegionInfo {");
    assert_has(&out, "my_lib::qadapt::__private::RegionKind::NoAlloc");
    assert_lacks(&out, "{ ::qadapt");
}

#[test]
fn static_only_adds_no_guard() {
    let out = expand(
        quote!(static_only),
        quote! {
            fn g(a: u8) -> u8 {
                a
            }
        },
    );
    assert_lacks(&out, "__private");
    assert_has(&out, "fn g(a: u8) -> u8 { a }");
}

#[test]
fn naked_and_variadic_fns_get_no_guard() {
    let out = expand(
        quote!(),
        quote! {
            #[unsafe(naked)]
            extern "C" fn g() {
                naked_asm!("ret")
            }
        },
    );
    assert_lacks(&out, "__private");
    let out = expand(
        quote!(),
        quote! {
            unsafe extern "C" fn g(a: u8, args: ...) {}
        },
    );
    assert_lacks(&out, "__private");
}
