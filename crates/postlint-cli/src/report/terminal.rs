//! How human output fits the terminal: colour, width, how much is said, and
//! counts in words ("1 finding", "2 findings").

use std::io::IsTerminal;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set (non-empty) or `TERM=dumb`.
    Auto,
    Always,
    Never,
}

/// The settings of the human format.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Columns to wrap diagnostics at.
    pub width: usize,
    /// Findings only: no line per post, no calendar overview, no summary.
    pub quiet: bool,
    /// Counts per rule after the findings.
    pub statistics: bool,
    /// The language of postlint's own words (the summary, labels).
    pub ui_lang: postlint::UiLang,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: DEFAULT_WIDTH,
            quiet: false,
            statistics: false,
            ui_lang: postlint::UiLang::En,
        }
    }
}

/// Width when there is no terminal and no `COLUMNS`.
const DEFAULT_WIDTH: usize = 100;

impl ColorChoice {
    /// Whether to colour output written to stdout, given the environment.
    pub fn resolve(self, env: impl Fn(&str) -> Option<String>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = env("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = env("TERM").is_some_and(|t| t == "dumb");
                !no_color && !dumb && std::io::stdout().is_terminal()
            }
        }
    }
}

/// The width to wrap at: `COLUMNS`, else the terminal's, else 100 columns.
pub fn width(env: impl Fn(&str) -> Option<String>) -> usize {
    env("COLUMNS")
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(terminal_size::Width(w), _)| usize::from(w))
        })
        .unwrap_or(DEFAULT_WIDTH)
}

/// `1 finding`, `2 findings`, `0 findings`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_follows_the_flag_and_the_environment() {
        assert!(ColorChoice::Always.resolve(env(&[("NO_COLOR", "1")])));
        assert!(!ColorChoice::Never.resolve(env(&[])));
        // Tests do not run on a terminal: auto is off whatever the variables say.
        assert!(!ColorChoice::Auto.resolve(env(&[("NO_COLOR", "")])));
    }

    #[test]
    fn columns_set_the_width() {
        assert_eq!(width(env(&[("COLUMNS", "132")])), 132);
        assert_eq!(width(env(&[("COLUMNS", "x")])), DEFAULT_WIDTH);
        assert_eq!(width(env(&[("COLUMNS", "5")])), DEFAULT_WIDTH);
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(count(1, "finding", "findings"), "1 finding");
        assert_eq!(count(0, "finding", "findings"), "0 findings");
        assert_eq!(count(2, "post", "posts"), "2 posts");
    }
}
