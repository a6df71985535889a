//! Calls into the crate's own code: helpers, methods, trait impls,
//! `macro_rules!`. The case body shows no allocating construct; whether it
//! allocates depends on the callee.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::harness::{Case, Expect, case, run_case};
use super::helpers::metric_key as shard_label;
use super::helpers::text::{is_keyword, title_case};
use super::helpers::{
    BinEncoder, Config, Encode, JsonEncoder, Mixer, Name, NoteCounter, Packet, Params, Pool, boxed,
    boxed_event, checksum, clamp, describe, encode_into, format_into, indices_above, key,
    make_label_hash, metric, metric_key, owned, scratch, split_fields, to_list,
};
use super::helpers::{
    Command, Describe, Lfo, MessageLog, Node, Poly, RequestBuilder, Tokens, render_tree,
};
use super::helpers::{Ring, Settings, Shout, render_report, status_label};
use super::support::{Event, StackStr, event, signal};

// ---- allocating inside the crate's own code ----

pub fn shard_key_len(shard: u32) -> usize {
    metric_key("latency", shard).len()
}

pub fn field_total(line: &str) -> usize {
    split_fields(line).len()
}

pub fn queue_event(event: Event) -> Box<Event> {
    boxed_event(event)
}

pub fn voice_description_len(id: u32) -> usize {
    describe(id).len()
}

pub fn snapshot_energy(mixer: &Mixer) -> f32 {
    mixer.snapshot().iter().map(|x| x * x).sum()
}

pub fn loudest_label_len(mixer: &Mixer) -> usize {
    mixer.voice_name(0).len()
}

pub fn render_and_name(mixer: &mut Mixer) -> usize {
    mixer.render_and_name()
}

pub fn make_packet(byte: u8) -> usize {
    Packet::with_payload(byte, 64).payload.len()
}

pub fn default_config() -> Config {
    Config::default()
}

pub fn json_len(encoder: &JsonEncoder, value: u32) -> usize {
    encoder.encoded_len(value)
}

pub fn describe_value_len(encoder: &BinEncoder, value: u32) -> usize {
    encoder.describe_value(value).len()
}

pub fn generic_encoded_len<E: Encode>(encoder: &E, value: u32) -> usize {
    encoder.encoded_len(value) + 1
}

pub fn copy_ids(ids: &[u32]) -> usize {
    to_list(ids).len()
}

pub fn metric_macro(shard: u32) -> usize {
    metric!("cpu", shard).len()
}

pub fn scratch_macro(frames: usize) -> f32 {
    let buf = scratch!(frames);
    buf.iter().sum()
}

pub fn boxed_macro(event: Event) -> Box<Event> {
    boxed!(event)
}

pub fn key_macro(shard: u32) -> usize {
    key!(shard).len()
}

pub fn owned_macro(name: &str) -> String {
    owned!(name)
}

pub fn closure_calls_helper(shards: &[u32]) -> usize {
    shards.iter().map(|&s| metric_key("bus", s).len()).sum()
}

pub fn title_len(word: &str) -> usize {
    title_case(word).len()
}

pub fn loud_indices(block: &[f32]) -> usize {
    indices_above(block, 0.5).len()
}

pub fn name_from(text: &str) -> Name {
    Name::from(text)
}

pub fn name_into(text: &str) -> Name {
    text.into()
}

pub fn record_new_notes(counter: &mut NoteCounter, notes: &[u8]) {
    for &note in notes {
        counter.record(note);
    }
}

pub fn history_copy_len(mixer: &Mixer) -> usize {
    mixer.scratch_clone().len()
}

pub fn label_via_fn_pointer(id: u32) -> usize {
    let describe_fn: fn(u32) -> String = describe;
    describe_fn(id).len()
}

pub fn nested_helper_in_closure(ids: &[u32]) -> usize {
    let names = |id: u32| describe(id);
    ids.iter().map(|&id| names(id).len()).max().unwrap_or(0)
}

pub fn path_call(shard: u32) -> usize {
    super::helpers::metric_key("path", shard).len()
}

pub fn parse_command(line: &str) -> Option<f32> {
    line.parse::<Command>().ok().map(|c| c.value)
}

pub fn add_polys(a: &Poly, b: &Poly) -> usize {
    (a + b).0.len()
}

pub fn count_tokens_owned(text: &str) -> usize {
    Tokens { rest: text }.count()
}

pub fn tree_label_len(root: &Node) -> usize {
    render_tree(root).len()
}

pub fn build_request(path: &str) -> u8 {
    RequestBuilder::default().path(path).retries(3).build().1
}

pub fn note_message(log: &mut MessageLog, message: &str) {
    log.note(message);
}

pub fn describe_dyn(source: &dyn Describe) -> usize {
    source.describe().len()
}

