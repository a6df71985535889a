// `strict` on an impl block: the errors of every method, each naming its method; `pedantic`
// findings are errors too ("may allocate").
use qadapt::no_alloc;

struct Queue {
    items: Vec<u32>,
}

#[no_alloc(strict, pedantic)]
impl Queue {
    fn add(&mut self, item: u32) {
        self.items.push(item); //~
    }

    fn snapshot(&self) -> Vec<u32> {
        self.items.clone() //~
    }

    fn quiet(&self) -> usize {
        self.items.len()
    }
}

fn main() {
    let mut q = Queue { items: Vec::new() };
    q.add(1);
    let _ = q.snapshot().len() + q.quiet();
}
