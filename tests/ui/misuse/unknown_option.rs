// A misspelt option: one error on it, with the suggestion.
use qadapt::no_alloc;

#[no_alloc(strcit)]
fn f() {}

fn main() {
    f();
}
