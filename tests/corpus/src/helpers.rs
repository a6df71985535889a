//! The crate's own helpers, methods, trait impls and `macro_rules!` that the
//! cases call. Some allocate, some do not. `#[no_alloc]` on a case cannot see
//! inside them; the crate-wide checker follows the calls.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::support::{Event, StackStr};

pub mod text {
    /// `"gain"` → `"Gain"`, into a new `String`.
    pub fn title_case(word: &str) -> String {
        let mut out = String::with_capacity(word.len());
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
        }
        out.push_str(chars.as_str());
        out
    }

    /// Whether `word` is a keyword of the patch language; no allocation.
    pub fn is_keyword(word: &str) -> bool {
        matches!(word, "osc" | "env" | "filter" | "mix" | "out")
    }
}

// ---- free functions that allocate ----

pub fn metric_key(name: &str, shard: u32) -> String {
    format!("{name}.{shard}")
}

pub fn split_fields(line: &str) -> Vec<&str> {
    line.split(',').collect::<Vec<_>>()
}

pub fn boxed_event(event: Event) -> Box<Event> {
    Box::new(event)
}

/// Two levels down: `describe` calls `label`.
pub fn describe(id: u32) -> String {
    let mut text = label(id);
    text.push_str(" (voice)");
    text
}

fn label(id: u32) -> String {
    format!("voice-{id}")
}

pub fn to_list<T: Clone>(items: &[T]) -> Vec<T> {
    items.to_vec()
}

/// Allocates through growth only: `Vec::new()` then `push`.
pub fn indices_above(samples: &[f32], threshold: f32) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, &s) in samples.iter().enumerate() {
        if s > threshold {
            out.push(i);
        }
    }
    out
}

// ---- free functions that do not allocate ----

pub fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, &b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    })
}

/// Writes `x` as decimal into `buf`, returns the length.
pub fn encode_into(buf: &mut [u8], mut x: u32) -> usize {
    let mut tmp = [0u8; 10];
    let mut n = 0;
    loop {
        tmp[n] = b'0' + (x % 10) as u8;
        n += 1;
        x /= 10;
        if x == 0 {
            break;
        }
    }
    let n = n.min(buf.len());
    for i in 0..n {
        buf[i] = tmp[n - 1 - i];
    }
    n
}

/// Formats into a stack buffer: `write!` here cannot allocate.
pub fn format_into(out: &mut StackStr<64>, name: &str, value: f32) -> usize {
    out.clear();
    let _ = write!(out, "{name}={value:.2}");
    out.len()
}

pub fn make_label_hash(name: &str, shard: u32) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in name.bytes().chain(shard.to_le_bytes()) {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

// ---- types with methods ----

pub struct Voice {
    pub freq: f32,
    pub phase: f32,
    pub gain: f32,
}

pub struct Mixer {
    pub voices: Vec<Voice>,
    pub scratch: Vec<f32>,
}

impl Mixer {
    pub fn new_for_tests(voices: usize, frames: usize) -> Mixer {
        Mixer {
            voices: (0..voices)
                .map(|i| Voice {
                    freq: 110.0 * (i + 1) as f32,
                    phase: 0.0,
                    gain: 0.5,
                })
                .collect(),
            scratch: super::support::signal(frames),
        }
    }

    /// A copy of the scratch buffer.
    pub fn snapshot(&self) -> Vec<f32> {
        self.scratch.to_vec()
    }

    /// The scratch buffer, cloned: allocates through `.clone()` only.
    pub fn scratch_clone(&self) -> Vec<f32> {
        self.scratch.clone()
    }

    pub fn voice_name(&self, index: usize) -> String {
        format!("voice {index} @ {:.1} Hz", self.voices[index].freq)
    }

    pub fn peak(&self) -> f32 {
        self.scratch.iter().fold(0.0f32, |m, s| m.max(s.abs()))
    }

    pub fn reset(&mut self) {
        for voice in &mut self.voices {
            voice.phase = 0.0;
        }
        self.scratch.fill(0.0);
    }

    /// Renders one block, then names the loudest voice: two method levels.
    pub fn render_and_name(&mut self) -> usize {
        self.advance();
        self.loudest_name().len()
    }

    fn advance(&mut self) {
        for voice in &mut self.voices {
            voice.phase = (voice.phase + voice.freq / 48_000.0).fract();
        }
    }

    fn loudest_name(&self) -> String {
        let loudest = (0..self.voices.len())
            .max_by(|&a, &b| self.voices[a].gain.total_cmp(&self.voices[b].gain))
            .unwrap_or(0);
        self.voice_name(loudest)
    }
}

/// A packet whose payload is built by an associated fn.
pub struct Packet {
    pub payload: Vec<u8>,
}

impl Packet {
    pub fn with_payload(byte: u8, len: usize) -> Packet {
        Packet {
            payload: vec![byte; len],
        }
    }

    pub fn header(byte: u8) -> [u8; 4] {
        [0xfe, byte, 0, 0]
    }
}

/// Preallocated buffers handed out and taken back.
pub struct Pool {
    pub free: Vec<Vec<u8>>,
}

impl Pool {
    /// A buffer from the pool, or a new one when the pool is exhausted.
    pub fn acquire(&mut self) -> Vec<u8> {
        self.free.pop().unwrap_or_else(|| Vec::with_capacity(256))
    }

    pub fn release(&mut self, mut buffer: Vec<u8>) {
        buffer.clear();
        self.free.push(buffer);
    }
}

#[derive(Debug)]
pub struct Config {
    pub bus: String,
    pub channels: u16,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bus: String::from("main"),
            channels: 2,
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Params {
    pub cutoff: f32,
    pub resonance: f32,
}

/// A name owned by the value.
#[derive(Debug)]
pub struct Name(pub String);

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(s.to_owned())
    }
}

