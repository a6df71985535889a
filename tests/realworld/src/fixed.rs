//! Fixed-capacity collections on the hot path: heapless, arrayvec, and
//! smallvec (inline up to its capacity, on the heap past it).

use std::collections::HashMap;
use std::fmt::Write as _;

use arrayvec::{ArrayString, ArrayVec};
use heapless::index_map::FnvIndexMap;
use heapless::{Deque, HistoryBuf};
use smallvec::SmallVec;

use super::harness::{Case, Expect, case, run_case};
use super::support::{full_params, signal};

// ---- not allocating ----

pub fn heapless_peaks(block: &[f32]) -> heapless::Vec<usize, 32> {
    let mut peaks = heapless::Vec::new();
    for (i, w) in block.windows(3).enumerate() {
        if w[1] > w[0] && w[1] >= w[2] && peaks.push(i + 1).is_err() {
            break;
        }
    }
    peaks
}

pub fn heapless_label(bus: u32, gain: f32) -> heapless::String<32> {
    let mut label = heapless::String::new();
    let _ = write!(label, "bus {bus}: {gain:.1} dB");
    label
}

pub fn heapless_note_counts(notes: &[u8]) -> usize {
    let mut counts = FnvIndexMap::<u8, u16, 16>::new();
    for &note in notes {
        if let Some(n) = counts.get_mut(&note) {
            *n += 1;
        } else {
            let _ = counts.insert(note, 1);
        }
    }
    counts.len()
}

pub fn heapless_event_window(events: &[u32]) -> u32 {
    let mut window = Deque::<u32, 8>::new();
    for &e in events {
        if window.is_full() {
            window.pop_front();
        }
        let _ = window.push_back(e);
    }
    window.iter().sum()
}

pub fn heapless_history(block: &[f32]) -> f32 {
    let mut history = HistoryBuf::<f32, 64>::new();
    history.extend_from_slice(block);
    history.oldest_ordered().copied().fold(0.0, f32::max)
}

pub fn arrayvec_loudest(block: &[f32]) -> ArrayVec<f32, 8> {
    let mut loudest = ArrayVec::<f32, 8>::new();
    for &x in block {
        if loudest.try_push(x.abs()).is_err() {
            break;
        }
    }
    loudest.sort_unstable_by(|a, b| b.total_cmp(a));
    loudest
}

pub fn arraystring_name(prefix: &str, index: u8) -> ArrayString<24> {
    let mut name = ArrayString::<24>::new();
    let _ = name.try_push_str(prefix);
    let _ = write!(name, "-{index}");
    name
}

pub fn smallvec_inline(voices: &[u32]) -> usize {
    let active: SmallVec<[u32; 8]> = voices.iter().copied().filter(|v| v % 2 == 0).collect();
    active.len()
}

pub fn heapless_format(bus: u32, gain: f32) -> usize {
    let label: Result<heapless::String<32>, _> = heapless::format!("bus {bus}: {gain:.1} dB");
    label.map_or(0, |l| l.len())
}

pub fn smallvec_macro(gain: f32) -> f32 {
    let taps: SmallVec<[f32; 4]> = smallvec::smallvec![gain * 0.25; 4];
    taps.iter().sum()
}

pub fn smallvec_from_vec(buffer: Vec<f32>) -> SmallVec<[f32; 4]> {
    SmallVec::from_vec(buffer)
}

// ---- allocating, written in the body ----

pub fn heapless_to_std(peaks: &heapless::Vec<usize, 32>) -> Vec<usize> {
    peaks.iter().copied().collect::<Vec<_>>()
}

pub fn heapless_label_owned(label: &heapless::String<32>) -> String {
    label.as_str().to_owned()
}

pub fn arrayvec_to_vec(loudest: &ArrayVec<f32, 8>) -> Vec<f32> {
    loudest.to_vec()
}

pub fn smallvec_to_vec(voices: &SmallVec<[u32; 8]>) -> Vec<u32> {
    voices.to_vec()
}

// ---- allocating for some state only ----

