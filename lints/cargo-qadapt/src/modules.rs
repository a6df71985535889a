//! Loading a crate's module tree from its root file.
//!
//! `mod a;` is looked up like rustc does: `a.rs` or `a/mod.rs` beside a
//! "mod-rs" file (a crate root, a `mod.rs`, or a file loaded through
//! `#[path]`), and `x/a.rs` or `x/a/mod.rs` for a declaration in a plain
//! `x.rs`; inline `mod m { mod a; }` adds `m/` to the directory.
//! `#[path = ".."]` is relative to the declaring file's directory, or inside
//! inline modules to the directory those modules stand for. `#[cfg]` is not
//! evaluated: every declared module is loaded.
//!
//! Nothing here fails: a file that cannot be read or parsed, or a module
//! whose file does not exist, is recorded as a [`Problem`] and skipped.

use crate::panic;
use crate::workspace::TargetKind;
use proc_macro2::Span;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

pub type FileId = usize;
pub type ModId = usize;
pub type CrateId = usize;

/// One parsed source file.
pub struct SourceFile {
    pub path: PathBuf,
    /// The path shown to the user: relative to the workspace root, with `/`.
    pub display: String,
    pub text: String,
    pub ast: syn::File,
    /// Number of lines.
    pub lines: usize,
}

/// One module: a file's top level, or an inline `mod m { .. }`.
pub struct Module {
    /// The module's own name, empty for a crate root.
    pub name: String,
    /// Names from the crate root, the root's path being empty.
    pub path: Vec<String>,
    pub krate: CrateId,
    pub parent: Option<ModId>,
    pub file: FileId,
    /// For an inline module, the indices leading to it from the file's
    /// items: `[3, 0]` is the first item of the inline module that is the
    /// file's fourth item. Empty for a file's top level.
    pub inline: Vec<usize>,
    /// Submodules by name (a name may repeat under different `#[cfg]`s).
    pub children: Vec<(String, ModId)>,
}

/// One crate: a target of a package.
pub struct Crate {
    /// The crate name as code refers to it.
    pub name: String,
    pub kind: TargetKind,
    pub package: String,
    pub root: ModId,
    /// For a binary, the library of the same package (which it can use by
    /// name).
    pub lib: Option<CrateId>,
    /// The names of the crates it depends on.
    pub dependencies: Vec<String>,
    /// Whether its package was asked for (else it is only loaded for calls
    /// to be followed into it).
    pub selected: bool,
}

/// What went wrong with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file is not valid Rust (as syn sees it).
    Parse,
    /// A module's file does not exist.
    Missing,
    /// The file could not be read.
    Read,
    /// The checker itself failed on this file (a caught panic).
    Internal,
}

impl ProblemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::Parse => "parse",
            ProblemKind::Missing => "missing",
            ProblemKind::Read => "read",
            ProblemKind::Internal => "internal",
        }
    }
}

/// A file that was skipped, or partly skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The file at fault as shown to the user; for a missing module, the
    /// file holding the `mod` declaration.
    pub file: String,
    /// 1-based, 0 when unknown.
    pub line: usize,
    /// 1-based, 0 when unknown.
    pub column: usize,
    pub message: String,
    /// The file's text when it is not among the loaded files (it did not
    /// parse), to show the line at fault.
    pub text: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.file)?;
        if self.line > 0 {
            write!(formatter, ":{}:{}", self.line, self.column.max(1))?;
        }
        write!(formatter, ": {}", self.message)
    }
}

/// Every loaded file, module and crate.
#[derive(Default)]
pub struct Sources {
    /// Paths are shown relative to this directory.
    pub root: PathBuf,
    pub files: Vec<SourceFile>,
    pub modules: Vec<Module>,
    pub crates: Vec<Crate>,
    pub problems: Vec<Problem>,
}

/// Where the `mod a;` declarations of a module look for their files.
#[derive(Clone)]
struct Dirs {
    /// For `mod a;`: `dir/a.rs` or `dir/a/mod.rs`.
    modules: PathBuf,
    /// For `#[path = "p"] mod a;`: `path_attr/p`.
    path_attr: PathBuf,
}

/// A `mod` item of a module, copied out of the tree.
struct ModDecl {
    index: usize,
    name: String,
    inline: bool,
    path_attr: Option<String>,
    span: Span,
}

