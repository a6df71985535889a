//! Inner loops: slices, iterators without `collect`, arithmetic. Most do not
//! allocate; a few iterator chains end in an allocation.

use std::collections::HashMap;

use super::harness::{Case, Expect, case, run_case};
use super::support::{Point, Span, keys, signal};

// ---- not allocating ----

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn rms(block: &[f32]) -> f32 {
    (block.iter().map(|x| x * x).sum::<f32>() / block.len() as f32).sqrt()
}

pub fn peak_index(block: &[f32]) -> Option<usize> {
    block
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
        .map(|(i, _)| i)
}

pub fn mix_into(out: &mut [f32], input: &[f32], gain: f32) {
    for (o, x) in out.iter_mut().zip(input) {
        *o += x * gain;
    }
}

pub struct Biquad {
    pub b0: f32,
    pub b1: f32,
    pub b2: f32,
    pub a1: f32,
    pub a2: f32,
    pub z1: f32,
    pub z2: f32,
}

pub fn biquad(filter: &mut Biquad, block: &mut [f32]) {
    for x in block.iter_mut() {
        let y = filter.b0 * *x + filter.z1;
        filter.z1 = filter.b1 * *x - filter.a1 * y + filter.z2;
        filter.z2 = filter.b2 * *x - filter.a2 * y;
        *x = y;
    }
}

pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

pub fn chunk_means(block: &[f32], out: &mut [f32]) {
    for (chunk, o) in block.chunks_exact(8).zip(out.iter_mut()) {
        *o = chunk.iter().sum::<f32>() / 8.0;
    }
}

pub fn q15_mul(a: i16, b: i16) -> i16 {
    ((a as i32 * b as i32) >> 15).clamp(i16::MIN as i32, i16::MAX as i32) as i16
}

pub fn find_sorted(keys: &[u64], key: u64) -> bool {
    keys.binary_search(&key).is_ok()
}

pub fn lookup_gain(params: &HashMap<u32, f32>, id: u32) -> f32 {
    params.get(&id).map_or(1.0, |g| g * 0.5)
}

pub fn sum_parsed(fields: &[&str]) -> u32 {
    fields.iter().filter_map(|f| f.parse::<u32>().ok()).sum()
}

pub fn parse_hex(text: &str) -> Option<u32> {
    u32::from_str_radix(text.trim_start_matches("0x"), 16).ok()
}

pub fn copy_point(point: &Point) -> Point {
    point.clone()
}

pub fn span_of(spans: &[Span]) -> Option<Span> {
    let first = *spans.first()?;
    Some(spans[1..].iter().fold(first, |acc, s| acc.join(*s)))
}

pub fn widen(x: f32) -> f64 {
    x.into()
}

// ---- allocating iterator chains ----

pub fn to_text_total(values: &[u32]) -> usize {
    let mut total = 0;
    for v in values {
        total += v.to_string().len();
    }
    total
}

pub fn fields_trimmed(line: &str) -> Vec<&str> {
    line.split(',').map(str::trim).collect::<Vec<_>>()
}

pub fn keep_alnum(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
}

pub fn flatten_words(lines: &[&str]) -> String {
    lines.iter().flat_map(|l| l.chars()).collect::<String>()
}

pub fn from_iter_vec(n: u32) -> Vec<u32> {
    Vec::from_iter(0..n)
}

pub fn repeated_pattern(n: usize) -> String {
    std::iter::repeat("ab").take(n).collect::<String>()
}

fn unit_spans() -> Vec<Span> {
    (0..8)
        .map(|i| Span {
            start: i * 4,
            end: i * 4 + 3,
        })
        .collect()
}

fn filter() -> Biquad {
    Biquad {
        b0: 0.2,
        b1: 0.4,
        b2: 0.2,
        a1: -0.3,
        a2: 0.1,
        z1: 0.0,
        z2: 0.0,
    }
}

fn sorted_keys() -> Vec<u64> {
    let mut k = keys(256);
    k.sort_unstable();
    k
}

fn points() -> Vec<Point> {
    (0..16)
        .map(|i| Point {
            x: i as f32,
            y: 1.0,
        })
        .collect()
}

pub const CASES: &[Case] = &[
    case!(dot, Nothing, [(signal(64), signal(64))], |(a, b)| dot(a, b)),
    case!(rms, Nothing, [signal(64)], |b| rms(b)),
    case!(peak_index, Nothing, [signal(64)], |b| peak_index(b)),
    case!(mix_into, Nothing, [(vec![0.0f32; 64], signal(64))], |(
        o,
        i,
    )| {
        mix_into(o, i, 0.5)
    }),
    case!(biquad, Nothing, [(filter(), signal(64))], |(f, b)| biquad(
        f, b
    )),
    case!(word_count, Nothing, ["set gain 0.5 now"], |t| word_count(t)),
    case!(
        chunk_means,
        Nothing,
        [(signal(64), vec![0.0f32; 8])],
        |(b, o)| chunk_means(b, o)
    ),
    case!(
        q15_mul,
        Nothing,
        [(16_384i16, -8_192i16)],
        |(a, b)| q15_mul(*a, *b)
    ),
    case!(find_sorted, Nothing, [sorted_keys()], |k| find_sorted(
        k, 12_345
    )),
    case!(
        lookup_gain,
        Nothing,
        [HashMap::from([(1u32, 0.5f32)])],
        |p| lookup_gain(p, 1)
    ),
    case!(sum_parsed, Nothing, [vec!["1", "x", "30"]], |f| sum_parsed(
        f
    )),
    case!(parse_hex, Nothing, ["0xbeef"], |t| parse_hex(t)),
    case!(copy_point, Nothing, [Point { x: 1.0, y: 2.0 }], |p| {
        copy_point(p)
    }),
    case!(span_of, Nothing, [unit_spans()], |s| span_of(s)),
    case!(widen, Nothing, [0.5f32], |x| widen(*x)),
    case!(to_text_total, Body, [vec![1u32, 22, 333]], |v| {
        to_text_total(v)
    }),
    case!(fields_trimmed, Body, [" a, b ,c "], |l| fields_trimmed(l)
        .len()),
    case!(keep_alnum, Body, ["a-b_c!"], |t| keep_alnum(t)),
    case!(flatten_words, Body, [vec!["ab", "cd"]], |l| flatten_words(
        l
    )),
    case!(from_iter_vec, Body, [16u32], |n| from_iter_vec(*n)),
    case!(repeated_pattern, Body, [4usize], |n| repeated_pattern(*n)),
];