/// Inserts only a parameter the map does not hold yet; the map has no room
/// for another.
pub fn set_param_by_name(
    params: &mut HashMap<heapless::String<16>, f32>,
    name: &str,
    value: f32,
) -> bool {
    if let Some(slot) = params.get_mut(name) {
        *slot = value;
        return true;
    }
    match heapless::String::try_from(name) {
        Ok(key) => params.insert(key, value).is_none(),
        Err(_) => false,
    }
}

/// Spills to the heap when more than four voices are active.
pub fn smallvec_spill(voices: &[u32]) -> usize {
    let mut active = SmallVec::<[u32; 4]>::new();
    for &v in voices {
        active.push(v);
    }
    active.len()
}

/// Copies to the heap unless the vector has spilled already.
pub fn smallvec_into_vec(voices: SmallVec<[u32; 4]>) -> Vec<u32> {
    voices.into_vec()
}

pub fn smallvec_extend(voices: &mut SmallVec<[u32; 4]>, more: &[u32]) -> usize {
    voices.extend_from_slice(more);
    voices.len()
}

pub const CASES: &[Case] = &[
    case!(heapless_peaks, Nothing, [signal(512)], |b| heapless_peaks(
        b
    )),
    case!(heapless_label, Nothing, [(3u32, -6.5f32)], |(b, g)| {
        heapless_label(*b, *g)
    }),
    case!(
        heapless_note_counts,
        Nothing,
        [vec![60u8, 64, 67, 60, 72, 64]],
        |n| { heapless_note_counts(n) }
    ),
    case!(
        heapless_event_window,
        Nothing,
        [(0..32u32).collect::<Vec<_>>()],
        |e| { heapless_event_window(e) }
    ),
    case!(heapless_history, Nothing, [signal(200)], |b| {
        heapless_history(b)
    }),
    case!(arrayvec_loudest, Nothing, [signal(64)], |b| {
        arrayvec_loudest(b)
    }),
    case!(arraystring_name, Nothing, ["osc"], |p| arraystring_name(
        p, 3
    )),
    case!(
        smallvec_inline,
        Nothing,
        [(0..12u32).collect::<Vec<_>>()],
        |v| { smallvec_inline(v) }
    ),
    case!(heapless_format, Nothing, [(3u32, -6.5f32)], |(b, g)| {
        heapless_format(*b, *g)
    }),
    case!(smallvec_macro, Nothing, [0.8f32], |g| smallvec_macro(*g)),
    case!(smallvec_from_vec, Nothing, [signal(3), signal(16)], |v| {
        smallvec_from_vec(std::mem::take(v))
    }),
    case!(heapless_to_std, Body, [heapless_peaks(&signal(512))], |p| {
        heapless_to_std(p)
    }),
    case!(heapless_label_owned, Body, [heapless_label(3, -6.5)], |l| {
        heapless_label_owned(l)
    }),
    case!(
        arrayvec_to_vec,
        Body,
        [arrayvec_loudest(&signal(64))],
        |l| { arrayvec_to_vec(l) }
    ),
    case!(
        smallvec_to_vec,
        Body,
        [SmallVec::from_slice(&[1u32, 2, 3])],
        |v| { smallvec_to_vec(v) }
    ),
    case!(
        set_param_by_name,
        Body,
        [(full_params(), "cutoff"), (full_params(), "drive")],
        |(p, name)| set_param_by_name(p, name, 0.5)
    ),
    case!(
        smallvec_spill,
        Dependency,
        [vec![1u32, 2, 3], (0..12u32).collect::<Vec<_>>()],
        |v| smallvec_spill(v)
    ),
    case!(
        smallvec_into_vec,
        Dependency,
        [
            SmallVec::from_slice(&[1u32, 2]),
            SmallVec::from_slice(&[1u32, 2, 3, 4, 5, 6])
        ],
        |v| smallvec_into_vec(std::mem::take(v))
    ),
    case!(
        smallvec_extend,
        Dependency,
        [
            (SmallVec::from_slice(&[1u32]), vec![2u32, 3]),
            (SmallVec::from_slice(&[1u32, 2, 3]), vec![4u32, 5, 6])
        ],
        |(v, more)| smallvec_extend(v, more)
    ),
];
