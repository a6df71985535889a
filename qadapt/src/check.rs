//! The allocator's check path: what `Qadapt` does with each call before forwarding it.
//!
//! The hot path is one read of the thread's `watch` byte. Only when it is non-zero does the
//! `#[cold]` slow path run: count, charge budgets, and turn the call into a [`Violation`] when the
//! innermost region forbids it. Nothing here allocates or unwinds; reporting happens later, at
//! the region's exit.

use crate::state::{self, BUDGET, CHECK_ALLOC, CHECK_DEALLOC, COUNT, PROBE};
use crate::violation::{Violation, ViolationKind};

/// Called by the allocator before it forwards `kind` to the inner allocator.
#[inline(always)]
pub(crate) fn before(kind: ViolationKind, size: usize, old_size: usize, align: usize) {
    if !crate::CHECKS {
        return;
    }
    let watch = state::watch();
    if watch != 0 {
        slow(watch, kind, size, old_size, align);
    }
}

#[cold]
#[inline(never)]
fn slow(watch: u8, kind: ViolationKind, size: usize, old_size: usize, align: usize) {
    let violation = state::with(|s| {
        if watch & PROBE != 0 {
            s.probe_seen.set(true);
        }
        if watch & COUNT != 0 {
            let mut counters = s.counters.get();
            counters.record(kind, size, old_size);
            s.counters.set(counters);
        }
        // Std's panic machinery and the drops of unwinding are not the user's allocations.
        if crate::thread::panicking() {
            return None;
        }
        let forbidden = match kind {
            ViolationKind::Deallocation => watch & CHECK_DEALLOC,
            _ => watch & CHECK_ALLOC,
        } != 0;
        let mut violation = forbidden.then(|| Violation {
            kind,
            size,
            old_size,
            align,
            region: s.region.get(),
            count: 0,
        });
        if watch & BUDGET != 0 && kind != ViolationKind::Deallocation {
            let events = s.budget_events.get() + 1;
            s.budget_events.set(events);
            match s.budget_left.get() {
                0 if violation.is_none() => {
                    violation = Some(Violation {
                        kind,
                        size,
                        old_size,
                        align,
                        region: s.budget_region.get(),
                        count: (events - s.budget_base.get()) as usize,
                    });
                }
                0 => {}
                left => s.budget_left.set(left - 1),
            }
        }
        if violation.is_some() {
            s.total.set(s.total.get() + 1);
        }
        violation
    })
    .flatten();
    if let Some(violation) = violation {
        crate::policy::on_violation(violation);
    }
}
