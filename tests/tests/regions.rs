//! The protected-region forms one by one: `protect()`, `assert_no_alloc!`,
//! `enter_protected()`/`exit_protected()`, what they catch, what they let through, and the values
//! they evaluate to.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::{
    RawBlock, UNCHECKED, boxed, catch_in_region, current_checks, panic_message, payload_str,
    qadapt_panic, stash,
};
use qadapt::{assert_no_alloc, enter_protected, exit_protected, protect, protection_level};

#[test]
fn is_active_with_qadapt_as_the_global_allocator() {
    assert!(qadapt::is_active());
    // Detected once, then stable.
    assert!(qadapt::is_active());
}

#[test]
fn protect_guard_without_allocation_exits_quietly() {
    let mut v: Vec<u32> = Vec::with_capacity(4);
    {
        let _guard = protect();
        assert_eq!(protection_level(), 1);
        v.push(black_box(1));
        v.push(black_box(2));
        v.pop();
    }
    assert_eq!(protection_level(), 0);
    assert_eq!(v, [1]);
}

#[test]
fn protect_guard_catches_an_allocation_when_it_drops() {
    // Kept outside the region: a value returned from a closure whose region exit panics would
    // be leaked (rust-lang/rust#47949).
    let mut kept = None;
    let before = qadapt::violation_count();
    let message = qadapt_panic(|| {
        let _guard = protect();
        kept = Some(boxed(1));
    });
    assert!(kept.is_some());
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes (align 8)"),
        "{message}"
    );
    assert_eq!(qadapt::violation_count(), before + 1);
    assert_eq!(protection_level(), 0);
}

#[test]
fn protect_guard_catches_a_reallocation() {
    let mut block = RawBlock::new(4, 4);
    let message = qadapt_panic(|| {
        let _guard = protect();
        block.resize(16);
    });
    assert!(
        message.starts_with("qadapt: reallocation of 4 -> 16 bytes (align 4)"),
        "{message}"
    );
    assert_eq!(block.size(), 16, "the reallocation itself went through");
}

#[test]
fn protect_guard_catches_a_deallocation() {
    let b = boxed(3);
    let message = qadapt_panic(|| {
        let _guard = protect();
        drop(b);
    });
    assert!(
        message.starts_with("qadapt: deallocation of 8 bytes (align 8)"),
        "{message}"
    );
}

#[test]
fn protect_guard_catches_alloc_zeroed_as_an_allocation_and_still_zeroes() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _guard = protect();
        kept = Some(RawBlock::zeroed(32, 16));
    });
    assert!(
        message.starts_with("qadapt: allocation of 32 bytes (align 16)"),
        "{message}"
    );
    let block = kept.expect("the block was made before the region exit panicked");
    assert!(block.bytes().iter().all(|&b| b == 0));
}

#[test]
fn each_violation_kind_is_reported_on_its_own() {
    // One region per kind: each message names its own kind first.
    let mut block = RawBlock::new(8, 8);
    let mut kept = None;
    let alloc = qadapt_panic(|| {
        let _g = protect();
        kept = Some(boxed(1));
    });
    assert!(kept.is_some());
    let realloc = qadapt_panic(|| {
        let _g = protect();
        block.resize(24);
    });
    let dealloc = qadapt_panic(|| {
        let _g = protect();
        drop(block);
    });
    assert!(alloc.starts_with("qadapt: allocation of "), "{alloc}");
    assert!(
        realloc.starts_with("qadapt: reallocation of 8 -> 24 bytes"),
        "{realloc}"
    );
    assert!(
        dealloc.starts_with("qadapt: deallocation of 24 bytes"),
        "{dealloc}"
    );
}

#[test]
fn the_first_violation_is_named_and_the_rest_counted() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _g = protect();
        // Three allocations, freed outside the region.
        kept = Some((boxed(1), boxed(2), boxed(3)));
    });
    assert!(kept.is_some());
    let first_line = message.lines().next().unwrap();
    assert!(first_line.starts_with("qadapt: allocation of 8 bytes"));
    assert!(first_line.ends_with("; 2 more violations"), "{first_line}");
}

