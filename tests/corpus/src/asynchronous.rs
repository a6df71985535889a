//! `async fn`s and async blocks, run with the hand-written `block_on`.

use std::future::{Future, ready};
use std::pin::{Pin, pin};

use super::harness::{Case, Expect, case, run_case};
use super::helpers::metric_key;
use super::support::{YieldNow, block_on, signal};

// ---- allocating, written in the body ----

pub async fn job_name(id: u32) -> String {
    YieldNow::new().await;
    format!("job-{id}")
}

pub async fn boxed_step(x: u32) -> u32 {
    let step: Pin<Box<dyn Future<Output = u32>>> = Box::pin(async move { x + 1 });
    step.await
}

pub fn collect_in_async_block(block: &[f32]) -> usize {
    block_on(async {
        YieldNow::new().await;
        block.iter().map(|x| x * 2.0).collect::<Vec<_>>().len()
    })
}

pub async fn owned_after_await(name: &str) -> String {
    YieldNow::new().await;
    name.to_owned()
}

pub fn boxed_ready() -> Pin<Box<dyn Future<Output = u32>>> {
    Box::pin(ready(7))
}

pub async fn copy_across_await(block: &[f32]) -> usize {
    let copy = block.to_vec();
    YieldNow::new().await;
    copy.len()
}

// ---- allocating inside a helper ----

pub async fn async_metric(shard: u32) -> usize {
    YieldNow::new().await;
    metric_key("async", shard).len()
}

// ---- not allocating ----

pub async fn async_sum(block: &[f32]) -> f32 {
    YieldNow::new().await;
    block.iter().sum()
}

pub fn pinned_on_stack(x: u32) -> u32 {
    let future = pin!(async move {
        YieldNow::new().await;
        x * 2
    });
    block_on(future)
}

pub async fn push_after_await(out: &mut Vec<u32>, x: u32) -> usize {
    YieldNow::new().await;
    out.push(x);
    out.len()
}

pub async fn ready_value(x: u32) -> u32 {
    ready(x).await + 1
}

pub fn nested_blocks(x: u32) -> u32 {
    block_on(async move {
        let inner = async { x + 1 };
        inner.await * 2
    })
}

pub const CASES: &[Case] = &[
    case!(job_name, Body, [7u32], |i| block_on(job_name(*i))),
    case!(boxed_step, Body, [7u32], |x| block_on(boxed_step(*x))),
    case!(collect_in_async_block, Body, [signal(16)], |b| {
        collect_in_async_block(b)
    }),
    case!(owned_after_await, Body, ["job"], |n| block_on(
        owned_after_await(n)
    )),
    case!(boxed_ready, Body, [()], |()| boxed_ready()),
    case!(copy_across_await, Body, [signal(16)], |b| block_on(
        copy_across_await(b)
    )),
    case!(async_metric, Helper, [3u32], |s| block_on(async_metric(*s))),
    case!(async_sum, Nothing, [signal(16)], |b| block_on(async_sum(b))),
    case!(pinned_on_stack, Nothing, [21u32], |x| pinned_on_stack(*x)),
    case!(push_after_await, Nothing, [Vec::with_capacity(8)], |o| {
        block_on(push_after_await(o, 1))
    }),
    case!(ready_value, Nothing, [41u32], |x| block_on(ready_value(*x))),
    case!(nested_blocks, Nothing, [1u32], |x| nested_blocks(*x)),
];
