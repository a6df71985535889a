//! A callee analysed with what its call site passes.
//!
//! `fn rename(&mut self, name: impl Into<String>) { self.name = name.into() }`
//! allocates when given a `&str` and not when given a `String`: alone, its
//! `.into()` is only possible. Called as `patch.rename(text)` with
//! `text: &str`, it is analysed as if declared `name: &str`, the way the
//! compiler monomorphises it, and the `.into()` is definite. Likewise
//! `macro_rules! owned { ($s:expr) => { $s.to_owned() } }` called as
//! `owned!(name)` with `name: &str` is analysed with `s: &str`.
//!
//! Only what the analyser knows of the call's arguments is written in
//! ([`qadapt_lints::Call::arg_types`]); the rest of the callee stays as it
//! was declared.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::collections::HashSet;
use syn::{FnArg, GenericParam, Signature, Type};

/// The callee's signature with the known argument types written in for its
/// parameters declared `impl Trait` or of a bare generic type `T`; `None`
/// when none is. `receiver_in_args`: the call passes the receiver as its
/// first argument (`Type::method(x, ..)`).
pub fn fn_signature(
    sig: &Signature,
    arg_types: &[Option<String>],
    receiver_in_args: bool,
) -> Option<Signature> {
    if arg_types.iter().all(Option::is_none) {
        return None;
    }
    let generics: HashSet<String> = sig
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Type(ty) => Some(ty.ident.to_string()),
            _ => None,
        })
        .collect();
    let skip = usize::from(receiver_in_args && has_receiver(sig));
    let mut specialised = sig.clone();
    let mut changed = false;
    let params = specialised
        .inputs
        .iter_mut()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(typed),
            FnArg::Receiver(_) => None,
        });
    for (param, arg) in params.zip(arg_types.iter().skip(skip)) {
        let Some(arg) = arg else { continue };
        let generic = match &*param.ty {
            Type::ImplTrait(_) => true,
            Type::Path(path) => {
                path.qself.is_none()
                    && path
                        .path
                        .get_ident()
                        .is_some_and(|ident| generics.contains(&ident.to_string()))
            }
            _ => false,
        };
        if !generic {
            continue;
        }
        let Ok(ty) = syn::parse_str::<Type>(arg) else {
            continue;
        };
        *param.ty = ty;
        changed = true;
    }
    changed.then_some(specialised)
}

fn has_receiver(sig: &Signature) -> bool {
    matches!(sig.inputs.first(), Some(FnArg::Receiver(_)))
}

/// A signature for a macro's expansion template: its metavariables as
/// parameters of the types of the call's arguments. Only for a macro with a
/// single rule whose matcher is a plain list `$a:expr, $b:ident, ..` as
/// long as the call's arguments, all of known type; `None` otherwise.
pub fn macro_signature(rules: &TokenStream, arg_types: &[Option<String>]) -> Option<Signature> {
    let matcher = single_matcher(rules)?;
    let names = metavariables(matcher)?;
    if names.len() != arg_types.len() || names.is_empty() {
        return None;
    }
    let params: Vec<String> = names
        .iter()
        .zip(arg_types)
        .map(|(name, ty)| Some(format!("{name}: {}", ty.as_ref()?)))
        .collect::<Option<_>>()?;
    syn::parse_str(&format!("fn expansion({})", params.join(", "))).ok()
}

/// The matcher of a macro with exactly one rule `(..) => {..}`.
fn single_matcher(rules: &TokenStream) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = rules.clone().into_iter().collect();
    let rule = match tokens.as_slice() {
        [rule @ .., TokenTree::Punct(semi)] if semi.as_char() == ';' => rule,
        rule => rule,
    };
    match rule {
        [
            TokenTree::Group(matcher),
            TokenTree::Punct(eq),
            TokenTree::Punct(gt),
            TokenTree::Group(_),
        ] if eq.as_char() == '=' && eq.spacing() == Spacing::Joint && gt.as_char() == '>' => {
            Some(matcher.stream())
        }
        _ => None,
    }
}

