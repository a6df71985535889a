// `deny(..)` reports the user's own paths: calls, method calls and macros, matched by suffix.
#![deny(deprecated)]

use qadapt::no_alloc;

struct Pool(Vec<Vec<u8>>);

impl Pool {
    fn take(&mut self) -> Vec<u8> {
        self.0.pop().unwrap_or_default()
    }
}

fn make_buffer(n: usize) -> Vec<u8> {
    Vec::with_capacity(n)
}

macro_rules! make_string {
    () => {
        String::new()
    };
}

#[no_alloc(deny(Pool::take, make_buffer, make_string))]
fn refill(pool: &mut Pool) -> usize {
    let a = pool.take(); //~
    let b = Pool::take(pool); //~
    let c = make_buffer(3); //~
    let d = make_string!(); //~
    a.len() + b.len() + c.capacity() + d.len()
}

fn main() {
    let _ = refill(&mut Pool(Vec::new()));
}