#[test]
fn violation_count_is_a_running_total_of_this_thread() {
    let start = qadapt::violation_count();
    let _ = qadapt_panic(|| {
        let _g = protect();
        drop(boxed(1)); // allocation and deallocation
    });
    assert_eq!(qadapt::violation_count(), start + 2);
    // Outside any region nothing is a violation.
    drop(boxed(2));
    assert_eq!(qadapt::violation_count(), start + 2);
}

#[test]
fn assert_no_alloc_evaluates_to_its_expression() {
    let v: Vec<u8> = vec![1, 2, 3];
    let len = assert_no_alloc!(v.len());
    assert_eq!(len, 3);
    let sum: u32 = assert_no_alloc!(v.iter().map(|&x| u32::from(x)).sum());
    assert_eq!(sum, 6);
}

#[test]
fn assert_no_alloc_evaluates_to_its_block() {
    let mut v: Vec<u32> = Vec::with_capacity(2);
    let len = assert_no_alloc!({
        v.push(1);
        v.push(2);
        assert_eq!(protection_level(), 1);
        v.len()
    });
    assert_eq!(len, 2);
    assert_eq!(protection_level(), 0);
}

#[test]
fn assert_no_alloc_accepts_statements_without_braces() {
    let mut v: Vec<u32> = Vec::with_capacity(1);
    let last = assert_no_alloc!(v.push(7); v[0] + 1);
    assert_eq!(last, 8);
}

#[test]
fn assert_no_alloc_can_return_a_value_that_owns_heap_memory_made_outside() {
    let b = boxed(9);
    let same = assert_no_alloc!({ b });
    assert_eq!(*same, 9);
}

#[test]
fn assert_no_alloc_catches_an_allocation() {
    let message = qadapt_panic(|| assert_no_alloc!({ boxed(5) }));
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes (align 8) inside no-alloc region"),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
}

#[test]
fn assert_no_alloc_drops_its_temporaries_inside_the_region() {
    let b = boxed(4);
    // `black_box(b)` is a temporary `Box` of the expression: it is freed inside the region.
    let message = qadapt_panic(|| assert_no_alloc!(*black_box(b) + 1));
    assert!(
        message.starts_with("qadapt: deallocation of 8 bytes"),
        "{message}"
    );
}

#[test]
fn vec_new_does_not_allocate() {
    // Documented by std: `Vec::new` does not allocate until elements are pushed.
    let v: Vec<u64> = assert_no_alloc!(Vec::new());
    assert_eq!(v.capacity(), 0);
}

#[test]
fn enter_and_exit_protected_open_and_close_a_region() {
    assert_eq!(protection_level(), 0);
    enter_protected();
    assert_eq!(protection_level(), 1);
    enter_protected();
    assert_eq!(protection_level(), 2);
    exit_protected();
    assert_eq!(protection_level(), 1);
    exit_protected();
    assert_eq!(protection_level(), 0);
    assert_eq!(current_checks(), UNCHECKED);
}

#[test]
fn exit_protected_reports_the_violation_made_since_enter_protected() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        enter_protected();
        kept = Some(boxed(1));
        exit_protected();
    });
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes"),
        "{message}"
    );
    assert_eq!(
        protection_level(),
        0,
        "the region was closed before reporting"
    );
    assert_eq!(current_checks(), UNCHECKED);
}

#[test]
fn exit_protected_without_enter_panics_with_a_clear_message() {
    let message = panic_message(exit_protected);
    assert_eq!(
        message,
        "qadapt: exit_protected() without a matching enter_protected() on this thread"
    );
    assert_eq!(protection_level(), 0);
    // Still usable afterwards.
    enter_protected();
    exit_protected();
}

