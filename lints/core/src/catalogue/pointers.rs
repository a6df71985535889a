//! Boxes and reference-counted pointers.

use super::condition::Condition::*;
use super::entry::{Entry, Kind::*, e};
use super::messages::*;
use crate::finding::Certainty::*;

#[rustfmt::skip]
pub(super) static ENTRIES: &[Entry] = &[
    e(Path(&["Box", "new"]), Definite, NotZeroSized, "Box::new(1)", INTO_BOX, STACK)
        .at(&["alloc::boxed::Box::new"]),
    e(Path(&["Box", "pin"]), Definite, NotZeroSized, "Box::pin(fut)", PIN_BOX, PIN_STACK)
        .at(&["alloc::boxed::Box::pin"]),
    e(Path(&["Box", "new_uninit"]), Definite, NotZeroSized, "Box::<[u8; 4]>::new_uninit()", INTO_BOX, STACK)
        .at(&["alloc::boxed::Box::new_uninit"]),
    e(Path(&["Box", "new_zeroed"]), Definite, NotZeroSized, "Box::<[u8; 4]>::new_zeroed()", ZEROED, STACK)
        .at(&["alloc::boxed::Box::new_zeroed"]),
    e(Path(&["Box", "new_uninit_slice"]), Definite, NonZero, "Box::<[u8]>::new_uninit_slice(n)", ZEROED, STACK)
        .at(&["alloc::boxed::Box::new_uninit_slice"]),
    e(Path(&["Box", "new_zeroed_slice"]), Definite, NonZero, "Box::<[u8]>::new_zeroed_slice(n)", ZEROED, STACK)
        .at(&["alloc::boxed::Box::new_zeroed_slice"]),
    e(Path(&["Box", "clone"]), Definite, NotZeroSized, "Box::clone(&boxed)", CLONE, CLONE_FIX)
        .at(&["<alloc::boxed::Box as core::clone::Clone>::clone"]),
    e(Path(&["Box", "from_iter"]), Definite, Always, "Box::<[u8]>::from_iter(it)", COLLECT, CONSUME)
        .at(&["<alloc::boxed::Box as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["Box", "from"]), Definite, BorrowedArg, r#"Box::from("text")"#, INTO_BOX, STACK)
        .at(&["<alloc::boxed::Box as core::convert::From>::from"]),
    e(Path(&["Box", "default"]), Possible, Always, "Box::default()", BOX_DEFAULT, STACK)
        .at(&["<alloc::boxed::Box as core::default::Default>::default"]),
    e(Path(&["Rc", "new"]), Definite, Always, "Rc::new(1)", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new"]),
    e(Path(&["Rc", "pin"]), Definite, Always, "Rc::pin(1)", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::pin"]),
    e(Path(&["Rc", "new_cyclic"]), Definite, Always, "Rc::new_cyclic(f)", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new_cyclic"]),
    e(Path(&["Rc", "new_uninit"]), Definite, Always, "Rc::<u8>::new_uninit()", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new_uninit"]),
    e(Path(&["Rc", "new_zeroed"]), Definite, Always, "Rc::<u8>::new_zeroed()", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new_zeroed"]),
    e(Path(&["Rc", "new_uninit_slice"]), Definite, Always, "Rc::<[u8]>::new_uninit_slice(n)", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new_uninit_slice"]),
    e(Path(&["Rc", "new_zeroed_slice"]), Definite, Always, "Rc::<[u8]>::new_zeroed_slice(n)", RC_BOX, RC_BEFORE)
        .at(&["alloc::rc::Rc::new_zeroed_slice"]),
    e(Path(&["Rc", "from_iter"]), Definite, Always, "Rc::<[u8]>::from_iter(it)", RC_BOX, RC_BEFORE)
        .at(&["<alloc::rc::Rc as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["Rc", "from"]), Definite, Always, "Rc::from(value)", RC_BOX, RC_BEFORE)
        .at(&["<alloc::rc::Rc as core::convert::From>::from"]),
    e(Path(&["Rc", "default"]), Definite, Always, "Rc::default()", RC_BOX, RC_BEFORE)
        .at(&["<alloc::rc::Rc as core::default::Default>::default"]),
    e(Path(&["Rc", "make_mut"]), Possible, Always, "Rc::make_mut(&mut rc)", RC_CLONE, RC_BEFORE)
        .at(&["alloc::rc::Rc::make_mut"]),
    e(Path(&["Arc", "new"]), Definite, Always, "Arc::new(1)", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new"]),
    e(Path(&["Arc", "pin"]), Definite, Always, "Arc::pin(1)", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::pin"]),
    e(Path(&["Arc", "new_cyclic"]), Definite, Always, "Arc::new_cyclic(f)", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new_cyclic"]),
    e(Path(&["Arc", "new_uninit"]), Definite, Always, "Arc::<u8>::new_uninit()", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new_uninit"]),
    e(Path(&["Arc", "new_zeroed"]), Definite, Always, "Arc::<u8>::new_zeroed()", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new_zeroed"]),
    e(Path(&["Arc", "new_uninit_slice"]), Definite, Always, "Arc::<[u8]>::new_uninit_slice(n)", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new_uninit_slice"]),
    e(Path(&["Arc", "new_zeroed_slice"]), Definite, Always, "Arc::<[u8]>::new_zeroed_slice(n)", RC_BOX, RC_BEFORE)
        .at(&["alloc::sync::Arc::new_zeroed_slice"]),
    e(Path(&["Arc", "from_iter"]), Definite, Always, "Arc::<[u8]>::from_iter(it)", RC_BOX, RC_BEFORE)
        .at(&["<alloc::sync::Arc as core::iter::traits::collect::FromIterator>::from_iter"]),
    e(Path(&["Arc", "from"]), Definite, Always, "Arc::from(value)", RC_BOX, RC_BEFORE)
        .at(&["<alloc::sync::Arc as core::convert::From>::from"]),
    e(Path(&["Arc", "default"]), Possible, Always, "Arc::default()", ARC_DEFAULT, RC_BEFORE)
        .at(&["<alloc::sync::Arc as core::default::Default>::default"]),
    e(Path(&["Arc", "make_mut"]), Possible, Always, "Arc::make_mut(&mut arc)", RC_CLONE, RC_BEFORE)
        .at(&["alloc::sync::Arc::make_mut"]),
];
