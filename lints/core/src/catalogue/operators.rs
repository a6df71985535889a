//! Operators that allocate: `+` and `+=` on a `String`, and `?` converting an error into a
//! `Box<dyn Error>`.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Operator("+", "add"), Definite, GrowsEmpty, r#"{ let s = String::new(); let t = s + "a"; t }"#, GROW_EMPTY, GROW_FIX)
        .at(ADD),
    e(Operator("+=", "add_assign"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s += "a"; s }"#, GROW_EMPTY, GROW_FIX)
        .at(ADD_ASSIGN),
    e(Operator("+", "string_add"), Possible, AppendsToString, r#"{ let s: String = make(); s + "a" }"#, STRING_ADD, STRING_ADD_FIX)
        .at(ADD),
    e(Operator("+=", "string_add_assign"), Possible, AppendsToString, r#"{ let mut s: String = make(); s += "a"; s }"#, STRING_ADD, STRING_ADD_FIX)
        .at(ADD_ASSIGN),
    e(Operator("?", "question_mark_box_error"), Definite, BoxesSizedError, "fn f(t: &str) -> Result<u16, Box<dyn Error>> { Ok(t.parse::<u16>()?) }", BOX_ERROR, BOX_ERROR_FIX),
    e(Operator("?", "question_mark_box_error"), Possible, BoxesError, "fn f() -> Result<u16, Box<dyn Error>> { Ok(helper()?) }", BOX_ERROR_MAYBE, BOX_ERROR_FIX),
];

const ADD: &[&str] = &["<alloc::string::String as core::ops::arith::Add>::add"];
const ADD_ASSIGN: &[&str] = &["<alloc::string::String as core::ops::arith::AddAssign>::add_assign"];
