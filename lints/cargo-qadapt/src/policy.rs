//! `allow` and `deny` matched against what a call resolves to: the
//! callee's full path, crate name first (`dsp_fixture::dsp::mix`,
//! `alloc::vec::Vec::push`, and std's by their `std::` facade too), whole
//! when the pattern starts with `crate`, else by suffix, as the attribute
//! matches what is written. `use dsp::mix as blend; blend(x)` matches
//! `deny = ["crate::dsp::mix"]`. An allowed call is not followed; a denied
//! one is reported and not followed.

use crate::judge::Construct;
use qadapt_lints::{Certainty, Options, PathPattern};

/// What the options say about one call target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Follow,
    /// Matches `allow`: neither followed nor reported.
    Allowed,
    /// Matches `deny` (and not `allow`): reported, not followed.
    Denied(PathPattern),
}

/// The finding for a call to a denied item.
pub fn denied(pattern: &PathPattern) -> Construct {
    Construct::from_finding(qadapt_lints::Finding::denied(
        pattern,
        proc_macro2::Span::call_site(),
        Certainty::Definite,
    ))
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
