//! Serialization into caller-provided buffers and out of received bytes:
//! serde with postcard and serde_json, itoa and ryu. Writing into a slice
//! does not allocate; the `String`/`Vec`-returning entry points allocate
//! inside the crate, and a reused buffer grows only when it is short.

use std::io::Write as _;

use serde::{Serialize, Serializer};

use super::harness::{Case, Expect, case, run_case};
use super::support::{
    OwnedTelemetry, ParamChange, Telemetry, owned_telemetry, telemetry, telemetry_json,
    telemetry_postcard,
};

// ---- not allocating ----

pub fn postcard_to_slice(message: &Telemetry<'_>, buf: &mut [u8]) -> usize {
    postcard::to_slice(message, buf).map_or(0, |used| used.len())
}

pub fn postcard_owned_to_slice(message: &OwnedTelemetry, buf: &mut [u8]) -> usize {
    postcard::to_slice(message, buf).map_or(0, |used| used.len())
}

pub fn postcard_decode(buf: &[u8]) -> Option<u32> {
    postcard::from_bytes::<Telemetry<'_>>(buf)
        .ok()
        .map(|t| t.id)
}

pub fn postcard_cobs_frame(message: &Telemetry<'_>, buf: &mut [u8]) -> usize {
    postcard::to_slice_cobs(message, buf).map_or(0, |frame| frame.len())
}

pub fn json_to_slice(message: &Telemetry<'_>, buf: &mut [u8]) -> usize {
    let total = buf.len();
    let mut rest = &mut buf[..];
    match serde_json::to_writer(&mut rest, message) {
        Ok(()) => total - rest.len(),
        Err(_) => 0,
    }
}

pub fn json_decode(buf: &[u8]) -> Option<f32> {
    serde_json::from_slice::<Telemetry<'_>>(buf)
        .ok()
        .map(|t| t.gain)
}

pub fn itoa_into(value: u64, out: &mut [u8]) -> usize {
    let mut digits = itoa::Buffer::new();
    let text = digits.format(value).as_bytes();
    let n = text.len().min(out.len());
    out[..n].copy_from_slice(&text[..n]);
    n
}

pub fn ryu_write(value: f32, out: &mut [u8]) -> usize {
    let mut digits = ryu::Buffer::new();
    let mut rest = &mut out[..];
    let before = rest.len();
    let _ = rest.write_all(digits.format(value).as_bytes());
    before - rest.len()
}

// ---- allocating, written in the body ----

pub fn itoa_owned(value: u64) -> String {
    itoa::Buffer::new().format(value).to_owned()
}

pub fn meter_line(levels: &[f32]) -> String {
    let mut line = String::new();
    let mut digits = ryu::Buffer::new();
    for &level in levels {
        line.push_str(digits.format(level));
        line.push(' ');
    }
    line
}

/// Grows `out` only when it has no room for the number.
pub fn ryu_append(value: f64, out: &mut String) -> usize {
    out.clear();
    out.push_str(ryu::Buffer::new().format(value));
    out.len()
}

// ---- allocating inside the dependency ----

pub fn postcard_to_vec(message: &Telemetry<'_>) -> Vec<u8> {
    postcard::to_allocvec(message).unwrap_or_default()
}

pub fn postcard_decode_owned(buf: &[u8]) -> Option<OwnedTelemetry> {
    postcard::from_bytes::<OwnedTelemetry>(buf).ok()
}

