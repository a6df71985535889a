//! `set_handler`: called once per violation, synchronously, on the violating thread, before the
//! policy; it may allocate, and its allocations are neither counted nor violations. Also the
//! `Violation` it receives: accessors, `Display`, `Debug`.
//!
//! The handler is process-wide, so every test here holds `SERIAL` and restores "no handler".
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

use common::{RawBlock, boxed, iterations, location_in, qadapt_panic};
use qadapt::{Violation, ViolationKind, assert_allocs, assert_no_alloc, count_allocs, protect};

const SOURCE: &str = include_str!("handler.rs");

static SERIAL: Mutex<()> = Mutex::new(());

/// Holds the handler slot for one test and clears it afterwards, even if the test fails.
struct HandlerSlot(#[allow(dead_code)] MutexGuard<'static, ()>);

impl HandlerSlot {
    fn set(handler: fn(&Violation)) -> HandlerSlot {
        let lock = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        SEEN.with(|s| s.borrow_mut().clear());
        qadapt::set_handler(handler);
        HandlerSlot(lock)
    }
}

impl Drop for HandlerSlot {
    fn drop(&mut self) {
        qadapt::clear_handler();
    }
}

/// What the handler saw, on this thread.
#[derive(Debug, Clone)]
struct Seen {
    kind: ViolationKind,
    size: usize,
    old_size: usize,
    align: usize,
    name: Option<&'static str>,
    location: Option<String>,
    budget: Option<usize>,
    display: String,
    debug: String,
    copy_equal: bool,
}

thread_local! {
    static SEEN: RefCell<Vec<Seen>> = const { RefCell::new(Vec::new()) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// Records everything about the violation; allocates freely.
fn recording_handler(v: &Violation) {
    let copy = *v;
    let seen = Seen {
        kind: v.kind(),
        size: v.size(),
        old_size: v.old_size(),
        align: v.align(),
        name: v.region_name(),
        location: v.region_location().map(|l| l.to_string()),
        budget: v.budget(),
        display: v.to_string(),
        debug: format!("{v:?}"),
        copy_equal: copy == *v,
    };
    SEEN.with(|s| s.borrow_mut().push(seen));
}

fn seen() -> Vec<Seen> {
    SEEN.with(|s| s.borrow().clone())
}

fn counting_handler(_: &Violation) {
    CALLS.with(|c| c.set(c.get() + 1));
}

fn calls() -> usize {
    CALLS.with(Cell::get)
}

fn here(line: u32, needle: &str) -> String {
    location_in(SOURCE, file!(), line, needle)
}

#[test]
fn the_handler_sees_each_violation_once_with_its_details_and_the_policy_still_applies() {
    let _slot = HandlerSlot::set(recording_handler);
    let mut block = RawBlock::new(8, 8);
    let line = line!() + 2;
    let message = qadapt_panic(|| {
        let _guard = protect();
        let fresh = RawBlock::new(24, 8);
        block.resize(40);
        drop(fresh);
    });
    assert!(
        message.starts_with("qadapt: allocation of 24 bytes"),
        "{message}"
    );
    let location = here(line, "protect()");
    let seen = seen();
    assert_eq!(seen.len(), 3, "{seen:#?}");
    let kinds: Vec<_> = seen.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            ViolationKind::Allocation,
            ViolationKind::Reallocation,
            ViolationKind::Deallocation
        ]
    );
    assert_eq!((seen[0].size, seen[0].old_size, seen[0].align), (24, 24, 8));
    assert_eq!((seen[1].size, seen[1].old_size, seen[1].align), (40, 8, 8));
    assert_eq!((seen[2].size, seen[2].old_size, seen[2].align), (24, 24, 8));
    for s in &seen {
        assert_eq!(s.name, None, "anonymous region");
        assert_eq!(s.location.as_deref(), Some(location.as_str()));
        assert_eq!(s.budget, None);
        assert!(s.copy_equal);
    }
    let thread = std::thread::current();
    let name = thread.name().unwrap();
    assert_eq!(
        seen[1].display,
        format!(
            "reallocation of 8 -> 40 bytes (align 8) inside no-alloc region ({location}) on thread `{name}`"
        )
    );
    assert_eq!(
        seen[2].display,
        format!(
            "deallocation of 24 bytes (align 8) inside no-alloc region ({location}) on thread `{name}`"
        )
    );
    assert!(seen[0].debug.starts_with(
        "Violation { kind: Allocation, size: 24, old_size: 24, align: 8, region_name: None, region_location: Some("
    ), "{}", seen[0].debug);
    assert!(
        seen[0].debug.ends_with("budget: None }"),
        "{}",
        seen[0].debug
    );
}

#[test]
fn the_handler_runs_synchronously_at_the_violation() {
    let _slot = HandlerSlot::set(counting_handler);
    let mut observed = (0, 0, 0);
    let message = qadapt_panic(|| {
        let _guard = protect();
        let before = calls();
        let b = boxed(1);
        let after_alloc = calls();
        drop(b);
        observed = (before, after_alloc, calls());
    });
    let (before, after_alloc, after_dealloc) = observed;
    assert_eq!(
        after_alloc,
        before + 1,
        "called during the allocation itself"
    );
    assert_eq!(after_dealloc, before + 2);
    assert!(message.contains("; 1 more violation"), "{message}");
}

#[test]
fn the_handler_is_not_called_outside_regions_nor_for_accepted_calls() {
    let _slot = HandlerSlot::set(counting_handler);
    let start = calls();
    drop(boxed(1));
    let guard = protect();
    qadapt::allow_alloc(|| drop(boxed(2)));
    drop(guard);
    let v = assert_allocs!(max = 1, { boxed(3) });
    drop(v);
    assert_eq!(calls(), start);
}

fn allocating_handler(v: &Violation) {
    // Formats, collects, grows: all of it allocation, none of it counted or a violation.
    let mut lines: Vec<String> = Vec::new();
    for _ in 0..4 {
        lines.push(format!("{v} / {:?}", v.kind()));
    }
    let joined = lines.join("\n");
    SEEN.with(|s| {
        s.borrow_mut().push(Seen {
            kind: v.kind(),
            size: v.size(),
            old_size: v.old_size(),
            align: v.align(),
            name: None,
            location: None,
            budget: None,
            display: joined,
            debug: String::new(),
            copy_equal: true,
        })
    });
}

#[test]
fn the_handler_may_allocate_and_its_allocations_are_neither_counted_nor_violations() {
    let _slot = HandlerSlot::set(allocating_handler);
    let start = qadapt::violation_count();
    let mut stats = None;
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _guard = protect();
        let (b, s) = count_allocs(|| boxed(5));
        stats = Some(s);
        kept = Some(b);
    });
    assert!(kept.is_some());
    let stats = stats.unwrap();
    assert_eq!(stats.allocations, 1, "only the box: {stats:?}");
    assert_eq!(stats.bytes_allocated, 8);
    assert_eq!(stats.deallocations, 0);
    assert_eq!(qadapt::violation_count(), start + 1);
    assert!(!message.contains("more violation"), "{message}");
    assert_eq!(seen().len(), 1);
    assert!(seen()[0].display.contains("allocation of 8 bytes"));
}

