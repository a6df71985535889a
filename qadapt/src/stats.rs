//! `count_allocs`: what a closure did to the heap, on this thread only.

use crate::counters::Counters;
use crate::state;

/// What [`count_allocs`] saw the closure do, on the calling thread only: other threads never
/// pollute these numbers.
///
/// With the checks compiled out (release builds without feature `always`) every field is zero;
/// [`is_active`](crate::is_active) tells which.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllocStats {
    /// Calls to `alloc` and `alloc_zeroed`.
    pub allocations: usize,
    /// Calls to `realloc`.
    pub reallocations: usize,
    /// Calls to `dealloc`.
    pub deallocations: usize,
    /// Bytes requested: allocation sizes plus the new size of every reallocation.
    pub bytes_allocated: usize,
    /// Bytes returned: deallocation sizes plus the old size of every reallocation.
    pub bytes_freed: usize,
    /// The most bytes live at once, counted from the start of the closure.
    pub peak_bytes: usize,
}

/// Runs `f` and returns its value with the allocator calls it made on this thread.
///
/// ```
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// let (v, stats) = qadapt::count_allocs(|| {
///     let mut v = Vec::with_capacity(4);
///     v.push(1u32);
///     v
/// });
/// if qadapt::is_active() {
///     assert_eq!(stats.allocations, 1);
///     assert_eq!(stats.bytes_allocated, 16);
///     assert_eq!(stats.deallocations, 0);
/// }
/// # drop(v);
/// ```
///
/// It works inside and outside protected regions (inside one, the allocations are still
/// violations), nests, and ignores allocations made by a [handler](crate::set_handler).
#[track_caller]
pub fn count_allocs<R>(f: impl FnOnce() -> R) -> (R, AllocStats) {
    if !crate::CHECKS {
        return (f(), AllocStats::default());
    }
    crate::pending::report();
    let window = Window::open();
    let value = f();
    let stats = window.close();
    (value, stats)
}

/// An open counting window; closing it (or unwinding through it) restores the outer window.
struct Window {
    start: Counters,
    outer_peak: isize,
    closed: bool,
}

impl Window {
    fn open() -> Window {
        let (start, outer_peak) = state::with(|s| {
            let mut counters = s.counters.get();
            let outer_peak = counters.peak;
            counters.peak = counters.live;
            s.counters.set(counters);
            s.counting.set(s.counting.get() + 1);
            s.refresh();
            (counters, outer_peak)
        })
        .unwrap_or((Counters::ZERO, 0));
        Window {
            start,
            outer_peak,
            closed: false,
        }
    }

    fn close(mut self) -> AllocStats {
        self.closed = true;
        let end = self.restore();
        let start = self.start;
        AllocStats {
            allocations: end.allocations - start.allocations,
            reallocations: end.reallocations - start.reallocations,
            deallocations: end.deallocations - start.deallocations,
            bytes_allocated: end.bytes_allocated.wrapping_sub(start.bytes_allocated),
            bytes_freed: end.bytes_freed.wrapping_sub(start.bytes_freed),
            peak_bytes: end.peak.wrapping_sub(start.live).max(0) as usize,
        }
    }

    /// Ends the window and returns the counters as they stood.
    fn restore(&self) -> Counters {
        state::with(|s| {
            let end = s.counters.get();
            let mut counters = end;
            counters.peak = counters.peak.max(self.outer_peak);
            s.counters.set(counters);
            s.counting.set(s.counting.get().saturating_sub(1));
            s.refresh();
            end
        })
        .unwrap_or(self.start)
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        if !self.closed {
            self.restore();
        }
    }
}
