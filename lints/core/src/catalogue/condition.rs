//! The conditions under which an entry applies, as data: what each one means, for the attribute
//! (which sees tokens) and for the crate-wide checker (which sees resolved items and types).
//!
//! The judging itself is in `crate::judge`.

use self::Condition::{
    Always, AppendsToString, AsciiCase, BorrowedArg, BoxesError, BoxesSizedError, CloneOwned,
    CollectsIntoHeap, GrowsEmpty, IntoHeap, JoinArgs, LossyCopy, NonEmpty, NonZero, NotZeroSized,
    OwnedCopy, PartitionsIntoHeap, Replace, SplitOff, TextReceiver, UnzipsIntoHeap,
};

/// When an [`Entry`](super::Entry) applies beyond its name: checks on the call that keep it
/// quiet where the construct obviously builds nothing, or downgrade it to possible where the
/// types decide.
///
/// Two families, told apart by [`Condition::settled_by_resolution`]:
///
/// - **type guesses** stand in for the type the attribute cannot see (is this `.to_owned()` on
///   a `&str` or on a `&u64`?). An entry's resolved keys name only the std items for which the
///   guess is right, so a checker that matched the item by its key has settled them;
/// - **facts about the call** hold whatever the types: an obviously empty value, a literal `0`,
///   a zero-sized value, a borrowed argument where the trait's generic argument decides
///   (`From<&str>` copies, `From<Box<str>>` reuses the buffer), a collection created empty in
///   the same body. A checker evaluates them on what it knows of the call, or treats a
///   [`Definite`](crate::Certainty::Definite) entry whose condition it cannot evaluate as
///   possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// Every call.
    Always,
    /// Quiet when the value built is obviously empty: a `""` receiver or first argument,
    /// `format!("")`, `vec![]`, `vec![x; 0]`, `vec![(); n]`.
    NonEmpty,
    /// Quiet when the first argument is the literal `0`.
    NonZero,
    /// Quiet when boxing an obviously zero-sized value (`()`, `[]`, `S {}`, a closure that
    /// captures nothing), which does not allocate; possible when the argument may be a unit
    /// struct (`Bypass`, `effects::Bypass`).
    NotZeroSized,
    /// Definite when the argument is borrowed or literal data (`&x`, `"s"`, `[1, 2]`,
    /// `x.as_slice()`, a parameter of a `&` type), which must be copied into a new allocation.
    /// Possible otherwise: `Vec::from(boxed_slice)` or `PathBuf::from(string)` reuse the
    /// existing buffer.
    BorrowedArg,
    /// `.join(sep)` with one argument (without, it is `JoinHandle::join`): definite for a string
    /// or char literal separator or a receiver known to be a slice, `Vec` or `Path`; possible
    /// otherwise (`Span::join(other)`).
    JoinArgs,
    /// Applies only when the turbofish (or the `let` type annotation, or the function's return
    /// type for a returned value) names a collection that lives on the heap.
    CollectsIntoHeap,
    /// `.to_owned()`: definite when the receiver is known to be text, a slice, a path or an
    /// owning buffer (a literal, `x.trim()`, a parameter of type `&str`, `&[T]`, `&Path`,
    /// `&String`, ...), possible otherwise (`to_owned()` on a `&u64` copies the integer). Quiet
    /// on `""`.
    OwnedCopy,
    /// `.clone()`: definite when the receiver is known to own a heap buffer (`String`, `Vec`,
    /// `PathBuf`, maps, ... or one reference to them), possible otherwise.
    CloneOwned,
    /// `.to_uppercase()` / `.to_lowercase()`: definite on known text, possible otherwise (on a
    /// `char` they build no `String`).
    TextReceiver,
    /// `.to_ascii_uppercase()` / `.to_ascii_lowercase()`: definite on known text or byte
    /// slices, possible otherwise (`u8` and `char` return a copy).
    AsciiCase,
    /// `.replace(from, to)` / `.replacen(from, to, n)`, by argument count: definite when `from`
    /// is a literal or closure pattern or the receiver is known text, possible otherwise
    /// (`Regex::replace` may borrow). `Option::replace` and `Cell::replace` take one argument:
    /// not this.
    Replace(usize),
    /// `.split_off(n)`: definite on a receiver known to be a `Vec`, `String` or `VecDeque`,
    /// possible otherwise (`LinkedList::split_off` relinks).
    SplitOff,
    /// `.into()` of borrowed data (`&str`, `&[T]`, `&Path`, ...) into an owning heap type named
    /// by the context (`let s: String = ..`, the return type, `Err(..)` of a
    /// `Result<_, Box<dyn Error>>`).
    IntoHeap,
    /// `.partition()` into a `let` annotation or return type whose collections live on the heap.
    PartitionsIntoHeap,
    /// `.unzip()` into a pair of which one collection lives on the heap.
    UnzipsIntoHeap,
    /// `.into_owned()` of `from_utf8_lossy(..)` or `to_string_lossy()`, which always ends up
    /// owning a new `String`.
    LossyCopy,
    /// Growing a collection that was created empty, without capacity, in a `let` of the same
    /// body and not touched by anything that could give it a buffer: the first element
    /// allocates.
    GrowsEmpty,
    /// `+` / `+=` whose left operand is known to be a `String`, with a right operand that is not
    /// `""`.
    AppendsToString,
    /// `?` in a function returning `Result<_, Box<dyn Error>>`, on an error known to be a sized
    /// value that is not boxed yet (a std parse error, text), which `From` boxes.
    BoxesSizedError,
    /// `?` in a function returning `Result<_, Box<dyn Error>>`, on any other error, which is
    /// boxed unless it is a `Box<dyn Error>` already.
    BoxesError,
}

impl Condition {
    /// Whether the condition only stands for a type the attribute cannot see, so that a call
    /// matched by its resolved key meets it by construction. The others are facts about the
    /// call that hold whatever the types (see [`Condition`]); an obviously empty receiver
    /// (`"".to_owned()`) keeps even a settled entry quiet.
    pub fn settled_by_resolution(self) -> bool {
        match self {
            Always | JoinArgs | CollectsIntoHeap | OwnedCopy | CloneOwned | TextReceiver
            | AsciiCase | Replace(_) | SplitOff | IntoHeap | PartitionsIntoHeap
            | UnzipsIntoHeap | LossyCopy | AppendsToString => true,
            NonEmpty | NonZero | NotZeroSized | BorrowedArg | GrowsEmpty | BoxesSizedError
            | BoxesError => false,
        }
    }

    /// When the entry applies beyond its name, for a listing; empty for [`Condition::Always`].
    pub fn note(self) -> &'static str {
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
            AppendsToString => "when the left operand is known to be a `String`",
            BoxesSizedError => {
                "in a function returning `Result<_, Box<dyn Error>>`, on a std parse error or text"
            }
            BoxesError => "in a function returning `Result<_, Box<dyn Error>>`",
        }
    }
}
