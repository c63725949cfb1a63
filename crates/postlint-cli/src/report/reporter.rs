//! The one thing every output format does, whole or in pieces.

use postlint::{Linted, Outcome};
use postlint_engine::RuleSet;

/// Writes a run's outcome in one format. `rules` describes the rules the
/// findings name (SARIF and HTML list them).
///
/// A format that [`streams`](Reporter::streams) is also written piece by
/// piece for batches: [`begin`](Reporter::begin), then each chunk of posts
/// as it is linted ([`posts`](Reporter::posts)), then
/// [`end`](Reporter::end) with the errors, the calendar and the counts (no
/// posts), so memory stays flat however long the batch. Writing the whole
/// outcome with [`report`](Reporter::report) gives the same output.
pub trait Reporter {
    fn report(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        self.begin(rules, out)?;
        self.posts(&outcome.posts, outcome.calendar.is_some(), rules, out)?;
        self.end(outcome, rules, out)
    }

    /// Whether the format can be written piece by piece.
    fn streams(&self) -> bool {
        true
    }

    /// Before the first post.
    fn begin(&self, _rules: &RuleSet, _out: &mut dyn std::io::Write) -> std::io::Result<()> {
        Ok(())
    }

    /// Some posts, in order; `batch` when they are records of a batch.
    fn posts(
        &self,
        posts: &[Linted],
        batch: bool,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;

    /// After the last post: `outcome` carries the errors, the calendar and
    /// the counts (its `posts` may be empty when they were streamed).
    fn end(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;
}

/// Where a rule's documentation is: its pack's page, at the rule's heading
/// (`docs/rules/killers.md#killersbare-link`).
pub fn rule_doc_uri(rule: &str) -> String {
    let pack = rule.split('/').next().unwrap_or(rule);
    let anchor: String = rule
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    format!(
        "{}/blob/main/docs/rules/{pack}.md#{}",
        env!("CARGO_PKG_REPOSITORY"),
        anchor.to_lowercase()
    )
}

/// A message with its help on the next line, and for a calendar finding
/// the records it concerns (`records: plan.csv:2,5`), as the CI formats
/// write them.
pub(crate) fn message_with_help(
    message: &str,
    help: Option<&str>,
    records: Option<String>,
) -> String {
    let mut text = message.to_string();
    if let Some(h) = help {
        text.push('\n');
        text.push_str(h);
    }
    if let Some(r) = records.filter(|r| !r.is_empty()) {
        text.push_str("\nrecords: ");
        text.push_str(&r);
    }
    text
}
