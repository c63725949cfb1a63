//! Runs the examples every rule carries: a `fire` example must produce
//! exactly one finding of that rule, a `pass` example none.

use crate::model::{Kind, Post};
use crate::RuleSet;

/// An example that did not behave as its rule file says.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub rule: String,
    pub lang: String,
    pub text: String,
    pub expected_fire: bool,
    pub found: usize,
    /// Severity of the finding, when the example fired.
    pub severity: Option<crate::model::Severity>,
    pub source: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let want = if self.expected_fire {
            "should fire"
        } else {
            "should pass"
        };
        let sev = self
            .severity
            .map(|s| format!(" as {}", s.as_str()))
            .unwrap_or_default();
        write!(
            f,
            "{} ({}, {}): example {want} but fired {} {}{sev}: {:?}",
            self.rule,
            self.lang,
            self.source,
            self.found,
            if self.found == 1 { "time" } else { "times" },
            self.text
        )
    }
}

pub(crate) fn run(set: &RuleSet) -> (usize, Vec<ExampleFailure>) {
    let mut ran = 0;
    let mut failures = Vec::new();
    for (idx, rule) in set.rules.iter().enumerate() {
        if rule.info.calendar {
            for ex in &rule.info.examples {
                ran += 1;
                let found = match run_calendar_example(set, idx, &ex.text) {
                    Ok(n) => n,
                    Err(problem) => {
                        failures.push(ExampleFailure {
                            rule: rule.info.id.clone(),
                            lang: "calendar".into(),
                            text: problem,
                            expected_fire: ex.fires,
                            found: 0,
                            severity: None,
                            source: rule.info.source.clone(),
                        });
                        continue;
                    }
                };
                if (found > 0) != ex.fires {
                    failures.push(ExampleFailure {
                        rule: rule.info.id.clone(),
                        lang: "calendar".into(),
                        text: ex.text.clone(),
                        expected_fire: ex.fires,
                        found,
                        severity: None,
                        source: rule.info.source.clone(),
                    });
                }
            }
            continue;
        }
        for ex in &rule.info.examples {
            ran += 1;
            let platform = ex
                .platform
                .clone()
                .or_else(|| rule.info.platforms.first().cloned())
                .unwrap_or_else(|| "linkedin".to_string());
            let kind = ex
                .kind
                .as_deref()
                .and_then(Kind::parse)
                .or_else(|| rule.info.kinds.first().and_then(|k| Kind::parse(k)))
                .unwrap_or_default();
            let post = Post {
                text: &ex.text,
                platform: Some(&platform),
                lang: Some(&ex.lang),
                kind,
                media: match ex.media.as_deref() {
                    Some("no") => Some(false),
                    Some("unknown") => None,
                    _ => Some(true),
                },
                reply_delay: ex.reply_delay,
                ignore: &[],
                in_reply_to: ex.in_reply_to.as_deref(),
                uncounted_prefix: 0,
                tags: &[],
            };
            let (report, _) = set.evaluate_with(&post, |r| std::ptr::eq(r, &set.rules[idx]), None);
            let found = report.findings.len();
            let wrong_severity = match (ex.severity, report.findings.first()) {
                (Some(want), Some(f)) => f.severity != want,
                _ => false,
            };
            // A fire example fires (at one place or more); a pass example does not.
            if (found > 0) != ex.fires || wrong_severity {
                failures.push(ExampleFailure {
                    rule: rule.info.id.clone(),
                    lang: ex.lang.clone(),
                    text: ex.text.clone(),
                    expected_fire: ex.fires,
                    found,
                    severity: report.findings.first().map(|f| f.severity),
                    source: rule.info.source.clone(),
                });
            }
        }
    }
    (ran, failures)
}

/// Lint an example calendar (`YYYY-MM-DD HH:MM | platform | text` lines,
/// after an optional `pillars: NAME SHARE%, …` line that declares the
/// content pillars for it) and count the findings of calendar rule `idx`;
/// `Err` says which line does not read.
fn run_calendar_example(set: &RuleSet, idx: usize, text: &str) -> Result<usize, String> {
    use crate::calendar::{parse_example_line, parse_example_pillars};
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .peekable();
    let own_pillars = match lines.peek().and_then(|(_, l)| parse_example_pillars(l)) {
        Some(list) => {
            lines.next();
            Some(crate::pillars::Pillars::new(list?))
        }
        None => None,
    };
    let mut summaries = Vec::new();
    for (n, line) in lines {
        let line = parse_example_line(line)
            .ok_or_else(|| format!("line {} is not `YYYY-MM-DD HH:MM | platform | text`", n + 1))?;
        let post = Post {
            text: &line.text,
            platform: Some(&line.platform),
            media: Some(line.media),
            tags: &line.tags,
            ..Post::default()
        };
        let (_, mut summary) = set.evaluate_in_calendar(&post, n + 1, Some(line.scheduled));
        if let Some(p) = &own_pillars {
            summary.pillar = p
                .of_tags(&line.tags)
                .map_or(0, |i| u8::try_from(i + 1).unwrap_or(0));
        }
        summaries.push(summary);
    }
    let pillars = own_pillars.as_ref().unwrap_or(&set.pillars);
    let report = crate::calendar_eval::evaluate(set, &summaries, pillars, |r| {
        std::ptr::eq(r, &set.rules[idx])
    });
    Ok(report.findings.len())
}
