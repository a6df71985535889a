//! The `no_std` build's logic, run on the host: one global protection state behind a spin lock
//! instead of thread-locals. Run with `cargo test -p qadapt --no-default-features --test
//! no_std_host`; with `std` on it has nothing to check. Single-threaded on purpose (no test
//! harness): without threads to tell apart, any thread's allocations count.

#[cfg(not(feature = "std"))]
#[global_allocator]
static Q: qadapt::Qadapt<std::alloc::System> = qadapt::Qadapt::new(std::alloc::System);

#[cfg(feature = "std")]
fn main() {
    println!("no_std_host: built with `std`; run with --no-default-features");
}

#[cfg(not(feature = "std"))]
fn main() {
    use std::hint::black_box;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    // The expected panics would each print a message; the checks say what failed.
    std::panic::set_hook(Box::new(|_| {}));
    let checks: &[(&str, fn())] = &[
        ("the allocator is detected", || assert!(qadapt::is_active())),
        (
            "a protected allocation panics at region exit, without a thread name",
            || {
                let payload = catch_unwind(|| {
                    qadapt::assert_no_alloc!(drop(black_box(Box::new(7u64))));
                })
                .unwrap_err();
                let message = payload.downcast_ref::<String>().expect("String payload");
                assert!(
                    message.starts_with(
                        "qadapt: allocation of 8 bytes (align 8) inside no-alloc region ("
                    ),
                    "{message}"
                );
                assert!(
                    message.contains("1 more violation"),
                    "the free is counted: {message}"
                );
                assert!(!message.contains("on thread"), "{message}");
                assert_eq!(qadapt::protection_level(), 0);
            },
        ),
        (
            "allow_alloc lifts protection, forbid_alloc does not",
            || {
                qadapt::assert_no_alloc!(qadapt::allow_alloc(|| drop(black_box(vec![1u8; 4]))));
                let r = catch_unwind(|| {
                    qadapt::forbid_alloc(|| qadapt::allow_alloc(|| drop(black_box(vec![1u8; 4]))))
                });
                assert!(r.is_err());
            },
        ),
        ("count_allocs counts", || {
            let (_, stats) = qadapt::count_allocs(|| drop(black_box(Box::new([0u8; 32]))));
            assert_eq!((stats.allocations, stats.deallocations), (1, 1));
            assert_eq!(stats.bytes_allocated, 32);
            assert_eq!(stats.peak_bytes, 32);
        }),
        ("budgets allow `max` allocations", || {
            let v = qadapt::assert_allocs!(max = 1, black_box(Vec::<u8>::with_capacity(4)));
            drop(v);
            let r = catch_unwind(AssertUnwindSafe(|| {
                qadapt::assert_allocs!(max = 1, {
                    let a = black_box(Box::new(1u8));
                    let b = black_box(Box::new(2u8));
                    (a, b)
                })
            }));
            let payload = r.unwrap_err();
            let message = payload.downcast_ref::<String>().unwrap();
            assert!(message.contains("budget of 1"), "{message}");
        }),
        ("enter/exit nest and restore", || {
            qadapt::enter_protected();
            qadapt::enter_protected();
            assert_eq!(qadapt::protection_level(), 2);
            qadapt::exit_protected();
            qadapt::exit_protected();
            assert_eq!(qadapt::protection_level(), 0);
            drop(black_box(Box::new(1u8)));
        }),
    ];
    let mut failed = 0;
    for (name, check) in checks {
        let ok = catch_unwind(*check).is_ok();
        println!("test {name} ... {}", if ok { "ok" } else { "FAILED" });
        failed += usize::from(!ok);
    }
    println!("{} passed, {failed} failed", checks.len() - failed);
    if failed > 0 {
        std::process::exit(1);
    }
}
