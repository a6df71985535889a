//! The environment, threads and channels.

use super::messages::*;
use super::{Condition::*, Entry, Kind::*, e};
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Path(&["env", "var"]), Definite, Always, r#"std::env::var("HOME")"#, ENV, ENV_FIX)
        .at(&["std::env::var"]),
    e(Path(&["env", "var_os"]), Definite, Always, r#"env::var_os("HOME")"#, ENV, ENV_FIX)
        .at(&["std::env::var_os"]),
    e(Path(&["env", "vars"]), Definite, Always, "env::vars()", ENV, ENV_FIX)
        .at(&["std::env::vars"]),
    e(Path(&["env", "vars_os"]), Definite, Always, "env::vars_os()", ENV, ENV_FIX)
        .at(&["std::env::vars_os"]),
    e(Path(&["env", "args"]), Definite, Always, "env::args()", ENV, ENV_FIX)
        .at(&["std::env::args"]),
    e(Path(&["env", "args_os"]), Definite, Always, "env::args_os()", ENV, ENV_FIX)
        .at(&["std::env::args_os"]),
    e(Path(&["env", "current_dir"]), Definite, Always, "env::current_dir()", ENV, ENV_FIX)
        .at(&["std::env::current_dir"]),
    e(Path(&["env", "temp_dir"]), Definite, Always, "env::temp_dir()", ENV, ENV_FIX)
        .at(&["std::env::temp_dir"]),

    e(Path(&["thread", "spawn"]), Definite, Always, "thread::spawn(f)", SPAWN, SETUP)
        .at(&["std::thread::functions::spawn"]),
    e(Path(&["thread", "scope"]), Definite, Always, "thread::scope(f)", SCOPE, SETUP)
        .at(&["std::thread::scoped::scope"]),
    e(Path(&["mpsc", "channel"]), Definite, Always, "mpsc::channel()", CHANNEL, SETUP)
        .at(&["std::sync::mpsc::channel"]),
    e(Path(&["mpsc", "sync_channel"]), Definite, Always, "mpsc::sync_channel(1)", CHANNEL, SETUP)
        .at(&["std::sync::mpsc::sync_channel"]),

    // Trait functions called by path that only sometimes allocate: the checker follows the
    // impl it resolves to instead.
    e(Path(&["Clone", "clone"]), Possible, Always, "Clone::clone(&x)", CLONE, CLONE_FIX),
    e(Path(&["Into", "into"]), Possible, Always, "Into::into(x)", INTO, BORROW),
    e(Path(&["Iterator", "collect"]), Possible, Always, "Iterator::collect(it)", COLLECT_MAYBE, CONSUME),
];
