//! Finding the files of a package's configuration, reading them (regular
//! files only), and caching what they hold until one of them changes.

use super::model::{CONFIG_FILE, Config, ConfigError, Layer};
use super::settings::{from_document, parse_document};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;
use toml::de::DeTable;

impl Config {
    /// Loads the workspace, package and `qadapt.toml` layers for the package
    /// whose `Cargo.toml` is in `manifest_dir`, and merges them. Missing files
    /// and tables are no error: they leave the defaults.
    pub fn load(manifest_dir: &Path) -> Result<Config, ConfigError> {
        load_layers(manifest_dir, &mut Vec::new())
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
