//! The human format: each finding as a miette diagnostic over the post's
//! text, a line per post (platform, length, language, principles), the
//! calendar of a batch, and a summary.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use postlint::{Linted, Origin, Outcome};
use postlint_engine::{Finding, RuleSet, Severity};

use super::calendar_view;
use super::reporter::Reporter;
use super::terminal::Style;
use super::words::{count, words, Words};

/// Findings as diagnostics, styled for the terminal.
pub struct Human {
    pub style: Style,
    /// Findings counted so far, for the statistics and the summary.
    pub tally: RefCell<Tally>,
}

/// A finding as a miette diagnostic over the post text.
#[derive(Debug)]
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    words: &'static Words,
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
                "{h}\n{} \"{}\"",
                self.words.fix_replace, fix.replacement
            ))),
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(fix)) => Some(Box::new(format!(
                "{} \"{}\"",
                self.words.fix_replace, fix.replacement
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
            Severity::Error | Severity::Warning => self.words.here,
            Severity::Suggestion => self.words.consider,
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
    fn handler(&self) -> miette::GraphicalReportHandler {
        let theme = if self.style.color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        miette::GraphicalReportHandler::new_themed(theme).with_width(self.style.width)
    }
}

impl Reporter for Human {
    fn begin(&self, _: &RuleSet, _: &mut dyn std::io::Write) -> std::io::Result<()> {
        *self.tally.borrow_mut() = Tally::default();
        Ok(())
    }

    /// Each finding as a diagnostic, then the post's line; a batch lists
    /// only the posts with findings.
    fn posts(
        &self,
        posts: &[Linted],
        batch: bool,
        rules: &RuleSet,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let handler = self.handler();
        let mut tally = self.tally.borrow_mut();
        let mut out = String::new();
        for p in posts {
            let name = name_of(p);
            for f in &p.report.findings {
                let d = FindingDiagnostic {
                    finding: f,
                    words: words(self.style.ui_lang),
                    src: PostSource {
                        name: &name,
                        text: &p.text,
                    },
                    snippet: line_chars_around(&p.text, f.span) <= SNIPPET_MAX,
                };
                let _ = handler.render_report(&mut out, &d);
                tally.add(&f.rule, f.severity);
            }
            if !(self.style.quiet || (batch && p.report.findings.is_empty())) {
                post_line(&mut out, p, rules, words(self.style.ui_lang));
            }
        }
        w.write_all(out.as_bytes())
    }

    /// Input errors, the calendar, the statistics and the summary.
    fn end(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let style = self.style;
        let mut tally = self.tally.borrow_mut();
        let w_ = words(style.ui_lang);
        let mut out = String::new();
        for e in &outcome.errors {
            let _ = writeln!(out, "error: {e}");
        }
        let mut in_calendar = 0;
        if let Some(calendar) = &outcome.calendar {
            for f in &calendar.report.findings {
                tally.add(&f.rule, f.severity);
                in_calendar += 1;
            }
            if style.quiet {
                calendar_view::findings(&mut out, calendar, style.color, style.ui_lang);
            } else {
                out.push_str(&calendar_view::human(
                    calendar,
                    outcome,
                    style.color,
                    style.width,
                    rules,
                    style.ui_lang,
                ));
            }
        }
        if style.statistics {
            tally.write_statistics(&mut out, w_);
        }
        if !style.quiet {
            let posts = outcome.linted.max(outcome.posts.len());
            let mut summary = format!(
                "{} {}: {}, {}, {}",
                count(posts, w_.post),
                w_.checked,
                count(tally.errors, w_.error),
                count(tally.warnings, w_.warning),
                count(tally.suggestions, w_.suggestion),
            );
            if in_calendar > 0 {
                let _ = write!(summary, " ({in_calendar} {})", w_.in_calendar);
            }
            if !outcome.errors.is_empty() {
                let _ = write!(summary, ", {}", count(outcome.errors.len(), w_.input_error));
            }
            let _ = writeln!(out, "{summary}");
        }
        w.write_all(out.as_bytes())
    }
}

/// A post's line: name, platform, length against the limit, language,
/// findings, and the principles it uses.
fn post_line(out: &mut String, p: &Linted, rules: &RuleSet, w: &Words) {
    let r = &p.report;
    let platform = rules
        .platform(&r.platform)
        .map_or(r.platform.as_str(), |pl| pl.name.as_str());
    let mut lang = if r.language_detected {
        format!("{} ({})", r.language, w.detected)
    } else {
        r.language.clone()
    };
    if p.origin == Origin::XExport {
        lang.push_str(" · ");
        lang.push_str(w.read_as_x_export);
    }
    let profile: Vec<String> = rules
        .principles()
        .map(|pr| {
            let name = pr.name_in(rules.ui_lang());
            if r.principles.contains(&pr.id) {
                format!("✓ {name}")
            } else {
                format!("· {name}")
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "{}: {platform} {}/{} · {lang} · {}\n  {}: {}\n",
        name_of(p),
        r.metrics.length,
        r.metrics.limit,
        count(r.findings.len(), w.finding),
        w.principles,
        profile.join("  ")
    );
}

/// Findings counted by severity and by rule.
#[derive(Default)]
pub struct Tally {
    errors: usize,
    warnings: usize,
    suggestions: usize,
    by_rule: BTreeMap<String, (Severity, usize)>,
}

impl Tally {
    fn add(&mut self, rule: &str, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Suggestion => self.suggestions += 1,
        }
        self.by_rule
            .entry(rule.to_string())
            .or_insert((severity, 0))
            .1 += 1;
    }

    /// `--statistics`: one line a rule, the most frequent first.
    fn write_statistics(&self, out: &mut String, w: &Words) {
        let mut rows: Vec<(&String, &(Severity, usize))> = self.by_rule.iter().collect();
        rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        let _ = writeln!(out, "\n{}", w.findings_per_rule);
        for (rule, (severity, n)) in rows {
            let _ = writeln!(out, "{n:>6}  {:<12} {rule}", w.severity(*severity));
        }
        let _ = writeln!(out);
    }
}