#[test]
fn exit_protected_does_not_close_a_guard_region() {
    let payload = {
        let _guard = protect();
        let payload = catch_in_region(exit_protected).expect("exit_protected() panics");
        assert_eq!(protection_level(), 1, "the guard's region is still open");
        payload
    };
    let message = payload_str(&*payload).unwrap();
    assert!(
        message.contains("without a matching enter_protected()"),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
}

#[test]
fn enter_protected_nests_32_deep_and_refuses_the_33rd() {
    for depth in 1..=32 {
        enter_protected();
        assert_eq!(protection_level(), depth);
    }
    let payload = catch_in_region(enter_protected).expect("the 33rd enter_protected() panics");
    assert_eq!(
        protection_level(),
        32,
        "the refused region left nothing open"
    );
    for depth in (0..32).rev() {
        exit_protected();
        assert_eq!(protection_level(), depth);
    }
    assert_eq!(current_checks(), UNCHECKED);
    let message = payload_str(&*payload).unwrap();
    assert!(
        message.starts_with("qadapt: enter_protected() nested more than 32 deep"),
        "{message}"
    );
}

#[test]
fn protection_guard_debug_names_where_it_was_entered() {
    let guard = protect();
    let line = line!() - 1;
    let text = qadapt::allow_alloc(|| format!("{guard:?}"));
    drop(guard);
    assert!(text.starts_with("ProtectionGuard"), "{text}");
    assert!(text.contains(file!()), "{text}");
    assert!(text.contains(&format!("line: {line}")), "{text}");
}

#[test]
fn a_region_with_a_reserved_vec_accepts_pushes_up_to_capacity_only() {
    let mut v: Vec<u32> = Vec::with_capacity(2);
    assert_no_alloc!({
        v.push(1);
        v.push(2);
    });
    // Growing past the capacity goes to the allocator, whichever call std makes for it.
    let message = qadapt_panic(|| assert_no_alloc!(v.push(3)));
    assert!(message.contains("inside no-alloc region"), "{message}");
}

/// Every qadapt call is a safe point: a violation pending in a region that is still open is
/// raised by the next qadapt call on the thread, before the region's own exit, and only once.
#[test]
fn a_pending_violation_is_raised_by_the_next_qadapt_call_before_the_region_exits() {
    let calls: [(&str, fn()); 11] = [
        ("protection_level", || _ = protection_level()),
        ("violation_count", || _ = qadapt::violation_count()),
        ("enter_protected", enter_protected),
        ("protect", || drop(protect())),
        ("is_active", || _ = qadapt::is_active()),
        ("policy", || _ = qadapt::policy()),
        ("set_policy", || qadapt::set_policy(qadapt::policy())),
        ("clear_handler", qadapt::clear_handler),
        ("count_allocs", || _ = qadapt::count_allocs(|| ())),
        ("report", || _ = qadapt::report()),
        ("warm_up", qadapt::warm_up),
    ];
    let mut kept = Vec::with_capacity(calls.len());
    for (name, call) in calls {
        let level = protection_level();
        let guard = protect();
        kept.push(boxed(1)); // the violation, pending until a safe point
        let payload = catch_in_region(call).unwrap_or_else(|| panic!("`{name}` raised nothing"));
        let message = payload_str(&*payload).unwrap_or_default();
        let raised = message.starts_with("qadapt: allocation of 8 bytes (align 8)");
        stash(payload);
        // Raised once: the region stays open and exits quietly.
        assert_eq!(protection_level(), level + 1, "`{name}` closed the region");
        drop(guard);
        assert!(raised, "`{name}` raised something else");
        assert_eq!(protection_level(), level);
    }
    assert_eq!(current_checks(), UNCHECKED);
}

// ---- a violation panic and the manual regions it unwinds past ----

/// QADAPT 1.0's `vec_push`: the violation is raised at a safe point inside `enter_protected()`
/// regions whose `exit_protected()` the panic skips. They close first, so nothing is left open.
#[test]
fn a_violation_panic_closes_the_manual_regions_it_unwinds_past() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        enter_protected();
        enter_protected();
        kept = Some(boxed(1));
        protection_level() // the safe point that raises
    });
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes (align 8)"),
        "{message}"
    );
    assert_eq!(protection_level(), 0, "both manual regions are closed");
    assert_eq!(current_checks(), UNCHECKED);
}

