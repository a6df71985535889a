//! `#[no_alloc]` on functions: free, generic, `impl Trait`, lifetimes, `unsafe`, `extern "C"`,
//! nested, `const`, diverging, with inner attributes.

use std::hint::black_box;
use std::ops::Add;
use std::panic::catch_unwind;

use qadapt::{no_alloc, protection_level};

use crate::common::{heap, qadapt_panic_unprotected as qadapt_panic};

crate::source_helpers!("functions.rs");

// ---- free fn ----

#[no_alloc]
fn free_fn(values: &[u32], extra: usize) -> (usize, u32) {
    let mut total = 0;
    for v in values {
        total += v;
    }
    if extra > 0 {
        black_box(heap(extra));
    }
    (protection_level(), total)
}

#[test]
fn free_fn_is_protected() {
    assert_eq!(free_fn(&[1, 2, 3], 0), (1, 6));
    assert_eq!(protection_level(), 0);
    let message = qadapt_panic(|| free_fn(&[1], 16));
    assert_report(
        &message,
        "allocation of 16 bytes (align 1)",
        "free_fn",
        "free_fn",
    );
}

#[no_alloc]
fn takes_vec(v: Vec<u8>) -> usize {
    v.capacity()
}

#[no_alloc]
fn takes_pattern((a, b): (Vec<u8>, u8), _: Vec<u8>) -> u8 {
    b + a.len() as u8
}

#[test]
fn by_value_arguments_are_dropped_inside_the_region() {
    let v = heap(24);
    let message = qadapt_panic(move || takes_vec(v));
    assert_report(
        &message,
        "deallocation of 24 bytes (align 1)",
        "takes_vec",
        "takes_vec",
    );

    // Destructured and `_` arguments too.
    let (a, b) = (heap(0), heap(40));
    let message = qadapt_panic(move || takes_pattern((a, 1), b));
    assert_report(
        &message,
        "deallocation of 40 bytes (align 1)",
        "takes_pattern",
        "takes_pattern",
    );
    let (a, b) = (heap(12), heap(0));
    let message = qadapt_panic(move || takes_pattern((a, 1), b));
    assert_report(
        &message,
        "deallocation of 12 bytes (align 1)",
        "takes_pattern",
        "takes_pattern",
    );

    // Nothing on the heap, nothing to report.
    assert_eq!(takes_vec(Vec::new()), 0);
    assert_eq!(takes_pattern((Vec::new(), 2), Vec::new()), 2);
}

// ---- generics, impl Trait, lifetimes, where clauses ----

#[no_alloc]
fn generic_sum<T: Copy + Add<Output = T>>(a: T, b: T) -> (usize, T) {
    (protection_level(), a + b)
}

#[no_alloc]
fn sum_all(items: impl IntoIterator<Item = u32>, extra: usize) -> u32 {
    if extra > 0 {
        black_box(heap(extra));
    }
    items.into_iter().sum::<u32>() + protection_level() as u32
}

#[no_alloc]
fn evens<'a>(values: &'a [u32]) -> impl Iterator<Item = &'a u32> + 'a {
    assert_eq!(protection_level(), 1);
    values.iter().filter(|v| *v % 2 == 0)
}

#[no_alloc]
fn parse_pair(text: &str) -> Result<(impl Copy + Into<u64>, u32), std::num::ParseIntError> {
    let (a, b) = text.split_once(',').unwrap_or((text, "0"));
    Ok((a.parse::<u32>()?, b.parse::<u32>()?))
}

#[no_alloc]
fn longest<'a, 'b: 'a>(a: &'a str, b: &'b str) -> &'a str {
    if a.len() >= b.len() { a } else { b }
}

// Named lifetimes on purpose: the shape under test.
#[allow(clippy::needless_lifetimes)]
#[no_alloc]
fn first_mut<'a, T>(values: &'a mut [T]) -> Option<&'a mut T>
where
    T: Copy,
{
    values.first_mut()
}

struct Buf<T, const N: usize> {
    items: [T; N],
}

#[no_alloc]
impl<T: Copy + Default, const N: usize> Buf<T, N> {
    fn get(&self, index: usize, extra: usize) -> T {
        if extra > 0 {
            black_box(heap(extra));
        }
        self.items.get(index).copied().unwrap_or_default()
    }

    #[allow(clippy::needless_lifetimes)] // named on purpose: the shape under test
    fn get_ref<'s>(&'s self, index: usize) -> Option<&'s T> {
        self.items.get(index)
    }
}

#[test]
fn generics_impl_trait_and_lifetimes() {
    assert_eq!(generic_sum(2u8, 3), (1, 5));
    assert_eq!(generic_sum(2.5f64, 0.5), (1, 3.0));
    assert_eq!(sum_all([1, 2, 3], 0), 7);
    assert_eq!(sum_all(1..=4, 0), 11);
    let message = qadapt_panic(|| sum_all([1], 3));
    assert_report(
        &message,
        "allocation of 3 bytes (align 1)",
        "sum_all",
        "sum_all",
    );

    // The returned iterator runs after the region has closed.
    let values = [1, 2, 3, 4];
    let mut it = evens(&values);
    assert_eq!(protection_level(), 0);
    assert_eq!(
        (it.next(), it.next(), it.next()),
        (Some(&2), Some(&4), None)
    );

    let (a, b) = parse_pair("7,8").unwrap();
    assert_eq!((a.into(), b), (7u64, 8));
    assert!(parse_pair("x,1").is_err());
    assert_eq!(protection_level(), 0);

    assert_eq!(longest("abc", "de"), "abc");
    let mut values = [5u8, 6];
    *first_mut(&mut values).unwrap() = 9;
    assert_eq!(values, [9, 6]);

    let buf = Buf {
        items: [1u16, 2, 3],
    };
    assert_eq!(buf.get(1, 0), 2);
    assert_eq!(buf.get_ref(2), Some(&3));
    let message = qadapt_panic(|| buf.get(0, 4));
    assert_report(
        &message,
        "allocation of 4 bytes (align 1)",
        "Buf<..>::get",
        "get",
    );
}

