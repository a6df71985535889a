//! Project-wide settings for `#[no_alloc]` and `cargo qadapt`, read from the
//! crate's manifests.
//!
//! Three layers, each optional, from farthest to nearest:
//!
//! 1. the workspace: `[workspace.metadata.qadapt]` in the workspace root's
//!    `Cargo.toml` (found like cargo does: the package's own manifest if it
//!    has a `[workspace]` table, else the one that `package.workspace` points
//!    to, else the nearest `Cargo.toml` above the package with a `[workspace]`
//!    table that does not `exclude` it);
//! 2. the package: `[package.metadata.qadapt]` in the package's `Cargo.toml`;
//! 3. a `qadapt.toml` beside the package's `Cargo.toml`, with the same keys at
//!    the top level (no table header).
//!
//! ```toml
//! [package.metadata.qadapt]
//! strict = true                      # findings are errors
//! pedantic = false                   # also report what only may allocate
//! allow = ["Vec::push", "format"]    # known to be fine here
//! deny = ["crate::pool::Pool::take"] # known to allocate
//! ```
//!
//! For `strict` and `pedantic` the nearest layer that sets them wins; the
//! `allow` and `deny` lists of all layers add up. Paths are parsed with
//! [`PathPattern::parse`] (a trailing `!` is accepted for macros: `"format!"`
//! is `format`) and matched as described in the crate docs. The options of
//! one `#[no_alloc(..)]` then apply over the project's, and `QADAPT_STRICT=1`
//! in the environment (see [`strict_from_env`]) makes everything strict; a
//! value of it that means neither on nor off is an error.
//!
//! The workspace layer is lost when a crate is published (cargo does not copy
//! `workspace.metadata` into the published manifest): settings a published
//! crate needs belong in its package metadata or its `qadapt.toml`.
//!
//! # Errors
//!
//! Any malformed value or unknown key is a [`ConfigError`] naming the file,
//! the key and what was expected, e.g.
//!
//! ```text
//! qadapt config /w/Cargo.toml: `package.metadata.qadapt.allow` must be an array of path
//! strings like "Vec::push", found integer
//! ```
//!
//! # The TOML parser
//!
//! Whatever this crate depends on is linked into the proc macro, so the parser
//! has to be small. This uses the `toml` crate (the parser of the cargo
//! ecosystem, so it reads every manifest cargo reads, and usually already in
//! the lock file) with `default-features = false, features = ["parse",
//! "std"]`: no serde, only its [`toml::de::DeTable`] front end, which also
//! keeps spans. That adds `toml`, `toml_parser`, `toml_datetime`,
//! `serde_spanned` (without its serde feature, it depends on nothing) and
//! `winnow` to the macro's dependency tree, and no proc macro: no `serde`,
//! `serde_derive` nor `indexmap`. `toml_parser` alone would save one or two
//! crates at the cost of hand-assembling tables from its event stream.

use crate::options::{Options, union};
use crate::path_pattern::PathPattern;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use toml::de::{DeTable, DeValue};

/// The environment variable that makes every `#[no_alloc]` strict, e.g. in
/// CI: `QADAPT_STRICT=1 cargo build`.
pub const STRICT_ENV: &str = "QADAPT_STRICT";

/// The name of the per-package configuration file, beside `Cargo.toml`.
pub const CONFIG_FILE: &str = "qadapt.toml";

/// The keys a layer understands.
pub const KEYS: [&str; 4] = ["strict", "pedantic", "allow", "deny"];

/// The project's settings: one layer, or several merged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Findings are errors rather than warnings; `None` when no layer says.
    pub strict: Option<bool>,
    /// Also report constructs that only may allocate; `None` when no layer
    /// says.
    pub pedantic: Option<bool>,
    /// Paths known to be fine, of all layers.
    pub allow: Vec<PathPattern>,
    /// Paths known to allocate, of all layers.
    pub deny: Vec<PathPattern>,
    /// The files that exist and were read, nearest last. A macro that uses
    /// this configuration must be re-run when one of them changes.
    pub sources: Vec<PathBuf>,
}

