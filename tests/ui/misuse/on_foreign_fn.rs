// A foreign function has no body: the attribute would check nothing there.
use qadapt::no_alloc;

unsafe extern "C" {
    #[no_alloc]
    safe fn abs(x: i32) -> i32;
}

fn main() {
    let _ = abs(-1);
}
