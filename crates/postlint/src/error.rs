//! What can go wrong before a post is linted. Library errors are values:
//! the binary renders them (miette), an embedder inspects or prints them.

use miette::Diagnostic;

use crate::config::ConfigError;
use crate::packs::PackError;

/// A mistake that stops a project from loading or a setting from applying.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// `.postlint.yaml` (or front matter read as config) is wrong at a place.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(Box<ConfigError>),
    /// A pack's manifest, search or dependencies are wrong.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Pack(Box<PackError>),
    /// Rule files do not check: every problem, rendered with its source.
    #[error("the rule files have problems:\n{0}")]
    Rules(String),
    /// A setting given by the caller (a flag, an API argument) is not valid.
    #[error("{0}")]
    Setting(String),
}

impl From<Box<ConfigError>> for Error {
    fn from(e: Box<ConfigError>) -> Self {
        Error::Config(e)
    }
}

impl From<Box<PackError>> for Error {
    fn from(e: Box<PackError>) -> Self {
        Error::Pack(e)
    }
}
