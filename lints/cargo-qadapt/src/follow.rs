//! The transitive walk: from a `#[no_alloc]` function through every call
//! into the crate's own functions and macros, with the root's options.
//!
//! The walk is breadth-first, so each finding comes with a shortest call
//! chain; each function is analysed once per root (cycles end there), and
//! each analysis is cached per set of options, so shared helpers are
//! analysed once for all roots. Calls the analyser leaves out (matching
//! `allow`, matching `deny`, inside `allow_alloc`) are not followed, nor are
//! those whose resolved target matches them (see [`policy`]). What is
//! reached only through a guess (a method matched by its name alone, the
//! receiver's type unknown) is reached only possibly.

use crate::hints::{self, Hints};
use crate::index::{FnId, Index, MacroId, Owner};
use crate::macros;
use crate::modules::{FileId, Problem, ProblemKind};
use crate::panic;
use crate::policy::{self, Verdict};
use crate::resolve::{Matched, Resolution, Resolver, Site, Target};
use crate::specialise;
use proc_macro2::Span;
use qadapt_lints::{
    Analysis, Call, CallKind, Certainty, CrateContext, CrateTypes, Finding, Options,
};
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

/// A finding reached from a root.
#[derive(Debug, Clone)]
pub struct Reached {
    pub finding: Finding,
    /// The path from the root to the function or macro holding the finding;
    /// the first step is the root itself.
    pub chain: Vec<Step>,
}

/// One function or macro on a call chain.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    pub target: Target,
    /// The call site in the previous step, `None` for the root.
    pub call: Option<Span>,
}

/// A call site worth a note: several candidates, a guess, or not followed.
#[derive(Debug, Clone)]
pub struct CallNote {
    /// The function or macro holding the call.
    pub at: Target,
    pub span: Span,
    pub call: CallKind,
    pub candidates: Vec<Target>,
    pub kind: CallNoteKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallNoteKind {
    /// Several candidates, all followed.
    Ambiguous,
    /// Matched loosely (see [`Matched`]): followed; by name only, what it
    /// reaches is possible.
    Matched(Matched),
    /// Not followed, and why.
    Skipped(String),
}

/// Everything found from one root.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    pub reached: Vec<Reached>,
    pub notes: Vec<CallNote>,
    /// The functions and macros analysed, the root first.
    pub visited: Vec<Target>,
}

/// Analyses and resolutions, shared by all roots.
pub struct Follower<'i, 'a> {
    index: &'i Index<'a>,
    resolver: Resolver<'i, 'a>,
    /// Distinct option sets, by their canonical text.
    option_sets: Vec<(String, Options)>,
    analyses: HashMap<AnalysisKey, Rc<Analysis>>,
    resolutions: HashMap<(Target, String), Rc<Resolution>>,
    /// Per analysis, the resolution of each of its calls.
    edges: HashMap<AnalysisKey, Rc<Vec<Rc<Resolution>>>>,
    /// The expansion templates of macros, parsed once.
    templates: HashMap<MacroId, Option<Rc<syn::Block>>>,
    /// Functions and macros whose analysis panicked.
    failed: HashSet<Target>,
    /// The type hints of function bodies.
    hints: HashMap<FnId, Rc<Hints>>,
    /// Per function, the trait impls its code calls implicitly.
    implicit: HashMap<FnId, Rc<Vec<ImplicitEdge>>>,
    /// The full paths of call targets, for `allow` and `deny`.
    paths: HashMap<Target, Rc<Vec<Vec<String>>>>,
    /// Internal errors met so far.
    pub problems: Vec<Problem>,
}

impl<'i, 'a> Follower<'i, 'a> {
    pub fn new(index: &'i Index<'a>) -> Self {
        Follower {
            index,
            resolver: Resolver::new(index),
            option_sets: Vec::new(),
            analyses: HashMap::new(),
            resolutions: HashMap::new(),
            edges: HashMap::new(),
            templates: HashMap::new(),
            failed: HashSet::new(),
            hints: HashMap::new(),
            implicit: HashMap::new(),
            paths: HashMap::new(),
            problems: Vec::new(),
        }
    }

