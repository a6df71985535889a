//! Buffers, maps and queues in hot paths.

use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, VecDeque};

use super::harness::{Case, Expect, case, run_case};
use super::support::{StackVec, keys, signal};

// ---- allocating, written in the body ----

pub fn smooth3(x: &[f32]) -> f32 {
    let weights = vec![0.25f32, 0.5, 0.25];
    x.windows(3)
        .map(|w| w.iter().zip(&weights).map(|(a, b)| a * b).sum::<f32>())
        .sum()
}

pub fn zeroed_scratch(frames: usize) -> f32 {
    let scratch = vec![0.0f32; frames];
    scratch.iter().sum()
}

pub fn scratch_with_capacity(input: &[f32]) -> usize {
    let mut out = Vec::with_capacity(input.len());
    out.extend(input.iter().map(|x| x * 0.5));
    out.len()
}

pub fn doubled(input: &[f32]) -> Vec<f32> {
    input.iter().map(|x| x * 2.0).collect::<Vec<_>>()
}

pub fn count_loud(input: &[f32]) -> usize {
    let loud: Vec<f32> = input.iter().copied().filter(|x| x.abs() > 0.5).collect();
    loud.len()
}

pub fn index_by_key(pairs: &[(u32, f32)]) -> usize {
    let map: HashMap<u32, f32> = pairs.iter().copied().collect();
    map.len()
}

pub fn copy_block(input: &[f32]) -> Vec<f32> {
    input.to_vec()
}

pub fn copy_bytes(input: &[u8]) -> Vec<u8> {
    input.to_owned()
}

pub fn default_weights() -> Vec<f32> {
    Vec::from([0.1, 0.2, 0.3, 0.4])
}

pub fn history_ring(frames: usize) -> VecDeque<f32> {
    VecDeque::with_capacity(frames)
}

pub fn initial_queue() -> VecDeque<u32> {
    VecDeque::from([1, 2, 3])
}

pub fn top_priorities(input: &[u32]) -> Option<u32> {
    let heap = BinaryHeap::from_iter(input.iter().copied());
    heap.peek().copied()
}

pub fn lookup_table(entries: usize) -> HashMap<u64, u32> {
    HashMap::with_capacity(entries)
}

pub fn distinct_keys(input: &[u64]) -> usize {
    HashSet::<u64>::from_iter(input.iter().copied()).len()
}

pub fn note_names() -> HashMap<u8, &'static str> {
    HashMap::from([(60, "C4"), (62, "D4"), (64, "E4")])
}

pub fn ordered_index(input: &[u64]) -> Option<u64> {
    let index = BTreeMap::from_iter(input.iter().map(|&k| (k, ())));
    index.keys().next().copied()
}

pub fn allowed_channels() -> BTreeSet<u8> {
    BTreeSet::from([1, 2, 10])
}

pub fn boxed_frame(input: &[f32]) -> Box<[f32]> {
    input.iter().copied().collect::<Box<[f32]>>()
}

