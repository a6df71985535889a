//! What a callee is, for the walk: one of qadapt's own crates (opaque: its
//! allocator is what reports allocations), the way to a panic (not a
//! finding: the runtime leaves panicking threads alone too), a std item
//! the catalogue names (a finding with its certainty and conditions), an
//! allocation primitive (`alloc::alloc::alloc`, `Box`'s `box_new`, the
//! global allocator's `allocate` and `grow`), or something to follow.

use crate::calls::Facts;
use crate::item_path::{ItemPath, Owner};
use crate::sites::Site;
use crate::std_catalogue::{self, CallFacts, Judged};
use qadapt_lints::Certainty;
use qadapt_lints::catalogue::Entry;
use ra_ap_hir as hir;
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::db::HirDatabase;
use ra_ap_hir_ty::next_solver::{GenericArgs, Ty, TyKind};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The crates whose code is never walked: qadapt's allocator is opaque.
const OPAQUE_CRATES: &[&str] = &["qadapt", "qadapt_derive", "qadapt_lints"];

/// The std functions that allocate: what std's collections, boxes and
/// strings end up calling.
const PRIMITIVES: &[&str] = &[
    "alloc::alloc::alloc",
    "alloc::alloc::alloc_zeroed",
    "alloc::alloc::realloc",
    "alloc::alloc::exchange_malloc",
    "alloc::alloc::__rust_alloc",
    "alloc::alloc::__rust_alloc_zeroed",
    "alloc::alloc::__rust_realloc",
    "alloc::boxed::box_new",
    "<alloc::alloc::Global as core::alloc::Allocator>::allocate",
    "<alloc::alloc::Global as core::alloc::Allocator>::allocate_zeroed",
    "<alloc::alloc::Global as core::alloc::Allocator>::grow",
    "<alloc::alloc::Global as core::alloc::Allocator>::grow_zeroed",
    "<std::alloc::System as core::alloc::GlobalAlloc>::alloc",
    "<std::alloc::System as core::alloc::GlobalAlloc>::alloc_zeroed",
    "<std::alloc::System as core::alloc::GlobalAlloc>::realloc",
];

/// std types whose non-empty values own a heap buffer.
const HEAP_TYPES: &[&str] = &[
    "String",
    "Vec",
    "Box",
    "Rc",
    "Arc",
    "VecDeque",
    "LinkedList",
    "BinaryHeap",
    "HashMap",
    "HashSet",
    "BTreeMap",
    "BTreeSet",
    "PathBuf",
    "OsString",
    "CString",
];

/// What the walk knows of a call, for the judge.
pub struct Ask<'a, 'db> {
    pub facts: Facts,
    /// The arguments of the call as written (substituted, before
    /// dispatch): a trait's own generic arguments (`From<&str>`) decide.
    pub written: GenericArgs<'db>,
    /// Where the call is (which std macro made it), when known.
    pub site: Option<&'a Site>,
}

/// What is known of one function, whatever its arguments.
#[derive(Debug)]
pub struct FnInfo {
    pub path: ItemPath,
    /// The catalogue's key: [`ItemPath::key`].
    pub key: String,
    /// In std (a crate of the sysroot).
    pub std: bool,
    /// In the user's own code (a workspace member or a path dependency),
    /// not a registry or git dependency's.
    pub local: bool,
    /// In one of qadapt's crates.
    pub opaque: bool,
    /// Returns `!`: the way to a panic or an exit.
    pub never: bool,
    pub has_body: bool,
    /// An allocation primitive.
    pub primitive: bool,
}

/// A construct found: what the report says about it.
#[derive(Debug, Clone)]
pub struct Construct {
    /// "`Box::new`".
    pub name: String,
    pub lint: String,
    pub certainty: Certainty,
    pub reason: String,
    pub suggestion: String,
    /// Growth of a collection: the catalogue's definite entry for one
    /// created empty in the same body, which the attribute's reading of
    /// the body may confirm (the engine does not track it).
    pub grows: Option<&'static Entry>,
}

impl Construct {
    /// The construct of one of the attribute's findings.
    pub fn from_finding(finding: qadapt_lints::Finding) -> Construct {
        Construct {
            name: finding.construct,
            lint: finding.lint_name,
            certainty: finding.certainty,
            reason: finding.reason,
            suggestion: finding.suggestion,
            grows: None,
        }
    }

    /// The finding of a catalogue entry, with `certainty`.
    pub fn of(entry: &'static Entry, certainty: Certainty) -> Construct {
        Construct {
            name: entry.construct(),
            lint: lint_name(&entry.lint_name(), certainty),
            certainty,
            reason: entry.reason.to_owned(),
            suggestion: entry.suggestion.to_owned(),
            grows: None,
        }
    }
}

