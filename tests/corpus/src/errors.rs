//! Errors, threads, shared state and a few more buffers: allocations people
//! write without noticing.

use std::cell::RefCell;
use std::collections::HashSet;
use std::error::Error;
use std::rc::Rc;
use std::sync::{Arc, Mutex, mpsc};

use super::harness::{Case, Expect, case, run_case};

// ---- allocating, written in the body ----

pub fn parse_level(text: &str) -> Result<u8, Box<dyn Error>> {
    if text.is_empty() {
        return Err("empty level".into());
    }
    Ok(text.len() as u8)
}

pub fn parse_port(text: &str) -> Result<u16, Box<dyn Error>> {
    let port: u16 = text.trim().parse()?;
    Ok(port)
}

pub fn check_range(value: i32) -> Result<i32, String> {
    if !(0..=127).contains(&value) {
        return Err(format!("{value} is out of range"));
    }
    Ok(value)
}

pub fn worker_result(x: u32) -> u32 {
    std::thread::spawn(move || x * 2).join().unwrap_or(0)
}

pub fn reply_channel(x: u32) -> u32 {
    let (tx, rx) = mpsc::sync_channel(1);
    tx.send(x + 1).unwrap();
    rx.recv().unwrap()
}

pub fn scoped_sum(block: &[u32]) -> u32 {
    std::thread::scope(|_| block.iter().sum())
}

pub fn shared_cell(x: u32) -> Rc<RefCell<u32>> {
    Rc::new(RefCell::new(x))
}

pub fn shared_counter() -> Arc<Mutex<u64>> {
    Arc::new(Mutex::new(0))
}

pub fn large_boxed_buffer() -> Box<[u8; 4096]> {
    Box::new([0u8; 4096])
}

pub fn matrix(rows: usize, cols: usize) -> usize {
    let m = vec![vec![0.0f32; cols]; rows];
    m.len()
}

pub fn csv_line(values: &[u32]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn dedup_names(names: &[&str]) -> usize {
    let mut seen = HashSet::with_capacity(names.len());
    names.iter().filter(|n| seen.insert(**n)).count()
}

pub fn owned_labels(labels: &[&str]) -> usize {
    labels
        .iter()
        .copied()
        .map(String::from)
        .collect::<Vec<_>>()
        .len()
}

pub fn env_override() -> bool {
    std::env::var("PATH").is_ok()
}

// ---- not allocating ----

pub fn check_range_static(value: i32) -> Result<i32, &'static str> {
    if !(0..=127).contains(&value) {
        return Err("out of range");
    }
    Ok(value)
}

pub fn lock_and_add(counter: &Mutex<u64>, x: u64) -> u64 {
    let mut guard = counter.lock().unwrap();
    *guard += x;
    *guard
}

pub fn try_send(tx: &mpsc::SyncSender<u32>, x: u32) -> bool {
    tx.try_send(x).is_ok()
}

pub fn borrow_cell(cell: &Rc<RefCell<u32>>) -> u32 {
    *cell.borrow_mut() += 1;
    *cell.borrow()
}

fn channel() -> (mpsc::SyncSender<u32>, mpsc::Receiver<u32>) {
    mpsc::sync_channel(8)
}

pub const CASES: &[Case] = &[
    case!(parse_level, Body, ["3", ""], |t| parse_level(t).is_ok()),
    case!(parse_port, Body, ["8080", "http"], |t| parse_port(t)
        .is_ok()),
    case!(check_range, Body, [64i32, 300], |v| check_range(*v)),
    case!(worker_result, Body, [21u32], |x| worker_result(*x)),
    case!(reply_channel, Body, [41u32], |x| reply_channel(*x)),
    case!(scoped_sum, Body, [vec![1u32, 2, 3]], |b| scoped_sum(b)),
    case!(shared_cell, Body, [7u32], |x| shared_cell(*x)),
    case!(shared_counter, Body, [()], |()| shared_counter()),
    case!(large_boxed_buffer, Body, [()], |()| large_boxed_buffer()),
    case!(matrix, Body, [(4usize, 8usize)], |(r, c)| matrix(*r, *c)),
    case!(csv_line, Body, [vec![1u32, 22, 333]], |v| csv_line(v)),
    case!(dedup_names, Body, [vec!["a", "b", "a"]], |n| dedup_names(n)),
    case!(owned_labels, Body, [vec!["a", "b"]], |l| owned_labels(l)),
    case!(env_override, Body, [()], |()| env_override()),
    case!(check_range_static, Nothing, [64i32, 300], |v| {
        check_range_static(*v)
    }),
    case!(lock_and_add, Nothing, [Mutex::new(0u64)], |c| lock_and_add(
        c, 5
    )),
    case!(try_send, Nothing, [channel()], |(tx, _rx)| try_send(tx, 1)),
    case!(borrow_cell, Nothing, [Rc::new(RefCell::new(1u32))], |c| {
        borrow_cell(c)
    }),
];
