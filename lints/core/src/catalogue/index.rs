//! The table, indexed once per process: by the name the attribute matches and by resolved key,
//! each a sorted list searched by bisection, so that a lookup costs a few comparisons whatever
//! the size of the table (the attribute looks up every call of a body, the checker every std
//! call it meets).

use super::entry::{Entry, Form, Kind};
use super::{collections, io, macros, methods, operators, pointers, system, text};
use std::sync::OnceLock;

/// The data files, in the order their entries are tried.
const TABLES: &[&[Entry]] = &[
    macros::ENTRIES,
    pointers::ENTRIES,
    text::ENTRIES,
    collections::ENTRIES,
    system::ENTRIES,
    io::ENTRIES,
    methods::ENTRIES,
    operators::ENTRIES,
];

pub(super) struct Index {
    all: Vec<&'static Entry>,
    /// The [`Form`] and last name of each [`Kind`], sorted, with the entries in table order.
    names: Vec<(NameKey, Vec<&'static Entry>)>,
    /// Resolved keys, sorted, with the entries in table order.
    keys: Vec<(&'static str, Vec<&'static Entry>)>,
}

/// A [`Kind`]'s form and last name.
type NameKey = (Form, &'static str);

fn name_key(kind: Kind) -> NameKey {
    (kind.form(), kind.name())
}

pub(super) fn get() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(Index::build)
}

impl Index {
    fn build() -> Index {
        let all: Vec<&'static Entry> = TABLES.iter().flat_map(|table| table.iter()).collect();
        let mut names: Vec<(NameKey, Vec<&'static Entry>)> = Vec::new();
        let mut keys: Vec<(&'static str, Vec<&'static Entry>)> = Vec::new();
        for &entry in &all {
            add(&mut names, name_key(entry.kind), entry);
            for &key in entry.resolved {
                add(&mut keys, key, entry);
            }
        }
        Index { all, names, keys }
    }

    pub(super) fn all(&self) -> &[&'static Entry] {
        &self.all
    }

    pub(super) fn by_name(&self, form: Form, name: &str) -> &[&'static Entry] {
        let found = self
            .names
            .binary_search_by(|((f, n), _)| f.cmp(&form).then_with(|| (*n).cmp(name)));
        match found {
            Ok(found) => &self.names[found].1,
            Err(_) => &[],
        }
    }

    pub(super) fn by_key(&self, key: &str) -> Option<&[&'static Entry]> {
        let found = self
            .keys
            .binary_search_by(|(resolved, _)| (*resolved).cmp(key))
            .ok()?;
        Some(&self.keys[found].1)
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|(key, _)| *key)
    }
}

/// Appends `entry` to the list of `key`, keeping the lists sorted by key. Runs once per entry
/// and key at start-up, on a table of a few hundred entries.
fn add<K: Ord + Copy>(lists: &mut Vec<(K, Vec<&'static Entry>)>, key: K, entry: &'static Entry) {
    match lists.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(found) => lists[found].1.push(entry),
        Err(at) => lists.insert(at, (key, vec![entry])),
    }
}
