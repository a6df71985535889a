//! The running totals a thread keeps while `count_allocs` is open: plain data, updated in place
//! on the allocator's slow path.

use crate::violation::ViolationKind;

/// Running totals kept in the thread's state while any `count_allocs` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counters {
    pub(crate) allocations: usize,
    pub(crate) reallocations: usize,
    pub(crate) deallocations: usize,
    pub(crate) bytes_allocated: usize,
    pub(crate) bytes_freed: usize,
    pub(crate) live: isize,
    pub(crate) peak: isize,
}

impl Counters {
    pub(crate) const ZERO: Counters = Counters {
        allocations: 0,
        reallocations: 0,
        deallocations: 0,
        bytes_allocated: 0,
        bytes_freed: 0,
        live: 0,
        peak: 0,
    };

    /// Adds one allocator call; runs on the allocator's slow path.
    #[inline]
    pub(crate) fn record(&mut self, kind: ViolationKind, size: usize, old_size: usize) {
        match kind {
            ViolationKind::Allocation => {
                self.allocations += 1;
                self.bytes_allocated = self.bytes_allocated.wrapping_add(size);
                self.live = self.live.wrapping_add(size as isize);
            }
            ViolationKind::Reallocation => {
                self.reallocations += 1;
                self.bytes_allocated = self.bytes_allocated.wrapping_add(size);
                self.bytes_freed = self.bytes_freed.wrapping_add(old_size);
                self.live = self
                    .live
                    .wrapping_add(size as isize)
                    .wrapping_sub(old_size as isize);
            }
            ViolationKind::Deallocation => {
                self.deallocations += 1;
                self.bytes_freed = self.bytes_freed.wrapping_add(size);
                self.live = self.live.wrapping_sub(size as isize);
            }
        }
        self.peak = self.peak.max(self.live);
    }
}
