//! Candidates for the catalogue, drawn from the signatures of the toolchain's std: every public
//! stable function of `alloc` and `std` that returns an owned heap value (a `String`, `Vec`,
//! `Box`, `Rc`, `Arc`, `CString`, `OsString`, `PathBuf` or collection, not behind a reference)
//! built from borrowed input, a size, or nothing (one that takes an owned heap value may reuse
//! its buffer, and is left to curation by hand). Each is in the catalogue (an entry, or an item
//! known never to allocate) or in [`REVIEWED`], with the reason it is not: a std release that
//! adds such a function fails this test until someone decides.
//!
//! `QADAPT_CANDIDATES=1` prints every candidate with its inputs, for curation.

mod std_source;

use qadapt_lints::catalogue;
use std::collections::{BTreeMap, BTreeSet};
use std_source::{Source, is_cfg_test, is_pub, item_name, self_type};
use syn::{FnArg, Item, ReturnType, Signature, Type};

/// Owned types whose non-empty values live on the heap.
const HEAP: &[&str] = &[
    "String",
    "Vec",
    "Box",
    "Rc",
    "Arc",
    "CString",
    "OsString",
    "PathBuf",
    "VecDeque",
    "BinaryHeap",
    "BTreeMap",
    "BTreeSet",
    "HashMap",
    "HashSet",
    "LinkedList",
];

/// What a candidate is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Input {
    /// No argument, or only sizes and `Copy` scalars.
    Nothing,
    /// Borrowed data (`&self`, `&str`, `&[T]`, `impl AsRef<..>`, ...).
    Borrowed,
    /// Some argument is taken by value and may already own a buffer.
    Owned,
}

struct Candidate {
    key: String,
    input: Input,
}

/// The defining paths of std's public types and traits, by name.
struct Definitions(BTreeMap<String, Vec<Vec<String>>>);

impl Definitions {
    fn load(source: &mut Source) -> Definitions {
        let mut found: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for crate_name in std_source::CRATES {
            for path in source.crate_modules(crate_name) {
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                let module = source.module(&names).expect("listed modules load");
                for item in &module.items {
                    if let Some((name, vis)) = item_name(item)
                        && is_pub(vis)
                        && !matches!(item, Item::Fn(_))
                    {
                        let mut defined = path.clone();
                        defined.push(name.clone());
                        found.entry(name).or_default().push(defined);
                    }
                }
            }
        }
        Definitions(found)
    }

    /// The defining path of the type or trait written `written` (`Vec`, `fmt::Write`) in the
    /// module `module`: among the definitions ending with what is written, the one sharing the
    /// longest prefix with the module.
    fn resolve(&self, written: &[String], module: &[String]) -> Option<String> {
        let name = written.last()?;
        let shared =
            |path: &Vec<String>| path.iter().zip(module).take_while(|(a, b)| a == b).count();
        self.0
            .get(name)?
            .iter()
            .filter(|path| path.ends_with(written))
            .max_by_key(|path| shared(path))
            .map(|path| path.join("::"))
    }
}

fn idents(path: &syn::Path) -> Vec<String> {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect()
}

/// Whether the type owns a heap value, not behind a reference or pointer.
fn owns_heap(ty: &Type, self_is_heap: bool) -> bool {
    match ty {
        Type::Reference(_) | Type::Ptr(_) | Type::FnPtr(_) => false,
        Type::Path(path) => path.path.segments.iter().any(|segment| {
            let name = segment.ident.to_string();
            HEAP.contains(&name.as_str())
                || (name == "Self" && self_is_heap)
                || match &segment.arguments {
                    syn::PathArguments::AngleBracketed(arguments) => {
                        arguments.args.iter().any(|argument| match argument {
                            syn::GenericArgument::Type(ty) => owns_heap(ty, self_is_heap),
                            _ => false,
                        })
                    }
                    _ => false,
                }
        }),
        Type::Tuple(tuple) => tuple.elems.iter().any(|ty| owns_heap(ty, self_is_heap)),
        Type::Array(array) => owns_heap(&array.elem, self_is_heap),
        Type::Paren(paren) => owns_heap(&paren.elem, self_is_heap),
        Type::Group(group) => owns_heap(&group.elem, self_is_heap),
        _ => false,
    }
}

