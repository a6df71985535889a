//! The walk from one root: every function its calls reach, in every crate
//! of the graph, each with the generic arguments it is reached with.
//!
//! - A call goes where [`dispatch`] says; the impls that only may run are
//!   followed as possible, and so is what they reach.
//! - [`Judge`] decides each callee: a finding, a stop (qadapt's crates,
//!   the way to a panic), or a function to walk.
//! - std is judged at its boundary: a std item the catalogue does not name
//!   is searched (once, whoever calls it) for an allocation primitive, and
//!   if one is reached, the call into std is a possible finding. Inside
//!   std, the walk goes on only where the arguments mention a type, a
//!   closure or a function from outside std (std calling the user's code
//!   back: a `Clone` impl, a `Display` impl, `map`'s function).
//! - `allow` entries are not followed; `deny` entries are findings.
//!
//! Breadth first with an explicit queue: no recursion, whatever the depth
//! of the code. Each body's calls are resolved once for every root.

use crate::calls::{self, BodyCalls, Call, Unfollowed};
use crate::dispatch::{self, Instance};
use crate::judge::{Construct, Judge, Verdict};
use crate::policy::{self, Verdict as Policy};
use crate::sites::{self, Site};
use qadapt_lints::{Certainty, Options};
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_def::hir::ExprId;
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::next_solver::{GenericArgs, Ty, TyKind};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::CrateOrigin;
use ra_ap_rustc_type_ir::inherent::IntoKind;
use ra_ap_rustc_type_ir::{TypeSuperVisitable, TypeVisitable, TypeVisitor};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::ops::ControlFlow;
use std::rc::Rc;

mod std_search;

pub use std_search::StdReach;

/// More functions than this from one root, and the walk stops (with a
/// note): a bound on time and memory whatever the code.
const MAX_VISITS: usize = 20_000;

/// One step of a chain: a function, and the call in it leading on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub func: FunctionId,
    /// The call in the previous step that leads here (`None` for the root).
    pub call: Option<ExprId>,
}

/// A construct reached from the root.
#[derive(Debug, Clone)]
pub struct Reached {
    /// From the root to the function holding the call.
    pub chain: Vec<Step>,
    /// The call, in the chain's last function.
    pub call: ExprId,
    pub construct: Construct,
}

/// Something the walk could not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkNote {
    pub kind: NoteKind,
    pub func: FunctionId,
    pub expr: Option<ExprId>,
    /// Where, when it is not an expression of `func`'s body.
    pub site: Option<Site>,
    pub message: String,
}

/// What a [`WalkNote`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    FnPointer,
    InlineAsm,
    DynNoImpl,
    PossibleImpls,
    ThroughGeneric,
    /// The index among the body's unfollowed things.
    UnresolvedMacro(usize),
    Limit,
}

impl NoteKind {
    pub fn id(self) -> &'static str {
        match self {
            NoteKind::FnPointer => "fn-pointer",
            NoteKind::InlineAsm => "inline-asm",
            NoteKind::DynNoImpl => "call-not-followed",
            NoteKind::ThroughGeneric => "call-through-generic",
            NoteKind::UnresolvedMacro(_) => "unresolved-macro",
            NoteKind::PossibleImpls => "ambiguous-call",
            NoteKind::Limit => "walk-limit",
        }
    }
}

/// What one root's walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub reached: Vec<Reached>,
    pub notes: Vec<WalkNote>,
    /// Functions walked outside std, the root included.
    pub visited: HashSet<FunctionId>,
}

/// The walker: the engine, the judge and what they learnt so far.
pub struct Walker<'db> {
    db: &'db RootDatabase,
    files: &'db crate::files::Files,
    /// Functions the checker failed on (a caught panic), with the message:
    /// the check is incomplete.
    pub failures: RefCell<Vec<(FunctionId, String)>>,
    pub judge: Judge<'db>,
    bodies: RefCell<HashMap<FunctionId, Rc<BodyCalls<'db>>>>,
    sites: RefCell<HashMap<(FunctionId, ExprId), Option<Site>>>,
    /// std functions (with arguments) known to reach an allocation, with
    /// the construct reached, or known not to.
    std_allocates: RefCell<HashMap<Instance<'db>, Option<std_search::StdReach>>>,
    /// Where each call goes, by the environment it is seen from.
    dispatches: RefCell<DispatchMemo<'db>>,
}

type DispatchMemo<'db> =
    HashMap<(ParamEnvAndCrate<'db>, FunctionId, GenericArgs<'db>), Rc<dispatch::Dispatch<'db>>>;

