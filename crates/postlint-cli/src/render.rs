//! Output formats behind one trait, chosen by `--format`: human (miette
//! diagnostics and a summary per post), json (version 1, documented in
//! docs/output.md) and line (`path:line:col: severity rule: message`).

use std::fmt::Write as _;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceSpan};
use postlint_engine::{Finding, Report, RuleSet, Severity};
use serde::Serialize;

use crate::input::InputError;

/// One linted post, with its findings' spans into `text`.
pub struct Linted {
    pub source: String,
    pub record: Option<usize>,
    pub text: String,
    pub report: Report,
}

/// Everything a run produced.
pub struct Outcome {
    pub posts: Vec<Linted>,
    pub errors: Vec<InputError>,
}

pub trait Renderer {
    fn render(&self, outcome: &Outcome, rules: &RuleSet) -> String;
}

pub struct Human {
    pub color: bool,
}
pub struct Json;
pub struct Line;

pub fn renderer(format: &str, color: bool) -> Option<Box<dyn Renderer>> {
    Some(match format {
        "human" => Box::new(Human { color }),
        "json" => Box::new(Json),
        "line" => Box::new(Line),
        "sarif" => Box::new(crate::sarif::Sarif),
        "github" => Box::new(crate::github::Github),
        _ => return None,
    })
}

/// A finding as a miette diagnostic over the post text.
#[derive(Debug)]
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    src: NamedSource<String>,
}

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)
    }
}
impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.finding.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Suggestion => miette::Severity::Advice,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        let f = self.finding;
        match (&f.help, &f.fix) {
            (Some(h), Some(fix)) => Some(Box::new(format!("{h}\nfix: replace with \"{}\"", fix.replacement))),
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(fix)) => Some(Box::new(format!("fix: replace with \"{}\"", fix.replacement))),
            (None, None) => None,
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = self.finding.span;
        let label = match self.finding.severity {
            Severity::Error => "here",
            Severity::Warning => "here",
            Severity::Suggestion => "consider this",
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some(label.into()), SourceSpan::new(s.start.into(), s.end - s.start)))))
    }
}

fn name_of(p: &Linted) -> String {
    match p.record {
        Some(r) => format!("{}:{r}", p.source),
        None => p.source.clone(),
    }
}

impl Renderer for Human {
    fn render(&self, outcome: &Outcome, rules: &RuleSet) -> String {
        let theme = if self.color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        let (mut errors, mut warnings, mut suggestions) = (0, 0, 0);
        for p in &outcome.posts {
            for f in &p.report.findings {
                let d = FindingDiagnostic { finding: f, src: NamedSource::new(name_of(p), p.text.clone()) };
                let _ = handler.render_report(&mut out, &d);
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    Severity::Suggestion => suggestions += 1,
                }
            }
            let r = &p.report;
            let platform = rules.platform(&r.platform).map_or(r.platform.as_str(), |pl| pl.name.as_str());
            let lang = if r.language_detected { format!("{} (detected)", r.language) } else { r.language.clone() };
            let profile: Vec<String> = rules
                .principles()
                .map(|pr| if r.principles.contains(&pr.id) { format!("✓ {}", pr.name) } else { format!("· {}", pr.name) })
                .collect();
            let _ = writeln!(
                out,
                "{}: {platform} {}/{} · {lang} · {} finding(s)\n  principles: {}\n",
                name_of(p),
                r.metrics.length,
                r.metrics.limit,
                r.findings.len(),
                profile.join("  ")
            );
        }
        for e in &outcome.errors {
            let at = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            let _ = writeln!(out, "error: {}{at}: {}", e.source, e.message);
        }
        let _ = writeln!(
            out,
            "{} post(s) checked: {errors} error(s), {warnings} warning(s), {suggestions} suggestion(s){}",
            outcome.posts.len(),
            if outcome.errors.is_empty() { String::new() } else { format!(", {} input error(s)", outcome.errors.len()) }
        );
        out
    }
}

impl Renderer for Line {
    fn render(&self, outcome: &Outcome, _: &RuleSet) -> String {
        let mut out = String::new();
        for p in &outcome.posts {
            for f in &p.report.findings {
                let _ = writeln!(out, "{}:{}:{}: {} {}: {}", p.source, f.line, f.column, f.severity.as_str(), f.rule, f.message);
            }
        }
        for e in &outcome.errors {
            let _ = writeln!(out, "{}:{}:1: error input: {}", e.source, e.line.unwrap_or(1), e.message);
        }
        out
    }
}

#[derive(Serialize)]
struct JsonOut<'a> {
    version: u32,
    posts: Vec<JsonPost<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonPost<'a> {
    source: &'a str,
    record: Option<usize>,
    platform: &'a str,
    language: &'a str,
    language_detected: bool,
    kind: &'a str,
    metrics: &'a postlint_engine::Metrics,
    principles: &'a [String],
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct JsonError<'a> {
    source: &'a str,
    record: Option<usize>,
    message: &'a str,
}

impl Renderer for Json {
    fn render(&self, outcome: &Outcome, _: &RuleSet) -> String {
        let doc = JsonOut {
            version: 1,
            posts: outcome
                .posts
                .iter()
                .map(|p| JsonPost {
                    source: &p.source,
                    record: p.record,
                    platform: &p.report.platform,
                    language: &p.report.language,
                    language_detected: p.report.language_detected,
                    kind: p.report.kind.as_str(),
                    metrics: &p.report.metrics,
                    principles: &p.report.principles,
                    findings: &p.report.findings,
                })
                .collect(),
            errors: outcome.errors.iter().map(|e| JsonError { source: &e.source, record: e.line, message: &e.message }).collect(),
        };
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        s.push('\n');
        s
    }
}
