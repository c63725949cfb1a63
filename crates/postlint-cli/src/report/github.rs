//! `--format github`: GitHub Actions workflow commands, one annotation per
//! finding (`::warning file=…,line=…,col=…,title=rule::message`). Suggestions
//! are notices; input errors are errors.

use std::fmt::Write as _;

use postlint_engine::{RuleSet, Severity};

use postlint::Outcome;

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

impl Github {
    fn render(&self, outcome: &Outcome, _: &RuleSet) -> String {
        let mut out = String::new();
        for p in &outcome.posts {
            for f in &p.report.findings {
                let command = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Suggestion => "notice",
                };
                let (end_line, end_column) = postlint_engine::line_column(&p.text, f.span.end);
                let mut message = f.message.clone();
                if let Some(h) = &f.help {
                    message.push('\n');
                    message.push_str(h);
                }
                let _ = writeln!(
                    out,
                    "::{command} file={},line={},col={},endLine={end_line},endColumn={end_column},title={}::{}",
                    property(&p.source),
                    f.line,
                    f.column,
                    property(&f.rule),
                    data(&message)
                );
            }
        }
        for e in &outcome.errors {
            let _ = writeln!(
                out,
                "::error file={},line={},title=postlint::{}",
                property(&e.source),
                e.line.unwrap_or(1),
                data(&e.message)
            );
        }
        out
    }
}

impl Reporter for Github {
    fn report(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(self.render(outcome, rules).as_bytes())
    }
}
