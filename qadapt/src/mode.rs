//! The part of a thread's mode that every region saves and restores, packed in one `u64`, the
//! allocator's byte included.
//!
//! One word is one load and one store on each side of a region, always of the same width: a
//! struct of mixed-width fields made the compiler save and restore it piecewise and stall on
//! store forwarding, and a separate byte for the allocator cost a store of its own each way.
//!
//! Layout, low bits first: the allocator's byte (8 bits: what it must look at, see
//! [`Mode::watch`]), the checks (3 bits: `CHECK_ALLOC | CHECK_DEALLOC | LOCKED`), the open budget
//! regions (13 bits), the open protecting regions (20 bits), the open regions of any kind (20
//! bits, on top, so that no count can carry into another: every count is at most `depth`, and
//! `depth` stops at [`Mode::MAX_DEPTH`]).
//!
//! Here too are the flags of the checks and of the allocator's byte, and those of the thread's
//! `attention` byte (what sends a region boundary down its slow path).

// ---- the checks and the allocator's byte ----

/// Allocations are violations.
pub(crate) const CHECK_ALLOC: u8 = 1;
/// Deallocations are violations.
pub(crate) const CHECK_DEALLOC: u8 = 2;
/// Set by `forbid_alloc`: `allow_alloc` and `allow_dealloc` inside lift nothing.
pub(crate) const LOCKED: u8 = 4;
/// `count_allocs` is collecting on this thread.
pub(crate) const COUNT: u8 = 8;
/// A budget region is open.
pub(crate) const BUDGET: u8 = 16;
/// `is_active` is checking whether this allocator is the global one.
pub(crate) const PROBE: u8 = 32;

// ---- `State::attention` ----

/// `State::attention`: the thread has not opened a protecting region yet (the policy and the
/// thread-exit watcher are set up on the first one).
pub(crate) const NOT_READY: u8 = 1;
/// `State::attention`: a violation waits to be reported.
pub(crate) const PENDING: u8 = 2;
/// `State::attention`: checks are suspended (qadapt's own reporting, a handler).
pub(crate) const SUSPENDED: u8 = 4;
/// `State::attention`: `count_allocs` is collecting, so `watch` has more than the checks in it.
pub(crate) const COUNTING: u8 = 8;
/// `State::attention`: a violation panic is unwinding with `enter_protected()` regions still open
/// under a guard region; each guard that closes while the thread unwinds closes the manual regions
/// it uncovers (their `exit_protected()` is being unwound past too).
pub(crate) const UNWINDING: u8 = 16;

/// A thread's checks and region counts. Transparent: the allocator reads it as a `u64`.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(transparent)]
pub(crate) struct Mode(u64);

const WATCH_MASK: u64 = 0xff;
const CHECKS_SHIFT: u32 = 8;
const CHECKS_MASK: u64 = 0x7;
const BUDGETS_SHIFT: u32 = 11;
const BUDGETS_MASK: u64 = 0x1fff;
const LEVEL_SHIFT: u32 = 24;
const DEPTH_SHIFT: u32 = 44;
const COUNT_MASK_20: u64 = 0xf_ffff;
/// Set in a *saved* mode whose region opened on the slow path: it must close on it too (its
/// allocator byte may be stale by then). Never set in the live mode for long: the slow close
/// recomputes the byte.
const SLOW_MARK: u64 = 0x80;

impl Mode {
    /// No region open, nothing checked.
    pub(crate) const IDLE: Mode = Mode(0);

    /// How deep regions may nest on one thread (about a million: far beyond any stack).
    pub(crate) const MAX_DEPTH: u32 = COUNT_MASK_20 as u32;

    /// The smallest packed value whose depth is [`MAX_DEPTH`](Self::MAX_DEPTH): a mode at or
    /// above it cannot open another region.
    const FULL: u64 = COUNT_MASK_20 << DEPTH_SHIFT;

    /// The allocator's byte: `CHECK_ALLOC | CHECK_DEALLOC | COUNT | BUDGET | PROBE` as they
    /// apply now, zero while checks are suspended. Kept by `State::refresh`, and by the region
    /// fast paths, which only run when it is exactly the checks plus `BUDGET`.
    #[inline(always)]
    pub(crate) const fn watch(self) -> u8 {
        (self.0 & WATCH_MASK) as u8
    }

