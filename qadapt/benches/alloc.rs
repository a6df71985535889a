//! Allocator overhead: `qadapt::Qadapt<System>` against `System` and its peers.
//!
//! Every allocator is driven through its `GlobalAlloc` methods directly (nothing is installed
//! as `#[global_allocator]`), so all of them fit in one binary and run interleaved. Each
//! workload runs `QADAPT_BENCH_ROUNDS` rounds; every round times one batch per allocator, in an
//! order that rotates from round to round, and the tables show medians. The "× System" column is
//! the median of the per-round ratios, so a slow phase of a busy machine hits both sides of a
//! ratio.
//!
//! One binary measures one mode: qadapt's checks are compiled in with `debug_assertions` or
//! feature `always`, and the binary prints which. `benches/run.sh` runs every mode; the figures
//! and the exact commands are in BENCHMARKS.md:
//!
//! ```text
//! cargo bench -p qadapt --no-default-features --features std,derive --bench alloc                # release, checks off
//! cargo bench -p qadapt --no-default-features --features std,derive,always --bench alloc         # release, checks on
//! cargo bench -p qadapt --no-default-features --features std,derive --bench alloc --profile dev  # debug, checks on
//! ```
//!
//! Environment: `QADAPT_BENCH_ROUNDS` (default 81) and `QADAPT_BENCH_BATCH_MS` (default 3) trade
//! run time for stability; `QADAPT_BENCH_ONLY=147` runs workloads 1, 4 and 7 only;
//! `QADAPT_BENCH_REGION_CASE=i` runs one row of workload 4 for an instruction counter.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use qadapt::Qadapt;

/// Whether qadapt's checks are compiled into this build: the same switch as qadapt's own.
const CHECKS: bool = cfg!(any(debug_assertions, feature = "always"));

/// Elements pushed by the push workload, like `Vec<u32>::push` from an empty vector.
const PUSHES: u32 = 10_000;

static SYSTEM: System = System;
static QADAPT: Qadapt<System> = Qadapt::new(System);
/// assert_no_alloc's default feature `disable_release` removes `AllocDisabler` without
/// `debug_assertions`.
#[cfg(debug_assertions)]
static NO_ALLOC: assert_no_alloc::AllocDisabler = assert_no_alloc::AllocDisabler;
static COUNTER: alloc_counter::AllocCounterSystem = alloc_counter::AllocCounterSystem;
static STATS: stats_alloc::StatsAlloc<System> = stats_alloc::StatsAlloc::system();

const SYSTEM_NAME: &str = "`System`";
const QADAPT_NAME: &str = "`qadapt::Qadapt<System>`";
#[cfg(debug_assertions)]
const NO_ALLOC_NAME: &str = "`assert_no_alloc::AllocDisabler`";
const COUNTER_NAME: &str = "`alloc_counter::AllocCounterSystem`";
const STATS_NAME: &str = "`stats_alloc::StatsAlloc<System>`";

/// Runs a batch of `n` operations and returns how long it took.
type Runner = Box<dyn FnMut(u64) -> Duration>;

/// One row of a table.
struct Case {
    name: &'static str,
    run: Runner,
}

/// A workload that can run on any allocator: the allocator is a type parameter, so each
/// allocator gets its own fully inlined loop.
trait Workload {
    fn runner<A: GlobalAlloc + Sync + 'static>(&self, alloc: &'static A) -> Runner;
}

/// One row per allocator, `System` first.
fn every_allocator(w: &impl Workload) -> Vec<Case> {
    let mut cases = vec![
        Case {
            name: SYSTEM_NAME,
            run: w.runner(&SYSTEM),
        },
        Case {
            name: QADAPT_NAME,
            run: w.runner(&QADAPT),
        },
    ];
    #[cfg(debug_assertions)]
    cases.push(Case {
        name: NO_ALLOC_NAME,
        run: w.runner(&NO_ALLOC),
    });
    cases.push(Case {
        name: COUNTER_NAME,
        run: w.runner(&COUNTER),
    });
    cases.push(Case {
        name: STATS_NAME,
        run: w.runner(&STATS),
    });
    cases
}

fn timed(n: u64, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed()
}