static LEVEL_SEEN: AtomicUsize = AtomicUsize::new(usize::MAX);
static COUNT_SEEN: AtomicUsize = AtomicUsize::new(usize::MAX);

fn qadapt_calling_handler(_: &Violation) {
    LEVEL_SEEN.store(qadapt::protection_level(), Ordering::SeqCst);
    COUNT_SEEN.store(qadapt::violation_count(), Ordering::SeqCst);
    let _ = qadapt::policy();
    let _ = qadapt::is_active();
}

#[test]
fn the_handler_may_call_qadapt_functions() {
    // One violation per region here; with a second one pending, see
    // `aborts_and_refusals::a_handler_calling_qadapt_with_a_violation_pending_does_not_abort`.
    let _slot = HandlerSlot::set(qadapt_calling_handler);
    let start = qadapt::violation_count();
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _a = protect();
        let _b = protect();
        kept = Some(boxed(1));
    });
    assert!(kept.is_some());
    assert!(!message.contains("more violation"), "{message}");
    assert_eq!(
        LEVEL_SEEN.load(Ordering::SeqCst),
        2,
        "protection_level() in the handler"
    );
    assert_eq!(
        COUNT_SEEN.load(Ordering::SeqCst),
        start + 1,
        "violation_count() in the handler already includes this violation"
    );
}

