//! How regions nest: `allow_alloc` lifts `protect`, `forbid_alloc` cannot be lifted, `protect`
//! inside `allow_alloc` re-arms, `allow_dealloc` lifts frees only, and every exit restores
//! exactly the mode that was in force before the region opened.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::{CHECKED, DEALLOC_ONLY_ALLOWED, UNCHECKED, boxed, current_checks, qadapt_panic};
use qadapt::{
    allow_alloc, allow_dealloc, assert_no_alloc, forbid_alloc, protect, protection_level,
};

#[test]
fn the_probe_sees_unchecked_outside_and_checked_inside_a_region() {
    assert_eq!(current_checks(), UNCHECKED);
    let _guard = protect();
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn protect_inside_protect_counts_levels_and_restores_the_outer_region() {
    let _outer = protect();
    assert_eq!(protection_level(), 1);
    {
        let _inner = protect();
        assert_eq!(protection_level(), 2);
        assert_eq!(current_checks(), CHECKED);
    }
    assert_eq!(protection_level(), 1);
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn allow_alloc_inside_protect_accepts_allocations_and_frees() {
    let _guard = protect();
    let value = allow_alloc(|| {
        assert_eq!(current_checks(), UNCHECKED);
        let v: Vec<u64> = (0..100).collect();
        v.iter().sum::<u64>()
    });
    assert_eq!(value, 4950);
    assert_eq!(
        protection_level(),
        1,
        "allow_alloc is not a protecting region"
    );
    assert_eq!(
        current_checks(),
        CHECKED,
        "protection is back after allow_alloc"
    );
}

#[test]
fn allow_alloc_macro_inside_protect_accepts_allocations() {
    let _guard = protect();
    let b = qadapt::allow_alloc!({ boxed(3) });
    qadapt::allow_alloc! { drop(b) };
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn allow_alloc_outside_any_region_just_runs_the_closure() {
    assert_eq!(allow_alloc(|| boxed(5).as_ref() + 1), 6);
    assert_eq!(current_checks(), UNCHECKED);
}

#[test]
fn protect_inside_allow_alloc_rearms_the_checks() {
    let _outer = protect();
    allow_alloc(|| {
        assert_eq!(current_checks(), UNCHECKED);
        {
            let _inner = protect();
            assert_eq!(protection_level(), 2);
            assert_eq!(current_checks(), CHECKED);
        }
        assert_eq!(current_checks(), UNCHECKED, "back to allowed");
    });
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn assert_no_alloc_inside_allow_alloc_reports_its_own_allocation() {
    let _outer = protect();
    allow_alloc(|| {
        let message = qadapt_panic(|| assert_no_alloc!({ boxed(1) }));
        assert!(message.contains("inside no-alloc region"), "{message}");
        assert_eq!(current_checks(), UNCHECKED);
    });
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn allow_alloc_inside_forbid_alloc_lifts_nothing() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        forbid_alloc(|| {
            allow_alloc(|| {
                assert_eq!(protection_level(), 1);
                kept = Some(boxed(1));
            })
        })
    });
    assert!(kept.is_some());
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes (align 8) inside forbid-alloc region"),
        "{message}"
    );
    assert_eq!(protection_level(), 0);
    assert_eq!(current_checks(), UNCHECKED);
}

#[test]
fn allow_alloc_macro_inside_forbid_alloc_macro_lifts_nothing() {
    let message = qadapt_panic(|| qadapt::forbid_alloc!({ qadapt::allow_alloc!({ boxed(1) }) }));
    assert!(message.contains("inside forbid-alloc region"), "{message}");
}

#[test]
fn forbid_alloc_checks_like_protect_and_evaluates_to_the_closure_value() {
    let b = boxed(41);
    let value = forbid_alloc(|| {
        assert_eq!(protection_level(), 1);
        assert_eq!(current_checks(), CHECKED);
        *b + 1
    });
    assert_eq!(value, 42);
    let value = qadapt::forbid_alloc!({ *b + 2 });
    assert_eq!(value, 43);
}

#[test]
fn protect_inside_forbid_alloc_keeps_the_lock() {
    forbid_alloc(|| {
        let _inner = protect();
        allow_alloc(|| assert_eq!(current_checks(), CHECKED));
        allow_dealloc(|| assert_eq!(current_checks(), CHECKED));
    });
}

#[test]
fn forbid_alloc_inside_allow_alloc_inside_protect_forbids() {
    let _outer = protect();
    allow_alloc(|| {
        forbid_alloc(|| {
            allow_alloc(|| assert_eq!(current_checks(), CHECKED));
        });
        assert_eq!(
            current_checks(),
            UNCHECKED,
            "the lock ends with forbid_alloc"
        );
    });
}

#[test]
fn allow_dealloc_accepts_frees_but_not_allocations() {
    let b = boxed(1);
    let _guard = protect();
    allow_dealloc(|| {
        assert_eq!(current_checks(), DEALLOC_ONLY_ALLOWED);
        drop(b);
    });
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn allow_dealloc_still_reports_an_allocation() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        let _guard = protect();
        allow_dealloc(|| kept = Some(boxed(1)));
    });
    assert!(kept.is_some());
    assert!(
        message.starts_with("qadapt: allocation of 8 bytes"),
        "{message}"
    );
}

#[test]
fn allow_dealloc_inside_forbid_alloc_lifts_nothing() {
    let b = boxed(1);
    let message = qadapt_panic(|| forbid_alloc(|| allow_dealloc(|| drop(b))));
    assert!(
        message.starts_with("qadapt: deallocation of 8 bytes (align 8) inside forbid-alloc region"),
        "{message}"
    );
}

#[test]
fn allow_dealloc_outside_any_region_changes_nothing() {
    let value = allow_dealloc(|| {
        assert_eq!(current_checks(), UNCHECKED);
        7
    });
    assert_eq!(value, 7);
}

#[test]
fn allow_alloc_inside_allow_dealloc_allows_everything_and_restores_dealloc_only() {
    let _guard = protect();
    allow_dealloc(|| {
        allow_alloc(|| assert_eq!(current_checks(), UNCHECKED));
        assert_eq!(current_checks(), DEALLOC_ONLY_ALLOWED);
    });
}

#[test]
fn deep_nesting_restores_every_level_in_turn() {
    assert_eq!(current_checks(), UNCHECKED);
    let _a = protect();
    assert_eq!(current_checks(), CHECKED);
    allow_alloc(|| {
        assert_eq!(current_checks(), UNCHECKED);
        let _b = protect();
        allow_dealloc(|| {
            assert_eq!(current_checks(), DEALLOC_ONLY_ALLOWED);
            forbid_alloc(|| {
                allow_alloc(|| assert_eq!(current_checks(), CHECKED));
                assert_eq!(protection_level(), 3);
            });
            assert_eq!(current_checks(), DEALLOC_ONLY_ALLOWED);
            allow_alloc(|| assert_eq!(current_checks(), UNCHECKED));
        });
        assert_eq!(current_checks(), CHECKED);
        assert_eq!(protection_level(), 2);
    });
    assert_eq!(protection_level(), 1);
    assert_eq!(current_checks(), CHECKED);
}

#[test]
fn the_innermost_protecting_region_is_the_one_named() {
    let message = qadapt_panic(|| {
        let _outer = qadapt::forbid_alloc!({
            // The inner region's exit reports; it is a no-alloc region inside the forbid one.
            assert_no_alloc!({ boxed(1) })
        });
    });
    assert!(message.contains("inside no-alloc region"), "{message}");
}
