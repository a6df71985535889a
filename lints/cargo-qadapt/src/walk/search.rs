//! One root's walk: a breadth-first search over the functions its calls
//! reach (each with the generic arguments it is reached with), certain
//! calls first, so that a function reached both for sure and only
//! possibly counts as reached for sure.

use super::notes::{self, NoteKind};
use super::outside_std::mentions_outside_std;
use super::{Reached, Step, Walk, Walker};
use crate::calls::Call;
use crate::dispatch::Instance;
use crate::judge::{Ask, Construct, Verdict};
use crate::policy::{self, Verdict as Policy};
use qadapt_lints::{Certainty, Options};
use ra_ap_hir_def::FunctionId;
use ra_ap_hir_def::hir::ExprId;
use ra_ap_hir_ty::ParamEnvAndCrate;
use ra_ap_hir_ty::next_solver::GenericArgs;
use std::collections::{HashMap, HashSet, VecDeque};

/// More functions than this from one root, and the walk stops (with a
/// note): a bound on time and memory whatever the code.
const MAX_VISITS: usize = 20_000;

/// One function reached: how, and whether for sure.
struct Visit<'db> {
    instance: Instance<'db>,
    /// What the bounds of the instance's generic parameters say: the
    /// root's, or for an impl followed because any impl may run, that
    /// impl's own.
    env: ParamEnvAndCrate<'db>,
    /// The visit calling it and the call.
    parent: Option<(usize, ExprId)>,
    certain: bool,
}

/// The state of one root's walk.
pub(super) struct Search<'w, 'db> {
    walker: &'w Walker<'db>,
    /// The environment of the visit being walked.
    env: ParamEnvAndCrate<'db>,
    options: &'w Options,
    visits: Vec<Visit<'db>>,
    index: HashMap<Instance<'db>, usize>,
    queue: VecDeque<usize>,
    found: HashSet<(FunctionId, ExprId, String)>,
    noted: HashSet<(NoteKind, FunctionId, Option<ExprId>)>,
    walk: Walk,
}

/// The call being followed, and from where.
struct From<'a, 'db> {
    /// The calling visit.
    at: usize,
    func: FunctionId,
    in_std: bool,
    call: &'a Call<'db>,
    /// The call's generic arguments as written, substituted.
    written: GenericArgs<'db>,
    /// The call is certainly made and goes certainly to the target.
    certain: bool,
}

impl<'w, 'db> Search<'w, 'db> {
    pub(super) fn new(
        walker: &'w Walker<'db>,
        root: Instance<'db>,
        env: ParamEnvAndCrate<'db>,
        options: &'w Options,
    ) -> Self {
        Search {
            walker,
            env,
            options,
            visits: vec![Visit {
                instance: root,
                env,
                parent: None,
                certain: true,
            }],
            index: HashMap::from([(root, 0)]),
            queue: VecDeque::from([0]),
            found: HashSet::new(),
            noted: HashSet::new(),
            walk: Walk::default(),
        }
    }

    pub(super) fn run(mut self) -> Walk {
        while let Some(at) = self.queue.pop_front() {
            if self.visits.len() > MAX_VISITS {
                let root = self.visits[0].instance.0;
                self.walk.notes.push(notes::limit(root, MAX_VISITS));
                break;
            }
            self.visit(at);
        }
        self.walk
    }

