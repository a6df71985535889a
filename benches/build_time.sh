#!/usr/bin/env bash
# Build-time cost of #[no_alloc]: generates a crate of N small functions (a loop, arithmetic,
# slice indexing, a match; every third one takes a by-value argument) twice, with and without
# `#[no_alloc]` on each function, in a temporary directory, both path-depending on this
# workspace's `qadapt`. Dependencies are built once; then each crate is rebuilt RUNS times
# (`touch src/lib.rs` + `cargo build`, not incremental, the two variants interleaved) in the
# dev and release profiles; the medians of wall-clock and CPU time and their ratios are
# printed. Target: annotated / plain <= 1.3 (qadapt 1.0: 1.28x; alloc_counter 0.0.4: 3.85x
# debug, 14x release).
#
#   benches/build_time.sh                 # N=500 RUNS=7
#   N=200 RUNS=3 benches/build_time.sh
#   KEEP=1 benches/build_time.sh          # keep the generated crates (path printed) to profile
#   MACRO_OPT=3 benches/build_time.sh     # proc macros optimised, as the README suggests
#                                         # ([profile.dev.build-override] opt-level = 3)
#
# Profiling a ratio that misses the target, on the kept crates (nightly):
#   cd $DIR/annotated && cargo +nightly rustc -- -Z time-passes
#   cd $DIR/annotated && cargo +nightly rustc -- -Z macro-stats
set -euo pipefail

N="${N:-500}"
RUNS="${RUNS:-7}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$(mktemp -d "${TMPDIR:-/tmp}/qadapt-build-time.XXXXXX")"
export CARGO_TARGET_DIR="$DIR/target"
export CARGO_TERM_COLOR=never
if [[ -z "${KEEP:-}" ]]; then
    trap 'rm -rf "$DIR"' EXIT
fi

"$ROOT/benches/gen_build_time.sh" "$N" annotated "$ROOT/qadapt" "$DIR/annotated"
"$ROOT/benches/gen_build_time.sh" "$N" plain "$ROOT/qadapt" "$DIR/plain"
if [[ -n "${MACRO_OPT:-}" ]]; then
    for variant in annotated plain; do
        printf '\n[profile.dev.build-override]\nopt-level = %s\n\n[profile.release.build-override]\nopt-level = %s\n' \
            "$MACRO_OPT" "$MACRO_OPT" >> "$DIR/$variant/Cargo.toml"
    done
fi
# The workspace's dependency versions, for both.
cp "$ROOT/Cargo.lock" "$DIR/annotated/Cargo.lock"
cp "$ROOT/Cargo.lock" "$DIR/plain/Cargo.lock"

# Median of the numbers on stdin.
median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# One rebuild of the crate in $1 with profile $2 (only the crate itself compiles): prints the
# wall-clock seconds and the CPU seconds (user + system, rustc's threads included).
rebuild() {
    local crate="$1" profile="$2" TIMEFORMAT='%R %U %S' t
    touch "$crate/src/lib.rs"
    t=$( { time cargo build --quiet --manifest-path "$crate/Cargo.toml" --profile "$profile" \
        >/dev/null 2>"$DIR/cargo.log"; } 2>&1 ) || { cat "$DIR/cargo.log" >&2; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<<"$t"
}

# A rebuild from clean, not an incremental one (dev builds are incremental by default).
export CARGO_INCREMENTAL=0

declare -A wall cpu
for profile in dev release; do
    for variant in plain annotated; do
        # Dependencies, and a first build of the crate, untimed.
        cargo build --quiet --manifest-path "$DIR/$variant/Cargo.toml" --profile "$profile"
    done
    declare -A walls=() cpus=()
    # Interleaved, so that a busy machine slows both variants alike.
    for run in $(seq "$RUNS"); do
        for variant in plain annotated; do
            timing=$(rebuild "$DIR/$variant" "$profile")
            read -r w c <<<"$timing"
            walls[$variant]+="$w "
            cpus[$variant]+="$c "
            echo "$profile run $run $variant: ${w} s wall, ${c} s CPU" >&2
        done
    done
    for variant in plain annotated; do
        wall[$profile,$variant]=$(tr ' ' '\n' <<<"${walls[$variant]}" | grep . | median)
        cpu[$profile,$variant]=$(tr ' ' '\n' <<<"${cpus[$variant]}" | grep . | median)
    done
done

ratio() {
    awk -v a="$1" -v p="$2" 'BEGIN { printf "%.2f", a / p }'
}

echo
echo "$N functions, median of $RUNS rebuilds of the generated crate alone (CARGO_INCREMENTAL=0${MACRO_OPT:+, proc macros at opt-level $MACRO_OPT}), $(rustc --version), $(nproc) CPUs:"
echo
echo "| profile | plain | #[no_alloc] | ratio | CPU plain | CPU #[no_alloc] | CPU ratio |"
echo "|---|---|---|---|---|---|---|"
for profile in dev release; do
    p=${wall[$profile,plain]} a=${wall[$profile,annotated]}
    cpu_p=${cpu[$profile,plain]} cpu_a=${cpu[$profile,annotated]}
    echo "| $profile | $p s | $a s | $(ratio "$a" "$p")x | $cpu_p s | $cpu_a s | $(ratio "$cpu_a" "$cpu_p")x |"
done
if [[ -n "${KEEP:-}" ]]; then
    echo
    echo "generated crates kept in $DIR"
fi
