//! `#[no_alloc]` on every shape of function: free fns, inherent and trait methods with every
//! receiver, trait default methods, generics, `impl Trait`, lifetimes, `unsafe fn`,
//! `extern "C" fn`, an impl block, an inline mod, a `const fn` and a diverging fn.
//!
//! For each: the body runs inside a region (`protection_level() == 1` inside, `0` after), a
//! non-allocating body passes, an allocation inside (here always made by a callee, which the
//! static walk cannot see, so this file compiles without a single finding) panics with a message
//! naming the function (`module::Type::method`) and the location of its name, and by-value
//! arguments are dropped inside the region.
#![cfg(any(debug_assertions, feature = "always"))]
// Any static finding in this file would be a false positive.
#![deny(deprecated)]

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::hint::black_box;
use std::ops::Add;
use std::panic::catch_unwind;

mod common;

use common::{fn_name_location, heap, qadapt_panic_unprotected as qadapt_panic};
use qadapt::{no_alloc, protection_level};

const SOURCE: &str = include_str!("no_alloc_shapes.rs");

// ---- helpers ----

/// `file:line:column` of the name of the one `fn <name>` in this file.
fn name_location(name: &str) -> String {
    nth_name_location(name, 0, 1)
}

/// `file:line:column` of the name of the `nth` of the `count` `fn <name>`s in this file (a trait
/// method and its implementation).
fn nth_name_location(name: &str, nth: usize, count: usize) -> String {
    fn_name_location(SOURCE, file!(), name, nth, count)
}

/// Checks a report: `kind` (e.g. "allocation of 16 bytes (align 1)") inside the no-alloc region
/// named `region` (without the module path) located at the name of `fn name`.
#[track_caller]
fn assert_report(message: &str, kind: &str, region: &str, name: &str) {
    assert_report_at(message, kind, region, &name_location(name));
}

#[track_caller]
fn assert_report_at(message: &str, kind: &str, region: &str, location: &str) {
    let expected = format!(
        "qadapt: {kind} inside no-alloc region `no_alloc_shapes::{region}` ({location}) on thread `"
    );
    assert!(
        message.starts_with(&expected),
        "\nexpected: {expected}\n     got: {message}"
    );
}

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

// ---- inherent methods, every receiver ----

struct Widget {
    level: usize,
    buf: Vec<u8>,
}

impl Widget {
    fn new(buf: Vec<u8>) -> Widget {
        Widget { level: 0, buf }
    }

    #[no_alloc]
    fn by_ref(&self, extra: usize) -> usize {
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level() + self.buf.len()
    }

    #[no_alloc]
    fn by_mut(&mut self, extra: usize) -> usize {
        self.level = protection_level();
        if extra > 0 {
            black_box(heap(extra));
        }
        self.level
    }

    #[no_alloc]
    fn by_value(self) -> usize {
        protection_level() + self.level
    }

    #[no_alloc]
    fn by_box(self: Box<Self>) -> Box<Self> {
        self
    }

    #[no_alloc]
    fn consume_box(self: Box<Self>) -> usize {
        self.level
    }
}

/// A method annotated alone: the attribute sees the method's tokens only, not the impl's self
/// type, so reports read the type at run time (`core::any::type_name::<Self>`): the region reads
/// `module::Type::method`, as for the methods of an annotated impl block, below.
#[test]
fn inherent_methods() {
    let mut w = Widget::new(Vec::new());
    assert_eq!(w.by_ref(0), 1);
    assert_eq!(w.by_mut(0), 1);
    assert_eq!(w.level, 1);
    let message = qadapt_panic(|| w.by_ref(8));
    assert_report(
        &message,
        "allocation of 8 bytes (align 1)",
        "Widget::by_ref",
        "by_ref",
    );
    let message = qadapt_panic(|| w.by_mut(9));
    assert_report(
        &message,
        "allocation of 9 bytes (align 1)",
        "Widget::by_mut",
        "by_mut",
    );
    assert_eq!(protection_level(), 0);

    // `self` by value: dropped inside the region.
    assert_eq!(Widget::new(Vec::new()).by_value(), 1);
    let w = Widget::new(heap(32));
    let message = qadapt_panic(move || w.by_value());
    assert_report(
        &message,
        "deallocation of 32 bytes (align 1)",
        "Widget::by_value",
        "by_value",
    );

    // `self: Box<Self>`: kept, nothing happens; consumed, the box is freed inside the region.
    let boxed = Box::new(Widget::new(Vec::new()));
    let boxed = boxed.by_box();
    let message = qadapt_panic(move || boxed.consume_box());
    let size = std::mem::size_of::<Widget>();
    let align = std::mem::align_of::<Widget>();
    assert_report(
        &message,
        &format!("deallocation of {size} bytes (align {align})"),
        "Widget::consume_box",
        "consume_box",
    );
}

struct Holder<T>(T);

impl<T: Copy> Holder<T> {
    #[no_alloc]
    fn widen(&self, extra: usize) -> T {
        black_box(heap(extra));
        self.0
    }
}