pub fn json_to_string(message: &Telemetry<'_>) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

pub fn json_to_vec(message: &OwnedTelemetry) -> Vec<u8> {
    serde_json::to_vec(message).unwrap_or_default()
}

pub fn json_value(buf: &[u8]) -> Option<usize> {
    let value = serde_json::from_slice::<serde_json::Value>(buf).ok()?;
    value.as_object().map(|fields| fields.len())
}

// ---- allocating inside the dependency, for some state only ----

/// Borrows the label unless it has escapes to undo.
pub fn json_param_change(buf: &[u8]) -> Option<f32> {
    serde_json::from_slice::<ParamChange<'_>>(buf)
        .ok()
        .map(|change| change.value)
}

/// Grows `out` only when its capacity is short of the encoding.
pub fn postcard_extend(message: &Telemetry<'_>, out: &mut Vec<u8>) -> usize {
    out.clear();
    match postcard::to_extend(message, std::mem::take(out)) {
        Ok(written) => {
            *out = written;
            out.len()
        }
        Err(_) => 0,
    }
}

/// Grows `out` only when its capacity is short of the encoding.
pub fn json_into_vec(message: &Telemetry<'_>, out: &mut Vec<u8>) -> usize {
    out.clear();
    match serde_json::to_writer(&mut *out, message) {
        Ok(()) => out.len(),
        Err(_) => 0,
    }
}

// ---- allocating in a crate-local impl that the dependency calls ----

/// A channel id sent as text; its `Serialize` formats a `String`.
pub struct ChannelId(pub u16);

impl Serialize for ChannelId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("ch-{:03}", self.0))
    }
}

pub fn channel_to_slice(channel: &ChannelId, buf: &mut [u8]) -> usize {
    postcard::to_slice(channel, buf).map_or(0, |used| used.len())
}

pub const CASES: &[Case] = &[
    case!(
        postcard_to_slice,
        Nothing,
        [(telemetry(), [0u8; 64])],
        |(m, b)| { postcard_to_slice(m, b) }
    ),
    case!(
        postcard_owned_to_slice,
        Nothing,
        [(owned_telemetry(), [0u8; 64])],
        |(m, b)| postcard_owned_to_slice(m, b)
    ),
    case!(postcard_decode, Nothing, [telemetry_postcard()], |b| {
        postcard_decode(b)
    }),
    case!(
        postcard_cobs_frame,
        Nothing,
        [(telemetry(), [0u8; 64])],
        |(m, b)| { postcard_cobs_frame(m, b) }
    ),
    case!(json_to_slice, Nothing, [(telemetry(), [0u8; 256])], |(
        m,
        b,
    )| {
        json_to_slice(m, b)
    }),
    case!(json_decode, Nothing, [telemetry_json()], |b| json_decode(b)),
    case!(itoa_into, Nothing, [[0u8; 20]], |out| itoa_into(
        48_000, out
    )),
    case!(ryu_write, Nothing, [[0u8; 24]], |out| ryu_write(-3.25, out)),
    case!(itoa_owned, Body, [48_000u64], |v| itoa_owned(*v)),
    case!(meter_line, Body, [vec![-12.0f32, -9.5, -30.25]], |l| {
        meter_line(l)
    }),
    case!(
        ryu_append,
        Body,
        [String::with_capacity(32), String::new()],
        |out| ryu_append(0.1, out)
    ),
    case!(postcard_to_vec, Dependency, [telemetry()], |m| {
        postcard_to_vec(m)
    }),
    case!(
        postcard_decode_owned,
        Dependency,
        [telemetry_postcard()],
        |b| { postcard_decode_owned(b) }
    ),
    case!(json_to_string, Dependency, [telemetry()], |m| {
        json_to_string(m)
    }),
    case!(json_to_vec, Dependency, [owned_telemetry()], |m| {
        json_to_vec(m)
    }),
    case!(json_value, Dependency, [telemetry_json()], |b| json_value(
        b
    )),
    case!(
        json_param_change,
        Dependency,
        [
            br#"{"param":3,"value":0.5,"label":"cutoff"}"#.to_vec(),
            br#"{"param":3,"value":0.5,"label":"cutoff \"hz\""}"#.to_vec(),
        ],
        |b| json_param_change(b)
    ),
    case!(
        postcard_extend,
        Dependency,
        [
            (telemetry(), Vec::with_capacity(64)),
            (telemetry(), Vec::new())
        ],
        |(m, out)| postcard_extend(m, out)
    ),
    case!(
        json_into_vec,
        Dependency,
        [
            (telemetry(), Vec::with_capacity(256)),
            (telemetry(), Vec::new())
        ],
        |(m, out)| json_into_vec(m, out)
    ),
    case!(
        channel_to_slice,
        Helper,
        [(ChannelId(7), [0u8; 16])],
        |(c, b)| { channel_to_slice(c, b) }
    ),
];
