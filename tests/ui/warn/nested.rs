// The walk goes into closures, async blocks, match guards, `let else`, loops and the arguments
// of macros; one warning per finding wherever it is.
#![deny(deprecated)]

use qadapt::no_alloc;

macro_rules! twice {
    ($a:expr, $b:expr) => {
        ($a, $b)
    };
}

#[no_alloc]
fn everywhere(values: &[u32], flag: Option<u32>) -> usize {
    let in_closure = |v: u32| Box::new(v); //~
    let in_async = async { vec![1, 2] }; //~
    let Some(first) = flag else {
        return format!("none").len(); //~
    };
    let guarded = match first {
        n if n.to_string().len() > 3 => 1, //~
        _ => 0,
    };
    let mut total = 0;
    for v in values {
        while total < 10 {
            total += String::from("loop").len() + *v as usize; //~
        }
    }
    let (a, b) = twice!(Box::new(1), 2); //~
    assert_eq!(first.to_string(), "1"); //~
    drop(in_async);
    *in_closure(first) as usize + guarded + total + *a + b
}

fn main() {
    let _ = everywhere(&[1], Some(1));
}
