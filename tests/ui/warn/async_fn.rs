// In an `async fn`, findings before and after an `.await`.
#![deny(deprecated)]

use qadapt::no_alloc;

async fn tick() {}

#[no_alloc]
async fn serve(id: u32) -> usize {
    let before = id.to_string(); //~
    tick().await;
    let after = vec![id; 4]; //~
    before.len() + after.len()
}

fn main() {
    drop(serve(1));
}
