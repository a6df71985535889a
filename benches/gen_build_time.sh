#!/usr/bin/env bash
# Generates the crate benches/build_time.sh times: gen_build_time.sh N annotated|plain
# QADAPT_PATH OUT_DIR. The two variants differ only by `#[no_alloc]` on each function.
set -euo pipefail

n="$1" variant="$2" qadapt="$3" out="$4"
case "$variant" in
    annotated) attr='#[no_alloc]' ;;
    plain) attr='' ;;
    *) echo "variant must be annotated or plain" >&2; exit 2 ;;
esac

mkdir -p "$out/src"
cat > "$out/Cargo.toml" <<TOML
[package]
name = "build-time-$variant"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
qadapt = { path = "$qadapt" }

# Not part of any enclosing workspace.
[workspace]
TOML

{
    echo "//! $n generated functions ($variant)."
    echo '#![allow(dead_code, unused_imports, clippy::all)]'
    echo 'use qadapt::no_alloc;'
    echo
    echo '#[derive(Clone, Copy, Default)]'
    echo 'pub struct State { pub acc: f32, pub count: u32, pub peak: f32 }'
    echo
    for ((i = 0; i < n; i++)); do
        case $((i % 3)) in
            0)
                cat <<RUST
$attr
pub fn mix_$i(input: &[f32], out: &mut [f32], gain: f32) -> f32 {
    let mut acc = 0.0f32;
    for (k, x) in input.iter().enumerate() {
        let y = x * gain + $i.0;
        if k < out.len() {
            out[k] = y;
        }
        acc += match k % 3 {
            0 => y,
            1 => -y,
            _ => y * 0.5,
        };
    }
    acc
}

RUST
                ;;
            1)
                cat <<RUST
$attr
pub fn step_$i(mut state: State, samples: &[i32], threshold: i32) -> State {
    let mut i = 0;
    while i < samples.len() {
        let s = samples[i];
        match s.cmp(&threshold) {
            core::cmp::Ordering::Greater => state.count += 1,
            core::cmp::Ordering::Equal => state.acc += 0.5,
            core::cmp::Ordering::Less => {}
        }
        let v = (s as f32) * $((i % 7 + 1)).0;
        if v > state.peak {
            state.peak = v;
        }
        i += 1;
    }
    state
}

RUST
                ;;
            2)
                cat <<RUST
$attr
pub fn checksum_$i(data: Vec<u8>, table: &[u16; 16], seed: u32) -> Option<u32> {
    if data.is_empty() {
        return None;
    }
    let mut hash = seed ^ $i;
    for (k, byte) in data.iter().enumerate() {
        let slot = usize::from(byte & 0x0f);
        hash = hash.rotate_left(5) ^ u32::from(table[slot]) ^ (k as u32);
        hash = match hash % 4 {
            0 => hash.wrapping_mul(31),
            1 => hash.wrapping_add(u32::from(*byte)),
            2 => hash ^ (hash >> 7),
            _ => hash,
        };
    }
    Some(hash)
}

RUST
                ;;
        esac
    done
} > "$out/src/lib.rs"
