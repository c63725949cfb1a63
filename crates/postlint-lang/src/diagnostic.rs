//! Rule-file diagnostics: one [`Problem`] per mistake, gathered under a
//! [`FileProblems`] that owns the file's source so miette can show every span.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceSpan};

use crate::ast::Span;

/// One mistake in a rule file: a code, a labelled span and, when the fix is known, a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Problem {
            code,
            message: message.into(),
            span,
            label: label.into(),
            help: None,
        }
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl Diagnostic for Problem {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = SourceSpan::new(self.span.start.into(), self.span.end - self.span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(self.label.clone()),
            span,
        ))))
    }
}

/// Every problem of one rule file, with the file's text as the source of all spans.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{} in {name}", plural(problems.len()))]
#[diagnostic(
    code(postlint::rules::invalid_file),
    help("fix the problems listed below; `postlint rules test` checks a rule file")
)]
pub struct FileProblems {
    pub name: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[related]
    pub problems: Vec<Problem>,
}

fn plural(n: usize) -> String {
    if n == 1 {
        "1 problem".to_string()
    } else {
        format!("{n} problems")
    }
}

impl FileProblems {
    pub fn new(name: &str, text: &str, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| (p.span.start, p.span.end));
        FileProblems {
            name: name.to_string(),
            src: NamedSource::new(name, text.to_string()),
            problems,
        }
    }
}

impl FileProblems {
    /// Render as plain text (no colors, no unicode art), for tests and logs.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_width(100);
        if handler.render_report(&mut out, self).is_err() {
            out = self.to_string();
        }
        out
    }
}