/// One allocation of `layout` and its free. The size is opaque to the optimiser already (see
/// [`layout`]); the pointer goes through `black_box` so the pair cannot be elided.
#[inline(always)]
fn alloc_free<A: GlobalAlloc>(alloc: &A, layout: Layout) {
    // SAFETY: `layout` has a non-zero size; the pointer is freed once, with the same layout.
    unsafe {
        let ptr = black_box(alloc.alloc(layout));
        if ptr.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        alloc.dealloc(ptr, layout);
    }
}

/// A layout whose size the optimiser cannot see.
fn layout(size: usize) -> Layout {
    Layout::from_size_align(black_box(size), 8).unwrap()
}

/// (1), (2): `alloc` then `dealloc` of `size` bytes.
struct AllocFree(usize);

impl Workload for AllocFree {
    fn runner<A: GlobalAlloc + Sync + 'static>(&self, alloc: &'static A) -> Runner {
        let layout = layout(self.0);
        Box::new(move |n| timed(n, || alloc_free(alloc, layout)))
    }
}

/// The growth half of `Vec<u32>` over a chosen allocator: the same policy as `RawVec` (first
/// capacity 4, then doubling), so 10 000 pushes make 1 allocation, 12 reallocations and 1 free.
struct RawVec<'a, A: GlobalAlloc> {
    alloc: &'a A,
    ptr: *mut u32,
    cap: usize,
    len: usize,
}

impl<'a, A: GlobalAlloc> RawVec<'a, A> {
    fn new(alloc: &'a A) -> Self {
        RawVec {
            alloc,
            ptr: std::ptr::null_mut(),
            cap: 0,
            len: 0,
        }
    }

    #[inline(always)]
    fn push(&mut self, value: u32) {
        if self.len == self.cap {
            self.grow();
        }
        // SAFETY: `len < cap` after growing; the buffer holds `cap` elements.
        unsafe { self.ptr.add(self.len).write(value) };
        self.len += 1;
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        let new_cap = if self.cap == 0 { 4 } else { self.cap * 2 };
        let new_layout = Layout::array::<u32>(new_cap).unwrap();
        // SAFETY: non-zero sizes; `ptr` was allocated by `alloc` with `old` when `cap != 0`.
        let ptr = unsafe {
            if self.cap == 0 {
                self.alloc.alloc(new_layout)
            } else {
                let old = Layout::array::<u32>(self.cap).unwrap();
                self.alloc
                    .realloc(self.ptr.cast(), old, black_box(new_layout.size()))
            }
        };
        if ptr.is_null() {
            std::alloc::handle_alloc_error(new_layout);
        }
        self.ptr = ptr.cast();
        self.cap = new_cap;
    }
}

impl<A: GlobalAlloc> Drop for RawVec<'_, A> {
    fn drop(&mut self) {
        if self.cap != 0 {
            // SAFETY: allocated by `alloc` with this layout.
            unsafe {
                self.alloc.dealloc(
                    black_box(self.ptr).cast(),
                    Layout::array::<u32>(self.cap).unwrap(),
                )
            };
        }
    }
}

/// (3): a fresh vector, 10 000 pushes, dropped. One op is one whole vector.
struct Push;

fn push_all<A: GlobalAlloc>(alloc: &A) {
    let mut v = RawVec::new(alloc);
    for i in 0..black_box(PUSHES) {
        v.push(black_box(i));
    }
    black_box(v.ptr);
}

impl Workload for Push {
    fn runner<A: GlobalAlloc + Sync + 'static>(&self, alloc: &'static A) -> Runner {
        Box::new(move |n| timed(n, || push_all(alloc)))
    }
}

/// (5): `.0` threads (1 or 2), each doing `n` 8-byte alloc+free pairs at the same time. The
/// time is the slowest thread's, from a common start: thread creation is not timed, and the
/// one-thread case spawns its thread too.
struct Threads(usize);

impl Workload for Threads {
    fn runner<A: GlobalAlloc + Sync + 'static>(&self, alloc: &'static A) -> Runner {
        let layout = layout(8);
        let threads = self.0;
        Box::new(move |n| {
            let barrier = Barrier::new(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            timed(n, || alloc_free(alloc, layout))
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|t| t.join().unwrap())
                    .max()
                    .unwrap()
            })
        })
    }
}

