//! The judge: which catalogue entry, if any, a call site of the attribute's walk stands for,
//! given the facts the walk knows about the call.
//!
//! The catalogue itself is data (`crate::catalogue`); this is where its [`Condition`]s are
//! evaluated on syn expressions and on the types the walk knows.

use crate::catalogue::{self, Condition, Entry, Form, Kind};
use crate::finding::Certainty::{self, Possible};
use crate::finding::{Finding, lint_name};
use crate::path_pattern::{PathPattern, ends_with};
use crate::syntax::{is_empty_data, is_zero, strip, type_path};
use crate::types::{self, Base};
use proc_macro2::Span;
use syn::{Expr, Lit, Type};

/// What is being called, as written.
#[derive(Clone, Copy)]
pub(crate) enum Callee<'a> {
    Path(&'a [String]),
    Method(&'a str),
    Macro(&'a [String]),
    /// `+`, `+=`, `?`.
    Operator(&'a str),
}

/// The facts the walk knows about one call: its receiver and arguments, their types where
/// known, and what the context expects of its value.
#[derive(Default)]
pub(crate) struct CallFacts<'a> {
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

/// What `?` does with the error, in a function whose error type is known.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorBoxing {
    /// The error type is not a `Box<dyn Error>`, or is unknown.
    #[default]
    NotBoxed,
    /// Boxed, and the error is known to be a sized value that is not a box yet.
    Sized,
    /// Boxed, unless the error is a `Box<dyn Error>` already.
    Maybe,
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

impl Match {
    /// The finding at `span`, the one token to underline; the walk fills in the bounds of the
    /// whole expression and its `cfg`s.
    pub(crate) fn into_finding(self, span: Span) -> Finding {
        let allow = match self.entry.kind {
            Kind::Path(segments) => Some(PathPattern::of_segments(segments)),
            Kind::Method(name) | Kind::Macro(name) => Some(PathPattern::of_segments(&[name])),
            Kind::Operator(..) => None,
        };
        Finding {
            construct: self.construct,
            certainty: self.certainty,
            reason: self.entry.reason.to_owned(),
            suggestion: self.entry.suggestion.to_owned(),
            allow,
            lint_name: self.lint_name,
            span,
            first: span,
            last: span,
            cfg: Vec::new(),
        }
    }
}

enum Verdict {
    /// Not this entry; try the next.
    NotThis,
    /// This entry, but it obviously does not allocate here.
    Quiet,
    Report(Certainty, Option<String>),
}

/// The first entry matching the call, unless it is quiet there.
pub(crate) fn lookup(callee: Callee, facts: &CallFacts) -> Option<Match> {
    lookup_with(callee, facts, ErrorBoxing::NotBoxed)
}

/// The first entry matching an operator: `+` and `+=` (the left operand is the facts'
/// receiver, the right one their argument) or `?` (with what the function's error type does
/// with the error).
pub(crate) fn lookup_operator(
    symbol: &str,
    facts: &CallFacts,
    boxing: ErrorBoxing,
) -> Option<Match> {
    lookup_with(Callee::Operator(symbol), facts, boxing)
}

fn lookup_with(callee: Callee, facts: &CallFacts, boxing: ErrorBoxing) -> Option<Match> {
    let (form, name) = match callee {
        Callee::Path(path) => (Form::Path, path.last()?.as_str()),
        Callee::Method(name) => (Form::Method, name),
        Callee::Macro(path) => (Form::Macro, path.last()?.as_str()),
        Callee::Operator(symbol) => (Form::Operator, symbol),
    };
    for &entry in catalogue::by_name(form, name) {
        if !matches(entry.kind, callee) {
            continue;
        }
        match judge(entry, facts, boxing) {
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

/// Whether the whole spelling of `kind` matches the callee (the index matched its last name).
fn matches(kind: Kind, callee: Callee) -> bool {
    match (kind, callee) {
        (Kind::Path(entry), Callee::Path(path)) => ends_with(path, entry),
        (Kind::Method(entry), Callee::Method(name)) => entry == name,
        (Kind::Macro(entry), Callee::Macro(path)) => path
            .split_last()
            .is_some_and(|(name, prefix)| name == entry && crate::path_pattern::from_std(prefix)),
        (Kind::Operator(entry, _), Callee::Operator(symbol)) => entry == symbol,
        _ => false,
    }
}

/// Evaluates the entry's condition on the facts of the call.
fn judge(entry: &Entry, facts: &CallFacts, boxing: ErrorBoxing) -> Verdict {
    use Condition::*;
    let report = Verdict::Report(entry.certainty, None);
    let possible = Verdict::Report(Possible, None);
    let first_arg = facts.args.as_ref().and_then(|args| args.first().copied());
    let first_arg_type = facts.arg_types.first().and_then(Option::as_ref);
    let receiver_base = facts.receiver_type.as_ref().map(|ty| types::shape(ty).1);
    // `u8`, `char`, `&u64`: their `to_owned`, `clone`, case conversions
    // build nothing on the heap.
    let primitive_receiver = receiver_base == Some(Base::Primitive);
    let arg_count = facts.args.as_ref().map(Vec::len);
    match entry.condition {
        Always => report,
        NonEmpty => {
            let text = facts.receiver.or(first_arg);
            if facts.builds_nothing || text.is_some_and(is_empty_data) {
                Verdict::Quiet
            } else {
                report
            }
        }
        NonZero => match first_arg {
            Some(arg) if is_zero(arg) => Verdict::Quiet,
            _ => report,
        },
        NotZeroSized => match facts.first_arg_size {
            ArgSize::ZeroSized => Verdict::Quiet,
            ArgSize::MaybeZeroSized => possible,
            ArgSize::Sized => report,
        },
        BorrowedArg => match first_arg {
            Some(arg) if is_borrowed_data(arg) => report,
            _ if first_arg_type.is_some_and(|ty| types::peel(ty).0 > 0) => report,
            _ => possible,
        },
        JoinArgs => match &facts.args {
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
        CollectsIntoHeap => match facts.collect_target.and_then(heap_collection) {
            Some(target) => {
                Verdict::Report(entry.certainty, Some(format!("`collect::<{target}>()`")))
            }
            None => Verdict::NotThis,
        },
        OwnedCopy => {
            // `ToOwned::to_owned(x)` takes `&Self`: one reference less
            // than the receiver of `x.to_owned()` may have.
            let (subject, by_path) = match facts.receiver {
                Some(receiver) => (Some(receiver), false),
                None => (first_arg, true),
            };
            let subject_type = if by_path {
                first_arg_type.and_then(|ty| (types::peel(ty).0 == 1).then_some(ty))
            } else {
                facts.receiver_type.as_ref()
            };
            let primitive = if by_path {
                first_arg_type.is_some_and(|ty| types::shape(ty).1 == Base::Primitive)
            } else {
                primitive_receiver
            };
            if subject.is_some_and(is_empty_data) || primitive {
                Verdict::Quiet
            } else if subject_type.is_some_and(types::to_owned_copies) {
                report
            } else {
                possible
            }
        }
        CloneOwned => match &facts.receiver_type {
            Some(ty) if types::clone_allocates(ty) || facts.receiver_clones_heap => report,
            _ if primitive_receiver => Verdict::Quiet,
            _ => Verdict::NotThis,
        },
        TextReceiver => {
            if facts.receiver.is_some_and(is_empty_data) || primitive_receiver {
                Verdict::Quiet
            } else if receiver_base.is_some_and(types::is_text) {
                report
            } else {
                possible
            }
        }
        AsciiCase => {
            if facts.receiver.is_some_and(is_empty_data) || primitive_receiver {
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
            } else if facts.receiver.is_some_and(is_empty_data) {
                Verdict::Quiet
            } else if first_arg.is_some_and(is_pattern) || receiver_base.is_some_and(types::is_text)
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
            let borrowed = match &facts.receiver_type {
                Some(ty) => {
                    let (refs, base) = types::shape(ty);
                    refs > 0 && types::is_copyable_data(base)
                }
                None => false,
            };
            let nonempty = !facts.receiver.is_some_and(is_empty_data);
            if borrowed && nonempty && facts.expected.is_some_and(types::owns_heap_copy) {
                report
            } else {
                Verdict::NotThis
            }
        }
        PartitionsIntoHeap => match facts.collect_target {
            Some(Type::Tuple(tuple))
                if tuple.elems.len() == 2
                    && tuple.elems.iter().all(|ty| heap_collection(ty).is_some()) =>
            {
                report
            }
            _ => Verdict::NotThis,
        },
        UnzipsIntoHeap => match facts.collect_target {
            Some(Type::Tuple(tuple))
                if tuple.elems.len() == 2
                    && tuple.elems.iter().any(|ty| heap_collection(ty).is_some()) =>
            {
                report
            }
            _ => Verdict::NotThis,
        },
        LossyCopy => match facts.receiver.map(strip) {
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
            if facts.grows_empty {
                report
            } else {
                Verdict::NotThis
            }
        }
        AppendsToString => {
            let string = facts
                .receiver_type
                .as_ref()
                .is_some_and(|ty| types::shape(ty) == (0, Base::String));
            if string && !first_arg.is_some_and(is_empty_data) {
                report
            } else {
                Verdict::NotThis
            }
        }
        BoxesSizedError => match boxing {
            ErrorBoxing::Sized => report,
            _ => Verdict::NotThis,
        },
        BoxesError => match boxing {
            ErrorBoxing::NotBoxed => Verdict::NotThis,
            _ => report,
        },
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
    let path = type_path(ty)?;
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
    use crate::finding::Certainty::Definite;

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

    /// `lookup_operator` on the facts the walk gives it for `+`, `+=` and `?`.
    #[test]
    fn operators() {
        let left: Expr = syn::parse_str("s").unwrap();
        let text: Expr = syn::parse_str(r#""a""#).unwrap();
        let empty: Expr = syn::parse_str(r#""""#).unwrap();
        let lookups = |right: &Expr, left_type: Option<&str>, grows_empty: bool| {
            let found = |symbol: &str| {
                let facts = CallFacts {
                    receiver: Some(&left),
                    args: Some(vec![right]),
                    receiver_type: left_type.map(types::parse),
                    grows_empty,
                    ..CallFacts::default()
                };
                lookup_operator(symbol, &facts, ErrorBoxing::NotBoxed)
                    .map(|found| (found.construct, found.lint_name, found.certainty))
            };
            (found("+"), found("+="))
        };
        let some = |construct: &str, name: &str, certainty| {
            Some((construct.to_owned(), name.to_owned(), certainty))
        };
        assert_eq!(
            lookups(&text, Some("String"), false),
            (
                some("`+`", "string_add_may_allocate", Possible),
                some("`+=`", "string_add_assign_may_allocate", Possible)
            )
        );
        assert_eq!(
            lookups(&text, Some("String"), true),
            (
                some("`+`", "add_allocates", Definite),
                some("`+=`", "add_assign_allocates", Definite)
            )
        );
        assert_eq!(lookups(&empty, Some("String"), false), (None, None));
        assert_eq!(lookups(&text, Some("&str"), false), (None, None));
        assert_eq!(lookups(&text, None, false), (None, None));

        let question = |boxing| {
            lookup_operator("?", &CallFacts::default(), boxing)
                .map(|found| (found.lint_name, found.certainty))
        };
        assert_eq!(
            question(ErrorBoxing::Sized),
            Some(("question_mark_box_error_allocates".to_owned(), Definite))
        );
        assert_eq!(
            question(ErrorBoxing::Maybe),
            Some(("question_mark_box_error_may_allocate".to_owned(), Possible))
        );
        assert_eq!(question(ErrorBoxing::NotBoxed), None);
    }
}
