//! What the region-exit panic says: a `String` starting with `qadapt:`, naming the kind, the
//! sizes, the region (where it was entered, `file:line:col`), the thread, and how many more
//! violations followed the first.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use common::{RawBlock, boxed, location_in, marked_location, qadapt_panic};
use qadapt::{Policy, ViolationKind, assert_no_alloc, protect};

const SOURCE: &str = include_str!("messages.rs");

/// `file:line:col` of `needle` on `line` of this file.
fn here(line: u32, needle: &str) -> String {
    location_in(SOURCE, file!(), line, needle)
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap()
}

/// The current thread as messages name it.
fn this_thread() -> String {
    let thread = std::thread::current();
    match thread.name() {
        Some(name) => format!("on thread `{name}`"),
        None => format!("on thread {:?}", thread.id()),
    }
}

#[test]
fn allocation_message_names_kind_size_align_region_location_and_thread() {
    let mut kept = None;
    let line = line!() + 2;
    let message = qadapt_panic(|| {
        let _guard = protect();
        kept = Some(boxed(1));
    });
    assert!(kept.is_some());
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) {}",
        here(line, "protect()"),
        this_thread()
    );
    assert_eq!(first_line(&message), expected);
}

#[test]
fn reallocation_message_names_old_and_new_sizes() {
    let mut block = RawBlock::new(4, 4);
    let line = line!() + 1;
    let message = qadapt_panic(|| assert_no_alloc!(block.resize(16)));
    let expected = format!(
        "qadapt: reallocation of 4 -> 16 bytes (align 4) inside no-alloc region ({}) {}",
        here(line, "assert_no_alloc!"),
        this_thread()
    );
    assert_eq!(first_line(&message), expected);
}

#[test]
fn deallocation_message_names_the_size_freed() {
    let block = RawBlock::new(48, 16);
    let line = line!() + 1;
    let message = qadapt_panic(|| assert_no_alloc!(drop(block)));
    let expected = format!(
        "qadapt: deallocation of 48 bytes (align 16) inside no-alloc region ({}) {}",
        here(line, "assert_no_alloc!"),
        this_thread()
    );
    assert_eq!(first_line(&message), expected);
}

#[test]
fn enter_protected_region_is_located_where_it_was_entered() {
    let line = line!() + 2;
    let message = qadapt_panic(|| {
        qadapt::enter_protected();
        let b = boxed(1);
        qadapt::exit_protected();
        b
    });
    assert!(
        first_line(&message).contains(&format!("({})", here(line, "qadapt::enter_protected()"))),
        "{message}"
    );
}

#[test]
fn forbid_alloc_region_is_named_and_located() {
    let mut kept = None;
    let message = qadapt_panic(|| {
        let allocate = || kept = Some(boxed(1));
        qadapt::forbid_alloc(|| qadapt::allow_alloc(allocate)) // forbid-fn-region
    });
    assert!(kept.is_some());
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside forbid-alloc region ({}) {}",
        marked_location(SOURCE, file!(), "forbid-fn-region", "qadapt::forbid_alloc("),
        this_thread()
    );
    assert_eq!(first_line(&message), expected);

    let line = line!() + 1;
    let message = qadapt_panic(|| qadapt::forbid_alloc!({ boxed(1) }));
    assert!(
        first_line(&message).contains(&format!(
            "inside forbid-alloc region ({})",
            here(line, "qadapt::forbid_alloc!")
        )),
        "{message}"
    );
}

#[test]
fn the_innermost_protecting_region_is_the_one_located() {
    let mut kept = None;
    let inner_line = line!() + 3;
    let message = qadapt_panic(|| {
        let _outer = protect();
        let _inner = protect();
        kept = Some(boxed(1));
    });
    assert!(kept.is_some());
    assert!(
        first_line(&message).contains(&format!("({})", here(inner_line, "protect()"))),
        "{message}"
    );
}

#[test]
fn the_thread_is_named_by_its_name() {
    let line = line!() + 6;
    let message = std::thread::Builder::new()
        .name("qadapt-worker-7".into())
        .spawn(move || {
            let mut kept = None;
            let message = qadapt_panic(|| {
                let _guard = protect();
                kept = Some(boxed(1));
            });
            assert!(kept.is_some());
            message
        })
        .unwrap()
        .join()
        .unwrap();
    let expected = format!(
        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}) on thread `qadapt-worker-7`",
        here(line, "protect()")
    );
    assert_eq!(first_line(&message), expected);
}

#[test]
fn an_unnamed_thread_is_named_by_its_id() {
    let (message, id) = std::thread::Builder::new()
        .spawn(|| {
            let message = qadapt_panic(|| assert_no_alloc!(boxed(1)));
            (message, std::thread::current().id())
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(
        first_line(&message).ends_with(&format!(" on thread {id:?}")),
        "{message}"
    );
}

#[test]
fn one_more_violation_is_counted_in_the_singular() {
    let message = qadapt_panic(|| assert_no_alloc!((boxed(1), boxed(2))));
    assert!(
        first_line(&message).ends_with("; 1 more violation"),
        "{message}"
    );
}

#[test]
fn further_violations_are_counted_in_the_plural() {
    let message = qadapt_panic(|| assert_no_alloc!((boxed(1), boxed(2), boxed(3), boxed(4))));
    assert!(
        first_line(&message).ends_with("; 3 more violations"),
        "{message}"
    );
}

#[test]
fn a_single_violation_has_no_count() {
    let message = qadapt_panic(|| assert_no_alloc!(boxed(1)));
    assert!(!message.contains("more violation"), "{message}");
}

#[test]
fn the_message_ends_with_the_site_or_the_hint_to_get_it() {
    // Whether backtraces are on depends on this process's environment (the child-process tests
    // pin it down both ways); either way the second part is one of the two.
    let message = qadapt_panic(|| assert_no_alloc!(boxed(1)));
    let hint = "\n   (set RUST_BACKTRACE=1 to see where the first violation was made)";
    let site = "\n   first violation at:\n";
    assert!(
        message.ends_with(hint) != message.contains(site),
        "{message}"
    );
}

#[test]
fn violation_kind_words() {
    assert_eq!(ViolationKind::Allocation.as_str(), "allocation");
    assert_eq!(ViolationKind::Reallocation.as_str(), "reallocation");
    assert_eq!(ViolationKind::Deallocation.as_str(), "deallocation");
    assert_eq!(ViolationKind::Reallocation.to_string(), "reallocation");
    assert_eq!(format!("{:?}", ViolationKind::Deallocation), "Deallocation");
}

#[test]
fn policy_names_parse_ignoring_case_and_blanks() {
    assert_eq!(Policy::from_name("panic"), Some(Policy::Panic));
    assert_eq!(Policy::from_name("ABORT"), Some(Policy::Abort));
    assert_eq!(Policy::from_name("  Log\n"), Some(Policy::Log));
    assert_eq!(Policy::from_name("report"), Some(Policy::Report));
    assert_eq!(Policy::from_name("loud"), None);
    assert_eq!(Policy::from_name(""), None);
}

#[test]
fn the_default_policy_is_panic() {
    // Unless the environment chose another one (the child-process tests cover that).
    if std::env::var_os("QADAPT_POLICY").is_none() {
        assert_eq!(qadapt::policy(), Policy::Panic);
    }
}
