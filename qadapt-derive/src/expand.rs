//! One function: run the static walk, then put the run-time guard around the
//! body.
//!
//! A sync body runs after a guard bound at the top of the function (no
//! closure: one closure, one generic instance and one `FnOnce` shim per
//! function made the attribute the bulk of a crate's build time):
//!
//! ```text
//! fn f(mut a: A, (x, y): (B, C), r: &D, n: u32) -> R {
//!     /* configuration tracking, in the crate's first checked fn */
//!     const _: ::core::option::Option<&str> = ::core::option_env!("QADAPT_STRICT");
//!     const _: &[u8] = ::core::include_bytes!("/path/to/Cargo.toml");
//!     { /* one warning per finding */ }
//!     let mut __qadapt_region = ::qadapt::__private::enter(&::qadapt::__private::RegionInfo {
//!         name: ::core::option::Option::Some(::core::concat!(::core::module_path!(), "::f")),
//!         kind: ::qadapt::__private::RegionKind::NoAlloc,
//!     });
//!     let __qadapt_value = {
//!         let mut a = a;
//!         let __qadapt_arg1 = __qadapt_arg1;
//!         let (x, y) = __qadapt_arg1;
//!         /* the original statements, as written */
//!     };
//!     ::qadapt::__private::exit!(__qadapt_region);
//!     __qadapt_value
//! }
//! ```
//!
//! (a unit or never-returning fn runs the block as a statement, `{ .. };`).
//! The guard is the fn's first local, so it drops last, when the fn returns:
//! `return` and `?` keep their meaning, leaving through the scopes' ends,
//! which drop the body's locals and the rebound arguments, then the guard.
//! The by-value arguments are moved into locals of the body's block, so they
//! are dropped inside the region, like the body's locals and its tail's
//! temporaries (at the end of the `let`, in every edition); an argument whose
//! type has nothing to drop (a reference, a number: see `rebind.rs`) is not
//! rebound. The generated locals are hygienic (`Span::mixed_site`): the body
//! cannot see them.
//!
//! A method taking `self` by value (`self`, `mut self`, `self: Box<Self>`)
//! cannot rebind `self`: its body moves into a closure instead, which owns
//! `self` and the arguments, handed to `::qadapt::__private::run_fn`:
//!
//! ```text
//! fn f(self, a: A) -> R {
//!     ::qadapt::__private::run_fn::<R, _>(REGION, MAX, move || {
//!         let _ = &self;
//!         let a = a;
//!         /* the original statements */
//!     })
//! }
//! ```
//!
//! and an async body into an `async move` block handed to
//! `::qadapt::__private::run_future` (`.await`ed), which protects each poll.
//!
//! Each of these goes out next to the body as written, and qadapt chooses:
//!
//! ```text
//! fn f(..) -> R {
//!     { /* one warning per finding */ }
//!     ::qadapt::__private::checked_or_plain! {
//!         { /* the guarded body above */ }
//!         { /* the rebindings, then the original statements */ }
//!     }
//! }
//! ```
//!
//! The proc macro cannot see whether qadapt compiles its checks (its own
//! `cfg(debug_assertions)`, its feature `always`); qadapt's macro can. A
//! release build thus compiles the function as if it were not annotated.

