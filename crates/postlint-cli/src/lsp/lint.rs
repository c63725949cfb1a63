//! Linting a document: the rules and defaults of its config, the library's
//! lint pipeline, and findings as LSP diagnostics.

use std::path::{Path, PathBuf};

use lsp_types as lt;
use postlint::{Linter, Origin, Project};
use postlint_engine::{Finding, Severity};

use super::position::{range, Encoding};
use super::Lint;
use crate::Fatal;

/// Load the rules and defaults the way `postlint check` does for a config
/// file. An editor holds drafts: their text is read as typed. Messages are
/// in the config's `ui_language`, else the client's `locale`, else the
/// server's locale.
pub(super) fn load(
    path: Option<&Path>,
    locale: Option<postlint::UiLang>,
) -> Result<Linter, String> {
    let fail = |e: postlint::Error| describe(&Fatal::from(e));
    let project = Project::load(path).map_err(fail)?;
    // Hovers show a rule's passing example: load the examples too.
    let rules = project.rules(&[], true).map_err(fail)?;
    let mut defaults = postlint::Defaults {
        origin: Some(Origin::Draft),
        ..project.defaults().map_err(fail)?
    };
    if let (None, Some(locale)) = (project.config.ui_language, locale) {
        defaults.ui_lang = locale;
    }
    Linter::new(rules, defaults).map_err(fail)
}

fn describe(e: &Fatal) -> String {
    match e {
        Fatal::Message(m) => m.clone(),
        Fatal::Report(r) => match r.help() {
            Some(h) => format!("{r} ({h})"),
            None => r.to_string(),
        },
    }
}

/// Lint one document's text through the library's pipeline, as `postlint
/// check` lints a draft. Spans are into the whole text; a front matter
/// problem is reported on its line.
pub(super) fn lint_text(
    linter: &Linter,
    name: &str,
    text: &str,
    config_path: Option<PathBuf>,
) -> Lint {
    match linter.lint_draft(name, text) {
        Ok(post) => Lint {
            language: post.report.language,
            findings: post.report.findings,
            config: config_path,
            problems: Vec::new(),
        },
        Err(e) => Lint {
            findings: Vec::new(),
            language: String::new(),
            config: config_path,
            problems: vec![(e.line.unwrap_or(1).saturating_sub(1), e.message)],
        },
    }
}

pub(super) fn diagnostic(text: &str, f: &Finding, enc: Encoding) -> lt::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lt::DiagnosticSeverity::ERROR,
        Severity::Warning => lt::DiagnosticSeverity::WARNING,
        Severity::Suggestion => lt::DiagnosticSeverity::INFORMATION,
    };
    let message = match &f.help {
        Some(h) => format!("{}\n{h}", f.message),
        None => f.message.clone(),
    };
    lt::Diagnostic {
        range: range(text, f.span.start, f.span.end, enc),
        severity: Some(severity),
        code: Some(lt::NumberOrString::String(f.rule.clone())),
        code_description: crate::report::rule_doc_uri(&f.rule)
            .parse()
            .ok()
            .map(|href| lt::CodeDescription { href }),
        source: Some("postlint".into()),
        message,
        ..lt::Diagnostic::default()
    }
}
