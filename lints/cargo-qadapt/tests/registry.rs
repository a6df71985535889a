//! The crash test: the whole pipeline (the engine's load, the walk from
//! the first functions of each crate, pedantic) over every crate in the
//! local registry cache,
//! `$CARGO_HOME/registry/src/*/*/`. Whatever those crates contain, the
//! checker must not panic: every caught panic is an internal error, and
//! there must be none. On the way, every function also checks the promise of
//! the attribute's prescan (`qadapt_lints::may_find`).
//!
//! Crates are surveyed largest first on all cores, each worker on a thread
//! with a large stack: the pipeline recurses over syntax trees, and real
//! crates (itertools 0.15.0 in a debug build) are deeper than a 2 MiB test
//! thread holds. A time budget (`QADAPT_REGISTRY_BUDGET_SECS`, default 240;
//! 0 for none) keeps a huge cache from stalling the run: crates not started
//! when it runs out are only prescanned (the attribute's analysis, cheap),
//! not loaded by the engine, and listed.
//!
//! The survey's coverage depends on what the machine's cache holds, so it is
//! not part of `cargo test --workspace` (`test = false` in Cargo.toml): CI
//! runs it as a step of its own, after the workspace's build has filled the
//! cache, with `cargo test -p cargo-qadapt --features survey --test registry`. An empty cache
//! fails it: a survey of nothing would pass while checking nothing.

use cargo_qadapt::survey::{self, Depth, Survey};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The stack of each surveying thread.
const STACK: usize = 256 << 20;

fn env_secs(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(default)
}

fn name(dir: &std::path::Path) -> String {
    dir.file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned())
}

#[test]
fn no_crash_on_any_registry_crate() {
    let mut crates = survey::registry_crates();
    // `QADAPT_REGISTRY_ONLY=name`: the crates whose directory names contain it, to reproduce.
    if let Ok(only) = std::env::var("QADAPT_REGISTRY_ONLY") {
        crates.retain(|dir| name(dir).contains(&only));
    }
    assert!(
        !crates.is_empty(),
        "no registry source cache found ($CARGO_HOME/registry/src/*/*/): nothing to survey; \
         build the workspace first (`cargo build --workspace`) so that the cache holds its \
         dependencies"
    );
    // Largest first, so that the threads finish together.
    let mut sized: Vec<(u64, std::path::PathBuf)> = crates
        .drain(..)
        .map(|dir| (survey::rust_bytes(&dir), dir))
        .collect();
    sized.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let crates: Vec<std::path::PathBuf> = sized.into_iter().map(|(_, dir)| dir).collect();
    let budget = env_secs("QADAPT_REGISTRY_BUDGET_SECS", 240);
    let per_crate = Duration::from_secs(env_secs("QADAPT_REGISTRY_CRATE_SECS", 300));
    let started = Instant::now();
    let out_of_time = || budget > 0 && started.elapsed().as_secs() >= budget;
    let skipped = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    let total = Mutex::new(Survey::default());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    // What each worker surveys now, and since when: the watchdog's view.
    let current: Mutex<Vec<Option<(usize, Instant)>>> = Mutex::new(vec![None; threads]);
    let finished = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for worker_index in 0..threads {
            let worker = std::thread::Builder::new().stack_size(STACK);
            let (crates, next, skipped, total, current, finished) =
                (&crates, &next, &skipped, &total, &current, &finished);
            let out_of_time = &out_of_time;
            let spawned = worker.spawn_scoped(scope, move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(dir) = crates.get(i) else { break };
                    // Out of time, the prescan still reads every crate:
                    // only the engine's load and walk are left out.
                    let depth = if out_of_time() {
                        skipped.lock().unwrap().push(dir.clone());
                        Depth::PRESCAN
                    } else {
                        Depth::FULL
                    };
                    let began = Instant::now();
                    current.lock().unwrap()[worker_index] = Some((i, began));
                    let one = survey::survey(dir, depth);
                    current.lock().unwrap()[worker_index] = None;
                    println!(
                        "  {} in {:.1}s: {} walks, {} findings",
                        name(dir),
                        began.elapsed().as_secs_f64(),
                        one.walks,
                        one.findings
                    );
                    total.lock().unwrap().add(&one);
                }
                finished.fetch_add(1, Ordering::Relaxed);
            });
            spawned.expect("spawning a surveying thread");
        }
        // The watchdog: a crate that takes longer than `per_crate` hangs.
        while finished.load(Ordering::Relaxed) < threads {
            std::thread::sleep(Duration::from_millis(200));
            let hung = current
                .lock()
                .unwrap()
                .iter()
                .flatten()
                .find(|(_, began)| began.elapsed() > per_crate)
                .map(|(i, _)| crates[*i].clone());
            if let Some(dir) = hung {
                eprintln!(
                    "HANG: surveying {} has taken more than {}s (QADAPT_REGISTRY_CRATE_SECS); \
                     the checker must finish on every crate",
                    dir.display(),
                    per_crate.as_secs()
                );
                std::process::exit(1);
            }
        }
    });
    let total = total.into_inner().unwrap();
    let skipped = skipped.into_inner().unwrap();
    println!(
        "surveyed {} registry crates ({} prescanned only): {} crates loaded, {} files, {} lines, {} functions, \
         {} walks over {} functions with {} findings, {} packages not loaded, {} functions \
         cleared by the prescan, in {:.1}s",
        crates.len(),
        skipped.len(),
        total.crates,
        total.files,
        total.lines,
        total.functions,
        total.walks,
        total.walked,
        total.findings,
        total.problems.len(),
        total.prescan_cleared,
        started.elapsed().as_secs_f64(),
    );
    for problem in total.problems.iter().take(10) {
        println!("  skipped: {problem}");
    }
    if !skipped.is_empty() {
        println!(
            "NOT LOADED BY THE CHECKER, out of time ({budget}s, QADAPT_REGISTRY_BUDGET_SECS), \
             prescanned only: {} crates: {}",
            skipped.len(),
            skipped
                .iter()
                .take(20)
                .map(|dir| name(dir))
                .collect::<Vec<_>>()
                .join(", ")
                + if skipped.len() > 20 { ", ..." } else { "" }
        );
    }
    assert!(
        total.internal_errors.is_empty(),
        "{} internal errors:\n{}",
        total.internal_errors.len(),
        total
            .internal_errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    // `#[no_alloc]` skips the analysis of a function the prescan clears: on
    // every registry function, it must clear none that has a finding.
    assert!(
        total.prescan_misses.is_empty(),
        "{} functions with a finding the prescan missed:\n{}",
        total.prescan_misses.len(),
        total.prescan_misses.join("\n")
    );
    assert!(total.files > 0);
}
