//! Every way out of a `#[no_alloc]` fn leaves the thread unprotected: an early `return`, `?`
//! on `Result` and `Option`, `break` out of a loop, a panic (the user's own panic comes out
//! unchanged, whatever the body allocated on the way), and a qadapt report. Each case checks
//! `protection_level() == 0` afterwards and allocates.
#![cfg(any(debug_assertions, feature = "always"))]
// Any static finding in this file would be a false positive.
#![deny(deprecated)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::any::Any;
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};

mod common;

use common::heap;
use qadapt::{no_alloc, protection_level};

/// The thread is unprotected: level 0, and allocating (and freeing) is fine.
#[track_caller]
fn assert_unprotected() {
    assert_eq!(protection_level(), 0);
    let v = heap(64);
    assert_eq!(black_box(v).capacity(), 64);
}

/// Runs `f`, which must panic, and returns its payload; then checks the thread is unprotected.
#[track_caller]
fn payload_of<R>(f: impl FnOnce() -> R) -> Box<dyn Any + Send> {
    let payload = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic, the call returned normally"),
        Err(payload) => payload,
    };
    assert_unprotected();
    payload
}

// ---- early return ----

#[no_alloc]
fn early_return(early: bool) -> usize {
    let level = protection_level();
    if black_box(early) {
        return 10 + level;
    }
    20 + level
}

#[test]
fn early_return_closes_the_region() {
    assert_eq!(early_return(true), 11);
    assert_unprotected();
    assert_eq!(early_return(false), 21);
    assert_unprotected();
}

/// `return` inside a nested loop and a closure's own `return`, which must stay the closure's.
#[no_alloc]
fn nested_returns(grid: &[[u8; 3]], needle: u8) -> Option<(usize, usize)> {
    let is_needle = |x: &u8| -> bool {
        if *x == needle {
            return true;
        }
        false
    };
    for (row, cells) in grid.iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            if is_needle(cell) {
                return Some((row, col));
            }
        }
    }
    None
}

#[test]
fn returns_keep_their_meaning() {
    let grid = [[1, 2, 3], [4, 5, 6]];
    assert_eq!(nested_returns(&grid, 5), Some((1, 1)));
    assert_unprotected();
    assert_eq!(nested_returns(&grid, 9), None);
    assert_unprotected();
}

// ---- `?` ----

#[derive(Debug, PartialEq)]
enum Error {
    Negative(i32),
    Missing,
}

impl From<std::num::TryFromIntError> for Error {
    fn from(_: std::num::TryFromIntError) -> Error {
        Error::Negative(-1)
    }
}

#[no_alloc]
fn checked(value: i32) -> Result<u32, Error> {
    if value < -100 {
        Err(Error::Negative(value))?;
    }
    let converted = u32::try_from(value)?; // `?` converts with `From`
    Ok(converted + protection_level() as u32)
}

#[no_alloc]
fn first_even(values: &[u32]) -> Option<u32> {
    let first = values.iter().find(|v| *v % 2 == 0)?;
    Some(first * 10)
}

#[no_alloc]
fn missing(values: Option<&[u32]>) -> Result<usize, Error> {
    let values = values.ok_or(Error::Missing)?;
    Ok(values.len())
}

#[test]
fn question_mark_closes_the_region() {
    assert_eq!(checked(4), Ok(5));
    assert_unprotected();
    assert_eq!(checked(-200), Err(Error::Negative(-200)));
    assert_unprotected();
    assert_eq!(checked(-3), Err(Error::Negative(-1)));
    assert_unprotected();
    assert_eq!(first_even(&[1, 3, 4]), Some(40));
    assert_eq!(first_even(&[1, 3]), None);
    assert_unprotected();
    assert_eq!(missing(None), Err(Error::Missing));
    assert_eq!(missing(Some(&[1, 2])), Ok(2));
    assert_unprotected();
}