/// The type read at run time is the concrete one, generic arguments included.
#[test]
fn a_generic_method_annotated_alone_names_its_concrete_type() {
    let holder = Holder(7u8);
    assert_eq!(holder.widen(0), 7);
    let message = qadapt_panic(|| holder.widen(5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "Holder<u8>::widen",
        "widen",
    );
}

// ---- traits: default methods, implementations, every receiver ----

trait Shape {
    /// Required: no body (the attribute there is an error, see ui/misuse/on_required_method.rs).
    fn area(&self) -> u32;

    /// A default method, annotated alone: named after the implementing type at run time.
    #[no_alloc]
    fn doubled_area(&self, extra: usize) -> (usize, u32) {
        if extra > 0 {
            black_box(heap(extra));
        }
        (protection_level(), 2 * self.area())
    }
}

struct Square(u32);

#[no_alloc]
impl Shape for Square {
    fn area(&self) -> u32 {
        // A trait impl's method opens its own region, nested in the caller's when called from
        // `doubled_area`.
        assert!(protection_level() >= 1);
        self.0 * self.0
    }
}

trait Resize {
    fn grow(&mut self, by: usize) -> usize;
    fn into_len(self) -> usize;
    fn boxed_len(self: Box<Self>) -> usize;
}

#[no_alloc]
impl Resize for Widget {
    fn grow(&mut self, by: usize) -> usize {
        if by > 0 {
            self.buf = heap(by);
        }
        protection_level()
    }

    fn into_len(self) -> usize {
        self.buf.len() + protection_level()
    }

    fn boxed_len(self: Box<Self>) -> usize {
        let level = protection_level();
        // Freeing the box here would be a violation: it is parked, reachable (no leak for Miri).
        *PARKED.lock().unwrap() = Some(self);
        level
    }
}

/// Where `boxed_len` keeps its box: storing into it neither allocates nor frees.
static PARKED: std::sync::Mutex<Option<Box<Widget>>> = std::sync::Mutex::new(None);

#[test]
fn trait_methods_and_default_methods() {
    assert_eq!(Square(3).area(), 9);
    assert_eq!(Square(3).doubled_area(0), (1, 18));
    let message = qadapt_panic(|| Square(2).doubled_area(5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "Square::doubled_area",
        "doubled_area",
    );

    let mut w = Widget::new(Vec::new());
    assert_eq!(w.grow(0), 1);
    let message = qadapt_panic(|| w.grow(6));
    let at = nth_name_location("grow", 1, 2);
    assert_report_at(
        &message,
        "allocation of 6 bytes (align 1)",
        "Widget::grow",
        &at,
    );
    assert_eq!(Widget::new(Vec::new()).into_len(), 1);
    let w = Widget::new(heap(7));
    let message = qadapt_panic(move || w.into_len());
    let at = nth_name_location("into_len", 1, 2);
    assert_report_at(
        &message,
        "deallocation of 7 bytes (align 1)",
        "Widget::into_len",
        &at,
    );
    let boxed = Box::new(Widget::new(Vec::new()));
    assert_eq!(boxed.boxed_len(), 1);
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
        "Buf<T,N>::get",
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

// ---- an impl block, an inline mod, nested attributes ----

struct Mixer {
    gain: f32,
}

#[no_alloc]
impl Mixer {
    fn apply(&self, out: &mut [f32], extra: usize) -> usize {
        for o in out.iter_mut() {
            *o *= self.gain;
        }
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level()
    }

    fn associated(extra: usize) -> usize {
        if extra > 0 {
            black_box(heap(extra));
        }
        protection_level()
    }

    /// Its own attribute, its own options: no run-time guard here.
    #[no_alloc(static_only)]
    fn unguarded(&self, extra: usize) -> usize {
        black_box(heap(extra));
        protection_level()
    }
}

#[no_alloc]
mod dsp {
    use std::hint::black_box;

    pub fn gain(samples: &mut [f32], g: f32, extra: usize) -> usize {
        for s in samples.iter_mut() {
            *s *= g;
        }
        if extra > 0 {
            black_box(super::heap(extra));
        }
        qadapt::protection_level()
    }

    pub struct Filter(pub f32);

    impl Filter {
        pub fn step(&mut self, x: f32) -> (usize, f32) {
            self.0 = 0.5 * self.0 + 0.5 * x;
            (qadapt::protection_level(), self.0)
        }
    }

    pub mod inner {
        pub fn deep(extra: usize) -> usize {
            if extra > 0 {
                std::hint::black_box(super::super::heap(extra));
            }
            qadapt::protection_level()
        }
    }

    pub const UNTOUCHED: usize = 3;
}

#[test]
fn impl_block_and_inline_mod() {
    let m = Mixer { gain: 2.0 };
    let mut out = [1.0, 2.0];
    assert_eq!(m.apply(&mut out, 0), 1);
    assert_eq!(out, [2.0, 4.0]);
    assert_eq!(Mixer::associated(0), 1);
    let message = qadapt_panic(|| m.apply(&mut out, 2));
    assert_report(
        &message,
        "allocation of 2 bytes (align 1)",
        "Mixer::apply",
        "apply",
    );
    let message = qadapt_panic(|| Mixer::associated(3));
    assert_report(
        &message,
        "allocation of 3 bytes (align 1)",
        "Mixer::associated",
        "associated",
    );
    assert_eq!(m.unguarded(16), 0);

    let mut samples = [1.0, -1.0];
    assert_eq!(dsp::gain(&mut samples, 3.0, 0), 1);
    assert_eq!(samples, [3.0, -3.0]);
    let mut filter = dsp::Filter(0.0);
    assert_eq!(filter.step(1.0), (1, 0.5));
    assert_eq!(dsp::inner::deep(0), 1);
    assert_eq!(dsp::UNTOUCHED, 3);
    let message = qadapt_panic(|| dsp::gain(&mut samples, 1.0, 5));
    assert_report(
        &message,
        "allocation of 5 bytes (align 1)",
        "dsp::gain",
        "gain",
    );
    let message = qadapt_panic(|| dsp::inner::deep(6));
    assert_report(
        &message,
        "allocation of 6 bytes (align 1)",
        "dsp::inner::deep",
        "deep",
    );
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
