//! What happens when a violation is recorded: the process-wide [`Policy`], and the dispatch that
//! runs on the allocator's slow path.

use core::sync::atomic::{AtomicU8, Ordering};

use crate::state;
use crate::violation::Violation;

/// What qadapt does with a violation. Process-wide; [`set_policy`] changes it, and the
/// `QADAPT_POLICY` environment variable (`panic`, `abort`, `log` or `report`) chooses the
/// starting policy without a rebuild (read once, on first use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Policy {
    /// Record the first violation and panic when its region exits (or at the next qadapt call on
    /// that thread, whichever comes first). The allocator itself never unwinds. The default.
    Panic,
    /// Write the message to stderr, without allocating, and abort the process at once: for
    /// regions that never exit and for `extern "C"` callbacks, which cannot unwind.
    Abort,
    /// Write one line per violation to stderr, without allocating, and carry on; region exits do
    /// not panic.
    Log,
    /// Let each violation through, capture its site and keep a process-wide table of distinct
    /// sites: see [`report()`](crate::report()).
    Report,
}

const UNSET: u8 = 0;

static POLICY: AtomicU8 = AtomicU8::new(UNSET);

impl Policy {
    const fn to_u8(self) -> u8 {
        match self {
            Policy::Panic => 1,
            Policy::Abort => 2,
            Policy::Log => 3,
            Policy::Report => 4,
        }
    }

    const fn from_u8(value: u8) -> Policy {
        match value {
            2 => Policy::Abort,
            3 => Policy::Log,
            4 => Policy::Report,
            _ => Policy::Panic,
        }
    }

    /// Parses `QADAPT_POLICY`'s values, ignoring case and surrounding blanks.
    pub fn from_name(name: &str) -> Option<Policy> {
        let name = name.trim();
        [
            ("panic", Policy::Panic),
            ("abort", Policy::Abort),
            ("log", Policy::Log),
            ("report", Policy::Report),
        ]
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, p)| p)
    }
}

/// Sets the process-wide policy for violations from now on.
#[track_caller]
pub fn set_policy(policy: Policy) {
    crate::pending::report();
    POLICY.store(policy.to_u8(), Ordering::Relaxed);
    on_policy(policy);
}

/// What choosing a policy sets up.
fn on_policy(policy: Policy) {
    #[cfg(feature = "std")]
    if policy == Policy::Report {
        state::suspended(crate::site_report::start);
    }
    #[cfg(not(feature = "std"))]
    let _ = policy;
}

/// The policy in force.
#[track_caller]
pub fn policy() -> Policy {
    crate::pending::report();
    init();
    Policy::from_u8(POLICY.load(Ordering::Relaxed))
}

/// Reads `QADAPT_POLICY` the first time any region opens. Reading the environment allocates, so
/// it runs with checks suspended; `set_policy` before that point wins over the variable.
#[inline]
pub(crate) fn init() {
    if POLICY.load(Ordering::Relaxed) == UNSET {
        init_from_env();
    }
}

#[cold]
#[inline(never)]
fn init_from_env() {
    let chosen = state::suspended(from_env).unwrap_or(Policy::Panic);
    if POLICY
        .compare_exchange(UNSET, chosen.to_u8(), Ordering::Relaxed, Ordering::Relaxed)
        .is_ok()
    {
        on_policy(chosen);
    }
}

#[cfg(feature = "std")]
fn from_env() -> Option<Policy> {
    let value = std::env::var_os("QADAPT_POLICY")?;
    let policy = value.to_str().and_then(Policy::from_name);
    if policy.is_none() {
        let why = if value.to_str().is_some() {
            ""
        } else {
            " (not UTF-8)"
        };
        crate::messages::write_line(format_args!(
            "qadapt: ignoring QADAPT_POLICY={value:?}{why}: expected panic, abort, log or report"
        ));
    }
    policy
}

#[cfg(not(feature = "std"))]
fn from_env() -> Option<Policy> {
    None
}

/// Runs on the allocator's slow path for every violation, before the inner allocator is called:
/// the user's handler first (checks suspended), then the policy.
pub(crate) fn on_violation(violation: Violation) {
    crate::handler::call(&violation);
    match Policy::from_u8(POLICY.load(Ordering::Relaxed)) {
        Policy::Panic => crate::pending::record(violation),
        Policy::Log => crate::messages::log(&violation),
        Policy::Abort => crate::messages::abort(&violation),
        #[cfg(feature = "std")]
        Policy::Report => state::suspended(|| crate::site_table::record(&violation)),
        #[cfg(not(feature = "std"))]
        Policy::Report => {}
    }
}