    #[inline(always)]
    pub(crate) const fn checks(self) -> u8 {
        ((self.0 >> CHECKS_SHIFT) & CHECKS_MASK) as u8
    }

    #[inline(always)]
    pub(crate) const fn budgets(self) -> u32 {
        ((self.0 >> BUDGETS_SHIFT) & BUDGETS_MASK) as u32
    }

    #[inline(always)]
    pub(crate) const fn level(self) -> u32 {
        ((self.0 >> LEVEL_SHIFT) & COUNT_MASK_20) as u32
    }

    #[inline(always)]
    pub(crate) const fn depth(self) -> u32 {
        (self.0 >> DEPTH_SHIFT) as u32
    }

    /// Whether another region may open inside this one.
    #[inline(always)]
    pub(crate) const fn has_room(self) -> bool {
        self.0 < Self::FULL
    }

    /// Whether another budget region may open inside this one.
    #[inline(always)]
    pub(crate) const fn has_budget_room(self) -> bool {
        self.has_room() && self.budgets() < BUDGETS_MASK as u32
    }

    /// The same mode with another allocator byte.
    #[inline(always)]
    pub(crate) const fn with_watch(self, watch: u8) -> Mode {
        Mode((self.0 & !WATCH_MASK) | watch as u64)
    }

    /// The same counts with other checks (for a thread that exits: std only).
    #[cfg(feature = "std")]
    #[inline(always)]
    pub(crate) const fn with_checks(self, checks: u8) -> Mode {
        Mode(
            (self.0 & !(CHECKS_MASK << CHECKS_SHIFT))
                | ((checks as u64 & CHECKS_MASK) << CHECKS_SHIFT),
        )
    }

    /// One region deeper, with `checks`; `protecting` also counts it as a protecting region.
    /// The allocator's byte follows the checks and keeps `BUDGET`, which is right when nothing
    /// is suspended or counting (the fast path); elsewhere `State::refresh` recomputes it. The
    /// caller has checked [`has_room`](Self::has_room).
    #[inline(always)]
    pub(crate) const fn entered(self, checks: u8, protecting: bool) -> Mode {
        let watch = (checks & (CHECK_ALLOC | CHECK_DEALLOC)) | (self.watch() & BUDGET);
        let level = (protecting as u64) << LEVEL_SHIFT;
        let kept = self.0 & !(WATCH_MASK | (CHECKS_MASK << CHECKS_SHIFT));
        Mode(
            (kept | ((checks as u64 & CHECKS_MASK) << CHECKS_SHIFT) | watch as u64)
                + (1 << DEPTH_SHIFT)
                + level,
        )
    }

    /// [`entered`](Self::entered) for a protecting region on the fast path, in three operations
    /// (debug builds run qadapt unoptimised: every operation counts): both checks set, in the
    /// allocator's byte too, and `LOCKED` kept or, with `lock`, set. Right only where the
    /// allocator's byte is exactly the checks plus `BUDGET` (nothing suspended, counting or
    /// probing), as on every fast path.
    #[inline(always)]
    pub(crate) const fn entered_protecting(self, lock: bool) -> Mode {
        let both = (CHECK_ALLOC | CHECK_DEALLOC) as u64;
        let set = if lock {
            both | ((both | LOCKED as u64) << CHECKS_SHIFT)
        } else {
            both | (both << CHECKS_SHIFT)
        };
        Mode((self.0 | set) + ((1 << DEPTH_SHIFT) + (1 << LEVEL_SHIFT)))
    }

    /// [`entered`](Self::entered) for a lifting region on the fast path (same condition as
    /// [`entered_protecting`](Self::entered_protecting)): the checks in `lifted` cleared, in the
    /// allocator's byte too, unless `LOCKED`.
    #[inline(always)]
    pub(crate) const fn entered_lifting(self, lifted: u8) -> Mode {
        let cleared = if self.0 & ((LOCKED as u64) << CHECKS_SHIFT) == 0 {
            lifted as u64 | ((lifted as u64) << CHECKS_SHIFT)
        } else {
            0
        };
        Mode((self.0 & !cleared) + (1 << DEPTH_SHIFT))
    }

