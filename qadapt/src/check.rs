//! The allocator's check path: what `Qadapt` does with each call before forwarding it.
//!
//! The hot path is one read of the thread's `watch` byte. Only when it is non-zero does the
//! `#[cold]` slow path run: count, charge budgets, and turn the call into a [`Violation`] when the
//! innermost region forbids it. Nothing here allocates or unwinds; reporting happens later, at
//! the region's exit.

use core::alloc::Layout;

use crate::mode::{BUDGET, CHECK_ALLOC, CHECK_DEALLOC, COUNT, PROBE};
use crate::state;
use crate::violation::{Violation, ViolationKind};

// The allocator's methods are generic, so they are compiled in the crate that declares the
// global allocator, at that crate's opt-level. In debug builds these entry points stay out of
// line, so the check itself is compiled at qadapt's own opt-level (which
// `[profile.dev.package.qadapt] opt-level = 3` raises); in release they vanish into the caller.

#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn before_alloc(layout: Layout) {
    let watch = watch();
    if watch != 0 {
        slow(
            watch,
            ViolationKind::Allocation,
            layout.size(),
            layout.size(),
            layout.align(),
        );
    }
}

#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn before_realloc(layout: Layout, new_size: usize) {
    let watch = watch();
    if watch != 0 {
        slow(
            watch,
            ViolationKind::Reallocation,
            new_size,
            layout.size(),
            layout.align(),
        );
    }
}

#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
pub(crate) fn before_dealloc(layout: Layout) {
    let watch = watch();
    if watch != 0 {
        slow(
            watch,
            ViolationKind::Deallocation,
            layout.size(),
            layout.size(),
            layout.align(),
        );
    }
}

/// The hot path: one thread-local byte; the layout is only looked at when it is non-zero (at
/// opt-level 0 each `Layout` accessor is a call).
#[inline(always)]
fn watch() -> u8 {
    if crate::CHECKS { state::watch() } else { 0 }
}

#[cold]
#[inline(never)]
fn slow(watch: u8, kind: ViolationKind, size: usize, old_size: usize, align: usize) {
    let violation = state::with(|s| {
        if watch & PROBE != 0 {
            s.probe_seen.set(true);
        }
        if watch & COUNT != 0 {
            // SAFETY: `State` is `!Sync` and nothing else borrows the counters during this call.
            unsafe { (*s.counters.as_ptr()).record(kind, size, old_size) };
            if watch & (CHECK_ALLOC | CHECK_DEALLOC | BUDGET) == 0 {
                return None;
            }
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
            region: s.region(),
            count: 0,
            max: 0,
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
                        max: s.budget_max.get(),
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
        crate::violation_policy::on_violation(violation);
    }
}
