//! A stack deep enough for deep input.
//!
//! syn's parser and the walks over syntax trees recurse as deep as the code
//! nests: 2000 nested blocks overflow the 8 MiB of a main thread, and the
//! 2 MiB of a test thread overflow on real crates (itertools 0.15.0 in a
//! debug build). A stack overflow aborts the process, past every safety
//! net. [`run`] runs the work on a thread whose stack is reserved large;
//! only the pages it touches are ever committed.

use std::thread;

/// The stack sizes tried, largest first: address space may be limited
/// (`ulimit -v`), in which case a smaller stack is better than none.
const SIZES: [usize; 3] = [1 << 30, 256 << 20, 64 << 20];

/// Runs `work` on a thread with a large stack and returns its result; a
/// panic in it resumes here. When no such thread can be started, `work`
/// runs on the calling thread.
pub fn run<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let mut slot = Some(work);
    for size in SIZES {
        let joined = thread::scope(|scope| {
            let slot = &mut slot;
            thread::Builder::new()
                .name("cargo-qadapt".to_owned())
                .stack_size(size)
                .spawn_scoped(scope, move || slot.take().map(|work| work()))
                .ok()
                .map(|handle| handle.join())
        });
        match joined {
            Some(Ok(Some(value))) => return value,
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // Not started: try a smaller stack.
            Some(Ok(None)) | None => {}
        }
    }
    match slot.take() {
        Some(work) => work(),
        // Unreachable: a thread that started took the work and either
        // returned or panicked, both handled above.
        None => std::panic::panic_any("cargo-qadapt: the work ran without a result"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deeper than a 2 MiB test thread allows, in a debug build.
    fn depth(n: u32) -> u32 {
        let pad = std::hint::black_box([0u8; 512]);
        if n == 0 {
            u32::from(pad[0])
        } else {
            1 + depth(n - 1)
        }
    }

    #[test]
    fn deep_recursion_fits() {
        assert_eq!(run(|| depth(50_000)), 50_000);
    }

    #[test]
    fn borrows_and_panics_cross_over() {
        let text = String::from("borrowed");
        assert_eq!(run(|| text.len()), 8);
        let caught = std::panic::catch_unwind(|| run(|| -> u8 { panic!("inside") }));
        assert!(caught.is_err());
    }
}
