//! postlint as a library: lint social media posts the way the `postlint`
//! command does, without a terminal.
//!
//! The path is the same for every front end (the command, the language
//! server, a web server, Python):
//!
//! 1. A [`Project`]: the nearest `.postlint.yaml` (or none), the packs it
//!    asks for and the rule set they make.
//! 2. A [`Linter`]: that rule set and the [`Defaults`] for posts that do not
//!    say their platform, language or kind.
//! 3. Records in, values out: [`Linter::lint_draft`] for one draft (plain
//!    text, or Markdown with front matter), [`Linter::lint_records`] for a
//!    batch from the [`records`] readers (CSV, JSONL, folders, over any
//!    `BufRead`), which also evaluates the calendar rules. A record that
//!    cannot be read is an [`InputError`] naming its source and line; the
//!    others are still linted.
//!
//! ```
//! use postlint::{Defaults, Linter, Project};
//!
//! let project = Project::bare(); // or Project::discover(Path::new("drafts/"))?
//! let defaults = Defaults { platform: Some("x".into()), ..project.defaults()? };
//! let linter = Linter::new(project.rules(&[], false)?, defaults)?;
//!
//! let post = linter
//!     .lint_draft("draft.md", "Read this: https://example.com/report")
//!     .expect("a readable draft");
//! assert!(post.report.findings.iter().any(|f| f.rule == "killers/bare-link"));
//!
//! // A batch: JSONL records, one per line, with a calendar at the end.
//! let jsonl = "{\"text\": \"Our spring collection is in.\", \"platform\": \"instagram\"}\n\
//!              {\"text\": \"Which colour would you pick?\", \"platform\": \"x\"}\n";
//! // Dates are read the way the project says (`date_format`, `timezone`).
//! let dates = &linter.defaults().dates;
//! let records = postlint::records::jsonl_records("posts.jsonl", jsonl.as_bytes(), dates);
//! let outcome = linter.lint_records(records);
//! assert_eq!(outcome.posts.len(), 2);
//! assert!(outcome.errors.is_empty());
//! assert!(outcome.calendar.is_some());
//! # Ok::<(), postlint::Error>(())
//! ```
//!
//! Nothing here prints, reads stdin or exits: errors are values ([`Error`]
//! for projects and settings, [`InputError`] per record) and findings are
//! [`postlint_engine::Finding`]s with spans into the text as given.

pub mod config;
pub mod csv;
pub mod dates;
mod error;
pub mod files;
pub mod input;
pub mod json;
pub mod jsonl;
mod lint;
mod outcome;
pub mod packs;
mod project;
pub mod records;
pub mod results;
pub mod suggest;
pub mod suppress;
mod ui_lang;
pub mod yaml;

pub use error::Error;
pub use input::InputError;
pub use lint::{Batch, Defaults, Linter, CHUNK};
pub use outcome::{Calendar, Linted, Outcome, Placement};
pub use project::{parse_kind, parse_origin, platform_list, Project};
pub use suggest::closest;
pub use ui_lang::UiLang;

pub use postlint_engine::{self as engine, Finding, Kind, Report, RuleSet, Severity};
pub use postlint_text::export::Origin;
