//! Which items `#[no_alloc]` accepts, and the functions inside them.
//!
//! - a `fn` (free, or a method/trait method annotated alone);
//! - an `impl` block (inherent or trait impl): every method;
//! - an inline `mod name { .. }`: every fn, and every method of the impls and
//!   traits in it, recursively (a trait's default methods are fns of the mod).
//!
//! Not on a `trait` itself: it would reach the default methods and none of the
//! implementations, which is not what it reads like.
//!
//! Inside those, a fn without a body (a required trait method) is left
//! alone, and so is an inner item carrying its own `#[no_alloc(..)]`, which
//! then applies its own options. Anything else is an error spanned on the
//! item: a fn without a body annotated alone too (a required trait method, a
//! foreign function), where the attribute would check nothing.

use crate::args::Args;
use crate::diagnostics::Diagnostics;
use crate::expand::Source;
use crate::shallow::Shallow;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, TraitItem, TraitItemFn};

const WRONG_ITEM: &str = "`#[no_alloc]` can only be used on a fn, an impl block or an inline mod";

/// Expands `#[no_alloc(..)]` on `input`. On `Err` the caller emits the error
/// next to the untouched item; `strict` findings are not such errors: they are
/// emitted next to the expanded item.
pub(crate) fn expand(args: &Args, input: TokenStream) -> syn::Result<TokenStream> {
    let mut stack_bound = None;
    if let Some(output) = crate::fast_path::expand(args, &input, &mut stack_bound) {
        return Ok(output);
    }
    let Some(shallow) = Shallow::of(&input, stack_bound) else {
        return Ok(unreadable(input));
    };
    // The body's tokens as written: re-emitted untouched rather than printed
    // again from the syntax tree (a fn's last token tree is its body).
    let raw_body = match shallow.tokens.clone().into_iter().last() {
        Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => Some(body.stream()),
        _ => None,
    };
    let mut item: Item = match syn::parse2(shallow.tokens.clone()) {
        Ok(item) => item,
        // (No `if let` guards: they are newer than the crate's MSRV.)
        Err(err) => {
            if let Some(name) = bodyless_fn(&shallow.tokens) {
                return Err(bodyless(&name));
            }
            if misplaced_shallow(&shallow.tokens).is_some() {
                return Err(syn::Error::new_spanned(input, WRONG_ITEM));
            }
            return Err(syn::Error::new(err.span(), format!("#[no_alloc]: {err}")));
        }
    };
    if let Some(attr) = own_attr(item_attrs(&item)) {
        return Err(syn::Error::new_spanned(
            attr,
            "#[no_alloc]: this item already has a #[no_alloc] attribute",
        ));
    }
    let mut diagnostics = Diagnostics {
        errors: None,
        conditional_errors: TokenStream::new(),
        tracking: (!args.tracking.is_empty()).then(|| args.tracking.clone()),
    };
    match &mut item {
        // On a trait it would reach the default methods and none of the
        // implementations, which reads as if it covered them.
        Item::Trait(tr) => {
            return Err(syn::Error::new_spanned(
                &tr.ident,
                format!(
                    "{WRONG_ITEM}: on a trait it would check the default methods but none of \
                     the implementations; put it on the methods of `{}` that have a body, and \
                     on its impl blocks",
                    tr.ident
                ),
            ));
        }
        Item::Fn(_) | Item::Impl(_) => {}
        Item::Mod(m) if m.content.is_some() => {}
        Item::Mod(m) => {
            return Err(syn::Error::new_spanned(
                &*m,
                format!(
                    "{WRONG_ITEM}: `mod {};` has its body in another file, out of the \
                     attribute's reach; put #[no_alloc] on the items in that file",
                    m.ident
                ),
            ));
        }
        // A required trait method, a foreign function.
        other => {
            if let Item::Verbatim(tokens) = &other
                && let Some(name) = bodyless_fn(tokens)
            {
                return Err(bodyless(&name));
            }
            return Err(syn::Error::new_spanned(other, WRONG_ITEM));
        }
    }
    // The body as written is the attribute's own fn's.
    let raw_body = raw_body.as_ref().filter(|_| matches!(item, Item::Fn(_)));
    Walk {
        args,
        shallow: &shallow,
        diagnostics: &mut diagnostics,
    }
    .item(&mut item, raw_body);
    let mut output = item.into_token_stream();
    if let Some(errors) = diagnostics.errors {
        output.extend(errors.into_compile_error());
    }
    output.extend(diagnostics.conditional_errors);
    Ok(shallow.restore(output))
}

/// An item too deep to read even at the level of its items (see
/// [`crate::shallow`]): it goes out untouched, with a warning that neither
/// check applies.
fn unreadable(input: TokenStream) -> TokenStream {
    let span = crate::shallow::first_span(&input);
    let warning = crate::diagnostics::unreadable(span);
    quote::quote!(#input const _: () = #warning;)
}

/// Where the attribute sits when it is not on an item (rustc rejects that
/// on stable, E0658, but still runs the macro).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Misplaced {
    /// An expression: a closure, a block...
    Expr,
    /// A statement: `let x = ..;`, `f();`.
    Stmt,
}

/// Whether `input` is an expression or a statement rather than an item
/// (well-formed or not).
pub(crate) fn misplaced(input: &TokenStream) -> Option<Misplaced> {
    misplaced_shallow(&Shallow::of(input, None)?.tokens)
}

