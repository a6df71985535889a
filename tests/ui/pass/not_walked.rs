// Nested items run only when called, and `const` blocks at compile time: neither is walked.
#![deny(warnings)]

use qadapt::no_alloc;

#[no_alloc]
fn outer(id: u32) -> usize {
    fn helper(id: u32) -> String {
        format!("{id}")
    }
    struct Local;
    impl Local {
        fn make(&self) -> Box<u32> {
            Box::new(1)
        }
    }
    const N: usize = const { 4 };
    let _ = (helper as fn(u32) -> String, Local.make());
    id as usize + N
}

fn main() {
    let _ = outer(1);
}
