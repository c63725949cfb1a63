//! The one thing every output format does.

use postlint::Outcome;
use postlint_engine::RuleSet;

/// Writes a run's outcome in one format. `rules` describes the rules the
/// findings name (SARIF and HTML list them).
pub trait Reporter {
    fn report(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;
}
