//! The corpus source: finding each case fn, judging its body as `#[no_alloc]`
//! does, and writing an annotated copy of the crate for `cargo qadapt`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use qadapt_lints::{Certainty, Options};

use super::subject::{Corpus, Verdict, tests_dir, workspace_dir};

type CaseSource = (syn::Signature, syn::Block);

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The `.rs` files of the corpus's `src/` that hold cases, sorted.
fn case_files(corpus: &Corpus) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.dir().join("src"))
        .expect("the corpus's src/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter(|path| !corpus.is_support(path))
        .collect();
    files.sort();
    files
}

/// The case fns of the corpus source, by name: their parsed signature and
/// body. Cases are the `pub fn`s of the topic files, free or in impl blocks.
pub fn case_sources(corpus: &Corpus) -> BTreeMap<String, CaseSource> {
    let mut fns = BTreeMap::new();
    for path in case_files(corpus) {
        let text = std::fs::read_to_string(&path).expect("a corpus file is readable");
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut found = Vec::new();
        for item in file.items {
            match item {
                syn::Item::Fn(item) if is_pub(&item.vis) => found.push((item.sig, *item.block)),
                // Methods: the `pub` ones of an impl block in a topic file.
                syn::Item::Impl(block) => {
                    for item in block.items {
                        if let syn::ImplItem::Fn(method) = item
                            && is_pub(&method.vis)
                        {
                            found.push((method.sig, method.block));
                        }
                    }
                }
                _ => {}
            }
        }
        for (sig, block) in found {
            let name = sig.ident.to_string();
            let previous = fns.insert(name.clone(), (sig, block));
            assert!(previous.is_none(), "case fn `{name}` is defined twice");
        }
    }
    fns
}

/// The attribute's view of one case: its verdict, and the constructs of its
/// findings (definite by default; possible under `pedantic`).
pub struct Attribute {
    pub verdict: Verdict,
    pub definite: Vec<String>,
    pub possible: Vec<String>,
}

/// Runs the analysis of `#[no_alloc]` and `#[no_alloc(pedantic)]` on a case.
pub fn analyse((sig, body): &CaseSource) -> Attribute {
    let default = qadapt_lints::analyse_fn(sig, body, &Options::default());
    let pedantic = Options {
        pedantic: true,
        ..Options::default()
    };
    let pedantic = qadapt_lints::analyse_fn(sig, body, &pedantic);
    // The attribute skips the analysis of an item the prescan finds nothing in.
    if !pedantic.findings.is_empty() {
        assert!(
            qadapt_lints::may_find(&quote::quote!(#sig #body), &Options::default()),
            "the prescan missed a finding of `{}`",
            sig.ident
        );
    }
    let constructs = |findings: &[qadapt_lints::Finding], certainty: Certainty| {
        findings
            .iter()
            .filter(|f| f.certainty == certainty)
            .map(|f| f.construct.clone())
            .collect::<Vec<_>>()
    };
    let definite = constructs(&default.findings, Certainty::Definite);
    let possible = constructs(&pedantic.findings, Certainty::Possible);
    let verdict = if !definite.is_empty() {
        Verdict::Definite
    } else if !pedantic.findings.is_empty() {
        Verdict::Possible
    } else {
        Verdict::Nothing
    };
    Attribute {
        verdict,
        definite,
        possible,
    }
}

/// A copy of the corpus crate in a temporary directory, with `annotation`
/// (`#[no_alloc]` or `#[no_alloc(pedantic)]`) written on the line above each
/// case fn. The copy keeps the layout under `tests/` (`<tmp>/realworld/..`
/// beside `<tmp>/corpus/src/harness.rs`, which it includes by path), is a
/// workspace of its own, and for a workspace member gets the workspace's
/// `Cargo.lock`, so that the dependencies resolve to the locked versions.
/// Returns the copy's root and its manifest.
pub fn annotated_copy(
    corpus: &Corpus,
    cases: &BTreeSet<String>,
    annotation: &str,
) -> Result<(PathBuf, PathBuf), String> {
    let root = std::env::temp_dir().join(format!(
        "qadapt-accuracy-{}-{}",
        corpus.dir,
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&root);
    let to = root.join(corpus.dir);
    std::fs::create_dir_all(to.join("src")).map_err(|e| e.to_string())?;
    let from = corpus.dir();
    let mut manifest = read(&from.join("Cargo.toml"))?;
    if corpus.workspace_member {
        manifest.push_str(
            "\n# Written by the accuracy test: the copy is checked on its own.\n[workspace]\n",
        );
        copy(&workspace_dir().join("Cargo.lock"), &to.join("Cargo.lock"))?;
    }
    write(&to.join("Cargo.toml"), &manifest)?;
    for shared in corpus.shared_files {
        let target = root.join(shared);
        std::fs::create_dir_all(target.parent().expect("a file has a parent"))
            .map_err(|e| e.to_string())?;
        copy(&tests_dir().join(shared), &target)?;
    }

    let mut annotated = BTreeSet::new();
    for entry in std::fs::read_dir(from.join("src")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().expect("a file name").to_owned();
        let text = read(&path)?;
        let holds_cases = !corpus.is_support(&path);
        let mut out = String::with_capacity(text.len() + 4096);
        for line in text.lines() {
            if let Some(case) = case_fn_on(line)
                && cases.contains(case)
                && holds_cases
            {
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(indent);
                out.push_str(annotation);
                out.push('\n');
                annotated.insert(case.to_owned());
            }
            out.push_str(line);
            out.push('\n');
        }
        write(&to.join("src").join(name), &out)?;
    }
    let missing: Vec<_> = cases.difference(&annotated).collect();
    assert!(
        missing.is_empty(),
        "case fns not found at the start of a line: {missing:?}"
    );
    let manifest = to.join("Cargo.toml");
    Ok((root, manifest))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("{} -> {}: {e}", from.display(), to.display()))
}

/// The fn name of a line `pub fn name(..` or `pub async fn name<..`,
/// indented for a method.
fn case_fn_on(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let rest = line
        .strip_prefix("pub fn ")
        .or_else(|| line.strip_prefix("pub async fn "))?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}
