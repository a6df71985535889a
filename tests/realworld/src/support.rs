//! Inputs of the cases: signals, messages, wire bytes, and ready-made
//! filters, ring buffers and collections, all built outside the measured
//! call.

use biquad::{Coefficients, DirectForm1, DirectForm2Transposed, ToHertz, Type};
use ringbuf::HeapRb;
use ringbuf::traits::Split as _;
use serde::{Deserialize, Serialize};

pub const RATE: f32 = 48_000.0;

/// `n` samples of a decaying sine.
pub fn signal(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| (i as f32 * 0.05).sin() * (1.0 - i as f32 / (2 * n) as f32))
        .collect()
}

pub fn coefficients(cutoff: f32) -> Coefficients<f32> {
    Coefficients::<f32>::from_params(
        Type::LowPass,
        RATE.hz(),
        cutoff.hz(),
        biquad::Q_BUTTERWORTH_F32,
    )
    .expect("a cutoff below Nyquist")
}

pub fn df1(cutoff: f32) -> DirectForm1<f32> {
    DirectForm1::<f32>::new(coefficients(cutoff))
}

pub fn df2t(cutoff: f32) -> DirectForm2Transposed<f32> {
    DirectForm2Transposed::<f32>::new(coefficients(cutoff))
}

/// A ring buffer of `capacity` samples with `filled` of them queued.
pub fn heap_rb(capacity: usize, filled: usize) -> HeapRb<f32> {
    let mut rb = HeapRb::<f32>::new(capacity);
    rb.push_slice(&signal(filled));
    rb
}

/// The two ends of a heap ring buffer, `filled` samples queued.
pub fn heap_ends(
    capacity: usize,
    filled: usize,
) -> (ringbuf::HeapProd<f32>, ringbuf::HeapCons<f32>) {
    heap_rb(capacity, filled).split()
}

/// The two ends of an rtrb queue, `filled` samples queued.
pub fn rtrb_ends(capacity: usize, filled: usize) -> (rtrb::Producer<f32>, rtrb::Consumer<f32>) {
    let (mut producer, consumer) = rtrb::RingBuffer::new(capacity);
    for x in signal(filled) {
        producer.push(x).expect("room for the fill");
    }
    (producer, consumer)
}

/// A controller message as sent over a wire, borrowed where it can be.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Telemetry<'a> {
    pub id: u32,
    pub gain: f32,
    pub muted: bool,
    pub name: &'a str,
    pub levels: [i16; 4],
}

/// The same message with owned text, as a decoder that keeps it builds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OwnedTelemetry {
    pub id: u32,
    pub gain: f32,
    pub muted: bool,
    pub name: String,
    pub levels: [i16; 4],
}

/// A parameter change whose label is borrowed from the input unless it had
/// to be unescaped.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ParamChange<'a> {
    pub param: u16,
    pub value: f32,
    #[serde(borrow)]
    pub label: std::borrow::Cow<'a, str>,
}

pub fn telemetry() -> Telemetry<'static> {
    Telemetry {
        id: 7,
        gain: -3.5,
        muted: false,
        name: "bus-a",
        levels: [-12, -9, -30, -60],
    }
}

pub fn owned_telemetry() -> OwnedTelemetry {
    OwnedTelemetry {
        id: 7,
        gain: -3.5,
        muted: false,
        name: "bus-a".to_owned(),
        levels: [-12, -9, -30, -60],
    }
}

/// `telemetry()` in postcard's wire format.
pub fn telemetry_postcard() -> Vec<u8> {
    postcard::to_allocvec(&telemetry()).expect("telemetry serializes")
}

/// `telemetry()` as JSON.
pub fn telemetry_json() -> Vec<u8> {
    serde_json::to_vec(&telemetry()).expect("telemetry serializes")
}

pub const REQUEST: &[u8] = b"GET /meters?bus=a HTTP/1.1\r\nHost: mixer.local\r\n\
User-Agent: console/2.1\r\nAccept: application/json\r\nConnection: keep-alive\r\n\r\n";

pub const RESPONSE: &[u8] =
    b"HTTP/1.1 204 No Content\r\nServer: mixer\r\nContent-Length: 0\r\n\r\n";

/// Parameters by name, filled to the map's capacity (3 of 3).
pub fn full_params() -> std::collections::HashMap<heapless::String<16>, f32> {
    let mut params = std::collections::HashMap::with_capacity(3);
    for name in ["cutoff", "resonance", "gain"] {
        params.insert(heapless::String::try_from(name).expect("a short name"), 0.0);
    }
    params.shrink_to_fit();
    params
}
