// std's allocating API beyond the constructs everyone knows, drawn from std's signatures, one
// warning each: buffered I/O, the file system, processes, threads, uninitialised and zeroed
// boxes, shared slices from iterators, C strings, linked lists, paths; and (with `pedantic`)
// what grows a buffer or allocates on first use.
#![deny(deprecated)]

use std::collections::LinkedList;
use std::ffi::{CStr, CString, OsStr};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, LineWriter};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;
use std::{env, fs, io, process, thread};

use qadapt::no_alloc;

#[no_alloc]
fn definite(file: &File, name: &str, path: &Path, c: &CStr, os: &OsStr, n: usize) -> usize {
    let reader = BufReader::new(file); //~
    let writer = BufWriter::new(file); //~
    let lines = LineWriter::with_capacity(64, file); //~
    let zeroed = Box::<[u8]>::new_zeroed_slice(n); //~
    let shared = Rc::<[u8]>::from_iter(name.bytes()); //~
    let sync = Arc::<[u8]>::new_uninit_slice(n); //~
    let owned = CString::from(c); //~
    let empty = CString::default(); //~
    let list = LinkedList::from([1, 2]); //~
    let lower = OsStr::to_ascii_lowercase(os); //~
    let renamed = Path::with_extension(path, "txt"); //~
    let text = fs::read_to_string(path); //~
    let exe = env::current_exe(); //~
    let command = process::Command::new(name); //~
    let worker = thread::Builder::spawn(thread::Builder::new(), || 1); //~
    reader.capacity()
        + writer.capacity()
        + usize::from(lines.get_ref().metadata().is_ok())
        + zeroed.len()
        + shared.len()
        + sync.len()
        + owned.as_bytes().len()
        + empty.as_bytes().len()
        + list.len()
        + lower.len()
        + renamed.as_os_str().len()
        + text.map_or(0, |text| text.len())
        + exe.map_or(0, |exe| exe.as_os_str().len())
        + command.get_args().len()
        + worker.map_or(0, |worker| worker.join().unwrap_or(0))
}

#[no_alloc(pedantic)]
fn possible(reader: &mut BufReader<File>, line: &mut String, bytes: &mut Vec<u8>) -> usize {
    let read = reader.read_line(line); //~
    let reserved = bytes.try_reserve(64); //~
    line.replace_range(..0, "> "); //~
    let out = io::stdout(); //~
    let current = thread::current(); //~
    read.unwrap_or(0) + usize::from(reserved.is_ok()) + usize::from(current.name().is_some())
        + std::mem::size_of_val(&out)
}

fn main() {
    let file = File::open("Cargo.toml").unwrap();
    let c = CStr::from_bytes_with_nul(b"c\0").unwrap();
    let _ = definite(&file, "true", Path::new("Cargo.toml"), c, OsStr::new("a"), 4);
    let mut reader = BufReader::new(file);
    let _ = possible(&mut reader, &mut String::new(), &mut Vec::new());
}
