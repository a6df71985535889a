//! How files are shown, and positions in them: a workspace file relative to
//! the workspace root (`src/dsp.rs`), a dependency's as
//! `name-x.y.z/src/lib.rs`, std's as `library/alloc/src/vec/mod.rs`.

use crate::render::parsed_text::parsed_text;
use crate::report::{Location, SourceFile, Sources};
use ra_ap_ide_db::RootDatabase;
use ra_ap_ide_db::base_db::SourceDatabase;
use ra_ap_syntax::TextRange;
use ra_ap_vfs::{FileId, Vfs};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The files of the loaded graph, by the engine's ids.
pub struct Files {
    vfs: Vfs,
    /// Package directories, longest first, with the prefix their files are
    /// shown with (empty: relative to the workspace root).
    dirs: Vec<(PathBuf, String)>,
    root: PathBuf,
    sysroot_src: Option<PathBuf>,
    /// Texts and line starts of the files shown so far.
    shown: RefCell<HashMap<FileId, Arc<Shown>>>,
}

/// A file a location points into.
pub struct Shown {
    pub display: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl Files {
    /// `dirs`: each package's directory, with the prefix its files are
    /// shown with (empty for a workspace member's: relative to `root`).
    pub fn new(
        vfs: Vfs,
        root: &Path,
        mut dirs: Vec<(PathBuf, String)>,
        sysroot_src: Option<PathBuf>,
    ) -> Files {
        dirs.sort_by_key(|(dir, _)| std::cmp::Reverse(dir.as_os_str().len()));
        Files {
            vfs,
            dirs,
            root: root.to_path_buf(),
            sysroot_src,
            shown: RefCell::new(HashMap::new()),
        }
    }

    /// The absolute path of a file, when it has one.
    pub fn path(&self, file: FileId) -> Option<PathBuf> {
        self.vfs
            .file_path(file)
            .as_path()
            .map(|path| PathBuf::from(path.as_str()))
    }

    /// How `file` is shown.
    pub fn display(&self, file: FileId) -> String {
        match self.path(file) {
            Some(path) => self.display_path(&path),
            None => self.vfs.file_path(file).to_string(),
        }
    }

    /// How the file at `path` (absolute) is shown.
    pub fn display_path(&self, path: &Path) -> String {
        let path = path.to_path_buf();
        if let Some(src) = &self.sysroot_src
            && let Ok(rest) = path.strip_prefix(src)
        {
            return format!("library/{}", slashed(rest));
        }
        for (dir, prefix) in &self.dirs {
            if let Ok(rest) = path.strip_prefix(dir) {
                if prefix.is_empty() {
                    break;
                }
                return format!("{prefix}{}", slashed(rest));
            }
        }
        match path.strip_prefix(&self.root) {
            Ok(rest) => slashed(rest),
            Err(_) => path.display().to_string(),
        }
    }

    /// The file, its text and its lines, remembered for the renderers.
    pub fn shown(&self, db: &RootDatabase, file: FileId) -> Arc<Shown> {
        if let Some(shown) = self.shown.borrow().get(&file) {
            return shown.clone();
        }
        let text: Arc<str> = Arc::from(&**db.file_text(file).text(db));
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let shown = Arc::new(Shown {
            display: self.display(file),
            text,
            line_starts,
        });
        self.shown.borrow_mut().insert(file, shown.clone());
        shown
    }

    /// The location of `range` in `file`. Its byte offsets count from
    /// where a parser starts (after a byte order mark and a shebang line),
    /// as the renderers cut snippets.
    pub fn location(&self, db: &RootDatabase, file: FileId, range: TextRange) -> Location {
        let shown = self.shown(db, file);
        let start = usize::from(range.start()).min(shown.text.len());
        let end = usize::from(range.end()).clamp(start, shown.text.len());
        let (line, column) = shown.line_column(start);
        let (end_line, end_column) = shown.line_column(end);
        let skipped = shown.text.len() - parsed_text(&shown.text).len();
        Location {
            file: shown.display.clone(),
            line,
            column,
            end_line,
            end_column,
            bytes: start.saturating_sub(skipped)..end.saturating_sub(skipped),
        }
    }

    /// The texts of every file shown so far, for the renderers.
    pub fn sources(&self) -> Sources {
        let mut files: Vec<SourceFile> = self
            .shown
            .borrow()
            .values()
            .map(|shown| SourceFile {
                display: shown.display.clone(),
                text: shown.text.to_string(),
            })
            .collect();
        files.sort_by(|a, b| a.display.cmp(&b.display));
        Sources { files }
    }
}

impl Shown {
    /// 1-based line and character column of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line.saturating_sub(1)];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line.max(1), column + 1)
    }
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
