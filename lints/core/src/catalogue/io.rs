//! Reading, writing, the file system and processes.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Path(&["BufReader", "new"]), Definite, Always, "BufReader::new(file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::bufreader::BufReader::new"]),
    e(Path(&["BufReader", "with_capacity"]), Definite, NonZero, "BufReader::with_capacity(4096, file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::bufreader::BufReader::with_capacity"]),
    e(Path(&["BufWriter", "new"]), Definite, Always, "BufWriter::new(file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::bufwriter::BufWriter::new"]),
    e(Path(&["BufWriter", "with_capacity"]), Definite, NonZero, "BufWriter::with_capacity(4096, file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::bufwriter::BufWriter::with_capacity"]),
    e(Path(&["LineWriter", "new"]), Definite, Always, "LineWriter::new(file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::linewriter::LineWriter::new"]),
    e(Path(&["LineWriter", "with_capacity"]), Definite, NonZero, "LineWriter::with_capacity(4096, file)", IO_BUFFER, IO_BUFFER_FIX)
        .at(&["std::io::buffered::linewriter::LineWriter::with_capacity"]),
    e(Path(&["io", "stdout"]), Possible, Always, "io::stdout()", STDIO_FIRST, STDIO_FIX)
        .at(&["std::io::stdio::stdout"]),
    e(Path(&["io", "stdin"]), Possible, Always, "io::stdin()", STDIO_FIRST, STDIO_FIX)
        .at(&["std::io::stdio::stdin"]),

    e(Path(&["io", "read_to_string"]), Definite, Always, "io::read_to_string(reader)", READ_ALL, READ_FIX)
        .at(&["std::io::read_to_string"]),
    e(Path(&["io", "Lines", "next"]), Definite, Always, "io::Lines::next(&mut lines)", READ_NEXT, READ_FIX)
        .at(&["<std::io::Lines as core::iter::traits::iterator::Iterator>::next"]),
    e(Path(&["io", "Split", "next"]), Definite, Always, "io::Split::next(&mut parts)", READ_NEXT, READ_FIX)
        .at(&["<std::io::Split as core::iter::traits::iterator::Iterator>::next"]),
    e(Method("read_to_end"), Possible, Always, "reader.read_to_end(&mut buf)", READ_GROW, READ_FIX)
        .at(&["std::io::Read::read_to_end"]),
    e(Method("read_to_string"), Possible, Always, "reader.read_to_string(&mut text)", READ_GROW, READ_FIX)
        .at(&["std::io::Read::read_to_string"]),
    e(Method("read_line"), Possible, Always, "reader.read_line(&mut line)", READ_GROW, READ_FIX)
        .at(&["std::io::BufRead::read_line"]),
    e(Method("read_until"), Possible, Always, "reader.read_until(b'\\n', &mut buf)", READ_GROW, READ_FIX)
        .at(&["std::io::BufRead::read_until"]),
    e(Path(&["Vec", "write"]), Possible, Always, "Vec::write(&mut bytes, &data)", GROW, CAPACITY_BEFORE)
        .at(&["<alloc::vec::Vec as std::io::Write>::write"]),

    e(Path(&["fs", "read"]), Definite, Always, r#"fs::read("a")"#, FS_RESULT, FS_FIX)
        .at(&["std::fs::read"]),
    e(Path(&["fs", "read_to_string"]), Definite, Always, r#"fs::read_to_string("a")"#, FS_RESULT, FS_FIX)
        .at(&["std::fs::read_to_string"]),
    e(Path(&["fs", "read_link"]), Definite, Always, r#"fs::read_link("a")"#, FS_RESULT, FS_FIX)
        .at(&["std::fs::read_link"]),
    e(Path(&["fs", "canonicalize"]), Definite, Always, r#"fs::canonicalize("a")"#, FS_RESULT, FS_FIX)
        .at(&["std::fs::canonicalize"]),
    e(Path(&["fs", "read_dir"]), Definite, Always, r#"fs::read_dir("a")"#, FS_RESULT, FS_FIX)
        .at(&["std::fs::read_dir"]),
    e(Path(&["Path", "canonicalize"]), Definite, Always, "Path::canonicalize(p)", FS_RESULT, FS_FIX)
        .at(&["std::path::Path::canonicalize"]),
    e(Path(&["Path", "read_link"]), Definite, Always, "Path::read_link(p)", FS_RESULT, FS_FIX)
        .at(&["std::path::Path::read_link"]),
    e(Path(&["Path", "read_dir"]), Definite, Always, "Path::read_dir(p)", FS_RESULT, FS_FIX)
        .at(&["std::path::Path::read_dir"]),
    e(Path(&["fs", "DirEntry", "path"]), Definite, Always, "fs::DirEntry::path(&entry)", NEW_PATH, FS_FIX)
        .at(&["std::fs::DirEntry::path"]),
    e(Path(&["fs", "DirEntry", "file_name"]), Definite, Always, "fs::DirEntry::file_name(&entry)", NEW_OS_STRING, FS_FIX)
        .at(&["std::fs::DirEntry::file_name"]),

    e(Path(&["process", "Command", "new"]), Definite, Always, r#"process::Command::new("ls")"#, PROCESS, SETUP)
        .at(&["std::process::Command::new"]),
    e(Path(&["process", "Command", "arg"]), Definite, Always, r#"process::Command::arg(&mut command, "-l")"#, PROCESS, SETUP)
        .at(&["std::process::Command::arg"]),
    e(Path(&["process", "Command", "args"]), Definite, Always, "process::Command::args(&mut command, args)", PROCESS, SETUP)
        .at(&["std::process::Command::args"]),
    e(Path(&["process", "Command", "env"]), Definite, Always, r#"process::Command::env(&mut command, "K", "V")"#, PROCESS, SETUP)
        .at(&["std::process::Command::env"]),
    e(Path(&["process", "Command", "spawn"]), Definite, Always, "process::Command::spawn(&mut command)", PROCESS, SETUP)
        .at(&["std::process::Command::spawn"]),
    e(Path(&["process", "Command", "output"]), Definite, Always, "process::Command::output(&mut command)", PROCESS, SETUP)
        .at(&["std::process::Command::output"]),
    e(Path(&["process", "Command", "status"]), Definite, Always, "process::Command::status(&mut command)", PROCESS, SETUP)
        .at(&["std::process::Command::status"]),
];
