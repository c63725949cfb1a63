//! The human format: each finding as a miette diagnostic over the post's
//! text, a line per post (platform, length, language, principles), the
//! calendar of a batch, and a summary.

use std::fmt::Write as _;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use postlint::{Linted, Origin, Outcome};
use postlint_engine::{Finding, RuleSet, Severity};

use super::calendar_view;
use super::reporter::Reporter;

/// Findings as diagnostics; `color` for a terminal.
pub struct Human {
    pub color: bool,
}

/// A finding as a miette diagnostic over the post text.
#[derive(Debug)]
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    src: PostSource<'a>,
    /// The finding's line is short enough to show (miette cannot draw a
    /// label tens of thousands of columns in); else its place is named.
    snippet: bool,
}

/// A post's text under its name, borrowed: one post with many findings is
/// not copied for each.
#[derive(Debug)]
struct PostSource<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for PostSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let c = self.text.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            *c.span(),
            c.line(),
            c.column(),
            c.line_count(),
        )))
    }
}

/// Lines longer than this are not drawn; the finding names its place.
const SNIPPET_MAX: usize = 2000;

impl std::fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)?;
        if !self.snippet {
            write!(
                f,
                " ({}:{}:{})",
                self.src.name, self.finding.line, self.finding.column
            )?;
        }
        Ok(())
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
            (Some(h), Some(fix)) => Some(Box::new(format!(
                "{h}\nfix: replace with \"{}\"",
                fix.replacement
            ))),
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(fix)) => Some(Box::new(format!(
                "fix: replace with \"{}\"",
                fix.replacement
            ))),
            (None, None) => None,
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.snippet.then_some(&self.src as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if !self.snippet {
            return None;
        }
        let s = self.finding.span;
        let label = match self.finding.severity {
            Severity::Error => "here",
            Severity::Warning => "here",
            Severity::Suggestion => "consider this",
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label.into()),
            SourceSpan::new(s.start.into(), s.end - s.start),
        ))))
    }
}

/// Characters of the line(s) that hold `span`, counted up to just past the
/// limit, and looked for no further than the limit allows (a huge post with
/// many findings is not scanned again for each).
fn line_chars_around(text: &str, span: postlint_engine::Span) -> usize {
    const TOO_LONG: usize = SNIPPET_MAX + 1;
    // A character is at most 4 bytes: a window that size holds the limit.
    let reach = 4 * TOO_LONG;
    let mut lo = span.start.saturating_sub(reach);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let Some(before) = text.get(lo..span.start) else {
        return TOO_LONG;
    };
    let start = match before.rfind('\n') {
        Some(i) => lo + i + 1,
        None if lo == 0 => 0,
        None => return TOO_LONG,
    };
    let mut hi = (span.end + reach).min(text.len());
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    let Some(after) = text.get(span.end..hi) else {
        return TOO_LONG;
    };
    let end = match after.find('\n') {
        Some(i) => span.end + i,
        None if hi == text.len() => text.len(),
        None => return TOO_LONG,
    };
    text.get(start..end)
        .map_or(TOO_LONG, |l| l.chars().take(TOO_LONG).count())
}

fn name_of(p: &Linted) -> String {
    match p.record {
        Some(r) => format!("{}:{r}", p.source),
        None => p.source.clone(),
    }
}

impl Human {
    fn render(&self, outcome: &Outcome, rules: &RuleSet) -> String {
        let theme = if self.color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
        let mut out = String::new();
        let (mut errors, mut warnings, mut suggestions) = (0, 0, 0);
        for p in &outcome.posts {
            let name = name_of(p);
            for f in &p.report.findings {
                let d = FindingDiagnostic {
                    finding: f,
                    src: PostSource {
                        name: &name,
                        text: &p.text,
                    },
                    snippet: line_chars_around(&p.text, f.span) <= SNIPPET_MAX,
                };
                let _ = handler.render_report(&mut out, &d);
                match f.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                    Severity::Suggestion => suggestions += 1,
                }
            }
            let r = &p.report;
            let platform = rules
                .platform(&r.platform)
                .map_or(r.platform.as_str(), |pl| pl.name.as_str());
            let mut lang = if r.language_detected {
                format!("{} (detected)", r.language)
            } else {
                r.language.clone()
            };
            if p.origin == Origin::XExport {
                lang.push_str(" · read as an X export");
            }
            let profile: Vec<String> = rules
                .principles()
                .map(|pr| {
                    if r.principles.contains(&pr.id) {
                        format!("✓ {}", pr.name)
                    } else {
                        format!("· {}", pr.name)
                    }
                })
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
            let _ = writeln!(out, "error: {e}");
        }
        if let Some(calendar) = &outcome.calendar {
            out.push_str(&calendar_view::human(calendar, outcome, self.color));
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

impl Reporter for Human {
    fn report(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(self.render(outcome, rules).as_bytes())
    }
}
