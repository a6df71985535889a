//! Std's collections: building them from data, an iterator or a capacity.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Path(&["Vec", "from"]), Definite, BorrowedArg, "Vec::from([1, 2])", COPY_DATA, BORROW)
        .at(&["<alloc::vec::Vec as core::convert::From>::from"]),
    e(Path(&["Vec", "from_iter"]), Definite, Always, "Vec::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::vec::Vec as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["Vec", "with_capacity"]), Definite, NonZero, "Vec::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["alloc::vec::Vec::with_capacity"]),
    e(Path(&["VecDeque", "from"]), Definite, BorrowedArg, "VecDeque::from([1, 2])", COPY_DATA, BORROW)
        .at(&["<alloc::collections::vec_deque::VecDeque as core::convert::From>::from"]),
    e(Path(&["VecDeque", "from_iter"]), Definite, Always, "VecDeque::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::collections::vec_deque::VecDeque as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["VecDeque", "with_capacity"]), Definite, NonZero, "VecDeque::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["alloc::collections::vec_deque::VecDeque::with_capacity"]),
    e(Path(&["BinaryHeap", "from"]), Definite, BorrowedArg, "BinaryHeap::from([1, 2])", COPY_DATA, BORROW)
        .at(&["<alloc::collections::binary_heap::BinaryHeap as core::convert::From>::from"]),
    e(Path(&["BinaryHeap", "from_iter"]), Definite, Always, "BinaryHeap::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::collections::binary_heap::BinaryHeap as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["BinaryHeap", "with_capacity"]), Definite, NonZero, "BinaryHeap::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["alloc::collections::binary_heap::BinaryHeap::with_capacity"]),
    e(Path(&["HashMap", "from"]), Definite, NonEmpty, "HashMap::from([(1, 2)])", COPY_DATA, BEFORE)
        .at(&["<std::collections::hash::map::HashMap as core::convert::From>::from"]),
    e(Path(&["HashMap", "from_iter"]), Definite, Always, "HashMap::from_iter(it)", COLLECT, CONSUME)
        .at(&["<std::collections::hash::map::HashMap as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["HashMap", "with_capacity"]), Definite, NonZero, "HashMap::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["std::collections::hash::map::HashMap::with_capacity"]),
    e(Path(&["HashMap", "with_capacity_and_hasher"]), Definite, NonZero, "HashMap::with_capacity_and_hasher(16, s)", CAPACITY, BEFORE)
        .at(&["std::collections::hash::map::HashMap::with_capacity_and_hasher"]),
    e(Path(&["HashSet", "from"]), Definite, NonEmpty, "HashSet::from([1, 2])", COPY_DATA, BEFORE)
        .at(&["<std::collections::hash::set::HashSet as core::convert::From>::from"]),
    e(Path(&["HashSet", "from_iter"]), Definite, Always, "HashSet::from_iter(it)", COLLECT, CONSUME)
        .at(&["<std::collections::hash::set::HashSet as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["HashSet", "with_capacity"]), Definite, NonZero, "HashSet::with_capacity(16)", CAPACITY, BEFORE)
        .at(&["std::collections::hash::set::HashSet::with_capacity"]),
    e(Path(&["HashSet", "with_capacity_and_hasher"]), Definite, NonZero, "HashSet::with_capacity_and_hasher(16, s)", CAPACITY, BEFORE)
        .at(&["std::collections::hash::set::HashSet::with_capacity_and_hasher"]),
    e(Path(&["BTreeMap", "from"]), Definite, NonEmpty, "BTreeMap::from([(1, 2)])", COPY_DATA, BEFORE)
        .at(&["<alloc::collections::btree::map::BTreeMap as core::convert::From>::from"]),
    e(Path(&["BTreeMap", "from_iter"]), Definite, Always, "BTreeMap::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::collections::btree::map::BTreeMap as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["BTreeSet", "from"]), Definite, NonEmpty, "BTreeSet::from([1, 2])", COPY_DATA, BEFORE)
        .at(&["<alloc::collections::btree::set::BTreeSet as core::convert::From>::from"]),
    e(Path(&["BTreeSet", "from_iter"]), Definite, Always, "BTreeSet::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::collections::btree::set::BTreeSet as core::iter::traits::collect::FromIterator>::from_iter"]),

    // Drawn from std's signatures.
    e(Path(&["LinkedList", "from"]), Definite, NonEmpty, "LinkedList::from([1, 2])", LIST_NODE, LIST_FIX)
        .at(&["<alloc::collections::linked_list::LinkedList as core::convert::From>::from"]),
    e(Path(&["LinkedList", "from_iter"]), Definite, Always, "LinkedList::from_iter(it)", LIST_NODE, LIST_FIX)
        .at(&["<alloc::collections::linked_list::LinkedList as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["LinkedList", "push_back"]), Definite, Always, "LinkedList::push_back(&mut list, 1)", LIST_NODE, LIST_FIX)
        .at(&["alloc::collections::linked_list::LinkedList::push_back"]),
    e(Path(&["LinkedList", "push_front"]), Definite, Always, "LinkedList::push_front(&mut list, 1)", LIST_NODE, LIST_FIX)
        .at(&["alloc::collections::linked_list::LinkedList::push_front"]),
    e(Path(&["LinkedList", "extend"]), Definite, Always, "LinkedList::extend(&mut list, it)", LIST_NODE, LIST_FIX)
        .at(&["<alloc::collections::linked_list::LinkedList as core::iter::traits::collect::Extend>::extend"]),
    e(Path(&["HashMap", "entry"]), Possible, Always, "HashMap::entry(&mut map, key)", MAP_ENTRY, CAPACITY_BEFORE)
        .at(&["std::collections::hash::map::HashMap::entry"]),
    e(Path(&["BTreeMap", "split_off"]), Possible, Always, "BTreeMap::split_off(&mut map, &key)", NODES_SPLIT, BORROW)
        .at(&["alloc::collections::btree::map::BTreeMap::split_off"]),
    e(Path(&["BTreeSet", "split_off"]), Possible, Always, "BTreeSet::split_off(&mut set, &key)", NODES_SPLIT, BORROW)
        .at(&["alloc::collections::btree::set::BTreeSet::split_off"]),
];