/// The exits a violation panic made unmatched are absorbed, as many as it closed; one more is
/// unmatched, as it always was.
#[test]
fn exits_of_manual_regions_closed_by_a_violation_panic_are_absorbed_then_unmatched_again() {
    let mut kept = None;
    let _ = qadapt_panic(|| {
        enter_protected();
        enter_protected();
        kept = Some(boxed(1));
        exit_protected(); // the inner one: closes, raises, and closes the outer one
        exit_protected(); // skipped by the panic
    });
    assert_eq!(protection_level(), 0);
    exit_protected(); // absorbed: the outer region's, which the panic closed
    let message = panic_message(exit_protected);
    assert_eq!(
        message,
        "qadapt: exit_protected() without a matching enter_protected() on this thread"
    );
    // A region opened later is matched first, the absorbed exits do not disturb it.
    let _ = qadapt_panic(|| {
        enter_protected();
        kept = Some(boxed(2));
        protection_level()
    });
    enter_protected();
    assert_eq!(protection_level(), 1);
    exit_protected();
    assert_eq!(protection_level(), 0);
    exit_protected(); // absorbed
    assert_eq!(current_checks(), UNCHECKED);
}

/// Manual regions inside a guard region close when the panic starts; the guard's region stays
/// open until its guard drops.
#[test]
fn manual_regions_inside_a_guard_close_and_leave_the_guard_to_close_itself() {
    let mut kept = None;
    let outer = protect();
    let payload = catch_in_region(|| {
        enter_protected();
        kept = Some(boxed(1));
        protection_level()
    })
    .expect("the violation is raised");
    assert!(payload_str(&*payload).is_some_and(|m| m.starts_with("qadapt: allocation of 8 bytes")));
    stash(payload);
    assert_eq!(protection_level(), 1, "the guard's region is still open");
    drop(outer); // closes quietly: nothing pending, nothing out of order
    assert_eq!(protection_level(), 0);
    exit_protected(); // absorbed
    assert_eq!(current_checks(), UNCHECKED);
}

/// A guard region inside a manual region: the guard is dropped by the unwinding, and the manual
/// region it uncovers closes then.
#[test]
fn a_manual_region_under_a_guard_closes_when_the_panic_unwinds_through_the_guard() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        enter_protected();
        let _guard = protect();
        enter_protected();
        kept = Some(boxed(1));
        protection_level()
    });
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes"),
        "{message}"
    );
    assert_eq!(protection_level(), 0, "every region is closed");
    assert_eq!(current_checks(), UNCHECKED);
    exit_protected();
    exit_protected();
    assert!(panic_message(exit_protected).contains("without a matching enter_protected()"));
}

/// Caught inside the guard, the panic unwound past nothing but the guard's own scope: the manual
/// region under the guard stays open, and its `exit_protected()` closes it.
#[test]
fn a_violation_panic_caught_inside_a_guard_leaves_the_manual_region_under_it_open() {
    let mut kept = None;
    let spare = boxed(2);
    enter_protected();
    {
        let _guard = protect();
        let payload = catch_in_region(|| {
            kept = Some(boxed(1));
            protection_level()
        })
        .expect("the violation is raised");
        stash(payload);
        assert_eq!(protection_level(), 2);
    }
    assert_eq!(protection_level(), 1, "the manual region is still open");
    drop(spare); // still protected: a violation, raised by the exit
    let message = qadapt_panic(exit_protected);
    assert!(
        message.starts_with("qadapt: deallocation of 8 bytes"),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
    assert!(panic_message(exit_protected).contains("without a matching enter_protected()"));
    assert_eq!(current_checks(), UNCHECKED);
}

/// Only qadapt's violation panics close manual regions: a user's panic leaves them to the
/// user (a thread that ends so, with a violation pending, aborts: see `thread_exit.rs`).
#[test]
fn a_users_panic_leaves_manual_regions_open() {
    let payload = catch_in_region(|| {
        enter_protected();
        panic!("user boom");
    })
    .expect("the user's panic");
    assert_eq!(payload_str(&*payload), Some("user boom"));
    assert_eq!(protection_level(), 1);
    exit_protected();
    drop(payload);
    assert_eq!(protection_level(), 0);
}