/// Where a layer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// `[workspace.metadata.qadapt]` in the workspace root's `Cargo.toml`.
    Workspace,
    /// `[package.metadata.qadapt]` in the package's `Cargo.toml`.
    Package,
    /// The top level of `qadapt.toml` beside the package's `Cargo.toml`.
    QadaptToml,
}

impl Layer {
    /// The dotted key of the layer's table in its file, empty for
    /// `qadapt.toml`.
    pub fn table_key(self) -> &'static str {
        match self {
            Layer::Workspace => "workspace.metadata.qadapt",
            Layer::Package => "package.metadata.qadapt",
            Layer::QadaptToml => "",
        }
    }

    /// The full dotted name of `key` in this layer's file, e.g.
    /// `package.metadata.qadapt.allow`.
    pub fn key(self, key: &str) -> String {
        match self.table_key() {
            "" => key.to_owned(),
            table => format!("{table}.{key}"),
        }
    }
}

/// A configuration file that could not be read or holds a bad setting.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    /// The file at fault.
    pub file: PathBuf,
    /// The full dotted key at fault (e.g. `package.metadata.qadapt.allow`),
    /// `None` when the file as a whole is (unreadable, not TOML).
    pub key: Option<String>,
    /// What is wrong, naming the key and what was expected; the `Display`
    /// output prefixes it with the file.
    pub message: String,
}

impl ConfigError {
    fn new(file: &Path, key: Option<String>, message: String) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            key,
            message,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "qadapt config {}: {}",
            self.file.display(),
            self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Loads the workspace, package and `qadapt.toml` layers for the package
    /// whose `Cargo.toml` is in `manifest_dir`, and merges them. Missing files
    /// and tables are no error: they leave the defaults.
    pub fn load(manifest_dir: &Path) -> Result<Config, ConfigError> {
        load_layers(manifest_dir, &mut Vec::new())
    }

    /// Parses one layer from the text of its file: a whole `Cargo.toml` for
    /// [`Layer::Workspace`] and [`Layer::Package`] (the qadapt table is looked
    /// up in it), a whole `qadapt.toml` for [`Layer::QadaptToml`]. `file` is
    /// for messages and becomes the only entry of [`Config::sources`].
    pub fn parse_layer(text: &str, file: &Path, layer: Layer) -> Result<Config, ConfigError> {
        let document = parse_document(text, file)?;
        from_document(document.get_ref(), file, layer)
    }

    /// Merges a nearer layer over this one: the nearer `strict` and
    /// `pedantic` win where set, the `allow` and `deny` lists add up (without
    /// repeats), and so do the sources.
    pub fn merge(self, nearer: Config) -> Config {
        Config {
            strict: nearer.strict.or(self.strict),
            pedantic: nearer.pedantic.or(self.pedantic),
            allow: union(self.allow, nearer.allow),
            deny: union(self.deny, nearer.deny),
            sources: union(self.sources, nearer.sources),
        }
    }

    /// `pedantic`, `allow` and `deny` as options of the analysis.
    pub fn options(&self) -> Options {
        Options {
            pedantic: self.pedantic.unwrap_or(false),
            allow: self.allow.clone(),
            deny: self.deny.clone(),
        }
    }

    /// Whether the configuration makes findings errors: `strict = true` in
    /// the nearest layer that sets it. `QADAPT_STRICT` ([`strict_from_env`])
    /// is the environment's say, read apart.
    pub fn is_strict(&self) -> bool {
        self.strict.unwrap_or(false)
    }
}

/// A value of `QADAPT_STRICT` that means neither on nor off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictEnvError {
    /// The value, as far as it is text.
    pub value: String,
}

impl fmt::Display for StrictEnvError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{STRICT_ENV}={:?} is neither on nor off: set it to 1 or true (every finding is an \
             error), 0 or false, or unset it",
            self.value
        )
    }
}

impl std::error::Error for StrictEnvError {}

