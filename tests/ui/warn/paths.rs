// Allocating calls by path: one warning each, on the last segment of the path.
#![deny(deprecated)]

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, mpsc};

use qadapt::no_alloc;

#[no_alloc]
fn setup(n: u32) -> usize {
    let boxed = Box::new(n); //~
    let pinned = Box::pin(n); //~
    let shared = Rc::new(n); //~
    let synced = std::sync::Arc::new(n); //~
    let from_slice: Arc<[u32]> = Arc::from(&[n][..]); //~
    let text = String::from("text"); //~
    let buffer: Vec<u8> = Vec::with_capacity(64); //~
    let map: HashMap<u32, u32> = HashMap::with_capacity(4); //~
    let copied = Vec::from([n, n]); //~
    let (sender, _receiver) = mpsc::channel::<u32>(); //~
    let worker = std::thread::spawn(move || n); //~
    drop((sender, worker));
    *boxed as usize
        + *pinned as usize
        + *shared as usize
        + *synced as usize
        + from_slice.len()
        + text.len()
        + buffer.capacity()
        + map.capacity()
        + copied.len()
}

fn main() {
    let _ = setup(1);
}
