//! The arguments of a guarded function, moved into its body, so that they
//! are dropped inside the no-alloc region like the body's own locals.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::{FnArg, Pat, PatIdent, ReceiverKind, Signature, Type};

/// Moves the arguments into the guarded body: identifier arguments are
/// rebound under their own name (`mut` moves from the signature to the
/// rebinding), any other pattern is renamed `__qadapt_arg{i}` in the
/// signature and destructured inside; a reference argument is left alone
/// (it has nothing to drop). A by-value `self` is touched so that
/// the closure captures all of it (not just the fields the body uses).
pub(crate) fn rebind_inputs(sig: &mut Signature) -> Vec<TokenStream> {
    let mut rebinds = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        let arg = match input {
            FnArg::Receiver(receiver) => {
                if receiver_by_value(receiver) {
                    let self_token = receiver.self_token;
                    rebinds.push(quote!(let _ = &#self_token;));
                }
                continue;
            }
            FnArg::Typed(arg) => arg,
        };
        // A reference, a number...: nothing to drop, so it stays where it is.
        if trivially_dropped(&arg.ty) {
            continue;
        }
        // Lint attributes move to the rebinding, where the binding now lives;
        // `cfg`s apply to both.
        let mut attrs = Vec::new();
        arg.attrs.retain(|attr| {
            let path = attr.path();
            if path.is_ident("cfg") || path.is_ident("cfg_attr") {
                attrs.push(attr.clone());
                true
            } else if ["allow", "expect", "warn", "deny", "forbid"]
                .iter()
                .any(|lint| path.is_ident(lint))
            {
                attrs.push(attr.clone());
                false
            } else {
                true
            }
        });
        // `let a = a;` is exactly what these lints are about; here it moves
        // `a` into the region (or the closure).
        let allow = quote! {
            #[allow(
                clippy::redundant_locals,
                clippy::shadow_same,
                clippy::used_underscore_binding,
                clippy::no_effect_underscore_binding
            )]
        };
        match &mut *arg.pat {
            Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => {
                let mutability = pat.mutability.take();
                let ident = &pat.ident;
                rebinds.push(quote! {
                    #(#attrs)*
                    #allow
                    let #mutability #ident = #ident;
                });
            }
            pat => {
                let temp = Ident::new(&format!("__qadapt_arg{index}"), Span::mixed_site());
                let original = std::mem::replace(
                    pat,
                    Pat::Ident(PatIdent {
                        attrs: Vec::new(),
                        by_ref: None,
                        mutability: None,
                        ident: temp.clone(),
                        subpat: None,
                    }),
                );
                rebinds.push(quote! {
                    #(#attrs)*
                    #allow
                    let #temp = #temp;
                    #(#attrs)*
                    #allow
                    let #original = #temp;
                });
            }
        }
    }
    rebinds
}

/// Whether a value of type `ty` surely has nothing to drop, read from the
/// spelling (a proc macro cannot resolve types): references, raw and fn
/// pointers, the primitive numbers, `bool`, `char`, and tuples and arrays of
/// those. Such an argument needs no rebinding to be dropped inside the region.
/// (A user type named like a primitive, `struct u32;` with a `Drop`, would be
/// dropped after the region: a price worth one fewer statement per argument.)
fn trivially_dropped(ty: &Type) -> bool {
    const PRIMITIVES: [&str; 16] = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "bool", "char",
    ];
    match ty {
        Type::Reference(_) | Type::Ptr(_) | Type::FnPtr(_) | Type::Never(_) => true,
        Type::Path(path) => {
            path.qself.is_none()
                && path
                    .path
                    .get_ident()
                    .is_some_and(|ident| PRIMITIVES.iter().any(|p| ident == p))
        }
        Type::Tuple(tuple) => tuple.elems.iter().all(trivially_dropped),
        Type::Array(array) => trivially_dropped(&array.elem),
        Type::Paren(paren) => trivially_dropped(&paren.elem),
        Type::Group(group) => trivially_dropped(&group.elem),
        _ => false,
    }
}

/// Whether a receiver takes `self` by value (not `&self`, `&mut self`, `self: &T`).
pub(crate) fn receiver_by_value(receiver: &syn::Receiver) -> bool {
    match &receiver.kind {
        ReceiverKind::Reference(..) => false,
        ReceiverKind::Typed(_, ty) => !matches!(**ty, Type::Reference(_)),
        _ => true,
    }
}
