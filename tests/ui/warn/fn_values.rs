// A function used as a value is checked like a call, since it will be called.
#![deny(deprecated)]

use qadapt::no_alloc;

#[no_alloc]
fn owned(names: &[&str], ids: &[u32]) -> usize {
    let mut total = 0;
    let owned_names = names.iter().copied().map(String::from); //~
    for name in owned_names {
        total += name.len();
    }
    let texts = ids.iter().map(ToString::to_string); //~
    for text in texts {
        total += text.len();
    }
    let boxes = ids.iter().map(Box::new); //~
    for boxed in boxes {
        total += **boxed as usize;
    }
    total
}

fn main() {
    let _ = owned(&["a"], &[1]);
}
