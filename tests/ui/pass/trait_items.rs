// On a default method and on the methods of an impl (a required method, without a body, is an
// error: see misuse/on_required_method.rs). Options forms: `= true` / `= false`.
#![deny(warnings)]

use qadapt::no_alloc;

trait Source {
    fn next_sample(&mut self) -> f32;

    #[no_alloc(strict = true, pedantic = false)]
    fn skip(&mut self, n: usize) {
        for _ in 0..n {
            let _ = self.next_sample();
        }
    }
}

trait Sink {
    fn put(&mut self, x: f32);
    #[no_alloc(forbid = false, static_only = false)]
    fn put_all(&mut self, xs: &[f32]) {
        for x in xs {
            self.put(*x);
        }
    }
}

struct Zero;

impl Source for Zero {
    fn next_sample(&mut self) -> f32 {
        0.0
    }
}

#[no_alloc]
impl Sink for Zero {
    fn put(&mut self, _: f32) {}
}

fn main() {
    Zero.skip(2);
    Zero.put_all(&[1.0]);
}
