//! The table of constructs known to allocate.
//!
//! Everything here is matched by name, because a proc macro cannot resolve
//! paths or infer types. That makes false positives the main risk, so an
//! entry is [`Definite`] only if the construct allocates whenever the value
//! it builds is non-empty, whatever the types involved. When that depends on
//! types (`.push()` reallocates only when full, `.clone()` of an `i32` is
//! free, `char::to_lowercase` builds no `String`), the entry is [`Possible`]
//! and only reported in pedantic mode. Constructs that never allocate, such
//! as `Vec::new()` or `format_args!`, are simply absent.
//!
//! Path entries match a call path that *ends with* all of the entry's
//! segments: `Box::new` matches `Box::new(..)`, `std::boxed::Box::new(..)`
//! and `Box::<T>::new(..)`, but not a bare `new(..)`. Method entries match
//! any method call of that name; macro entries any macro whose last path
//! segment is that name.

use crate::finding::Certainty::{self, Definite, Possible};
use crate::finding::{lint_name, snake_case};
use crate::path_pattern::ends_with;
use crate::syntax::{is_empty_str, is_zero, strip};
use crate::types::{self, Base};
use std::fmt::{self, Display};
use syn::{Expr, Lit, Type};

use self::Condition::{
    Always, AsciiCase, BorrowedArg, CloneOwned, CollectsIntoHeap, GrowsEmpty, IntoHeap, JoinArgs,
    LossyCopy, NonEmpty, NonZero, NotZeroSized, OwnedCopy, PartitionsIntoHeap, Replace, SplitOff,
    TextReceiver, UnzipsIntoHeap,
};
use self::Kind::{Macro, Method, Path};

/// One construct known to allocate.
#[derive(Debug)]
pub struct Entry {
    /// How the construct is recognised.
    pub kind: Kind,
    /// Whether it allocates always or only for some types and values.
    pub certainty: Certainty,
    /// Why it allocates.
    pub reason: &'static str,
    /// How to avoid the allocation.
    pub suggestion: &'static str,
    /// An expression that this entry reports, for documentation and tests.
    pub example: &'static str,
    pub(crate) condition: Condition,
}

/// How an [`Entry`] is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A call to a path ending with these segments, e.g. `["Box", "new"]`.
    Path(&'static [&'static str]),
    /// A method call of this name, e.g. `"to_string"`.
    Method(&'static str),
    /// A macro of this name, e.g. `"format"`.
    Macro(&'static str),
}

/// Extra checks on the arguments, to stay quiet where a construct obviously
/// builds nothing and to downgrade where the argument type decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Condition {
    Always,
    /// Quiet when the value built is obviously empty: a `""` receiver or
    /// first argument, `format!("")`, `vec![]`, `vec![x; 0]`, `vec![(); n]`.
    NonEmpty,
    /// Quiet when the first argument is the literal `0`.
    NonZero,
    /// Quiet when boxing an obviously zero-sized value (`()`, `[]`, `S {}`,
    /// a closure that captures nothing), which does not allocate; possible
    /// when the argument may be a unit struct (`Bypass`, `effects::Bypass`).
    NotZeroSized,
    /// Definite when the argument is borrowed or literal data (`&x`, `"s"`,
    /// `[1, 2]`, `x.as_slice()`, a parameter of a `&` type), which must be
    /// copied into a new allocation. Possible otherwise: `Vec::from(boxed_slice)`
    /// or `PathBuf::from(string)` reuse the existing buffer.
    BorrowedArg,
    /// `.join(sep)` with one argument (without, it is `JoinHandle::join`):
    /// definite for a string or char literal separator or a receiver known
    /// to be a slice, `Vec` or `Path`; possible otherwise (`Span::join(other)`).
    JoinArgs,
    /// Applies only when the turbofish (or the `let` type annotation, or the
    /// function's return type for a returned value) names a collection that
    /// lives on the heap.
    CollectsIntoHeap,
    /// `.to_owned()`: definite when the receiver is known to be text, a
    /// slice, a path or an owning buffer (a literal, `x.trim()`, a
    /// parameter of type `&str`, `&[T]`, `&Path`, `&String`, ...), possible
    /// otherwise (`to_owned()` on a `&u64` copies the integer). Quiet on `""`.
    OwnedCopy,
    /// `.clone()`: definite when the receiver is known to own a heap buffer
    /// (`String`, `Vec`, `PathBuf`, maps, ... or one reference to them),
    /// possible otherwise.
    CloneOwned,
    /// `.to_uppercase()` / `.to_lowercase()`: definite on known text, possible
    /// otherwise (on a `char` they build no `String`).
    TextReceiver,
    /// `.to_ascii_uppercase()` / `.to_ascii_lowercase()`: definite on known
    /// text or byte slices, possible otherwise (`u8` and `char` return a copy).
    AsciiCase,
    /// `.replace(from, to)` / `.replacen(from, to, n)`, by argument count:
    /// definite when `from` is a literal or closure pattern or the receiver
    /// is known text, possible otherwise (`Regex::replace` may borrow).
    /// `Option::replace` and `Cell::replace` take one argument: not this.
    Replace(usize),
    /// `.split_off(n)`: definite on a receiver known to be a `Vec`, `String`
    /// or `VecDeque`, possible otherwise (`LinkedList::split_off` relinks).
    SplitOff,
    /// `.into()` of borrowed data (`&str`, `&[T]`, `&Path`, ...) into an
    /// owning heap type named by the context (`let s: String = ..`, the
    /// return type, `Err(..)` of a `Result<_, Box<dyn Error>>`).
    IntoHeap,
    /// `.partition()` into a `let` annotation or return type whose
    /// collections live on the heap.
    PartitionsIntoHeap,
    /// `.unzip()` into a pair of which one collection lives on the heap.
    UnzipsIntoHeap,
    /// `.into_owned()` of `from_utf8_lossy(..)` or `to_string_lossy()`,
    /// which always ends up owning a new `String`.
    LossyCopy,
    /// Growing a collection that was created empty, without capacity, in a
    /// `let` of the same body and not touched by anything that could give
    /// it a buffer: the first element allocates.
    GrowsEmpty,
}