    fn options_key(&mut self, options: &Options) -> usize {
        let text = |patterns: &[qadapt_lints::PathPattern]| {
            patterns
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let key = format!(
            "{}|{}|{}",
            options.pedantic,
            text(&options.allow),
            text(&options.deny)
        );
        match self.option_sets.iter().position(|(k, _)| *k == key) {
            Some(found) => found,
            None => {
                self.option_sets.push((key, options.clone()));
                self.option_sets.len() - 1
            }
        }
    }

    /// The file holding a function or macro.
    pub fn file_of(&self, target: Target) -> FileId {
        match target {
            Target::Fn(f) => self.index.fns[f].file,
            Target::Macro(m) => self.index.macros[m].file,
        }
    }

    /// The analysis of one function or macro expansion with `options`; an
    /// empty one when it has no parseable expansion or the analysis
    /// panicked (an internal error is recorded, once).
    pub fn analysis(&mut self, target: Target, options: &Options) -> Rc<Analysis> {
        self.analysis_as(target, None, options)
    }

    /// The analysis of a function or macro, declared as `spec` says when
    /// given (see [`specialise`]); cached.
    fn analysis_as(
        &mut self,
        target: Target,
        spec: Option<&Specialised>,
        options: &Options,
    ) -> Rc<Analysis> {
        let key = (target, self.options_key(options), spec_key(spec));
        if let Some(found) = self.analyses.get(&key) {
            return found.clone();
        }
        let file = &self.index.sources.files[self.file_of(target)];
        let block: Option<Rc<syn::Block>> = match target {
            Target::Fn(_) => None,
            Target::Macro(m) => self.template(m),
        };
        let index = self.index;
        let result = panic::catch(|| {
            panic::test_hook(&file.display);
            match target {
                Target::Fn(f) => {
                    let item = &index.fns[f];
                    let self_ty = match &item.owner {
                        Owner::Impl { self_ty, .. } => Some(self_ty.as_str()),
                        _ => None,
                    };
                    let context = CrateContext {
                        self_ty,
                        types: &index.structs,
                    };
                    let sig = spec.map_or(item.sig, |spec| &spec.sig);
                    let mut analysis =
                        qadapt_lints::analyse_fn_in(sig, item.body, options, &context);
                    crate::lookalikes::downgrade(index, f, &mut analysis, options.pedantic);
                    analysis
                }
                Target::Macro(_) => match (&block, spec) {
                    (Some(block), Some(spec)) => {
                        let context = CrateContext {
                            self_ty: None,
                            types: &index.structs,
                        };
                        qadapt_lints::analyse_fn_in(&spec.sig, block, options, &context)
                    }
                    (Some(block), None) => qadapt_lints::analyse(block, options),
                    (None, _) => Analysis::default(),
                },
            }
        });
        let analysis = match result {
            Ok(analysis) => analysis,
            Err(message) => {
                if self.failed.insert(target) {
                    let (span, what) = match target {
                        Target::Fn(f) => {
                            (index.fns[f].span, format!("fn `{}`", index.fns[f].display))
                        }
                        Target::Macro(m) => (
                            index.macros[m].span,
                            format!("macro `{}!`", index.macros[m].name),
                        ),
                    };
                    let start = span.start();
                    self.problems.push(Problem {
                        kind: ProblemKind::Internal,
                        file: file.display.clone(),
                        line: start.line,
                        column: start.column + 1,
                        message: format!(
                            "internal error while analysing {what}, skipped it: {message}"
                        ),
                        text: None,
                    });
                }
                Analysis::default()
            }
        };
        let analysis = Rc::new(analysis);
        self.analyses.insert(key, analysis.clone());
        analysis
    }

    fn template(&mut self, mac: MacroId) -> Option<Rc<syn::Block>> {
        if let Some(found) = self.templates.get(&mac) {
            return found.clone();
        }
        let tokens = self.index.macros[mac].tokens;
        let block = panic::catch(|| macros::templates(tokens))
            .ok()
            .flatten()
            .map(Rc::new);
        self.templates.insert(mac, block.clone());
        block
    }

    /// Where the calls of a function or macro are resolved from.
    pub fn site(&self, target: Target) -> Site {
        match target {
            Target::Fn(f) => self.resolver.fn_site(f),
            Target::Macro(m) => self.resolver.macro_site(m),
        }
    }

    /// The resolutions of the calls of `from`'s analysis with `options`,
    /// in the order of `analysis.calls`; cached.
    pub fn edges(&mut self, from: Target, options: &Options) -> Rc<Vec<Rc<Resolution>>> {
        self.edges_as(from, None, options)
    }

    /// [`Follower::edges`] of the analysis declared as `spec` says.
    fn edges_as(
        &mut self,
        from: Target,
        spec: Option<&Specialised>,
        options: &Options,
    ) -> Rc<Vec<Rc<Resolution>>> {
        let key = (from, self.options_key(options), spec_key(spec));
        if let Some(found) = self.edges.get(&key) {
            return found.clone();
        }
        let analysis = self.analysis_as(from, spec, options);
        let site = self.site(from);
        let self_calls = match from {
            Target::Fn(f)
                if site.self_ty.is_some()
                    && analysis
                        .calls
                        .iter()
                        .any(|c| matches!(c.kind, CallKind::Method(_))) =>
            {
                self_receiver_calls(self.index.fns[f].body)
            }
            _ => HashSet::new(),
        };
        let hints = match from {
            Target::Fn(f) => Some(self.hints(f)),
            Target::Macro(_) => None,
        };
        // `use` in the bodies around: a path call depends on its block.
        let local_uses = site
            .fns
            .iter()
            .any(|f| self.index.body_uses.contains_key(f));
        let mut resolved = Vec::with_capacity(analysis.calls.len());
        for call in &analysis.calls {
            let on_self = matches!(call.kind, CallKind::Method(_))
                && self_calls.contains(&position(call.span));
            // The receiver's type, where the body tells it.
            let receiver = match (&call.kind, &hints) {
                (CallKind::Method(_), Some(hints)) if !on_self => hints
                    .receivers
                    .get(&position(call.span))
                    .filter(|ty| {
                        hints::is_std(ty)
                            || hints::bounds(ty).is_some()
                            || self.resolver.is_crate_type(ty)
                    })
                    .cloned(),
                _ => None,
            };
            let mut key = call_key(&call.kind);
            if on_self {
                key.insert(0, 's');
            }
            if let Some(ty) = &receiver {
                key = format!("t{ty}:{key}");
            }
            let at = position(call.span);
            let placed = match call.kind {
                CallKind::Macro(_) => true,
                CallKind::Path(_) => local_uses,
                CallKind::Method(_) => false,
            };
            if placed {
                key = format!("{}:{}@{key}", at.0, at.1);
            }
            let call_key = (from, key);
            let resolution = match self.resolutions.get(&call_key) {
                Some(found) => found.clone(),
                None => {
                    let site = Site {
                        at: Some(at),
                        ..site.clone()
                    };
                    let resolution = Rc::new(match (&receiver, &call.kind) {
                        (Some(ty), CallKind::Method(name)) => match hints::bounds(ty) {
                            // Known by its traits: their methods, else (a
                            // supertrait's, a foreign trait's) by name.
                            Some(traits) => self
                                .resolver
                                .bound_method(&site, &traits, name)
                                .unwrap_or_else(|| {
                                    self.resolver.resolve_call(&site, &call.kind, false)
                                }),
                            None => self.resolver.typed_method(&site, ty, name),
                        },
                        _ => self.resolver.resolve_call(&site, &call.kind, on_self),
                    });
                    self.resolutions.insert(call_key, resolution.clone());
                    resolution
                }
            };
            resolved.push(resolution);
        }
        let resolved = Rc::new(resolved);
        self.edges.insert(key, resolved.clone());
        resolved
    }

    /// The type hints of a function's body; cached.
    fn hints(&mut self, function: FnId) -> Rc<Hints> {
        if let Some(found) = self.hints.get(&function) {
            return found.clone();
        }
        let item = &self.index.fns[function];
        let self_ty = match &item.owner {
            Owner::Impl { self_ty, .. } => Some(self_ty.as_str()),
            _ => None,
        };
        let structs = &self.index.structs;
        let fields = |owner: &str, field: &str| structs.field(owner, field);
        let found = Rc::new(
            panic::catch(|| {
                hints::hints(item.sig, item.body, self_ty, item.outer_generics, &fields)
            })
            .unwrap_or_default(),
        );
        self.hints.insert(function, found.clone());
        found
    }

    /// The trait impls a function's code calls without naming them
    /// (operators, `for`, formatting, `.into()`, `.parse()`, `..Default::default()`),
    /// with the span of the construct; cached.
    pub fn implicit_edges(&mut self, function: FnId) -> Rc<Vec<ImplicitEdge>> {
        if let Some(found) = self.implicit.get(&function) {
            return found.clone();
        }
        let hints = self.hints(function);
        let site = self.site(Target::Fn(function));
        let edges: Vec<ImplicitEdge> = hints
            .implicit
            .iter()
            .filter_map(|implicit| {
                let targets =
                    self.resolver
                        .trait_impl(&site, &implicit.ty, implicit.trait_, implicit.method);
                (!targets.is_empty()).then_some(ImplicitEdge {
                    span: implicit.span,
                    targets,
                    sometimes: implicit.sometimes,
                })
            })
            .collect();
        let edges = Rc::new(edges);
        self.implicit.insert(function, edges.clone());
        edges
    }

    /// Walks from `root` with `options`.
    ///
    /// Breadth-first, in two rounds: first through the calls made whenever
    /// their function runs, then on through the calls that are only
    /// possibly made (in fallback closures, on the way to a crash). What is
    /// reached only in the second round is reached only sometimes, so its
    /// definite findings are downgraded to possible (and dropped unless
    /// `pedantic`), the way the analyser downgrades a construct written in
    /// such a closure.
    pub fn walk(&mut self, root: FnId, options: &Options) -> Walk {
        let mut state = WalkState::default();
        state.reach(Target::Fn(root), None, None, false);
        for round in [Round::Always, Round::Sometimes] {
            if round == Round::Sometimes {
                for (parent, span, next, spec) in std::mem::take(&mut state.deferred) {
                    state.reach(next, spec, Some((parent, span)), true);
                }
            }
            while let Some(node) = state.queue.pop_front() {
                self.visit(node, &mut state, options);
            }
        }
        state.walk
    }

    /// Analyses one node of a walk, records its findings, and queues what
    /// it calls (or defers the calls only possibly made, in the first
    /// round).
    fn visit(&mut self, node: usize, state: &mut WalkState, options: &Options) {
        let Node {
            target,
            spec,
            sometimes,
            ..
        } = state.nodes[node].clone();
        let analysis = self.analysis_as(target, spec.as_deref(), options);
        if state.visited.insert(target) {
            state.walk.visited.push(target);
        }
        if !analysis.findings.is_empty() {
            let chain = chain(&state.nodes, node);
            for finding in &analysis.findings {
                let mut finding = finding.clone();
                if sometimes {
                    finding.downgrade();
                    if !options.pedantic {
                        continue;
                    }
                }
                state.walk.reached.push(Reached {
                    finding,
                    chain: chain.clone(),
                });
            }
        }
        let follow = |state: &mut WalkState,
                      next: Target,
                      spec: Option<Rc<Specialised>>,
                      span: Span,
                      certain: bool| {
            if !certain && !sometimes {
                state.deferred.push((node, span, next, spec));
            } else {
                state.reach(next, spec, Some((node, span)), sometimes);
            }
        };
        if let Target::Fn(f) = target {
            for edge in self.implicit_edges(f).iter() {
                for &next in &edge.targets {
                    follow(state, next, None, edge.span, !edge.sometimes);
                }
            }
        }
        if analysis.calls.is_empty() {
            return;
        }
        let edges = self.edges_as(target, spec.as_deref(), options);
        let policy = !options.allow.is_empty() || !options.deny.is_empty();
        for (call, resolution) in analysis.calls.iter().zip(edges.iter()) {
            let kind = match (&resolution.skipped, &resolution.matched) {
                (Some(why), _) => Some(CallNoteKind::Skipped(why.clone())),
                (None, Some(guess)) => Some(CallNoteKind::Matched(guess.clone())),
                (None, None) if resolution.ambiguous => Some(CallNoteKind::Ambiguous),
                (None, None) => None,
            };
            if let Some(kind) = kind {
                state.walk.notes.push(CallNote {
                    at: target,
                    span: call.span,
                    call: call.kind.clone(),
                    candidates: resolution.targets.clone(),
                    kind,
                });
            }
            if resolution.targets.is_empty() {
                continue;
            }
            // A method matched by name alone is a guess, and a call that may
            // dispatch to any of several impls (a generic bound, `dyn Tr`)
            // reaches each only for some callers: what they reach is
            // possible, like what a fallback closure reaches.
            let guess = resolution.matched == Some(Matched::ByName);
            let certain = call.certainty == Certainty::Definite && !guess && !resolution.ambiguous;
            let mut denied = None;
            let mut followed = 0;
            for &next in &resolution.targets {
                if policy {
                    match policy::verdict(options, &self.paths_of(next)) {
                        Verdict::Follow => {}
                        Verdict::Allowed => continue,
                        Verdict::Denied(pattern) => {
                            denied.get_or_insert(pattern);
                            continue;
                        }
                    }
                }
                followed += 1;
                let spec = self.specialised(next, call);
                follow(state, next, spec, call.span, certain);
            }
            if let Some(pattern) = denied {
                // Definite only when the call is surely made and can be
                // nothing but denied items.
                let surely = certain && !sometimes && followed == 0 && !resolution.ambiguous;
                let certainty = if surely {
                    Certainty::Definite
                } else {
                    Certainty::Possible
                };
                if surely || options.pedantic {
                    state.walk.reached.push(Reached {
                        finding: Finding::denied(&pattern, call.span, certainty),
                        chain: chain(&state.nodes, node),
                    });
                }
            }
        }
    }

    /// The full paths of a call target, for `allow` and `deny`; cached.
    fn paths_of(&mut self, target: Target) -> Rc<Vec<Vec<String>>> {
        let index = self.index;
        self.paths
            .entry(target)
            .or_insert_with(|| Rc::new(policy::paths_of(index, target)))
            .clone()
    }

    /// The callee declared with what the call passes, when that changes
    /// anything (see [`specialise`]).
    fn specialised(&self, target: Target, call: &Call) -> Option<Rc<Specialised>> {
        if call.arg_types.iter().all(Option::is_none) {
            return None;
        }
        let sig = match target {
            Target::Fn(f) => specialise::fn_signature(
                self.index.fns[f].sig,
                &call.arg_types,
                matches!(call.kind, CallKind::Path(_)),
            ),
            Target::Macro(m) => {
                specialise::macro_signature(self.index.macros[m].tokens, &call.arg_types)
            }
        }?;
        let key = call
            .arg_types
            .iter()
            .map(|ty| ty.as_deref().unwrap_or("_"))
            .collect::<Vec<_>>()
            .join(", ");
        Some(Rc::new(Specialised {
            key: key.into(),
            sig,
        }))
    }
}

/// A callee's signature as a call site specialises it: its generic
/// parameters (or a macro's metavariables) of the argument types.
pub struct Specialised {
    /// The argument types, which tell specialisations apart.
    key: Rc<str>,
    sig: syn::Signature,
}

/// What tells the analyses of one target apart: its specialisation.
type SpecKey = Option<Rc<str>>;

/// One analysis: what, with which option set, specialised how.
type AnalysisKey = (Target, usize, SpecKey);

fn spec_key(spec: Option<&Specialised>) -> SpecKey {
    spec.map(|spec| spec.key.clone())
}

/// The progress of one walk.
#[derive(Default)]
struct WalkState {
    /// Each function or macro reached, with how.
    nodes: Vec<Node>,
    /// What was reached, each specialisation once.
    seen: HashSet<(Target, SpecKey)>,
    /// The targets visited, in [`Walk::visited`] once each.
    visited: HashSet<Target>,
    /// Calls only possibly made, kept for the second round: the calling
    /// node, the call site, the callee.
    deferred: Vec<(usize, Span, Target, Option<Rc<Specialised>>)>,
    queue: VecDeque<usize>,
    walk: Walk,
}

impl WalkState {
    /// Queues `target` unless it was reached already (as specialised).
    fn reach(
        &mut self,
        target: Target,
        spec: Option<Rc<Specialised>>,
        parent: Option<(usize, Span)>,
        sometimes: bool,
    ) {
        if self.seen.insert((target, spec_key(spec.as_deref()))) {
            self.nodes.push(Node {
                target,
                spec,
                parent,
                sometimes,
            });
            self.queue.push_back(self.nodes.len() - 1);
        }
    }
}

/// Trait impls that a construct calls without naming them.
pub struct ImplicitEdge {
    /// The construct: an operator, a `for`, a formatting macro, ...
    pub span: Span,
    pub targets: Vec<Target>,
    /// The construct is in a fallback closure: the call is only possible.
    pub sometimes: bool,
}

/// One function or macro reached by a walk.
#[derive(Clone)]
struct Node {
    target: Target,
    /// Declared as its call site specialises it.
    spec: Option<Rc<Specialised>>,
    /// The node it was called from, and the call site.
    parent: Option<(usize, Span)>,
    /// Reached only through a call that is possibly made.
    sometimes: bool,
}

/// The rounds of a walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Round {
    /// Through calls made whenever their function runs.
    Always,
    /// On through calls only possibly made.
    Sometimes,
}

