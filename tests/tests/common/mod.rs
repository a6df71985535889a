//! Helpers shared by the test binaries: reading panic payloads, raw allocations of exact sizes,
//! probing which checks are armed, a tiny executor, and running the test binary as a child.
//!
//! Every test file is its own crate and uses a different subset of these.
#![allow(dead_code)]

use std::alloc::Layout;
use std::any::Any;
use std::future::Future;
use std::hint::black_box;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

/// Small loop counts under Miri, real ones otherwise.
pub const fn iterations(real: usize, miri: usize) -> usize {
    if cfg!(miri) { miri } else { real }
}

/// The text of a panic payload: `panic!` gives a `&'static str` or a `String`, qadapt's region
/// exits always a `String`.
pub fn payload_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&'static str>() {
        (*s).to_owned()
    } else {
        panic!("panic payload is neither a String nor a &str")
    }
}

/// Runs `f`, which must panic, and returns the panic's message.
#[track_caller]
pub fn panic_message<R>(f: impl FnOnce() -> R) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected a panic, the closure returned normally"),
        Err(payload) => payload_text(&*payload),
    }
}

/// Runs `f`, which must panic with qadapt's region-exit payload (a `String` starting with
/// `qadapt:`), and returns that message.
#[track_caller]
pub fn qadapt_panic<R>(f: impl FnOnce() -> R) -> String {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(_) => panic!("expected qadapt to panic, the closure returned normally"),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .unwrap_or_else(|| {
                    panic!(
                        "qadapt's panic payload must be a String, got {:?}",
                        payload_text(&*payload)
                    )
                })
                .clone();
            assert!(
                message.starts_with("qadapt: "),
                "not a qadapt message: {message:?}"
            );
            message
        }
    }
}

/// One heap allocation of exactly `bytes` bytes (align 1), made out of the static walk's sight
/// (for `#[no_alloc]` tests, which must compile without a single finding).
#[inline(never)]
pub fn heap(bytes: usize) -> Vec<u8> {
    black_box(Vec::with_capacity(black_box(bytes)))
}

/// [`qadapt_panic`], then checks that the thread is left unprotected and able to allocate.
#[track_caller]
pub fn qadapt_panic_unprotected<R>(f: impl FnOnce() -> R) -> String {
    let message = qadapt_panic(f);
    assert_eq!(
        qadapt::protection_level(),
        0,
        "the region is closed after the panic"
    );
    drop(black_box(heap(8)));
    message
}

/// `file:line:column` of the name of the `nth` of the `count` `fn <name>`s in `source` (the text
/// of `file`), as `#[track_caller]` reports it.
pub fn fn_name_location(source: &str, file: &str, name: &str, nth: usize, count: usize) -> String {
    let needle = format!("fn {name}");
    let found: Vec<usize> = source
        .match_indices(&needle)
        .map(|(at, _)| at)
        .filter(|&at| {
            source[at + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '(' || c == '<')
        })
        .collect();
    assert_eq!(
        found.len(),
        count,
        "`fn {name}` must occur {count} time(s) in {file}"
    );
    let at = found[nth] + "fn ".len();
    let line = source[..at].matches('\n').count() + 1;
    let column = at - source[..at].rfind('\n').map_or(0, |nl| nl + 1) + 1;
    format!("{file}:{line}:{column}")
}

/// A heap block of an exact size and alignment, made and resized with the global allocator's own
/// calls, so each operation is exactly one `alloc`, `alloc_zeroed`, `realloc` or `dealloc`.
pub struct RawBlock {
    ptr: *mut u8,
    layout: Layout,
}

impl RawBlock {
    /// One `alloc` call.
    pub fn new(size: usize, align: usize) -> RawBlock {
        let layout = Layout::from_size_align(size, align).expect("valid layout");
        assert!(size > 0);
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { std::alloc::alloc(layout) };
        assert!(!ptr.is_null(), "allocation failed");
        RawBlock {
            ptr: black_box(ptr),
            layout,
        }
    }

