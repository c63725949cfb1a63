//! Output formats behind one trait, chosen by `--format`: human (miette
//! diagnostics and a summary per post), json (version 1, documented in
//! docs/output.md) and line (`path:line:col: severity rule: message`); the CI
//! formats sarif and github live in sarif.rs and github.rs.

use std::fmt::Write as _;

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use postlint_engine::{Finding, Report, RuleSet, Severity};
use postlint_text::export::Origin;
use serde::Serialize;

use crate::input::InputError;

/// One linted post, with its findings' spans into `text`.
pub struct Linted {
    pub source: String,
    pub record: Option<usize>,
    /// The record's own id in a batch (`id` of JSONL, an `ID` column).
    pub id: Option<String>,
    pub text: String,
    pub report: Report,
    /// How the text was read: `draft`, or `x-export` (see `--origin`).
    pub origin: Origin,
}

/// Everything a run produced.
#[derive(Default)]
pub struct Outcome {
    pub posts: Vec<Linted>,
    pub errors: Vec<InputError>,
    /// Batches (CSV, JSONL, a folder): calendar findings and figures; `None` for single drafts.
    pub calendar: Option<crate::batch::Calendar>,
    /// Records read and posts linted, counting posts already streamed out of `posts`.
    pub records_read: usize,
    pub linted: usize,
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
        "html" => Box::new(crate::html::Html),
        _ => return None,
    })
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

impl Renderer for Human {
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
            out.push_str(&crate::calendar_view::human(calendar, outcome, self.color));
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
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {} {}: {}",
                    p.source,
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.rule,
                    f.message
                );
            }
        }
        for e in &outcome.errors {
            let _ = writeln!(
                out,
                "{}:{}:1: error input: {}",
                e.source,
                e.line.unwrap_or(1),
                e.message
            );
        }
        for (c, f) in outcome
            .calendar
            .iter()
            .flat_map(|c| c.report.findings.iter().map(move |f| (c, f)))
        {
            let (source, record) = f
                .records
                .first()
                .map_or(("<calendar>", None), |&id| c.record(id));
            let _ = writeln!(
                out,
                "{source}:{}:1: {} {}: {} (records {})",
                record.unwrap_or(1),
                f.severity.as_str(),
                f.rule,
                f.message,
                c.records_text(&f.records)
            );
        }
        out
    }
}

#[derive(Serialize)]
struct JsonPost<'a> {
    source: &'a str,
    record: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    /// Only when the text was read back from an export.
    #[serde(skip_serializing_if = "Option::is_none")]
    origin: Option<&'a str>,
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

/// What follows the posts: errors, the calendar and the counts.
#[derive(Serialize)]
struct JsonTail<'a> {
    errors: Vec<JsonError<'a>>,
    calendar: Option<JsonCalendar<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonCalendar<'a> {
    findings: Vec<JsonCalendarFinding<'a>>,
    summary: &'a postlint_engine::CalendarSummary,
}

#[derive(Serialize)]
struct JsonCalendarFinding<'a> {
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    platform: Option<&'a str>,
    records: JsonRecords<'a>,
}

/// A finding's records, serialized one by one (a finding can point at every post).
struct JsonRecords<'a>(&'a crate::batch::Calendar, &'a [usize]);

impl Serialize for JsonRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.iter().map(|&id| {
            let (source, record) = self.0.record(id);
            JsonRecordRef { source, record }
        }))
    }
}

#[derive(Serialize)]
struct JsonRecordRef<'a> {
    source: &'a str,
    record: Option<usize>,
}

#[derive(Serialize)]
struct JsonSummary {
    records_read: usize,
    linted: usize,
    errors: usize,
}

/// The JSON document written piece by piece, so that batches can stream
/// their posts; `Json::render` writes it the same way.
pub mod json_stream {
    use super::*;

    pub const HEAD: &str = "{\n  \"version\": 1,\n  \"posts\": [";

