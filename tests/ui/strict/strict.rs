// `strict`: one error per finding, spanning the whole expression; the fn is still emitted, so
// `main` compiles against it without further errors.
use qadapt::no_alloc;

#[no_alloc(strict)]
fn build(n: usize) -> usize {
    #[rustfmt::skip] // spread over lines on purpose: the error spans all of it
    let text = format!( //~
        "{} items",
        n,
    );
    let boxed = Box::new(n + 1); //~
    let names: Vec<String> = (0..n).map(|i| i.to_string()).collect(); //~ //~
    text.len() + *boxed + names.len()
}

fn main() {
    let _ = build(1);
}
