//! Throughput of the audit pipeline (read, parse, index, analyse every
//! function) over a large real crate from the registry cache: tokio when
//! present, else syn 3. Prints lines per second, on one core; then the
//! same for `check` as if every function were `#[no_alloc]` (a walk from
//! each, following calls, analyses shared between walks as in `check`).
//!
//! `cargo bench -p cargo-qadapt --bench throughput` (or with a directory as
//! argument: `-- /path/to/crate`).

use cargo_qadapt::follow::Follower;
use cargo_qadapt::index::Index;
use cargo_qadapt::{audit, check};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn find_crate() -> Option<PathBuf> {
    let crates = cargo_qadapt::survey::registry_crates();
    let named = |prefix: &str| {
        crates
            .iter()
            .filter(|dir| {
                dir.file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with(prefix))
            })
            .max()
            .cloned()
    };
    named("tokio-1.")
        .or_else(|| named("syn-3."))
        .or_else(|| named("syn-"))
}

fn main() {
    let dir = std::env::args()
        .skip(1)
        .find(|arg| !arg.starts_with('-'))
        .map(PathBuf::from)
        .or_else(find_crate);
    let Some(dir) = dir else {
        println!("throughput: no crate to measure (no registry cache); skipped");
        return;
    };
    let mut best = Duration::MAX;
    let mut best_parse = Duration::MAX;
    let mut lines = 0;
    let mut files = 0;
    let mut functions = 0;
    let mut allocating = 0;
    let started = Instant::now();
    let mut runs = 0;
    while runs < 3 || (started.elapsed() < Duration::from_secs(10) && runs < 20) {
        let t = Instant::now();
        let loaded = match check::load(&dir, false, &mut |_, _| {}) {
            Ok(loaded) => loaded,
            Err(err) => {
                println!("throughput: cannot load {}: {err}", dir.display());
                return;
            }
        };
        let parsed = t.elapsed();
        let report = audit::audit(&loaded);
        let elapsed = t.elapsed();
        best = best.min(elapsed);
        best_parse = best_parse.min(parsed);
        lines = report.stats.lines;
        files = report.stats.files;
        functions = report.stats.functions;
        allocating = report.entries.len();
        drop(loaded);
        proc_macro2::extra::invalidate_current_thread_spans();
        runs += 1;
    }
    let per_second = |d: Duration| lines as f64 / d.as_secs_f64();
    println!(
        "throughput: audit of {} ({files} files, {lines} lines, {functions} functions, \
         {allocating} allocating): best of {runs} runs {:.1} ms = {:.0} lines/s \
         (loading and parsing alone: {:.1} ms = {:.0} lines/s)",
        dir.display(),
        best.as_secs_f64() * 1e3,
        per_second(best),
        best_parse.as_secs_f64() * 1e3,
        per_second(best_parse),
    );
    check_every_fn(&dir);
}

/// `check` with every function a root: load, index, walk from each.
fn check_every_fn(dir: &std::path::Path) {
    let mut best = Duration::MAX;
    let mut lines = 0;
    let mut roots = 0;
    let mut reached = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let Ok(loaded) = check::load(dir, false, &mut |_, _| {}) else {
            return;
        };
        let index = Index::build(&loaded.sources);
        let mut follower = Follower::new(&index);
        let options = qadapt_lints::Options::default();
        reached = 0;
        for id in 0..index.fns.len() {
            reached += follower.walk(id, &options).reached.len();
        }
        best = best.min(t.elapsed());
        lines = loaded.sources.lines();
        roots = index.fns.len();
        drop(follower);
        drop(index);
        drop(loaded);
        proc_macro2::extra::invalidate_current_thread_spans();
    }
    println!(
        "throughput: check of {} with all {roots} functions as #[no_alloc] roots ({lines} lines, \
         {reached} findings reached): best of 3 runs {:.1} ms = {:.0} lines/s",
        dir.display(),
        best.as_secs_f64() * 1e3,
        lines as f64 / best.as_secs_f64(),
    );
}
