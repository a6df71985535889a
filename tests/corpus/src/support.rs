//! Non-allocating support types shared by the cases and their inputs: a
//! fixed-capacity text buffer, a fixed-capacity vector, a hand-written
//! `block_on`, and small value types.

use std::fmt;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

/// Text formatted into a fixed array; writing past the end is an error.
pub struct StackStr<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackStr<N> {
    pub const fn new() -> Self {
        StackStr {
            buf: [0; N],
            len: 0,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }
}

impl<const N: usize> fmt::Write for StackStr<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if end > N {
            return Err(fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Up to `N` items inline.
pub struct StackVec<T: Copy + Default, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default, const N: usize> StackVec<T, N> {
    pub fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }
}

impl<T: Copy + Default, const N: usize> FromIterator<T> for StackVec<T, N> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        let mut out = StackVec {
            items: [T::default(); N],
            len: 0,
        };
        for item in iter.into_iter().take(N) {
            out.items[out.len] = item;
            out.len += 1;
        }
        out
    }
}

/// Polls a future to completion on this thread, with a waker that does
/// nothing: the corpus's futures are ready or yield once.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
}

/// Pending once, then ready: makes an `async fn` really suspend.
pub struct YieldNow {
    yielded: bool,
}

impl YieldNow {
    pub fn new() -> Self {
        YieldNow { yielded: false }
    }
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// A byte range in a source text, as a tokenizer keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A plain `Copy` value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// An event of a sequencer.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Event {
    pub time: u64,
    pub note: u8,
    pub velocity: f32,
}

pub fn event() -> Event {
    Event {
        time: 480,
        note: 60,
        velocity: 0.8,
    }
}

/// Audio effects, used as trait objects.
pub trait Effect {
    fn process(&self, sample: f32) -> f32;
}

pub struct Gain {
    pub gain: f32,
}

impl Effect for Gain {
    fn process(&self, sample: f32) -> f32 {
        sample * self.gain
    }
}

/// The effect that does nothing: zero-sized.
pub struct Bypass;

impl Effect for Bypass {
    fn process(&self, sample: f32) -> f32 {
        sample
    }
}

/// `n` samples of a test signal.
pub fn signal(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i * 7 % 23) as f32 - 11.0) / 11.0)
        .collect()
}

/// `n` pseudo-random keys.
pub fn keys(n: usize) -> Vec<u64> {
    (0..n as u64)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20)
        .collect()
}