/// Whether `QADAPT_STRICT` asks for strict checks, whatever the configuration
/// and the attributes say: unset is off; a value that is neither on nor off
/// (see [`parse_strict_env`]) is an error rather than silently off.
pub fn strict_from_env() -> Result<bool, StrictEnvError> {
    match std::env::var_os(STRICT_ENV) {
        None => Ok(false),
        Some(value) => parse_strict_env(&value),
    }
}

/// What a value of `QADAPT_STRICT` means, in any case and with surrounding
/// spaces ignored: `1`, `true`, `yes` are on; `0`, `false`, `no` and empty
/// are off; anything else (`garbage`, `2`, text that is not UTF-8) is an
/// error.
pub fn parse_strict_env(value: &std::ffi::OsStr) -> Result<bool, StrictEnvError> {
    let error = || StrictEnvError {
        value: value.to_string_lossy().into_owned(),
    };
    let text = value.to_str().ok_or_else(error)?.trim();
    let is = |words: &[&str]| words.iter().any(|word| text.eq_ignore_ascii_case(word));
    if is(&["1", "true", "yes"]) {
        Ok(true)
    } else if is(&["", "0", "false", "no"]) {
        Ok(false)
    } else {
        Err(error())
    }
}

/// What is known of one file when its configuration was cached.
#[derive(Debug, Clone, PartialEq)]
struct Stamp {
    path: PathBuf,
    /// Modification time and length, `None` when the file does not exist.
    state: Option<(Option<SystemTime>, u64)>,
}

impl Stamp {
    fn take(path: &Path) -> Stamp {
        Stamp {
            path: path.to_path_buf(),
            state: std::fs::metadata(path)
                .ok()
                .map(|meta| (meta.modified().ok(), meta.len())),
        }
    }

    fn is_current(&self) -> bool {
        *self == Stamp::take(&self.path)
    }
}

struct Cached {
    stamps: Vec<Stamp>,
    result: Result<Arc<Config>, ConfigError>,
}

type Cache = HashMap<PathBuf, Cached>;

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// [`Config::load`], cached per `manifest_dir` by the path, modification time
/// and length of every file the load looked at (including the ones it found
/// missing, so that creating one is noticed): cheap enough to call on every
/// macro invocation (a few `stat`s when nothing changed), and never stale in a
/// long-lived process such as rust-analyzer's proc-macro server. Errors are
/// cached too.
pub fn load_cached(manifest_dir: &Path) -> Result<Arc<Config>, ConfigError> {
    let dir = absolute(manifest_dir);
    {
        let cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(cached) = cache.as_ref().and_then(|cache| cache.get(&dir))
            && cached.stamps.iter().all(Stamp::is_current)
        {
            return cached.result.clone();
        }
    }
    // Each file is stamped before it is read: a change racing with the read
    // leaves an outdated stamp, so the next call reads the file again.
    let mut stamps = Vec::new();
    let result = load_layers(&dir, &mut stamps).map(Arc::new);
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    cache.get_or_insert_with(HashMap::new).insert(
        dir,
        Cached {
            stamps,
            result: result.clone(),
        },
    );
    result
}

fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// Resolves `.` and `..` components without touching the file system, as
/// cargo does for `package.workspace`.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push(component);
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// Loads and merges the layers, stamping every file looked at (found or not)
/// onto `stamps` before reading it.
fn load_layers(manifest_dir: &Path, stamps: &mut Vec<Stamp>) -> Result<Config, ConfigError> {
    let dir = absolute(manifest_dir);
    let manifest_path = dir.join("Cargo.toml");
    let manifest_text = read(&manifest_path, stamps)?;
    let manifest = manifest_text
        .as_deref()
        .map(|text| parse_document(text, &manifest_path))
        .transpose()?;
    let manifest = manifest.as_ref().map(toml::Spanned::get_ref);

    // The workspace layer: from the package's own manifest when it is the
    // workspace root, else from the root's.
    let mut config = match manifest {
        Some(document) if is_table(document, "workspace") => {
            from_document(document, &manifest_path, Layer::Workspace)?
        }
        _ => match find_workspace(&dir, manifest, stamps)? {
            Some(root) => load_file(&root, Layer::Workspace, stamps)?.unwrap_or_default(),
            None => Config::default(),
        },
    };
    if let Some(document) = manifest {
        config = config.merge(from_document(document, &manifest_path, Layer::Package)?);
    }
    if let Some(layer) = load_file(&dir.join(CONFIG_FILE), Layer::QadaptToml, stamps)? {
        config = config.merge(layer);
    }
    Ok(config)
}

