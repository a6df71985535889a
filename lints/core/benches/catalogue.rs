//! The cost of a catalogue lookup by resolved key, next to a scan of the table (what a lookup
//! without the index would cost), in one run: `cargo bench -p qadapt-lints --bench catalogue`.
//!
//! The crate-wide checker looks up every std call it meets, so a lookup must stay a few
//! comparisons whatever the size of the table.

use qadapt_lints::catalogue::{self, Entry};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The best of `runs` timings of `f`, per call of `f`'s `calls` lookups.
fn best(runs: usize, calls: usize, mut f: impl FnMut() -> usize) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed() / calls as u32
        })
        .min()
        .unwrap_or_default()
}

fn scan(key: &str) -> Option<&'static Entry> {
    catalogue::entries()
        .iter()
        .copied()
        .find(|entry| entry.resolved.contains(&key))
}

fn main() {
    let mut keys: Vec<&str> = catalogue::resolved_keys().collect();
    // As many misses as hits: most std calls a checker meets are not in the table.
    let misses: Vec<String> = keys.iter().map(|key| format!("{key}_")).collect();
    keys.extend(misses.iter().map(String::as_str));
    let calls = keys.len() * 100;
    let indexed = best(20, calls, || {
        let mut found = 0;
        for _ in 0..100 {
            for key in &keys {
                found += usize::from(catalogue::by_resolved_path(black_box(key)).is_some());
            }
        }
        found
    });
    let scanned = best(20, calls, || {
        let mut found = 0;
        for _ in 0..100 {
            for key in &keys {
                found += usize::from(scan(black_box(key)).is_some());
            }
        }
        found
    });
    println!(
        "{} entries, {} resolved keys; lookup by resolved key (half hits, half misses):",
        catalogue::entries().len(),
        keys.len() / 2,
    );
    println!("  by_resolved_path (sorted index): {indexed:?} per lookup");
    println!("  scan of the table:               {scanned:?} per lookup");
    println!(
        "  ratio: {:.0}x",
        scanned.as_secs_f64() / indexed.as_secs_f64().max(1e-12)
    );
}