impl Condition {
    fn note(self) -> &'static str {
        match self {
            Always => "",
            JoinArgs => {
                "only with one argument (`.join()` without one is `JoinHandle::join`); \
                 definite for a literal separator or a known slice or path, possible otherwise"
            }
            NonEmpty => "not reported when the value built is obviously empty",
            NonZero => "not reported when the argument is a literal `0`",
            NotZeroSized => {
                "not reported for obviously zero-sized values (`()`, a closure capturing \
                 nothing), possible for what may be a unit struct"
            }
            BorrowedArg => {
                "definite for borrowed or literal arguments, possible otherwise \
                 (an owned buffer may be reused)"
            }
            CollectsIntoHeap => {
                "when the target type (turbofish, `let` annotation or return type) is a \
                 heap collection: `Vec`, `String`, `Box`, `HashMap`, ..."
            }
            OwnedCopy => "definite on known text, slices and paths, possible on other receivers",
            CloneOwned => {
                "definite when the receiver is known to own a heap buffer (`String`, `Vec`, \
                 ...), possible otherwise"
            }
            TextReceiver => "definite on known text, possible otherwise (`char` does not allocate)",
            AsciiCase => {
                "definite on known text or byte slices, possible otherwise (`u8` and `char` \
                 do not allocate)"
            }
            Replace(_) => {
                "definite for a literal or closure pattern or a known text receiver, \
                 possible otherwise"
            }
            SplitOff => "definite on a known `Vec`, `String` or `VecDeque`, possible otherwise",
            IntoHeap => "when borrowed data is converted into an owning type named by the context",
            PartitionsIntoHeap | UnzipsIntoHeap => {
                "when the `let` annotation or return type names heap collections"
            }
            LossyCopy => "on the result of `from_utf8_lossy` or `to_string_lossy`",
            GrowsEmpty => {
                "only on a collection created empty in this body (`Vec::new()`, `vec![]`, \
                 `String::new()`, ...) and not given a buffer since"
            }
        }
    }
}

impl Entry {
    /// Display name in backticks: "`Box::new`", "`.to_string()`", "`format!`".
    pub fn construct(&self) -> String {
        match self.kind {
            Path(segments) => format!("`{}`", segments.join("::")),
            Method("collect") if self.condition == CollectsIntoHeap => {
                "`collect::<Vec<_>>()`".to_owned()
            }
            Method(name) => format!("`.{name}()`"),
            Macro(name) => format!("`{name}!`"),
        }
    }

    /// The snake_case identifier naming this entry in diagnostics:
    /// `box_new_allocates`, `push_may_allocate`.
    pub fn lint_name(&self) -> String {
        lint_name(&self.base_name(), self.certainty)
    }

    /// `box_new`, `push`, `format`.
    fn base_name(&self) -> String {
        match self.kind {
            Path(segments) => segments
                .iter()
                .map(|segment| snake_case(segment))
                .collect::<Vec<_>>()
                .join("_"),
            Method(name) | Macro(name) => name.to_owned(),
        }
    }

    /// When the entry applies beyond its name, e.g. "not reported when the
    /// argument is a literal `0`". Empty when there is nothing to add.
    pub fn note(&self) -> &'static str {
        self.condition.note()
    }
}

impl Display for Entry {
    /// One line for a listing: construct, certainty, reason and fix.
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(
            formatter,
            "{} ({}): {}; {}",
            self.construct(),
            self.certainty,
            self.reason,
            self.suggestion,
        )
    }
}

/// Every known construct, in the order they are tried: the first entry whose
/// name and condition match a call site decides.
pub fn entries() -> &'static [Entry] {
    ENTRIES
}

const fn e(
    kind: Kind,
    certainty: Certainty,
    condition: Condition,
    example: &'static str,
    reason: &'static str,
    suggestion: &'static str,
) -> Entry {
    Entry {
        kind,
        certainty,
        reason,
        suggestion,
        example,
        condition,
    }
}

// Reasons.
const NEW_STRING: &str = "builds a new `String` on the heap";
const NEW_VEC: &str = "allocates a new `Vec` for its elements";
const INTO_BOX: &str = "moves the value into a new heap allocation";
const PIN_BOX: &str = "pins the value in a new heap allocation";
const RC_BOX: &str = "allocates the value together with its reference counts";
const ARC_DEFAULT: &str = "allocates the default value with its reference counts (an empty `Arc<str>` or `Arc<[T]>` is shared)";
const RC_CLONE: &str = "clones the value into a new allocation when it is shared";
const COPY_STR: &str = "copies the text into a new `String`";
const COPY_DATA: &str = "copies the data into a new heap buffer";
const TO_OWNED: &str = "copies borrowed data into a new owned value (`String`, `Vec`, ...)";
const CAPACITY: &str = "allocates room for the requested capacity up front";
const COLLECT: &str = "collects the items into a new heap-allocated collection";
const COLLECT_MAYBE: &str = "the target collection is unknown here and may live on the heap";
const CONCAT: &str = "concatenates the pieces into a new `String` or `Vec`";
const REPEAT: &str = "builds a new `String` or `Vec` holding the copies";
const UTF16: &str = "decodes into a new `String`";
const LOSSY: &str = "returns a `Cow` that owns a new `String` when the input is not valid UTF-8";
const CASE: &str = "on `str` this builds a new `String` (on `char` it does not allocate)";
const SPAWN: &str = "allocates the thread's handle and shared state (and its stack)";
const SCOPE: &str = "allocates the scope's shared state";
const CHANNEL: &str = "allocates the channel's shared state";
const BOXED: &str = "boxes the future or stream with `Box::pin`";
const GROW: &str = "grows the collection, which reallocates when its capacity is exhausted";
const RESERVE: &str = "allocates when the requested capacity is not already available";
const CLONE: &str = "deep-copies the value; heap-owning types such as `String` or `Vec` allocate";
const INTO: &str = "conversions such as `&str` into `String` allocate";
const COW_OWN: &str = "turns borrowed data into an owned copy";
const SHRINK: &str = "reallocates to release spare capacity";
const SORT: &str = "the stable sort allocates a scratch buffer for all but short slices";
const SPLIT_OFF: &str = "moves the tail into a new allocation";
const ENTRY: &str = "inserting into a map may grow it";
const STDOUT: &str =
    "the standard output buffer is allocated on first use, and formatting may allocate";
const WRITE: &str =
    "the destination grows when it is a `String` or `Vec<u8>` without spare capacity";
const DBG: &str = "formats to standard error; `Debug` implementations may allocate";
const BOX_DEFAULT: &str =
    "boxes the default value, which allocates unless it is zero-sized or empty";
pub(crate) const GROW_EMPTY: &str =
    "grows a collection created empty without capacity, so the first element allocates";
