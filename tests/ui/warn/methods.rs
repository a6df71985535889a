// Allocating method calls: one warning each, on the method's name.
#![deny(deprecated)]

use std::path::Path;

use qadapt::no_alloc;

#[no_alloc]
fn texts(id: u32, name: &str, parts: &[&str], bytes: &[u8], path: &Path) -> usize {
    let a = id.to_string(); //~
    let b = name.to_owned(); //~
    let c = bytes.to_vec(); //~
    let d = parts.join(", "); //~
    let e = parts.concat(); //~
    let f = name.repeat(3); //~
    let g = path.to_path_buf(); //~
    a.len() + b.len() + c.len() + d.len() + e.len() + f.len() + g.as_os_str().len()
}

fn main() {
    let _ = texts(1, "n", &["a", "b"], b"xy", Path::new("/tmp"));
}