pub fn fallible_parse_all(fields: &[&str]) -> Result<Vec<u32>, std::num::ParseIntError> {
    fields
        .iter()
        .map(|f| f.parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
}

pub fn sorted_median(input: &[f32]) -> f32 {
    let mut copy = input.to_vec();
    copy.sort_unstable_by(|a, b| a.total_cmp(b));
    copy[copy.len() / 2]
}

pub fn reversed_queue(input: &[u32]) -> VecDeque<u32> {
    input.iter().rev().copied().collect::<VecDeque<_>>()
}

pub fn seen_before(history: &[u64], key: u64) -> bool {
    let set: HashSet<_> = history.iter().copied().collect();
    set.contains(&key)
}

pub fn scratch_of_strings(n: usize) -> usize {
    let names = vec![String::new(); n];
    names.len()
}

// ---- allocating, but only through growth, cloning or an unknown target ----

pub fn halved(input: &[f32]) -> Vec<f32> {
    input.iter().map(|x| x * 0.5).collect()
}

pub fn extend_new(input: &[f32]) -> Vec<f32> {
    let mut out = Vec::new();
    out.extend_from_slice(input);
    out
}

pub fn push_onto_empty(n: u32) -> Vec<u32> {
    let mut out = vec![];
    for i in 0..n {
        out.push(i * i);
    }
    out
}

pub fn push_when_full(queue: &mut Vec<u32>, item: u32) -> usize {
    queue.push(item);
    queue.len()
}

pub fn insert_into_new_map(key: u32, value: f32) -> HashMap<u32, f32> {
    let mut map = HashMap::new();
    map.insert(key, value);
    map
}

pub fn clone_block(block: &Vec<f32>) -> Vec<f32> {
    block.clone()
}

pub fn clone_key(key: &String) -> String {
    key.clone()
}

pub fn sort_block(block: &mut [u64]) {
    block.sort();
}

pub fn split_tail(queue: &mut Vec<u32>, at: usize) -> Vec<u32> {
    queue.split_off(at)
}

pub fn group_by_note(groups: &mut HashMap<u8, Vec<f32>>, note: u8, velocity: f32) {
    groups.entry(note).or_insert_with(Vec::new).push(velocity);
}

/// The key exists, but the map is full: hashbrown reserves before probing.
pub fn update_existing(map: &mut HashMap<u32, f32>, key: u32, value: f32) -> Option<f32> {
    map.insert(key, value)
}

pub fn vec_from_slice(input: &[u8]) -> Vec<u8> {
    Vec::from(input)
}

pub fn split_even_odd(input: &[u32]) -> usize {
    let (even, odd): (Vec<u32>, Vec<u32>) = input.iter().partition(|&&x| x % 2 == 0);
    even.len() * odd.len()
}

pub fn unzip_pairs(pairs: &[(u32, f32)]) -> usize {
    let (ids, values): (Vec<u32>, Vec<f32>) = pairs.iter().copied().unzip();
    ids.len() + values.len()
}

// ---- not allocating ----

pub fn vec_new() -> Vec<u32> {
    Vec::new()
}

pub fn vec_empty_macro() -> Vec<f32> {
    vec![]
}

pub fn vec_with_capacity_zero() -> Vec<u64> {
    Vec::with_capacity(0)
}

pub fn vec_zero_len_macro() -> Vec<f32> {
    vec![0.0; 0]
}

pub fn hash_map_new() -> HashMap<u32, u32> {
    HashMap::new()
}

pub fn btree_map_new() -> BTreeMap<u64, u32> {
    BTreeMap::new()
}

pub fn hash_map_default() -> HashMap<String, f32> {
    HashMap::default()
}

pub fn push_within_capacity(out: &mut Vec<f32>, sample: f32) -> usize {
    out.push(sample);
    out.len()
}

pub fn extend_within_capacity(out: &mut Vec<f32>, input: &[f32]) -> usize {
    out.extend_from_slice(input);
    out.len()
}

pub fn clear_and_refill(out: &mut Vec<u32>, input: &[u32]) {
    out.clear();
    out.extend(input.iter().map(|x| x + 1));
}

pub fn get_or_zero(map: &HashMap<u32, f32>, key: u32) -> f32 {
    map.get(&key).copied().unwrap_or(0.0)
}

pub fn take_buffer(slot: &mut Vec<u32>) -> Vec<u32> {
    std::mem::take(slot)
}

pub fn rotate_history(history: &mut VecDeque<f32>, sample: f32) {
    history.pop_front();
    history.push_back(sample);
}

pub fn collect_inline(input: &[u32]) -> usize {
    let small: StackVec<u32, 8> = input.iter().copied().filter(|x| x % 3 == 0).collect();
    small.as_slice().len()
}

pub fn validate_all(input: &[u32]) -> Result<(), u32> {
    input
        .iter()
        .map(|&x| if x < 1000 { Ok(()) } else { Err(x) })
        .collect::<Result<(), _>>()
}

pub fn clone_from_reserved(dst: &mut Vec<f32>, src: &Vec<f32>) {
    dst.clone_from(src);
}

pub fn boxed_exact(input: Vec<f32>) -> Box<[f32]> {
    input.into_boxed_slice()
}

pub fn sort_unstable_block(block: &mut [u64]) {
    block.sort_unstable();
}

pub fn sort_short(block: &mut [u32]) {
    block.sort();
}

pub fn insert_into_leaf(index: &mut BTreeMap<u64, u32>, key: u64) -> usize {
    index.insert(key, 1);
    index.len()
}

fn with_spare(n: usize, spare: usize) -> Vec<f32> {
    let mut v = Vec::with_capacity(n + spare);
    v.extend(signal(n));
    v
}

fn full_vec() -> Vec<u32> {
    let mut v = Vec::with_capacity(4);
    v.extend([1, 2, 3, 4]);
    v
}

fn groups() -> HashMap<u8, Vec<f32>> {
    let mut map = HashMap::with_capacity(16);
    map.insert(60, vec![0.5]);
    map
}

/// `note` present, its list with room for one more velocity.
fn groups_with_room(note: u8) -> HashMap<u8, Vec<f32>> {
    let mut map = groups();
    map.insert(note, Vec::with_capacity(4));
    map
}

fn small_index() -> BTreeMap<u64, u32> {
    BTreeMap::from([(1, 1), (5, 1), (9, 1)])
}

fn pairs() -> Vec<(u32, f32)> {
    (0..32).map(|i| (i, i as f32 * 0.5)).collect()
}

fn params() -> HashMap<u32, f32> {
    HashMap::from([(1, 0.5), (2, 0.25), (3, 1.0)])
}

/// `params()` with spare capacity.
fn params_with_room() -> HashMap<u32, f32> {
    let mut map = HashMap::with_capacity(16);
    map.extend(params());
    map
}

pub const CASES: &[Case] = &[
    case!(smooth3, Body, [signal(64)], |x| smooth3(x)),
    case!(zeroed_scratch, Body, [256usize], |n| zeroed_scratch(*n)),
    case!(scratch_with_capacity, Body, [signal(64)], |x| {
        scratch_with_capacity(x)
    }),
    case!(doubled, Body, [signal(64)], |x| doubled(x)),
    case!(count_loud, Body, [signal(64)], |x| count_loud(x)),
    case!(index_by_key, Body, [pairs()], |p| index_by_key(p)),
    case!(copy_block, Body, [signal(64)], |x| copy_block(x)),
    case!(copy_bytes, Body, [b"frame".to_vec()], |x| copy_bytes(x)),
    case!(default_weights, Body, [()], |()| default_weights()),
    case!(history_ring, Body, [64usize], |n| history_ring(*n)),
    case!(initial_queue, Body, [()], |()| initial_queue()),
    case!(top_priorities, Body, [vec![3u32, 9, 1, 7]], |x| {
        top_priorities(x)
    }),
    case!(lookup_table, Body, [32usize], |n| lookup_table(*n)),
    case!(distinct_keys, Body, [keys(64)], |k| distinct_keys(k)),
    case!(note_names, Body, [()], |()| note_names()),
    case!(ordered_index, Body, [keys(16)], |k| ordered_index(k)),
    case!(allowed_channels, Body, [()], |()| allowed_channels()),
    case!(boxed_frame, Body, [signal(16)], |x| boxed_frame(x)),
    case!(fallible_parse_all, Body, [vec!["1", "22", "333"]], |f| {
        fallible_parse_all(f)
    }),
    case!(sorted_median, Body, [signal(63)], |x| sorted_median(x)),
    case!(
        reversed_queue,
        Body,
        [vec![1u32, 2, 3]],
        |x| reversed_queue(x)
    ),
    case!(seen_before, Body, [keys(32)], |h| seen_before(h, 7)),
    case!(scratch_of_strings, Body, [8usize], |n| scratch_of_strings(
        *n
    )),
    case!(halved, Body, [signal(64)], |x| halved(x)),
    case!(extend_new, Body, [signal(64)], |x| extend_new(x)),
    case!(push_onto_empty, Body, [16u32], |n| push_onto_empty(*n)),
    case!(
        push_when_full,
        Body,
        [full_vec(), Vec::with_capacity(8)],
        |q| { push_when_full(q, 5) }
    ),
    case!(insert_into_new_map, Body, [(3u32, 0.5f32)], |(k, v)| {
        insert_into_new_map(*k, *v)
    }),
    case!(clone_block, Body, [signal(64)], |b| clone_block(b)),
    case!(
        clone_key,
        Body,
        [String::from("osc-1/gain")],
        |k| clone_key(k)
    ),
    // Short slices are sorted in place; long ones use a scratch buffer.
    case!(sort_block, Body, [keys(10_000), keys(16)], |b| sort_block(
        b
    )),
    case!(split_tail, Body, [vec![1u32, 2, 3, 4, 5, 6]], |q| {
        split_tail(q, 2)
    }),
    case!(group_by_note, Body, [groups(), groups_with_room(62)], |g| {
        group_by_note(g, 62, 0.7)
    }),
    case!(vec_from_slice, Body, [b"frame".to_vec()], |x| {
        vec_from_slice(x)
    }),
    case!(split_even_odd, Body, [vec![1u32, 2, 3, 4, 5]], |x| {
        split_even_odd(x)
    }),
    case!(unzip_pairs, Body, [pairs()], |p| unzip_pairs(p)),
    case!(vec_new, Nothing, [()], |()| vec_new()),
    case!(vec_empty_macro, Nothing, [()], |()| vec_empty_macro()),
    case!(vec_with_capacity_zero, Nothing, [()], |()| {
        vec_with_capacity_zero()
    }),
    case!(vec_zero_len_macro, Nothing, [()], |()| vec_zero_len_macro()),
    case!(hash_map_new, Nothing, [()], |()| hash_map_new()),
    case!(btree_map_new, Nothing, [()], |()| btree_map_new()),
    case!(hash_map_default, Nothing, [()], |()| hash_map_default()),
    case!(push_within_capacity, Nothing, [with_spare(8, 8)], |o| {
        push_within_capacity(o, 0.5)
    }),
    case!(
        extend_within_capacity,
        Nothing,
        [(with_spare(8, 16), signal(8))],
        |(o, i)| { extend_within_capacity(o, i) }
    ),
    case!(
        clear_and_refill,
        Nothing,
        [(vec![0u32; 16], vec![1u32; 16])],
        |(o, i)| { clear_and_refill(o, i) }
    ),
    case!(update_existing, Body, [params(), params_with_room()], |m| {
        update_existing(m, 2, 0.75)
    }),
    case!(get_or_zero, Nothing, [params()], |m| get_or_zero(m, 2)),
    case!(take_buffer, Nothing, [vec![1u32, 2, 3]], |s| take_buffer(s)),
    case!(rotate_history, Nothing, [VecDeque::from(signal(16))], |h| {
        rotate_history(h, 0.1)
    }),
    case!(collect_inline, Nothing, [vec![3u32, 4, 6, 9, 10]], |x| {
        collect_inline(x)
    }),
    case!(validate_all, Nothing, [vec![1u32, 20, 300]], |x| {
        validate_all(x)
    }),
    case!(
        clone_from_reserved,
        Nothing,
        [(with_spare(0, 64), signal(32))],
        |(d, s)| { clone_from_reserved(d, s) }
    ),
    case!(boxed_exact, Nothing, [signal(16)], |x| boxed_exact(
        std::mem::take(x)
    )),
    case!(sort_unstable_block, Nothing, [keys(10_000)], |b| {
        sort_unstable_block(b)
    }),
    case!(sort_short, Nothing, [vec![5u32, 3, 9, 1, 7, 2]], |b| {
        sort_short(b)
    }),
    case!(insert_into_leaf, Nothing, [small_index()], |i| {
        insert_into_leaf(i, 7)
    }),
];
