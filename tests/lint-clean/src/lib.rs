//! Every shape and option of `#[no_alloc]` in one library crate, built under
//! `#![deny(warnings, clippy::all)]`: the code the attribute generates must not trip a single
//! rustc or clippy lint in the user's crate.
//!
//! Checked with `cargo clippy -p qadapt-lint-clean -- -D warnings` (and by every workspace
//! build). Nothing here may silence a lint: a lint firing in the expansion is a macro bug.
#![deny(warnings, clippy::all)]

use std::fmt::Write;
use std::future::Future;
use std::ops::Add;
use std::pin::Pin;
use std::task::{Context, Poll};

use qadapt::no_alloc;

// ---- free fns, every argument pattern ----

/// A free fn with a loop, slices and arithmetic.
#[no_alloc]
pub fn mix(out: &mut [f32], a: &[f32], b: &[f32]) {
    for ((o, a), b) in out.iter_mut().zip(a).zip(b) {
        *o = a + b;
    }
}

/// By-value, `mut`, destructured, `_` and underscore-prefixed arguments.
#[no_alloc]
pub fn patterns(
    mut count: u32,
    (a, b): (u32, u32),
    Pair { left, right: _ }: Pair,
    _: u8,
    _unused: u16,
    #[allow(unused_variables)] ignored: u32,
) -> u32 {
    count += a;
    count + b + left
}

/// A struct destructured in an argument.
pub struct Pair {
    /// Left.
    pub left: u32,
    /// Right.
    pub right: u32,
}

/// A by-value heap argument, dropped inside the region.
#[no_alloc]
pub fn consume(buffer: Vec<u8>) -> usize {
    buffer.len()
}

/// Early `return`, `?` and a match.
#[no_alloc]
pub fn parse_digit(text: &str) -> Result<u8, std::num::ParseIntError> {
    if text.is_empty() {
        return Ok(0);
    }
    let value: u8 = text.parse()?;
    Ok(match value {
        0..=9 => value,
        _ => 9,
    })
}

/// `?` on an `Option`.
#[no_alloc]
pub fn first_even(values: &[u32]) -> Option<u32> {
    let first = values.iter().find(|v| *v % 2 == 0)?;
    Some(*first)
}

/// A unit fn ending with an expression statement, one ending with an `if` without `;`.
#[no_alloc]
pub fn clear(values: &mut [u32], zero: bool) {
    if zero {
        values.fill(0);
    }
}

/// Returns `!`.
#[no_alloc]
pub fn fail(code: u32) -> ! {
    panic!("failed with {code}")
}

/// `unsafe fn`.
///
/// # Safety
/// `ptr` must be valid for reads.
#[no_alloc]
pub unsafe fn read(ptr: *const u32) -> u32 {
    // SAFETY: the caller's promise.
    unsafe { ptr.read() }
}

/// `extern "C" fn`.
#[no_alloc]
pub extern "C" fn add_c(a: u32, b: u32) -> u32 {
    a.wrapping_add(b)
}

/// `const fn`, usable in const context.
#[no_alloc]
pub const fn square(x: u32) -> u32 {
    x * x
}

/// A const computed with a `#[no_alloc]` const fn.
pub const SQUARED: u32 = square(4);

/// `#[inline]`, `#[must_use]` and doc attributes stay on the fn.
#[no_alloc]
#[inline]
#[must_use]
pub fn attributed(x: u32) -> u32 {
    x.rotate_left(3)
}

/// An empty body.
#[no_alloc]
pub fn nothing() {}

/// `#[track_caller]`.
#[no_alloc]
#[track_caller]
pub fn checked_index(values: &[u32], index: usize) -> u32 {
    values[index]
}

// ---- generics, impl Trait, lifetimes ----

/// Generic with bounds and a where clause.
#[no_alloc]
pub fn sum2<T>(a: T, b: T) -> T
where
    T: Add<Output = T> + Copy,
{
    a + b
}

/// `impl Trait` argument and return.
#[no_alloc]
pub fn evens<'a>(values: impl IntoIterator<Item = &'a u32>) -> impl Iterator<Item = &'a u32> {
    values.into_iter().filter(|v| *v % 2 == 0)
}

