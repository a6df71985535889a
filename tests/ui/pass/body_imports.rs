// A name the body imports from elsewhere (or declares itself) is not std's: no finding through
// it. Here `Vec` and `format!` are a fixed-capacity stand-in's, as `heapless` would provide.
#![deny(warnings)]

use qadapt::no_alloc;

mod fixed {
    /// A vector of at most 4 bytes, in place.
    pub struct Vec {
        items: [u8; 4],
        len: usize,
    }

    impl Vec {
        pub fn new() -> Vec {
            Vec { items: [0; 4], len: 0 }
        }

        pub fn push(&mut self, item: u8) {
            self.items[self.len] = item;
            self.len += 1;
        }

        pub fn len(&self) -> usize {
            self.len
        }
    }

    #[macro_export]
    macro_rules! fixed_format {
        ($($arg:tt)*) => {
            0usize
        };
    }
}

#[no_alloc]
fn imported(x: u8) -> usize {
    use crate::fixed::Vec;
    use crate::fixed_format as format;
    let mut v = Vec::new();
    v.push(x);
    v.len() + format!("{}", x)
}

#[no_alloc]
fn declared() -> usize {
    struct String;
    impl String {
        fn from(_: &str) -> String {
            String
        }
    }
    let _s = String::from("local");
    1
}

fn main() {
    let _ = imported(1) + declared();
}
