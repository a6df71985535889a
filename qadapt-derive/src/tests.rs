//! Unit tests of the option parsing and of the expansion, pretty-printed.

mod deep;

use crate::args::{self, Region, Strictness};
use crate::project::{self, Project};
use proc_macro2::{Group, TokenStream, TokenTree};
use qadapt_lints::config::{Config, Layer};
use quote::quote;
use std::path::Path;
use std::sync::Arc;

/// Expands `#[no_alloc(args)] item` in a project without configuration, as
/// tokens.
fn raw_expand(args: TokenStream, item: TokenStream) -> TokenStream {
    crate::expand_in(Ok(Project::default()), args, item)
}

/// Expands `#[no_alloc(args)] item` and pretty-prints the result, as a build
/// with qadapt's checks compiled in sees it.
fn expand(args: TokenStream, item: TokenStream) -> String {
    pretty(choose(raw_expand(args, item), Build::Checked))
}

/// Which side of `checked_or_plain!` a build takes.
#[derive(Clone, Copy)]
enum Build {
    Checked,
    Plain,
}

/// Does what `qadapt::__private::checked_or_plain!` does: replaces each
/// invocation (its path included) by one of its two blocks.
fn choose(tokens: TokenStream, build: Build) -> TokenStream {
    let mut out: Vec<TokenTree> = Vec::new();
    let mut input = tokens.into_iter().peekable();
    while let Some(token) = input.next() {
        match token {
            TokenTree::Ident(ident) if ident == "checked_or_plain" => {
                // Drop the path before it (`::qadapt::__private::`).
                while matches!(out.last(), Some(TokenTree::Ident(_)))
                    || matches!(out.last(), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                {
                    out.pop();
                }
                let bang = input.next();
                assert!(matches!(bang, Some(TokenTree::Punct(p)) if p.as_char() == '!'));
                let Some(TokenTree::Group(args)) = input.next() else {
                    panic!("checked_or_plain! without its groups");
                };
                let sides: Vec<TokenTree> = args.stream().into_iter().collect();
                let [TokenTree::Group(checked), TokenTree::Group(plain)] = sides.as_slice() else {
                    panic!("checked_or_plain! takes two groups: {args}");
                };
                let side = match build {
                    Build::Checked => checked,
                    Build::Plain => plain,
                };
                let mut block = Group::new(side.delimiter(), choose(side.stream(), build));
                block.set_span(side.span());
                out.push(TokenTree::Group(block));
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), choose(group.stream(), build));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

fn pretty(output: TokenStream) -> String {
    match syn::parse2::<syn::File>(output.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => panic!("expansion does not parse ({err}):\n{output}"),
    }
}

/// The expansion without whitespace nor trailing commas, for assertions on
/// fragments that prettyplease may break across lines.
fn flat(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for close in [")", ">", "}", "]"] {
        out = out.replace(&format!(",{close}"), close);
    }
    out
}

/// Written `#[allow(rebind)]` in the expected fragments.
const REBIND_ALLOW: &str = "#[allow(clippy::redundant_locals, clippy::shadow_same, \
    clippy::used_underscore_binding, clippy::no_effect_underscore_binding)]";

#[track_caller]
fn assert_has(text: &str, fragment: &str) {
    let fragment = fragment.replace("#[allow(rebind)]", REBIND_ALLOW);
    assert!(
        flat(text).contains(&flat(&fragment)),
        "missing `{fragment}` in:\n{text}"
    );
}

#[track_caller]
fn assert_lacks(text: &str, fragment: &str) {
    assert!(
        !flat(text).contains(&flat(fragment)),
        "unexpected `{fragment}` in:\n{text}"
    );
}

fn parse_args(tokens: TokenStream) -> Result<args::Args, String> {
    args::parse(tokens)
        .map(|written| args::resolve(&written, &Project::default()))
        .map_err(|err| {
            err.into_iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
}

fn args_error(tokens: TokenStream) -> String {
    match parse_args(tokens) {
        Ok(_) => panic!("options accepted"),
        Err(err) => err,
    }
}

fn segments(patterns: &[qadapt_lints::PathPattern]) -> Vec<String> {
    patterns.iter().map(|p| p.segments().join("::")).collect()
}

// ---- options ----

#[test]
fn default_options() {
    let args = parse_args(quote!()).unwrap();
    assert_eq!(args.strict, Strictness::Lax);
    assert!(args.static_checks);
    assert_eq!(args.runtime, Some(Region::Protect));
    assert!(!args.lints.pedantic);
    assert!(args.lints.allow.is_empty() && args.lints.deny.is_empty());
    assert_eq!(args.krate.to_string(), quote!(::qadapt).to_string());
}

#[test]
fn boolean_options_as_words_and_values() {
    let args = parse_args(quote!(strict, pedantic)).unwrap();
    assert!(args.strict == Strictness::Attribute && args.lints.pedantic);
    let args = parse_args(quote!(strict = true, pedantic = false)).unwrap();
    assert!(args.strict == Strictness::Attribute && !args.lints.pedantic);
    let args = parse_args(quote!(strict = false, forbid = false, static_only = false)).unwrap();
    assert_eq!(args.strict, Strictness::Lax);
    assert_eq!(args.runtime, Some(Region::Protect));
}

#[test]
fn region_options() {
    assert_eq!(
        parse_args(quote!(forbid)).unwrap().runtime,
        Some(Region::Forbid)
    );
    assert_eq!(
        parse_args(quote!(max = 4)).unwrap().runtime,
        Some(Region::Budget(4))
    );
    assert_eq!(
        parse_args(quote!(max = "2")).unwrap().runtime,
        Some(Region::Budget(2))
    );
    assert_eq!(parse_args(quote!(static_only)).unwrap().runtime, None);
    let args = parse_args(quote!(runtime_only, forbid)).unwrap();
    assert!(!args.static_checks);
    assert_eq!(args.runtime, Some(Region::Forbid));
}

#[test]
fn allow_and_deny_paths() {
    let args = parse_args(quote!(
        allow(Vec::push, format),
        deny(crate::pool::Pool::take)
    ))
    .unwrap();
    assert_eq!(segments(&args.lints.allow), ["Vec::push", "format"]);
    assert_eq!(segments(&args.lints.deny), ["crate::pool::Pool::take"]);
    let args = parse_args(quote!(allow())).unwrap();
    assert!(args.lints.allow.is_empty());
}

#[test]
fn crate_path() {
    let args = parse_args(quote!(crate = "my_lib::qadapt")).unwrap();
    assert_eq!(args.krate.to_string(), quote!(my_lib::qadapt).to_string());
    let args = parse_args(quote!(crate = ::other::qadapt)).unwrap();
    assert_eq!(args.krate.to_string(), quote!(::other::qadapt).to_string());
    let err = args_error(quote!(crate = 3));
    assert!(
        err.contains("`crate` expects the path of the qadapt crate"),
        "{err}"
    );
}

#[test]
fn misspelt_option_suggests() {
    let err = args_error(quote!(strcit));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
    assert!(err.contains("Did you mean `strict`?"), "{err}");
    let err = args_error(quote!(static_onyl));
    assert!(err.contains("Did you mean `static_only`?"), "{err}");
}

#[test]
fn allow_takes_generic_arguments_and_ignores_them() {
    let args = parse_args(quote!(
        allow(Vec::<u8>::push, HashMap::<K, V>::insert),
        deny(Pool::<T>::take)
    ))
    .expect("generic arguments are accepted");
    assert_eq!(
        segments(&args.lints.allow),
        ["Vec::push", "HashMap::insert"]
    );
    assert_eq!(segments(&args.lints.deny), ["Pool::take"]);
}

#[test]
fn allow_entries_must_name_an_item() {
    for keyword in [quote!(Self), quote!(crate), quote!(super), quote!(self)] {
        let err = args_error(quote!(allow(#keyword)));
        assert!(err.starts_with("#[no_alloc]: "), "{err}");
        assert!(err.contains("names no function, method or macro"), "{err}");
        let err = args_error(quote!(deny(Vec::push, #keyword)));
        assert!(err.contains("names no function, method or macro"), "{err}");
    }
}

#[test]
fn allow_wants_paths() {
    let err = args_error(quote!(allow("Vec::push")));
    assert_eq!(err, "#[no_alloc]: expected a path like `Vec::push`");
    let err = args_error(quote!(deny(a = 1)));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
    let err = args_error(quote!(allow));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
    let err = args_error(quote!(allow = "Vec::push"));
    assert!(err.contains("expected a path like `Vec::push`"), "{err}");
}

#[test]
fn bad_values() {
    let err = args_error(quote!(max = "many"));
    assert!(
        err.contains("`max` expects a number of allocations"),
        "{err}"
    );
    let err = args_error(quote!(max = -1));
    assert!(
        err.contains("`max` expects a number of allocations"),
        "{err}"
    );
    let err = args_error(quote!(strict = 1));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
    let err = args_error(quote!(strict, strict));
    assert!(err.contains("Duplicate field `strict`"), "{err}");
    let err = args_error(quote!(=));
    assert!(err.starts_with("#[no_alloc]: "), "{err}");
}

#[test]
fn conflicting_options() {
    let err = args_error(quote!(static_only, runtime_only));
    assert!(
        err.contains("`static_only` and `runtime_only` cannot be combined"),
        "{err}"
    );
    let err = args_error(quote!(static_only, forbid));
    assert!(err.contains("`forbid` configures the run-time guard, which `static_only` turns off"));
    let err = args_error(quote!(static_only, max = 1));
    assert!(err.contains("`max` configures the run-time guard"), "{err}");
    let err = args_error(quote!(forbid, max = 1));
    assert!(
        err.contains("`forbid` and `max = N` cannot be combined"),
        "{err}"
    );
    let err = args_error(quote!(runtime_only, strict, pedantic, allow(a), deny(b)));
    for name in ["strict", "pedantic", "allow(..)", "deny(..)"] {
        assert!(
            err.contains(&format!(
                "`{name}` configures the static checks, which `runtime_only`"
            )),
            "{name}: {err}"
        );
    }
    // Switched-off options do not conflict.
    assert!(parse_args(quote!(static_only, forbid = false, runtime_only = false)).is_ok());
}

// ---- expansion: free functions ----

/// The guard's opening statement for a `#[no_alloc]` fn named `name`.
fn enter(name: &str) -> String {
    format!(
        "let __qadapt_region = ::qadapt::__private::enter(&::qadapt::__private::RegionInfo {{
            name: ::core::option::Option::Some(::core::concat!(::core::module_path!(), \"::{name}\")),
            kind: ::qadapt::__private::RegionKind::NoAlloc,
            owner: ::core::option::Option::None,
        }});"
    )
}

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
             a.iter().map(|x| x * gain).sum() }}; __qadapt_value }} }}",
            enter("f")
        ),
    );
}

#[test]
fn unit_fns_end_with_a_statement() {
    // A unit body is a statement: no `let` of a unit value.
    // Its temporaries drop at the `;`, inside the region.
    let out = expand(quote!(), quote! { fn g() { x(); } });
    assert_has(&out, &format!("{} {{ x(); }}; }}", enter("g")));
    assert_lacks(&out, "__qadapt_value");
    let out = expand(quote!(), quote! { fn g() -> () {} });
    assert_has(&out, &format!("{} {{}}; }}", enter("g")));
    let out = expand(quote!(), quote! { async fn g() {} });
    assert_has(&out, "async move {}).await; }");
    let out = expand(quote!(), quote! { fn g() -> u8 { 1 } });
    assert_has(&out, "let __qadapt_value = { 1 }; __qadapt_value }");
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
    assert_has(&out, &format!("{} {{ loop {{}} }}; }}", enter("g")));
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
        "let __qadapt_region = ::qadapt::__private::enter_budget(&::qadapt::__private::RegionInfo {",
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

// ---- expansion: receivers ----

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
        "fn by_ref(&self) -> &u8 { { let __qadapt_region = ::qadapt::__private::enter(",
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

// ---- expansion: items ----

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
    for item in [
        quote! { fn required(&self) -> u8; },
        quote! { fn puts(s: *const u8) -> i32; },
        quote! { pub safe fn abs(x: i32) -> i32; },
        quote! { pub unsafe fn strlen(s: *const u8) -> usize; },
    ] {
        let out = raw_expand(quote!(), item.clone()).to_string();
        assert!(out.starts_with(&item.to_string()), "{out}");
        assert!(
            out.contains("#[no_alloc] on a fn without a body checks nothing"),
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

// ---- bad items ----

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
    assert_has(&out, "Did you mean `strict`?");
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

// ---- findings ----

const MIX: &str = "fn mix(out: &mut String) { let s = format!(\"{}\", 1); out.push_str(&s); }";

fn mix() -> TokenStream {
    MIX.parse().unwrap()
}

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
         { let __qadapt_region = ::qadapt::__private::enter(",
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
    assert_has(&out, "let __qadapt_region = ::qadapt::__private::enter(");
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
    assert!(err.contains("Did you mean `strict`?"), "{err}");
    assert!(err.contains("`crate = \"path\"`"), "{err}");
}

// ---- project configuration ----

/// A project configured by `qadapt_toml` (the text of a `qadapt.toml` at
/// `/p/qadapt.toml`).
fn project(qadapt_toml: &str, env_strict: bool) -> Project {
    let config = Config::parse_layer(qadapt_toml, Path::new("/p/qadapt.toml"), Layer::QadaptToml)
        .unwrap_or_else(|err| panic!("{err}"));
    Project {
        tracking: project::tracking(&config),
        config: Arc::new(config),
        env_strict,
    }
}

fn resolve(attr: TokenStream, project: &Project) -> args::Args {
    args::resolve(&args::parse(attr).unwrap(), project)
}

fn expand_in(project: Project, args: TokenStream, item: TokenStream) -> String {
    pretty(choose(
        crate::expand_in(Ok(project), args, item),
        Build::Checked,
    ))
}

#[test]
fn attribute_booleans_override_the_project() {
    let strict = project("strict = true\npedantic = true", false);
    assert_eq!(resolve(quote!(), &strict).strict, Strictness::Project);
    assert!(resolve(quote!(), &strict).lints.pedantic);
    let relaxed = resolve(quote!(strict = false, pedantic = false), &strict);
    assert_eq!(relaxed.strict, Strictness::Lax);
    assert!(!relaxed.lints.pedantic);
    assert_eq!(
        resolve(quote!(strict), &strict).strict,
        Strictness::Attribute
    );

    let lax = project("strict = false", false);
    assert_eq!(resolve(quote!(), &lax).strict, Strictness::Lax);
    assert_eq!(resolve(quote!(strict), &lax).strict, Strictness::Attribute);
    assert!(resolve(quote!(pedantic), &lax).lints.pedantic);
    assert_eq!(
        resolve(quote!(), &Project::default()).strict,
        Strictness::Lax
    );
}

#[test]
fn qadapt_strict_beats_everything() {
    for config in ["", "strict = false", "strict = true"] {
        let ci = project(config, true);
        for attr in [quote!(), quote!(strict = false), quote!(strict)] {
            assert_eq!(
                resolve(attr.clone(), &ci).strict,
                Strictness::Env,
                "{config} / {attr}"
            );
        }
    }
    let out = expand_in(project("", true), quote!(strict = false), mix());
    assert_has(&out, "::core::compile_error! { \"`format!` allocates");
    assert_lacks(&out, "#[deprecated");
}

#[test]
fn qadapt_strict_must_mean_on_or_off() {
    let strict = |value: &str| Project::from_env(None, Some(value.into()));
    assert!(strict("1").is_ok_and(|project| project.env_strict));
    assert!(strict("False").is_ok_and(|project| !project.env_strict));
    assert!(Project::from_env(None, None).is_ok_and(|project| !project.env_strict));
    let Err(err) = strict("garbage") else {
        panic!("QADAPT_STRICT=garbage accepted");
    };
    assert_eq!(
        err.to_string(),
        "#[no_alloc]: QADAPT_STRICT=\"garbage\" is neither on nor off: set it to 1 or true \
         (every finding is an error), 0 or false, or unset it"
    );
    // The error goes out with the item.
    let out = crate::expand_in(
        strict("garbage"),
        quote!(),
        quote!(
            fn f() {}
        ),
    );
    assert!(out.to_string().starts_with("fn f () { }"), "{out}");
    assert!(out.to_string().contains("QADAPT_STRICT"), "{out}");
}

#[test]
fn lists_add_up() {
    let configured = project(
        "allow = [\"format\", \"Vec::push\"]\ndeny = [\"Pool::take\"]",
        false,
    );
    let args = resolve(quote!(allow(Vec::push, to_string), deny(make)), &configured);
    assert_eq!(
        segments(&args.lints.allow),
        ["format", "Vec::push", "to_string"]
    );
    assert_eq!(segments(&args.lints.deny), ["Pool::take", "make"]);
}

#[test]
fn project_allow_silences_and_strict_errors() {
    let out = expand_in(project("allow = [\"format\"]", false), quote!(), mix());
    assert_lacks(&out, "#[deprecated");
    let out = expand_in(project("strict = true", false), quote!(), mix());
    assert_has(&out, "::core::compile_error! { \"`format!` allocates");
    let out = expand_in(
        project("strict = true", false),
        quote!(strict = false),
        mix(),
    );
    assert_lacks(&out, "compile_error");
    assert_has(&out, "#[deprecated");
    let out = expand_in(project("deny = [\"push_str\"]", false), quote!(), mix());
    assert_has(&out, "`push_str` allocates in #[no_alloc] fn `mix`");
}

const TRACKING: &str =
    "const _: ::core::option::Option<&str> = ::core::option_env!(\"QADAPT_STRICT\");";

#[test]
fn tracking_leads_the_first_checked_body() {
    // No configuration file: only the environment variable is tracked.
    let bare = Project {
        tracking: project::tracking(&Config::default()),
        ..Project::default()
    };
    let out = expand_in(bare, quote!(), mix());
    assert_eq!(
        pretty(project::tracking(&Config::default())).trim(),
        TRACKING
    );
    assert_has(
        &out,
        &format!("fn mix(out: &mut String) {{ {TRACKING} {{ #[deprecated("),
    );

    let with_file = |path: &str| Project {
        tracking: project::tracking(&Config {
            sources: vec![path.into(), "/w/p/qadapt.toml".into()],
            ..Config::default()
        }),
        ..Project::default()
    };
    let out = expand_in(
        with_file("/w/Cargo.toml"),
        quote!(),
        quote! {
            impl S {
                fn a(&self) {}
                const fn b() {}
            }
        },
    );
    assert_has(
        &out,
        &format!(
            "fn a(&self) {{ {TRACKING} const _: &[u8] = ::core::include_bytes!(\"/w/Cargo.toml\"); \
             const _: &[u8] = ::core::include_bytes!(\"/w/p/qadapt.toml\"); \
             {{ let __qadapt_region = ::qadapt::__private::enter("
        ),
    );
    assert_eq!(
        flat(&out)
            .matches("include_bytes!(\"/w/Cargo.toml\")")
            .count(),
        1,
        "{out}"
    );
    assert_has(&out, "const fn b() {}");

    // Not where the configuration is unused, nor in a naked fn.
    let out = expand_in(with_file("/w/Cargo.toml"), quote!(runtime_only), mix());
    assert_lacks(&out, "option_env");
    let out = expand_in(
        with_file("/w/Cargo.toml"),
        quote!(),
        quote! {
            #[unsafe(naked)]
            extern "C" fn g() {
                naked_asm!("ret")
            }
        },
    );
    assert_lacks(&out, "option_env");

    // A project without tracking (as when not built by cargo: no
    // CARGO_MANIFEST_DIR) adds nothing.
    assert_lacks(&expand(quote!(), mix()), "option_env");
}

#[test]
fn tracking_escapes_paths() {
    let tokens = project::tracking(&Config {
        sources: vec![r#"C:\w "x"\Cargo.toml"#.into()],
        ..Config::default()
    });
    let file: syn::File = syn::parse2(tokens).unwrap();
    let syn::Item::Const(item) = &file.items[1] else {
        panic!("{file:?}")
    };
    let syn::Expr::Macro(mac) = &*item.expr else {
        panic!("{item:?}")
    };
    let lit: syn::LitStr = mac.mac.parse_body().unwrap();
    assert_eq!(lit.value(), r#"C:\w "x"\Cargo.toml"#);
}

#[test]
fn config_errors_keep_the_item() {
    let err = Config::parse_layer("allow = 3", Path::new("/p/qadapt.toml"), Layer::QadaptToml)
        .unwrap_err();
    let project_error = || {
        Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("#[no_alloc]: {err}"),
        ))
    };
    let out = pretty(crate::expand_in(project_error(), quote!(), mix()));
    assert_has(
        &out,
        "::core::compile_error! { \"#[no_alloc]: qadapt config /p/qadapt.toml: `allow` must be an \
         array of path strings like \\\"Vec::push\\\", found integer\" }",
    );
    assert_has(&out, MIX);
    assert_lacks(&out, "run_fn");
    // Together with bad options, both are reported.
    let out = pretty(crate::expand_in(project_error(), quote!(stirct), mix()));
    assert_has(&out, "Did you mean `strict`?");
    assert_has(&out, "qadapt config /p/qadapt.toml");
}

#[test]
fn the_configuration_is_tracked_once_per_crate() {
    // Under `cargo test`, CARGO_MANIFEST_DIR names this crate. Once a body
    // of the crate carries the tracking statements (other tests may already
    // have placed some), later loads leave them out.
    project::mark_tracked();
    assert!(
        project::Project::load()
            .expect("config")
            .tracking
            .is_empty()
    );
}

#[test]
fn inner_attributes_are_split_off_the_body() {
    let split = |body: TokenStream| {
        let (attrs, rest) = super::expand::split_inner_attributes(&body);
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
    let one = |body: TokenStream| super::expand::one_expression_tokens(&body);
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
