//! The region macros. Each evaluates to its block's value, drops the block's temporaries inside
//! the region, and closes the region on every way out (`return`, `?`, `break`, panics).

/// Runs the block (or expression) as a protected region and evaluates to its value: any
/// allocation, reallocation or deallocation made inside, on this thread, is reported (by
/// default, with a panic when the block ends).
///
/// ```
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// let mut v = Vec::with_capacity(2);
/// let len = qadapt::assert_no_alloc!({
///     v.push(1);
///     v.len()
/// });
/// assert_eq!(len, 1);
/// ```
#[macro_export]
macro_rules! assert_no_alloc {
    ($($body:tt)*) => {
        $crate::__region!($crate::protect(); $($body)*)
    };
}

/// Runs the block with allocations accepted, like [`allow_alloc`](crate::allow_alloc()).
#[macro_export]
macro_rules! allow_alloc {
    ($($body:tt)*) => {
        $crate::__region!($crate::__private::allow(); $($body)*)
    };
}

/// Runs the block protected, with `allow_alloc` inside lifting nothing, like
/// [`forbid_alloc`](crate::forbid_alloc()).
#[macro_export]
macro_rules! forbid_alloc {
    ($($body:tt)*) => {
        $crate::__region!($crate::__private::forbid(); $($body)*)
    };
}

/// Runs the block with an allocation budget: at most `max` allocations and reallocations (on
/// this thread, counted against every enclosing budget too); deallocations are accepted. The
/// first allocation over budget is reported like any violation.
///
/// ```
/// # #[global_allocator] static Q: qadapt::QADAPT = qadapt::QADAPT;
/// let words = qadapt::assert_allocs!(max = 1, {
///     let mut words = Vec::with_capacity(8);
///     words.extend(["a", "b"]);
///     words
/// });
/// assert_eq!(words.len(), 2);
/// ```
#[macro_export]
macro_rules! assert_allocs {
    (max = $max:expr, $($body:tt)*) => {
        $crate::__region!($crate::__private::budget($max); $($body)*)
    };
}

/// The shape all region macros share. A lone block is used as it is (no `unused_braces` in the
/// caller's code); anything else is wrapped in one. The value is bound before the region closes,
/// so the body's temporaries are dropped inside it; the close is a call located at the macro
/// (a violation's panic names the user's line), the guard's drop only on early exits.
#[doc(hidden)]
#[macro_export]
macro_rules! __region {
    ($guard:expr; $body:block) => {{
        let mut __qadapt_region = $guard;
        #[allow(clippy::let_unit_value, clippy::diverging_sub_expression)]
        let __qadapt_value = $body;
        $crate::__private::exit!(__qadapt_region);
        __qadapt_value
    }};
    ($guard:expr; $($body:tt)*) => {{
        let mut __qadapt_region = $guard;
        #[allow(clippy::let_unit_value, clippy::diverging_sub_expression)]
        let __qadapt_value = { $($body)* };
        $crate::__private::exit!(__qadapt_region);
        __qadapt_value
    }};
}

/// Closes a region on the normal path of the region macros and `#[no_alloc]`: by `&mut` in debug
/// builds (moving a guard is a `memcpy` at opt-level 0), by value in optimised ones (a guard
/// behind a reference is kept in memory and its fields reloaded). Either way the close is a
/// call located at the macro (`#[track_caller]`).
#[cfg(debug_assertions)]
#[doc(hidden)]
#[macro_export]
macro_rules! __exit {
    ($guard:ident) => {
        // After a diverging body: unreachable, and allowed so (rustc then warns about nothing
        // after the body either).
        #[allow(unreachable_code)]
        $crate::__private::exit(&mut $guard)
    };
}

#[cfg(not(debug_assertions))]
#[doc(hidden)]
#[macro_export]
macro_rules! __exit {
    ($guard:ident) => {
        #[allow(unreachable_code)]
        $crate::__private::exit_owned($guard)
    };
}

/// What `#[no_alloc]` expands a body to: the guarded version when this crate compiles its
/// checks, the body as written when it does not. The choice follows qadapt's own
/// `cfg(any(debug_assertions, feature = "always"))`, which the proc macro cannot see; so a release
/// build compiles each annotated function exactly as if it were not annotated (its findings
/// still warn), rather than compiling a guard that does nothing. Each side is one block, the
/// body's tail, matched as one token tree (a body is never walked token by token here).
#[cfg(any(debug_assertions, feature = "always"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __checked_or_plain {
    ($checked:tt $plain:tt) => {
        $checked
    };
}

#[cfg(not(any(debug_assertions, feature = "always")))]
#[doc(hidden)]
#[macro_export]
macro_rules! __checked_or_plain {
    ($checked:tt $plain:tt) => {
        $plain
    };
}
