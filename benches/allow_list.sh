#!/usr/bin/env bash
# Build-time cost of a long `allow` list: a crate of N `#[no_alloc]` functions (each with two
# findings to match against the list) built with a `qadapt.toml` of ENTRIES allow entries and
# without one, side by side, in a temporary directory, path-depending on this workspace's
# `qadapt`. Each variant is rebuilt RUNS times (`touch src/lib.rs` + `cargo build`, dev profile,
# not incremental, interleaved); the medians and their difference are printed.
#
#   benches/allow_list.sh                 # N=50 ENTRIES=20000 RUNS=5
set -euo pipefail

N="${N:-50}"
ENTRIES="${ENTRIES:-20000}"
RUNS="${RUNS:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/qadapt-allow-list.XXXXXX")"
export CARGO_TARGET_DIR="$DIR/target"
export CARGO_INCREMENTAL=0
trap 'rm -rf "$DIR"' EXIT

for variant in listed plain; do
    mkdir -p "$DIR/$variant/src"
    cat > "$DIR/$variant/Cargo.toml" <<TOML
[package]
name = "allow-list-$variant"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
qadapt = { path = "$ROOT/qadapt" }

[workspace]
TOML
    cp "$ROOT/Cargo.lock" "$DIR/$variant/Cargo.lock"
    {
        echo '#![allow(deprecated)]'
        for ((i = 0; i < N; i++)); do
            echo '#[qadapt::no_alloc]'
            echo "pub fn f$i(v: &mut Vec<u8>, s: &str) -> usize { v.push(1); s.to_owned().len() }"
        done
    } > "$DIR/$variant/src/lib.rs"
done
{
    echo 'allow = ['
    for ((i = 0; i < ENTRIES; i++)); do
        echo "    \"crate::m$i::Pool$i::take$i\","
    done
    echo ']'
} > "$DIR/listed/qadapt.toml"

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

declare -A times
for variant in listed plain; do
    cargo build --quiet --manifest-path "$DIR/$variant/Cargo.toml"
done
for run in $(seq "$RUNS"); do
    for variant in listed plain; do
        touch "$DIR/$variant/src/lib.rs"
        TIMEFORMAT='%R'
        t=$( { time cargo build --quiet --manifest-path "$DIR/$variant/Cargo.toml" >/dev/null 2>&1; } 2>&1 )
        times[$variant]+="$t "
        echo "run $run $variant: $t s" >&2
    done
done
listed=$(tr ' ' '\n' <<<"${times[listed]}" | grep . | median)
plain=$(tr ' ' '\n' <<<"${times[plain]}" | grep . | median)
echo
echo "$N functions, $ENTRIES allow entries, median of $RUNS dev rebuilds, $(rustc --version):"
echo "with the list: $listed s, without: $plain s, the list adds $(awk -v a="$listed" -v b="$plain" 'BEGIN { printf "%.2f", a - b }') s"
