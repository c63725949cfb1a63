//! The one place postlint reads YAML (config files, Markdown front matter).
//! serde_yaml 0.9 is deprecated upstream: swapping in a maintained fork
//! changes this module only.

pub use serde_yaml::Value;

/// A YAML syntax error with the byte offset it points at.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Parse YAML text into a generic value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    serde_yaml::from_str(text).map_err(|e| YamlError {
        offset: e.location().map(|l| l.index()),
        message: e.to_string(),
    })
}
