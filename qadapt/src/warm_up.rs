//! `warm_up`: make std's lazy first-use allocations before a real-time loop is protected.

/// Touches, once, what would otherwise allocate the first time it is used inside a protected
/// region, so a real-time loop does not report it. Call it at start-up, unprotected.
///
/// Measured on Rust 1.95 (each verified by a test):
///
/// | first use | allocates |
/// |---|---|
/// | `std::io::stdout()` (the first `print!`/`println!`) | its 1 KiB line buffer |
/// | `std::io::stdin()` (the first read) | its 8 KiB read buffer |
/// | qadapt's own start-up: `QADAPT_POLICY`, [`is_active`](crate::is_active) | reads the environment |
///
/// Already allocation-free on first use, so not covered: `stderr()`, `thread::current()`,
/// `Instant::now()`, `SystemTime::now()`, `thread::sleep`, `Mutex`, `OnceLock`,
/// `RandomState::new()`. Still allocating on *every* call, so never "warm": `env::var`,
/// `thread::available_parallelism`, `Backtrace::capture`, `thread::spawn`.
///
/// Nothing warms up implicitly: without `warm_up()`, the first stdout write inside a region is
/// reported like any other allocation.
#[track_caller]
pub fn warm_up() {
    crate::pending::report();
    crate::violation_policy::init();
    let _ = crate::is_active();
    #[cfg(feature = "std")]
    {
        let _ = std::io::stdout();
        let _ = std::io::stdin();
    }
}