    /// One `alloc_zeroed` call.
    pub fn zeroed(size: usize, align: usize) -> RawBlock {
        let layout = Layout::from_size_align(size, align).expect("valid layout");
        assert!(size > 0);
        // SAFETY: the layout has a non-zero size.
        let ptr = unsafe { std::alloc::alloc_zeroed(layout) };
        assert!(!ptr.is_null(), "allocation failed");
        RawBlock {
            ptr: black_box(ptr),
            layout,
        }
    }

    /// One `realloc` call.
    pub fn resize(&mut self, new_size: usize) {
        assert!(new_size > 0);
        // SAFETY: `ptr` was allocated with `layout` by the global allocator; `new_size` is
        // non-zero and, rounded up to `align`, far from overflowing.
        let ptr = unsafe { std::alloc::realloc(self.ptr, self.layout, new_size) };
        assert!(!ptr.is_null(), "reallocation failed");
        self.ptr = black_box(ptr);
        self.layout = Layout::from_size_align(new_size, self.layout.align()).expect("valid");
    }

    pub fn size(&self) -> usize {
        self.layout.size()
    }

    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` points to `size` bytes; only read after `zeroed` (or after writing).
        unsafe { std::slice::from_raw_parts(self.ptr, self.layout.size()) }
    }
}

impl Drop for RawBlock {
    /// One `dealloc` call.
    fn drop(&mut self) {
        // SAFETY: `ptr` was allocated with `layout` by the global allocator, freed only here.
        unsafe { std::alloc::dealloc(self.ptr, self.layout) }
    }
}

/// One allocation of 8 bytes (align 8) through `Box`, opaque to the optimizer.
#[inline(never)]
pub fn boxed(value: u64) -> Box<u64> {
    black_box(Box::new(black_box(value)))
}

/// Which allocator calls the thread's current mode turns into violations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks {
    pub alloc: bool,
    pub dealloc: bool,
}

pub const CHECKED: Checks = Checks {
    alloc: true,
    dealloc: true,
};
pub const UNCHECKED: Checks = Checks {
    alloc: false,
    dealloc: false,
};
/// Inside `allow_dealloc`: frees accepted, allocations still violations.
pub const DEALLOC_ONLY_ALLOWED: Checks = Checks {
    alloc: true,
    dealloc: false,
};

/// Probes the thread's mode without disturbing it: makes one allocation and one deallocation,
/// watches `violation_count()`, and if they were violations, consumes the pending report (a
/// qadapt panic at the next safe point, caught here) so that the enclosing regions exit cleanly.
/// Allocation-free itself, so it may run inside any region.
pub fn current_checks() -> Checks {
    let start = violation_count_swallowing();
    let b = boxed(1);
    let after_alloc = violation_count_swallowing();
    drop(b);
    let after_dealloc = violation_count_swallowing();
    Checks {
        alloc: after_alloc > start,
        dealloc: after_dealloc > after_alloc,
    }
}

/// `qadapt::violation_count()`, which is a safe point like every qadapt call: a violation pending
/// here is raised, caught and its payload parked in [`stash`], then the count read again.
fn violation_count_swallowing() -> usize {
    match catch_unwind(qadapt::violation_count) {
        Ok(count) => count,
        Err(payload) => {
            stash_report(payload);
            qadapt::violation_count()
        }
    }
}

/// Consumes the thread's pending violation without allocating or freeing: `protection_level()`
/// is a safe point, so it panics with the report; the panic is caught, checked to be qadapt's,
/// and its payload parked in [`stash`].
#[track_caller]
pub fn swallow_pending() {
    match catch_unwind(qadapt::protection_level) {
        Ok(_) => panic!("expected a pending violation"),
        Err(payload) => stash_report(payload),
    }
}

/// Checks that a caught panic is qadapt's report, and parks its payload in [`stash`].
#[track_caller]
fn stash_report(payload: Payload) {
    assert!(
        payload
            .downcast_ref::<String>()
            .is_some_and(|m| m.starts_with("qadapt: ")),
        "not a qadapt report"
    );
    stash(payload);
}

/// The text of a payload, without allocating.
pub fn payload_str(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&'static str>().copied())
}

type Payload = Box<dyn Any + Send>;

/// Parking places for panic payloads caught inside regions: dropping one there would be a
/// deallocation. Parked payloads stay until the process ends (reachable from a static, so not a
/// leak for Miri either).
static STASH: [Mutex<Option<Payload>>; 2048] = [const { Mutex::new(None) }; 2048];

/// Keeps `payload` alive without allocating or freeing anything.
pub fn stash(payload: Payload) {
    for slot in &STASH {
        if let Ok(mut slot) = slot.try_lock()
            && slot.is_none()
        {
            *slot = Some(payload);
            return;
        }
    }
    panic!("the payload stash is full");
}

/// Runs `f` inside the current region and returns its panic payload, to be inspected with
/// [`payload_str`] and then [`stash`]ed or dropped outside the region. Allocation-free.
pub fn catch_in_region<R>(f: impl FnOnce() -> R) -> Option<Payload> {
    catch_unwind(AssertUnwindSafe(f)).err()
}

/// `file:line:col` of the first `needle` on line `line` of `source` (the test file's own text,
/// from `include_str!`), as `Location` prints it (columns count chars from 1).
pub fn location_in(source: &str, file: &str, line: u32, needle: &str) -> String {
    let text = source
        .lines()
        .nth(line as usize - 1)
        .expect("line inside the file");
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not on line {line}: {text:?}"));
    let column = text[..byte].chars().count() + 1;
    format!("{file}:{line}:{column}")
}

/// `file:line:col` of `needle` on the one line of `source` that carries the comment `marker`.
pub fn marked_location(source: &str, file: &str, marker: &str, needle: &str) -> String {
    let comment = format!("// {marker}");
    let mut lines = source
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end().ends_with(&comment));
    let (index, _) = lines
        .next()
        .unwrap_or_else(|| panic!("marker {marker:?} not found"));
    assert!(lines.next().is_none(), "marker {marker:?} is not unique");
    location_in(source, file, index as u32 + 1, needle)
}

/// A future that is pending once, then ready.
#[derive(Default)]
pub struct YieldOnce {
    yielded: bool,
}

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            Poll::Ready(())
        } else {
            self.yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

pub fn yield_once() -> YieldOnce {
    YieldOnce::default()
}

/// Polls `fut` once with a no-op waker.
pub fn poll_once<F: Future + ?Sized>(fut: Pin<&mut F>) -> Poll<F::Output> {
    let mut cx = Context::from_waker(Waker::noop());
    fut.poll(&mut cx)
}

/// Polls `fut` to completion on this thread, calling `between` after every pending poll.
pub fn block_on<F: Future>(fut: F, mut between: impl FnMut()) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    loop {
        if let Poll::Ready(value) = poll_once(fut.as_mut()) {
            return value;
        }
        between();
    }
}

/// Running the test binary itself as a child process, to observe aborts, stderr and
/// process-wide settings (the policy) without disturbing the other tests.
#[cfg(not(miri))]
pub mod child {
    use std::process::{Command, Output};

    const VAR: &str = "QADAPT_CHILD";

    /// True inside the child started by [`run`] for `test`.
    pub fn is(test: &str) -> bool {
        std::env::var(VAR).is_ok_and(|v| v == test)
    }

    /// What a child run left behind.
    pub struct Run {
        pub output: Output,
        pub stdout: String,
        pub stderr: String,
    }

    impl Run {
        pub fn success(&self) -> bool {
            self.output.status.success()
        }

        /// Lines of stderr starting with `qadapt:`.
        pub fn qadapt_lines(&self) -> Vec<&str> {
            self.stderr
                .lines()
                .filter(|l| l.starts_with("qadapt:"))
                .collect()
        }

        /// Everything, for assertion messages.
        pub fn dump(&self) -> String {
            format!(
                "status: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.output.status, self.stdout, self.stderr
            )
        }

        /// Asserts that the child exited successfully after [`done`].
        #[track_caller]
        pub fn assert_ran_to_the_end(&self) {
            assert!(self.success(), "{}", self.dump());
            assert!(self.stdout.contains(DONE), "{}", self.dump());
        }

        /// Asserts that the child aborted before reaching [`done`].
        #[track_caller]
        pub fn assert_aborted_early(&self) {
            assert!(self.aborted(), "{}", self.dump());
            assert!(!self.stdout.contains(DONE), "{}", self.dump());
        }

        /// Killed by SIGABRT (on Unix), or at least not successful.
        pub fn aborted(&self) -> bool {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                self.output.status.signal() == Some(6)
            }
            #[cfg(not(unix))]
            {
                !self.success() && self.output.status.code() != Some(101)
            }
        }
    }

    /// Runs test `test` of this binary alone in a child process, with qadapt's environment
    /// variables cleared and `envs` set.
    pub fn run(test: &str, envs: &[(&str, &str)]) -> Run {
        let envs: Vec<(&str, &std::ffi::OsStr)> = envs
            .iter()
            .map(|&(key, value)| (key, value.as_ref()))
            .collect();
        run_os(test, &envs)
    }

    /// [`run`], with values that need not be UTF-8.
    pub fn run_os(test: &str, envs: &[(&str, &std::ffi::OsStr)]) -> Run {
        let exe = std::env::current_exe().expect("current_exe");
        let mut command = Command::new(exe);
        command
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env(VAR, test)
            .env_remove("QADAPT_POLICY")
            .env_remove("QADAPT_REPORT")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LIB_BACKTRACE");
        for (key, value) in envs {
            command.env(key, value);
        }
        let output = output_within(command, CHILD_DEADLINE).unwrap_or_else(|| {
            panic!("child `{test}` still running after {CHILD_DEADLINE:?}: hung")
        });
        Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            output,
        }
    }

    /// [`run`] with `QADAPT_REPORT` naming a fresh temporary file: the run, and what the child
    /// wrote there (`Policy::Report`'s JSON at exit).
    pub fn run_writing_report(test: &str, envs: &[(&str, &str)]) -> (Run, std::io::Result<String>) {
        let path =
            std::env::temp_dir().join(format!("qadapt-report-{}-{test}.json", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let path_text = path.to_str().expect("a UTF-8 temporary directory");
        let mut envs = envs.to_vec();
        envs.push(("QADAPT_REPORT", path_text));
        let run = run(test, &envs);
        let written = std::fs::read_to_string(&path);
        let _ = std::fs::remove_file(&path);
        (run, written)
    }

    /// Longer than any child takes on a loaded machine; a child still running then has hung
    /// (a deadlock is a failure to report, not a test run that never ends).
    const CHILD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(120);

    /// `command.output()`, or `None` (the child killed) if it runs past `deadline`.
    fn output_within(mut command: Command, deadline: std::time::Duration) -> Option<Output> {
        use std::io::Read;
        use std::process::Stdio;
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the test binary as a child");
        // Drained while waiting, so a chatty child cannot block on a full pipe.
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
        let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
        let start = std::time::Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for the child") {
                break status;
            }
            if start.elapsed() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        Some(Output {
            status,
            stdout: stdout.join().expect("stdout reader"),
            stderr: stderr.join().expect("stderr reader"),
        })
    }

    /// The marker a child prints when it got to its end.
    pub const DONE: &str = "QADAPT-CHILD-DONE";

    pub fn done() {
        println!("{DONE}");
    }
}
