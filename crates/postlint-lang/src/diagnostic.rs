//! Rule-file diagnostics: one [`Problem`] per mistake, gathered under a
//! [`FileProblems`] that owns the file's source so miette can show every span.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceSpan};

use crate::ast::Span;

/// What kind of mistake a [`Problem`] is; shown as `postlint::rules::NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// the file does not parse
    Syntax,
    /// the file has no `pack` header
    MissingPack,
    /// something declared twice
    Duplicate,
    /// a setting that does not exist here
    UnknownSetting,
    /// a required setting is missing
    MissingSetting,
    /// a value or expression of the wrong type
    WrongType,
    /// not a severity
    BadSeverity,
    /// not a counter postlint provides
    UnknownCounter,
    /// a lexicon entry that cannot be matched
    BadEntry,
    /// a parameter with the name of a measure
    ParamShadowsMeasure,
    /// no lexicon of that name
    UnknownLexicon,
    /// no principle of that name
    UnknownPrinciple,
    /// no platform of that name
    UnknownPlatform,
    /// a name that is not a measure, parameter, property or metadata value
    UnknownName,
    /// `at:` names no place
    UnknownTarget,
    /// a `{…}` that is no placeholder
    UnknownPlaceholder,
    /// a plural placeholder (`{count|post|posts}`) without exactly two forms
    PluralForms,
    /// a plural placeholder of something that is not a number
    PluralOfText,
    /// a translation (`message nl: "…"`) that drops or invents a placeholder of the default text
    TranslationPlaceholders,
    /// `in …` names no scope
    UnknownScope,
    /// a call to a function that does not exist
    UnknownFunction,
    /// a call with the wrong number or kind of arguments
    WrongArguments,
    /// a regular expression that does not compile
    BadRegex,
    /// a condition nested too deeply
    TooDeep,
    /// a file or lexicon over its limit
    TooLarge,
    /// no rule of that id
    UnknownRule,
    /// a parameter the rule does not have
    UnknownParam,
    /// a measure or function of the wrong level (post or calendar)
    WrongLevel,
    /// postlint itself failed
    Internal,
}

impl Code {
    /// Every code, in the order of the reference docs.
    pub const ALL: &'static [Code] = &[
        Code::Syntax,
        Code::MissingPack,
        Code::Duplicate,
        Code::UnknownSetting,
        Code::MissingSetting,
        Code::WrongType,
        Code::BadSeverity,
        Code::UnknownCounter,
        Code::BadEntry,
        Code::ParamShadowsMeasure,
        Code::UnknownLexicon,
        Code::UnknownPrinciple,
        Code::UnknownPlatform,
        Code::UnknownName,
        Code::UnknownTarget,
        Code::UnknownPlaceholder,
        Code::PluralForms,
        Code::PluralOfText,
        Code::TranslationPlaceholders,
        Code::UnknownScope,
        Code::UnknownFunction,
        Code::WrongArguments,
        Code::BadRegex,
        Code::TooDeep,
        Code::TooLarge,
        Code::UnknownRule,
        Code::UnknownParam,
        Code::WrongLevel,
        Code::Internal,
    ];

    /// The code as shown: `postlint::rules::unknown_name`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "postlint::rules::syntax",
            Code::MissingPack => "postlint::rules::missing_pack",
            Code::Duplicate => "postlint::rules::duplicate",
            Code::UnknownSetting => "postlint::rules::unknown_setting",
            Code::MissingSetting => "postlint::rules::missing_setting",
            Code::WrongType => "postlint::rules::wrong_type",
            Code::BadSeverity => "postlint::rules::bad_severity",
            Code::UnknownCounter => "postlint::rules::unknown_counter",
            Code::BadEntry => "postlint::rules::bad_entry",
            Code::ParamShadowsMeasure => "postlint::rules::param_shadows_measure",
            Code::UnknownLexicon => "postlint::rules::unknown_lexicon",
            Code::UnknownPrinciple => "postlint::rules::unknown_principle",
            Code::UnknownPlatform => "postlint::rules::unknown_platform",
            Code::UnknownName => "postlint::rules::unknown_name",
            Code::UnknownTarget => "postlint::rules::unknown_target",
            Code::UnknownPlaceholder => "postlint::rules::unknown_placeholder",
            Code::PluralForms => "postlint::rules::plural_forms",
            Code::PluralOfText => "postlint::rules::plural_of_text",
            Code::TranslationPlaceholders => "postlint::rules::translation_placeholders",
            Code::UnknownScope => "postlint::rules::unknown_scope",
            Code::UnknownFunction => "postlint::rules::unknown_function",
            Code::WrongArguments => "postlint::rules::wrong_arguments",
            Code::BadRegex => "postlint::rules::bad_regex",
            Code::TooDeep => "postlint::rules::too_deep",
            Code::TooLarge => "postlint::rules::too_large",
            Code::UnknownRule => "postlint::rules::unknown_rule",
            Code::UnknownParam => "postlint::rules::unknown_param",
            Code::WrongLevel => "postlint::rules::wrong_level",
            Code::Internal => "postlint::rules::internal",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mistake in a rule file: a code, a labelled span and, when the fix is known, a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(
        code: Code,
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

/// Columns past which a problem is shown at the start of its line: miette
/// pads a label to its column, and a column past 65,535 cannot be padded
/// (the renderer panics). The message then names the line and column.
const MAX_LABEL_COLUMN: usize = 10_000;

fn far_right_to_line_start(p: &mut Problem, text: &str) {
    let start = p.span.start.min(text.len());
    let end = p.span.end.clamp(start, text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let Some(prefix) = text.get(line_start..end) else {
        return;
    };
    if prefix.chars().count() <= MAX_LABEL_COLUMN {
        return;
    }
    let line = text[..line_start].matches('\n').count() + 1;
    let column = text.get(line_start..start).map_or(0, |t| t.chars().count()) + 1;
    p.message = format!("{} (line {line}, column {column})", p.message);
    p.label = format!("on this line, at column {column}: {}", p.label);
    p.span = line_start..line_start;
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
        for p in &mut problems {
            far_right_to_line_start(p, text);
        }
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
