#!/usr/bin/env bash
# The macro's cost at two revisions, side by side: the crate benches/build_time.sh generates
# (N functions that take the prescan's fast path) and a crate of N functions with a finding
# each (the full path: parse, analyse, print), each built against qadapt at BASE (a git revision,
# exported with `git archive`) and at the working tree, rebuilt RUNS times interleaved (dev
# profile, `touch src/lib.rs`, not incremental). Prints the fastest and the median CPU time
# (user + system) of each: the fastest is the least disturbed on a shared machine.
#
#   benches/compare_macro.sh 7ccff06            # N=300 RUNS=15
set -euo pipefail

BASE="${1:?usage: benches/compare_macro.sh BASE_REVISION}"
N="${N:-300}"
RUNS="${RUNS:-15}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/qadapt-compare.XXXXXX")"
trap 'rm -rf "$DIR"' EXIT
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

mkdir -p "$DIR/base-tree"
git -C "$ROOT" archive "$BASE" | tar -x -C "$DIR/base-tree"
declare -A qadapt=([base]="$DIR/base-tree/qadapt" [head]="$ROOT/qadapt")

for side in base head; do
    "$ROOT/benches/gen_build_time.sh" "$N" annotated "${qadapt[$side]}" "$DIR/fast-$side" >/dev/null
    mkdir -p "$DIR/full-$side/src"
    sed "s/build-time-annotated/full-$side/" "$DIR/fast-$side/Cargo.toml" > "$DIR/full-$side/Cargo.toml"
    {
        echo '#![allow(deprecated)]'
        for ((i = 0; i < N; i++)); do
            cat <<RUST
#[qadapt::no_alloc]
pub fn f$i(out: &mut [f32], a: &[f32], gain: f32, label: &str) -> usize {
    let mut acc = 0.0;
    for (k, x) in a.iter().enumerate() {
        out[k] = x * gain + 1.0;
        acc += out[k];
    }
    let text = format!("{} {}", label, acc);
    match text.len() { 0 => 0, n if n > 10 => n * 2, n => n + $i }
}
RUST
        done
    } > "$DIR/full-$side/src/lib.rs"
    for crate in fast full; do
        cp "$ROOT/Cargo.lock" "$DIR/$crate-$side/Cargo.lock"
    done
done

build() {
    CARGO_TARGET_DIR="$DIR/target-$2" cargo build --quiet --manifest-path "$DIR/$1-$2/Cargo.toml"
}
declare -A cpu
for crate in fast full; do
    for side in base head; do build "$crate" "$side"; done
    for run in $(seq "$RUNS"); do
        for side in base head; do
            touch "$DIR/$crate-$side/src/lib.rs"
            TIMEFORMAT='%U %S'
            t=$( { time build "$crate" "$side" >/dev/null 2>&1; } 2>&1 )
            cpu[$crate,$side]+="$(awk '{ printf "%.3f", $1 + $2 }' <<<"$t") "
        done
    done
done

stats() {
    tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f s fastest, %.3f s median", v[1], m }'
}
echo "$N functions, $RUNS interleaved dev rebuilds, CPU time, $(rustc --version):"
declare -A name=([base]="$BASE" [head]="working tree")
for crate in fast full; do
    for side in base head; do
        echo "$crate path, ${name[$side]}: $(stats <<<"${cpu[$crate,$side]}")"
    done
done