use crate::args::{Args, Region};
use crate::diagnostics::{self, Diagnostics};
use proc_macro2::{Group, Ident, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::{
    Attribute, Block, Expr, FnArg, GenericArgument, PathArguments, ReturnType, Signature, Stmt,
    Type, TypeInfer,
};

/// Where the body that goes out comes from.
#[derive(Clone, Copy)]
pub(crate) enum Source<'a> {
    /// Printed from the parsed block (a method of an impl, a fn of a mod).
    Parsed,
    /// The tokens as written (the inside of the block's braces), re-emitted
    /// as they are. The block holds them parsed, or nothing when the
    /// prescan found nothing to analyse (the fast path).
    Written(&'a TokenStream),
    /// The tokens as written, nested too deep to parse (see
    /// [`crate::shallow`]): the block is empty, and a warning says that
    /// nothing was analysed.
    TooDeep(&'a TokenStream),
}

/// Checks and guards one function with a body. `name` is the function as the
/// user knows it (`mix`, `Mixer::mix`); the region is named
/// `module_path!()::<name>`.
pub(crate) fn function(
    args: &Args,
    attrs: &[Attribute],
    sig: &mut Signature,
    block: &mut Block,
    source: Source,
    name: &str,
    diagnostics: &mut Diagnostics,
) {
    let raw_body = match source {
        Source::Parsed => None,
        Source::Written(tokens) | Source::TooDeep(tokens) => Some(tokens),
    };
    let guarded = args.runtime.is_some() && guardable(attrs, sig);
    let mut warnings = Vec::new();
    if args.static_checks {
        // The first checked body makes rustc track the configuration the
        // checks depend on (a naked fn's body must stay one `asm!`).
        if !attrs.iter().any(is_naked)
            && let Some(tracking) = diagnostics.tracking.take()
        {
            crate::project::mark_tracked();
            warnings.push(tracking);
        }
        if let Source::TooDeep(_) = source {
            warnings.push(diagnostics::too_deep(sig.ident.span(), name, true, guarded));
        } else if !block.stmts.is_empty() {
            // (The fast path hands over an empty block: its prescan found
            // nothing.)
            let analysis = qadapt_lints::analyse_fn(sig, block, &args.lints);
            warnings.extend(diagnostics::findings(
                &analysis.findings,
                name,
                args.strict,
                diagnostics,
            ));
            if analysis.too_deep.is_some() {
                warnings.push(diagnostics::too_deep(
                    sig.ident.span(),
                    name,
                    false,
                    guarded,
                ));
            }
        }
    }

    match args.runtime {
        Some(region) if guarded => {
            let stmts = &block.stmts;
            // Inner attributes stay where they apply, at the top of the fn's
            // block (printed there from the item's attributes, or by the fast
            // path), not inside the blocks the guard nests the body in.
            let original = match raw_body {
                Some(raw) => split_inner_attributes(raw).1,
                None => quote!(#(#stmts)*),
            };
            let Guarded { checked, plain } = guard(args, region, sig, block, &original, name);
            // The choice between the two is qadapt's (see `checked_or_plain!`): a
            // release build compiles the body as written.
            let krate = respan(args.krate.clone(), sig.ident.span());
            let body = quote! {
                #(#warnings)*
                #krate::__private::checked_or_plain! { { #checked } { #plain } }
            };
            block.stmts = vec![Stmt::Expr(Expr::Verbatim(body), None)];
        }
        _ => {
            let warnings = warnings
                .into_iter()
                .map(|warning| Stmt::Expr(Expr::Verbatim(warning), None));
            block.stmts.splice(0..0, warnings);
        }
    }
}

/// A body's tokens split after its leading inner attributes (`#![..]`, `//!`):
/// those, and the rest.
pub(crate) fn split_inner_attributes(body: &TokenStream) -> (TokenStream, TokenStream) {
    // Most bodies: one token looked at (each is a trip to the compiler).
    if !matches!(body.clone().into_iter().next(), Some(TokenTree::Punct(hash)) if hash.as_char() == '#')
    {
        return (TokenStream::new(), body.clone());
    }
    let tokens: Vec<TokenTree> = body.clone().into_iter().collect();
    let mut end = 0;
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(group),
        ..,
    ] = &tokens[end..]
        && hash.as_char() == '#'
        && bang.as_char() == '!'
        && group.delimiter() == proc_macro2::Delimiter::Bracket
    {
        end += 3;
    }
    if end == 0 {
        return (TokenStream::new(), body.clone());
    }
    let mut tokens = tokens.into_iter();
    let attrs = tokens.by_ref().take(end).collect();
    (attrs, tokens.collect())
}

/// Whether a run-time guard can wrap this body: not in a `const fn` (a const
/// context cannot run it), not in a C-variadic fn (the `...` argument cannot
/// move into a closure), not in a naked fn (its body must stay one `asm!`).
pub(crate) fn guardable(attrs: &[Attribute], sig: &Signature) -> bool {
    sig.constness.is_none() && sig.variadic.is_none() && !attrs.iter().any(is_naked)
}

fn is_naked(attr: &Attribute) -> bool {
    let path = attr.path();
    path.is_ident("naked")
        || (path.is_ident("unsafe")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string().trim() == "naked"))
}

/// A body, twice: for builds with qadapt's checks and for builds without.
struct Guarded {
    checked: TokenStream,
    /// The body as written, after the same rebindings as the checked body:
    /// the signature no longer binds patterns and `mut` as written, and
    /// rebinding the arguments with a destructor in the same order keeps the
    /// drop order of both builds the same (the one without the attribute).
    plain: TokenStream,
}

/// The guarded body. Every call into the runtime is spelt with the span of
/// the function's name, so that the region's location (from
/// `#[track_caller]`) points at the function, not at the attribute.
fn guard(
    args: &Args,
    region: Region,
    sig: &mut Signature,
    block: &Block,
    original: &TokenStream,
    name: &str,
) -> Guarded {
    let span = sig.ident.span();
    let krate = respan(args.krate.clone(), span);
    let region_name = syn::LitStr::new(&format!("::{name}"), span);
    let region_name = quote_spanned!(span=> ::core::concat!(::core::module_path!(), #region_name));
    let (kind, max) = match region {
        Region::Protect => (Ident::new("NoAlloc", span), None),
        Region::Forbid => (Ident::new("Forbid", span), None),
        Region::Budget(n) => (
            Ident::new("Budget", span),
            Some(proc_macro2::Literal::usize_unsuffixed(n)),
        ),
    };
    // A method annotated alone (named without its type, which the attribute
    // cannot see): the type is read at run time, for the reports.
    let owner = if !name.contains("::") && mentions_self(sig) {
        quote_spanned!(span=> ::core::option::Option::Some(::core::any::type_name::<Self>))
    } else {
        quote_spanned!(span=> ::core::option::Option::None)
    };
    // A promoted constant: the region is named by one pointer, built at compile time.
    let info = quote_spanned! {span=>
        &#krate::__private::RegionInfo {
            name: ::core::option::Option::Some(#region_name),
            kind: #krate::__private::RegionKind::#kind,
            owner: #owner,
        }
    };
    let rebinds = crate::rebind::rebind_inputs(sig);
    let stmts = &block.stmts;
    // The arguments are rebound at the start of the body's block: behind the
    // guard, they drop at the block's end or at a `return`, inside the region.
    let plain = quote!(#(#rebinds)* #original);
    let body = quote!({ #plain });
    let guarded = |checked| Guarded { checked, plain };
    let unit = returns_unit(&sig.output);
    if sig.asyncness.is_none() && !takes_self_by_value(sig) {
        let region = Ident::new("__qadapt_region", Span::mixed_site());
        let enter = match &max {
            None => quote_spanned!(span=> let mut #region = #krate::__private::enter(#info);),
            Some(max) => {
                quote_spanned!(span=> let mut #region = #krate::__private::enter_budget(#info, #max);)
            }
        };
        // The guard, the fn's first local, is closed last: on the normal path
        // by qadapt's `exit!`, a call located at the fn's name
        // (`#[track_caller]`: a violation's panic names the user's fn, which a
        // `Drop` cannot; unreachable after a diverging body, and allowed so),
        // on `return`, `?` and panics by its drop.
        let exit = quote_spanned!(span=> #krate::__private::exit!(#region););
        return guarded(
            if unit
                || matches!(&sig.output, ReturnType::Type(_, ty) if matches!(**ty, Type::Never(_)))
            {
                // A unit or never-returning body runs as a statement: its value
                // is `()`, or never made, and its temporaries drop at the `;`.
                quote!(#enter #body; #exit)
            } else {
                // The block's tail temporaries drop at the end of the `let`,
                // inside the region, in every edition. Clippy's
                // `diverging_sub_expression` reads a `let` whose value is one
                // diverging expression (`panic!(..)`, `return x`) as one written
                // by the user; it never looks at a fn's tail, where the user wrote
                // it.
                let value = Ident::new("__qadapt_value", Span::mixed_site());
                let one = || {
                    if stmts.is_empty() {
                        one_expression_tokens(original)
                    } else {
                        one_expression(stmts)
                    }
                };
                let allow = (rebinds.is_empty() && one())
                    .then(|| quote!(#[allow(clippy::diverging_sub_expression)]));
                quote! {
                    #enter
                    #allow
                    let #value = #body;
                    #exit
                    #value
                }
            },
        );
    }
    let max = max.unwrap_or_else(|| proc_macro2::Literal::usize_unsuffixed(0));
    let (output, never) = output_type(&sig.output);
    // A unit body ends with a statement, as clippy's pedantic
    // `semicolon_if_nothing_returned` wants.
    let semi = unit.then(|| quote_spanned!(span=> ;));
    guarded(if sig.asyncness.is_some() {
        quote_spanned! {span=>
            #krate::__private::run_future::<#output, _>(#info, #max, async move #body).await #semi
        }
    } else {
        let arrow = never.then(|| quote_spanned!(span=> -> !));
        quote_spanned! {span=>
            #krate::__private::run_fn::<#output, _>(#info, #max, move || #arrow #body) #semi
        }
    })
}

/// Whether a body is one expression or statement, after items (and macro
/// calls, which may expand to items).
fn one_expression(stmts: &[Stmt]) -> bool {
    stmts
        .iter()
        .rev()
        .skip(1)
        .all(|stmt| matches!(stmt, Stmt::Item(_) | Stmt::Macro(_)))
}

/// [`one_expression`] on a body's tokens: the statements are its top-level
/// `;`-separated parts, and those before the last must be macro calls
/// (`m!(..);`) or items (`use ..;`, `const ..;`). Read in one pass that stops
/// at the first part that is neither (most bodies: their first `let`).
pub(crate) fn one_expression_tokens(body: &TokenStream) -> bool {
    const ITEM_KEYWORDS: [&str; 8] = [
        "use", "const", "static", "type", "extern", "mod", "struct", "pub",
    ];
    // The part being read: its first token and its last two.
    let mut first: Option<TokenTree> = None;
    let mut last: [Option<TokenTree>; 2] = [None, None];
    // Whether the last part ended by a `;` is a macro call or an item: it
    // counts once another part follows it (the last part may be anything).
    let mut pending: Option<bool> = None;
    for token in body.clone() {
        if pending.take() == Some(false) {
            return false;
        }
        if matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ';') {
            let macro_call = matches!(
                &last,
                [Some(TokenTree::Punct(bang)), Some(TokenTree::Group(_))] if bang.as_char() == '!'
            );
            let item = matches!(
                &first,
                Some(TokenTree::Ident(ident)) if ITEM_KEYWORDS.iter().any(|k| ident == k)
            );
            pending = Some(macro_call || item);
            first = None;
            last = [None, None];
        } else {
            if first.is_none() {
                first = Some(token.clone());
            }
            last = [last[1].take(), Some(token)];
        }
    }
    true
}

/// Whether a signature belongs to a method: it takes `self` or names `Self`
/// (a `self::` path does not count: a free fn may spell one).
fn mentions_self(sig: &Signature) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_ident(&mut self, ident: &'ast Ident) {
            self.0 |= ident == "Self";
        }
    }
    let mut finder = Finder(sig.receiver().is_some());
    if !finder.0 {
        syn::visit::Visit::visit_signature(&mut finder, sig);
    }
    finder.0
}

/// Whether the function takes `self` by value (`self`, `mut self`,
/// `self: Box<Self>`, any receiver that is not a reference): a local cannot
/// take `self`'s place, so the body runs in a closure that owns it.
fn takes_self_by_value(sig: &Signature) -> bool {
    sig.inputs.iter().any(|input| match input {
        FnArg::Receiver(receiver) => crate::rebind::receiver_by_value(receiver),
        FnArg::Typed(_) => false,
    })
}

fn returns_unit(output: &ReturnType) -> bool {
    match output {
        ReturnType::Default => true,
        ReturnType::Type(_, ty) => matches!(&**ty, Type::Tuple(tuple) if tuple.elems.is_empty()),
    }
}

/// The return type to name in `run_fn::<R, _>`, with every `impl Trait`
/// replaced by `_`, and whether the function returns `!` (which cannot be
/// named on stable; the closure is then written `|| -> ! {..}`).
fn output_type(output: &ReturnType) -> (TokenStream, bool) {
    match output {
        ReturnType::Default => (quote!(()), false),
        ReturnType::Type(_, ty) => match &**ty {
            Type::Never(_) => (quote!(_), true),
            ty => {
                let mut ty = ty.clone();
                infer_impl_trait(&mut ty);
                (ty.into_token_stream(), false)
            }
        },
    }
}

/// Replaces every `impl Trait` inside `ty` by `_`: the closure's return type
/// is then inferred for those parts only, so `?` still knows the error type
/// of `-> Result<impl Trait, E>`.
fn infer_impl_trait(ty: &mut Type) {
    match ty {
        Type::ImplTrait(imp) => {
            let underscore_token = syn::Token![_](syn::spanned::Spanned::span(&imp.impl_token));
            *ty = Type::Infer(TypeInfer {
                attrs: Vec::new(),
                underscore_token,
            });
        }
        Type::Array(array) => infer_impl_trait(&mut array.elem),
        Type::Group(group) => infer_impl_trait(&mut group.elem),
        Type::Paren(paren) => infer_impl_trait(&mut paren.elem),
        Type::Ptr(ptr) => infer_impl_trait(&mut ptr.elem),
        Type::Reference(reference) => infer_impl_trait(&mut reference.elem),
        Type::Slice(slice) => infer_impl_trait(&mut slice.elem),
        Type::Tuple(tuple) => tuple.elems.iter_mut().for_each(infer_impl_trait),
        Type::Path(path) => {
            if let Some(qself) = &mut path.qself {
                infer_impl_trait(&mut qself.ty);
            }
            for segment in &mut path.path.segments {
                if let PathArguments::AngleBracketed(generic) = &mut segment.arguments {
                    for arg in &mut generic.args {
                        if let GenericArgument::Type(ty) = arg {
                            infer_impl_trait(ty);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Gives every token of `tokens` the span `span`.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut new = Group::new(group.delimiter(), respan(group.stream(), span));
                new.set_span(span);
                token = TokenTree::Group(new);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