pub fn aliased_helper(shard: u32) -> usize {
    shard_label("alias", shard).len()
}

pub fn settings_for_rate(rate: u32) -> Settings {
    Settings {
        rate,
        ..Default::default()
    }
}

pub fn shout_into(out: &mut StackStr<64>, word: &str) -> usize {
    out.clear();
    let _ = write!(out, "{}", Shout(word));
    out.len()
}

pub fn report_len(values: &[f32]) -> usize {
    render_report(values)
}

pub fn ring_in_order(ring: &Ring<f32, 8>) -> usize {
    ring.ordered().len()
}

pub fn labels_as_values(codes: &[u16]) -> usize {
    codes
        .iter()
        .copied()
        .map(status_label)
        .map(|s| s.len())
        .sum()
}

pub fn status_in_match(code: u16, verbose: bool) -> usize {
    match verbose {
        true => status_label(code).len(),
        false => 0,
    }
}

pub fn title_full_path(word: &str) -> usize {
    super::helpers::text::title_case(word).len()
}

pub fn engine_like_mixer(mixer: &mut Mixer) -> usize {
    mixer.reset();
    mixer.voice_name(1).len()
}

// ---- calling the crate's own code that does not allocate ----

pub fn ring_latest(ring: &Ring<f32, 8>) -> f32 {
    ring.latest()
}

pub fn frame_checksum(frame: &[u8]) -> u32 {
    checksum(frame)
}

pub fn mixer_peak(mixer: &Mixer) -> f32 {
    mixer.peak()
}

pub fn digits_into(buf: &mut [u8], value: u32) -> usize {
    encode_into(buf, value)
}

pub fn clamped_gain(gain: f32) -> f32 {
    clamp!(gain, 0.0, 2.0)
}

pub fn format_param(out: &mut StackStr<64>, value: f32) -> usize {
    format_into(out, "cutoff", value)
}

pub fn reset_mixer(mixer: &mut Mixer) {
    mixer.reset();
}

pub fn bin_len(encoder: &BinEncoder, value: u32) -> usize {
    encoder.encoded_len(value)
}

pub fn label_hash(shard: u32) -> u64 {
    make_label_hash("latency", shard)
}

pub fn keyword_check(word: &str) -> bool {
    is_keyword(word)
}

pub fn acquire_from_pool(pool: &mut Pool) -> usize {
    let buffer = pool.acquire();
    let capacity = buffer.capacity();
    pool.release(buffer);
    capacity
}

pub fn default_params() -> Params {
    Params::default()
}

pub fn packet_header(byte: u8) -> [u8; 4] {
    Packet::header(byte)
}

pub fn record_known_notes(counter: &mut NoteCounter, notes: &[u8]) {
    for &note in notes {
        counter.record(note);
    }
}

fn mixer() -> Mixer {
    Mixer::new_for_tests(4, 64)
}

fn pool() -> Pool {
    Pool {
        free: (0..4).map(|_| Vec::with_capacity(256)).collect(),
    }
}

fn counter(notes: &[u8]) -> NoteCounter {
    let mut counts = HashMap::with_capacity(64);
    for &n in notes {
        counts.insert(n, 0);
    }
    NoteCounter { counts }
}

