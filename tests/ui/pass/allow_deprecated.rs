// `#[allow(deprecated)]` on the fn (or on the impl) silences every finding in it.
#![deny(warnings)]

use qadapt::no_alloc;

#[no_alloc]
#[allow(deprecated)]
fn all_silenced(id: u32) -> usize {
    format!("{id}").len() + Box::new(id).count_ones() as usize + vec![id].len()
}

struct Cache;

#[no_alloc]
#[allow(deprecated)]
impl Cache {
    fn fill(&self, n: usize) -> usize {
        Vec::<u8>::with_capacity(n).capacity()
    }
}

fn main() {
    let _ = all_silenced(1) + Cache.fill(1);
}
