//! Whether a violation's panic message carries its allocation site: std's convention for library
//! backtraces (`RUST_LIB_BACKTRACE`, else `RUST_BACKTRACE`), read once per process.

use core::sync::atomic::{AtomicU8, Ordering};

/// Whether the panic message carries the allocation site, decided once per process by std's
/// convention (as `std::backtrace::Backtrace::capture` reads it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setting {
    /// `RUST_LIB_BACKTRACE` is unset and `RUST_BACKTRACE` is unset or `0`.
    Off,
    /// `RUST_LIB_BACKTRACE=0`, which wins over `RUST_BACKTRACE`.
    OffForLibraries,
    /// `RUST_LIB_BACKTRACE` set to anything but `0`, or else `RUST_BACKTRACE` is.
    On,
}

const UNREAD: u8 = 0;
static SETTING: AtomicU8 = AtomicU8::new(UNREAD);

impl Setting {
    fn from_env(lib: Option<&str>, any: Option<&str>) -> Setting {
        match (lib, any) {
            (Some("0"), _) => Setting::OffForLibraries,
            (Some(_), _) => Setting::On,
            (None, Some(value)) if value != "0" => Setting::On,
            (None, _) => Setting::Off,
        }
    }
}

/// Reads the environment once per process. Called when a thread opens its first region, outside
/// the allocator (reading the environment allocates, and takes std's environment lock).
pub(crate) fn init() {
    if SETTING.load(Ordering::Relaxed) == UNREAD {
        let setting = crate::state::suspended(|| {
            let lib = std::env::var("RUST_LIB_BACKTRACE").ok();
            let any = std::env::var("RUST_BACKTRACE").ok();
            Setting::from_env(lib.as_deref(), any.as_deref())
        });
        SETTING.store(setting as u8 + 1, Ordering::Relaxed);
    }
}

/// The setting read by [`init`]; off if it has not run (no region has opened, so nothing can be
/// pending).
pub(crate) fn read() -> Setting {
    match SETTING.load(Ordering::Relaxed) {
        1 => Setting::Off,
        2 => Setting::OffForLibraries,
        3 => Setting::On,
        _ => Setting::Off,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_variable_wins_like_std() {
        use Setting::*;
        assert_eq!(Setting::from_env(None, None), Off);
        assert_eq!(Setting::from_env(None, Some("0")), Off);
        assert_eq!(Setting::from_env(None, Some("1")), On);
        assert_eq!(Setting::from_env(None, Some("full")), On);
        assert_eq!(Setting::from_env(Some("0"), Some("1")), OffForLibraries);
        assert_eq!(Setting::from_env(Some("1"), Some("0")), On);
        assert_eq!(Setting::from_env(Some("1"), None), On);
    }
}
