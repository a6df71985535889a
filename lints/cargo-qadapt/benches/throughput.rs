//! `cargo qadapt check` next to a cold `cargo check` of the same project,
//! side by side in one run: the checker's wall time by phase (loading the
//! crate graph, the walks) and its peak memory, then `cargo check` into a
//! fresh target directory, and the ratio.
//!
//! `cargo bench -p cargo-qadapt --bench throughput -- [MANIFEST]...`
//! (default: this workspace's root manifest, with every member). Set
//! `QADAPT_BENCH_NO_CARGO=1` to skip the cold `cargo check`.

use cargo_qadapt::check;
use cargo_qadapt::load::{self, LoadOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let manifests: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    let manifests = if manifests.is_empty() {
        vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("../../Cargo.toml")]
    } else {
        manifests
    };
    for manifest in manifests {
        measure(&manifest);
    }
}

fn measure(manifest: &Path) {
    let started = Instant::now();
    let options = LoadOptions {
        manifest_path: Some(manifest.to_path_buf()),
        workspace: true,
        ..LoadOptions::default()
    };
    let loaded = match load::load(&options, &mut cargo_qadapt::progress::Silent) {
        Ok(loaded) => loaded,
        Err(err) => {
            println!("throughput: cannot load {}: {err}", manifest.display());
            return;
        }
    };
    let loading = started.elapsed();
    let report = check::check(&loaded, &mut cargo_qadapt::progress::Silent);
    let total = started.elapsed();
    let peak = peak_rss_mib();
    println!(
        "cargo qadapt check {}: {:.1} s (loading {:.1} s, roots and walks {:.1} s), peak RSS \
         {peak} MiB; {} roots, {} functions reached, {} findings, {} notes",
        manifest.display(),
        total.as_secs_f64(),
        loading.as_secs_f64(),
        (total - loading).as_secs_f64(),
        report.stats.roots,
        report.stats.reached,
        report.diagnostics.len(),
        report.notes.len(),
    );
    if std::env::var_os("QADAPT_BENCH_NO_CARGO").is_some() {
        return;
    }
    let target = std::env::temp_dir().join(format!("qadapt-bench-target-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let status = Command::new(cargo)
        .args(["check", "--quiet", "--workspace", "--manifest-path"])
        .arg(manifest)
        .arg("--target-dir")
        .arg(&target)
        .status();
    let cold = started.elapsed();
    let _ = std::fs::remove_dir_all(&target);
    match status {
        Ok(status) if status.success() => println!(
            "cold cargo check {}: {:.1} s; cargo qadapt check / cold cargo check = {:.2}",
            manifest.display(),
            cold.as_secs_f64(),
            total.as_secs_f64() / cold.as_secs_f64()
        ),
        other => println!("cold cargo check {} failed: {other:?}", manifest.display()),
    }
}

/// The process's peak resident set, from `/proc/self/status` (0 where
/// there is none).
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| {
                    rest.trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
        })
        .map_or(0, |kib| kib / 1024)
}
