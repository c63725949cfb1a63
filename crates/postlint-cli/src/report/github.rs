//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding (`::warning file=…,line=…,col=…,title=rule::message`). Suggestions
//! are notices; input errors are errors. A record of a CSV or JSONL file is
//! annotated on its own line; a calendar finding on its first record's.

use std::fmt::Write as _;

use postlint_engine::{RuleSet, Severity};

use postlint::{Linted, Outcome};

use super::reporter::Reporter;

pub struct Github;

/// Escape the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn posts(
        &self,
        posts: &[Linted],
        _: bool,
        _: &RuleSet,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = String::new();
        for p in posts {
            for f in &p.report.findings {
                let command = command(f.severity);
                let message =
                    super::reporter::message_with_help(&f.message, f.help.as_deref(), None);
                let (line, end_line) = p.file_lines(f);
                // Columns are the file's only when the text is the file.
                let place = if p.is_file() {
                    let (_, end_column) = postlint_engine::line_column(&p.text, f.span.end);
                    format!(
                        "line={line},col={},endLine={end_line},endColumn={end_column}",
                        f.column
                    )
                } else {
                    format!("line={line},endLine={end_line}")
                };
                let _ = writeln!(
                    out,
                    "::{command} file={},{place},title={}::{}",
                    property(&p.source),
                    property(&f.rule),
                    data(&message)
                );
            }
        }
        w.write_all(out.as_bytes())
    }

    fn end(
        &self,
        outcome: &Outcome,
        _: &RuleSet,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut out = String::new();
        for e in &outcome.errors {
            let _ = writeln!(
                out,
                "::error file={},line={},title=postlint::{}",
                property(&e.source),
                e.line.unwrap_or(1),
                data(&e.message)
            );
        }
        // Calendar findings: at the file and line of their first record,
        // naming every record they concern.
        if let Some(calendar) = &outcome.calendar {
            for f in &calendar.report.findings {
                let (source, record) = f
                    .records
                    .first()
                    .map_or(("", None), |&id| calendar.record(id));
                let records = (!f.records.is_empty()).then(|| calendar.records_text(&f.records));
                let message =
                    super::reporter::message_with_help(&f.message, f.help.as_deref(), records);
                let file = if source.is_empty() {
                    String::new()
                } else {
                    format!("file={},line={},", property(source), record.unwrap_or(1))
                };
                let _ = writeln!(
                    out,
                    "::{} {file}title={}::{}",
                    command(f.severity),
                    property(&f.rule),
                    data(&message)
                );
            }
        }
        w.write_all(out.as_bytes())
    }
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "notice",
    }
}