/// The names of a matcher `$a:expr, $b:ident` (a trailing comma allowed);
/// `None` for anything else (literal tokens, repetitions, other fragments).
fn metavariables(matcher: TokenStream) -> Option<Vec<String>> {
    let tokens: Vec<TokenTree> = matcher.into_iter().collect();
    let mut names = Vec::new();
    let mut rest = tokens.as_slice();
    while !rest.is_empty() {
        match rest {
            [
                TokenTree::Punct(dollar),
                TokenTree::Ident(name),
                TokenTree::Punct(colon),
                TokenTree::Ident(fragment),
                tail @ ..,
            ] if dollar.as_char() == '$'
                && colon.as_char() == ':'
                && matches!(fragment.to_string().as_str(), "expr" | "ident") =>
            {
                names.push(name.to_string());
                rest = match tail {
                    [TokenTree::Punct(comma), tail @ ..] if comma.as_char() == ',' => tail,
                    [] => tail,
                    _ => return None,
                };
            }
            [TokenTree::Group(group)] if group.delimiter() == Delimiter::None => {
                return metavariables(group.stream());
            }
            _ => return None,
        }
    }
    // Metavariables named like keywords are renamed in the template.
    names
        .iter()
        .all(|name| syn::parse_str::<syn::Ident>(name).is_ok())
        .then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn sig(src: &str) -> Signature {
        syn::parse_str(src).unwrap()
    }

    fn text(sig: Option<Signature>) -> Option<String> {
        sig.map(|sig| sig.to_token_stream().to_string().replace(' ', ""))
    }

    fn some(ty: &str) -> Option<String> {
        Some(ty.to_owned())
    }

    #[test]
    fn generic_and_impl_trait_parameters_take_the_argument_types() {
        let rename = sig("fn rename(&mut self, name: impl Into<String>, n: u8)");
        assert_eq!(
            text(fn_signature(&rename, &[some("&str"), some("u8")], false)).as_deref(),
            Some("fnrename(&mutself,name:&str,n:u8)")
        );
        // Through a path call, the receiver is the first argument.
        assert_eq!(
            text(fn_signature(&rename, &[None, some("&str")], true)).as_deref(),
            Some("fnrename(&mutself,name:&str,n:u8)")
        );
        let generic = sig("fn show<T: Display>(x: T, y: &T)");
        assert_eq!(
            text(fn_signature(
                &generic,
                &[some("String"), some("&String")],
                false
            ))
            .as_deref(),
            Some("fnshow<T:Display>(x:String,y:&T)")
        );
        // Nothing known, or nothing generic: as declared.
        assert!(fn_signature(&rename, &[None, None], false).is_none());
        assert!(fn_signature(&sig("fn f(x: &str)"), &[some("String")], false).is_none());
    }

    #[test]
    fn macros_with_one_plain_rule() {
        let rules = |src: &str| src.parse::<TokenStream>().unwrap();
        assert_eq!(
            text(macro_signature(
                &rules("($s:expr) => { $s.to_owned() };"),
                &[some("&str")]
            ))
            .as_deref(),
            Some("fnexpansion(s:&str)")
        );
        assert_eq!(
            text(macro_signature(
                &rules("($a:expr, $b:ident,) => { $a + $b }"),
                &[some("u8"), some("u8")]
            ))
            .as_deref(),
            Some("fnexpansion(a:u8,b:u8)")
        );
        // An argument of unknown type, several rules, repetitions, literal
        // tokens: not specialised.
        assert!(macro_signature(&rules("($s:expr) => { $s };"), &[None]).is_none());
        assert!(
            macro_signature(&rules("($s:expr) => { $s }; () => { 0 };"), &[some("u8")]).is_none()
        );
        assert!(macro_signature(&rules("($($s:expr),*) => { $s };"), &[some("u8")]).is_none());
        assert!(macro_signature(&rules("(x $s:expr) => { $s };"), &[some("u8")]).is_none());
    }
}