impl Sources {
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            ..Sources::default()
        }
    }

    /// The items of a module.
    pub fn items(&self, module: ModId) -> &[syn::Item] {
        let module = &self.modules[module];
        let mut items: &[syn::Item] = &self.files[module.file].ast.items;
        for &index in &module.inline {
            match items.get(index) {
                Some(syn::Item::Mod(syn::ItemMod {
                    content: Some((_, inner)),
                    ..
                })) => items = inner,
                _ => return &[],
            }
        }
        items
    }

    /// Total lines of the loaded files.
    pub fn lines(&self) -> usize {
        self.files.iter().map(|file| file.lines).sum()
    }

    /// The path shown for `path`: relative to the root when under it.
    pub fn display_path(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.root).unwrap_or(path);
        let text = shown.to_string_lossy();
        if std::path::MAIN_SEPARATOR == '/' {
            text.into_owned()
        } else {
            text.replace(std::path::MAIN_SEPARATOR, "/")
        }
    }

    /// Loads the crate whose root file is `root_file`, with every module it
    /// declares. `None` when the root file itself cannot be loaded (a
    /// problem is recorded).
    pub fn load_crate(
        &mut self,
        name: &str,
        kind: TargetKind,
        package: &str,
        root_file: &Path,
    ) -> Option<CrateId> {
        let file = self.load_file(root_file, None)?;
        let krate = self.crates.len();
        let module = self.modules.len();
        self.modules.push(Module {
            name: String::new(),
            path: Vec::new(),
            krate,
            parent: None,
            file,
            inline: Vec::new(),
            children: Vec::new(),
        });
        let lib = match kind {
            TargetKind::Bin => self
                .crates
                .iter()
                .position(|c| c.package == package && c.kind == TargetKind::Lib),
            TargetKind::Lib => None,
        };
        self.crates.push(Crate {
            name: name.to_owned(),
            kind,
            package: package.to_owned(),
            root: module,
            lib,
            dependencies: Vec::new(),
            selected: true,
        });
        let dir = parent_dir(root_file);
        let dirs = Dirs {
            modules: dir.clone(),
            path_attr: dir,
        };
        let mut loaded = HashSet::from([crate::workspace::normalize(root_file)]);
        self.walk(module, dirs, &mut loaded, 0);
        Some(krate)
    }

    /// Reads and parses one file. `declared_at` is the file and span of the
    /// `mod` declaration that asked for it, for problems.
    fn load_file(&mut self, path: &Path, declared_at: Option<(FileId, Span)>) -> Option<FileId> {
        let display = self.display_path(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                let (file, line, column) = match declared_at {
                    Some((file, span)) => {
                        let start = span.start();
                        (
                            self.files[file].display.clone(),
                            start.line,
                            start.column + 1,
                        )
                    }
                    None => (display.clone(), 0, 0),
                };
                let message = if declared_at.is_some() {
                    format!("could not read module file {display}: {err}")
                } else {
                    format!("could not read {display}: {err}")
                };
                self.problems.push(Problem {
                    kind: ProblemKind::Read,
                    file,
                    line,
                    column,
                    message,
                    text: None,
                });
                return None;
            }
        };
        let parsed = panic::catch(|| syn::parse_file(&text));
        let ast = match parsed {
            Ok(Ok(ast)) => ast,
            Ok(Err(err)) => {
                let start = err.span().start();
                let mut err = err.to_string();
                if err == "cannot parse string into token stream" {
                    // The tokenizer's error says no more than that.
                    err = "unbalanced delimiters or an invalid token".to_owned();
                }
                self.problems.push(Problem {
                    kind: ProblemKind::Parse,
                    file: display,
                    line: start.line,
                    column: start.column + 1,
                    message: format!("could not parse this file, skipped it: {err}"),
                    text: Some(text),
                });
                return None;
            }
            Err(panic) => {
                self.problems.push(Problem {
                    kind: ProblemKind::Internal,
                    file: display,
                    line: 0,
                    column: 0,
                    message: format!("internal error while parsing, skipped the file: {panic}"),
                    text: None,
                });
                return None;
            }
        };
        let lines = text.bytes().filter(|&b| b == b'\n').count()
            + usize::from(!text.is_empty() && !text.ends_with('\n'));
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            display,
            text,
            ast,
            lines,
        });
        Some(self.files.len() - 1)
    }

    /// Registers the submodules of `module`, loading the files of
    /// out-of-line ones.
    fn walk(&mut self, module: ModId, dirs: Dirs, loaded: &mut HashSet<PathBuf>, depth: usize) {
        if depth > 64 {
            return;
        }
        let decls: Vec<ModDecl> = self
            .items(module)
            .iter()
            .enumerate()
            .filter_map(|(index, item)| match item {
                syn::Item::Mod(m) => Some(ModDecl {
                    index,
                    name: syn::ext::IdentExt::unraw(&m.ident).to_string(),
                    inline: m.content.is_some(),
                    path_attr: path_attr(&m.attrs),
                    span: m.ident.span(),
                }),
                _ => None,
            })
            .collect();
        let file = self.modules[module].file;
        for decl in decls {
            if decl.inline {
                let component = decl.path_attr.clone().unwrap_or_else(|| decl.name.clone());
                let dir = dirs.modules.join(component);
                let child_dirs = Dirs {
                    modules: dir.clone(),
                    path_attr: dir,
                };
                let mut inline = self.modules[module].inline.clone();
                inline.push(decl.index);
                let child = self.add_module(module, &decl.name, file, inline);
                self.walk(child, child_dirs, loaded, depth + 1);
                continue;
            }
            let (path, child_dirs) = match &decl.path_attr {
                Some(relative) => {
                    let path = dirs.path_attr.join(relative);
                    let dir = parent_dir(&path);
                    (
                        path,
                        Dirs {
                            modules: dir.clone(),
                            path_attr: dir,
                        },
                    )
                }
                None => {
                    let flat = dirs.modules.join(format!("{}.rs", decl.name));
                    let nested = dirs.modules.join(&decl.name).join("mod.rs");
                    if flat.is_file() {
                        (
                            flat,
                            Dirs {
                                modules: dirs.modules.join(&decl.name),
                                path_attr: dirs.modules.clone(),
                            },
                        )
                    } else if nested.is_file() {
                        let dir = dirs.modules.join(&decl.name);
                        (
                            nested,
                            Dirs {
                                modules: dir.clone(),
                                path_attr: dir,
                            },
                        )
                    } else {
                        let start = decl.span.start();
                        let problem = Problem {
                            kind: ProblemKind::Missing,
                            file: self.files[file].display.clone(),
                            line: start.line,
                            column: start.column + 1,
                            message: format!(
                                "file not found for module `{}`: looked for {} and {}, skipped it",
                                decl.name,
                                self.display_path(&flat),
                                self.display_path(&nested),
                            ),
                            text: None,
                        };
                        self.problems.push(problem);
                        continue;
                    }
                }
            };
            if !path.is_file() {
                let start = decl.span.start();
                let problem = Problem {
                    kind: ProblemKind::Missing,
                    file: self.files[file].display.clone(),
                    line: start.line,
                    column: start.column + 1,
                    message: format!(
                        "file not found for module `{}`: {} (from its #[path]), skipped it",
                        decl.name,
                        self.display_path(&path),
                    ),
                    text: None,
                };
                self.problems.push(problem);
                continue;
            }
            if !loaded.insert(crate::workspace::normalize(&path)) {
                // Already part of this crate: a `#[path]` loop or a file
                // shared by two `mod`s; rustc would reject the former.
                continue;
            }
            let Some(child_file) = self.load_file(&path, Some((file, decl.span))) else {
                continue;
            };
            let child = self.add_module(module, &decl.name, child_file, Vec::new());
            self.walk(child, child_dirs, loaded, depth + 1);
        }
    }

    fn add_module(&mut self, parent: ModId, name: &str, file: FileId, inline: Vec<usize>) -> ModId {
        let id = self.modules.len();
        let mut path = self.modules[parent].path.clone();
        path.push(name.to_owned());
        let krate = self.modules[parent].krate;
        self.modules.push(Module {
            name: name.to_owned(),
            path,
            krate,
            parent: Some(parent),
            file,
            inline,
            children: Vec::new(),
        });
        self.modules[parent].children.push((name.to_owned(), id));
        id
    }
}