const REPLACE: &str = "builds a new `String` with the replacements";
const ASCII_COPY: &str = "on `str` or `[u8]` this builds a new `String` or `Vec` (on `u8` and `char` it does not allocate)";
const INTO_HEAP: &str = "copies the borrowed data into a new owning value";
const PARTITION: &str = "collects the items into new heap-allocated collections";
const LOSSY_OWNED: &str =
    "copies the text into a new `String` when it was borrowed, and it was already copied otherwise";
const ENV: &str = "copies the environment or the command line into new owned strings";
const SORT_CACHE_ALWAYS: &str = "allocates a buffer for the cached keys of every element";

// Suggestions.
const WRITE_INTO_BUFFER: &str =
    "write into a preallocated buffer with `write!`, or use `format_args!`";
const ARRAY: &str = "use an array or a slice, or reuse a `Vec` allocated beforehand";
const STACK: &str = "keep the value on the stack, or allocate it before the no-alloc region";
const PIN_STACK: &str = "pin on the stack with `core::pin::pin!`";
const RC_BEFORE: &str = "allocate it before the no-alloc region and pass clones (cloning an `Rc` or `Arc` does not allocate)";
const BORROW_STR: &str = "borrow it as `&str`, or `push_str` into a `String` allocated beforehand";
const BORROW: &str = "keep borrowing it, or copy into a buffer allocated beforehand";
const BEFORE: &str = "allocate it once before the no-alloc region and `clear` it for reuse";
const CONSUME: &str = "consume the iterator directly (`for`, `fold`, `sum`), or `extend` a collection with enough capacity";
const PIECES: &str = "write the pieces one by one into a buffer allocated beforehand";
const ASCII_CASE: &str =
    "use `make_ascii_uppercase`/`make_ascii_lowercase` in place, or `eq_ignore_ascii_case`";
const SETUP: &str = "do this during setup, before the no-alloc region";
const PIN_STACK_FUTURE: &str = "pin the future on the stack with `core::pin::pin!`";
const CAPACITY_BEFORE: &str = "reserve enough capacity before the no-alloc region";
const CLONE_FIX: &str = "borrow instead, or `clone_from` into a value allocated beforehand";
const COW_FIX: &str = "keep the `Cow` borrowed, or handle the borrowed case separately";
const SHRINK_FIX: &str = "shrink outside the no-alloc region";
const SORT_FIX: &str =
    "use `sort_unstable`, `sort_unstable_by` or `sort_unstable_by_key`, which sort in place";
const PRINT_FIX: &str = "write to a preallocated buffer and print it outside the no-alloc region";
const DBG_FIX: &str = "remove the `dbg!` when done debugging";
pub(crate) const GROW_FIX: &str =
    "create it with enough capacity before the no-alloc region, or use an array";
const ENV_FIX: &str = "read the environment during setup, before the no-alloc region";

