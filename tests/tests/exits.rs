//! Every way out of every region form (`return`, `?`, `break`, `continue`, a panic) leaves the
//! thread exactly as it was: same `protection_level()`, same checks, checked by allocating
//! afterwards. Each case runs at top level and inside protecting / allowing / forbidding regions.
#![cfg(any(debug_assertions, feature = "always"))]
// The region macros bind the body's value, then close the region: with a diverging body
// (`break`, `return`, `panic!`) rustc flags those generated statements as unreachable, at the
// caller's span.
#![allow(unreachable_code)]
// Loops that always break and bodies that always panic are the point of these tests.
#![allow(clippy::never_loop, clippy::diverging_sub_expression)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use std::hint::black_box;

use common::{Checks, boxed, catch_in_region, current_checks, payload_str, stash};
use qadapt::{
    allow_alloc, allow_dealloc, assert_allocs, assert_no_alloc, count_allocs, forbid_alloc,
    protect, protection_level,
};

/// The thread's mode, observed: protection level and which calls are violations.
fn mode() -> (usize, Checks) {
    (protection_level(), current_checks())
}

/// Runs `case` at top level, inside `protect()`, inside `allow_alloc` inside `protect()`, inside
/// `allow_dealloc` inside `protect()` and inside `forbid_alloc`, and checks each time that the
/// mode after it is the mode before it.
fn in_every_context(case: impl Fn()) {
    let check = |context: &str| {
        let before = mode();
        case();
        let after = mode();
        assert!(before == after, "{context}: {before:?} became {after:?}");
    };
    check("top level");
    {
        let _g = protect();
        check("inside protect()");
        allow_alloc(|| check("inside allow_alloc inside protect()"));
        allow_dealloc(|| check("inside allow_dealloc inside protect()"));
    }
    forbid_alloc(|| check("inside forbid_alloc"));
    assert_eq!(mode(), (0, common::UNCHECKED));
}

/// Runs `f`, which must panic with the user's own message, and parks the payload.
fn expect_user_panic<R>(expected: &str, f: impl FnOnce() -> R) {
    let payload = catch_in_region(f).expect("the closure panics");
    assert!(
        payload_str(&*payload) == Some(expected),
        "the user's panic must come out unchanged"
    );
    stash(payload);
}

#[derive(Debug, PartialEq)]
struct Tiny(u8);

// ---- early return ----

fn return_from_guard(early: bool) -> u32 {
    let _g = protect();
    if black_box(early) {
        return 1;
    }
    2
}

fn return_from_assert_no_alloc(early: bool) -> u32 {
    assert_no_alloc!({
        if black_box(early) {
            return 1;
        }
        2
    })
}

fn return_from_forbid_macro(early: bool) -> u32 {
    qadapt::forbid_alloc!({
        if black_box(early) {
            return 1;
        }
        2
    })
}

fn return_from_allow_macro(early: bool) -> u32 {
    qadapt::allow_alloc!({
        if black_box(early) {
            return 1;
        }
        2
    })
}

fn return_from_budget(early: bool) -> u32 {
    assert_allocs!(max = 0, {
        if black_box(early) {
            return 1;
        }
        2
    })
}

#[test]
fn early_return_from_every_region_macro_restores_the_mode() {
    in_every_context(|| {
        for early in [true, false] {
            let expected = if early { 1 } else { 2 };
            assert_eq!(return_from_guard(early), expected);
            assert_eq!(return_from_assert_no_alloc(early), expected);
            assert_eq!(return_from_forbid_macro(early), expected);
            assert_eq!(return_from_allow_macro(early), expected);
            assert_eq!(return_from_budget(early), expected);
        }
    });
}

// ---- `?` ----

fn question_mark_through_assert_no_alloc(r: Result<u32, Tiny>) -> Result<u32, Tiny> {
    let v = assert_no_alloc!({ r? + 1 });
    Ok(v)
}

fn question_mark_through_guard(r: Result<u32, Tiny>) -> Result<u32, Tiny> {
    let _g = protect();
    let v = r?;
    Ok(v + 1)
}

fn question_mark_through_forbid_and_allow(r: Result<u32, Tiny>) -> Result<u32, Tiny> {
    let v = qadapt::forbid_alloc!({ qadapt::allow_alloc!({ r? }) });
    Ok(v + 1)
}

fn question_mark_through_budget(r: Option<u32>) -> Option<u32> {
    let v = assert_allocs!(max = 1, { r? });
    Some(v + 1)
}

