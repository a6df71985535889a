//! The main thread ending with a region still open and a violation pending (when `main` returns,
//! and at `std::process::exit`) must still be heard: the message, then an abort. So must a
//! violation made by a thread-local destructor that runs after qadapt's exit check (the value was
//! touched before the thread's first region) in the `protect()` region it leaks.
//!
//! No libtest harness here: the child's `main` is the test subject, and the parent runs it as a
//! child process (so not under Miri, and only where the checks are compiled in).

#[global_allocator]
static Q: qadapt::QADAPT = qadapt::QADAPT;

use std::hint::black_box;
use std::process::Command;

const VAR: &str = "QADAPT_MAIN_CHILD";

fn main() {
    if cfg!(miri) || !cfg!(any(debug_assertions, feature = "always")) {
        println!("main_thread_exit: skipped (needs the runtime checks and child processes)");
        return;
    }
    // Decided before anything else: the variable's `String` is freed at the end of `main`.
    if std::env::var_os(VAR).is_some_and(|mode| mode == "destructor") {
        LEAKS.with(|_| ()); // registered first: destroyed after qadapt's exit check
        drop(qadapt::protect()); // the first region: the exit check registers now
        return;
    }
    match std::env::var(VAR).as_deref() {
        Ok("return") => {
            qadapt::enter_protected();
            let b = Box::new(black_box(5u64));
            black_box(&b);
            // `main` returns with the region open.
        }
        Ok("exit") => {
            qadapt::enter_protected();
            let b = Box::new(black_box(6u64));
            black_box(&b);
            std::process::exit(0);
        }
        _ => {
            for how in ["return", "exit", "destructor"] {
                main_thread_ending_with_a_pending_violation_aborts(how);
                println!("main_thread_exit: ending by {how} ... ok");
            }
        }
    }
}

/// A thread-local value whose destructor leaks a `protect()` and allocates in its region.
struct LeaksARegion;

impl Drop for LeaksARegion {
    fn drop(&mut self) {
        std::mem::forget(qadapt::protect());
        std::mem::forget(black_box(Box::new(black_box(7u64))));
    }
}

std::thread_local! {
    static LEAKS: LeaksARegion = const { LeaksARegion };
}

fn main_thread_ending_with_a_pending_violation_aborts(how: &str) {
    let output = Command::new(std::env::current_exe().unwrap())
        .env(VAR, how)
        .env_remove("QADAPT_POLICY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let dump = format!("ending by {how}: {:?}\n{stderr}", output.status);
    assert!(!output.status.success(), "{dump}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(6), "SIGABRT: {dump}");
    }
    let line = stderr
        .lines()
        .find(|l| l.starts_with("qadapt:"))
        .unwrap_or_else(|| panic!("no qadapt line: {dump}"));
    assert!(
        line.starts_with(&format!(
            "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ({}:",
            file!()
        )),
        "{dump}"
    );
    let tail = match how {
        "destructor" => {
            "made while the thread was ending, after qadapt's exit check, so it is reported here; aborting"
        }
        _ => "the thread exited before its region did, so it is reported here; aborting",
    };
    assert!(line.ends_with(tail), "{dump}");
}