/// Encoders of one value: one builds text, the other counts digits.
pub trait Encode {
    fn encoded_len(&self, value: u32) -> usize;

    /// A human-readable description; the default builds a `String`.
    fn describe_value(&self, value: u32) -> String {
        format!("<{} bytes>", self.encoded_len(value))
    }
}

pub struct JsonEncoder;

impl Encode for JsonEncoder {
    fn encoded_len(&self, value: u32) -> usize {
        format!("{{\"v\":{value}}}").len()
    }
}

pub struct BinEncoder;

impl Encode for BinEncoder {
    fn encoded_len(&self, value: u32) -> usize {
        1 + (32 - value.leading_zeros() as usize).div_ceil(7).max(1)
    }
}

/// Counts events per note, in a map that grows.
pub struct NoteCounter {
    pub counts: HashMap<u8, u32>,
}

impl NoteCounter {
    pub fn record(&mut self, note: u8) {
        *self.counts.entry(note).or_insert(0) += 1;
    }
}

// ---- macro_rules ----

/// A metric key, built with `format!`.
macro_rules! metric {
    ($name:expr, $shard:expr) => {
        format!("{}.{}", $name, $shard)
    };
}
pub(crate) use metric;

/// A zeroed scratch buffer of `n` samples.
macro_rules! scratch {
    ($n:expr) => {
        vec![0.0f32; $n]
    };
}
pub(crate) use scratch;

/// Boxes an event for the queue.
macro_rules! boxed {
    ($event:expr) => {
        Box::new($event)
    };
}
pub(crate) use boxed;

/// Goes through the helper that formats.
macro_rules! key {
    ($shard:expr) => {
        metric_key("bus", $shard)
    };
}
pub(crate) use key;

/// An owned copy of a `&str`.
macro_rules! owned {
    ($s:expr) => {
        $s.to_owned()
    };
}
pub(crate) use owned;

/// Clamps without allocating.
macro_rules! clamp {
    ($x:expr, $lo:expr, $hi:expr) => {
        if $x < $lo {
            $lo
        } else if $x > $hi {
            $hi
        } else {
            $x
        }
    };
}
pub(crate) use clamp;

/// A lookup table built as an array: no allocation.
macro_rules! table {
    ($($key:ident => $value:expr),* $(,)?) => {
        [$((stringify!($key), $value)),*]
    };
}
pub(crate) use table;

/// Sums its arguments.
macro_rules! sum {
    ($($x:expr),+ $(,)?) => {
        0 $(+ $x)+
    };
}
pub(crate) use sum;

// ---- conversions, operators and iterators implemented by the crate ----

