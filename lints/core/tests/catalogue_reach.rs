//! The catalogue's reach into std's allocating API, as the attribute sees it (by name) and as
//! the crate-wide checker will look it up (by resolved key).

mod common;

use common::*;
use qadapt_lints::Certainty::{Definite, Possible};
use qadapt_lints::catalogue::{self, Condition, by_resolved_path};

/// The entries drawn from std's signatures, in code as it is written: one finding each.
#[test]
fn std_api_is_found_once() {
    let cases: &[(&str, &str)] = &[
        ("BufReader::new(file)", "`BufReader::new`"),
        ("std::io::BufWriter::new(file)", "`BufWriter::new`"),
        (
            "LineWriter::with_capacity(64, file)",
            "`LineWriter::with_capacity`",
        ),
        (
            "Box::<[f32]>::new_zeroed_slice(frames)",
            "`Box::new_zeroed_slice`",
        ),
        ("Box::<[u8; 64]>::new_uninit()", "`Box::new_uninit`"),
        ("Rc::<[u8]>::new_uninit_slice(n)", "`Rc::new_uninit_slice`"),
        ("Arc::<[u8]>::from_iter(bytes)", "`Arc::from_iter`"),
        ("CString::from(c_str.as_ref())", "`CString::from`"),
        ("CString::default()", "`CString::default`"),
        ("LinkedList::from([1, 2])", "`LinkedList::from`"),
        (
            "OsStr::to_ascii_uppercase(name)",
            "`OsStr::to_ascii_uppercase`",
        ),
        (
            r#"Path::with_file_name(dir, "a.wav")"#,
            "`Path::with_file_name`",
        ),
        (r#"std::fs::read("a.wav")"#, "`fs::read`"),
        ("fs::canonicalize(path)", "`fs::canonicalize`"),
        ("std::env::home_dir()", "`env::home_dir`"),
        ("std::io::read_to_string(reader)", "`io::read_to_string`"),
        ("io::Lines::next(&mut lines)", "`io::Lines::next`"),
        (
            r#"process::Command::new("aplay")"#,
            "`process::Command::new`",
        ),
        (
            "std::process::Command::output(&mut command)",
            "`process::Command::output`",
        ),
        ("thread::Scope::spawn(scope, job)", "`thread::Scope::spawn`"),
        (r#"String::from_str("text")"#, "`String::from_str`"),
        (r#"std::fmt::format(format_args!("{x}"))"#, "`fmt::format`"),
        ("alloc::vec::from_elem(0.0f32, frames)", "`vec::from_elem`"),
    ];
    for (code, construct) in cases {
        let found = found(&format!("let _ = {code};"), &default());
        assert_eq!(found, [definite(construct)], "{code}");
    }
}

/// What only may allocate: quiet by default, one possible finding under `pedantic`.
#[test]
fn std_api_that_may_allocate_is_pedantic() {
    let cases: &[(&str, &str)] = &[
        ("reader.read_line(&mut line)", "`.read_line()`"),
        ("reader.read_until(b'\\n', &mut bytes)", "`.read_until()`"),
        ("file.read_to_end(&mut bytes)", "`.read_to_end()`"),
        ("samples.try_reserve(64)", "`.try_reserve()`"),
        (r#"text.replace_range(..1, "a")"#, "`.replace_range()`"),
        ("samples.splice(..1, more)", "`.splice()`"),
        (r#"path.set_extension("wav")"#, "`.set_extension()`"),
        ("builder.spawn(job)", "`.spawn()`"),
        ("std::io::stdout()", "`io::stdout`"),
        ("thread::current()", "`thread::current`"),
        ("mpsc::Sender::send(&tx, frame)", "`mpsc::Sender::send`"),
        ("HashMap::entry(&mut map, key)", "`HashMap::entry`"),
        (r#"Cow::add(text, "a")"#, "`Cow::add`"),
    ];
    for (code, construct) in cases {
        let body = format!("let _ = {code};");
        assert_eq!(found(&body, &default()), [], "{code}");
        assert_eq!(found(&body, &pedantic()), [possible(construct)], "{code}");
    }
}

/// The same names elsewhere: str's `Lines` and `Split`, another crate's `Command` or
/// `DirEntry`, a bare `Command::new`, zero sizes and empty text.
#[test]
fn look_alikes_stay_quiet() {
    for code in [
        "std::str::Lines::next(&mut lines)",
        "core::str::Split::next(&mut parts)",
        "Lines::next(&mut lines)",
        "Command::new()",
        r#"clap::Command::new("app")"#,
        "walkdir::DirEntry::path(&entry)",
        "DirEntry::path(&entry)",
        "tokio::io::BufReader::new(stream)",
        "BufReader::with_capacity(0, file)",
        "Box::<[u8]>::new_uninit_slice(0)",
        r#"String::from_str("")"#,
        r#"OsStr::to_ascii_lowercase("")"#,
        "lines.next()",
        "entry.path()",
    ] {
        assert_eq!(
            found(&format!("let _ = {code};"), &pedantic()),
            [],
            "{code}"
        );
    }
}

/// The std functions that std's macros expand to have entries, for a checker that expands them.
#[test]
fn macro_expansions_reach_entries() {
    for (key, certainty) in [
        ("alloc::fmt::format", Definite),
        ("alloc::vec::from_elem", Definite),
        ("alloc::boxed::Box::new_uninit", Definite),
        ("std::io::stdio::_print", Possible),
        ("std::io::stdio::_eprint", Possible),
    ] {
        let entries = by_resolved_path(key).unwrap_or_else(|| panic!("{key}"));
        assert_eq!(entries[0].certainty, certainty, "{key}");
    }
}

#[test]
fn resolved_lookups() {
    // Trait impls by self type and trait, without generic arguments.
    let from = by_resolved_path("<alloc::string::String as core::convert::From>::from").unwrap();
    assert_eq!(from.len(), 1);
    assert_eq!(from[0].certainty, Definite);
    // A conversion whose trait argument decides keeps its condition.
    let from = by_resolved_path("<alloc::vec::Vec as core::convert::From>::from").unwrap();
    assert_eq!(from[0].condition, Condition::BorrowedArg);
    assert!(!from[0].condition.settled_by_resolution());
    // A type guess of the attribute is settled by the key.
    let owned = by_resolved_path("<str as alloc::borrow::ToOwned>::to_owned").unwrap();
    assert_eq!(owned[0].condition, Condition::OwnedCopy);
    assert!(owned[0].condition.settled_by_resolution());
    // Growth: definite on a collection created empty, possible otherwise, in that order.
    let push = by_resolved_path("std::path::PathBuf::push").unwrap();
    assert_eq!(
        push.iter()
            .map(|entry| (entry.condition, entry.certainty))
            .collect::<Vec<_>>(),
        [
            (Condition::GrowsEmpty, Definite),
            (Condition::Always, Possible)
        ],
    );
    // Not named: the checker follows these into std's source.
    for key in [
        "alloc::vec::Vec::new",
        "alloc::vec::Vec::len",
        "std::vec::Vec::push",
        "Vec::push",
        "<alloc::vec::Vec<u8> as core::convert::From>::from",
        "",
    ] {
        assert!(by_resolved_path(key).is_none(), "{key}");
    }
    let keys: Vec<&str> = catalogue::resolved_keys().collect();
    assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(keys.len() > 200, "{}", keys.len());
}