#[test]
fn clear_handler_stops_the_calls() {
    let _slot = HandlerSlot::set(counting_handler);
    let _ = qadapt_panic(|| assert_no_alloc!(boxed(1)));
    let after_one = calls();
    qadapt::clear_handler();
    let _ = qadapt_panic(|| assert_no_alloc!(boxed(2)));
    assert_eq!(calls(), after_one);
    // And a new handler replaces the old one.
    qadapt::set_handler(recording_handler);
    let _ = qadapt_panic(|| assert_no_alloc!(boxed(3)));
    assert_eq!(calls(), after_one);
    assert_eq!(seen().len(), 1);
}

#[test]
fn a_budget_violation_carries_its_budget() {
    let _slot = HandlerSlot::set(recording_handler);
    let line = line!() + 1;
    let _ = qadapt_panic(|| assert_allocs!(max = 2, { (boxed(1), boxed(2), boxed(3)) }));
    let seen = seen();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert_eq!(seen[0].budget, Some(2));
    assert_eq!(seen[0].kind, ViolationKind::Allocation);
    let location = here(line, "assert_allocs!");
    assert_eq!(seen[0].location.as_deref(), Some(location.as_str()));
    assert!(
        seen[0].display.starts_with(&format!(
            "allocation of 8 bytes (align 8) is number 3 in region with a budget of 2 ({location})"
        )),
        "{}",
        seen[0].display
    );
    assert!(
        seen[0].debug.ends_with("budget: Some(2) }"),
        "{}",
        seen[0].debug
    );
}

#[test]
fn a_forbid_alloc_violation_has_no_budget_and_its_location() {
    let _slot = HandlerSlot::set(recording_handler);
    let mut kept = None;
    let line = line!() + 1;
    let _ = qadapt_panic(|| qadapt::forbid_alloc(|| kept = Some(boxed(1))));
    assert!(kept.is_some());
    let seen = seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].budget, None);
    assert_eq!(
        seen[0].location.as_deref(),
        Some(here(line, "qadapt::forbid_alloc(").as_str())
    );
    assert!(seen[0].display.contains("inside forbid-alloc region"));
}

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static LOGGED: AtomicUsize = AtomicUsize::new(0);

/// A logging handler: formats the violation and appends it to a shared log.
fn logging_handler(v: &Violation) {
    let line = format!("violation: {v}");
    LOG.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    LOGGED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn a_logging_handler_under_load_from_several_threads_sees_every_violation_once() {
    let _slot = HandlerSlot::set(logging_handler);
    LOG.lock().unwrap_or_else(|e| e.into_inner()).clear();
    let start = LOGGED.load(Ordering::SeqCst);
    let threads = 4;
    let rounds = iterations(50, 3);
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            std::thread::Builder::new()
                .name(format!("load-{t}"))
                .spawn(move || {
                    for i in 0..rounds {
                        // Exactly one violation per round; between rounds, free allocation.
                        let message = qadapt_panic(|| assert_no_alloc!(boxed(i as u64)));
                        assert!(!message.contains("more violation"), "{message}");
                        drop(vec![0u8; 64]);
                    }
                })
                .unwrap()
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(LOGGED.load(Ordering::SeqCst) - start, threads * rounds);
    let log = LOG.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(log.len(), threads * rounds);
    for t in 0..threads {
        let tag = format!("on thread `load-{t}`");
        let mine = log.iter().filter(|l| l.ends_with(&tag)).count();
        assert_eq!(mine, rounds, "thread load-{t}");
    }
    assert!(log.iter().all(|l| {
        l.starts_with("violation: allocation of 8 bytes (align 8) inside no-alloc region")
    }));
}