struct Visit<'db> {
    instance: Instance<'db>,
    parent: Option<(usize, ExprId)>,
    certain: bool,
}

impl<'db> Walker<'db> {
    pub fn new(loaded: &'db crate::load::Loaded) -> Walker<'db> {
        let db = &loaded.db;
        Walker {
            db,
            files: &loaded.files,
            failures: RefCell::new(Vec::new()),
            judge: Judge::new(db),
            bodies: RefCell::new(HashMap::new()),
            sites: RefCell::new(HashMap::new()),
            std_allocates: RefCell::new(HashMap::new()),
            dispatches: RefCell::new(HashMap::new()),
        }
    }

    /// The calls of `func`'s body, resolved once.
    pub fn body(&self, func: FunctionId) -> Rc<BodyCalls<'db>> {
        if let Some(body) = self.bodies.borrow().get(&func) {
            return body.clone();
        }
        let with_drops = !self.judge.info(func).std;
        let body = crate::panic::catch(|| {
            if let Some(path) = self.file_of(func) {
                crate::panic::test_hook(&path);
            }
            calls::of(self.db, func, with_drops)
        });
        let body = Rc::new(body.unwrap_or_else(|message| {
            self.failures.borrow_mut().push((func, message));
            BodyCalls::empty(self.db, func)
        }));
        self.bodies.borrow_mut().insert(func, body.clone());
        body
    }

    /// The path of the file defining `func`, for the test hook.
    fn file_of(&self, func: FunctionId) -> Option<String> {
        use ra_ap_hir::HasSource;
        let source = ra_ap_hir::Function::from(func).source(self.db)?;
        let file = source.file_id.original_file(self.db).file_id(self.db);
        self.files.path(file).map(|p| p.display().to_string())
    }

