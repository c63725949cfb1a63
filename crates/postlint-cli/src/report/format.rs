//! `--format`: the output formats by name.

use super::github::Github;
use super::html::Html;
use super::human::Human;
use super::json::Json;
use super::line::Line;
use super::reporter::Reporter;
use super::sarif::Sarif;
use super::terminal::Style;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the post's text, and a summary (for people).
    Human,
    /// One JSON document, version 1 (docs/output.md).
    Json,
    /// `path:line:col: severity rule: message`, one finding a line.
    Line,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// A self-contained HTML report (with `--output`).
    Html,
}

impl Format {
    /// The reporter of this format; `style` only matters to `human`.
    pub fn reporter(self, style: Style) -> Box<dyn Reporter> {
        match self {
            Format::Human => Box::new(Human {
                style,
                tally: Default::default(),
            }),
            Format::Json => Box::new(Json::default()),
            Format::Line => Box::new(Line),
            Format::Sarif => Box::new(Sarif::default()),
            Format::Github => Box::new(Github),
            Format::Html => Box::new(Html),
        }
    }
}
