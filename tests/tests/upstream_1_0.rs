//! QADAPT 1.0's own test suite (`tests/allocations.rs`, `assert_macro.rs`, `proc_macro.rs`,
//! `async.rs` of bspeice/qadapt 1.0.4), run against qadapt 2.0 in one binary with the default
//! libtest harness: every test must report, and the binary must run to the end.
//!
//! The bodies are 1.0's. What changed, and why:
//! * `#[should_panic]` names the panic qadapt 2.0 raises (1.0 gave no expected text).
//! * 1.0's violations panicked inside the allocator; 2.0's are raised at the next safe point
//!   (a region's exit or any qadapt call). `vec_push` and `vec_with_one` raise at
//!   `protection_level()`, with `enter_protected()` still open: the panic closes it (see
//!   `qadapt::enter_protected`), so libtest's own allocations afterwards are not violations.
//! * `intentional_drop` frees inside a region that it never exits and calls nothing of qadapt's
//!   after: no safe point comes, so 2.0 reports it when the thread ends, by aborting with the
//!   message. It runs in a child process, which must abort so.
//! * `early_return_boxing` documented 1.0's flaw: `return` inside `assert_no_alloc!` left the
//!   thread protected, and a later `Box::new` panicked. 2.0's region closes on `return`, so the
//!   test asserts that the `Box::new` after it is fine.
//! * `async.rs` used futures 0.1; its three tests are written with std's `Future`.
//! * 1.0's `inactive.rs` (no `#[global_allocator]`) is `no_allocator.rs` here.
#![cfg(any(debug_assertions, feature = "always"))]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

mod common;

use qadapt::{assert_no_alloc, enter_protected, exit_protected, no_alloc, protection_level};

// ---- allocations.rs ----

#[test]
fn test_copy() {
    enter_protected();
    let v = 0u8;
    let _v2 = v;
    exit_protected();
}

#[test]
#[should_panic(expected = "qadapt: allocation of 4 bytes (align 4)")]
fn test_allocate() {
    enter_protected();
    let _x = Box::new(12);
    exit_protected();
}

fn return_unit_result(b: bool) -> Result<(), ()> {
    if b { Ok(()) } else { Err(()) }
}

#[test]
fn unit_result() {
    enter_protected();
    return_unit_result(true).unwrap();
    return_unit_result(false).unwrap_err();
    exit_protected();
}

#[test]
#[should_panic(expected = "qadapt: allocation of 16 bytes (align 4)")]
fn vec_push() {
    let mut v = Vec::new();
    enter_protected();
    v.push(0);
    // We don't make it here in debug mode, but in release mode,
    // pushing one element doesn't trigger an allocation. Instead,
    // we use a box to force it onto the heap
    assert_eq!(protection_level(), 1);
    let _b = Box::new(v);
}

#[test]
fn vec_push_capacity() {
    let mut v = Vec::with_capacity(1);
    enter_protected();
    v.push(0);
    v.pop();
    v.push(0);
    exit_protected();
}

#[test]
fn vec_with_zero() {
    enter_protected();
    let _v: Vec<u8> = Vec::with_capacity(0);
    exit_protected();
}

#[test]
fn vec_new() {
    enter_protected();
    let _v: Vec<u8> = Vec::new();
    exit_protected();
}

#[test]
#[should_panic(expected = "qadapt: allocation of 1 byte (align 1)")]
fn vec_with_one() {
    enter_protected();
    let v: Vec<u8> = Vec::with_capacity(1);
    // We don't make it here in debug mode, but in release mode,
    // pushing one element doesn't trigger an allocation. Instead,
    // we use a box to force it onto the heap
    assert_eq!(protection_level(), 1);
    let _b = Box::new(v);
}

#[test]
#[should_panic(expected = "qadapt: exit_protected() without a matching enter_protected()")]
fn exit_too_often() {
    enter_protected();
    exit_protected();
    exit_protected();
}

/// 1.0's body, run in a child: the deallocation is reported when the thread ends.
#[cfg(not(miri))]
#[test]
fn intentional_drop() {
    use common::child;
    const NAME: &str = "intentional_drop";
    if child::is(NAME) {
        let v: Vec<()> = Vec::new();
        let v = Box::new(v);
        enter_protected();
        drop(v);
        return;
    }
    let run = child::run(NAME, &[]);
    assert!(run.aborted(), "{}", run.dump());
    assert!(
        run.qadapt_lines().iter().any(|line| line
            .starts_with("qadapt: deallocation of 24 bytes (align 8) inside no-alloc region")
            && line.ends_with(
                "the thread exited before its region did, so it is reported here; aborting"
            )),
        "{}",
        run.dump()
    );
}

// ---- assert_macro.rs ----