fn input(sig: &Signature, self_is_heap: bool) -> Input {
    let mut input = Input::Nothing;
    for arg in &sig.inputs {
        let this = match arg {
            FnArg::Receiver(receiver) => match &receiver.kind {
                syn::ReceiverKind::Reference(..) => Input::Borrowed,
                syn::ReceiverKind::Typed(_, ty) if owns_heap(ty, self_is_heap) => Input::Owned,
                _ if self_is_heap => Input::Owned,
                _ => Input::Borrowed,
            },
            FnArg::Typed(typed) => match &*typed.ty {
                Type::Reference(_) | Type::ImplTrait(_) => Input::Borrowed,
                Type::Path(path)
                    if path.path.segments.len() == 1
                        && matches!(
                            path.path.segments[0].ident.to_string().as_str(),
                            "usize" | "u8" | "u16" | "u32" | "u64" | "i32" | "char" | "bool"
                        ) =>
                {
                    Input::Nothing
                }
                ty if owns_heap(ty, self_is_heap) => Input::Owned,
                _ => Input::Borrowed,
            },
        };
        input = input.max(this);
    }
    input
}

/// `#[unstable(..)]`: not callable on the stable toolchains the attribute serves.
fn is_unstable(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("unstable"))
}

fn candidates() -> Vec<Candidate> {
    let mut source = Source::new(std_source::library());
    let definitions = Definitions::load(&mut source);
    let mut found = Vec::new();
    for crate_name in ["alloc", "std"] {
        for path in source.crate_modules(crate_name) {
            if path.iter().any(|name| INTERNAL.contains(&name.as_str())) {
                continue;
            }
            let names: Vec<&str> = path.iter().map(String::as_str).collect();
            let module = source.module(&names).expect("listed modules load");
            for item in &module.items {
                match item {
                    Item::Fn(function)
                        if is_pub(&function.vis) && !is_unstable(&function.attrs) =>
                    {
                        if let ReturnType::Type(_, ty) = &function.sig.output
                            && owns_heap(ty, false)
                            && input(&function.sig, false) != Input::Owned
                        {
                            found.push(Candidate {
                                key: format!("{}::{}", path.join("::"), function.sig.ident),
                                input: input(&function.sig, false),
                            });
                        }
                    }
                    Item::Impl(block)
                        if !is_cfg_test(&block.attrs) && !is_unstable(&block.attrs) =>
                    {
                        let Some(self_name) = self_type(block) else {
                            continue;
                        };
                        let self_is_heap = HEAP.contains(&self_name.as_str());
                        let primitive = self_name.starts_with('[')
                            || self_name.starts_with(char::is_lowercase)
                            || self_name == "T";
                        let self_key = if primitive {
                            self_name.clone()
                        } else {
                            match definitions.resolve(std::slice::from_ref(&self_name), &path) {
                                Some(key) => key,
                                None => continue,
                            }
                        };
                        let trait_key = match &block.trait_ {
                            Some((trait_path, _)) => {
                                match definitions.resolve(&idents(trait_path), &path) {
                                    Some(key) => Some(key),
                                    None => continue,
                                }
                            }
                            None => None,
                        };
                        for impl_item in &block.items {
                            let syn::ImplItem::Fn(function) = impl_item else {
                                continue;
                            };
                            if trait_key.is_none() && !is_pub(&function.vis)
                                || is_unstable(&function.attrs)
                            {
                                continue;
                            }
                            let ReturnType::Type(_, ty) = &function.sig.output else {
                                continue;
                            };
                            if !owns_heap(ty, self_is_heap) {
                                continue;
                            }
                            let name = &function.sig.ident;
                            let key = match &trait_key {
                                Some(trait_key) => format!("<{self_key} as {trait_key}>::{name}"),
                                None if primitive => {
                                    format!("{}::{self_key}::{name}", path.join("::"))
                                }
                                None => format!("{self_key}::{name}"),
                            };
                            let input = input(&function.sig, self_is_heap);
                            if input != Input::Owned {
                                found.push(Candidate { key, input });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    found.sort_by(|a, b| a.key.cmp(&b.key));
    found.dedup_by(|a, b| a.key == b.key);
    found
}

#[test]
fn every_allocating_candidate_is_catalogued_or_reviewed() {
    let candidates = candidates();
    // An entry, or an item known never to allocate.
    let catalogued: BTreeSet<&str> = catalogue::resolved_keys()
        .chain(catalogue::quiet_keys().iter().copied())
        .collect();
    let print = std::env::var_os("QADAPT_CANDIDATES").is_some();
    let mut open = Vec::new();
    for candidate in &candidates {
        let state = if catalogued.contains(candidate.key.as_str()) {
            "catalogued"
        } else if REVIEWED.iter().any(|(key, _)| *key == candidate.key) {
            "reviewed"
        } else {
            open.push(format!("{} ({:?})", candidate.key, candidate.input));
            "OPEN"
        };
        if print {
            println!("{state:10} {:?} {}", candidate.input, candidate.key);
        }
    }
    assert!(
        candidates.len() > 150,
        "only {} candidates",
        candidates.len()
    );
    for (key, _) in REVIEWED {
        assert!(
            candidates.iter().any(|candidate| candidate.key == *key),
            "{key} is reviewed but no longer a candidate: remove it from REVIEWED",
        );
        assert!(
            !catalogued.contains(key),
            "{key} is reviewed and catalogued: remove it from REVIEWED",
        );
    }
    assert!(
        open.is_empty(),
        "{} functions of std build an owned heap value and are neither catalogued nor \
         reviewed (add an entry, or a line to REVIEWED with the reason):\n{}",
        open.len(),
        open.join("\n"),
    );
}

/// Modules of std that are its implementation, not its API (reached by users only through
/// what re-exports or wraps them, which are candidates in their own right).
const INTERNAL: &[&str] = &["sys", "sys_common", "wtf8"];

const EMPTY: &str = "builds an empty value, which owns no buffer yet";
const TAKES_OWNED: &str = "returns a buffer the value already owned, or takes ownership of one";
const COLLECTED: &str = "moves out an item that `env::args()` / `env::vars()` already collected";

/// Candidates deliberately left out of the catalogue, with the reason.
const REVIEWED: &[(&str, &str)] = &[
    ("std::collections::hash::map::HashMap::with_hasher", EMPTY),
    ("std::collections::hash::set::HashSet::with_hasher", EMPTY),
    (
        "<std::collections::hash::map::HashMap as core::default::Default>::default",
        EMPTY,
    ),
    (
        "<std::collections::hash::set::HashSet as core::default::Default>::default",
        EMPTY,
    ),
    ("alloc::rc::Rc::from_raw", TAKES_OWNED),
    ("alloc::sync::Arc::from_raw", TAKES_OWNED),
    ("alloc::ffi::c_str::CString::from_raw", TAKES_OWNED),
    ("alloc::string::String::from_raw_parts", TAKES_OWNED),
    ("alloc::vec::Vec::from_raw_parts", TAKES_OWNED),
    ("alloc::string::FromUtf8Error::into_bytes", TAKES_OWNED),
    (
        "alloc::ffi::c_str::FromVecWithNulError::into_bytes",
        TAKES_OWNED,
    ),
    (
        "alloc::ffi::c_str::IntoStringError::into_cstring",
        TAKES_OWNED,
    ),
    ("alloc::ffi::c_str::NulError::into_vec", TAKES_OWNED),
    (
        "std::io::buffered::bufwriter::BufWriter::into_parts",
        TAKES_OWNED,
    ),
    (
        "std::io::buffered::bufwriter::WriterPanicked::into_inner",
        TAKES_OWNED,
    ),
    ("std::io::error::Error::into_inner", TAKES_OWNED),
    (
        "alloc::collections::linked_list::LinkedList::split_off",
        "relinks the tail's nodes into a new list",
    ),
    (
        "<std::env::Args as core::iter::traits::iterator::Iterator>::next",
        COLLECTED,
    ),
    (
        "<std::env::Args as core::iter::traits::double_ended::DoubleEndedIterator>::next_back",
        COLLECTED,
    ),
    (
        "<std::env::ArgsOs as core::iter::traits::iterator::Iterator>::next",
        COLLECTED,
    ),
    (
        "<std::env::ArgsOs as core::iter::traits::iterator::Iterator>::last",
        COLLECTED,
    ),
    (
        "<std::env::ArgsOs as core::iter::traits::iterator::Iterator>::next_chunk",
        COLLECTED,
    ),
    (
        "<std::env::ArgsOs as core::iter::traits::double_ended::DoubleEndedIterator>::next_back",
        COLLECTED,
    ),
    (
        "<std::env::Vars as core::iter::traits::iterator::Iterator>::next",
        COLLECTED,
    ),
    (
        "<std::env::VarsOs as core::iter::traits::iterator::Iterator>::next",
        COLLECTED,
    ),
    (
        "<alloc::boxed::Box as core::ops::function::Fn>::call",
        "calls the boxed closure, which is judged by its own body",
    ),
    (
        "<alloc::boxed::Box as core::ops::function::FnMut>::call_mut",
        "calls the boxed closure, which is judged by its own body",
    ),
    (
        "<alloc::boxed::Box as core::ops::async_function::AsyncFn>::async_call",
        "calls the boxed closure, which is judged by its own body",
    ),
    (
        "<alloc::boxed::Box as core::ops::async_function::AsyncFnMut>::async_call_mut",
        "calls the boxed closure, which is judged by its own body",
    ),
    (
        "<std::ffi::os_str::OsString as std::os::uefi::ffi::OsStringExt>::from_wide",
        "Windows and UEFI only (`OsStringExt::from_wide`); the checker reads Unix std",
    ),
    (
        "std::panicking::catch_unwind",
        "allocates the panic's payload only when the closure panics, on the way to a crash",
    ),
    (
        "std::panicking::take_hook",
        "returns the hook that was set, or boxes the zero-sized default one",
    ),
];