/// A command of the control protocol, parsed with `str::parse`.
#[derive(Debug)]
pub struct Command {
    pub verb: String,
    pub value: f32,
}

impl std::str::FromStr for Command {
    type Err = ();

    fn from_str(s: &str) -> Result<Command, ()> {
        let (verb, value) = s.split_once(' ').ok_or(())?;
        Ok(Command {
            verb: verb.to_owned(),
            value: value.parse().map_err(|_| ())?,
        })
    }
}

/// Polynomial coefficients; `+` builds a new one.
#[derive(Debug, Clone)]
pub struct Poly(pub Vec<f32>);

impl std::ops::Add for &Poly {
    type Output = Poly;

    fn add(self, other: &Poly) -> Poly {
        let n = self.0.len().max(other.0.len());
        Poly(
            (0..n)
                .map(|i| self.0.get(i).unwrap_or(&0.0) + other.0.get(i).unwrap_or(&0.0))
                .collect::<Vec<_>>(),
        )
    }
}

/// Tokens of a patch description, each one an owned `String`.
pub struct Tokens<'a> {
    pub rest: &'a str,
}

impl Iterator for Tokens<'_> {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        let trimmed = self.rest.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let end = trimmed.find(' ').unwrap_or(trimmed.len());
        self.rest = &trimmed[end..];
        Some(trimmed[..end].to_string())
    }
}

/// A tree of modules, rendered recursively.
pub struct Node {
    pub name: &'static str,
    pub children: Vec<Node>,
}

pub fn render_tree(node: &Node) -> String {
    let mut out = node.name.to_owned();
    for child in &node.children {
        out += "(";
        out += &render_tree(child);
        out += ")";
    }
    out
}

/// A request built step by step.
#[derive(Default)]
pub struct RequestBuilder {
    path: String,
    retries: u8,
}

impl RequestBuilder {
    pub fn path(mut self, path: &str) -> Self {
        self.path = path.to_owned();
        self
    }

    pub fn retries(mut self, retries: u8) -> Self {
        self.retries = retries;
        self
    }

    pub fn build(self) -> (String, u8) {
        (self.path, self.retries)
    }
}

/// Keeps the last messages.
pub struct MessageLog {
    pub lines: Vec<String>,
}

impl MessageLog {
    pub fn note(&mut self, message: &str) {
        if self.lines.len() == self.lines.capacity() {
            self.lines.remove(0);
        }
        self.lines.push(String::from(message));
    }
}

/// Describes itself; implemented for trait objects.
pub trait Describe {
    fn describe(&self) -> String;
}

pub struct Lfo {
    pub rate: f32,
}

impl Describe for Lfo {
    fn describe(&self) -> String {
        format!("lfo @ {} Hz", self.rate)
    }
}

// ---- more helpers reached in less direct ways ----

/// Settings with an owned name; `Default` allocates it.
#[derive(Debug)]
pub struct Settings {
    pub rate: u32,
    pub device: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            rate: 48_000,
            device: "default".to_string(),
        }
    }
}

/// Displays itself in upper case, through a temporary `String`.
pub struct Shout<'a>(pub &'a str);

impl std::fmt::Display for Shout<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.to_uppercase())
    }
}

/// Three levels: `render_report` → `report_body` → `report_line`.
pub fn render_report(values: &[f32]) -> usize {
    report_body(values)
}

fn report_body(values: &[f32]) -> usize {
    values.iter().map(|&v| report_line(v).len()).sum()
}

fn report_line(value: f32) -> String {
    format!("{value:.3}\n")
}

/// A fixed-size ring that copies itself out.
pub struct Ring<T: Copy, const N: usize> {
    pub items: [T; N],
    pub head: usize,
}

impl<T: Copy, const N: usize> Ring<T, N> {
    pub fn ordered(&self) -> Vec<T> {
        let mut out = Vec::with_capacity(N);
        out.extend_from_slice(&self.items[self.head..]);
        out.extend_from_slice(&self.items[..self.head]);
        out
    }

    pub fn latest(&self) -> T {
        self.items[(self.head + N - 1) % N]
    }
}

/// Labels for a status code.
pub fn status_label(code: u16) -> String {
    match code {
        200 => String::from("ok"),
        _ => format!("error {code}"),
    }
}