/// A by-value argument is still dropped inside the region on the `?` path.
#[no_alloc]
fn consumes_on_error(buf: Vec<u8>, fail: bool) -> Result<usize, Error> {
    if fail {
        Err(Error::Missing)?;
    }
    let len = buf.capacity();
    std::mem::forget(buf);
    Ok(len)
}

#[test]
fn question_mark_still_drops_arguments_inside() {
    let buf = heap(20);
    let ptr = buf.as_ptr();
    assert_eq!(consumes_on_error(buf, false), Ok(20));
    // SAFETY: `consumes_on_error` forgot the Vec: rebuild it to free it outside.
    drop(unsafe { Vec::from_raw_parts(ptr.cast_mut(), 0, 20) });

    let buf = heap(21);
    let payload = payload_of(move || consumes_on_error(buf, true));
    let message = payload.downcast_ref::<String>().expect("qadapt's report");
    assert!(
        message.starts_with(
            "qadapt: deallocation of 21 bytes (align 1) inside no-alloc region \
             `no_alloc_exits::consumes_on_error`"
        ),
        "{message}"
    );
}

// ---- break ----

#[no_alloc]
fn loop_break(limit: u32) -> u32 {
    let mut n = 0;
    let found = loop {
        n += 1;
        if n * n > limit {
            break n;
        }
    };
    'outer: for a in 0..10 {
        for b in 0..10 {
            if a * b > limit {
                break 'outer;
            }
        }
    }
    found
}

#[test]
fn break_stays_inside() {
    assert_eq!(loop_break(10), 4);
    assert_unprotected();
}

// ---- panics ----

#[no_alloc]
fn user_panic(kind: u8, value: u32) -> u32 {
    assert_eq!(protection_level(), 1);
    match kind {
        0 => panic!("static message"),
        1 => panic!("formatted message {value}"),
        2 => std::panic::panic_any(value),
        3 => {
            // An allocation made before the user's own panic: the panic is what comes out.
            black_box(heap(5));
            panic!("after allocating {value}")
        }
        _ => value,
    }
}

#[test]
fn a_user_panic_comes_out_as_the_users_panic() {
    let payload = payload_of(|| user_panic(0, 1));
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"static message"));
    let payload = payload_of(|| user_panic(1, 42));
    assert_eq!(
        payload.downcast_ref::<String>().map(String::as_str),
        Some("formatted message 42")
    );
    let payload = payload_of(|| user_panic(2, 7));
    assert_eq!(payload.downcast_ref::<u32>(), Some(&7));
    assert_eq!(user_panic(9, 3), 3);
    assert_unprotected();
}

#[test]
fn a_user_panic_after_an_allocation_is_still_the_users_panic() {
    let payload = payload_of(|| user_panic(3, 8));
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied());
    assert_eq!(text, Some("after allocating 8"));
}

#[no_alloc]
fn panics_inside_nested(depth: u32) -> u32 {
    if depth == 0 {
        assert_eq!(protection_level(), 3);
        panic!("deep");
    }
    panics_inside_nested(depth - 1) + 1
}

#[test]
fn a_panic_through_nested_regions_closes_them_all() {
    let payload = payload_of(|| panics_inside_nested(2));
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"deep"));
}

// ---- a qadapt report ----

#[no_alloc]
fn allocates_then_returns_early(early: bool) -> usize {
    let v = heap(3);
    if early {
        return v.capacity();
    }
    black_box(v).len()
}

#[test]
fn a_report_on_an_early_return() {
    for early in [true, false] {
        let payload = payload_of(|| allocates_then_returns_early(early));
        let message = payload.downcast_ref::<String>().expect("qadapt's report");
        assert!(
            message.starts_with(
                "qadapt: allocation of 3 bytes (align 1) inside no-alloc region \
                 `no_alloc_exits::allocates_then_returns_early`"
            ),
            "{message}"
        );
        assert!(
            message.contains("; 1 more violation"),
            "the free is counted: {message}"
        );
    }
}
