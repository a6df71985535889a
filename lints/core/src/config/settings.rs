//! The settings of one layer, read from its parsed TOML: every value
//! checked, every error naming the file and the key.

use super::model::{CHECKER_KEYS, CONFIG_FILE, Config, ConfigError, Layer};
use crate::option_names::{closest, configurable};
use crate::options::union;
use crate::path_pattern::PathPattern;
use std::path::Path;
use toml::de::{DeTable, DeValue};

impl Config {
    /// Parses one layer from the text of its file: a whole `Cargo.toml` for
    /// [`Layer::Workspace`] and [`Layer::Package`] (the qadapt table is looked
    /// up in it), a whole `qadapt.toml` for [`Layer::QadaptToml`]. `file` is
    /// for messages and becomes the only entry of [`Config::sources`].
    pub fn parse_layer(text: &str, file: &Path, layer: Layer) -> Result<Config, ConfigError> {
        let document = parse_document(text, file)?;
        from_document(document.get_ref(), file, layer)
    }
}

pub(super) fn parse_document<'i>(
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

/// The layer's settings in a parsed file.
pub(super) fn from_document(
    document: &DeTable<'_>,
    file: &Path,
    layer: Layer,
) -> Result<Config, ConfigError> {
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
            "roots" => config.roots = paths(value, file, &full)?,
            _ => return Err(unknown_key(name, &full, file, layer)),
        }
    }
    Ok(config)
}

/// Every key a layer understands: the attribute's configurable options, then
/// the checker's own.
fn keys() -> impl Iterator<Item = &'static str> {
    configurable().chain(CHECKER_KEYS)
}

fn known_keys() -> String {
    keys()
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
        match closest(name, keys()) {
            Some(key) => format!(
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
        let pattern = PathPattern::parse(text)
            .map_err(|message| error(format!("{expected}; at index {index}: {message}")))?;
        patterns.push(pattern);
    }
    Ok(union(Vec::new(), patterns))
}
