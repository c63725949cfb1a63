//! Output formats, chosen by `--format`. Each format depends only on the
//! [`Reporter`] trait and the library's values; [`Format`] picks one.
//! human (miette diagnostics and a summary), json (version 1, documented in
//! docs/output.md), line (`path:line:col: severity rule: message`), the CI
//! formats sarif and github, and the html report. `results` renders
//! `postlint report --results`.

mod calendar_view;
mod format;
mod github;
mod html;
mod human;
mod json;
mod line;
mod reporter;
pub mod results;
mod sarif;
mod terminal;
mod words;

pub use format::Format;
pub use html::{render_with as html_with_section, MAX_POSTS as HTML_MAX_POSTS};
pub use postlint::json::json_stream;
pub use reporter::{rule_doc_uri, Reporter};
pub use terminal::{count, width, ColorChoice, Style};
