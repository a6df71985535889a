//! Strings, paths, OS strings and C strings.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Path(&["String", "from"]), Definite, NonEmpty, r#"String::from("text")"#, COPY_STR, BORROW_STR)
        .at(&["<alloc::string::String as core::convert::From>::from"]),
    e(Path(&["String", "from_iter"]), Definite, Always, "String::from_iter(chars)", COLLECT, CONSUME)
        .at(&["<alloc::string::String as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["String", "from_utf16"]), Definite, NonEmpty, "String::from_utf16(&units)", UTF16, BORROW)
        .at(&["alloc::string::String::from_utf16"]),
    e(Path(&["String", "from_utf16_lossy"]), Definite, NonEmpty, "String::from_utf16_lossy(&units)", UTF16, BORROW)
        .at(&["alloc::string::String::from_utf16_lossy"]),
    e(Path(&["String", "from_utf8_lossy"]), Possible, Always, "String::from_utf8_lossy(&bytes)", LOSSY, COW_FIX)
        .at(&["alloc::string::String::from_utf8_lossy"]),
    e(Path(&["String", "with_capacity"]), Definite, NonZero, "String::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["alloc::string::String::with_capacity"]),
    e(Path(&["ToString", "to_string"]), Definite, NonEmpty, "ToString::to_string(&x)", NEW_STRING, WRITE_INTO_BUFFER),
    e(Path(&["ToOwned", "to_owned"]), Definite, OwnedCopy, r#"ToOwned::to_owned("text")"#, TO_OWNED, BORROW),
    e(Path(&["str", "to_owned"]), Definite, NonEmpty, "str::to_owned(s)", COPY_STR, BORROW_STR),
    e(Path(&["str", "to_string"]), Definite, NonEmpty, "str::to_string(s)", COPY_STR, BORROW_STR),
    e(Path(&["str", "to_uppercase"]), Definite, NonEmpty, "str::to_uppercase(s)", CASE, ASCII_CASE)
        .at(&["alloc::str::str::to_uppercase"]),
    e(Path(&["str", "to_lowercase"]), Definite, NonEmpty, "str::to_lowercase(s)", CASE, ASCII_CASE)
        .at(&["alloc::str::str::to_lowercase"]),
    e(Path(&["str", "to_ascii_uppercase"]), Definite, NonEmpty, "str::to_ascii_uppercase(s)", ASCII_COPY, ASCII_CASE)
        .at(&["alloc::str::str::to_ascii_uppercase"]),
    e(Path(&["str", "to_ascii_lowercase"]), Definite, NonEmpty, "str::to_ascii_lowercase(s)", ASCII_COPY, ASCII_CASE)
        .at(&["alloc::str::str::to_ascii_lowercase"]),
    e(Path(&["str", "repeat"]), Definite, NonEmpty, "str::repeat(s, 2)", REPEAT, PIECES)
        .at(&["alloc::str::str::repeat"]),
    e(Path(&["str", "replace"]), Definite, NonEmpty, r#"str::replace(s, "a", "b")"#, REPLACE, PIECES)
        .at(&["alloc::str::str::replace"]),
    e(Path(&["slice", "to_vec"]), Definite, Always, "<[u8]>::to_vec(s)", COPY_DATA, BORROW)
        .at(&["alloc::slice::[T]::to_vec"]),
    e(Path(&["slice", "to_owned"]), Definite, Always, "<[u8]>::to_owned(s)", COPY_DATA, BORROW)
        .at(&["<[T] as alloc::borrow::ToOwned>::to_owned"]),
    e(Path(&["slice", "concat"]), Definite, Always, "<[&str]>::concat(s)", CONCAT, PIECES)
        .at(&["alloc::slice::[T]::concat"]),
    e(Path(&["Path", "to_path_buf"]), Definite, Always, "Path::to_path_buf(p)", COPY_DATA, BORROW)
        .at(&["std::path::Path::to_path_buf"]),
    e(Path(&["OsStr", "to_os_string"]), Definite, Always, "OsStr::to_os_string(s)", COPY_DATA, BORROW)
        .at(&["std::ffi::os_str::OsStr::to_os_string"]),
    e(Path(&["OsString", "from"]), Definite, BorrowedArg, r#"OsString::from("text")"#, COPY_DATA, BORROW)
        .at(&["<std::ffi::os_str::OsString as core::convert::From>::from"]),
    e(Path(&["OsString", "with_capacity"]), Definite, NonZero, "OsString::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["std::ffi::os_str::OsString::with_capacity"]),
    e(Path(&["PathBuf", "from"]), Definite, BorrowedArg, r#"PathBuf::from("/tmp")"#, COPY_DATA, BORROW)
        .at(&["<std::path::PathBuf as core::convert::From>::from"]),
    e(Path(&["PathBuf", "with_capacity"]), Definite, NonZero, "PathBuf::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["std::path::PathBuf::with_capacity"]),
    e(Path(&["CString", "new"]), Definite, BorrowedArg, r#"CString::new("text")"#, COPY_DATA, BORROW)
        .at(&["alloc::ffi::c_str::CString::new"]),

    // Drawn from std's signatures.
    e(Path(&["String", "from_str"]), Definite, NonEmpty, r#"String::from_str("text")"#, PARSE_OWNED, BORROW_STR)
        .at(&["<alloc::string::String as core::str::traits::FromStr>::from_str"]),
    e(Path(&["Cow", "add"]), Possible, Always, r#"Cow::add(cow, "text")"#, COW_ADD, STRING_ADD_FIX)
        .at(&["<alloc::borrow::Cow as core::ops::arith::Add>::add"]),
    e(Path(&["Cow", "add_assign"]), Possible, Always, r#"Cow::add_assign(&mut cow, "text")"#, COW_ADD, STRING_ADD_FIX)
        .at(&["<alloc::borrow::Cow as core::ops::arith::AddAssign>::add_assign"]),
    e(Path(&["Cow", "from_iter"]), Definite, Always, "Cow::<str>::from_iter(chars)", COLLECT, CONSUME)
        .at(&["<alloc::borrow::Cow as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["OsString", "from_str"]), Definite, NonEmpty, r#"OsString::from_str("text")"#, PARSE_OWNED, BORROW)
        .at(&["<std::ffi::os_str::OsString as core::str::traits::FromStr>::from_str"]),
    e(Path(&["OsString", "from_iter"]), Definite, Always, "OsString::from_iter(parts)", COLLECT, CONSUME)
        .at(&["<std::ffi::os_str::OsString as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["OsStr", "to_ascii_lowercase"]), Definite, NonEmpty, "OsStr::to_ascii_lowercase(s)", NEW_OS_STRING, ASCII_CASE)
        .at(&["std::ffi::os_str::OsStr::to_ascii_lowercase"]),
    e(Path(&["OsStr", "to_ascii_uppercase"]), Definite, NonEmpty, "OsStr::to_ascii_uppercase(s)", NEW_OS_STRING, ASCII_CASE)
        .at(&["std::ffi::os_str::OsStr::to_ascii_uppercase"]),
    e(Path(&["PathBuf", "from_str"]), Definite, NonEmpty, r#"PathBuf::from_str("/tmp")"#, PARSE_OWNED, BORROW)
        .at(&["<std::path::PathBuf as core::str::traits::FromStr>::from_str"]),
    e(Path(&["PathBuf", "from_iter"]), Definite, Always, "PathBuf::from_iter(parts)", COLLECT, CONSUME)
        .at(&["<std::path::PathBuf as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["Path", "with_extension"]), Definite, Always, r#"Path::with_extension(p, "txt")"#, NEW_PATH, BORROW)
        .at(&["std::path::Path::with_extension"]),
    e(Path(&["Path", "with_added_extension"]), Definite, Always, r#"Path::with_added_extension(p, "gz")"#, NEW_PATH, BORROW)
        .at(&["std::path::Path::with_added_extension"]),
    e(Path(&["Path", "with_file_name"]), Definite, Always, r#"Path::with_file_name(p, "a")"#, NEW_PATH, BORROW)
        .at(&["std::path::Path::with_file_name"]),
    e(Path(&["path", "absolute"]), Definite, Always, r#"std::path::absolute("a")"#, NEW_PATH, FS_FIX)
        .at(&["std::path::absolute"]),
    e(Path(&["CString", "from"]), Definite, BorrowedArg, r#"CString::from(c"text")"#, COPY_DATA, BORROW)
        .at(&["<alloc::ffi::c_str::CString as core::convert::From>::from"]),
    e(Path(&["CString", "from_str"]), Definite, Always, r#"CString::from_str("text")"#, PARSE_OWNED, BORROW)
        .at(&["<alloc::ffi::c_str::CString as core::str::traits::FromStr>::from_str"]),
    e(Path(&["CString", "default"]), Definite, Always, "CString::default()", DEFAULT_CSTRING, BEFORE)
        .at(&["<alloc::ffi::c_str::CString as core::default::Default>::default"]),
];