/// Reads a file, `None` if it does not exist, stamping it first. Only a
/// regular file (or a link to one) is read: opening a FIFO named
/// `qadapt.toml` would block the build until something writes to it, and a
/// device may never end.
fn read(path: &Path, stamps: &mut Vec<Stamp>) -> Result<Option<String>, ConfigError> {
    stamps.push(Stamp::take(path));
    let error = |message: String| ConfigError::new(path, None, message);
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(error(format!(
                "not a regular file but {}: a configuration file must be a regular file",
                kind(&meta.file_type())
            )));
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(error(format!("cannot read the file: {err}"))),
    }
}

/// What a file that is not a regular file is, for messages.
fn kind(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

fn load_file(
    path: &Path,
    layer: Layer,
    stamps: &mut Vec<Stamp>,
) -> Result<Option<Config>, ConfigError> {
    match read(path, stamps)? {
        Some(text) => Config::parse_layer(&text, path, layer).map(Some),
        None => Ok(None),
    }
}

fn parse_document<'i>(
    text: &'i str,
    file: &Path,
) -> Result<toml::Spanned<DeTable<'i>>, ConfigError> {
    DeTable::parse(text).map_err(|mut err| {
        err.set_input(Some(text));
        ConfigError::new(
            file,
            None,
            format!("not a valid TOML file: {}", err.to_string().trim_end()),
        )
    })
}

fn is_table(table: &DeTable<'_>, key: &str) -> bool {
    table
        .get(key)
        .is_some_and(|value| value.get_ref().is_table())
}

