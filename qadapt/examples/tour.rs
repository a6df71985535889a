//! A guided tour of qadapt: `cargo run --example tour`.
//!
//! Its build shows the compile-time half (the warnings of `#[no_alloc] fn label`); its run
//! shows the run-time half: regions, what a report looks like, and the policies.

use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};

use qadapt::{Policy, QADAPT, no_alloc};

#[global_allocator]
static Q: QADAPT = QADAPT;

/// Mixes `input` into `out`: allocation-free, so `#[no_alloc]` has nothing to say.
#[no_alloc]
fn mix(out: &mut [f32], input: &[f32], gain: f32) {
    for (o, x) in out.iter_mut().zip(input) {
        *o += x * gain;
    }
}

/// Allocates through a helper the static walk cannot see into: caught at run time, by name.
#[no_alloc]
fn process(out: &mut [f32], input: &[f32]) {
    mix(out, input, 0.5);
    log_peak(out);
}

fn log_peak(out: &[f32]) {
    let peak = out.iter().copied().fold(0.0f32, f32::max);
    black_box(peak.to_string()); // a heap allocation, two calls deep
}

/// Building this example prints a warning pointing at `format` below: the static half.
/// (The warning is the point; CI's `cargo clippy -- -D warnings` is told so.)
#[no_alloc]
#[cfg_attr(clippy, allow(deprecated))]
fn label(n: usize) -> usize {
    format!("block {n}").len()
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("abort-demo") {
        return abort_demo();
    }
    qadapt::warm_up();
    println!(
        "qadapt tour: checks are {}\n",
        if qadapt::is_active() {
            "ON"
        } else {
            "compiled out (release build)"
        }
    );

    section("1. A protected region that keeps its promise");
    let mut samples: Vec<u32> = Vec::with_capacity(4);
    let len = qadapt::assert_no_alloc!({
        samples.push(1);
        samples.push(2);
        samples.len()
    });
    println!("pushed into reserved capacity inside `assert_no_alloc!`: len = {len}, no report\n");

    section("2. A region that breaks it: caught, reported at the region's exit");
    let message = caught(|| {
        qadapt::assert_no_alloc!({
            for i in 0..8 {
                samples.push(i); // grows past the capacity: reallocations
            }
        })
    });
    println!("{message}\n");

    section("3. `#[no_alloc]` catches what the compiler cannot see");
    let mut out = [0.0f32; 4];
    mix(&mut out, &[1.0, 2.0, 3.0, 4.0], 1.0);
    println!("mix(): fine, out = {out:?}");
    let message = caught(|| process(&mut out, &[1.0; 4]));
    println!("process() -> log_peak() -> to_string():\n{message}");
    let message = caught(|| black_box(label(3)));
    println!("label() (its build warned about `format!`):\n{message}\n");

    section("4. Counting and budgets");
    let (_, stats) = qadapt::count_allocs(|| {
        let mut v = Vec::with_capacity(2);
        v.extend([1, 2, 3]);
        black_box(v)
    });
    println!("count_allocs: {stats:?}");
    let parsed = qadapt::assert_allocs!(max = 1, {
        let mut words: Vec<&str> = Vec::with_capacity(8);
        words.extend("allocation budgets keep parsers honest".split(' '));
        words.len()
    });
    println!("assert_allocs!(max = 1, ..) parsed {parsed} words in one allocation\n");

    section("5. Policies, for regions that never exit");
    qadapt::set_policy(Policy::Log);
    println!("Policy::Log writes one line per violation to stderr and carries on:");
    qadapt::assert_no_alloc!(black_box(Box::new(1u64)));
    qadapt::set_policy(Policy::Report);
    println!("\nPolicy::Report lets violations through and keeps a table of distinct sites:");
    for _ in 0..3 {
        qadapt::assert_no_alloc!(black_box(Box::new([0u8; 64])));
    }
    let report = qadapt::report();
    println!(
        "report(): {} site(s), the first seen {} time(s)",
        report.sites().len(),
        report.sites().first().map_or(0, |s| s.count())
    );
    qadapt::set_policy(Policy::Panic);
    println!(
        "\nPolicy::Abort writes the message without allocating and aborts at once (a child process):"
    );
    let exe = std::env::current_exe().expect("own path");
    let child = std::process::Command::new(exe)
        .arg("abort-demo")
        .output()
        .expect("run child");
    print!("{}", String::from_utf8_lossy(&child.stderr));
    println!("child exit status: {} (aborted)\n", child.status);
    println!("That's the tour. Next: the README's table of regions, and `cargo test --workspace`.");
}

fn abort_demo() {
    qadapt::set_policy(Policy::Abort);
    qadapt::assert_no_alloc!(black_box(Box::new(1u32)));
}

fn section(title: &str) {
    println!("== {title}");
}

/// Runs `f`, expecting qadapt's report; returns the panic message.
fn caught<R>(f: impl FnOnce() -> R) -> String {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    match result {
        Ok(_) => String::from("(nothing reported: checks are compiled out)"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| String::from("(non-string panic)")),
    }
}