#[rustfmt::skip]
static ENTRIES: &[Entry] = &[
    // Macros.
    e(Macro("format"), Definite, NonEmpty, r#"format!("{}", x)"#, NEW_STRING, WRITE_INTO_BUFFER),
    e(Macro("vec"), Definite, NonEmpty, "vec![1, 2, 3]", NEW_VEC, ARRAY),
    e(Macro("print"), Possible, Always, r#"print!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("println"), Possible, Always, r#"println!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("eprint"), Possible, Always, r#"eprint!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("eprintln"), Possible, Always, r#"eprintln!("{}", x)"#, STDOUT, PRINT_FIX),
    e(Macro("write"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); write!(s, "{}", x); s }"#, GROW_EMPTY, GROW_FIX),
    e(Macro("writeln"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); writeln!(s, "{}", x); s }"#, GROW_EMPTY, GROW_FIX),
    e(Macro("write"), Possible, Always, r#"write!(out, "{}", x)"#, WRITE, CAPACITY_BEFORE),
    e(Macro("writeln"), Possible, Always, r#"writeln!(out, "{}", x)"#, WRITE, CAPACITY_BEFORE),
    e(Macro("dbg"), Possible, Always, "dbg!(x)", DBG, DBG_FIX),

    // Smart pointers.
    e(Path(&["Box", "new"]), Definite, NotZeroSized, "Box::new(1)", INTO_BOX, STACK),
    e(Path(&["Box", "pin"]), Definite, NotZeroSized, "Box::pin(fut)", PIN_BOX, PIN_STACK),
    e(Path(&["Box", "from"]), Definite, BorrowedArg, r#"Box::from("text")"#, INTO_BOX, STACK),
    e(Path(&["Box", "default"]), Possible, Always, "Box::default()", BOX_DEFAULT, STACK),
    e(Path(&["Rc", "new"]), Definite, Always, "Rc::new(1)", RC_BOX, RC_BEFORE),
    e(Path(&["Rc", "pin"]), Definite, Always, "Rc::pin(1)", RC_BOX, RC_BEFORE),
    e(Path(&["Rc", "new_cyclic"]), Definite, Always, "Rc::new_cyclic(f)", RC_BOX, RC_BEFORE),
    e(Path(&["Rc", "from"]), Definite, Always, "Rc::from(value)", RC_BOX, RC_BEFORE),
    e(Path(&["Rc", "default"]), Definite, Always, "Rc::default()", RC_BOX, RC_BEFORE),
    e(Path(&["Rc", "make_mut"]), Possible, Always, "Rc::make_mut(&mut rc)", RC_CLONE, RC_BEFORE),
    e(Path(&["Arc", "new"]), Definite, Always, "Arc::new(1)", RC_BOX, RC_BEFORE),
    e(Path(&["Arc", "pin"]), Definite, Always, "Arc::pin(1)", RC_BOX, RC_BEFORE),
    e(Path(&["Arc", "new_cyclic"]), Definite, Always, "Arc::new_cyclic(f)", RC_BOX, RC_BEFORE),
    e(Path(&["Arc", "from"]), Definite, Always, "Arc::from(value)", RC_BOX, RC_BEFORE),
    e(Path(&["Arc", "default"]), Possible, Always, "Arc::default()", ARC_DEFAULT, RC_BEFORE),
    e(Path(&["Arc", "make_mut"]), Possible, Always, "Arc::make_mut(&mut arc)", RC_CLONE, RC_BEFORE),

    // Strings, paths and C strings.
    e(Path(&["String", "from"]), Definite, NonEmpty, r#"String::from("text")"#, COPY_STR, BORROW_STR),
    e(Path(&["String", "from_iter"]), Definite, Always, "String::from_iter(chars)", COLLECT, CONSUME),
    e(Path(&["String", "from_utf16"]), Definite, Always, "String::from_utf16(&units)", UTF16, BORROW),
    e(Path(&["String", "from_utf16_lossy"]), Definite, Always, "String::from_utf16_lossy(&units)", UTF16, BORROW),
    e(Path(&["String", "from_utf8_lossy"]), Possible, Always, "String::from_utf8_lossy(&bytes)", LOSSY, COW_FIX),
    e(Path(&["String", "with_capacity"]), Definite, NonZero, "String::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["ToString", "to_string"]), Definite, NonEmpty, "ToString::to_string(&x)", NEW_STRING, WRITE_INTO_BUFFER),
    e(Path(&["ToOwned", "to_owned"]), Definite, OwnedCopy, r#"ToOwned::to_owned("text")"#, TO_OWNED, BORROW),
    e(Path(&["str", "to_owned"]), Definite, NonEmpty, "str::to_owned(s)", COPY_STR, BORROW_STR),
    e(Path(&["str", "to_string"]), Definite, NonEmpty, "str::to_string(s)", COPY_STR, BORROW_STR),
    e(Path(&["str", "to_uppercase"]), Definite, NonEmpty, "str::to_uppercase(s)", CASE, ASCII_CASE),
    e(Path(&["str", "to_lowercase"]), Definite, NonEmpty, "str::to_lowercase(s)", CASE, ASCII_CASE),
    e(Path(&["str", "to_ascii_uppercase"]), Definite, NonEmpty, "str::to_ascii_uppercase(s)", ASCII_COPY, ASCII_CASE),
    e(Path(&["str", "to_ascii_lowercase"]), Definite, NonEmpty, "str::to_ascii_lowercase(s)", ASCII_COPY, ASCII_CASE),
    e(Path(&["str", "repeat"]), Definite, NonEmpty, "str::repeat(s, 2)", REPEAT, PIECES),
    e(Path(&["str", "replace"]), Definite, NonEmpty, r#"str::replace(s, "a", "b")"#, REPLACE, PIECES),
    e(Path(&["slice", "to_vec"]), Definite, Always, "<[u8]>::to_vec(s)", COPY_DATA, BORROW),
    e(Path(&["slice", "to_owned"]), Definite, Always, "<[u8]>::to_owned(s)", COPY_DATA, BORROW),
    e(Path(&["slice", "concat"]), Definite, Always, "<[&str]>::concat(s)", CONCAT, PIECES),
    e(Path(&["Path", "to_path_buf"]), Definite, Always, "Path::to_path_buf(p)", COPY_DATA, BORROW),
    e(Path(&["OsStr", "to_os_string"]), Definite, Always, "OsStr::to_os_string(s)", COPY_DATA, BORROW),
    e(Path(&["OsString", "from"]), Definite, BorrowedArg, r#"OsString::from("text")"#, COPY_DATA, BORROW),
    e(Path(&["OsString", "with_capacity"]), Definite, NonZero, "OsString::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["PathBuf", "from"]), Definite, BorrowedArg, r#"PathBuf::from("/tmp")"#, COPY_DATA, BORROW),
    e(Path(&["PathBuf", "with_capacity"]), Definite, NonZero, "PathBuf::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["CString", "new"]), Definite, BorrowedArg, r#"CString::new("text")"#, COPY_DATA, BORROW),

    // Collections.
    e(Path(&["Vec", "from"]), Definite, BorrowedArg, "Vec::from([1, 2])", COPY_DATA, BORROW),
    e(Path(&["Vec", "from_iter"]), Definite, Always, "Vec::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["Vec", "with_capacity"]), Definite, NonZero, "Vec::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["VecDeque", "from"]), Definite, BorrowedArg, "VecDeque::from([1, 2])", COPY_DATA, BORROW),
    e(Path(&["VecDeque", "from_iter"]), Definite, Always, "VecDeque::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["VecDeque", "with_capacity"]), Definite, NonZero, "VecDeque::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["BinaryHeap", "from"]), Definite, BorrowedArg, "BinaryHeap::from([1, 2])", COPY_DATA, BORROW),
    e(Path(&["BinaryHeap", "from_iter"]), Definite, Always, "BinaryHeap::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["BinaryHeap", "with_capacity"]), Definite, NonZero, "BinaryHeap::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["HashMap", "from"]), Definite, Always, "HashMap::from([(1, 2)])", COPY_DATA, BEFORE),
    e(Path(&["HashMap", "from_iter"]), Definite, Always, "HashMap::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["HashMap", "with_capacity"]), Definite, NonZero, "HashMap::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["HashMap", "with_capacity_and_hasher"]), Definite, NonZero, "HashMap::with_capacity_and_hasher(16, s)", CAPACITY, BEFORE),
    e(Path(&["HashSet", "from"]), Definite, Always, "HashSet::from([1, 2])", COPY_DATA, BEFORE),
    e(Path(&["HashSet", "from_iter"]), Definite, Always, "HashSet::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["HashSet", "with_capacity"]), Definite, NonZero, "HashSet::with_capacity(16)", CAPACITY, BEFORE),
    e(Path(&["HashSet", "with_capacity_and_hasher"]), Definite, NonZero, "HashSet::with_capacity_and_hasher(16, s)", CAPACITY, BEFORE),
    e(Path(&["BTreeMap", "from"]), Definite, Always, "BTreeMap::from([(1, 2)])", COPY_DATA, BEFORE),
    e(Path(&["BTreeMap", "from_iter"]), Definite, Always, "BTreeMap::from_iter(it)", COLLECT, CONSUME),
    e(Path(&["BTreeSet", "from"]), Definite, Always, "BTreeSet::from([1, 2])", COPY_DATA, BEFORE),
    e(Path(&["BTreeSet", "from_iter"]), Definite, Always, "BTreeSet::from_iter(it)", COLLECT, CONSUME),

    // The environment.
    e(Path(&["env", "var"]), Definite, Always, r#"std::env::var("HOME")"#, ENV, ENV_FIX),
    e(Path(&["env", "var_os"]), Definite, Always, r#"env::var_os("HOME")"#, ENV, ENV_FIX),
    e(Path(&["env", "vars"]), Definite, Always, "env::vars()", ENV, ENV_FIX),
    e(Path(&["env", "vars_os"]), Definite, Always, "env::vars_os()", ENV, ENV_FIX),
    e(Path(&["env", "args"]), Definite, Always, "env::args()", ENV, ENV_FIX),
    e(Path(&["env", "args_os"]), Definite, Always, "env::args_os()", ENV, ENV_FIX),
    e(Path(&["env", "current_dir"]), Definite, Always, "env::current_dir()", ENV, ENV_FIX),
    e(Path(&["env", "temp_dir"]), Definite, Always, "env::temp_dir()", ENV, ENV_FIX),

    // Threads and channels.
    e(Path(&["thread", "spawn"]), Definite, Always, "thread::spawn(f)", SPAWN, SETUP),
    e(Path(&["thread", "scope"]), Definite, Always, "thread::scope(f)", SCOPE, SETUP),
    e(Path(&["mpsc", "channel"]), Definite, Always, "mpsc::channel()", CHANNEL, SETUP),
    e(Path(&["mpsc", "sync_channel"]), Definite, Always, "mpsc::sync_channel(1)", CHANNEL, SETUP),

    // Trait functions called by path that only sometimes allocate.
    e(Path(&["Clone", "clone"]), Possible, Always, "Clone::clone(&x)", CLONE, CLONE_FIX),
    e(Path(&["Into", "into"]), Possible, Always, "Into::into(x)", INTO, BORROW),
    e(Path(&["Iterator", "collect"]), Possible, Always, "Iterator::collect(it)", COLLECT_MAYBE, CONSUME),

    // Methods that allocate.
    e(Method("to_string"), Definite, NonEmpty, "x.to_string()", NEW_STRING, WRITE_INTO_BUFFER),
    e(Method("to_owned"), Definite, OwnedCopy, r#""text".to_owned()"#, TO_OWNED, BORROW),
    e(Method("to_vec"), Definite, Always, "s.to_vec()", COPY_DATA, BORROW),
    e(Method("to_path_buf"), Definite, Always, "p.to_path_buf()", COPY_DATA, BORROW),
    e(Method("to_os_string"), Definite, Always, "s.to_os_string()", COPY_DATA, BORROW),
    e(Method("join"), Definite, JoinArgs, r#"parts.join(", ")"#, CONCAT, PIECES),
    e(Method("replace"), Definite, Replace(2), r#"s.replace('/', "::")"#, REPLACE, PIECES),
    e(Method("replacen"), Definite, Replace(3), r#"s.replacen('/', "::", 1)"#, REPLACE, PIECES),
    e(Method("to_ascii_uppercase"), Definite, AsciiCase, r#""text".to_ascii_uppercase()"#, ASCII_COPY, ASCII_CASE),
    e(Method("to_ascii_lowercase"), Definite, AsciiCase, r#""text".to_ascii_lowercase()"#, ASCII_COPY, ASCII_CASE),
    e(Method("to_uppercase"), Definite, TextReceiver, r#""text".to_uppercase()"#, CASE, ASCII_CASE),
    e(Method("to_lowercase"), Definite, TextReceiver, r#""text".to_lowercase()"#, CASE, ASCII_CASE),
    e(Method("split_off"), Definite, SplitOff, "{ let mut v: Vec<u8> = make(); v.split_off(1) }", SPLIT_OFF, BORROW),
    e(Method("clone"), Definite, CloneOwned, "{ let s: String = make(); s.clone() }", CLONE, CLONE_FIX),
    e(Method("into"), Definite, IntoHeap, r#"{ let s: String = "text".into(); s }"#, INTO_HEAP, BORROW),
    e(Method("into_owned"), Definite, LossyCopy, "String::from_utf8_lossy(&b).into_owned()", LOSSY_OWNED, COW_FIX),
    e(Method("partition"), Definite, PartitionsIntoHeap, "{ let (a, b): (Vec<u8>, Vec<u8>) = it.partition(f); }", PARTITION, CONSUME),
    e(Method("unzip"), Definite, UnzipsIntoHeap, "{ let (a, b): (Vec<u8>, Vec<u8>) = it.unzip(); }", PARTITION, CONSUME),
    e(Method("sort_by_cached_key"), Definite, Always, "v.sort_by_cached_key(f)", SORT_CACHE_ALWAYS, SORT_FIX),
    e(Method("concat"), Definite, Always, "parts.concat()", CONCAT, PIECES),
    e(Method("repeat"), Definite, NonZero, r#""ab".repeat(3)"#, REPEAT, PIECES),
    e(Method("boxed"), Definite, Always, "fut.boxed()", BOXED, PIN_STACK_FUTURE),
    e(Method("boxed_local"), Definite, Always, "fut.boxed_local()", BOXED, PIN_STACK_FUTURE),
    e(Method("collect"), Definite, CollectsIntoHeap, "it.collect::<Vec<_>>()", COLLECT, CONSUME),

    // Growing a collection created empty in the same body.
    e(Method("push"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.push(1); v }", GROW_EMPTY, GROW_FIX),
    e(Method("push_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.push_str("a"); s }"#, GROW_EMPTY, GROW_FIX),
    e(Method("push_back"), Definite, GrowsEmpty, "{ let mut d = VecDeque::new(); d.push_back(1); d }", GROW_EMPTY, GROW_FIX),
    e(Method("push_front"), Definite, GrowsEmpty, "{ let mut d = VecDeque::new(); d.push_front(1); d }", GROW_EMPTY, GROW_FIX),
    e(Method("insert"), Definite, GrowsEmpty, "{ let mut m = HashMap::new(); m.insert(1, 2); m }", GROW_EMPTY, GROW_FIX),
    e(Method("insert_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.insert_str(0, "a"); s }"#, GROW_EMPTY, GROW_FIX),
    e(Method("extend"), Definite, GrowsEmpty, "{ let mut v = vec![]; v.extend(it); v }", GROW_EMPTY, GROW_FIX),
    e(Method("extend_from_slice"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.extend_from_slice(&s); v }", GROW_EMPTY, GROW_FIX),
    e(Method("append"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.append(&mut w); v }", GROW_EMPTY, GROW_FIX),
    e(Method("resize"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.resize(n, 0); v }", GROW_EMPTY, GROW_FIX),
    e(Method("resize_with"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.resize_with(n, f); v }", GROW_EMPTY, GROW_FIX),
    e(Method("write_str"), Definite, GrowsEmpty, r#"{ let mut s = String::new(); s.write_str("a"); s }"#, GROW_EMPTY, GROW_FIX),
    e(Method("write_char"), Definite, GrowsEmpty, "{ let mut s = String::new(); s.write_char('a'); s }", GROW_EMPTY, GROW_FIX),
    e(Method("write_fmt"), Definite, GrowsEmpty, "{ let mut s = String::new(); s.write_fmt(args); s }", GROW_EMPTY, GROW_FIX),
    e(Method("write_all"), Definite, GrowsEmpty, "{ let mut v = Vec::new(); v.write_all(&b); v }", GROW_EMPTY, GROW_FIX),

    // Methods that may allocate.
    e(Method("collect"), Possible, Always, "it.collect()", COLLECT_MAYBE, CONSUME),
    e(Method("push"), Possible, Always, "v.push(1)", GROW, CAPACITY_BEFORE),
    e(Method("push_str"), Possible, Always, r#"s.push_str("text")"#, GROW, CAPACITY_BEFORE),
    e(Method("push_back"), Possible, Always, "v.push_back(1)", GROW, CAPACITY_BEFORE),
    e(Method("push_front"), Possible, Always, "v.push_front(1)", GROW, CAPACITY_BEFORE),
    e(Method("insert"), Possible, Always, "m.insert(1, 2)", GROW, CAPACITY_BEFORE),
    e(Method("insert_str"), Possible, Always, r#"s.insert_str(0, "text")"#, GROW, CAPACITY_BEFORE),
    e(Method("extend"), Possible, Always, "v.extend(it)", GROW, CAPACITY_BEFORE),
    e(Method("extend_from_slice"), Possible, Always, "v.extend_from_slice(&s)", GROW, CAPACITY_BEFORE),
    e(Method("extend_from_within"), Possible, Always, "v.extend_from_within(..)", GROW, CAPACITY_BEFORE),
    e(Method("append"), Possible, Always, "v.append(&mut w)", GROW, CAPACITY_BEFORE),
    e(Method("resize"), Possible, Always, "v.resize(16, 0)", GROW, CAPACITY_BEFORE),
    e(Method("resize_with"), Possible, Always, "v.resize_with(16, f)", GROW, CAPACITY_BEFORE),
    e(Method("reserve"), Possible, Always, "v.reserve(16)", RESERVE, CAPACITY_BEFORE),
    e(Method("reserve_exact"), Possible, Always, "v.reserve_exact(16)", RESERVE, CAPACITY_BEFORE),
    e(Method("or_insert"), Possible, Always, "m.entry(k).or_insert(1)", ENTRY, CAPACITY_BEFORE),
    e(Method("or_insert_with"), Possible, Always, "m.entry(k).or_insert_with(f)", ENTRY, CAPACITY_BEFORE),
    e(Method("or_insert_with_key"), Possible, Always, "m.entry(k).or_insert_with_key(f)", ENTRY, CAPACITY_BEFORE),
    e(Method("or_default"), Possible, Always, "m.entry(k).or_default()", ENTRY, CAPACITY_BEFORE),
    e(Method("clone"), Possible, Always, "x.clone()", CLONE, CLONE_FIX),
    e(Method("into"), Possible, Always, "x.into()", INTO, BORROW),
    e(Method("partition"), Possible, Always, "it.partition(f)", COLLECT_MAYBE, CONSUME),
    e(Method("unzip"), Possible, Always, "it.unzip()", COLLECT_MAYBE, CONSUME),
    e(Method("into_owned"), Possible, Always, "cow.into_owned()", COW_OWN, COW_FIX),
    e(Method("to_mut"), Possible, Always, "cow.to_mut()", COW_OWN, COW_FIX),
    e(Method("to_string_lossy"), Possible, Always, "s.to_string_lossy()", LOSSY, COW_FIX),
    e(Method("into_boxed_slice"), Possible, Always, "v.into_boxed_slice()", SHRINK, SHRINK_FIX),
    e(Method("into_boxed_str"), Possible, Always, "s.into_boxed_str()", SHRINK, SHRINK_FIX),
    e(Method("shrink_to_fit"), Possible, Always, "v.shrink_to_fit()", SHRINK, SHRINK_FIX),
    e(Method("shrink_to"), Possible, Always, "v.shrink_to(4)", SHRINK, SHRINK_FIX),
    e(Method("sort"), Possible, Always, "v.sort()", SORT, SORT_FIX),
    e(Method("sort_by"), Possible, Always, "v.sort_by(f)", SORT, SORT_FIX),
    e(Method("sort_by_key"), Possible, Always, "v.sort_by_key(f)", SORT, SORT_FIX),
];

/// What is being called, as written.
#[derive(Clone, Copy)]
pub(crate) enum Callee<'a> {
    Path(&'a [String]),
    Method(&'a str),
    Macro(&'a [String]),
}

/// What is known about the arguments of a call site.
#[derive(Default)]
pub(crate) struct Site<'a> {
    /// The receiver of a method call.
    pub receiver: Option<&'a Expr>,
    /// The arguments, or `None` when unknown: a function used as a value
    /// (`.map(String::from)`) or macro arguments that do not parse.
    pub args: Option<Vec<&'a Expr>>,
    /// The turbofish of `collect::<T>()`, or else the type the context
    /// expects: a `let` annotation or the function's return type.
    pub collect_target: Option<&'a Type>,
    /// The type the context expects of the call's value, if known.
    pub expected: Option<&'a Type>,
    /// A macro invocation that obviously builds nothing: `vec![]`,
    /// `vec![x; 0]`, `format!("")`.
    pub builds_nothing: bool,
    /// The receiver's type, if known.
    pub receiver_type: Option<Type>,
    /// The arguments' types, where known (same length as `args`).
    pub arg_types: Vec<Option<Type>>,
    /// Whether the first argument is obviously zero-sized.
    pub first_arg_size: ArgSize,
    /// The receiver is a collection created empty in this body that this
    /// call grows first.
    pub grows_empty: bool,
    /// The receiver is known to be a crate struct whose derived `clone()`
    /// clones a heap buffer (as far as a crate-wide checker can tell).
    pub receiver_clones_heap: bool,
}

/// What is known about the size of a value.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgSize {
    /// Presumably not zero-sized.
    #[default]
    Sized,
    /// Possibly a unit struct.
    MaybeZeroSized,
    /// Certainly zero-sized: `()`, `[]`, `S {}`, a closure capturing nothing.
    ZeroSized,
}

/// The catalogue's verdict on a call site.
pub(crate) struct Match {
    pub entry: &'static Entry,
    /// The entry's certainty, or lower when the arguments decide.
    pub certainty: Certainty,
    pub construct: String,
    pub lint_name: String,
}

enum Verdict {
    /// Not this entry; try the next.
    NotThis,
    /// This entry, but it obviously does not allocate here.
    Quiet,
    Report(Certainty, Option<String>),
}

/// The first entry matching the call site, unless it is quiet there.
pub(crate) fn lookup(callee: Callee, site: &Site) -> Option<Match> {
    for entry in ENTRIES {
        if !entry.kind.matches(callee) {
            continue;
        }
        match entry.judge(site) {
            Verdict::NotThis => continue,
            Verdict::Quiet => return None,
            Verdict::Report(certainty, construct) => {
                return Some(Match {
                    entry,
                    certainty,
                    construct: construct.unwrap_or_else(|| entry.construct()),
                    lint_name: lint_name(&entry.base_name(), certainty),
                });
            }
        }
    }
    None
}

impl Kind {
    fn matches(self, callee: Callee) -> bool {
        match (self, callee) {
            (Path(entry), Callee::Path(path)) => ends_with(path, entry),
            (Method(entry), Callee::Method(name)) => entry == name,
            (Macro(entry), Callee::Macro(path)) => {
                path.split_last().is_some_and(|(name, prefix)| {
                    name == entry && crate::path_pattern::from_std(prefix)
                })
            }
            _ => false,
        }
    }
}

impl Entry {
    fn judge(&self, site: &Site) -> Verdict {
        let report = Verdict::Report(self.certainty, None);
        let possible = Verdict::Report(Possible, None);
        let first_arg = site.args.as_ref().and_then(|args| args.first().copied());
        let first_arg_type = site.arg_types.first().and_then(Option::as_ref);
        let receiver_base = site.receiver_type.as_ref().map(|ty| types::shape(ty).1);
        // `u8`, `char`, `&u64`: their `to_owned`, `clone`, case conversions
        // build nothing on the heap.
        let primitive_receiver = receiver_base == Some(Base::Primitive);
        let arg_count = site.args.as_ref().map(Vec::len);
        match self.condition {
            Always => report,
            NonEmpty => {
                let text = site.receiver.or(first_arg);
                if site.builds_nothing || text.is_some_and(is_empty_str) {
                    Verdict::Quiet
                } else {
                    report
                }
            }
            NonZero => match first_arg {
                Some(arg) if is_zero(arg) => Verdict::Quiet,
                _ => report,
            },
            NotZeroSized => match site.first_arg_size {
                ArgSize::ZeroSized => Verdict::Quiet,
                ArgSize::MaybeZeroSized => possible,
                ArgSize::Sized => report,
            },
            BorrowedArg => match first_arg {
                Some(arg) if is_borrowed_data(arg) => report,
                _ if first_arg_type.is_some_and(|ty| types::peel(ty).0 > 0) => report,
                _ => possible,
            },
            JoinArgs => match &site.args {
                Some(args) if args.len() == 1 => {
                    let literal = matches!(
                        strip(args[0]),
                        Expr::Lit(lit) if matches!(lit.lit, Lit::Str(_) | Lit::Char(_))
                    );
                    let joinable = receiver_base.is_some_and(|base| {
                        matches!(
                            base,
                            Base::Slice | Base::Array | Base::Vec | Base::Path | Base::PathBuf
                        )
                    });
                    if literal || joinable {
                        report
                    } else {
                        possible
                    }
                }
                _ => Verdict::NotThis,
            },
            CollectsIntoHeap => match site.collect_target.and_then(heap_collection) {
                Some(target) => {
                    Verdict::Report(self.certainty, Some(format!("`collect::<{target}>()`")))
                }
                None => Verdict::NotThis,
            },
            OwnedCopy => {
                // `ToOwned::to_owned(x)` takes `&Self`: one reference less
                // than the receiver of `x.to_owned()` may have.
                let (subject, by_path) = match site.receiver {
                    Some(receiver) => (Some(receiver), false),
                    None => (first_arg, true),
                };
                let subject_type = if by_path {
                    first_arg_type.and_then(|ty| (types::peel(ty).0 == 1).then_some(ty))
                } else {
                    site.receiver_type.as_ref()
                };
                let primitive = if by_path {
                    first_arg_type.is_some_and(|ty| types::shape(ty).1 == Base::Primitive)
                } else {
                    primitive_receiver
                };
                if subject.is_some_and(is_empty_str) || primitive {
                    Verdict::Quiet
                } else if subject_type.is_some_and(types::to_owned_copies) {
                    report
                } else {
                    possible
                }
            }
            CloneOwned => match &site.receiver_type {
                Some(ty) if types::clone_allocates(ty) || site.receiver_clones_heap => report,
                _ if primitive_receiver => Verdict::Quiet,
                _ => Verdict::NotThis,
            },
            TextReceiver => {
                if site.receiver.is_some_and(is_empty_str) || primitive_receiver {
                    Verdict::Quiet
                } else if receiver_base.is_some_and(types::is_text) {
                    report
                } else {
                    possible
                }
            }
            AsciiCase => {
                if site.receiver.is_some_and(is_empty_str) || primitive_receiver {
                    Verdict::Quiet
                } else if receiver_base.is_some_and(|base| {
                    types::is_text(base) || matches!(base, Base::Slice | Base::Array | Base::Vec)
                }) {
                    report
                } else {
                    possible
                }
            }
            Replace(count) => {
                if arg_count != Some(count) {
                    Verdict::NotThis
                } else if site.receiver.is_some_and(is_empty_str) {
                    Verdict::Quiet
                } else if first_arg.is_some_and(is_pattern)
                    || receiver_base.is_some_and(types::is_text)
                {
                    report
                } else {
                    possible
                }
            }
            SplitOff => {
                if receiver_base
                    .is_some_and(|base| matches!(base, Base::Vec | Base::String | Base::VecDeque))
                {
                    report
                } else {
                    possible
                }
            }
            IntoHeap => {
                let borrowed = match &site.receiver_type {
                    Some(ty) => {
                        let (refs, base) = types::shape(ty);
                        refs > 0 && types::is_copyable_data(base)
                    }
                    None => false,
                };
                let nonempty = !site.receiver.is_some_and(is_empty_str);
                if borrowed && nonempty && site.expected.is_some_and(types::owns_heap_copy) {
                    report
                } else {
                    Verdict::NotThis
                }
            }
            PartitionsIntoHeap => match site.collect_target {
                Some(Type::Tuple(tuple))
                    if tuple.elems.len() == 2
                        && tuple.elems.iter().all(|ty| heap_collection(ty).is_some()) =>
                {
                    report
                }
                _ => Verdict::NotThis,
            },
            UnzipsIntoHeap => match site.collect_target {
                Some(Type::Tuple(tuple))
                    if tuple.elems.len() == 2
                        && tuple.elems.iter().any(|ty| heap_collection(ty).is_some()) =>
                {
                    report
                }
                _ => Verdict::NotThis,
            },
            LossyCopy => match site.receiver.map(strip) {
                Some(Expr::Call(call))
                    if matches!(strip(&call.func), Expr::Path(path)
                        if path.path.segments.last().is_some_and(|last| last.ident == "from_utf8_lossy")) =>
                {
                    report
                }
                Some(Expr::MethodCall(call)) if call.method == "to_string_lossy" => report,
                _ => Verdict::NotThis,
            },
            GrowsEmpty => {
                if site.grows_empty {
                    report
                } else {
                    Verdict::NotThis
                }
            }
        }
    }
}

/// A `str` pattern that only string searching takes: a string or char
/// literal, an array of chars, or a closure.
fn is_pattern(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Lit(lit) => matches!(lit.lit, Lit::Str(_) | Lit::Char(_)),
        Expr::Array(array) => {
            !array.elems.is_empty()
                && array.elems.iter().all(
                    |elem| matches!(strip(elem), Expr::Lit(lit) if matches!(lit.lit, Lit::Char(_))),
                )
        }
        Expr::Reference(reference) => is_pattern(&reference.expr),
        Expr::Closure(_) => true,
        _ => false,
    }
}

/// Collections whose non-empty values always own a heap allocation, with the
/// way they are displayed in a finding.
const HEAP_COLLECTIONS: &[(&str, &str)] = &[
    ("Vec", "Vec<_>"),
    ("String", "String"),
    ("Box", "Box<_>"),
    ("Rc", "Rc<_>"),
    ("Arc", "Arc<_>"),
    ("VecDeque", "VecDeque<_>"),
    ("LinkedList", "LinkedList<_>"),
    ("BinaryHeap", "BinaryHeap<_>"),
    ("HashMap", "HashMap<_, _>"),
    ("HashSet", "HashSet<_>"),
    ("BTreeMap", "BTreeMap<_, _>"),
    ("BTreeSet", "BTreeSet<_>"),
    ("PathBuf", "PathBuf"),
    ("OsString", "OsString"),
    ("Cow", "Cow<_>"),
];

/// How a heap collection type is displayed, or `None` if `ty` is not known
/// to be one. Looks through `Result<C, E>` and `Option<C>`, which collect
/// into `C`.
pub(crate) fn heap_collection(ty: &Type) -> Option<String> {
    let path = crate::syntax::type_path(ty)?;
    let last = path.segments.last()?;
    // `heapless::Vec<u8, 8>` is not std's `Vec`.
    if path.segments.len() > 1
        && !matches!(
            path.segments[0].ident.to_string().as_str(),
            "std" | "alloc" | "core"
        )
    {
        return None;
    }
    let name = last.ident.to_string();
    if name == "Result" || name == "Option" {
        let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
            return None;
        };
        let Some(syn::GenericArgument::Type(inner)) = arguments.args.first() else {
            return None;
        };
        let inner = heap_collection(inner)?;
        return Some(if name == "Result" {
            format!("Result<{inner}, _>")
        } else {
            format!("Option<{inner}>")
        });
    }
    HEAP_COLLECTIONS
        .iter()
        .find(|(collection, _)| *collection == name)
        .map(|(_, display)| (*display).to_owned())
}

/// Data that the callee cannot take ownership of, so it must copy it: a
/// reference, a literal, an array, or an `as_*()` view such as `as_str()`.
fn is_borrowed_data(expr: &Expr) -> bool {
    match strip(expr) {
        Expr::Reference(_) | Expr::Lit(_) | Expr::Repeat(_) => true,
        Expr::Array(array) => !array.elems.is_empty(),
        Expr::MethodCall(call) => call.method.to_string().starts_with("as_"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake_case("HashMap"), "hash_map");
        assert_eq!(snake_case("BTreeMap"), "btree_map");
        assert_eq!(snake_case("with_capacity"), "with_capacity");
        assert_eq!(snake_case("CString"), "cstring");
        assert_eq!(lint_name("format", Definite), "format_allocates");
        assert_eq!(lint_name("push", Possible), "push_may_allocate");
        assert_eq!(lint_name("_a__b_", Definite), "a_b_allocates");
        assert_eq!(lint_name("", Definite), "call_allocates");
        assert_eq!(lint_name("é", Definite), "call_allocates");
    }

    #[test]
    fn entries_are_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for entry in entries() {
            let name = entry.lint_name();
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{name}",
            );
            assert!(!name.starts_with('_') && !name.contains("__"), "{name}");
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name}");
            assert!(seen.insert(name.clone()), "duplicate lint name {name}");
            assert!(entry.construct().starts_with('`') && entry.construct().ends_with('`'));
            assert!(!entry.reason.is_empty() && !entry.suggestion.is_empty());
            assert!(!entry.to_string().is_empty());
            if let Path(segments) = entry.kind {
                assert!(
                    segments.len() >= 2,
                    "{name}: path entries need a type or module"
                );
            }
        }
    }

    #[test]
    fn heap_collections() {
        let display = |src: &str| heap_collection(&syn::parse_str(src).unwrap());
        assert_eq!(display("Vec<_>").as_deref(), Some("Vec<_>"));
        assert_eq!(display("std::vec::Vec<u8>").as_deref(), Some("Vec<_>"));
        assert_eq!(display("String").as_deref(), Some("String"));
        assert_eq!(display("Box<[u8]>").as_deref(), Some("Box<_>"));
        assert_eq!(
            display("Result<Vec<_>, E>").as_deref(),
            Some("Result<Vec<_>, _>")
        );
        assert_eq!(display("Option<String>").as_deref(), Some("Option<String>"));
        assert_eq!(display("Result<(), E>"), None);
        assert_eq!(display("Option"), None);
        assert_eq!(display("u32"), None);
        assert_eq!(display("_"), None);
        assert_eq!(display("[u8; 4]"), None);
        assert_eq!(display("ArrayVec<u8, 4>"), None);
    }
}
