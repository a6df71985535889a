//! What the user asked to check, validated: the one value the command
//! line hands to the pipeline, which loads the workspace the way cargo
//! would build it with these settings.

use qadapt_lints::PathPattern;
use std::path::PathBuf;

/// The packages, features, target and extra roots of one run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `--manifest-path`; else the nearest `Cargo.toml` from the current
    /// directory up.
    pub manifest_path: Option<PathBuf>,
    /// `--workspace`: every member.
    pub workspace: bool,
    pub features: Features,
    /// `--target`: a target triple, or the path of a target specification
    /// (`.json`); the host's when `None`.
    pub target: Option<String>,
    /// `--root PATH` (repeatable): functions of any crate in the graph to
    /// check as if they were `#[no_alloc]`.
    pub roots: Vec<PathPattern>,
    /// `audit --tests`: test targets and `#[cfg(test)]` code are audited
    /// too (skipped by default).
    pub tests: bool,
}

/// The features to build with, as cargo takes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// `--features` (`-F`), each entry one feature: `serde`, `dep/feature`,
    /// `dep?/feature`.
    pub features: Vec<String>,
    /// `--all-features`.
    pub all: bool,
    /// `--no-default-features`.
    pub no_default: bool,
}

impl Features {
    /// Whether cargo's defaults apply: the default features and no others.
    pub fn is_default(&self) -> bool {
        self.features.is_empty() && !self.all && !self.no_default
    }
}

/// One `--features` value: names separated by commas or spaces, as cargo
/// splits them (`-F "a b,c"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureList(pub Vec<String>);

/// Parses one `--features` value (clap's value parser).
pub fn feature_list(value: &str) -> Result<FeatureList, String> {
    let names: Vec<String> = value
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    for name in &names {
        check_feature(name)?;
    }
    Ok(FeatureList(names))
}

/// A feature name as cargo allows it, optionally behind `package/` or
/// `package?/`.
fn check_feature(text: &str) -> Result<(), String> {
    let (package, feature) = match text.split_once('/') {
        Some((package, feature)) => (Some(package.strip_suffix('?').unwrap_or(package)), feature),
        None => (None, text),
    };
    if let Some(package) = package
        && (package.is_empty()
            || !package
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    {
        return Err(format!(
            "`{text}`: `{package}` is not a package name (expected `package/feature`)"
        ));
    }
    let mut chars = feature.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_');
    let rest_ok = chars.all(|c| c.is_alphanumeric() || "_-+.".contains(c));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a feature name: one starts with a letter, a digit or `_`, and \
             goes on with those, `-`, `+` or `.`"
        ))
    }
}

/// Checks a `--target` value (clap's value parser): a target triple such
/// as `thumbv7em-none-eabihf`, or an existing target specification file
/// (`.json`), as rustc takes them.
pub fn target(value: &str) -> Result<String, String> {
    if value.ends_with(".json") {
        return if std::path::Path::new(value).is_file() {
            Ok(value.to_owned())
        } else {
            Err(format!("the target specification `{value}` is not a file"))
        };
    }
    let triple = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
    if triple {
        Ok(value.to_owned())
    } else {
        Err(format!(
            "`{value}` is not a target triple (such as `x86_64-unknown-linux-gnu`) or a \
             `.json` target specification"
        ))
    }
}

/// Parses a `--root` value (clap's value parser): a path such as
/// `crate::dsp::mix` or `heapless::Vec::push`, read like `allow` and
/// `deny` entries.
pub fn root(value: &str) -> Result<PathPattern, String> {
    let pattern = PathPattern::parse(value)?;
    if let Some(keyword) = pattern
        .segments()
        .last()
        .filter(|last| ["crate", "self", "super", "Self"].contains(&last.as_str()))
    {
        return Err(format!(
            "`{value}` names no function: it ends with `{keyword}`"
        ));
    }
    Ok(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_split_like_cargo() {
        assert_eq!(
            feature_list("a b,c  ,serde/std,dep?/x").unwrap().0,
            ["a", "b", "c", "serde/std", "dep?/x"]
        );
        assert_eq!(feature_list("").unwrap().0, Vec::<String>::new());
        assert_eq!(feature_list("v1.2+x_y-z").unwrap().0, ["v1.2+x_y-z"]);
        for bad in ["-a", "a!", "/x", "a/", "a b/c/d", "dep:x"] {
            assert!(feature_list(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn targets() {
        assert!(target("thumbv7em-none-eabihf").is_ok());
        assert!(target("x86_64-unknown-linux-gnu").is_ok());
        for bad in ["", "x86 64", "a;b", "/nonexistent/spec.json"] {
            assert!(target(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roots() {
        assert_eq!(
            root("heapless::Vec::<u8>::push").unwrap().segments(),
            ["heapless", "Vec", "push"]
        );
        assert_eq!(
            root("crate::dsp::mix").unwrap().segments(),
            ["crate", "dsp", "mix"]
        );
        for bad in ["", "a::", "a b", "crate", "dsp::self", "Fn(u8)"] {
            assert!(root(bad).is_err(), "{bad}");
        }
    }
}
