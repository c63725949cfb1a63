//! What a lint produced, as values: linted posts with their findings,
//! per-record errors, and for batches the calendar.

use postlint_engine::{CalendarReport, Report, Severity};
use postlint_text::export::Origin;

use crate::input::InputError;

/// One linted post, with its findings' spans into `text`.
#[derive(Debug, Clone)]
pub struct Linted {
    /// The file, or the name given to a draft read from elsewhere.
    pub source: String,
    /// CSV and JSONL: the line the record starts on; a folder: the file number.
    pub record: Option<usize>,
    /// The record's own id in a batch (`id` of JSONL, an `ID` column).
    pub id: Option<String>,
    /// The text as read (a draft file: all of it, front matter included).
    pub text: String,
    pub report: Report,
    /// How the text was read: `draft`, or `x-export`.
    pub origin: Origin,
    /// How the text's lines sit in the file named by `source`.
    pub placement: Placement,
    /// When it goes out, in minutes since 1970-01-01 on the calendar's
    /// clock (as `postlint_engine::PostSummary::scheduled`); `None`: no date.
    pub scheduled: Option<i64>,
}

/// Where a post's text sits in its file, for formats that point into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// The text is the file (a draft): spans and lines are the file's.
    File,
    /// A CSV field starting on this line of the file: the text's line N is
    /// the file's line `start + N - 1`; byte offsets are not the file's.
    Field { start: usize },
    /// A JSON string on this line of the file: every finding is on it.
    Line { start: usize },
}

impl Linted {
    /// The first and last line of the file a finding covers.
    pub fn file_lines(&self, f: &postlint_engine::Finding) -> (usize, usize) {
        match self.placement {
            Placement::File => {
                let (end, _) = postlint_engine::line_column(&self.text, f.span.end);
                (f.line, end.max(f.line))
            }
            Placement::Field { start } => {
                let (first, _) = postlint_engine::line_column(&self.text, f.span.start);
                let (last, _) = postlint_engine::line_column(&self.text, f.span.end);
                (start + first - 1, start + last.max(first) - 1)
            }
            Placement::Line { start } => (start, start),
        }
    }

    /// Whether spans are byte offsets into the file (so fixes can be applied to it).
    pub fn is_file(&self) -> bool {
        self.placement == Placement::File
    }
}

/// Everything a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub posts: Vec<Linted>,
    /// Records that could not be read or linted, each naming its file and line.
    pub errors: Vec<InputError>,
    /// Batches (CSV, JSONL, a folder): calendar findings and figures; `None` for single drafts.
    pub calendar: Option<Calendar>,
    /// Records read and posts linted, counting posts already streamed out of `posts`.
    pub records_read: usize,
    pub linted: usize,
}

impl Outcome {
    /// Whether a post or calendar finding is at or above `level`.
    pub fn fails_at(&self, level: Severity) -> bool {
        self.posts
            .iter()
            .flat_map(|p| &p.report.findings)
            .any(|f| f.severity >= level)
            || self
                .calendar
                .as_ref()
                .is_some_and(|c| c.report.findings.iter().any(|f| f.severity >= level))
    }
}

/// The calendar of a batch: findings and figures, and where each record came from.
#[derive(Debug)]
pub struct Calendar {
    pub report: CalendarReport,
    pub(crate) sources: Vec<String>,
    /// By summary record id: source index and record number (`u32::MAX`: none); 8 bytes a post.
    pub(crate) refs: Vec<(u32, u32)>,
}

impl Calendar {
    /// The files of the batch, in input order.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// Source and record number of a calendar record id.
    pub fn record(&self, id: usize) -> (&str, Option<usize>) {
        match self.refs.get(id) {
            Some(&(s, r)) => (
                self.sources.get(s as usize).map_or("", String::as_str),
                (r != u32::MAX).then_some(r as usize),
            ),
            None => ("", None),
        }
    }

    /// `file:3,9; other.md` for a finding's records (the first 20, then how many more).
    pub fn records_text(&self, ids: &[usize]) -> String {
        const SHOWN: usize = 20;
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for &id in ids.iter().take(SHOWN) {
            let (source, record) = self.record(id);
            let r = record.map(|r| r.to_string());
            match groups.last_mut() {
                Some((s, list)) if *s == source => list.extend(r),
                _ => groups.push((source, r.into_iter().collect())),
            }
        }
        let text = groups
            .into_iter()
            .map(|(s, l)| {
                if l.is_empty() {
                    s.to_string()
                } else {
                    format!("{s}:{}", l.join(","))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        match ids.len().checked_sub(SHOWN) {
            Some(more) if more > 0 => format!("{text} and {more} more"),
            _ => text,
        }
    }
}
