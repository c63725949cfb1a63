//! The JSON document of a run, version 1 (docs/output.md): posts with
//! findings and metrics, input errors, the calendar and counts. The CLI's
//! `--format json`, the server's API and the Python package all write this
//! one shape. [`json_stream`] writes it piece by piece so a batch streams.

use postlint_engine::{Finding, Severity};
use serde::Serialize;

use crate::{Linted, Origin, Outcome};

/// The whole document of an outcome.
pub fn write(outcome: &Outcome, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(json_stream::HEAD.as_bytes())?;
    for (i, p) in outcome.posts.iter().enumerate() {
        out.write_all(json_stream::post(p, i == 0).as_bytes())?;
    }
    json_stream::write_tail(outcome, out)
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
    /// The month (`2026-03`) of a rule evaluated per month.
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<&'a str>,
    records: JsonRecords<'a>,
}

/// A finding's records, serialized one by one (a finding can point at every post).
struct JsonRecords<'a>(&'a crate::Calendar, &'a [usize]);

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
                    month: f.month.as_deref(),
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
