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