    /// Follows every call and drop of the function of visit `at`.
    fn visit(&mut self, at: usize) {
        let walker = self.walker;
        let (func, args) = self.visits[at].instance;
        let certain = self.visits[at].certain;
        self.env = self.visits[at].env;
        let info = walker.judge.info(func);
        let in_std = info.std;
        // In a dependency's code, what is done in a branch (an error path,
        // a buffer's growth, a closure a combinator may not call) is
        // possible; in the user's own code a construct is what it is
        // wherever it is written, as the attribute judges it.
        let branches_count = !info.local;
        let body = walker.body(func);
        if !in_std {
            self.walk.visited.insert(func);
            for (i, unfollowed) in body.unfollowed.iter().enumerate() {
                self.note(notes::unfollowed(func, i, unfollowed));
            }
            if !walker.has_std_sources {
                self.read_by_name(at, func, certain);
            }
        }
        let mut subst = crate::subst::Substitute::new(walker.db, self.env, args);
        for call in &body.calls {
            let env = self.env;
            let resolved = crate::panic::catch(std::panic::AssertUnwindSafe(|| {
                let call_args = subst.args(call.args);
                (call_args, walker.dispatch(env, call.func, call_args))
            }));
            let (call_args, dispatch) = match resolved {
                Ok(resolved) => resolved,
                Err(message) => {
                    // The engine failed on this call: said, and the rest
                    // of the body is walked.
                    subst = crate::subst::Substitute::new(walker.db, env, args);
                    if !in_std {
                        self.note(notes::engine_failure(func, call.expr, &message));
                    }
                    continue;
                }
            };
            let from = |certain| From {
                at,
                func,
                in_std,
                call,
                written: call_args,
                certain,
            };
            if !in_std {
                if let Some(declared) = dispatch.declared {
                    self.unresolved(from(false), declared);
                }
                let names: Vec<String> = dispatch
                    .certain
                    .iter()
                    .chain(&dispatch.possible)
                    .map(|(f, _)| format!("`{}`", walker.judge.info(*f).path.short()))
                    .collect();
                let method = walker.judge.info(call.func).path.short();
                if let Some(note) = notes::dispatch(func, call.expr, &method, &dispatch, &names) {
                    self.note(note);
                }
            }
            let made = !call.lazy && (call.always || !branches_count);
            for &target in &dispatch.certain {
                self.edge(from(certain && made), target);
            }
            for &target in &dispatch.possible {
                // Any impl may run: walked with its own parameters.
                let own = super::own_instance(walker.db, target.0).1;
                self.edge_in(from(false), target, own);
            }
        }
        for dropped in &body.drops {
            let ty = subst.ty(dropped.ty);
            for (impl_fn, impl_args) in crate::drops::glue(walker.db, self.env, ty) {
                let call = Call {
                    func: impl_fn,
                    args: impl_args,
                    expr: dropped.expr.unwrap_or(body.root),
                    facts: Default::default(),
                    always: false,
                    lazy: false,
                };
                let from = From {
                    at,
                    func,
                    in_std,
                    call: &call,
                    written: impl_args,
                    certain,
                };
                self.edge(from, (impl_fn, impl_args));
            }
        }
    }

    /// Without std's sources: the constructs the attribute's reading of the
    /// body finds, by name.
    fn read_by_name(&mut self, at: usize, func: FunctionId, certain: bool) {
        let root = self.walker.body(func).root;
        for read in crate::attribute_reading::read(self.walker.db, func, self.options) {
            let place = crate::sites::Site {
                file: read.file,
                range: read.range,
                std_macro: None,
                std_macro_empty: false,
                macros: Vec::new(),
            };
            if self.found.insert((
                func,
                root,
                format!("{}@{:?}", read.construct.name, read.range),
            )) {
                self.walk.reached.push(Reached {
                    chain: self.chain(at),
                    call: root,
                    place: Some(place),
                    construct: downgrade(read.construct, certain),
                });
            }
        }
    }

    fn note(&mut self, note: notes::WalkNote) {
        if self.noted.insert((note.kind, note.func, note.expr)) {
            self.walk.notes.push(note);
        }
    }

    /// A finding at the call `from` makes (once per call and construct).
    fn record(&mut self, from: &From<'_, 'db>, construct: Construct) {
        let construct = self.confirm_growth(from, construct);
        if self
            .found
            .insert((from.func, from.call.expr, construct.name.clone()))
        {
            self.walk.reached.push(Reached {
                chain: self.chain(from.at),
                call: from.call.expr,
                place: None,
                construct,
            });
        }
    }

    /// Growth of a collection the attribute's reading of the body sees
    /// created empty there: definite (see `growth`).
    fn confirm_growth(&self, from: &From<'_, 'db>, construct: Construct) -> Construct {
        let Some(entry) = construct.grows else {
            return construct;
        };
        if !from.certain || construct.certainty == Certainty::Definite {
            return construct;
        }
        let walker = self.walker;
        let Some(site) = walker.site(from.func, from.call.expr) else {
            return construct;
        };
        if walker
            .empty_growth(from.func)
            .contains(&(site.file, site.range.start()))
        {
            Construct::of(entry, Certainty::Definite)
        } else {
            construct
        }
    }

    /// A call whose receiver's type is not known: a finding when the
    /// catalogue names the trait's method for any implementor, or by the
    /// std macro making the call (`write!` into a `dyn Write`).
    fn unresolved(&mut self, from: From<'_, 'db>, declared: Instance<'db>) {
        let walker = self.walker;
        let (func, args) = declared;
        if !walker.judge.info(func).std {
            return;
        }
        let site = walker.site(from.func, from.call.expr);
        let ask = Ask {
            facts: from.call.facts,
            written: from.written,
            site: site.as_ref(),
        };
        let construct = match walker.judge.verdict(self.env, func, args, &ask) {
            Verdict::Finding(construct) => Some(construct),
            _ => site
                .as_ref()
                .and_then(|s| s.std_macro.as_deref())
                .and_then(|name| walker.judge.macro_construct(name)),
        };
        if let Some(construct) = construct {
            self.record(&from, construct);
        }
    }

