//! Lock-free queues between a real-time thread and the rest: rtrb and
//! ringbuf. Pushing and popping never allocate; creating or splitting a
//! heap-backed ring buffer does, inside the crate.

use ringbuf::traits::{Consumer as _, Observer as _, Producer as _, Split as _, SplitRef as _};
use ringbuf::{HeapCons, HeapProd, HeapRb, LocalRb, StaticRb, storage::Heap};

use super::harness::{Case, Expect, case, run_case};
use super::support::{heap_ends, heap_rb, rtrb_ends, signal};

// ---- not allocating ----

pub fn rtrb_forward(producer: &mut rtrb::Producer<f32>, block: &[f32]) -> usize {
    let mut sent = 0;
    for &x in block {
        if producer.push(x).is_err() {
            break;
        }
        sent += 1;
    }
    sent
}

pub fn rtrb_drain(consumer: &mut rtrb::Consumer<f32>, out: &mut [f32]) -> usize {
    let mut n = 0;
    while n < out.len() {
        match consumer.pop() {
            Ok(x) => out[n] = x,
            Err(_) => break,
        }
        n += 1;
    }
    n
}

pub fn rtrb_chunk_write(producer: &mut rtrb::Producer<f32>, block: &[f32]) -> usize {
    let n = block.len().min(producer.slots());
    match producer.write_chunk_uninit(n) {
        Ok(chunk) => chunk.fill_from_iter(block.iter().copied()),
        Err(_) => 0,
    }
}

pub fn rtrb_chunk_read(consumer: &mut rtrb::Consumer<f32>) -> f32 {
    let n = consumer.slots();
    match consumer.read_chunk(n) {
        Ok(chunk) => {
            let (a, b) = chunk.as_slices();
            let sum = a.iter().chain(b).sum();
            chunk.commit_all();
            sum
        }
        Err(_) => 0.0,
    }
}

pub fn ringbuf_push_block(producer: &mut HeapProd<f32>, block: &[f32]) -> usize {
    producer.push_slice(block)
}

pub fn ringbuf_pop_block(consumer: &mut HeapCons<f32>, out: &mut [f32]) -> usize {
    consumer.pop_slice(out)
}

pub fn ringbuf_overwrite(history: &mut HeapRb<f32>, block: &[f32]) -> usize {
    history.push_slice_overwrite(block);
    history.occupied_len()
}

pub fn static_rb_roundtrip(block: &[f32]) -> f32 {
    let mut rb = StaticRb::<f32, 256>::default();
    let (mut producer, mut consumer) = rb.split_ref();
    producer.push_slice(block);
    let mut out = [0.0f32; 256];
    let n = consumer.pop_slice(&mut out);
    out[..n].iter().sum()
}

// ---- allocating, written in the body ----

pub fn collect_pending(consumer: &mut HeapCons<f32>) -> Vec<f32> {
    consumer.pop_iter().collect()
}

pub fn boxed_queue(capacity: usize) -> Box<StaticRb<f32, 64>> {
    let _ = capacity;
    Box::new(StaticRb::<f32, 64>::default())
}

/// Grows `out` only when its capacity is short of what is queued.
pub fn drain_into(consumer: &mut HeapCons<f32>, out: &mut Vec<f32>) -> usize {
    out.clear();
    out.extend(consumer.pop_iter());
    out.len()
}

// ---- allocating inside the dependency ----

pub fn rtrb_channel(capacity: usize) -> (rtrb::Producer<f32>, rtrb::Consumer<f32>) {
    rtrb::RingBuffer::new(capacity)
}

pub fn ringbuf_heap(capacity: usize) -> HeapRb<f32> {
    HeapRb::<f32>::new(capacity)
}

pub fn ringbuf_split(rb: HeapRb<f32>) -> (HeapProd<f32>, HeapCons<f32>) {
    rb.split()
}

pub fn local_history(capacity: usize) -> usize {
    let rb = LocalRb::<Heap<f32>>::new(capacity);
    rb.vacant_len()
}

pub const CASES: &[Case] = &[
    case!(
        rtrb_forward,
        Nothing,
        [(rtrb_ends(1024, 0), signal(256))],
        |((p, _), b)| rtrb_forward(p, b)
    ),
    case!(
        rtrb_drain,
        Nothing,
        [(rtrb_ends(1024, 256), vec![0.0f32; 256])],
        |((_, c), out)| rtrb_drain(c, out)
    ),
    case!(
        rtrb_chunk_write,
        Nothing,
        [(rtrb_ends(1024, 0), signal(256))],
        |((p, _), b)| rtrb_chunk_write(p, b)
    ),
    case!(rtrb_chunk_read, Nothing, [rtrb_ends(1024, 256)], |(
        _,
        c,
    )| {
        rtrb_chunk_read(c)
    }),
    case!(
        ringbuf_push_block,
        Nothing,
        [(heap_ends(1024, 0), signal(256))],
        |((p, _), b)| ringbuf_push_block(p, b)
    ),
    case!(
        ringbuf_pop_block,
        Nothing,
        [(heap_ends(1024, 256), vec![0.0f32; 256])],
        |((_, c), out)| ringbuf_pop_block(c, out)
    ),
    case!(
        ringbuf_overwrite,
        Nothing,
        [(heap_rb(128, 100), signal(64))],
        |(rb, b)| ringbuf_overwrite(rb, b)
    ),
    case!(static_rb_roundtrip, Nothing, [signal(128)], |b| {
        static_rb_roundtrip(b)
    }),
    case!(collect_pending, Body, [heap_ends(1024, 256)], |(_, c)| {
        collect_pending(c)
    }),
    case!(boxed_queue, Body, [64usize], |n| boxed_queue(*n)),
    case!(
        drain_into,
        Body,
        [
            (heap_ends(1024, 256), Vec::with_capacity(1024)),
            (heap_ends(1024, 256), Vec::new()),
        ],
        |((_, c), out)| drain_into(c, out)
    ),
    case!(rtrb_channel, Dependency, [1024usize], |n| rtrb_channel(*n)),
    case!(ringbuf_heap, Dependency, [1024usize], |n| ringbuf_heap(*n)),
    case!(ringbuf_split, Dependency, [Some(heap_rb(1024, 0))], |rb| {
        ringbuf_split(rb.take().expect("one measured call"))
    }),
    case!(local_history, Dependency, [1024usize], |n| local_history(
        *n
    )),
];
