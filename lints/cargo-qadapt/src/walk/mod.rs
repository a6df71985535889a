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

use crate::calls::{self, BodyCalls};
use crate::dispatch::{self, Instance};
use crate::judge::{Ask, Construct, Judge, StdReach, Verdict};
use crate::policy::{self, Verdict as Policy};
use crate::report::{Problem, ProblemKind};
use crate::sites::{self, Site};
use qadapt_lints::Options;
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_def::hir::ExprId;
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::next_solver::GenericArgs;
use ra_ap_ide_db::RootDatabase;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

mod notes;
mod outside_std;
mod search;
mod std_search;

pub use notes::{NoteKind, WalkNote};

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
    /// Where it is, when it is not that call's place (a construct the
    /// attribute's reading of the body found).
    pub place: Option<Site>,
    pub construct: Construct,
}

/// What one root's walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub reached: Vec<Reached>,
    pub notes: Vec<WalkNote>,
    /// Functions walked outside std, the root included.
    pub visited: std::collections::HashSet<FunctionId>,
}

/// The walker: the engine, the judge and what they learnt so far, shared
/// by every root.
pub struct Walker<'db> {
    db: &'db RootDatabase,
    files: &'db crate::files::Files,
    /// std's sources were loaded; without them std is judged by the
    /// catalogue alone, by name (see `attribute_reading`).
    has_std_sources: bool,
    pub judge: Judge<'db>,
    /// Functions the checker failed on (a caught panic), with the message:
    /// the check is incomplete.
    pub failures: RefCell<Vec<(FunctionId, String)>>,
    bodies: RefCell<HashMap<FunctionId, Rc<BodyCalls<'db>>>>,
    sites: RefCell<HashMap<(FunctionId, ExprId), Option<Site>>>,
    /// std functions (with arguments) known to reach an allocation, with
    /// what they reach, or known not to.
    std_allocates: RefCell<HashMap<(ParamEnvAndCrate<'db>, Instance<'db>), Option<StdReach>>>,
    /// Where each call goes, by the environment it is seen from.
    dispatches: RefCell<DispatchMemo<'db>>,
    /// Where the attribute's reading of each body sees empty collections
    /// grown.
    growth: RefCell<HashMap<FunctionId, Rc<GrowthPlaces>>>,
}

type GrowthPlaces = std::collections::HashSet<(ra_ap_vfs::FileId, ra_ap_syntax::TextSize)>;

type DispatchMemo<'db> =
    HashMap<(ParamEnvAndCrate<'db>, FunctionId, GenericArgs<'db>), Rc<dispatch::Dispatch<'db>>>;

impl<'db> Walker<'db> {
    pub fn new(loaded: &'db crate::load::Loaded) -> Walker<'db> {
        let db = &loaded.db;
        Walker {
            db,
            files: &loaded.files,
            has_std_sources: loaded.has_std_sources,
            judge: Judge::new(db),
            failures: RefCell::new(Vec::new()),
            bodies: RefCell::new(HashMap::new()),
            sites: RefCell::new(HashMap::new()),
            std_allocates: RefCell::new(HashMap::new()),
            dispatches: RefCell::new(HashMap::new()),
            growth: RefCell::new(HashMap::new()),
        }
    }

    /// The functions the checker failed on, as internal errors.
    pub fn failures_as_problems(&self, loaded: &crate::load::Loaded) -> Vec<Problem> {
        self.failures
            .borrow()
            .iter()
            .map(|(func, message)| {
                let location =
                    crate::roots::name_location(loaded, ra_ap_hir::Function::from(*func));
                Problem {
                    kind: ProblemKind::Internal,
                    file: location.file,
                    line: location.line,
                    column: location.column,
                    message: format!(
                        "internal error while analysing fn `{}`: {message}",
                        self.judge.info(*func).path.short()
                    ),
                    text: None,
                }
            })
            .collect()
    }

    /// Walks from `root` with `options`' `allow` and `deny`.
    pub fn walk(&self, root: Instance<'db>, env: ParamEnvAndCrate<'db>, options: &Options) -> Walk {
        search::Search::new(self, root, env, options).run()
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

    /// Where the attribute's reading of `func` sees empty collections
    /// grown, worked out once.
    fn empty_growth(&self, func: FunctionId) -> Rc<GrowthPlaces> {
        if let Some(known) = self.growth.borrow().get(&func) {
            return known.clone();
        }
        let places = Rc::new(crate::attribute_reading::empty_growth(self.db, func));
        self.growth.borrow_mut().insert(func, places.clone());
        places
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
            for (callee, callee_args) in self
                .dispatch(env, call.func, call.args)
                .certain
                .iter()
                .copied()
            {
                let info = self.judge.info(callee);
                let mut paths = info.path.match_paths();
                if call.func != callee {
                    paths.extend(self.judge.info(call.func).path.match_paths());
                }
                match policy::verdict(options, &paths) {
                    Policy::Allowed => continue,
                    Policy::Denied(pattern) => {
                        out.push((call.expr, policy::denied(&pattern)));
                        continue;
                    }
                    Policy::Follow => {}
                }
                let site = if info.std {
                    self.site(func, call.expr)
                } else {
                    None
                };
                let ask = Ask {
                    facts: call.facts,
                    written: call.args,
                    site: site.as_ref(),
                };
                match self.judge.verdict(env, callee, callee_args, &ask) {
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
