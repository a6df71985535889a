// `allow` takes paths, not strings.
use qadapt::no_alloc;

#[no_alloc(allow("Vec::push"))]
fn f(v: &mut Vec<u8>) {
    v.push(1);
}

fn main() {
    f(&mut Vec::new());
}