/// (4): an empty `#[no_alloc]` function: its region, and the call.
#[cfg(feature = "derive")]
#[qadapt::no_alloc]
#[inline(never)]
fn empty_no_alloc_fn() {
    black_box(());
}

/// (4): enter and exit an empty no-alloc region, each library's way.
fn region_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = vec![
        Case {
            name: "empty loop (baseline)",
            run: Box::new(|n| timed(n, || black_box(()))),
        },
        Case {
            name: "`drop(qadapt::protect())`",
            run: Box::new(|n| {
                timed(n, || {
                    let guard = qadapt::protect();
                    black_box(());
                    drop(guard);
                })
            }),
        },
        Case {
            name: "`qadapt::assert_no_alloc!({})`",
            run: Box::new(|n| timed(n, || qadapt::assert_no_alloc!({ black_box(()) }))),
        },
    ];
    #[cfg(feature = "derive")]
    cases.push(Case {
        name: "`#[qadapt::no_alloc] fn empty() {}`",
        run: Box::new(|n| timed(n, empty_no_alloc_fn)),
    });
    cases.push(Case {
        name: if cfg!(debug_assertions) {
            "`assert_no_alloc::assert_no_alloc(|| ())`"
        } else {
            "`assert_no_alloc::assert_no_alloc(|| ())` (compiled out: `disable_release`)"
        },
        run: Box::new(|n| timed(n, || assert_no_alloc::assert_no_alloc(|| black_box(())))),
    });
    cases.push(Case {
        name: "`alloc_counter::deny_alloc(|| ())`",
        run: Box::new(|n| timed(n, || alloc_counter::deny_alloc(|| black_box(())))),
    });
    cases
}

/// (6): count the allocations of an empty closure.
fn count_empty_cases() -> Vec<Case> {
    vec![
        Case {
            name: "empty loop (baseline)",
            run: Box::new(|n| timed(n, || black_box(()))),
        },
        Case {
            name: "`qadapt::count_allocs(|| ())`",
            run: Box::new(|n| {
                timed(n, || {
                    black_box(qadapt::count_allocs(|| black_box(())).1.allocations);
                })
            }),
        },
        Case {
            name: "`alloc_counter::count_alloc(|| ())`",
            run: Box::new(|n| {
                timed(n, || {
                    black_box(alloc_counter::count_alloc(|| black_box(())).0.0);
                })
            }),
        },
        Case {
            name: "`stats_alloc::Region::new(&S).change()`",
            run: Box::new(|n| {
                timed(n, || {
                    let region = stats_alloc::Region::new(&STATS);
                    black_box(());
                    black_box(region.change().allocations);
                })
            }),
        },
    ]
}

/// (7): the 8-byte alloc+free loop with each library's counting open around it.
fn counting_hot_path_cases() -> Vec<Case> {
    let layout = layout(8);
    vec![
        Case {
            name: "`System` (no counting)",
            run: Box::new(move |n| timed(n, || alloc_free(&SYSTEM, layout))),
        },
        Case {
            name: "`qadapt::count_allocs` + `Qadapt<System>`",
            run: Box::new(move |n| {
                let (elapsed, stats) =
                    qadapt::count_allocs(|| timed(n, || alloc_free(&QADAPT, layout)));
                let expected = if CHECKS { n as usize } else { 0 };
                assert_eq!(stats.allocations, expected, "qadapt did not count");
                elapsed
            }),
        },
        Case {
            name: "`alloc_counter::count_alloc` + `AllocCounterSystem`",
            run: Box::new(move |n| {
                let (counts, elapsed) =
                    alloc_counter::count_alloc(|| timed(n, || alloc_free(&COUNTER, layout)));
                assert_eq!(counts.0, n as usize, "alloc_counter did not count");
                elapsed
            }),
        },
        Case {
            name: "`stats_alloc::Region` + `StatsAlloc<System>`",
            run: Box::new(move |n| {
                let region = stats_alloc::Region::new(&STATS);
                let elapsed = timed(n, || alloc_free(&STATS, layout));
                assert_eq!(region.change().allocations, n as usize);
                elapsed
            }),
        },
    ]
}