// ---- unsafe fn, extern "C" fn ----

/// # Safety
/// `ptr` must be valid for reads.
#[no_alloc]
unsafe fn read_unsafe(ptr: *const u32, extra: usize) -> u32 {
    if extra > 0 {
        black_box(heap(extra));
    }
    // SAFETY: the caller's promise.
    unsafe { ptr.read() + protection_level() as u32 }
}

/// Non-allocating only: a panic cannot unwind out of an `extern "C"` fn.
#[no_alloc]
extern "C" fn level_in_c_abi(a: u32, b: u32) -> u32 {
    a + b + 100 * protection_level() as u32
}

#[no_alloc]
unsafe extern "C" fn read_in_c_abi(ptr: *const u32) -> u32 {
    // SAFETY: the caller's promise.
    unsafe { ptr.read() + 100 * protection_level() as u32 }
}

#[test]
fn unsafe_and_extern_c() {
    let x = 41u32;
    // SAFETY: `&x` is valid for reads.
    assert_eq!(unsafe { read_unsafe(&x, 0) }, 42);
    // SAFETY: as above.
    let message = qadapt_panic(|| unsafe { read_unsafe(&x, 11) });
    assert_report(
        &message,
        "allocation of 11 bytes (align 1)",
        "read_unsafe",
        "read_unsafe",
    );

    assert_eq!(level_in_c_abi(1, 2), 103);
    let as_c: extern "C" fn(u32, u32) -> u32 = level_in_c_abi;
    assert_eq!(black_box(as_c)(2, 2), 104);
    // SAFETY: `&x` is valid for reads.
    assert_eq!(unsafe { read_in_c_abi(&x) }, 141);
    assert_eq!(protection_level(), 0);
}

// ---- nesting: a #[no_alloc] fn calling another ----

#[no_alloc]
fn outer_level() -> (usize, usize, usize) {
    let before = protection_level();
    let inner = free_fn(&[], 0).0;
    (before, inner, protection_level())
}

#[test]
fn regions_nest() {
    assert_eq!(outer_level(), (1, 2, 1));
    assert_eq!(protection_level(), 0);
}

// ---- const fn: checked statically only ----

#[no_alloc]
const fn const_square(x: u32) -> u32 {
    x * x
}

#[no_alloc]
const fn const_first<T: Copy>(values: &[T], default: T) -> T {
    match values {
        [first, ..] => *first,
        [] => default,
    }
}

const SQUARED: u32 = const_square(12);
static FIRST: u8 = const_first(&[4, 5], 0);

#[test]
fn const_fn_is_usable_in_const_context() {
    assert_eq!(SQUARED, 144);
    assert_eq!(FIRST, 4);
    const { assert!(const_square(3) == 9) };
    // At run time there is no guard around a const fn body: a const context could not run it.
    assert_eq!(const_square(black_box(5)), 25);
    assert_eq!(const_first(black_box(&[] as &[u8]), 7), 7);
}

// ---- a diverging fn ----

#[no_alloc]
fn never_returns(code: u32) -> ! {
    assert_eq!(protection_level(), 1);
    std::panic::panic_any(code)
}

#[test]
fn diverging_fn() {
    let payload = catch_unwind(|| never_returns(7)).unwrap_err();
    assert_eq!(payload.downcast_ref::<u32>(), Some(&7));
    assert_eq!(protection_level(), 0);
}

// ---- inner attributes at the top of the body ----

#[no_alloc]
fn inner_attribute_value(x: usize) -> usize {
    #![allow(clippy::identity_op)]
    //! An inner doc comment is an inner attribute too.
    protection_level() + x * 1
}

#[no_alloc]
fn inner_attribute_unit(out: &mut usize) {
    #![allow(clippy::identity_op)]
    *out = protection_level() * 1;
}

#[no_alloc]
fn inner_attribute_by_value(v: Vec<u8>) -> usize {
    #![allow(unused_mut)]
    let mut level = protection_level();
    level + v.len()
}

#[no_alloc]
fn inner_attribute_full_path(v: &mut Vec<u8>) -> usize {
    #![allow(clippy::identity_op)]
    v.push(1); // `push` sends the fn down the full path; it fits the reserved capacity
    protection_level() * 1
}

struct Inner;

#[no_alloc]
impl Inner {
    fn consume(self) -> usize {
        #![allow(clippy::identity_op)]
        protection_level() * 1
    }
}

/// A body's leading `#![..]` applies to the fn, wherever the guard nests the body.
#[test]
fn inner_attributes_stay_at_the_top_of_the_fn() {
    assert_eq!(inner_attribute_value(10), 11);
    let mut out = 0;
    inner_attribute_unit(&mut out);
    assert_eq!(out, 1);
    assert_eq!(inner_attribute_by_value(Vec::new()), 1); // no heap to free inside
    let mut v = Vec::with_capacity(1);
    assert_eq!(inner_attribute_full_path(&mut v), 1);
    assert_eq!(Inner.consume(), 1);
    assert_eq!(protection_level(), 0);
}