/// `impl Trait` nested in the return type, with `?`.
#[no_alloc]
pub fn parse_both(
    a: &str,
    b: &str,
) -> Result<(impl Copy + Into<u64>, u32), std::num::ParseIntError> {
    Ok((a.parse::<u32>()?, b.parse::<u32>()?))
}

/// Lifetimes.
#[no_alloc]
pub fn longest<'a, 'b: 'a>(a: &'a str, b: &'b str) -> &'a str {
    if a.len() >= b.len() { a } else { b }
}

/// Elided lifetimes and a `&mut` return.
#[no_alloc]
pub fn first_mut(values: &mut [u8]) -> Option<&mut u8> {
    values.first_mut()
}

// ---- methods, every receiver ----

/// A filter with state.
pub struct Filter {
    state: f32,
    history: Vec<f32>,
}

impl Filter {
    /// Allocates, outside any region.
    #[must_use]
    pub fn new(capacity: usize) -> Filter {
        Filter {
            state: 0.0,
            history: Vec::with_capacity(capacity),
        }
    }

    /// `&self`.
    #[no_alloc]
    #[must_use]
    pub fn state(&self) -> f32 {
        self.state
    }

    /// `&mut self`.
    #[no_alloc]
    pub fn step(&mut self, x: f32) -> f32 {
        self.state = 0.5 * self.state + 0.5 * x;
        if self.history.len() < self.history.capacity() {
            self.history.push(self.state);
        }
        self.state
    }

    /// `self`.
    #[no_alloc]
    #[must_use]
    pub fn into_history(self) -> Vec<f32> {
        self.history
    }

    /// `self: Box<Self>`.
    #[no_alloc]
    #[must_use]
    pub fn boxed_state(self: Box<Self>) -> f32 {
        let state = self.state;
        Box::leak(self);
        state
    }

    /// `mut self`.
    #[no_alloc]
    #[must_use]
    pub fn reset(mut self) -> Self {
        self.state = 0.0;
        self
    }

    /// `&mut self` returning a reference into `self`.
    #[no_alloc]
    pub fn state_mut(&mut self) -> &mut f32 {
        &mut self.state
    }

    /// Associated fn returning `Self`.
    #[no_alloc]
    #[must_use]
    pub fn idle() -> Self {
        Filter {
            state: 0.0,
            history: Vec::new(),
        }
    }
}

// ---- an impl block, generic, with a const parameter ----

/// A fixed-size ring.
pub struct Ring<T, const N: usize> {
    items: [T; N],
    head: usize,
}

#[no_alloc]
impl<T: Copy + Default, const N: usize> Ring<T, N> {
    /// Associated const fn in a `#[no_alloc]` impl.
    #[must_use]
    pub const fn capacity() -> usize {
        N
    }

    /// New ring.
    #[must_use]
    pub fn new() -> Self {
        Ring {
            items: [T::default(); N],
            head: 0,
        }
    }

    /// Push, overwriting.
    pub fn push(&mut self, item: T) {
        if N > 0 {
            self.items[self.head % N] = item;
            self.head = self.head.wrapping_add(1);
        }
    }

    /// Peek.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&T> {
        self.items.get(index)
    }

    /// Its own options.
    #[no_alloc(max = 1)]
    #[must_use]
    pub fn budgeted(&self) -> usize {
        self.head
    }
}

impl<T: Copy + Default, const N: usize> Default for Ring<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

// ---- traits: default methods, implementations, async ----

/// A source of samples.
pub trait Source {
    /// Required: no body (the attribute there is an error).
    fn next_sample(&mut self) -> f32;

    /// Default method.
    #[no_alloc]
    fn skip(&mut self, n: usize) {
        for _ in 0..n {
            let _ = self.next_sample();
        }
    }

    /// Default method taking `self: Box<Self>`.
    #[no_alloc]
    fn boxed_next(mut self: Box<Self>) -> f32
    where
        Self: Sized,
    {
        self.next_sample()
    }

    /// Default method taking `self`.
    #[no_alloc]
    fn last(mut self) -> f32
    where
        Self: Sized,
    {
        self.next_sample()
    }
}

/// A constant source.
pub struct Constant(pub f32);

#[no_alloc]
impl Source for Constant {
    fn next_sample(&mut self) -> f32 {
        self.0
    }
}

#[no_alloc]
impl Source for &mut Constant {
    fn next_sample(&mut self) -> f32 {
        -self.0
    }
}