struct Settings {
    rounds: usize,
    batch: Duration,
}

impl Settings {
    fn from_env() -> Settings {
        let var = |name, default| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Settings {
            rounds: var("QADAPT_BENCH_ROUNDS", 81).max(1) as usize,
            batch: Duration::from_millis(var("QADAPT_BENCH_BATCH_MS", 3).max(1)),
        }
    }
}

/// Medians of one workload, per case.
struct Measured {
    name: &'static str,
    /// ns per op, per round.
    samples: Vec<f64>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// How many ops of this case make a batch of about `target` (the calibration warms it up too).
fn calibrate(run: &mut Runner, target: Duration) -> u64 {
    let mut n = 1u64;
    loop {
        let elapsed = run(n);
        if elapsed >= target / 4 || n >= 1 << 40 {
            let per_op = elapsed.as_secs_f64() / n as f64;
            return ((target.as_secs_f64() / per_op.max(1e-12)) as u64).max(1);
        }
        n *= 4;
    }
}

/// Sizes every case's batches, then runs the rounds with the order rotating from round to round.
fn measure(mut cases: Vec<Case>, settings: &Settings) -> Vec<Measured> {
    let ops: Vec<u64> = cases
        .iter_mut()
        .map(|case| calibrate(&mut case.run, settings.batch))
        .collect();
    let mut samples = vec![Vec::with_capacity(settings.rounds); cases.len()];
    for round in 0..settings.rounds {
        for i in 0..cases.len() {
            let index = (i + round) % cases.len();
            let n = ops[index];
            let elapsed = (cases[index].run)(n);
            samples[index].push(elapsed.as_secs_f64() * 1e9 / n as f64);
        }
    }
    cases
        .into_iter()
        .zip(samples)
        .map(|(case, samples)| Measured {
            name: case.name,
            samples,
        })
        .collect()
}

/// Prints a markdown table; `baseline` (a row index) adds two ratio columns: the median of the
/// per-round ratios, and the ratio of the fastest batches (the least disturbed by other load).
fn table(title: &str, unit: &str, rows: &[Measured], baseline: Option<usize>) {
    println!("\n### {title}\n");
    match baseline {
        Some(b) => {
            let base = rows[b].name;
            println!("| allocator | {unit} (median) | min | × {base} (median) | × {base} (min) |");
            println!("|---|---:|---:|---:|---:|");
        }
        None => {
            println!("| case | {unit} (median) | min |");
            println!("|---|---:|---:|");
        }
    }
    for row in rows {
        let (med, min) = (median(row.samples.clone()), minimum(&row.samples));
        match baseline {
            Some(b) => {
                let ratio = paired(&row.samples, &rows[b].samples, |x, base| x / base);
                let min_ratio = min / minimum(&rows[b].samples);
                println!(
                    "| {} | {} | {} | {ratio:.3} | {min_ratio:.3} |",
                    row.name,
                    fmt_ns(med),
                    fmt_ns(min),
                );
            }
            None => println!("| {} | {} | {} |", row.name, fmt_ns(med), fmt_ns(min)),
        }
    }
}

fn minimum(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn fmt_ns(ns: f64) -> String {
    if ns >= 1000.0 {
        format!("{ns:.0}")
    } else if ns >= 10.0 {
        format!("{ns:.1}")
    } else {
        format!("{ns:.2}")
    }
}

/// (5): the one- and two-thread runs of every allocator share the rounds, so the ratios are
/// paired. Thread creation per batch: batches twice as long.
fn two_threads(settings: &Settings) {
    let settings = Settings {
        rounds: settings.rounds,
        batch: settings.batch * 2,
    };
    let mut cases = every_allocator(&Threads(2));
    let allocators = cases.len();
    cases.extend(every_allocator(&Threads(1)));
    let rows = measure(cases, &settings);
    let (two, one) = rows.split_at(allocators);
    println!(
        "\n### (5) two threads at once, 8 B alloc + free each (per-thread ns/op, wall clock)\n"
    );
    println!(
        "| allocator | 1 thread (median) | 2 threads (median) | 2 threads × `System`'s \
         (median) | (min) | scaling (2.0 = perfect) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (double, single) in two.iter().zip(one) {
        let vs_system = paired(&double.samples, &two[0].samples, |x, base| x / base);
        let vs_system_min = minimum(&double.samples) / minimum(&two[0].samples);
        let scaling = paired(&single.samples, &double.samples, |s, d| 2.0 * s / d);
        println!(
            "| {} | {} | {} | {vs_system:.3} | {vs_system_min:.3} | {scaling:.2} |",
            double.name,
            fmt_ns(median(single.samples.clone())),
            fmt_ns(median(double.samples.clone())),
        );
    }
}

/// The median over rounds of `f(a[round], b[round])`: paired, since the cases of a round run
/// back to back.
fn paired(a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) -> f64 {
    median(a.iter().zip(b).map(|(&x, &y)| f(x, y)).collect())
}

/// Confirms at run time that the checks are (or are not) compiled in, by counting one direct
/// allocation through `QADAPT`.
fn checks_observed() -> bool {
    let ((), stats) = qadapt::count_allocs(|| alloc_free(&QADAPT, layout(8)));
    stats.allocations == 1
}

/// `QADAPT_BENCH_REGION_CASE=i`: runs row `i` of workload (4) `QADAPT_BENCH_OPS` times (default
/// 200 000) and nothing else, so that an instruction counter (`valgrind --tool=callgrind`) can
/// measure one region form at a time, whatever the load of the machine: `run.sh instructions`.
fn run_one_region_case() -> bool {
    let Some(index) = std::env::var("QADAPT_BENCH_REGION_CASE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return false;
    };
    let ops = std::env::var("QADAPT_BENCH_OPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let mut cases = region_cases();
    match cases.get_mut(index) {
        Some(case) => {
            (case.run)(ops);
            println!("{}", case.name);
        }
        None => println!("-"),
    }
    true
}

fn main() {
    if run_one_region_case() {
        return;
    }
    let settings = Settings::from_env();
    let observed = checks_observed();
    assert_eq!(
        observed, CHECKS,
        "qadapt's checks are not in the expected state"
    );
    let start = Instant::now();

    println!("## qadapt allocator benchmark");
    println!();
    println!(
        "- mode: **checks {}** (debug_assertions: {}, feature `always`: {}; observed at run time: {})",
        if CHECKS { "on" } else { "off" },
        cfg!(debug_assertions),
        cfg!(feature = "always"),
        if observed {
            "counting works"
        } else {
            "no counting"
        },
    );
    println!(
        "- {} rounds per workload, batches of about {} ms, allocators interleaved; medians",
        settings.rounds,
        settings.batch.as_millis()
    );
    if !cfg!(debug_assertions) {
        println!(
            "- `assert_no_alloc::AllocDisabler` is absent: its default feature `disable_release` \
             removes it without debug assertions"
        );
    }

    let only = std::env::var("QADAPT_BENCH_ONLY").unwrap_or_default();
    let run = |n: char| only.is_empty() || only.contains(n);
    if run('1') {
        let rows = measure(every_allocator(&AllocFree(8)), &settings);
        table("(1) 8 B alloc + free", "ns/op", &rows, Some(0));
    }
    if run('2') {
        let rows = measure(every_allocator(&AllocFree(8192)), &settings);
        table("(2) 8 KiB alloc + free", "ns/op", &rows, Some(0));
    }
    if run('3') {
        let rows = measure(every_allocator(&Push), &settings);
        let title = "(3) push 10 000 `u32` into a fresh vector (1 alloc, 12 reallocs, 1 free)";
        table(title, "ns/vector", &rows, Some(0));
    }
    if run('4') {
        let rows = measure(region_cases(), &settings);
        table("(4) enter + exit an empty region", "ns/op", &rows, None);
    }
    if run('5') {
        two_threads(&settings);
    }
    if run('6') {
        let rows = measure(count_empty_cases(), &settings);
        let title = "(6) count the allocations of an empty closure";
        table(title, "ns/op", &rows, None);
    }
    if run('7') {
        let rows = measure(counting_hot_path_cases(), &settings);
        let title = "(7) 8 B alloc + free with counting active";
        table(title, "ns/op", &rows, Some(0));
    }

    println!();
    println!("(total {:.1} s)", start.elapsed().as_secs_f64());
}
