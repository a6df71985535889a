//! `debug_assert!` for memory usage: mark code as allocation-free, and qadapt proves it twice.
//!
//! * **At compile time**, [`#[no_alloc]`](macro@no_alloc) walks the function body and warns
//!   (on stable Rust) about constructs that obviously allocate: `vec![..]`, `format!`,
//!   `Box::new`, `.to_string()`, `.collect::<Vec<_>>()`... `#[no_alloc(strict)]` makes them
//!   errors.
//! * **At run time**, the same attribute runs the body inside a protected region. The global
//!   allocator wrapper [`Qadapt`] reports every allocation, reallocation or deallocation made on
//!   a protected thread, including those deep inside code you cannot see.
//! * Like `debug_assert!`, the runtime checks vanish in release builds (unless feature `always`
//!   is on): the allocator becomes a plain pass-through and regions compile to nothing.
//!
//! ```
//! use qadapt::QADAPT;
//!
//! #[global_allocator]
//! static Q: QADAPT = QADAPT;
//!
//! # fn main() {
//! let mut v = Vec::with_capacity(1);
//! qadapt::assert_no_alloc!({ v.push(1) }); // fine: capacity reserved
//! let grew = std::panic::catch_unwind(move || qadapt::assert_no_alloc!({ v.push(2) }));
//! assert_eq!(grew.is_err(), qadapt::is_active()); // the reallocation was caught
//! # }
//! ```
//!
//! # Regions
//! Regions are per thread, nest, and are closed by guards, so `return`, `?`, `break` and
//! panics always restore the thread's previous mode.
//!
//! | region | allocations inside |
//! |---|---|
//! | [`protect()`], [`assert_no_alloc!`], [`enter_protected`]/[`exit_protected`], `#[no_alloc]` | violations |
//! | [`forbid_alloc()`], [`forbid_alloc!`] | violations, and `allow_alloc` inside lifts nothing |
//! | [`allow_alloc()`], [`allow_alloc!`] | accepted (unless inside `forbid_alloc`) |
//! | [`allow_dealloc()`] | frees accepted, allocations still violations |
//! | [`assert_allocs!`]`(max = N, ..)` | at most `N` allocations and reallocations |
//! | [`protect_future`] | violations during each poll, never held across `.await` |
//!
//! # Reporting, soundly
//! Unwinding out of a global allocator is undefined behaviour, so the allocator never panics. It
//! records the first violation of the region (kind, size, alignment, and with `RUST_BACKTRACE=1`
//! the allocation site, walked with the `backtrace` crate, which never waits for a lock the
//! violating code may hold) in thread-local state, and the region's exit panics with a message
//! such as
//!
//! ```text
//! qadapt: reallocation of 4 -> 8 bytes (align 4) inside no-alloc region `demo::process` (src/main.rs:12:5) on thread `main`; 2 more violations
//!    first violation at:
//!      0: alloc::raw_vec::finish_grow
//!         at /rustc/.../raw_vec.rs:521:13
//! ```
//!
//! A region that never exits must still be heard: [`set_policy`] chooses [`Policy::Abort`]
//! (message and abort at once), [`Policy::Log`] (one line per violation, carry on) or
//! [`Policy::Report`] (each distinct site, a region and the call path that reached the allocator,
//! counted by kind: see [`report()`]); `QADAPT_POLICY` sets the starting policy without a
//! rebuild. [`set_handler`] sends each violation to your own code. While a thread is already
//! panicking nothing is reported: std's panic machinery allocates. A thread that ends with a
//! violation no safe point raised (a region never closed, or a thread-local destructor that
//! allocates in a region after qadapt's exit check) writes it out and aborts the process; so does
//! a process that exits while another thread still holds one inside its region.
//!
//! # Release builds
//! The checks follow qadapt's own `cfg(debug_assertions)`. Without it (and without feature
//! `always`), `Qadapt` is an `#[inline]` call of the inner allocator, regions and macros do
//! nothing, a `#[no_alloc]` function compiles as if it were not annotated (its compile-time
//! warnings stay), [`count_allocs`] returns zeros and [`is_active`] is false. Your
//! `#[global_allocator]` line stays the same in every profile.
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

mod abort;
mod active;
mod allocator;
#[cfg(feature = "std")]
mod backtrace_setting;
mod check;
mod counters;
mod future;
mod handler;
mod macros;
mod manual;
mod messages;
mod mode;
mod pending;
#[cfg(feature = "std")]
mod process_exit;
mod region;
#[cfg(feature = "std")]
mod site_report;
#[cfg(feature = "std")]
mod site_table;
mod state;
mod stats;
mod thread;
mod thread_exit;
#[cfg(feature = "std")]
mod trace;
mod type_names;
mod violation;
mod violation_policy;
mod warm_up;

#[doc(hidden)]
pub mod __private;

/// Whether the runtime checks are compiled in: the one switch, like `debug_assert!`'s.
pub(crate) const CHECKS: bool = cfg!(any(debug_assertions, feature = "always"));

pub use crate::active::is_active;
#[cfg(feature = "std")]
pub use crate::allocator::QADAPT;
pub use crate::allocator::Qadapt;
pub use crate::future::{ProtectFuture, protect_future};
pub use crate::handler::{clear_handler, set_handler};
pub use crate::manual::{enter_protected, exit_protected};
pub use crate::region::{
    ProtectionGuard, allow_alloc, allow_dealloc, forbid_alloc, protect, protection_level,
    violation_count,
};
#[cfg(feature = "std")]
pub use crate::site_report::{Report, Site, report};
pub use crate::stats::{AllocStats, count_allocs};
pub use crate::violation::{Violation, ViolationKind};
pub use crate::violation_policy::{Policy, policy, set_policy};
pub use crate::warm_up::warm_up;

#[cfg(feature = "derive")]
pub use qadapt_derive::no_alloc;