/// Async in a trait.
pub trait Service {
    /// Async method with a default body.
    #[no_alloc]
    fn ready(&self) -> impl Future<Output = bool> + Send
    where
        Self: Sync,
    {
        async { true }
    }

    /// Async fn.
    #[allow(async_fn_in_trait)]
    async fn call(&self, x: u32) -> u32;
}

#[no_alloc]
impl Service for Constant {
    async fn call(&self, x: u32) -> u32 {
        yield_now().await;
        x + self.0 as u32
    }
}

// ---- async fns ----

/// Pending once.
pub struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Yields once.
#[must_use]
pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

/// `async fn` with a by-value argument and an early return.
#[no_alloc]
pub async fn process(buffer: Vec<u8>, limit: usize) -> usize {
    if buffer.len() > limit {
        return limit;
    }
    yield_now().await;
    buffer.len()
}

/// `async fn` returning unit.
#[no_alloc]
pub async fn tick(counter: &mut u32) {
    yield_now().await;
    *counter += 1;
}

/// `async fn` with `?`.
#[no_alloc]
pub async fn checked(text: &str) -> Result<u32, std::num::ParseIntError> {
    yield_now().await;
    let value = text.parse::<u32>()?;
    Ok(value)
}

/// Async methods.
pub struct Client {
    calls: u32,
}

#[no_alloc]
impl Client {
    /// `&mut self` async method.
    pub async fn request(&mut self) -> u32 {
        yield_now().await;
        self.calls += 1;
        self.calls
    }

    /// `self` async method.
    pub async fn finish(self) -> u32 {
        self.calls
    }
}

// ---- an inline mod ----

/// Every fn in here is `#[no_alloc]`.
#[no_alloc]
pub mod dsp {
    /// Gain.
    pub fn gain(samples: &mut [f32], g: f32) {
        for s in samples {
            *s *= g;
        }
    }

    /// A nested mod.
    pub mod inner {
        /// Clamp.
        #[must_use]
        pub fn clamp(x: f32) -> f32 {
            x.clamp(-1.0, 1.0)
        }
    }

    /// A struct and its impl.
    pub struct Delay {
        /// Last sample.
        pub last: f32,
    }

    impl Delay {
        /// Step.
        pub fn step(&mut self, x: f32) -> f32 {
            std::mem::replace(&mut self.last, x)
        }
    }

    /// A constant, untouched.
    pub const UNITY: f32 = 1.0;
}

// ---- options ----

/// `strict` and `pedantic`, with nothing to report.
#[no_alloc(strict, pedantic)]
#[must_use]
pub fn strict_clean(values: &[u32]) -> u32 {
    values.iter().copied().fold(0, u32::wrapping_add)
}

/// `allow(..)`, `deny(..)`.
#[no_alloc(pedantic, allow(Vec::push, write), deny(Pool::take))]
pub fn allowed(out: &mut Vec<u32>, text: &mut String, x: u32) {
    out.push(x);
    let _ = write!(text, "{x}");
}

/// `forbid`.
#[no_alloc(forbid)]
#[must_use]
pub fn forbidden(x: u32) -> u32 {
    x ^ 0x5a5a
}

/// `max = N`.
#[no_alloc(max = 2)]
#[must_use]
pub fn budgeted(n: usize) -> usize {
    n.saturating_mul(3)
}

/// `static_only`.
#[no_alloc(static_only)]
#[must_use]
pub fn static_only(x: u32) -> u32 {
    x + 1
}

/// `runtime_only`, with an allocation it does not report at compile time.
#[no_alloc(runtime_only)]
#[must_use]
pub fn runtime_only(x: u32) -> usize {
    format!("{x}").len()
}

/// `#[allow(deprecated)]` silencing a finding.
#[no_alloc]
#[allow(deprecated)]
#[must_use]
pub fn silenced(x: u32) -> usize {
    x.to_string().len()
}

/// Boolean options spelt out, and the crate path.
#[no_alloc(strict = false, pedantic = false, forbid = true, crate = "::qadapt")]
#[must_use]
pub fn spelt_out(x: u32) -> u32 {
    x.count_ones()
}

/// The allocation escape hatch inside a region.
#[no_alloc]
#[must_use]
pub fn escape(x: u32) -> usize {
    qadapt::allow_alloc(|| format!("{x}").len())
}
