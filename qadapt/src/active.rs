//! `is_active`: are the checks compiled in, and is `Qadapt` really the global allocator?

use core::alloc::Layout;
use core::sync::atomic::{AtomicU8, Ordering};

use crate::mode::PROBE;
use crate::state;

const UNKNOWN: u8 = 0;
const ACTIVE: u8 = 1;
const INACTIVE: u8 = 2;

static DETECTED: AtomicU8 = AtomicU8::new(UNKNOWN);

/// True when the checks are compiled in (debug assertions or feature `always`) **and** a
/// [`Qadapt`](crate::Qadapt) is the global allocator. Detected once, by watching one probe
/// allocation go through the global allocator, not assumed.
#[track_caller]
pub fn is_active() -> bool {
    if !crate::CHECKS {
        return false;
    }
    crate::pending::report();
    match DETECTED.load(Ordering::Relaxed) {
        ACTIVE => true,
        INACTIVE => false,
        _ => {
            let active = probe();
            DETECTED.store(if active { ACTIVE } else { INACTIVE }, Ordering::Relaxed);
            active
        }
    }
}

/// Makes one allocation through the global allocator with the thread's `PROBE` bit set; a
/// `Qadapt` in that position notices it.
fn probe() -> bool {
    let armed = state::with(|s| {
        s.probe_seen.set(false);
        let mode = s.mode();
        s.set_mode(mode.with_watch(mode.watch() | PROBE));
    });
    if armed.is_none() {
        return false;
    }
    let layout = Layout::new::<u64>();
    // SAFETY: `layout` has non-zero size; the pointer is freed with the same layout below.
    // Both run with the thread's checks as they are; the probe bit alone makes them visible,
    // so a probe inside a protected region would still be a violation: run it disarmed.
    state::suspended(|| unsafe {
        let ptr = alloc::alloc::alloc(layout);
        let ptr = core::hint::black_box(ptr);
        if !ptr.is_null() {
            alloc::alloc::dealloc(ptr, layout);
        }
    });
    state::with(|s| {
        let mode = s.mode();
        s.set_mode(mode.with_watch(mode.watch() & !PROBE));
        s.probe_seen.get()
    })
    .unwrap_or(false)
}
