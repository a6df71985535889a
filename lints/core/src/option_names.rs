//! The names of `#[no_alloc]`'s options, the one list of them: the
//! attribute's grammar ([`crate::attribute`]) reads these, and the project's
//! configuration ([`crate::config`]) takes those of them that set a default
//! for every function.

/// One option of the attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionName {
    /// As matched: `allow`.
    pub name: &'static str,
    /// As shown in messages: `allow(..)`.
    pub shown: &'static str,
    /// Also a key of the project's configuration ([`crate::config`]), which
    /// sets a default for every `#[no_alloc]`.
    pub configurable: bool,
}

/// Every option, in the order messages list them.
pub const OPTIONS: [OptionName; 9] = [
    OptionName {
        name: "strict",
        shown: "strict",
        configurable: true,
    },
    OptionName {
        name: "pedantic",
        shown: "pedantic",
        configurable: true,
    },
    OptionName {
        name: "allow",
        shown: "allow(..)",
        configurable: true,
    },
    OptionName {
        name: "deny",
        shown: "deny(..)",
        configurable: true,
    },
    OptionName {
        name: "forbid",
        shown: "forbid",
        configurable: false,
    },
    OptionName {
        name: "static_only",
        shown: "static_only",
        configurable: false,
    },
    OptionName {
        name: "runtime_only",
        shown: "runtime_only",
        configurable: false,
    },
    OptionName {
        name: "max",
        shown: "max = N",
        configurable: false,
    },
    OptionName {
        name: "crate",
        shown: "crate = \"path\"",
        configurable: false,
    },
];

/// The options as a message lists them: "`strict`, `pedantic`, `allow(..)`, ...".
pub fn option_list() -> String {
    OPTIONS
        .iter()
        .map(|option| format!("`{}`", option.shown))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The options the project's configuration can set, as its keys:
/// `strict`, `pedantic`, `allow`, `deny`.
pub(crate) fn configurable() -> impl Iterator<Item = &'static str> {
    OPTIONS
        .iter()
        .filter(|option| option.configurable)
        .map(|option| option.name)
}

/// The name among `names` that `written` most likely misspells, for a "did
/// you mean".
pub(crate) fn closest(
    written: &str,
    names: impl Iterator<Item = &'static str>,
) -> Option<&'static str> {
    names
        .map(|name| (strsim::jaro_winkler(written, name), name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
}