pub const CASES: &[Case] = &[
    case!(shard_key_len, Helper, [3u32], |s| shard_key_len(*s)),
    case!(field_total, Helper, ["a,b,c"], |l| field_total(l)),
    case!(queue_event, Helper, [event()], |e| queue_event(*e)),
    case!(voice_description_len, Helper, [5u32], |i| {
        voice_description_len(*i)
    }),
    case!(snapshot_energy, Helper, [mixer()], |m| snapshot_energy(m)),
    case!(loudest_label_len, Helper, [mixer()], |m| loudest_label_len(
        m
    )),
    case!(render_and_name, Helper, [mixer()], |m| render_and_name(m)),
    case!(make_packet, Helper, [0xabu8], |b| make_packet(*b)),
    case!(default_config, Helper, [()], |()| default_config()),
    case!(json_len, Helper, [12_345u32], |v| json_len(
        &JsonEncoder,
        *v
    )),
    case!(describe_value_len, Helper, [12_345u32], |v| {
        describe_value_len(&BinEncoder, *v)
    }),
    case!(generic_encoded_len, Helper, [12_345u32], |v| {
        generic_encoded_len(&JsonEncoder, *v)
    }),
    case!(copy_ids, Helper, [vec![1u32, 2, 3]], |i| copy_ids(i)),
    case!(metric_macro, Helper, [3u32], |s| metric_macro(*s)),
    case!(scratch_macro, Helper, [64usize], |f| scratch_macro(*f)),
    case!(boxed_macro, Helper, [event()], |e| boxed_macro(*e)),
    case!(key_macro, Helper, [3u32], |s| key_macro(*s)),
    case!(owned_macro, Helper, ["osc-1"], |n| owned_macro(n)),
    case!(closure_calls_helper, Helper, [vec![1u32, 2]], |s| {
        closure_calls_helper(s)
    }),
    case!(title_len, Helper, ["gain"], |w| title_len(w)),
    case!(loud_indices, Helper, [signal(64)], |b| loud_indices(b)),
    case!(name_from, Helper, ["osc-1"], |t| name_from(t)),
    case!(name_into, Helper, ["osc-1"], |t| name_into(t)),
    case!(
        record_new_notes,
        Helper,
        [
            NoteCounter {
                counts: HashMap::new()
            },
            counter(&[60, 62, 64])
        ],
        |c| { record_new_notes(c, &[60, 62, 64]) }
    ),
    case!(history_copy_len, Helper, [mixer()], |m| history_copy_len(m)),
    case!(label_via_fn_pointer, Helper, [9u32], |i| {
        label_via_fn_pointer(*i)
    }),
    case!(nested_helper_in_closure, Helper, [vec![1u32, 20]], |i| {
        nested_helper_in_closure(i)
    }),
    case!(path_call, Helper, [3u32], |s| path_call(*s)),
    case!(parse_command, Helper, ["gain 0.5"], |l| parse_command(l)),
    case!(
        add_polys,
        Helper,
        [(Poly(vec![1.0, 2.0]), Poly(vec![0.5]))],
        |(a, b)| add_polys(a, b)
    ),
    case!(count_tokens_owned, Helper, ["osc filter out"], |t| {
        count_tokens_owned(t)
    }),
    case!(
        tree_label_len,
        Helper,
        [Node {
            name: "out",
            children: Vec::new(),
        }],
        |r| tree_label_len(r)
    ),
    case!(build_request, Helper, ["/v1/render"], |p| build_request(p)),
    case!(
        note_message,
        Helper,
        [MessageLog {
            lines: Vec::with_capacity(8)
        }],
        |l| { note_message(l, "xrun") }
    ),
    case!(describe_dyn, Helper, [Lfo { rate: 0.5 }], |l| describe_dyn(
        l
    )),
    case!(aliased_helper, Helper, [3u32], |s| aliased_helper(*s)),
    case!(settings_for_rate, Helper, [44_100u32], |r| {
        settings_for_rate(*r)
    }),
    case!(shout_into, Helper, [StackStr::<64>::new()], |o| shout_into(
        o, "gain"
    )),
    case!(report_len, Helper, [signal(4)], |v| report_len(v)),
    case!(
        ring_in_order,
        Helper,
        [Ring {
            items: [0.5f32; 8],
            head: 3
        }],
        |r| ring_in_order(r)
    ),
    case!(labels_as_values, Helper, [vec![200u16, 404]], |c| {
        labels_as_values(c)
    }),
    case!(status_in_match, Helper, [(404u16, true)], |(c, v)| {
        status_in_match(*c, *v)
    }),
    case!(title_full_path, Helper, ["gain"], |w| title_full_path(w)),
    case!(engine_like_mixer, Helper, [mixer()], |m| engine_like_mixer(
        m
    )),
    case!(
        ring_latest,
        Nothing,
        [Ring {
            items: [0.5f32; 8],
            head: 3
        }],
        |r| ring_latest(r)
    ),
    case!(frame_checksum, Nothing, [b"frame".to_vec()], |f| {
        frame_checksum(f)
    }),
    case!(mixer_peak, Nothing, [mixer()], |m| mixer_peak(m)),
    case!(digits_into, Nothing, [[0u8; 10]], |b| digits_into(
        b, 12_345
    )),
    case!(clamped_gain, Nothing, [2.5f32], |g| clamped_gain(*g)),
    case!(format_param, Nothing, [StackStr::<64>::new()], |o| {
        format_param(o, 0.5)
    }),
    case!(reset_mixer, Nothing, [mixer()], |m| reset_mixer(m)),
    case!(bin_len, Nothing, [12_345u32], |v| bin_len(&BinEncoder, *v)),
    case!(label_hash, Nothing, [3u32], |s| label_hash(*s)),
    case!(keyword_check, Nothing, ["filter"], |w| keyword_check(w)),
    case!(acquire_from_pool, Nothing, [pool()], |p| acquire_from_pool(
        p
    )),
    case!(default_params, Nothing, [()], |()| default_params()),
    case!(packet_header, Nothing, [0xabu8], |b| packet_header(*b)),
    case!(record_known_notes, Nothing, [counter(&[60, 62, 64])], |c| {
        record_known_notes(c, &[60, 62, 64])
    }),
];