/// [`misplaced`] on tokens safe to parse.
fn misplaced_shallow(input: &TokenStream) -> Option<Misplaced> {
    if syn::parse2::<Item>(input.clone()).is_ok() {
        None
    } else if syn::parse2::<syn::Expr>(input.clone()).is_ok() {
        Some(Misplaced::Expr)
    } else if let Ok(syn::Stmt::Local(_) | syn::Stmt::Expr(..)) =
        syn::parse2::<syn::Stmt>(input.clone())
    {
        Some(Misplaced::Stmt)
    } else {
        None
    }
}

/// What expanding the functions of one item needs.
struct Walk<'a> {
    args: &'a Args,
    shallow: &'a Shallow,
    diagnostics: &'a mut Diagnostics,
}

impl Walk<'_> {
    /// Expands a fn, or every function inside an impl, a trait or an inline
    /// mod. `raw_body` is the tokens of a fn's body as written, when `item`
    /// is the attribute's own fn.
    fn item(&mut self, item: &mut Item, raw_body: Option<&TokenStream>) {
        match item {
            Item::Fn(f) => {
                let name = f.sig.ident.to_string();
                self.function(&f.attrs, &mut f.sig, &mut f.block, raw_body, &name);
            }
            Item::Impl(imp) => {
                let owner = type_name(&imp.self_ty);
                for inner in &mut imp.items {
                    if let ImplItem::Fn(f) = inner
                        && own_attr(&f.attrs).is_none()
                    {
                        let name = format!("{owner}::{}", f.sig.ident);
                        self.function(&f.attrs, &mut f.sig, &mut f.block, None, &name);
                    }
                }
            }
            Item::Trait(tr) => {
                let owner = tr.ident.to_string();
                for inner in &mut tr.items {
                    if let TraitItem::Fn(f) = inner
                        && let (None, Some(block)) = (own_attr(&f.attrs), &mut f.default)
                    {
                        let name = format!("{owner}::{}", f.sig.ident);
                        self.function(&f.attrs, &mut f.sig, block, None, &name);
                    }
                }
            }
            Item::Mod(m) => {
                if let Some((_, items)) = &mut m.content {
                    for inner in items {
                        if own_attr(item_attrs(inner)).is_none() {
                            self.item(inner, None);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// Expands one function with a body.
    fn function(
        &mut self,
        attrs: &[Attribute],
        sig: &mut syn::Signature,
        block: &mut syn::Block,
        raw_body: Option<&TokenStream>,
        name: &str,
    ) {
        let deep = self.shallow.taken_body(block);
        let source = body_source(block, raw_body, deep.as_ref());
        crate::expand::function(self.args, attrs, sig, block, source, name, self.diagnostics);
    }
}

/// Where a fn's body comes from: taken out as too deep (`deep`: the block
/// is a placeholder, emptied here), written (`raw`), or printed from `block`.
fn body_source<'a>(
    block: &mut syn::Block,
    raw: Option<&'a TokenStream>,
    deep: Option<&'a TokenStream>,
) -> Source<'a> {
    match (deep, raw) {
        (Some(deep), _) => {
            block.stmts.clear();
            Source::TooDeep(deep)
        }
        (None, Some(raw)) => Source::Written(raw),
        (None, None) => Source::Parsed,
    }
}

/// The attributes of the items `walk` looks into.
fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Fn(f) => &f.attrs,
        Item::Impl(imp) => &imp.attrs,
        Item::Trait(tr) => &tr.attrs,
        Item::Mod(m) => &m.attrs,
        _ => &[],
    }
}

/// An inner `#[no_alloc]` / `#[qadapt::no_alloc(..)]` (recognised as
/// `cargo qadapt` does, [`qadapt_lints::attribute::find`]): that item is
/// expanded by its own attribute, with its own options.
fn own_attr(attrs: &[Attribute]) -> Option<&Attribute> {
    qadapt_lints::attribute::find(attrs).map(|(attr, _)| attr)
}

/// The name of the fn that `tokens` (an item syn could not classify)
/// declares without a body: a required trait method (`fn required(&self) ->
/// u8;`), a foreign function (`pub safe fn puts(s: *const c_char) -> c_int;`).
fn bodyless_fn(tokens: &TokenStream) -> Option<syn::Ident> {
    match syn::parse2::<TraitItemFn>(tokens.clone()) {
        Ok(f) if f.default.is_none() => Some(f.sig.ident),
        Ok(_) => None,
        Err(_) => match syn::parse2::<syn::ForeignItem>(tokens.clone()) {
            Ok(syn::ForeignItem::Fn(f)) => Some(f.sig.ident),
            _ => None,
        },
    }
}

/// The error for the attribute on a fn without a body, on its name. The
/// tokens alone do not tell a required trait method from a foreign function
/// or a free fn that lacks its body: the message names none of them.
fn bodyless(name: &syn::Ident) -> syn::Error {
    syn::Error::new_spanned(
        name,
        format!(
            "#[no_alloc] on a fn without a body checks nothing: `{name}` has no body here; put \
             #[no_alloc] on the fns with a body that implement it or call it"
        ),
    )
}

/// The self type of an impl as a region name: `Mixer`, `Buf<T>`, `&'a str`.
fn type_name(ty: &syn::Type) -> String {
    qadapt_lints::type_text(ty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        let name = |src: &str| type_name(&syn::parse_str(src).unwrap());
        assert_eq!(name("Mixer"), "Mixer");
        assert_eq!(name("Buf < T , 4 >"), "Buf<T,4>");
        assert_eq!(name("&'a str"), "&'a str");
        assert_eq!(name("Box<dyn Trait + Send>"), "Box<dyn Trait+Send>");
        assert_eq!(name("crate::a::B<'static>"), "crate::a::B<'static>");
    }
}
