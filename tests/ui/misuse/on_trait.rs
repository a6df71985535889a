// `#[no_alloc]` on a trait: one error (it would reach the default methods and none of the
// implementations), and the trait is still emitted (implemented and used in main).
use qadapt::no_alloc;

#[no_alloc]
trait Sink {
    fn put(&mut self, x: f32);
    fn put_all(&mut self, xs: &[f32]) {
        for x in xs {
            self.put(*x);
        }
    }
}

struct Zero;

impl Sink for Zero {
    fn put(&mut self, _: f32) {}
}

fn main() {
    Zero.put_all(&[1.0]);
}