#[test]
fn math() {
    let x = assert_no_alloc!(2 + 2);
    assert_eq!(x, 4);
}

// 1.0: "Because the `exit_protected` guard is never run, the compiler warns us of unreachable
// code". 2.0's guard runs on `return`.
#[allow(unreachable_code)]
fn early_return() -> usize {
    assert_no_alloc!(return 8)
}

#[test]
fn early_return_boxing() {
    let boxed = Box::new(early_return());
    assert_eq!(*boxed, 8);
    assert_eq!(protection_level(), 0);
}

#[test]
#[should_panic(expected = "qadapt: reallocation of 4 -> 16 bytes (align 4)")]
fn list_push() {
    let mut x = Vec::with_capacity(1);
    x.push(1);
    assert_no_alloc!(x.push(12))
}

// ---- proc_macro.rs ----

#[no_alloc]
fn no_allocate() {
    let _v: Vec<()> = Vec::with_capacity(0);
}

#[test]
fn macro_no_allocate() {
    no_allocate();
}

// The body allocates on purpose: its compile-time finding (`Box::new`) is not this test's.
#[allow(deprecated)]
#[no_alloc]
fn allocates() {
    assert_eq!(::qadapt::protection_level(), 1);
    // Without boxing, release profile can actually optimize out the allocation
    let mut v = Box::new(Vec::new());
    v.push(1);
}

#[test]
#[should_panic(expected = "inside no-alloc region `upstream_1_0::allocates`")]
fn macro_allocates() {
    allocates();
}

#[no_alloc]
fn no_allocate_ret() -> bool {
    return true;
}

#[test]
fn macro_return() {
    assert!(no_allocate_ret());
}

#[no_alloc]
fn no_allocate_implicit_ret() -> bool {
    true
}

#[test]
fn macro_implicit_return() {
    assert!(no_allocate_implicit_ret());
}

#[no_alloc]
fn no_allocate_arg(b: bool) -> bool {
    b
}

#[test]
fn macro_allocate_arg() {
    no_allocate_arg(true);
    no_allocate_arg(false);
}

#[no_alloc]
fn no_allocate_args(_b: bool, _u: usize, i: i64) -> i64 {
    i
}

#[test]
fn macro_allocate_args() {
    no_allocate_args(true, 0, -1);
    no_allocate_args(false, 4, -90);
}

#[no_alloc]
fn return_result(r: Result<usize, std::io::Error>) -> Result<Result<usize, std::io::Error>, ()> {
    Ok(r)
}

#[test]
fn macro_return_result() {
    return_result(Ok(16)).unwrap().unwrap();
}

#[no_alloc]
#[allow(clippy::collapsible_else_if, clippy::needless_return)]
fn branching_return(a: bool, b: bool, c: bool) -> u8 {
    if a {
        if b {
            if c {
                return 1;
            } else {
                return 2;
            }
        } else {
            if c {
                return 3;
            } else {
                return 4;
            }
        }
    } else {
        if b {
            if c {
                return 5;
            } else {
                return 6;
            }
        } else {
            if c {
                return 7;
            } else {
                return 8;
            }
        }
    }
}

#[test]
fn macro_branching_return() {
    assert_eq!(1, branching_return(true, true, true));
    assert_eq!(2, branching_return(true, true, false));
    assert_eq!(3, branching_return(true, false, true));
    assert_eq!(4, branching_return(true, false, false));
    assert_eq!(5, branching_return(false, true, true));
    assert_eq!(6, branching_return(false, true, false));
    assert_eq!(7, branching_return(false, false, true));
    assert_eq!(8, branching_return(false, false, false));
}

fn run_closure(x: impl Fn(bool, bool) -> bool) -> bool {
    x(true, false)
}

#[no_alloc]
#[allow(clippy::needless_return)]
fn example_closure() {
    let c = run_closure(|a: bool, b| return a && b);
    assert!(!c);
    let x = || return true;
    assert!(x());
}

#[test]
fn macro_closure() {
    example_closure()
}

#[test]
#[no_alloc]
fn macro_release_safe() {
    assert_eq!(1, ::qadapt::protection_level());
}

// ---- async.rs (futures 0.1 there; std's `Future` here) ----

// The future allocates when polled, on purpose.
#[allow(deprecated)]
#[no_alloc]
fn async_box() -> impl std::future::Future<Output = Box<u8>> {
    async { Box::new(12) }
}

#[test]
fn raw_call() {
    drop(async_box());
}

#[test]
fn guarded_call() {
    drop(assert_no_alloc!(async_box()));
}

#[test]
#[should_panic(expected = "qadapt: allocation of 1 byte (align 1)")]
fn guarded_poll() {
    let mut future = std::pin::pin!(async_box());
    let _ = assert_no_alloc!(common::poll_once(future.as_mut()));
}
