//! The line format: `path:line:col: severity rule: message`, one finding a
//! line, for editors and grep; input errors and calendar findings too.

use std::fmt::Write as _;

use postlint::{Linted, Outcome};
use postlint_engine::RuleSet;

use super::reporter::Reporter;

pub struct Line;

/// A message on one line: a line break inside it (a `{match}` over two
/// lines) is written as `\n`, so no output line can start with text from
/// the post (in GitHub Actions, a line starting `::error` is a command).
fn one_line(message: &str) -> std::borrow::Cow<'_, str> {
    if message.contains(['\n', '\r']) {
        message.replace('\r', "\\r").replace('\n', "\\n").into()
    } else {
        message.into()
    }
}

impl Reporter for Line {
    fn posts(
        &self,
        posts: &[Linted],
        _: bool,
        _: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut text = String::new();
        for p in posts {
            for f in &p.report.findings {
                let _ = writeln!(
                    text,
                    "{}:{}:{}: {} {}: {}",
                    p.source,
                    f.line,
                    f.column,
                    f.severity.as_str(),
                    f.rule,
                    one_line(&f.message)
                );
            }
        }
        out.write_all(text.as_bytes())
    }

    fn end(
        &self,
        outcome: &Outcome,
        _: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let mut text = String::new();
        for e in &outcome.errors {
            let _ = writeln!(
                text,
                "{}:{}:1: error input: {}",
                e.source,
                e.line.unwrap_or(1),
                one_line(&e.message)
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
                text,
                "{source}:{}:1: {} {}: {} (records {})",
                record.unwrap_or(1),
                f.severity.as_str(),
                f.rule,
                one_line(&f.message),
                c.records_text(&f.records)
            );
        }
        out.write_all(text.as_bytes())
    }
}
