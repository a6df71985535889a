//! std items judged by the catalogue, looked up by their resolved key
//! ([`qadapt_lints::catalogue::by_resolved_path`]). A key lists its
//! entries in order; the first whose condition holds for the call
//! decides. Conditions that stand for a type the attribute cannot see are
//! settled by the resolution itself; the facts about the call are judged
//! here on what the engine knows: a literal `""` or `0` argument, a
//! zero-sized value boxed, a borrowed argument where a trait's generic
//! argument decides. Growth of a collection created empty in the same
//! body is not tracked: the possible entry after it applies.
//!
//! A call made by a std macro's expansion (`format!`, `vec!`, `println!`)
//! is named by the macro, as the attribute names it.

use qadapt_lints::Certainty;
use qadapt_lints::catalogue::{Condition, Entry, Kind, by_resolved_path, entries};

/// What the catalogue says of one call to a std item.
pub enum Judged {
    /// Not in the catalogue: follow it into std.
    Unknown,
    /// In the catalogue, and obviously not allocating here (`""`, `0`).
    Quiet,
    /// A finding: the entry (the macro's, for a call made by one) with
    /// the certainty the call gets, and the entry for the growth of a
    /// collection created empty in the same body that was passed over.
    Found(&'static Entry, Certainty, Option<&'static Entry>),
}

/// What is known of a call beyond the item it resolves to.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallFacts<'a> {
    /// The first argument (or receiver) is the literal `""`.
    pub empty_str: bool,
    /// The first argument is the literal `0`.
    pub zero: bool,
    /// The value boxed is zero-sized.
    pub zero_sized: bool,
    /// The call obviously builds nothing (`vec![x; 0]`, `vec![(); n]`).
    pub builds_nothing: bool,
    /// The argument a trait's generic argument stands for is borrowed
    /// data (a reference, an array, a `str`).
    pub borrowed: bool,
    /// The std macro whose expansion makes the call (`format`, `vec`).
    pub via_macro: Option<&'a str>,
}

/// Looks `key` up and judges the call.
pub fn judge(key: &str, facts: CallFacts<'_>) -> Judged {
    let Some(found) = by_resolved_path(key) else {
        return Judged::Unknown;
    };
    let mut grows = None;
    for &entry in found {
        let certainty = match entry.condition {
            Condition::NonEmpty if facts.empty_str || facts.builds_nothing => {
                return Judged::Quiet;
            }
            Condition::NonZero if facts.zero => return Judged::Quiet,
            Condition::NotZeroSized if facts.zero_sized => return Judged::Quiet,
            Condition::BorrowedArg if !facts.borrowed => Certainty::Possible,
            Condition::GrowsEmpty => {
                grows = Some(entry);
                continue;
            }
            _ => entry.certainty,
        };
        if let Some(name) = facts.via_macro
            && let Some(by_macro) = macro_entry(name)
        {
            return Judged::Found(by_macro, by_macro.certainty.min(certainty), grows);
        }
        return Judged::Found(entry, certainty, grows);
    }
    Judged::Unknown
}

/// The entry of the std macro `name` (the possible one where the
/// definite one needs growth of an empty collection).
pub fn macro_entry(name: &str) -> Option<&'static Entry> {
    let name = macro_name(name)?;
    entries()
        .iter()
        .copied()
        .find(|e| e.kind == Kind::Macro(name) && e.condition != Condition::GrowsEmpty)
}

/// The definite entry of the std macro `name` for growing a collection
/// created empty in the same body (`write!` into a `String::new()`).
pub fn macro_growth_entry(name: &str) -> Option<&'static Entry> {
    let name = macro_name(name)?;
    entries()
        .iter()
        .copied()
        .find(|e| e.kind == Kind::Macro(name) && e.condition == Condition::GrowsEmpty)
}

/// The macros the catalogue names, as `'static` names.
fn macro_name(name: &str) -> Option<&'static str> {
    entries().iter().find_map(|e| match e.kind {
        Kind::Macro(m) if m == name => Some(m),
        _ => None,
    })
}

/// The definite entry the attribute knows a method by, for a std
/// function of that name found to allocate by what it calls
/// (`collect` building a `Vec`).
pub fn method_entry(name: &str) -> Option<&'static Entry> {
    entries().iter().copied().find(|e| {
        e.kind == Kind::Method(e.kind.name())
            && e.kind.name() == name
            && e.certainty == Certainty::Definite
            && e.condition != Condition::GrowsEmpty
    })
}