#[test]
fn question_mark_out_of_every_region_macro_restores_the_mode() {
    in_every_context(|| {
        assert_eq!(
            question_mark_through_assert_no_alloc(Err(Tiny(1))),
            Err(Tiny(1))
        );
        assert_eq!(question_mark_through_assert_no_alloc(Ok(1)), Ok(2));
        assert_eq!(question_mark_through_guard(Err(Tiny(2))), Err(Tiny(2)));
        assert_eq!(question_mark_through_guard(Ok(2)), Ok(3));
        assert_eq!(
            question_mark_through_forbid_and_allow(Err(Tiny(3))),
            Err(Tiny(3))
        );
        assert_eq!(question_mark_through_forbid_and_allow(Ok(3)), Ok(4));
        assert_eq!(question_mark_through_budget(None), None);
        assert_eq!(question_mark_through_budget(Some(4)), Some(5));
    });
}

// ---- break / continue ----

#[test]
fn break_out_of_every_region_macro_restores_the_mode() {
    in_every_context(|| {
        let mut n = 0;
        loop {
            assert_no_alloc!({
                n += 1;
                if n == 3 {
                    break;
                }
            });
        }
        assert_eq!(n, 3);
        loop {
            let _g = protect();
            break;
        }
        loop {
            qadapt::forbid_alloc!({ break });
        }
        loop {
            qadapt::allow_alloc!({ break });
        }
        loop {
            assert_allocs!(max = 2, { break });
        }
        let value = 'block: {
            assert_no_alloc!({
                qadapt::allow_alloc!({
                    if black_box(true) {
                        break 'block 5;
                    }
                });
            });
            6
        };
        assert_eq!(value, 5);
    });
}

#[test]
fn labeled_break_out_of_nested_regions_restores_the_mode() {
    in_every_context(|| {
        let mut rounds = 0;
        'outer: for i in 0..10 {
            qadapt::forbid_alloc!({
                let _g = protect();
                qadapt::allow_alloc!({
                    for j in 0..10 {
                        rounds += 1;
                        if i == 2 && j == 1 {
                            break 'outer;
                        }
                    }
                });
            });
        }
        assert_eq!(rounds, 22);
    });
}

#[test]
fn continue_out_of_every_region_macro_restores_the_mode() {
    in_every_context(|| {
        let mut seen = 0;
        for i in 0..4 {
            assert_no_alloc!({
                if i % 2 == 0 {
                    continue;
                }
                seen += 1;
            });
            qadapt::allow_alloc!({
                if i == 1 {
                    continue;
                }
            });
            assert_allocs!(max = 0, {
                if i == 3 {
                    continue;
                }
            });
        }
        assert_eq!(seen, 2);
    });
}

// ---- panics ----

#[test]
fn user_panic_through_every_region_form_comes_out_unchanged_and_restores_the_mode() {
    in_every_context(|| {
        expect_user_panic("in a guard", || {
            let _g = protect();
            panic!("in a guard");
        });
        expect_user_panic("in assert_no_alloc!", || {
            assert_no_alloc!({ panic!("in assert_no_alloc!") })
        });
        expect_user_panic("in forbid_alloc", || {
            forbid_alloc(|| panic!("in forbid_alloc"))
        });
        expect_user_panic("in forbid_alloc!", || {
            qadapt::forbid_alloc!({ panic!("in forbid_alloc!") })
        });
        expect_user_panic("in allow_alloc", || {
            allow_alloc(|| panic!("in allow_alloc"))
        });
        expect_user_panic("in allow_alloc!", || {
            qadapt::allow_alloc!({ panic!("in allow_alloc!") })
        });
        expect_user_panic("in allow_dealloc", || {
            allow_dealloc(|| panic!("in allow_dealloc"))
        });
        expect_user_panic("in assert_allocs!", || {
            assert_allocs!(max = 0, { panic!("in assert_allocs!") })
        });
        expect_user_panic("in count_allocs", || {
            count_allocs(|| panic!("in count_allocs"))
        });
    });
}

#[test]
fn user_panic_with_formatted_message_comes_out_as_the_users_string() {
    in_every_context(|| {
        expect_user_panic("value 7 is wrong", || {
            assert_no_alloc!({ panic!("value {} is wrong", black_box(7)) })
        });
    });
}

#[test]
fn user_assert_inside_a_region_comes_out_as_the_users_assertion() {
    in_every_context(|| {
        let payload = catch_in_region(|| {
            assert_no_alloc!({
                assert!(black_box(1) == 2, "one is not two");
            })
        })
        .expect("the assertion fails");
        assert_eq!(payload_str(&*payload), Some("one is not two"));
        stash(payload);
        let payload = catch_in_region(|| {
            let _g = protect();
            assert_eq!(black_box(1), 2);
        })
        .expect("the assertion fails");
        assert!(
            payload_str(&*payload)
                .is_some_and(|m| m.starts_with("assertion `left == right` failed")),
            "assert_eq!'s own message"
        );
        stash(payload);
    });
}

#[test]
fn panic_through_nested_regions_unwinds_every_level() {
    in_every_context(|| {
        let level = protection_level();
        expect_user_panic("deep", || {
            let _a = protect();
            forbid_alloc(|| {
                assert_no_alloc!({
                    allow_alloc(|| {
                        assert_eq!(protection_level(), level + 3);
                        panic!("deep")
                    })
                })
            })
        });
    });
}