/// A span's start, to tell call sites apart.
fn position(span: Span) -> (usize, usize) {
    let start = span.start();
    (start.line, start.column)
}

/// The positions of the method names of the calls `self.name(..)` in a body
/// (not in closures' or nested items' own `self`, which nested items do not
/// have anyway).
fn self_receiver_calls(body: &syn::Block) -> HashSet<(usize, usize)> {
    struct Finder(HashSet<(usize, usize)>);
    impl<'a> syn::visit::Visit<'a> for Finder {
        fn visit_expr_method_call(&mut self, call: &'a syn::ExprMethodCall) {
            if let syn::Expr::Path(path) = &*call.receiver
                && path.qself.is_none()
                && path.path.is_ident("self")
            {
                self.0.insert(position(call.method.span()));
            }
            syn::visit::visit_expr_method_call(self, call);
        }
        fn visit_item(&mut self, _: &'a syn::Item) {}
        fn visit_type(&mut self, _: &'a syn::Type) {}
        fn visit_pat(&mut self, _: &'a syn::Pat) {}
    }
    let mut finder = Finder(HashSet::new());
    syn::visit::Visit::visit_block(&mut finder, body);
    finder.0
}

fn call_key(call: &CallKind) -> String {
    match call {
        CallKind::Path(segments) => format!("p{}", segments.join("::")),
        CallKind::Method(name) => format!("m{name}"),
        CallKind::Macro(segments) => format!("!{}", segments.join("::")),
    }
}

fn chain(nodes: &[Node], mut node: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    loop {
        let Node { target, parent, .. } = &nodes[node];
        let (target, parent) = (*target, *parent);
        steps.push(Step {
            target,
            call: parent.map(|(_, span)| span),
        });
        match parent {
            Some((up, _)) => node = up,
            None => break,
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modules::Sources;
    use crate::testing::TempDir;

    fn load(files: &[(&str, &str)]) -> (TempDir, Sources) {
        crate::testing::load_lib("follow", files)
    }

    fn names(index: &Index, chain: &[Step]) -> Vec<String> {
        chain
            .iter()
            .map(|step| match step.target {
                Target::Fn(f) => index.fns[f].display.clone(),
                Target::Macro(m) => format!("{}!", index.macros[m].name),
            })
            .collect()
    }

    #[test]
    fn chains_cycles_and_macros() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            r#"
            fn process() { mix(); again(); shout!(1); }
            fn mix() { let s = format!("{}", 1); ping(); }
            fn ping() { pong() }
            fn pong() { ping(); let b = Box::new(1); }
            fn again() { mix() }
            macro_rules! shout { ($x:expr) => { $crate::loud($x.to_string()) }; }
            fn loud(s: String) { }
            "#,
        )]);
        let index = Index::build(&sources);
        let mut follower = Follower::new(&index);
        let walk = follower.walk(0, &Options::default());
        let found: Vec<(String, Vec<String>)> = walk
            .reached
            .iter()
            .map(|r| (r.finding.construct.clone(), names(&index, &r.chain)))
            .collect();
        assert_eq!(
            found,
            [
                ("`format!`".to_owned(), vec!["process".into(), "mix".into()]),
                (
                    "`.to_string()`".to_owned(),
                    vec!["process".into(), "shout!".into()]
                ),
                (
                    "`Box::new`".to_owned(),
                    vec!["process".into(), "mix".into(), "ping".into(), "pong".into()]
                ),
            ]
        );
        // process, mix, again, shout!, ping, loud, pong
        assert_eq!(walk.visited.len(), 7);
        assert!(walk.notes.is_empty());
    }

    #[test]
    fn what_only_fallbacks_reach_is_possible() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            r#"
            fn root(pool: &mut Vec<Vec<u8>>) -> usize {
                let b = pool.pop().unwrap_or_else(|| fresh());
                b.len() + shared()
            }
            fn fresh() -> Vec<u8> { shared(); Vec::with_capacity(256) }
            fn shared() -> usize { format!("{}", 1).len() }
            "#,
        )]);
        let index = Index::build(&sources);
        let mut follower = Follower::new(&index);
        let found = |walk: &Walk| -> Vec<(String, Certainty, Vec<String>)> {
            walk.reached
                .iter()
                .map(|r| {
                    let chain = names(&index, &r.chain);
                    (r.finding.construct.clone(), r.finding.certainty, chain)
                })
                .collect()
        };
        // `shared` is also called unconditionally: definite, by that chain;
        // `fresh` only in the fallback: dropped by default.
        let walk = follower.walk(0, &Options::default());
        assert_eq!(
            found(&walk),
            [(
                "`format!`".to_owned(),
                Certainty::Definite,
                vec!["root".to_owned(), "shared".to_owned()]
            )]
        );
        let pedantic = Options {
            pedantic: true,
            ..Options::default()
        };
        let walk = follower.walk(0, &pedantic);
        let fresh = found(&walk)
            .into_iter()
            .find(|(construct, ..)| construct == "`Vec::with_capacity`")
            .expect("the fallback's allocation, under pedantic");
        assert_eq!(fresh.1, Certainty::Possible);
        assert_eq!(fresh.2, ["root", "fresh"]);
    }

    #[test]
    fn allow_and_deny_stop_the_walk() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            r#"
            fn root() { helper(); pool_take(); }
            fn helper() { let v = vec![1]; }
            fn pool_take() { let v = vec![1]; }
            "#,
        )]);
        let index = Index::build(&sources);
        let mut follower = Follower::new(&index);
        let options = Options {
            allow: vec![qadapt_lints::PathPattern::parse("helper").unwrap()],
            deny: vec![qadapt_lints::PathPattern::parse("pool_take").unwrap()],
            ..Options::default()
        };
        let walk = follower.walk(0, &options);
        assert_eq!(walk.visited.len(), 1);
        assert_eq!(walk.reached.len(), 1);
        assert_eq!(walk.reached[0].finding.construct, "`pool_take`");
    }

    #[test]
    fn ambiguous_methods_are_all_followed() {
        let (_dir, sources) = load(&[(
            "src/lib.rs",
            r#"
            struct A; struct B;
            impl A { fn mix(&self) { let s = String::from("a"); } }
            impl B { fn mix(&self) { } }
            fn root() { let a = make(); a.mix(); }
            fn typed(a: &B) { a.mix(); }
            fn plain(c: char) { c.to_lowercase().mix(); }
            fn add(a: &A, b: &A) -> usize { a + b }
            impl std::ops::Add for &A { type Output = usize; fn add(self, o: &A) -> usize { vec![1].len() } }
            "#,
        )]);
        let index = Index::build(&sources);
        let mut follower = Follower::new(&index);
        let root = index.fns.iter().position(|f| f.name == "root").unwrap();
        // The receiver's type is unknown: both are followed, by name only, so
        // what they reach is possible (reported under `pedantic` only).
        let walk = follower.walk(root, &Options::default());
        assert_eq!(walk.notes.len(), 1);
        assert_eq!(walk.notes[0].candidates.len(), 2);
        assert_eq!(walk.notes[0].kind, CallNoteKind::Matched(Matched::ByName));
        assert!(walk.reached.is_empty());
        let pedantic = Options {
            pedantic: true,
            ..Options::default()
        };
        let walk = follower.walk(root, &pedantic);
        assert_eq!(walk.reached.len(), 1);
        assert_eq!(walk.reached[0].finding.certainty, Certainty::Possible);
        assert_eq!(names(&index, &walk.reached[0].chain), ["root", "A::mix"]);
        // A receiver of known type narrows the method; a std one leads nowhere.
        for (name, visited) in [("typed", 2), ("plain", 1)] {
            let from = index.fns.iter().position(|f| f.name == name).unwrap();
            let walk = follower.walk(from, &Options::default());
            assert!(walk.notes.is_empty());
            assert!(walk.reached.is_empty());
            assert_eq!(walk.visited.len(), visited, "{name}");
        }
        // An operator on a crate type reaches its trait impl.
        let from = index.fns.iter().position(|f| f.name == "add").unwrap();
        let walk = follower.walk(from, &Options::default());
        assert_eq!(walk.reached.len(), 1);
        assert_eq!(walk.reached[0].finding.construct, "`vec!`");
    }
}