    /// One post of the `posts` array (indented as in the whole document).
    pub fn post(p: &Linted, first: bool) -> String {
        let post = JsonPost {
            source: &p.source,
            record: p.record,
            id: p.id.as_deref(),
            origin: (p.origin != Origin::Draft).then(|| p.origin.as_str()),
            platform: &p.report.platform,
            language: &p.report.language,
            language_detected: p.report.language_detected,
            kind: p.report.kind.as_str(),
            metrics: &p.report.metrics,
            principles: &p.report.principles,
            findings: &p.report.findings,
        };
        let mut out = Vec::with_capacity(1024);
        out.extend_from_slice(if first { b"\n    " } else { b",\n    " });
        let mark = out.len();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, ItemFormatter::default());
        if let Err(e) = post.serialize(&mut ser) {
            out.truncate(mark);
            out.extend_from_slice(format!("{{\"error\":\"{e}\"}}").as_bytes());
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// serde_json's pretty layout (two spaces a level) for an item of
    /// `posts`: every line after the first starts four spaces further in.
    #[derive(Default)]
    struct ItemFormatter {
        level: usize,
        has_value: bool,
    }

    impl ItemFormatter {
        fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, lead: &[u8]) -> std::io::Result<()> {
            w.write_all(lead)?;
            w.write_all(b"    ")?;
            for _ in 0..self.level {
                w.write_all(b"  ")?;
            }
            Ok(())
        }

        fn open<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            bracket: &[u8],
        ) -> std::io::Result<()> {
            self.level += 1;
            self.has_value = false;
            w.write_all(bracket)
        }

        fn close<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            bracket: &[u8],
        ) -> std::io::Result<()> {
            self.level -= 1;
            if self.has_value {
                self.line(w, b"\n")?;
            }
            w.write_all(bracket)
        }
    }

    impl serde_json::ser::Formatter for ItemFormatter {
        fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
            self.open(w, b"[")
        }

        fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
            self.close(w, b"]")
        }

        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            self.line(w, if first { b"\n" } else { b",\n" })
        }

        fn end_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            _: &mut W,
        ) -> std::io::Result<()> {
            self.has_value = true;
            Ok(())
        }

        fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
            self.open(w, b"{")
        }

        fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
            self.close(w, b"}")
        }

        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            self.line(w, if first { b"\n" } else { b",\n" })
        }

        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            w: &mut W,
        ) -> std::io::Result<()> {
            w.write_all(b": ")
        }

        fn end_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            _: &mut W,
        ) -> std::io::Result<()> {
            self.has_value = true;
            Ok(())
        }
    }

    /// Closes `posts`; errors, calendar (`null` for single drafts) and counts.
    pub fn tail(outcome: &Outcome) -> String {
        let mut out = Vec::new();
        let _ = write_tail(outcome, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`tail`], written straight to `out`.
    pub fn write_tail(outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let calendar = outcome.calendar.as_ref().map(|c| JsonCalendar {
            findings: c
                .report
                .findings
                .iter()
                .map(|f| JsonCalendarFinding {
                    rule: &f.rule,
                    severity: f.severity,
                    message: &f.message,
                    help: f.help.as_deref(),
                    platform: f.platform.as_deref(),
                    records: JsonRecords(c, &f.records),
                })
                .collect(),
            summary: &c.report.summary,
        });
        let linted = outcome.linted.max(outcome.posts.len());
        let tail = JsonTail {
            errors: outcome
                .errors
                .iter()
                .map(|e| JsonError {
                    source: &e.source,
                    record: e.line,
                    message: &e.message,
                })
                .collect(),
            calendar,
            summary: JsonSummary {
                records_read: outcome.records_read.max(linted + outcome.errors.len()),
                linted,
                errors: outcome.errors.len(),
            },
        };
        out.write_all(b"\n  ],")?;
        // The tail object without its `{`: its fields sit at the document's top level already.
        serde_json::to_writer_pretty(
            SkipFirstByte {
                out: &mut *out,
                skipped: false,
            },
            &tail,
        )
        .map_err(std::io::Error::other)?;
        out.write_all(b"\n")
    }

    struct SkipFirstByte<'w> {
        out: &'w mut dyn std::io::Write,
        skipped: bool,
    }

    impl std::io::Write for SkipFirstByte<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if !self.skipped && !buf.is_empty() {
                self.skipped = true;
                self.out.write_all(&buf[1..])?;
                return Ok(buf.len());
            }
            self.out.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.out.flush()
        }
    }
}

impl Renderer for Json {
    fn render(&self, outcome: &Outcome, _: &RuleSet) -> String {
        let mut s = String::from(json_stream::HEAD);
        for (i, p) in outcome.posts.iter().enumerate() {
            s.push_str(&json_stream::post(p, i == 0));
        }
        s.push_str(&json_stream::tail(outcome));
        s
    }
}
