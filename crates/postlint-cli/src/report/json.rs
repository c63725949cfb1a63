//! `--format json`: the library's JSON document (`postlint::json`).

use postlint::Outcome;
use postlint_engine::RuleSet;

use super::reporter::Reporter;

pub struct Json;

impl Reporter for Json {
    fn report(
        &self,
        outcome: &Outcome,
        _: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        postlint::json::write(outcome, out)
    }
}
