//! The last line of defence: a panic while parsing or analysing one file
//! becomes an internal error about that file, and the rest is checked.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    /// The message and location of the last panic on this thread, recorded
    /// by the hook of [`install_quiet_hook`].
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook (which prints to stderr) by one that only
/// records the message, for [`catch`] to report. For the binary: a caught
/// panic is reported as an internal error of the checker, once.
pub fn install_quiet_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = payload_message(info.payload());
        let _ = LAST.try_with(|last| {
            if let Ok(mut last) = last.try_borrow_mut() {
                *last = Some(format!("{message}{location}"));
            }
        });
    }));
}

/// Runs `f`, turning a panic into `Err` with the panic's message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        LAST.with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| payload_message(&*payload))
    })
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-string payload".to_owned()
    }
}

/// The environment variable that makes the checker panic while analysing
/// the files whose path ends with its value: lets the tests prove that such
/// a panic is reported as an internal error and the rest still checked.
pub const PANIC_ON_ENV: &str = "CARGO_QADAPT_TEST_PANIC_ON";

/// Panics if [`PANIC_ON_ENV`] names `path` (see there).
pub fn test_hook(path: &str) {
    static TARGET: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| {
        std::env::var(PANIC_ON_ENV)
            .ok()
            .filter(|target| !target.is_empty())
    });
    if let Some(target) = target
        && path.ends_with(target.as_str())
    {
        panic!("{PANIC_ON_ENV} asked for a panic on {path}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catches_panics() {
        assert_eq!(catch(|| 1), Ok(1));
        let err = catch(|| -> u8 { panic!("boom {}", 1) }).unwrap_err();
        assert!(err.contains("boom 1"), "{err}");
        let err = catch(|| -> u8 { std::panic::panic_any(5u8) }).unwrap_err();
        assert!(err.contains("non-string"), "{err}");
    }
}
