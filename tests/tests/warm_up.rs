//! `warm_up()`: std's lazy first-use allocations, each checked in a fresh process (no test
//! harness: libtest's own output would initialise stdout before any test runs).
//!
//! Each scenario runs as a child of this binary, protected under `Policy::Log`, and reports how
//! many violations its region saw; the parent checks cold (reported) against warm (silent).

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::io::Write;
use std::process::Command;

/// The first uses `warm_up()` covers, as `(name, what the region does)`.
const FIRST_USES: &[(&str, fn())] = &[
    ("stdout", || {
        let _ = std::io::stdout().write_all(b"");
    }),
    ("println", || println!("warm_up check")),
    ("stdin", || {
        let _ = std::io::stdin();
    }),
];

fn main() {
    let mut args = std::env::args().skip(1);
    if let (Some(mode), Some(name)) = (args.next(), args.next())
        && (mode == "cold" || mode == "warm")
    {
        return child(&mode, &name);
    }
    if !cfg!(any(debug_assertions, feature = "always")) {
        println!("warm_up: checks compiled out, nothing to test");
        println!("0 passed, 0 failed");
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    let (mut passed, mut failed) = (0, 0);
    for (name, _) in FIRST_USES {
        for mode in ["cold", "warm"] {
            let out = Command::new(&exe)
                .args([mode, name])
                .output()
                .expect("run child");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let violations = stderr
                .lines()
                .find_map(|l| l.strip_prefix("violations: "))
                .and_then(|n| n.trim().parse::<usize>().ok());
            let ok = match (mode, violations) {
                ("cold", Some(n)) => n > 0 && stderr.contains("qadapt: allocation of"),
                ("warm", Some(n)) => n == 0,
                _ => false,
            };
            println!(
                "test {mode} first use of {name} is {} ... {}",
                if mode == "cold" {
                    "reported"
                } else {
                    "silent after warm_up()"
                },
                if ok { "ok" } else { "FAILED" }
            );
            if !ok {
                println!(
                    "--- child stderr ---\n{stderr}--- status: {} ---",
                    out.status
                );
                failed += 1;
            } else {
                passed += 1;
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn child(mode: &str, name: &str) {
    let (_, first_use) = FIRST_USES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("known first use");
    qadapt::set_policy(qadapt::Policy::Log);
    if mode == "warm" {
        qadapt::warm_up();
    }
    let before = qadapt::violation_count();
    qadapt::assert_no_alloc!(first_use());
    let seen = qadapt::violation_count() - before;
    // stderr is unbuffered and allocation-free: safe to report on.
    eprintln!("violations: {seen}");
}