/// What a std function reaches further in, found by searching its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdReach {
    /// The entry or primitive reached: "`Vec::from_iter`".
    pub what: String,
    pub certainty: Certainty,
}

/// The verdict on one call.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Never walked into (qadapt's crates, panics, no body).
    Stop,
    /// A finding at the call.
    Finding(Construct),
    /// The catalogue knows it and it builds nothing here.
    Quiet,
    Follow,
}

/// The judge, with what it learnt about each function.
pub struct Judge<'db> {
    db: &'db RootDatabase,
    infos: RefCell<HashMap<FunctionId, Rc<FnInfo>>>,
}

impl<'db> Judge<'db> {
    pub fn new(db: &'db RootDatabase) -> Judge<'db> {
        Judge {
            db,
            infos: RefCell::new(HashMap::new()),
        }
    }

    pub fn info(&self, func: FunctionId) -> Rc<FnInfo> {
        if let Some(info) = self.infos.borrow().get(&func) {
            return info.clone();
        }
        let db = self.db;
        let function = hir::Function::from(func);
        let path = ItemPath::of(db, func);
        let krate = function.module(db).krate(db);
        let key = path.key();
        let info = Rc::new(FnInfo {
            std: matches!(krate.origin(db), CrateOrigin::Lang(_)),
            local: matches!(krate.origin(db), CrateOrigin::Local { .. }),
            opaque: OPAQUE_CRATES.contains(&path.krate.as_str()),
            never: function.ret_type(db).is_never(),
            has_body: function.has_body(db),
            primitive: PRIMITIVES.contains(&key.as_str()),
            key,
            path,
        });
        self.infos.borrow_mut().insert(func, info.clone());
        info
    }

    /// The verdict on calling `func` with `args` (substituted, and after
    /// dispatch: an impl's method has the impl's arguments).
    pub fn verdict(
        &self,
        env: ParamEnvAndCrate<'db>,
        func: FunctionId,
        args: GenericArgs<'db>,
        ask: &Ask<'_, 'db>,
    ) -> Verdict {
        let info = self.info(func);
        if info.opaque || info.never {
            return Verdict::Stop;
        }
        if !info.std {
            return if info.has_body {
                Verdict::Follow
            } else {
                Verdict::Stop
            };
        }
        let via_macro = ask.site.and_then(|site| site.std_macro.as_deref());
        if let Some(construct) = self.collects_into_heap(&info, ask.written) {
            return Verdict::Finding(construct);
        }
        if let Some(construct) = self.lossy_copy(&info, &ask.facts) {
            return Verdict::Finding(construct);
        }
        let types: Vec<Ty<'db>> = args.iter().filter_map(|a| a.ty()).collect();
        let written: Vec<Ty<'db>> = ask.written.iter().filter_map(|a| a.ty()).collect();
        let by_vec = via_macro == Some("vec");
        let facts = CallFacts {
            empty_str: ask.facts.first_arg_empty_str
                || ask.site.is_some_and(|site| site.std_macro_empty),
            zero: ask.facts.first_arg_zero,
            // `vec![x; 0]` and `vec![(); n]` build nothing.
            builds_nothing: by_vec
                && (ask.facts.any_arg_zero
                    || types.first().is_some_and(|&ty| self.zero_sized(env, ty))),
            zero_sized: types.first().is_some_and(|&ty| self.zero_sized(env, ty)),
            borrowed: written.last().is_some_and(|&ty| is_borrowed(ty)),
            via_macro,
        };
        match std_catalogue::judge(&info.key, facts) {
            Judged::Found(entry, certainty, grows) => Verdict::Finding(Construct {
                grows,
                ..Construct::of(entry, certainty)
            }),
            Judged::Quiet => Verdict::Quiet,
            Judged::Unknown if info.primitive => Verdict::Finding(Construct {
                name: format!("`{}`", info.path.short()),
                lint: format!("{}_allocates", snake(&info.path.short())),
                certainty: Certainty::Definite,
                reason: "allocates on the heap".to_owned(),
                suggestion: "allocate before the no-alloc region".to_owned(),
                grows: None,
            }),
            Judged::Unknown if info.has_body => Verdict::Follow,
            Judged::Unknown => Verdict::Stop,
        }
    }

    /// `Iterator::collect`, `partition` and `unzip` into a collection on
    /// the heap (the catalogue's condition on the target type, judged on
    /// the type the engine inferred): definite.
    fn collects_into_heap(&self, info: &FnInfo, written: GenericArgs<'db>) -> Option<Construct> {
        let name = info.path.name.as_str();
        let iterator = match &info.path.owner {
            Owner::Trait(t) | Owner::TraitImpl { trait_: t, .. } => t.short == "Iterator",
            _ => false,
        };
        if !iterator || !matches!(name, "collect" | "partition" | "unzip") {
            return None;
        }
        // The collections built: the method's own type parameters after
        // the trait's `Self` (`unzip`'s last two, not the items).
        let types: Vec<Ty<'db>> = written.iter().skip(1).filter_map(|a| a.ty()).collect();
        let built = if name == "unzip" {
            &types[types.len().saturating_sub(2)..]
        } else {
            &types[..]
        };
        let heap = built.iter().any(|&ty| self.owns_heap(ty));
        if !heap {
            return None;
        }
        let entry = std_catalogue::method_entry(name)?;
        Some(Construct::of(entry, Certainty::Definite))
    }

    /// `into_owned` of what `from_utf8_lossy` or `to_string_lossy` gives:
    /// a new `String` whichever way the `Cow` went (the catalogue's
    /// condition, judged on the resolved receiver).
    fn lossy_copy(&self, info: &FnInfo, facts: &Facts) -> Option<Construct> {
        if info.path.name != "into_owned" {
            return None;
        }
        let receiver = self.info(facts.receiver_call?);
        let lossy = receiver.std
            && matches!(
                receiver.path.name.as_str(),
                "from_utf8_lossy" | "to_string_lossy"
            );
        if !lossy {
            return None;
        }
        let entry = std_catalogue::method_entry("into_owned")?;
        Some(Construct::of(entry, Certainty::Definite))
    }

    /// A std type whose non-empty values own a heap buffer, or a
    /// `Result`, `Option` or tuple holding one.
    fn owns_heap(&self, ty: Ty<'db>) -> bool {
        let db = self.db;
        match ty.kind() {
            TyKind::Adt(adt, args) => {
                let adt = hir::Adt::from(adt.def_id());
                if !matches!(adt.module(db).krate(db).origin(db), CrateOrigin::Lang(_)) {
                    return false;
                }
                let name = adt.name(db);
                match name.as_str() {
                    "Result" | "Option" => args
                        .iter()
                        .filter_map(|a| a.ty())
                        .next()
                        .is_some_and(|inner| self.owns_heap(inner)),
                    other => HEAP_TYPES.contains(&other),
                }
            }
            TyKind::Tuple(types) => types.iter().any(|t| self.owns_heap(t)),
            _ => false,
        }
    }

    /// The finding at a call into the std function `info` that reaches an
    /// allocation further in: named after the catalogue's method of the
    /// same name where the reach is definite (`collect::<Vec<_>>()`), else
    /// after the function.
    pub fn std_construct(&self, info: &FnInfo, reached: &StdReach) -> Construct {
        let certainty = reached.certainty;
        if certainty == Certainty::Definite
            && let Some(entry) = std_catalogue::method_entry(&info.path.name)
        {
            return Construct::of(entry, certainty);
        }
        let short = info.path.short();
        Construct {
            name: format!("`{short}`"),
            lint: lint_name(&snake(&short), certainty),
            certainty,
            reason: format!("reaches {} in std", reached.what),
            suggestion: "call it before the no-alloc region, or check that it cannot \
                         allocate here"
                .to_owned(),
            grows: None,
        }
    }

    /// The possible finding of the std macro `name` (`write`), for a call
    /// its expansion makes whose receiver is not known.
    pub fn macro_construct(&self, name: &str) -> Option<Construct> {
        let entry = std_catalogue::macro_entry(name)?;
        Some(Construct {
            grows: std_catalogue::macro_growth_entry(name),
            ..Construct::of(entry, Certainty::Possible)
        })
    }

    fn zero_sized(&self, env: ParamEnvAndCrate<'db>, ty: Ty<'db>) -> bool {
        let db: &dyn HirDatabase = self.db;
        match db.layout_of_ty(ty.store(), env.store()) {
            Ok(layout) => layout.size.bytes() == 0,
            Err(_) => false,
        }
    }
}

/// A reference, an array or a slice: data a `From` impl must copy.
fn is_borrowed(ty: Ty<'_>) -> bool {
    matches!(
        ty.kind(),
        TyKind::Ref(..) | TyKind::Array(..) | TyKind::Str | TyKind::Slice(_)
    )
}

/// The catalogue's lint name with `certainty`'s ending.
fn lint_name(name: &str, certainty: Certainty) -> String {
    let base = name
        .strip_suffix("_allocates")
        .or_else(|| name.strip_suffix("_may_allocate"))
        .unwrap_or(name);
    match certainty {
        Certainty::Definite => format!("{base}_allocates"),
        Certainty::Possible => format!("{base}_may_allocate"),
    }
}

/// `BTreeMap::insert` as `b_tree_map_insert`-like words: lowercase
/// ASCII words joined by `_`.
pub fn snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
            previous_lower = false;
        }
    }
    out.trim_matches('_').to_owned()
}
