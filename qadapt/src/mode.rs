//! The part of a thread's mode that every region saves and restores, packed in one `u64`.
//!
//! One word is one load and one store on each side of a region, always of the same width: a
//! struct of mixed-width fields made the compiler save and restore it piecewise and stall on
//! store forwarding, which was most of an empty region's cost.
//!
//! Layout, low bits first: the checks (8 bits: `CHECK_ALLOC | CHECK_DEALLOC | LOCKED`), the open
//! budget regions (16 bits), the open protecting regions (20 bits), the open regions of any kind
//! (20 bits, on top, so that no count can carry into another: every count is at most `depth`, and
//! `depth` stops at [`Mode::MAX_DEPTH`]).

/// A thread's checks and region counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mode(u64);

const CHECKS_MASK: u64 = 0xff;
const BUDGETS_SHIFT: u32 = 8;
const LEVEL_SHIFT: u32 = 24;
const DEPTH_SHIFT: u32 = 44;
const COUNT_MASK_16: u64 = 0xffff;
const COUNT_MASK_20: u64 = 0xf_ffff;

impl Mode {
    /// No region open, nothing checked.
    pub(crate) const IDLE: Mode = Mode(0);

    /// How deep regions may nest on one thread (about a million: far beyond any stack).
    pub(crate) const MAX_DEPTH: u32 = COUNT_MASK_20 as u32;

    /// The smallest packed value whose depth is [`MAX_DEPTH`](Self::MAX_DEPTH): a mode at or
    /// above it cannot open another region.
    const FULL: u64 = COUNT_MASK_20 << DEPTH_SHIFT;

    #[inline(always)]
    pub(crate) const fn checks(self) -> u8 {
        (self.0 & CHECKS_MASK) as u8
    }

    #[inline(always)]
    pub(crate) const fn budgets(self) -> u32 {
        ((self.0 >> BUDGETS_SHIFT) & COUNT_MASK_16) as u32
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
        self.has_room() && self.budgets() < COUNT_MASK_16 as u32
    }

    /// The same counts with other checks (for a thread that exits: std only).
    #[cfg(feature = "std")]
    #[inline(always)]
    pub(crate) const fn with_checks(self, checks: u8) -> Mode {
        Mode((self.0 & !CHECKS_MASK) | checks as u64)
    }

    /// One region deeper, with `checks`; `protecting` also counts it as a protecting region.
    /// The caller has checked [`has_room`](Self::has_room).
    #[inline(always)]
    pub(crate) const fn entered(self, checks: u8, protecting: bool) -> Mode {
        let level = (protecting as u64) << LEVEL_SHIFT;
        Mode(((self.0 & !CHECKS_MASK) | checks as u64) + (1 << DEPTH_SHIFT) + level)
    }

    /// One budget region deeper, checks unchanged. The caller has checked
    /// [`has_room`](Self::has_room).
    #[inline(always)]
    pub(crate) const fn entered_budget(self) -> Mode {
        Mode(self.0 + (1 << DEPTH_SHIFT) + (1 << BUDGETS_SHIFT))
    }
}

impl core::fmt::Debug for Mode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Mode")
            .field("checks", &self.checks())
            .field("budgets", &self.budgets())
            .field("level", &self.level())
            .field("depth", &self.depth())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::Mode;

    #[test]
    fn counts_do_not_carry_into_each_other() {
        let mut mode = Mode::IDLE
            .entered(3, true)
            .entered_budget()
            .entered(0, false);
        assert_eq!(
            (mode.checks(), mode.budgets(), mode.level(), mode.depth()),
            (0, 1, 1, 3)
        );
        #[cfg(feature = "std")]
        {
            mode = mode.with_checks(7);
            assert_eq!((mode.checks(), mode.level(), mode.depth()), (7, 1, 3));
        }
    }

    #[test]
    fn the_deepest_mode_has_no_room() {
        let mut mode = Mode::IDLE;
        for _ in 0..Mode::MAX_DEPTH {
            assert!(mode.has_room());
            mode = mode.entered(3, true);
        }
        assert!(!mode.has_room());
        assert_eq!(
            (mode.depth(), mode.level()),
            (Mode::MAX_DEPTH, Mode::MAX_DEPTH)
        );
        assert_eq!(mode.checks(), 3);
    }
}
