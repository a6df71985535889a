//! Naming the current thread in messages without allocating.
//!
//! `std::thread::current()` does not use the global allocator (std guarantees it since 1.78), so it
//! is safe to call from the allocator's slow path and from region exits. A thread that is ending
//! (its exit check has run) is named from what was kept when the check was set up: std does not
//! promise its handle by then.

use core::fmt;

/// A thread's name (its first bytes, cut at a char boundary) or, unnamed, its id: `Copy`, so
/// that it lives in a thread-local without a destructor.
#[cfg(feature = "std")]
#[derive(Clone, Copy)]
pub(crate) struct Identity {
    name: [u8; NAME_BYTES],
    len: u8,
    cut: bool,
    id: Option<std::thread::ThreadId>,
}

#[cfg(feature = "std")]
const NAME_BYTES: usize = 64;

#[cfg(feature = "std")]
impl Identity {
    const UNKNOWN: Identity = Identity {
        name: [0; NAME_BYTES],
        len: 0,
        cut: false,
        id: None,
    };

    fn of(thread: &std::thread::Thread) -> Identity {
        let mut identity = Identity {
            id: Some(thread.id()),
            ..Identity::UNKNOWN
        };
        if let Some(name) = thread.name() {
            let mut end = name.len().min(NAME_BYTES);
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            identity.name[..end].copy_from_slice(&name.as_bytes()[..end]);
            identity.len = end as u8;
            identity.cut = end < name.len();
            if end == 0 {
                // An empty name reads as no name.
                identity.cut = false;
            }
        }
        identity
    }

    fn name(&self) -> Option<&str> {
        let name = &self.name[..self.len as usize];
        // SAFETY: `of` copies whole chars of a `&str` only.
        (!name.is_empty()).then(|| unsafe { core::str::from_utf8_unchecked(name) })
    }

    /// Whether both name the same thread (known by its id).
    pub(crate) fn is_same_thread(&self, other: &Identity) -> bool {
        self.id.is_some() && self.id == other.id
    }

    fn write(&self, f: &mut dyn fmt::Write) -> fmt::Result {
        match (self.name(), self.id) {
            (Some(name), _) => {
                let more = if self.cut { "..." } else { "" };
                write!(f, " on thread `{name}{more}`")
            }
            (None, Some(id)) => write!(f, " on thread {id:?}"),
            (None, None) => f.write_str(" on an ending thread"),
        }
    }
}

/// `` on thread `name` ``, as [`write_current`] writes it for the current thread.
#[cfg(feature = "std")]
impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

#[cfg(feature = "std")]
std::thread_local! {
    static KEPT: core::cell::Cell<Identity> = const { core::cell::Cell::new(Identity::UNKNOWN) };
}

/// Keeps the current thread's name for [`write_current`] to use once the thread is ending.
/// Outside the allocator, with checks suspended.
#[cfg(feature = "std")]
pub(crate) fn remember_current() {
    let identity = Identity::of(&std::thread::current());
    let _ = KEPT.try_with(|kept| kept.set(identity));
}

/// What [`remember_current`] kept for this thread (unknown before it ran): readable anywhere,
/// the allocator and an ending thread included.
#[cfg(feature = "std")]
pub(crate) fn kept() -> Identity {
    KEPT.try_with(|kept| kept.get())
        .unwrap_or(Identity::UNKNOWN)
}

/// Writes `` on thread `name` `` (or the thread's id when it has no name).
#[cfg(feature = "std")]
pub(crate) fn write_current(f: &mut dyn fmt::Write) -> fmt::Result {
    if crate::state::thread_ending() {
        return kept().write(f);
    }
    let thread = std::thread::current();
    match thread.name() {
        Some(name) => write!(f, " on thread `{name}`"),
        None => write!(f, " on thread {:?}", thread.id()),
    }
}

/// Without std there is one thread of execution (interrupts aside): nothing to name.
#[cfg(not(feature = "std"))]
pub(crate) fn write_current(_: &mut dyn fmt::Write) -> fmt::Result {
    Ok(())
}

/// True while this thread unwinds: std's panic machinery allocates and frees, and none of that is
/// the user's doing.
#[inline]
pub(crate) fn panicking() -> bool {
    #[cfg(feature = "std")]
    {
        std::thread::panicking()
    }
    #[cfg(not(feature = "std"))]
    {
        false
    }
}