    /// Where a call goes, worked out once.
    fn dispatch(
        &self,
        env: ParamEnvAndCrate<'db>,
        func: FunctionId,
        args: GenericArgs<'db>,
    ) -> Rc<dispatch::Dispatch<'db>> {
        let key = (env, func, args);
        if let Some(known) = self.dispatches.borrow().get(&key) {
            return known.clone();
        }
        let found = Rc::new(dispatch::dispatch(self.db, env, func, args));
        self.dispatches.borrow_mut().insert(key, found.clone());
        found
    }

    /// Where a call of `func`'s body is.
    pub fn site(&self, func: FunctionId, expr: ExprId) -> Option<Site> {
        if let Some(site) = self.sites.borrow().get(&(func, expr)) {
            return site.clone();
        }
        let site = sites::site(self.db, func, expr);
        self.sites.borrow_mut().insert((func, expr), site.clone());
        site
    }

    /// The constructs `func`'s own body calls, its calls not followed (for
    /// `audit`), with the function's own generic parameters.
    pub fn own_findings(&self, func: FunctionId, options: &Options) -> Vec<(ExprId, Construct)> {
        let (_, env) = own_instance(self.db, func);
        let body = self.body(func);
        let mut out = Vec::new();
        for call in &body.calls {
            for (callee, callee_args) in self.dispatch(env, call.func, call.args).certain.iter().copied() {
                let info = self.judge.info(callee);
                let mut paths = info.path.match_paths();
                if call.func != callee {
                    paths.extend(self.judge.info(call.func).path.match_paths());
                }
                match policy::verdict(options, &paths) {
                    Policy::Allowed => continue,
                    Policy::Denied(pattern) => {
                        out.push((call.expr, policy::denied(&pattern, &info.path.short())));
                        continue;
                    }
                    Policy::Follow => {}
                }
                let via_macro = if info.std {
                    self.site(func, call.expr).and_then(|s| s.std_macro)
                } else {
                    None
                };
                match self
                    .judge
                    .verdict(env, callee, callee_args, call.facts, via_macro.as_deref())
                {
                    Verdict::Finding(construct) => out.push((call.expr, construct)),
                    Verdict::Follow if info.std => {
                        if let Some(reached) = self.std_allocates(env, (callee, callee_args)) {
                            out.push((call.expr, self.judge.std_construct(&info, &reached)));
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// Walks from `root` with `options`' `allow` and `deny`.
    pub fn walk(&self, root: Instance<'db>, env: ParamEnvAndCrate<'db>, options: &Options) -> Walk {
        let mut walk = Walk::default();
        let mut visits: Vec<Visit<'db>> = vec![Visit {
            instance: root,
            parent: None,
            certain: true,
        }];
        let mut index: HashMap<Instance<'db>, usize> = HashMap::from([(root, 0)]);
        let mut queue: VecDeque<usize> = VecDeque::from([0]);
        let mut found: HashSet<(FunctionId, ExprId, String)> = HashSet::new();
        let mut noted: HashSet<(NoteKind, FunctionId, Option<ExprId>)> = HashSet::new();
        while let Some(at) = queue.pop_front() {
            if visits.len() > MAX_VISITS {
                walk.notes.push(WalkNote {
                    kind: NoteKind::Limit,
                    func: root.0,
                    expr: None,
                    site: None,
                    message: format!(
                        "the walk stopped after {MAX_VISITS} functions: what lies beyond is \
                         not checked"
                    ),
                });
                break;
            }
            let (func, args) = visits[at].instance;
            let certain = visits[at].certain;
            let info = self.judge.info(func);
            let in_std = info.std;
            if !in_std {
                walk.visited.insert(func);
            }
            let body = self.body(func);
            let mut subst = crate::subst::Substitute::new(self.db, env, args);
            if !in_std {
                for (i, unfollowed) in body.unfollowed.iter().enumerate() {
                    let (kind, expr, site, message) = match unfollowed {
                        Unfollowed::FnPointer(expr) => (
                            NoteKind::FnPointer,
                            Some(*expr),
                            None,
                            "a call through a function pointer is not followed".to_owned(),
                        ),
                        Unfollowed::InlineAsm(expr) => (
                            NoteKind::InlineAsm,
                            Some(*expr),
                            None,
                            "inline assembly is not checked".to_owned(),
                        ),
                        Unfollowed::UnresolvedMacro(name, site) => (
                            NoteKind::UnresolvedMacro(i),
                            None,
                            site.clone(),
                            format!("the macro `{name}!` could not be resolved: not checked"),
                        ),
                    };
                    if noted.insert((kind, func, expr)) {
                        walk.notes.push(WalkNote {
                            kind,
                            func,
                            expr,
                            site,
                            message,
                        });
                    }
                }
            }
            for call in &body.calls {
                let call_args = subst.args(call.args);
                let dispatch = self.dispatch(env, call.func, call_args);
                if !in_std && let Some(declared) = dispatch.declared {
                    // The trait's method judged for any implementor, or by
                    // the std macro that calls it (`write!` into a `dyn
                    // Write`).
                    self.unresolved(
                        EdgeCtx {
                            env,
                            options,
                            at,
                            func,
                            in_std,
                            call,
                            certain: false,
                        },
                        declared,
                        &visits,
                        &mut walk,
                        &mut found,
                    );
                }
                if !in_std
                    && let Some(name) = &dispatch.no_impl
                    && noted.insert((NoteKind::DynNoImpl, func, Some(call.expr)))
                {
                    let method = self.judge.info(call.func).path.short();
                    let through = match dispatch.unknown {
                        Some(dispatch::Unknown::Dyn) => format!("a `dyn {name}`"),
                        _ => "a generic parameter".to_owned(),
                    };
                    walk.notes.push(WalkNote {
                        kind: NoteKind::DynNoImpl,
                        func,
                        expr: Some(call.expr),
                        site: None,
                        message: format!(
                            "`{method}` is called through {through}, and the crate graph has \
                             no impl of `{name}` outside std: not followed"
                        ),
                    });
                }
                let impls = dispatch.certain.len() + dispatch.possible.len();
                if !in_std && dispatch.unknown.is_some() && impls > 0 {
                    let names: Vec<String> = dispatch
                        .certain
                        .iter()
                        .chain(&dispatch.possible)
                        .map(|(f, _)| format!("`{}`", self.judge.info(*f).path.short()))
                        .collect();
                    let method = self.judge.info(call.func).path.short();
                    let (kind, message) = match dispatch.unknown {
                        Some(dispatch::Unknown::Param) => (
                            NoteKind::ThroughGeneric,
                            format!(
                                "`{method}` is called through a generic parameter: following \
                                 every impl in the crate graph ({})",
                                names.join(", ")
                            ),
                        ),
                        _ => (
                            NoteKind::PossibleImpls,
                            format!(
                                "`{method}` may be {}: following {}",
                                alternatives(&names),
                                match names.len() {
                                    1 => "it".to_owned(),
                                    2 => "both".to_owned(),
                                    n => format!("all {n}"),
                                }
                            ),
                        ),
                    };
                    if noted.insert((kind, func, Some(call.expr))) {
                        walk.notes.push(WalkNote {
                            kind,
                            func,
                            expr: Some(call.expr),
                            site: None,
                            message,
                        });
                    }
                }
                let targets = dispatch
                    .certain
                    .iter()
                    .map(|t| (*t, certain))
                    .chain(dispatch.possible.iter().map(|t| (*t, false)));
                for (target, edge_certain) in targets {
                    self.edge(
                        EdgeCtx {
                            env,
                            options,
                            at,
                            func,
                            in_std,
                            call,
                            certain: edge_certain,
                        },
                        target,
                        &mut visits,
                        &mut index,
                        &mut queue,
                        &mut walk,
                        &mut found,
                    );
                }
            }
            for dropped in &body.drops {
                let ty = subst.ty(dropped.ty);
                for (impl_fn, impl_args) in crate::drops::glue(self.db, env, ty) {
                    let call = Call {
                        func: impl_fn,
                        args: impl_args,
                        expr: dropped.expr.unwrap_or(body.root),
                        facts: Default::default(),
                        always: false,
                    };
                    let target = (impl_fn, impl_args);
                    let edge_certain = certain;
                    self.edge(
                        EdgeCtx {
                            env,
                            options,
                            at,
                            func,
                            in_std,
                            call: &call,
                            certain: edge_certain,
                        },
                        target,
                        &mut visits,
                        &mut index,
                        &mut queue,
                        &mut walk,
                        &mut found,
                    );
                }
            }
        }
        walk
    }

    /// A call whose receiver's type is not known: a finding when the
    /// catalogue names the trait's method (or the std macro making the
    /// call), possible unless the entry holds for any implementor.
    fn unresolved(
        &self,
        ctx: EdgeCtx<'_, 'db>,
        declared: Instance<'db>,
        visits: &[Visit<'db>],
        walk: &mut Walk,
        found: &mut HashSet<(FunctionId, ExprId, String)>,
    ) {
        let (func, args) = declared;
        let info = self.judge.info(func);
        if !info.std {
            return;
        }
        let via_macro = self.site(ctx.func, ctx.call.expr).and_then(|s| s.std_macro);
        let verdict = self
            .judge
            .verdict(ctx.env, func, args, ctx.call.facts, via_macro.as_deref());
        let construct = match verdict {
            Verdict::Finding(construct) => Some(construct),
            _ => via_macro.and_then(|name| self.judge.macro_construct(&name)),
        };
        if let Some(construct) = construct
            && found.insert((ctx.func, ctx.call.expr, construct.name.clone()))
        {
            walk.reached.push(Reached {
                chain: chain(visits, ctx.at),
                call: ctx.call.expr,
                construct,
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn edge(
        &self,
        ctx: EdgeCtx<'_, 'db>,
        target: Instance<'db>,
        visits: &mut Vec<Visit<'db>>,
        index: &mut HashMap<Instance<'db>, usize>,
        queue: &mut VecDeque<usize>,
        walk: &mut Walk,
        found: &mut HashSet<(FunctionId, ExprId, String)>,
    ) {
        let (callee, callee_args) = target;
        let info = self.judge.info(callee);
        // `allow` and `deny`, by the resolved path of the callee and of
        // what was written (a trait's method).
        let mut paths = info.path.match_paths();
        if ctx.call.func != callee {
            paths.extend(self.judge.info(ctx.call.func).path.match_paths());
        }
        let mut record = |construct: Construct, walk: &mut Walk| {
            if found.insert((ctx.func, ctx.call.expr, construct.name.clone())) {
                walk.reached.push(Reached {
                    chain: chain(visits, ctx.at),
                    call: ctx.call.expr,
                    construct,
                });
            }
        };
        match policy::verdict(ctx.options, &paths) {
            Policy::Allowed => return,
            Policy::Denied(pattern) => {
                if !ctx.in_std {
                    record(policy::denied(&pattern, &info.path.short()), walk);
                }
                return;
            }
            Policy::Follow => {}
        }
        let via_macro = if info.std && !ctx.in_std {
            self.site(ctx.func, ctx.call.expr).and_then(|s| s.std_macro)
        } else {
            None
        };
        let verdict = self.judge.verdict(
            ctx.env,
            callee,
            callee_args,
            ctx.call.facts,
            via_macro.as_deref(),
        );
        let downgrade = |mut construct: Construct| {
            if !ctx.certain && construct.certainty == Certainty::Definite {
                construct.certainty = Certainty::Possible;
                construct.lint = construct.lint.replace("_allocates", "_may_allocate");
            }
            construct
        };
        match verdict {
            Verdict::Stop | Verdict::Quiet => {}
            Verdict::Finding(construct) => {
                if !ctx.in_std {
                    record(downgrade(construct), walk);
                }
            }
            Verdict::Follow => {
                if info.std && !ctx.in_std {
                    if let Some(reached) = self.std_allocates(ctx.env, target) {
                        record(
                            downgrade(self.judge.std_construct(&info, &reached)),
                            walk,
                        );
                    }
                }
                if info.std && !self.mentions_outside_std(callee_args) {
                    return;
                }
                let parent = Some((ctx.at, ctx.call.expr));
                match index.get(&target) {
                    Some(&seen) => {
                        // Reached for sure after a possible path: walk it
                        // again as certain.
                        if ctx.certain && !visits[seen].certain {
                            visits[seen].certain = true;
                            visits[seen].parent = parent;
                            queue.push_front(seen);
                        }
                    }
                    None => {
                        visits.push(Visit {
                            instance: target,
                            parent,
                            certain: ctx.certain,
                        });
                        index.insert(target, visits.len() - 1);
                        if ctx.certain {
                            queue.push_front(visits.len() - 1);
                        } else {
                            queue.push_back(visits.len() - 1);
                        }
                    }
                }
            }
        }
    }

    /// Whether generic arguments mention something defined outside std
    /// (which std may call back).
    fn mentions_outside_std(&self, args: GenericArgs<'db>) -> bool {
        let mut visitor = OutsideStd {
            db: self.db,
            found: false,
        };
        let _ = args.visit_with(&mut visitor);
        visitor.found
    }
}

struct EdgeCtx<'a, 'db> {
    env: ParamEnvAndCrate<'db>,
    options: &'a Options,
    at: usize,
    func: FunctionId,
    in_std: bool,
    call: &'a Call<'db>,
    certain: bool,
}

/// A function with its own generic parameters, and its environment (what
/// its bounds say of them).
pub fn own_instance<'db>(
    db: &'db RootDatabase,
    func: FunctionId,
) -> (GenericArgs<'db>, ParamEnvAndCrate<'db>) {
    use ra_ap_hir_def::HasModule;
    use ra_ap_hir_ty::db::HirDatabase;
    use ra_ap_rustc_type_ir::inherent::GenericArgs as _;
    let interner = ra_ap_hir_ty::next_solver::DbInterner::new_no_crate(db);
    let args = GenericArgs::identity_for_item(
        interner,
        ra_ap_hir_ty::next_solver::SolverDefId::FunctionId(func),
    );
    let hir_db: &dyn HirDatabase = db;
    let env = ParamEnvAndCrate {
        param_env: hir_db.trait_environment(ra_ap_hir_def::GenericDefId::FunctionId(func)),
        krate: func.krate(db),
    };
    (args, env)
}

/// The chain from the root to visit `at`.
fn chain(visits: &[Visit<'_>], at: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut cursor = Some(at);
    while let Some(i) = cursor {
        steps.push(Step {
            func: visits[i].instance.0,
            call: visits[i].parent.map(|(_, expr)| expr),
        });
        cursor = visits[i].parent.map(|(parent, _)| parent);
        if steps.len() > visits.len() {
            break;
        }
    }
    steps.reverse();
    steps
}

/// `a`, `a or b`, `a, b or c`; long lists shortened.
fn alternatives(names: &[String]) -> String {
    const SHOWN: usize = 6;
    match names {
        [] => String::new(),
        [one] => one.clone(),
        _ if names.len() > SHOWN => format!(
            "{}, ... ({} candidates)",
            names[..SHOWN].join(", "),
            names.len()
        ),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Finds a type, closure or function defined outside std.
struct OutsideStd<'a> {
    db: &'a RootDatabase,
    found: bool,
}

impl<'db> TypeVisitor<ra_ap_hir_ty::next_solver::DbInterner<'db>> for OutsideStd<'_> {
    type Result = ControlFlow<()>;

    fn visit_ty(&mut self, ty: Ty<'db>) -> ControlFlow<()> {
        let krate = match ty.kind() {
            TyKind::Adt(adt, _) => Some(ra_ap_hir::Adt::from(adt.def_id()).module(self.db).krate(self.db)),
            TyKind::FnDef(callable, _) => match callable.0 {
                ra_ap_hir_def::CallableDefId::FunctionId(f) => {
                    Some(ra_ap_hir::Function::from(f).module(self.db).krate(self.db))
                }
                _ => None,
            },
            // A closure's body is walked with the function writing it;
            // a parameter of the root may be anything.
            TyKind::Param(_) => {
                self.found = true;
                return ControlFlow::Break(());
            }
            _ => None,
        };
        if let Some(krate) = krate
            && !matches!(krate.origin(self.db), CrateOrigin::Lang(_))
        {
            self.found = true;
            return ControlFlow::Break(());
        }
        ty.super_visit_with(self)
    }
}
