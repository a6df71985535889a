//! Std's macros, matched by name by the attribute, and the functions their expansions call,
//! which the crate-wide checker meets once it has expanded them.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Macro("format"), Definite, NonEmpty, r#"format!("{}", x)"#, NEW_STRING, WRITE_INTO_BUFFER),
    e(Path(&["fmt", "format"]), Definite, NonEmpty, r#"std::fmt::format(format_args!("{}", x))"#, NEW_STRING, WRITE_INTO_BUFFER)
        .at(&["alloc::fmt::format"]),
    e(Macro("vec"), Definite, NonEmpty, "vec![1, 2, 3]", NEW_VEC, ARRAY),
    e(Path(&["vec", "from_elem"]), Definite, NonEmpty, "alloc::vec::from_elem(0u8, n)", NEW_VEC, ARRAY)
        .at(&["alloc::vec::from_elem"]),
    e(Macro("print"), Possible, Always, r#"print!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("println"), Possible, Always, r#"println!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("eprint"), Possible, Always, r#"eprint!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("eprintln"), Possible, Always, r#"eprintln!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Path(&["io", "_print"]), Possible, Always, r#"std::io::_print(format_args!("{}", x))"#, STDOUT, PRINT_FIX)
        .at(&["std::io::stdio::_print"]),
    e(Path(&["io", "_eprint"]), Possible, Always, r#"std::io::_eprint(format_args!("{}", x))"#, STDOUT, PRINT_FIX)
        .at(&["std::io::stdio::_eprint"]),
    e(Macro("write"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); write!(s, "{}", x); s }"#, GROW_EMPTY, GROW_FIX),
    e(Macro("writeln"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); writeln!(s, "{}", x); s }"#, GROW_EMPTY, GROW_FIX),
    e(Macro("write"), Possible, Always, r#"write!(out, "{}", x)"#, WRITE, CAPACITY_BEFORE),
    e(Macro("writeln"), Possible, Always, r#"writeln!(out, "{}", x)"#, WRITE, CAPACITY_BEFORE),
    e(Macro("dbg"), Possible, Always, "dbg!(x)", DBG, DBG_FIX),
];
