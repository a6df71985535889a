//! `QADAPT_STRICT`: the environment's say on strictness, read apart from
//! the files.

use super::model::STRICT_ENV;
use std::fmt;

/// A value of `QADAPT_STRICT` that is none of the words it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictEnvError {
    /// The value, as far as it is text.
    pub value: String,
}

impl fmt::Display for StrictEnvError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{STRICT_ENV}={:?} is not a value it takes: set it to 1, true or yes (every \
             finding is an error), to 0, false, no or nothing (the configuration decides), or \
             unset it",
            self.value
        )
    }
}

impl std::error::Error for StrictEnvError {}

/// Whether `QADAPT_STRICT` asks for strict checks, whatever the configuration
/// and the attributes say: unset is off; a value that is none of the words it
/// takes (see [`parse_strict_env`]) is an error rather than silently off.
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
