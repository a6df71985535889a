//! `allow` and `deny` matched against what a call resolves to.
//!
//! The analyser matches the patterns against the path as written at the
//! call site, which is all a proc macro can see: `use dsp::mix as blend;
//! blend(x)` does not match `deny = ["crate::dsp::mix"]` there. The checker
//! knows what `blend` is, so a call whose target's full path matches is
//! treated the same way: not followed when allowed, reported (and not
//! followed) when denied. Either match counts.

use crate::index::{Index, Owner};
use crate::resolve::Target;
use qadapt_lints::{Options, PathPattern};

/// What the options say about one call target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Follow,
    /// Matches `allow`: neither followed nor reported.
    Allowed,
    /// Matches `deny` (and not `allow`): reported, not followed.
    Denied(PathPattern),
}

/// The full paths of a function or macro, crate name first: `a::dsp::mix`;
/// a method is known by its type's and by its trait's path
/// (`a::dsp::Mixer::render`, `a::dsp::Render::render`).
pub fn paths_of(index: &Index, target: Target) -> Vec<Vec<String>> {
    let (module, krate, name, owners) = match target {
        Target::Fn(f) => {
            let item = &index.fns[f];
            let owners: Vec<&str> = match &item.owner {
                Owner::Free => vec![],
                Owner::Impl { self_ty, trait_ } => std::iter::once(self_ty.as_str())
                    .chain(trait_.as_deref())
                    .collect(),
                Owner::Trait { name } => vec![name.as_str()],
            };
            (item.module, item.krate, &item.name, owners)
        }
        Target::Macro(m) => {
            let item = &index.macros[m];
            (item.module, item.krate, &item.name, vec![])
        }
    };
    let sources = index.sources;
    let mut base = vec![sources.crates[krate].name.clone()];
    base.extend(sources.modules[module].path.iter().cloned());
    let with = |owner: Option<&str>| {
        let mut path = base.clone();
        path.extend(owner.map(str::to_owned));
        path.push(name.clone());
        path
    };
    let mut paths: Vec<Vec<String>> = owners.iter().map(|o| with(Some(o))).collect();
    if paths.is_empty() {
        paths.push(with(None));
    }
    if let Target::Macro(_) = target {
        // `#[macro_export]` puts it at the crate root too.
        paths.push(vec![base[0].clone(), name.clone()]);
    }
    paths
}

/// Whether `pattern` names the item of full path `path` (crate name
/// first). A pattern starting with `crate` must name the whole path;
/// others must be a suffix of it. `Self` in the pattern matches any one
/// segment.
pub fn matches(pattern: &PathPattern, path: &[String]) -> bool {
    let segments = pattern.segments();
    let same = |p: &String, c: &String| p == c || p == "Self";
    match segments.split_first() {
        Some((first, rest)) if first == "crate" => {
            rest.len() + 1 == path.len() && rest.iter().zip(&path[1..]).all(|(p, c)| same(p, c))
        }
        Some(_) => {
            segments.len() <= path.len()
                && segments
                    .iter()
                    .rev()
                    .zip(path.iter().rev())
                    .all(|(p, c)| same(p, c))
        }
        None => false,
    }
}

/// What `options` say about a target known by `paths`; `allow` wins.
pub fn verdict(options: &Options, paths: &[Vec<String>]) -> Verdict {
    let any = |patterns: &[PathPattern]| {
        patterns
            .iter()
            .find(|pattern| paths.iter().any(|path| matches(pattern, path)))
            .cloned()
    };
    if any(&options.allow).is_some() {
        return Verdict::Allowed;
    }
    match any(&options.deny) {
        Some(pattern) => Verdict::Denied(pattern),
        None => Verdict::Follow,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> Vec<String> {
        s.split("::").map(str::to_owned).collect()
    }

    fn pattern(s: &str) -> PathPattern {
        PathPattern::parse(s).unwrap()
    }

    #[test]
    fn resolved_paths_match_whole_or_by_suffix() {
        let mix = path("a::dsp::mix");
        assert!(matches(&pattern("crate::dsp::mix"), &mix));
        assert!(matches(&pattern("dsp::mix"), &mix));
        assert!(matches(&pattern("mix"), &mix));
        assert!(matches(&pattern("a::dsp::mix"), &mix));
        assert!(!matches(&pattern("crate::mix"), &mix));
        assert!(!matches(&pattern("other::mix"), &mix));
        assert!(!matches(&pattern("crate::dsp::mix"), &path("a::mix")));
        assert!(matches(
            &pattern("Self::take"),
            &path("a::pool::Pool::take")
        ));
    }

    #[test]
    fn allow_wins_and_findings_are_named() {
        let options = Options {
            allow: vec![pattern("dsp::mix")],
            deny: vec![pattern("crate::dsp::mix"), pattern("MixBus::send")],
            ..Options::default()
        };
        assert_eq!(verdict(&options, &[path("a::dsp::mix")]), Verdict::Allowed);
        assert_eq!(
            verdict(&options, &[path("a::MixBus::send")]),
            Verdict::Denied(pattern("MixBus::send"))
        );
        assert_eq!(verdict(&options, &[path("a::send")]), Verdict::Follow);
        let finding = qadapt_lints::Finding::denied(
            &pattern("MixBus::send"),
            proc_macro2::Span::call_site(),
            qadapt_lints::Certainty::Definite,
        );
        assert_eq!(finding.lint_name, "mix_bus_send_allocates");
        assert_eq!(finding.construct, "`MixBus::send`");
    }
}
