#!/usr/bin/env bash
# Runs the allocator benchmark (benches/alloc.rs) in every mode and prints its tables.
#
#   qadapt/benches/run.sh [MODE...]      MODE: off | on | dev | dev-o3 | instructions
#                                        (default: the first four)
#
#   off     release (bench profile), checks compiled out
#   on      release (bench profile) + feature `always`, checks compiled in
#   dev     dev profile (debug assertions), checks compiled in
#   dev-o3  dev profile with `[profile.dev.package.qadapt] opt-level = 3`, measured from a
#           throw-away package outside this workspace: inside it the override would optimise the
#           bench binary too (it belongs to package qadapt), unlike in a user's project.
#   instructions  dev profile: instructions per empty region of each form in workload 4,
#           counted by valgrind's callgrind (deterministic: the machine's load does not move it)
#
# Run from any directory; it works on the workspace that contains this qadapt/ directory.
# Environment: CARGO_TARGET_DIR (honoured), QADAPT_BENCH_ROUNDS, QADAPT_BENCH_BATCH_MS,
# QADAPT_BENCH_ONLY (e.g. `147`: only workloads 1, 4 and 7).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)" # logical path: keeps a symlinked qadapt/ in its workspace
crate="$(dirname "$here")"
workspace="$(dirname "$crate")"
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(off on dev dev-o3)

bench=(cargo bench -q -p qadapt --no-default-features --bench alloc)

# The workspace optimises its dependencies in dev (the checker's engine needs it): the dev modes
# undo that, so that the peers (assert_no_alloc, alloc_counter) are as unoptimised as qadapt, as
# they are in a user's debug build.
unopt=(--config 'profile.dev.package."*".opt-level=0')

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }

run() {
    printf '\n# mode `%s`\n\n```sh\n%s\n```\n\n' "$1" "$2"
    local before
    before="$(load)"
    (cd "$3" && eval "$2")
    printf '\n(load average before: %s, after: %s)\n' "$before" "$(load)"
}

printf '%s; %s cores; %s\n' "$(rustc --version)" "$(nproc)" "$(date -u +%Y-%m-%dT%H:%MZ)"
for mode in "${modes[@]}"; do
    case "$mode" in
    off) run off "${bench[*]} --features std,derive" "$workspace" ;;
    on) run on "${bench[*]} --features std,derive,always" "$workspace" ;;
    dev) run dev "${bench[*]} --features std,derive --profile dev --config 'profile.dev.package.\"*\".opt-level=0'" "$workspace" ;;
    dev-o3)
        user="$(mktemp -d "${TMPDIR:-/tmp}/qadapt-bench-user.XXXXXX")"
        trap 'rm -rf "$user"' EXIT
        mkdir "$user/src"
        ln -s "$here/alloc.rs" "$user/src/main.rs"
        cp "$workspace/Cargo.lock" "$user/" 2>/dev/null || true # same dependency versions
        cat >"$user/Cargo.toml" <<EOF
[package]
name = "qadapt-bench-user"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[features]
default = ["derive"]
always = ["qadapt/always"]
derive = []

[dependencies]
qadapt = { path = "$crate", default-features = false, features = ["std", "derive"] }
assert_no_alloc = "1"
alloc_counter = "0.0.4"
stats_alloc = "0.1"

[profile.dev.package.qadapt]
opt-level = 3
EOF
        run dev-o3 "cargo run -q # in a package depending on qadapt, with [profile.dev.package.qadapt] opt-level = 3" "$user"
        ;;
    instructions)
        printf '\n# mode `instructions`\n\n'
        (cd "$workspace" && "${bench[@]}" --features std,derive --profile dev "${unopt[@]}" --no-run 2>/dev/null)
        exe="$(cd "$workspace" && "${bench[@]}" --features std,derive --profile dev "${unopt[@]}" --no-run \
            --message-format=json 2>/dev/null | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)"
        ops=200000
        count() {
            QADAPT_BENCH_REGION_CASE="$1" QADAPT_BENCH_OPS="$ops" valgrind --tool=callgrind \
                --callgrind-out-file=/dev/null "$exe" 2>&1 >/dev/null |
                sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
        }
        base="$(count 0)"
        printf '| case | instructions per region (loop subtracted) |\n|---|---:|\n'
        for i in 1 2 3 4 5 6; do
            name="$(QADAPT_BENCH_REGION_CASE=$i QADAPT_BENCH_OPS=1 "$exe")"
            [ "$name" = "-" ] && break
            printf '| %s | %s |\n' "$name" "$(( ($(count "$i") - base) / ops ))"
        done
        ;;
    *)
        echo "unknown mode \`$mode\` (off, on, dev, dev-o3, instructions)" >&2
        exit 2
        ;;
    esac
done
