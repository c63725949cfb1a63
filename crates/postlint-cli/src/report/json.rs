//! `--format json`: the library's JSON document (`postlint::json`), written
//! whole or piece by piece.

use std::cell::Cell;

use postlint::json::json_stream;
use postlint::{Linted, Outcome};
use postlint_engine::RuleSet;

use super::reporter::Reporter;

#[derive(Default)]
pub struct Json {
    /// No post written yet: the next has no `,` before it.
    first: Cell<bool>,
}

impl Reporter for Json {
    fn begin(&self, _: &RuleSet, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.first.set(true);
        out.write_all(json_stream::HEAD.as_bytes())
    }

    fn posts(
        &self,
        posts: &[Linted],
        _: bool,
        _: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for p in posts {
            out.write_all(json_stream::post(p, self.first.replace(false)).as_bytes())?;
        }
        Ok(())
    }

    fn end(
        &self,
        outcome: &Outcome,
        _: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        json_stream::write_tail(outcome, out)
    }
}
