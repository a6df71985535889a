//! Methods, matched by name by the attribute whatever the receiver: definite where the name
//! alone (or what is known of the receiver) decides, definite on a collection created empty in
//! the same body, possible otherwise.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    // Methods that allocate.
    e(Method("to_string"), Definite, NonEmpty, "x.to_string()", NEW_STRING, WRITE_INTO_BUFFER)
        .at(&["alloc::string::ToString::to_string", "<T as alloc::string::ToString>::to_string"]),
    e(Method("to_owned"), Definite, OwnedCopy, r#""text".to_owned()"#, TO_OWNED, BORROW)
        .at(&[
            "<str as alloc::borrow::ToOwned>::to_owned",
            "<std::path::Path as alloc::borrow::ToOwned>::to_owned",
            "<std::ffi::os_str::OsStr as alloc::borrow::ToOwned>::to_owned",
            "<core::ffi::c_str::CStr as alloc::borrow::ToOwned>::to_owned",
        ]),
    e(Method("to_vec"), Definite, Always, "s.to_vec()", COPY_DATA, BORROW),
    e(Method("to_path_buf"), Definite, Always, "p.to_path_buf()", COPY_DATA, BORROW),
    e(Method("to_os_string"), Definite, Always, "s.to_os_string()", COPY_DATA, BORROW),
    e(Method("join"), Definite, JoinArgs, r#"parts.join(", ")"#, CONCAT, PIECES)
        .at(&["alloc::slice::[T]::join", "std::path::Path::join"]),
    e(Method("replace"), Definite, Replace(2), r#"s.replace('/', "::")"#, REPLACE, PIECES),
    e(Method("replacen"), Definite, Replace(3), r#"s.replacen('/', "::", 1)"#, REPLACE, PIECES)
        .at(&["alloc::str::str::replacen"]),
    e(Method("to_ascii_uppercase"), Definite, AsciiCase, r#""text".to_ascii_uppercase()"#, ASCII_COPY, ASCII_CASE)
        .at(&["alloc::slice::[u8]::to_ascii_uppercase"]),
    e(Method("to_ascii_lowercase"), Definite, AsciiCase, r#""text".to_ascii_lowercase()"#, ASCII_COPY, ASCII_CASE)
        .at(&["alloc::slice::[u8]::to_ascii_lowercase"]),
    e(Method("to_uppercase"), Definite, TextReceiver, r#""text".to_uppercase()"#, CASE, ASCII_CASE),
    e(Method("to_lowercase"), Definite, TextReceiver, r#""text".to_lowercase()"#, CASE, ASCII_CASE),
    e(Method("split_off"), Definite, SplitOff, "{ let mut v: Vec<u8> = make(); v.split_off(1) }", SPLIT_OFF, BORROW)
        .at(&[
            "alloc::vec::Vec::split_off",
            "alloc::string::String::split_off",
            "alloc::collections::vec_deque::VecDeque::split_off",
        ]),
    e(Method("clone"), Definite, CloneOwned, "{ let s: String = make(); s.clone() }", CLONE, CLONE_FIX)
        .at(&[
            "<alloc::string::String as core::clone::Clone>::clone",
            "<alloc::vec::Vec as core::clone::Clone>::clone",
            "<alloc::collections::vec_deque::VecDeque as core::clone::Clone>::clone",
            "<alloc::collections::binary_heap::BinaryHeap as core::clone::Clone>::clone",
            "<alloc::collections::btree::map::BTreeMap as core::clone::Clone>::clone",
            "<alloc::collections::btree::set::BTreeSet as core::clone::Clone>::clone",
            "<alloc::collections::linked_list::LinkedList as core::clone::Clone>::clone",
            "<std::collections::hash::map::HashMap as core::clone::Clone>::clone",
            "<std::collections::hash::set::HashSet as core::clone::Clone>::clone",
            "<std::path::PathBuf as core::clone::Clone>::clone",
            "<std::ffi::os_str::OsString as core::clone::Clone>::clone",
            "<alloc::ffi::c_str::CString as core::clone::Clone>::clone",
        ]),
    e(Method("into"), Definite, IntoHeap, r#"{ let s: String = "text".into(); s }"#, INTO_HEAP, BORROW),
    e(Method("into_owned"), Definite, LossyCopy, "String::from_utf8_lossy(&b).into_owned()", LOSSY_OWNED, COW_FIX),
    e(Method("partition"), Definite, PartitionsIntoHeap, "{ let (a, b): (Vec<u8>, Vec<u8>) = it.partition(f); }", PARTITION, CONSUME),
    e(Method("unzip"), Definite, UnzipsIntoHeap, "{ let (a, b): (Vec<u8>, Vec<u8>) = it.unzip(); }", PARTITION, CONSUME),
    e(Method("sort_by_cached_key"), Definite, Always, "v.sort_by_cached_key(f)", SORT_CACHE_ALWAYS, SORT_FIX)
        .at(&["alloc::slice::[T]::sort_by_cached_key"]),
    e(Method("concat"), Definite, Always, "parts.concat()", CONCAT, PIECES),
    e(Method("repeat"), Definite, NonZero, r#""ab".repeat(3)"#, REPEAT, PIECES)
        .at(&["alloc::slice::[T]::repeat"]),
    e(Method("boxed"), Definite, Always, "fut.boxed()", BOXED, PIN_STACK_FUTURE),
    e(Method("boxed_local"), Definite, Always, "fut.boxed_local()", BOXED, PIN_STACK_FUTURE),
    e(Method("collect"), Definite, CollectsIntoHeap, "it.collect::<Vec<_>>()", COLLECT, CONSUME),

    // Growing a collection created empty in the same body; the possible entries below apply
    // to the same items otherwise.
    e(Method("push"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.push(1); v }", GROW_EMPTY, GROW_FIX)
        .at(PUSH),
    e(Method("push_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.push_str("a"); s }"#, GROW_EMPTY, GROW_FIX)
        .at(PUSH_STR),
    e(Method("push_back"), Definite, GrowsEmpty, "{ let mut d = VecDeque::new(); d.push_back(1); d }", GROW_EMPTY, GROW_FIX)
        .at(PUSH_BACK),
    e(Method("push_front"), Definite, GrowsEmpty, "{ let mut d = VecDeque::new(); d.push_front(1); d }", GROW_EMPTY, GROW_FIX)
        .at(PUSH_FRONT),
    e(Method("insert"), Definite, GrowsEmpty, "{ let mut m = HashMap::new(); m.insert(1, 2); m }", GROW_EMPTY, GROW_FIX)
        .at(INSERT),
    e(Method("insert_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.insert_str(0, "a"); s }"#, GROW_EMPTY, GROW_FIX)
        .at(INSERT_STR),
    e(Method("extend"), Definite, GrowsEmpty, "{ let mut v = vec![]; v.extend(it); v }", GROW_EMPTY, GROW_FIX)
        .at(EXTEND),
    e(Method("extend_from_slice"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.extend_from_slice(&s); v }", GROW_EMPTY, GROW_FIX)
        .at(EXTEND_FROM_SLICE),
    e(Method("append"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.append(&mut w); v }", GROW_EMPTY, GROW_FIX)
        .at(APPEND),
    e(Method("resize"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.resize(n, 0); v }", GROW_EMPTY, GROW_FIX)
        .at(RESIZE),
    e(Method("resize_with"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.resize_with(n, f); v }", GROW_EMPTY, GROW_FIX)
        .at(RESIZE_WITH),
    e(Method("write_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.write_str("a"); s }"#, GROW_EMPTY, GROW_FIX)
        .at(WRITE_STR),
    e(Method("write_char"), Definite, GrowsEmpty, "{ let mut s = String::new(); s.write_char('a'); s }", GROW_EMPTY, GROW_FIX)
        .at(WRITE_CHAR),
    e(Method("write_fmt"), Definite, GrowsEmpty, "{ let mut s = String::new(); s.write_fmt(args); s }", GROW_EMPTY, GROW_FIX),
    e(Method("write_all"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.write_all(&b); v }", GROW_EMPTY, GROW_FIX)
        .at(WRITE_ALL),

    // Methods that may allocate.
    e(Method("collect"), Possible, Always, "it.collect()", COLLECT_MAYBE, CONSUME),
    e(Method("push"), Possible, Always, "v.push(1)", GROW, CAPACITY_BEFORE).at(PUSH),
    e(Method("push_str"), Possible, Always, r#"s.push_str("text")"#, GROW, CAPACITY_BEFORE).at(PUSH_STR),
    e(Method("push_back"), Possible, Always, "v.push_back(1)", GROW, CAPACITY_BEFORE).at(PUSH_BACK),
    e(Method("push_front"), Possible, Always, "v.push_front(1)", GROW, CAPACITY_BEFORE).at(PUSH_FRONT),
    e(Method("insert"), Possible, Always, "m.insert(1, 2)", GROW, CAPACITY_BEFORE).at(INSERT),
    e(Method("insert_str"), Possible, Always, r#"s.insert_str(0, "text")"#, GROW, CAPACITY_BEFORE).at(INSERT_STR),
    e(Method("extend"), Possible, Always, "v.extend(it)", GROW, CAPACITY_BEFORE).at(EXTEND),
    e(Method("extend_from_slice"), Possible, Always, "v.extend_from_slice(&s)", GROW, CAPACITY_BEFORE).at(EXTEND_FROM_SLICE),
    e(Method("extend_from_within"), Possible, Always, "v.extend_from_within(..)", GROW, CAPACITY_BEFORE)
        .at(&["alloc::vec::Vec::extend_from_within", "alloc::string::String::extend_from_within"]),
    e(Method("append"), Possible, Always, "v.append(&mut w)", GROW, CAPACITY_BEFORE).at(APPEND),
    e(Method("resize"), Possible, Always, "v.resize(16, 0)", GROW, CAPACITY_BEFORE).at(RESIZE),
    e(Method("resize_with"), Possible, Always, "v.resize_with(16, f)", GROW, CAPACITY_BEFORE).at(RESIZE_WITH),
    e(Path(&["String", "write_str"]), Possible, Always, r#"String::write_str(&mut s, "text")"#, GROW, CAPACITY_BEFORE)
        .at(WRITE_STR),
    e(Path(&["String", "write_char"]), Possible, Always, "String::write_char(&mut s, 'a')", GROW, CAPACITY_BEFORE)
        .at(WRITE_CHAR),
    e(Path(&["Vec", "write_all"]), Possible, Always, "Vec::write_all(&mut bytes, &data)", GROW, CAPACITY_BEFORE)
        .at(WRITE_ALL),
    e(Method("reserve"), Possible, Always, "v.reserve(16)", RESERVE, CAPACITY_BEFORE)
        .at(&[
            "alloc::vec::Vec::reserve",
            "alloc::string::String::reserve",
            "alloc::collections::vec_deque::VecDeque::reserve",
            "alloc::collections::binary_heap::BinaryHeap::reserve",
            "std::collections::hash::map::HashMap::reserve",
            "std::collections::hash::set::HashSet::reserve",
            "std::ffi::os_str::OsString::reserve",
            "std::path::PathBuf::reserve",
        ]),
    e(Method("reserve_exact"), Possible, Always, "v.reserve_exact(16)", RESERVE, CAPACITY_BEFORE)
        .at(&[
            "alloc::vec::Vec::reserve_exact",
            "alloc::string::String::reserve_exact",
            "alloc::collections::vec_deque::VecDeque::reserve_exact",
            "alloc::collections::binary_heap::BinaryHeap::reserve_exact",
            "std::ffi::os_str::OsString::reserve_exact",
            "std::path::PathBuf::reserve_exact",
        ]),
    e(Method("try_reserve"), Possible, Always, "v.try_reserve(16)", RESERVE, CAPACITY_BEFORE)
        .at(&[
            "alloc::vec::Vec::try_reserve",
            "alloc::string::String::try_reserve",
            "alloc::collections::vec_deque::VecDeque::try_reserve",
            "alloc::collections::binary_heap::BinaryHeap::try_reserve",
            "std::collections::hash::map::HashMap::try_reserve",
            "std::collections::hash::set::HashSet::try_reserve",
            "std::ffi::os_str::OsString::try_reserve",
            "std::path::PathBuf::try_reserve",
        ]),
    e(Method("try_reserve_exact"), Possible, Always, "v.try_reserve_exact(16)", RESERVE, CAPACITY_BEFORE)
        .at(&[
            "alloc::vec::Vec::try_reserve_exact",
            "alloc::string::String::try_reserve_exact",
            "alloc::collections::vec_deque::VecDeque::try_reserve_exact",
            "alloc::collections::binary_heap::BinaryHeap::try_reserve_exact",
            "std::ffi::os_str::OsString::try_reserve_exact",
            "std::path::PathBuf::try_reserve_exact",
        ]),
    e(Method("replace_range"), Possible, Always, r#"s.replace_range(..1, "text")"#, GROW, CAPACITY_BEFORE)
        .at(&["alloc::string::String::replace_range"]),
    e(Method("splice"), Possible, Always, "v.splice(..1, it)", GROW, CAPACITY_BEFORE)
        .at(&["alloc::vec::Vec::splice"]),
    e(Method("set_extension"), Possible, Always, r#"path.set_extension("txt")"#, GROW, CAPACITY_BEFORE)
        .at(&["std::path::PathBuf::set_extension"]),
    e(Method("set_file_name"), Possible, Always, r#"path.set_file_name("a")"#, GROW, CAPACITY_BEFORE)
        .at(&["std::path::PathBuf::set_file_name"]),
    e(Method("or_insert"), Possible, Always, "m.entry(k).or_insert(1)", ENTRY, CAPACITY_BEFORE)
        .at(&["std::collections::hash::map::Entry::or_insert", "alloc::collections::btree::map::entry::Entry::or_insert"]),
    e(Method("or_insert_with"), Possible, Always, "m.entry(k).or_insert_with(f)", ENTRY, CAPACITY_BEFORE)
        .at(&["std::collections::hash::map::Entry::or_insert_with", "alloc::collections::btree::map::entry::Entry::or_insert_with"]),
    e(Method("or_insert_with_key"), Possible, Always, "m.entry(k).or_insert_with_key(f)", ENTRY, CAPACITY_BEFORE)
        .at(&["std::collections::hash::map::Entry::or_insert_with_key", "alloc::collections::btree::map::entry::Entry::or_insert_with_key"]),
    e(Method("or_default"), Possible, Always, "m.entry(k).or_default()", ENTRY, CAPACITY_BEFORE)
        .at(&["std::collections::hash::map::Entry::or_default", "alloc::collections::btree::map::entry::Entry::or_default"]),
    e(Method("clone"), Possible, Always, "x.clone()", CLONE, CLONE_FIX),
    e(Method("into"), Possible, Always, "x.into()", INTO, BORROW),
    e(Method("partition"), Possible, Always, "it.partition(f)", COLLECT_MAYBE, CONSUME),
    e(Method("unzip"), Possible, Always, "it.unzip()", COLLECT_MAYBE, CONSUME),
    e(Method("into_owned"), Possible, Always, "cow.into_owned()", COW_OWN, COW_FIX)
        .at(&["alloc::borrow::Cow::into_owned"]),
    e(Method("to_mut"), Possible, Always, "cow.to_mut()", COW_OWN, COW_FIX)
        .at(&["alloc::borrow::Cow::to_mut"]),
    e(Method("to_string_lossy"), Possible, Always, "s.to_string_lossy()", LOSSY, COW_FIX)
        .at(&["std::ffi::os_str::OsStr::to_string_lossy", "std::path::Path::to_string_lossy", "core::ffi::c_str::CStr::to_string_lossy"]),
    e(Method("into_boxed_slice"), Possible, Always, "v.into_boxed_slice()", SHRINK, SHRINK_FIX)
        .at(&["alloc::vec::Vec::into_boxed_slice"]),
    e(Method("into_boxed_str"), Possible, Always, "s.into_boxed_str()", SHRINK, SHRINK_FIX)
        .at(&["alloc::string::String::into_boxed_str"]),
    e(Method("shrink_to_fit"), Possible, Always, "v.shrink_to_fit()", SHRINK, SHRINK_FIX)
        .at(&[
            "alloc::vec::Vec::shrink_to_fit",
            "alloc::string::String::shrink_to_fit",
            "alloc::collections::vec_deque::VecDeque::shrink_to_fit",
            "alloc::collections::binary_heap::BinaryHeap::shrink_to_fit",
            "std::collections::hash::map::HashMap::shrink_to_fit",
            "std::collections::hash::set::HashSet::shrink_to_fit",
            "std::ffi::os_str::OsString::shrink_to_fit",
            "std::path::PathBuf::shrink_to_fit",
        ]),
    e(Method("shrink_to"), Possible, Always, "v.shrink_to(4)", SHRINK, SHRINK_FIX)
        .at(&[
            "alloc::vec::Vec::shrink_to",
            "alloc::string::String::shrink_to",
            "alloc::collections::vec_deque::VecDeque::shrink_to",
            "alloc::collections::binary_heap::BinaryHeap::shrink_to",
            "std::collections::hash::map::HashMap::shrink_to",
            "std::collections::hash::set::HashSet::shrink_to",
            "std::ffi::os_str::OsString::shrink_to",
            "std::path::PathBuf::shrink_to",
        ]),
    e(Method("sort"), Possible, Always, "v.sort()", SORT, SORT_FIX)
        .at(&["alloc::slice::[T]::sort"]),
    e(Method("sort_by"), Possible, Always, "v.sort_by(f)", SORT, SORT_FIX)
        .at(&["alloc::slice::[T]::sort_by"]),
    e(Method("sort_by_key"), Possible, Always, "v.sort_by_key(f)", SORT, SORT_FIX)
        .at(&["alloc::slice::[T]::sort_by_key"]),
];

// The std items that grow a collection, shared by the definite entry for a collection created
// empty and the possible entry for any other.
const PUSH: &[&str] = &[
    "alloc::vec::Vec::push",
    "alloc::string::String::push",
    "alloc::collections::binary_heap::BinaryHeap::push",
    "std::ffi::os_str::OsString::push",
    "std::path::PathBuf::push",
];
const PUSH_STR: &[&str] = &["alloc::string::String::push_str"];
const PUSH_BACK: &[&str] = &["alloc::collections::vec_deque::VecDeque::push_back"];
const PUSH_FRONT: &[&str] = &["alloc::collections::vec_deque::VecDeque::push_front"];
const INSERT: &[&str] = &[
    "alloc::vec::Vec::insert",
    "alloc::string::String::insert",
    "alloc::collections::vec_deque::VecDeque::insert",
    "alloc::collections::btree::map::BTreeMap::insert",
    "alloc::collections::btree::set::BTreeSet::insert",
    "std::collections::hash::map::HashMap::insert",
    "std::collections::hash::set::HashSet::insert",
    "alloc::collections::btree::map::entry::VacantEntry::insert",
];
const INSERT_STR: &[&str] = &["alloc::string::String::insert_str"];
const EXTEND: &[&str] = &[
    "<alloc::vec::Vec as core::iter::traits::collect::Extend>::extend",
    "<alloc::string::String as core::iter::traits::collect::Extend>::extend",
    "<alloc::collections::vec_deque::VecDeque as core::iter::traits::collect::Extend>::extend",
    "<alloc::collections::binary_heap::BinaryHeap as core::iter::traits::collect::Extend>::extend",
    "<alloc::collections::btree::map::BTreeMap as core::iter::traits::collect::Extend>::extend",
    "<alloc::collections::btree::set::BTreeSet as core::iter::traits::collect::Extend>::extend",
    "<std::collections::hash::map::HashMap as core::iter::traits::collect::Extend>::extend",
    "<std::collections::hash::set::HashSet as core::iter::traits::collect::Extend>::extend",
];
const EXTEND_FROM_SLICE: &[&str] = &["alloc::vec::Vec::extend_from_slice"];
const APPEND: &[&str] = &[
    "alloc::vec::Vec::append",
    "alloc::collections::vec_deque::VecDeque::append",
    "alloc::collections::binary_heap::BinaryHeap::append",
    "alloc::collections::btree::map::BTreeMap::append",
    "alloc::collections::btree::set::BTreeSet::append",
];
const RESIZE: &[&str] = &[
    "alloc::vec::Vec::resize",
    "alloc::collections::vec_deque::VecDeque::resize",
];
const RESIZE_WITH: &[&str] = &[
    "alloc::vec::Vec::resize_with",
    "alloc::collections::vec_deque::VecDeque::resize_with",
];
const WRITE_STR: &[&str] = &["<alloc::string::String as core::fmt::Write>::write_str"];
const WRITE_CHAR: &[&str] = &["<alloc::string::String as core::fmt::Write>::write_char"];
const WRITE_ALL: &[&str] = &["<alloc::vec::Vec as std::io::Write>::write_all"];