    /// One budget region deeper, checks unchanged. The caller has checked
    /// [`has_budget_room`](Self::has_budget_room) and refreshes the allocator's byte.
    #[inline(always)]
    pub(crate) const fn entered_budget(self) -> Mode {
        Mode(self.0 + (1 << DEPTH_SHIFT) + (1 << BUDGETS_SHIFT))
    }

    /// This saved mode, marked to be restored on the slow path.
    #[inline(always)]
    pub(crate) const fn marked_slow(self) -> Mode {
        Mode(self.0 | SLOW_MARK)
    }

    #[inline(always)]
    pub(crate) const fn is_marked_slow(self) -> bool {
        self.0 & SLOW_MARK != 0
    }

    /// This saved mode without its mark.
    #[inline(always)]
    pub(crate) const fn unmarked(self) -> Mode {
        Mode(self.0 & !SLOW_MARK)
    }
}

impl core::fmt::Debug for Mode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Mode")
            .field("watch", &self.watch())
            .field("checks", &self.checks())
            .field("budgets", &self.budgets())
            .field("level", &self.level())
            .field("depth", &self.depth())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{BUDGET, CHECK_ALLOC, CHECK_DEALLOC, LOCKED, Mode};

    #[test]
    fn counts_do_not_carry_into_each_other() {
        let mut mode = Mode::IDLE
            .entered(CHECK_ALLOC | CHECK_DEALLOC | LOCKED, true)
            .entered_budget()
            .with_watch(BUDGET | CHECK_ALLOC | CHECK_DEALLOC)
            .entered(0, false);
        assert_eq!(
            (mode.checks(), mode.budgets(), mode.level(), mode.depth()),
            (0, 1, 1, 3)
        );
        // The allocator's byte follows the checks and keeps the budget.
        assert_eq!(mode.watch(), BUDGET);
        #[cfg(feature = "std")]
        {
            mode = mode.with_checks(LOCKED);
            assert_eq!((mode.checks(), mode.level(), mode.depth()), (LOCKED, 1, 3));
            assert_eq!(mode.watch(), BUDGET);
        }
        let saved = mode.marked_slow();
        assert!(saved.is_marked_slow() && !mode.is_marked_slow());
        assert_eq!(saved.unmarked(), mode);
    }

    /// The fast paths' transitions agree with the general one wherever the allocator's byte is
    /// the checks plus `BUDGET`.
    #[test]
    fn the_fast_transitions_are_the_general_one() {
        let both = CHECK_ALLOC | CHECK_DEALLOC;
        for checks in [0, CHECK_ALLOC, both, both | LOCKED] {
            for budget in [0, BUDGET] {
                let outer = Mode::IDLE
                    .entered(checks, true)
                    .entered_budget()
                    .with_watch((checks & both) | budget);
                let outer_checks = outer.checks();
                assert_eq!(
                    outer.entered_protecting(false),
                    outer.entered(both | (outer_checks & LOCKED), true)
                );
                assert_eq!(
                    outer.entered_protecting(true),
                    outer.entered(both | LOCKED, true)
                );
                for lifted in [both, CHECK_DEALLOC] {
                    let lifted_checks = if outer_checks & LOCKED == 0 {
                        outer_checks & !lifted
                    } else {
                        outer_checks
                    };
                    assert_eq!(
                        outer.entered_lifting(lifted),
                        outer.entered(lifted_checks, false),
                        "{outer:?} lifting {lifted}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_deepest_mode_has_no_room() {
        let mut mode = Mode::IDLE;
        for _ in 0..Mode::MAX_DEPTH {
            assert!(mode.has_room());
            mode = mode.entered(CHECK_ALLOC | CHECK_DEALLOC, true);
        }
        assert!(!mode.has_room());
        assert_eq!(
            (mode.depth(), mode.level()),
            (Mode::MAX_DEPTH, Mode::MAX_DEPTH)
        );
        assert_eq!(mode.checks(), CHECK_ALLOC | CHECK_DEALLOC);
        assert_eq!(mode.watch(), CHECK_ALLOC | CHECK_DEALLOC);
    }
}