/// The value of `#[path = ".."]`.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

fn parent_dir(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TempDir;

    fn module_paths(sources: &Sources) -> Vec<String> {
        sources
            .modules
            .iter()
            .map(|m| format!("{} @ {}", m.path.join("::"), sources.files[m.file].display))
            .collect()
    }

    #[test]
    fn mod_rs_and_non_mod_rs_files() {
        let dir = TempDir::new("modules-tree");
        dir.write(
            "src/lib.rs",
            "mod dsp;\nmod util;\nmod inline { mod deep; fn f() {} }\n",
        );
        dir.write("src/dsp.rs", "mod filters;\n");
        dir.write("src/dsp/filters.rs", "fn lowpass() {}\n");
        dir.write("src/util/mod.rs", "pub mod more;\n");
        dir.write("src/util/more.rs", "");
        dir.write("src/inline/deep.rs", "fn deep() {}\n");
        let mut sources = Sources::new(dir.path());
        let krate = sources
            .load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"))
            .unwrap();
        assert_eq!(krate, 0);
        assert_eq!(
            module_paths(&sources),
            [
                " @ src/lib.rs",
                "dsp @ src/dsp.rs",
                "dsp::filters @ src/dsp/filters.rs",
                "util @ src/util/mod.rs",
                "util::more @ src/util/more.rs",
                "inline @ src/lib.rs",
                "inline::deep @ src/inline/deep.rs",
            ]
        );
        assert!(sources.problems.is_empty(), "{:?}", sources.problems);
        // The inline module's items are found through the indices.
        assert_eq!(sources.items(5).len(), 2);
        // lib.rs 3, dsp.rs 1, filters.rs 1, mod.rs 1, more.rs 0, deep.rs 1.
        assert_eq!(sources.lines(), 7);
    }

    #[test]
    fn path_attributes() {
        let dir = TempDir::new("modules-path");
        dir.write(
            "src/lib.rs",
            "#[path = \"other/x.rs\"] mod x;\nmod a { #[path = \"b.rs\"] mod b; }\n",
        );
        dir.write("src/other/x.rs", "mod y;\n");
        // A file loaded through #[path] owns its directory.
        dir.write("src/other/y.rs", "");
        dir.write("src/a/b.rs", "");
        dir.write("src/plain.rs", "mod inner { #[path = \"p.rs\"] mod p; }\n");
        dir.write("src/plain/inner/p.rs", "");
        let mut sources = Sources::new(dir.path());
        sources.load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"));
        assert_eq!(
            module_paths(&sources),
            [
                " @ src/lib.rs",
                "x @ src/other/x.rs",
                "x::y @ src/other/y.rs",
                "a @ src/lib.rs",
                "a::b @ src/a/b.rs",
            ]
        );
        // Inside inline modules of a non-mod-rs file, the file's stem is a
        // directory too.
        dir.write("src/lib.rs", "mod plain;\n");
        let mut sources2 = Sources::new(dir.path());
        sources2.load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"));
        assert_eq!(
            module_paths(&sources2),
            [
                " @ src/lib.rs",
                "plain @ src/plain.rs",
                "plain::inner @ src/plain.rs",
                "plain::inner::p @ src/plain/inner/p.rs",
            ]
        );
        assert!(sources2.problems.is_empty(), "{:?}", sources2.problems);
    }

    #[test]
    fn problems_are_recorded_and_skipped() {
        let dir = TempDir::new("modules-problems");
        dir.write("src/lib.rs", "mod broken;\nmod gone;\nmod fine;\n");
        dir.write("src/broken.rs", "fn f( {\n");
        dir.write("src/fine.rs", "fn ok() {}\n");
        let mut sources = Sources::new(dir.path());
        sources
            .load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"))
            .unwrap();
        assert_eq!(sources.modules.len(), 2);
        assert_eq!(sources.problems.len(), 2);
        let parse = &sources.problems[0];
        assert_eq!(parse.kind, ProblemKind::Parse);
        assert_eq!(parse.file, "src/broken.rs");
        assert_eq!(parse.line, 1);
        let missing = &sources.problems[1];
        assert_eq!(missing.kind, ProblemKind::Missing);
        assert_eq!((missing.file.as_str(), missing.line), ("src/lib.rs", 2));
        assert!(missing.message.contains("src/gone.rs"), "{missing}");

        // A root that does not exist.
        assert!(
            sources
                .load_crate("u", TargetKind::Bin, "t", &dir.path().join("src/main.rs"))
                .is_none()
        );
        assert_eq!(sources.problems[2].kind, ProblemKind::Read);
    }

    #[test]
    fn self_including_path_is_loaded_once() {
        let dir = TempDir::new("modules-loop");
        dir.write("src/lib.rs", "#[path = \"lib.rs\"] mod again;\n");
        let mut sources = Sources::new(dir.path());
        sources.load_crate("t", TargetKind::Lib, "t", &dir.path().join("src/lib.rs"));
        assert_eq!(sources.files.len(), 1);
    }
}
