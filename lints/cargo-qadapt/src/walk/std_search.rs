//! std searched for an allocation, once per function (with its generic
//! arguments), whoever calls it: the catalogue's entries and the
//! allocation primitives, reached without leaving std. What is reached
//! through calls made on every path of their bodies (a wrapper such as
//! `Iterator::collect` calling `FromIterator::from_iter`) keeps the entry's
//! certainty; what lies behind a branch is possible.

use super::Walker;
use crate::dispatch::Instance;
use crate::judge::{Ask, StdReach, Verdict};
use qadapt_lints::Certainty;
use ra_ap_hir_ty::ParamEnvAndCrate;
use std::collections::{HashSet, VecDeque};

/// A std function with more than this many functions below it is not
/// searched to the end: it is taken to allocate, possibly.
const MAX_STD_SEARCH: usize = 4_000;

impl<'db> Walker<'db> {
    /// Whether a std function reaches an allocation without leaving std,
    /// and what.
    pub(super) fn std_allocates(
        &self,
        env: ParamEnvAndCrate<'db>,
        start: Instance<'db>,
    ) -> Option<StdReach> {
        if let Some(known) = self.std_allocates.borrow().get(&(env, start)) {
            return known.clone();
        }
        let mut seen: HashSet<Instance<'db>> = HashSet::from([start]);
        // Each function with whether the way to it had no branch.
        let mut queue: VecDeque<(Instance<'db>, bool)> = VecDeque::from([(start, true)]);
        let mut result = None;
        let mut complete = true;
        'search: while let Some(((func, args), straight)) = queue.pop_front() {
            if let Some(Some(known)) = self.std_allocates.borrow().get(&(env, (func, args))) {
                result = Some(StdReach {
                    what: known.what.clone(),
                    certainty: if straight {
                        known.certainty
                    } else {
                        Certainty::Possible
                    },
                });
                break;
            }
            if seen.len() > MAX_STD_SEARCH {
                complete = false;
                result = Some(StdReach {
                    what: "more code than the checker searches".to_owned(),
                    certainty: Certainty::Possible,
                });
                break;
            }
            let body = self.body(func);
            let mut subst = crate::subst::Substitute::new(self.db, env, args);
            for call in &body.calls {
                let straight = straight && call.always;
                let call_args = subst.args(call.args);
                let dispatch = self.dispatch(env, call.func, call_args);
                for &(callee, callee_args) in &dispatch.certain {
                    if !self.judge.info(callee).std {
                        continue;
                    }
                    let ask = Ask {
                        facts: call.facts,
                        written: call_args,
                        site: None,
                    };
                    match self.judge.verdict(env, callee, callee_args, &ask) {
                        Verdict::Finding(construct) => {
                            result = Some(StdReach {
                                what: construct.name,
                                certainty: if straight {
                                    construct.certainty
                                } else {
                                    Certainty::Possible
                                },
                            });
                            break 'search;
                        }
                        Verdict::Follow => {
                            if seen.insert((callee, callee_args)) {
                                queue.push_back(((callee, callee_args), straight));
                            }
                        }
                        Verdict::Stop | Verdict::Quiet => {}
                    }
                }
            }
        }
        let mut memo = self.std_allocates.borrow_mut();
        match &result {
            Some(_) => {
                memo.insert((env, start), result.clone());
            }
            None if complete => {
                for instance in seen {
                    memo.insert((env, instance), None);
                }
            }
            None => {}
        }
        result
    }
}
