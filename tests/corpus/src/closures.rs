//! Closures: called right there, passed to adapters, stored, run lazily.

use std::collections::HashMap;

use super::harness::{Case, Expect, case, run_case};
use super::support::signal;

// ---- allocating, written in the body ----

pub fn labelled_total(ids: &[u32]) -> usize {
    let label = |id: u32| format!("voice-{id}");
    ids.iter().map(|&id| label(id).len()).sum()
}

pub fn total_digits(values: &[u64]) -> usize {
    values.iter().map(|v| v.to_string().len()).sum()
}

pub fn default_block(block: Option<Vec<f32>>) -> Vec<f32> {
    block.unwrap_or_else(|| vec![0.0; 64])
}

pub fn sort_by_text(ids: &mut [u32]) {
    ids.sort_unstable_by_key(|id| id.to_string());
}

pub fn parse_or_message(text: &str) -> Result<f32, String> {
    text.parse::<f32>()
        .map_err(|e| format!("bad number {text:?}: {e}"))
}

pub fn cache_label(cache: &mut HashMap<u32, String>, id: u32) -> usize {
    cache
        .entry(id)
        .or_insert_with(|| format!("voice-{id}"))
        .len()
}

pub fn callback_table(gain: f32) -> usize {
    let callbacks: [Box<dyn Fn(f32) -> f32>; 2] = [Box::new(move |x| x * gain), Box::new(|x| -x)];
    callbacks.len()
}

pub fn immediately_invoked(id: u32) -> usize {
    (|| id.to_string())().len()
}

// ---- allocating, but not by an obvious construct ----

pub fn uppercase_name(name: Option<&str>) -> Option<usize> {
    name.map(|n| n.to_uppercase().len())
}

pub fn sort_by_lowercase(names: &mut [&str]) {
    names.sort_by_cached_key(|n| n.to_lowercase());
}

// ---- not allocating ----

pub fn scaled_sum(block: &[f32]) -> f32 {
    let scale = |x: f32| x * 0.5;
    block.iter().map(|&x| scale(x)).sum()
}

pub fn make_scaler(k: f32) -> impl Fn(f32) -> f32 {
    move |x| x * k
}

pub fn accumulate(block: &[f32]) -> f32 {
    let mut total = 0.0;
    let mut add = |x: f32| total += x;
    for &x in block {
        add(x);
    }
    total
}

pub fn for_each_within_capacity(out: &mut Vec<f32>, block: &[f32]) {
    block.iter().for_each(|&x| out.push(x * 2.0));
}

pub fn lazy_default(cached: Option<f32>) -> f32 {
    cached.unwrap_or_else(|| (2.0f32).sqrt())
}

pub fn counter_closure(block: &[f32]) -> usize {
    let loud = |x: &&f32| x.abs() > 0.5;
    block.iter().filter(loud).count()
}

pub fn apply_twice(x: f32, f: impl Fn(f32) -> f32) -> f32 {
    f(f(x))
}

pub fn cached_lookup(cache: &mut HashMap<u32, String>, id: u32) -> usize {
    cache.get(&id).map_or(0, |s| s.len())
}

fn label_cache() -> HashMap<u32, String> {
    let mut cache = HashMap::with_capacity(16);
    cache.insert(1, String::from("voice-1"));
    cache
}

pub const CASES: &[Case] = &[
    case!(
        labelled_total,
        Body,
        [vec![1u32, 2, 3]],
        |i| labelled_total(i)
    ),
    case!(total_digits, Body, [vec![1u64, 22, 333]], |v| total_digits(
        v
    )),
    case!(default_block, Body, [Some(signal(64)), None], |b| {
        default_block(b.take())
    }),
    case!(sort_by_text, Body, [vec![10u32, 9, 100]], |i| sort_by_text(
        i
    )),
    case!(parse_or_message, Body, ["0.5", "half"], |t| {
        parse_or_message(t)
    }),
    case!(
        cache_label,
        Body,
        [(label_cache(), 1u32), (label_cache(), 2u32)],
        |(c, id)| { cache_label(c, *id) }
    ),
    case!(callback_table, Body, [0.5f32], |g| callback_table(*g)),
    case!(immediately_invoked, Body, [77u32], |i| immediately_invoked(
        *i
    )),
    case!(uppercase_name, Body, [Some("gain")], |n| uppercase_name(*n)),
    case!(sort_by_lowercase, Body, [vec!["b", "A", "c"]], |n| {
        sort_by_lowercase(n)
    }),
    case!(scaled_sum, Nothing, [signal(64)], |b| scaled_sum(b)),
    case!(make_scaler, Nothing, [0.5f32], |k| make_scaler(*k)(1.0)),
    case!(accumulate, Nothing, [signal(64)], |b| accumulate(b)),
    case!(
        for_each_within_capacity,
        Nothing,
        [(Vec::with_capacity(64), signal(64))],
        |(o, b)| { for_each_within_capacity(o, b) }
    ),
    case!(lazy_default, Nothing, [Some(0.5f32), None], |c| {
        lazy_default(*c)
    }),
    case!(counter_closure, Nothing, [signal(64)], |b| counter_closure(
        b
    )),
    case!(apply_twice, Nothing, [0.5f32], |x| apply_twice(*x, |y| y
        * y)),
    case!(cached_lookup, Nothing, [label_cache()], |c| cached_lookup(
        c, 1
    )),
];
