// `allow(..)` silences exactly the listed constructs (paths, methods, macros, pedantic ones).
#![deny(warnings)]

use qadapt::no_alloc;

#[no_alloc(allow(format, Box::new, to_string, collect))]
fn allowed(id: u32, values: &[u32]) -> usize {
    let text = format!("id {id}");
    let boxed = Box::new(id);
    let name = id.to_string();
    let all = values.iter().collect::<Vec<_>>();
    text.len() + *boxed as usize + name.len() + all.len()
}

#[no_alloc(pedantic, allow(Vec::push, clone))]
fn allowed_pedantic(buf: &mut Vec<u32>, items: &[u32]) -> usize {
    buf.push(1);
    let _ = items;
    buf.clone().len()
}

fn main() {
    let _ = allowed(1, &[1]);
    let _ = allowed_pedantic(&mut Vec::new(), &[]);
}