#[test]
fn user_panic_wins_over_a_pending_violation_without_a_double_panic() {
    let before = qadapt::violation_count();
    expect_user_panic("user first", || {
        let _g = protect();
        let _b = boxed(1); // a violation, pending when the user panics
        panic!("user first");
    });
    assert_eq!(qadapt::violation_count(), before + 1);
    // The pending violation was written out (not raised) during the unwinding: nothing is left
    // to report at the next safe point, and the mode is back to unchecked.
    assert_eq!(mode(), (0, common::UNCHECKED));
    assert_no_alloc!({});
}

#[test]
fn user_panic_in_assert_no_alloc_with_a_pending_violation_is_the_users() {
    in_every_context(|| {
        expect_user_panic("mine", || {
            assert_no_alloc!({
                let _b = boxed(2);
                panic!("mine")
            })
        });
    });
}

#[test]
fn count_allocs_after_a_panicking_count_allocs_is_exact() {
    expect_user_panic("counting", || count_allocs(|| panic!("counting")));
    let (_, stats) = count_allocs(|| drop(boxed(1)));
    assert_eq!(stats.allocations, 1);
    assert_eq!(stats.deallocations, 1);
    assert_eq!(stats.bytes_allocated, 8);
}

#[test]
fn budget_after_a_panicking_budget_region_is_fresh() {
    expect_user_panic("over", || {
        assert_allocs!(max = 1, {
            let _a = boxed(1);
            panic!("over")
        })
    });
    // A new budget of 1 accepts one allocation: nothing of the old region's count remains.
    let b = assert_allocs!(max = 1, { boxed(2) });
    assert_eq!(*b, 2);
    // And with no budget open, allocations are free again.
    drop(boxed(3));
    assert_eq!(mode(), (0, common::UNCHECKED));
}

// ---- the region's value when its exit panics ----

thread_local! {
    static DROPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts its drops; allocation-free.
struct Tracked;

impl Drop for Tracked {
    fn drop(&mut self) {
        DROPS.with(|d| d.set(d.get() + 1));
    }
}

fn drops() -> usize {
    DROPS.with(std::cell::Cell::get)
}

/// Runs a region form whose body makes a violation (kept outside) and yields a `Tracked`; the
/// region exit panics, and the `Tracked` value must be dropped by the unwinding, not leaked.
fn value_is_dropped_when_the_exit_panics(form: impl FnOnce(&mut Option<Box<u64>>) -> Tracked) {
    let mut kept = None;
    let before = drops();
    let payload = catch_in_region(|| form(&mut kept)).expect("the region exit panics");
    assert!(
        payload_str(&*payload).is_some_and(|m| m.starts_with("qadapt: ")),
        "a qadapt report"
    );
    assert!(kept.is_some());
    assert_eq!(drops(), before + 1, "the region's value was leaked");
}

#[test]
fn the_value_of_a_region_macro_is_dropped_when_its_exit_panics() {
    value_is_dropped_when_the_exit_panics(|kept| {
        assert_no_alloc!({
            *kept = Some(boxed(1));
            Tracked
        })
    });
    value_is_dropped_when_the_exit_panics(|kept| {
        qadapt::forbid_alloc!({
            *kept = Some(boxed(1));
            Tracked
        })
    });
    value_is_dropped_when_the_exit_panics(|kept| {
        assert_allocs!(max = 0, {
            *kept = Some(boxed(1));
            Tracked
        })
    });
    value_is_dropped_when_the_exit_panics(|kept| {
        qadapt::forbid_alloc!({
            qadapt::allow_alloc!({
                *kept = Some(boxed(1));
                Tracked
            })
        })
    });
}

#[test]
fn the_value_of_forbid_alloc_is_dropped_when_its_exit_panics() {
    value_is_dropped_when_the_exit_panics(|kept| {
        forbid_alloc(|| {
            *kept = Some(boxed(1));
            Tracked
        })
    });
}

#[test]
fn the_value_of_allow_alloc_is_dropped_when_its_exit_panics() {
    // Inside forbid_alloc, allow_alloc lifts nothing: its own exit is the safe point that panics.
    value_is_dropped_when_the_exit_panics(|kept| {
        forbid_alloc(|| {
            allow_alloc(|| {
                *kept = Some(boxed(1));
                Tracked
            })
        })
    });
}

#[test]
fn the_value_of_allow_dealloc_is_dropped_when_its_exit_panics() {
    // allow_dealloc's own exit is the safe point that reports the allocation.
    value_is_dropped_when_the_exit_panics(|kept| {
        let _guard = protect();
        allow_dealloc(|| {
            *kept = Some(boxed(1));
            Tracked
        })
    });
}