/// The workspace root's manifest for a package that is not a root itself,
/// following cargo: `package.workspace` if set, else the nearest
/// `Cargo.toml` above with a `[workspace]` table that does not exclude the
/// package, not looking above `CARGO_HOME` nor out of `target/package`.
fn find_workspace(
    package_dir: &Path,
    manifest: Option<&DeTable<'_>>,
    stamps: &mut Vec<Stamp>,
) -> Result<Option<PathBuf>, ConfigError> {
    let explicit = manifest
        .and_then(|document| document.get("package"))
        .and_then(|package| package.get_ref().get("workspace"))
        .and_then(|workspace| workspace.get_ref().as_str());
    if let Some(root) = explicit {
        return Ok(Some(normalize(&package_dir.join(root).join("Cargo.toml"))));
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let mut below = package_dir;
    for dir in package_dir.ancestors().skip(1) {
        if dir.ends_with("target/package") || cargo_home.as_deref() == Some(below) {
            break;
        }
        below = dir;
        let candidate = dir.join("Cargo.toml");
        let Some(text) = read(&candidate, stamps)? else {
            continue;
        };
        let document = parse_document(&text, &candidate)?;
        let workspace = document
            .get_ref()
            .get("workspace")
            .and_then(|workspace| workspace.get_ref().as_table());
        if let Some(workspace) = workspace
            && !excluded(workspace, dir, package_dir)
        {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

/// Cargo's rule: a package under a path listed in `exclude` is not a member,
/// unless it is also listed (literally) in `members`.
fn excluded(workspace: &DeTable<'_>, root: &Path, package_dir: &Path) -> bool {
    let listed = |key: &str| -> Vec<PathBuf> {
        workspace
            .get(key)
            .and_then(|list| list.get_ref().as_array())
            .map(|list| {
                list.iter()
                    .filter_map(|entry| entry.get_ref().as_str())
                    .map(|entry| root.join(entry))
                    .collect()
            })
            .unwrap_or_default()
    };
    listed("exclude")
        .iter()
        .any(|path| package_dir.starts_with(path))
        && !listed("members")
            .iter()
            .any(|path| package_dir.starts_with(path))
}

/// The layer's settings in a parsed file.
fn from_document(document: &DeTable<'_>, file: &Path, layer: Layer) -> Result<Config, ConfigError> {
    let mut config = Config {
        sources: vec![file.to_path_buf()],
        ..Config::default()
    };
    let table = match layer {
        Layer::QadaptToml => document,
        Layer::Workspace | Layer::Package => {
            let outer = if layer == Layer::Workspace {
                "workspace"
            } else {
                "package"
            };
            let qadapt = document
                .get(outer)
                .and_then(|outer| outer.get_ref().as_table())
                .and_then(|outer| outer.get("metadata"))
                .and_then(|metadata| metadata.get_ref().as_table())
                .and_then(|metadata| metadata.get("qadapt"));
            match qadapt.map(|qadapt| qadapt.get_ref()) {
                None => return Ok(config),
                Some(DeValue::Table(table)) => table,
                Some(other) => {
                    let key = layer.table_key();
                    return Err(ConfigError::new(
                        file,
                        Some(key.to_owned()),
                        format!(
                            "`{key}` must be a table of settings like `[{key}]` with {}, found {}",
                            known_keys(),
                            other.type_str()
                        ),
                    ));
                }
            }
        }
    };
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let full = layer.key(name);
        let value = value.get_ref();
        match name {
            "strict" => config.strict = Some(boolean(value, file, &full)?),
            "pedantic" => config.pedantic = Some(boolean(value, file, &full)?),
            "allow" => config.allow = paths(value, file, &full)?,
            "deny" => config.deny = paths(value, file, &full)?,
            _ => return Err(unknown_key(name, &full, file, layer)),
        }
    }
    Ok(config)
}

fn known_keys() -> String {
    KEYS.iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_key(name: &str, full: &str, file: &Path, layer: Layer) -> ConfigError {
    let hint = if layer == Layer::QadaptToml && name == "qadapt" {
        format!(
            "{CONFIG_FILE} takes its settings at the top level, without a `[qadapt]` header; \
             the known keys are {}",
            known_keys()
        )
    } else {
        let close = KEYS
            .iter()
            .map(|key| (strsim::jaro_winkler(name, key), key))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        match close {
            Some((_, key)) => format!(
                "did you mean `{key}`? (the known keys are {})",
                known_keys()
            ),
            None => format!("the known keys are {}", known_keys()),
        }
    };
    ConfigError::new(
        file,
        Some(full.to_owned()),
        format!("unknown key `{full}`: {hint}"),
    )
}

fn boolean(value: &DeValue<'_>, file: &Path, key: &str) -> Result<bool, ConfigError> {
    value.as_bool().ok_or_else(|| {
        ConfigError::new(
            file,
            Some(key.to_owned()),
            format!(
                "`{key}` must be a boolean (`true` or `false`), found {}",
                value.type_str()
            ),
        )
    })
}

fn paths(value: &DeValue<'_>, file: &Path, key: &str) -> Result<Vec<PathPattern>, ConfigError> {
    let expected = format!("`{key}` must be an array of path strings like \"Vec::push\"");
    let error = |message: String| ConfigError::new(file, Some(key.to_owned()), message);
    let Some(array) = value.as_array() else {
        return Err(error(format!("{expected}, found {}", value.type_str())));
    };
    let mut patterns = Vec::with_capacity(array.len());
    for (index, item) in array.iter().enumerate() {
        let item = item.get_ref();
        let Some(text) = item.as_str() else {
            return Err(error(format!(
                "{expected}, found {} at index {index}",
                item.type_str()
            )));
        };
        // Macros are named without their `!` elsewhere, but `"format!"` is
        // a natural way to write one in a string.
        let path = text.trim().strip_suffix('!').unwrap_or(text);
        let pattern = PathPattern::parse(path)
            .map_err(|message| error(format!("{expected}; at index {index}: {message}")))?;
        patterns.push(pattern);
    }
    Ok(union(Vec::new(), patterns))
}
