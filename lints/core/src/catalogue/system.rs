//! The environment, threads and channels.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
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

    e(Path(&["env", "current_exe"]), Definite, Always, "env::current_exe()", FS_RESULT, ENV_FIX)
        .at(&["std::env::current_exe"]),
    e(Path(&["env", "home_dir"]), Definite, Always, "env::home_dir()", ENV, ENV_FIX)
        .at(&["std::env::home_dir"]),
    e(Path(&["env", "join_paths"]), Definite, Always, "env::join_paths(paths)", NEW_OS_STRING, ENV_FIX)
        .at(&["std::env::join_paths"]),
    e(Path(&["SplitPaths", "next"]), Definite, Always, "SplitPaths::next(&mut paths)", NEW_PATH, ENV_FIX)
        .at(&["<std::env::SplitPaths as core::iter::traits::iterator::Iterator>::next"]),

    e(Path(&["thread", "spawn"]), Definite, Always, "thread::spawn(f)", SPAWN, SETUP)
        .at(&["std::thread::functions::spawn"]),
    e(Path(&["thread", "scope"]), Definite, Always, "thread::scope(f)", SCOPE, SETUP)
        .at(&["std::thread::scoped::scope"]),
    e(Path(&["thread", "Builder", "spawn"]), Definite, Always, "thread::Builder::spawn(builder, f)", SPAWN, SETUP)
        .at(&["std::thread::builder::Builder::spawn"]),
    e(Path(&["thread", "Builder", "spawn_scoped"]), Definite, Always, "thread::Builder::spawn_scoped(builder, scope, f)", SPAWN, SETUP)
        .at(&["std::thread::builder::Builder::spawn_scoped"]),
    e(Path(&["thread", "Scope", "spawn"]), Definite, Always, "thread::Scope::spawn(scope, f)", SPAWN, SETUP)
        .at(&["std::thread::scoped::Scope::spawn"]),
    e(Method("spawn"), Possible, Always, "scope.spawn(f)", SPAWN, SETUP),
    e(Path(&["thread", "current"]), Possible, Always, "thread::current()", THREAD_HANDLE, SETUP)
        .at(&["std::thread::current::current"]),
    e(Path(&["mpsc", "channel"]), Definite, Always, "mpsc::channel()", CHANNEL, SETUP)
        .at(&["std::sync::mpsc::channel"]),
    e(Path(&["mpsc", "sync_channel"]), Definite, Always, "mpsc::sync_channel(1)", CHANNEL, SETUP)
        .at(&["std::sync::mpsc::sync_channel"]),
    e(Path(&["mpsc", "Sender", "send"]), Possible, Always, "mpsc::Sender::send(&tx, 1)", CHANNEL_SEND, CHANNEL_FIX)
        .at(&["std::sync::mpsc::Sender::send"]),

    // Trait functions called by path that only sometimes allocate: the checker follows the
    // impl it resolves to instead.
    e(Path(&["Clone", "clone"]), Possible, Always, "Clone::clone(&x)", CLONE, CLONE_FIX),
    e(Path(&["Into", "into"]), Possible, Always, "Into::into(x)", INTO, BORROW),
    e(Path(&["Iterator", "collect"]), Possible, Always, "Iterator::collect(it)", COLLECT_MAYBE, CONSUME),
];
