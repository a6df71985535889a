// The rest of the catalogue, one warning each: conversions into boxes and shared pointers, case
// conversion of text, and (with `pedantic`) growing text and vectors, printing and writing.
#![deny(deprecated)]

use std::fmt::Write;
use std::rc::Rc;
use std::sync::Arc;

use qadapt::no_alloc;

#[no_alloc]
fn definite(name: &str, data: &[u8]) -> usize {
    let boxed: Box<str> = Box::from(name); //~
    let shared: Rc<[u8]> = Rc::from(data); //~
    let sync: Arc<str> = Arc::from(name); //~
    let lower = name.to_lowercase(); //~
    let upper = name.to_uppercase(); //~
    let pinned = Box::pin(data.len()); //~
    boxed.len() + shared.len() + sync.len() + lower.len() + upper.len() + *pinned
}

#[no_alloc(pedantic)]
fn possible(text: &mut String, v: &mut Vec<u8>, more: &mut Vec<u8>) {
    text.push_str("more"); //~
    v.append(more); //~
    v.resize(16, 0); //~
    print!("{}", v.len()); //~
    eprint!("{}", v.len()); //~
    eprintln!("{}", v.len()); //~
    let _ = writeln!(text, "{}", v.len()); //~
}

fn main() {
    let _ = definite("a", &[1]);
    possible(&mut String::new(), &mut Vec::new(), &mut Vec::new());
}
