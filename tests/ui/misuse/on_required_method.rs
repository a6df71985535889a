// A required trait method has no body: the attribute would check nothing there.
use qadapt::no_alloc;

trait Source {
    #[no_alloc]
    fn next_sample(&mut self) -> f32;
}

struct Zero;

impl Source for Zero {
    fn next_sample(&mut self) -> f32 {
        0.0
    }
}

fn main() {
    let _ = Zero.next_sample();
}