    /// Follows one call to `target`: a finding, a stop, or a function to
    /// walk.
    fn edge(&mut self, from: From<'_, 'db>, target: Instance<'db>) {
        let env = self.env;
        self.edge_in(from, target, env);
    }

    /// As [`Search::edge`], `target` to be walked in `env`.
    fn edge_in(&mut self, from: From<'_, 'db>, target: Instance<'db>, env: ParamEnvAndCrate<'db>) {
        let walker = self.walker;
        let (callee, callee_args) = target;
        let info = walker.judge.info(callee);
        // `allow` and `deny`, by the resolved path of the callee and of
        // what was written (a trait's method).
        let site = if info.std && !from.in_std {
            walker.site(from.func, from.call.expr)
        } else {
            None
        };
        let mut paths = info.path.match_paths();
        if from.call.func != callee {
            paths.extend(walker.judge.info(from.call.func).path.match_paths());
        }
        // A call a std macro makes is known by the macro too (`allow(write)`).
        if let Some(name) = site.as_ref().and_then(|s| s.std_macro.clone()) {
            paths.push(vec!["std".to_owned(), name]);
        }
        match policy::verdict(self.options, &paths) {
            Policy::Allowed => return,
            Policy::Denied(pattern) => {
                if !from.in_std {
                    self.record(&from, policy::denied(&pattern));
                }
                return;
            }
            Policy::Follow => {}
        }
        let ask = Ask {
            facts: from.call.facts,
            written: from.written,
            site: site.as_ref(),
        };
        let verdict = walker.judge.verdict(self.env, callee, callee_args, &ask);
        match verdict {
            Verdict::Stop | Verdict::Quiet => {}
            Verdict::Finding(construct) => {
                if !from.in_std {
                    self.record(&from, downgrade(construct, from.certain));
                }
            }
            Verdict::Follow => {
                if info.std && !from.in_std {
                    let construct = match walker.std_allocates(self.env, target) {
                        Some(reached) => Some(walker.judge.std_construct(&info, &reached)),
                        // A std macro writing into a std buffer (`write!`
                        // into a `String`): what the catalogue says of it.
                        None if !mentions_outside_std(walker.db, from.written) => site
                            .as_ref()
                            .and_then(|s| s.std_macro.as_deref())
                            .filter(|name| crate::std_catalogue::macro_growth_entry(name).is_some())
                            .and_then(|name| walker.judge.macro_construct(name)),
                        None => None,
                    };
                    if let Some(mut construct) = construct {
                        if let Some(name) = site.as_ref().and_then(|s| s.std_macro.as_deref()) {
                            construct.grows = construct
                                .grows
                                .or_else(|| crate::std_catalogue::macro_growth_entry(name));
                        }
                        self.record(&from, downgrade(construct, from.certain));
                    }
                }
                if info.std && !mentions_outside_std(walker.db, callee_args) {
                    return;
                }
                self.enqueue(&from, target, env);
            }
        }
    }

    /// Queues `target` for a walk (again, when it was reached only
    /// possibly before and now for sure).
    fn enqueue(&mut self, from: &From<'_, 'db>, target: Instance<'db>, env: ParamEnvAndCrate<'db>) {
        let parent = Some((from.at, from.call.expr));
        match self.index.get(&target) {
            Some(&seen) => {
                if from.certain && !self.visits[seen].certain {
                    self.visits[seen].certain = true;
                    self.visits[seen].parent = parent;
                    self.queue.push_front(seen);
                }
            }
            None => {
                self.visits.push(Visit {
                    instance: target,
                    env,
                    parent,
                    certain: from.certain,
                });
                let at = self.visits.len() - 1;
                self.index.insert(target, at);
                if from.certain {
                    self.queue.push_front(at);
                } else {
                    self.queue.push_back(at);
                }
            }
        }
    }

    /// The chain from the root to visit `at`.
    fn chain(&self, at: usize) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut cursor = Some(at);
        while let Some(i) = cursor {
            steps.push(Step {
                func: self.visits[i].instance.0,
                call: self.visits[i].parent.map(|(_, expr)| expr),
            });
            cursor = self.visits[i].parent.map(|(parent, _)| parent);
            if steps.len() > self.visits.len() {
                break;
            }
        }
        steps.reverse();
        steps
    }
}

/// A definite construct reached only possibly is possible.
fn downgrade(mut construct: Construct, certain: bool) -> Construct {
    if !certain && construct.certainty == Certainty::Definite {
        construct.certainty = Certainty::Possible;
        construct.lint = construct.lint.replace("_allocates", "_may_allocate");
    }
    construct
}
