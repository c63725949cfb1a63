//! The one lint pipeline: a record (a draft, a CSV row, a JSONL line) and
//! the run's defaults in, a linted post with findings placed in the
//! record's own text out. The CLI, the language server and embedders all go
//! through [`Linter`], so they agree on errors, spans and lines.

use postlint_engine::{Kind, Post, PostSummary, Report, RuleSet, Span};
use postlint_text::export::Origin;
use rayon::prelude::*;

use crate::input::{self, InputError, Reading};
use crate::outcome::{Calendar, Linted, Outcome, Placement};
use crate::project::platform_list;
use crate::records::{draft_record, front_line, platform_id, Record};
use crate::{closest, suppress, Error, UiLang};

/// Records linted together, in parallel, by [`Linter::lint_records`].
pub const CHUNK: usize = 4096;

/// What a post is linted as when its record does not say: flags, a config,
/// or an API call's arguments.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// A platform id (`x`, `linkedin`, …); `None`: the rule set's default.
    pub platform: Option<String>,
    /// A language code; `None` or `auto`: detect.
    pub lang: Option<String>,
    pub kind: Kind,
    pub media: Option<bool>,
    /// Minutes between the message and the reply.
    pub reply_delay: Option<f64>,
    /// The message every reply answers.
    pub in_reply_to: Option<String>,
    /// How texts are read; `None` guesses per record.
    pub origin: Option<Origin>,
    /// Report `<!-- postlint-disable… -->` comments that suppress nothing.
    pub report_unused_disables: bool,
    /// The language of findings' messages and help (the reader's, not the
    /// post's); applied when the [`Linter`] is made.
    pub ui_lang: UiLang,
    /// How scheduled dates are read: numeric order or pattern, time zone.
    pub dates: crate::dates::DateReader,
}

/// A rule set and the defaults for the posts it lints.
pub struct Linter {
    rules: RuleSet,
    defaults: Defaults,
}

impl Linter {
    /// A linter; fails when the defaults name a platform the rules do not declare.
    pub fn new(mut rules: RuleSet, defaults: Defaults) -> Result<Linter, Error> {
        if let Some(p) = &defaults.platform {
            if rules.platform(&platform_id(p)).is_none() {
                return Err(Error::Setting(format!(
                    "unknown platform `{p}`; {}",
                    platform_list(&rules)
                )));
            }
        }
        rules.set_ui_lang(defaults.ui_lang.as_str());
        Ok(Linter { rules, defaults })
    }

    /// Write findings' messages and help in `lang` from now on.
    pub fn set_ui_lang(&mut self, lang: UiLang) {
        self.defaults.ui_lang = lang;
        self.rules.set_ui_lang(lang.as_str());
    }

    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The rule set, to turn rules or packs on and off before linting.
    pub fn rules_mut(&mut self) -> &mut RuleSet {
        &mut self.rules
    }

    pub fn defaults(&self) -> &Defaults {
        &self.defaults
    }

    /// The defaults, to change how posts are read (a platform set here is
    /// checked when a post is linted).
    pub fn defaults_mut(&mut self) -> &mut Defaults {
        &mut self.defaults
    }

    /// Lint one draft: plain text, or Markdown with front matter. `source`
    /// names it in errors. Spans and lines are into `text` as given.
    pub fn lint_draft(&self, source: &str, text: &str) -> Result<Linted, InputError> {
        let record = draft_record(source, None, text.as_bytes().to_vec(), &self.defaults.dates)?;
        self.lint_record(record)
    }

    /// Lint one record on its own (no calendar).
    pub fn lint_record(&self, record: Record) -> Result<Linted, InputError> {
        self.lint(record, |rules, post, _| (rules.evaluate(post), ()))
            .map(|(linted, ())| linted)
    }

    /// Lint records as one batch: posts in input order, chunks in parallel,
    /// then the calendar rules over all of them.
    pub fn lint_records(
        &self,
        records: impl IntoIterator<Item = Result<Record, InputError>>,
    ) -> Outcome {
        let mut batch = self.batch();
        let mut records = records.into_iter();
        let mut outcome = Outcome::default();
        loop {
            let chunk: Vec<_> = records.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            for item in batch.lint_chunk(chunk, |_| ()) {
                match item {
                    Ok((p, ())) => outcome.posts.push(p),
                    Err(e) => outcome.errors.push(e),
                }
            }
        }
        outcome.records_read = batch.records_read;
        outcome.linted = batch.linted;
        outcome.calendar = Some(batch.finish());
        outcome
    }

    /// A batch to feed chunk by chunk, for callers that stream output.
    pub fn batch(&self) -> Batch<'_> {
        Batch {
            linter: self,
            summaries: Vec::new(),
            sources: Vec::new(),
            refs: Vec::new(),
            records_read: 0,
            linted: 0,
        }
    }

    /// Lint one record: read it, check its settings, `evaluate` the post
    /// (with its scheduled time), and place the findings in the record's text.
    fn lint<S>(
        &self,
        mut r: Record,
        evaluate: impl FnOnce(&RuleSet, &Post<'_>, Option<i64>) -> (Report, S),
    ) -> Result<(Linted, S), InputError> {
        let rules = &self.rules;
        let settings = &self.defaults;
        // Batch records name their line; a draft names the front matter's key.
        let err = |key: &str, message: String| InputError {
            source: r.source.clone(),
            line: match (r.line_based, r.record) {
                (true, Some(line)) => Some(line),
                _ => Some(front_line(&r.text, key)),
            },
            message,
        };
        let place = if r.line_based { "" } else { " in front matter" };
        let platform = r
            .platform
            .as_deref()
            .map(platform_id)
            .or(settings.platform.clone());
        if let Some(p) = &platform {
            if rules.platform(p).is_none() {
                return Err(err(
                    "platform",
                    format!("unknown platform `{p}`{place}; {}", platform_list(rules)),
                ));
            }
        }
        let kind = match r.kind.as_deref() {
            Some(k) => Kind::parse(&k.to_lowercase()).ok_or_else(|| {
                err(
                    "kind",
                    format!("kind{place} must be `post` or `reply`, not `{k}`"),
                )
            })?,
            None => settings.kind,
        };
        let known =
            |id: &str| rules.rule(id).is_some() || rules.rules().any(|rule| rule.pack == id);
        for id in &r.disable {
            if !known(id) {
                let hint = match closest(id, &rule_names(rules)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`postlint rules list` shows every rule id".to_string(),
                };
                return Err(err(
                    "disable",
                    format!("unknown rule `{id}` in `disable`{place}; {hint}"),
                ));
            }
        }
        for d in &r.directives {
            if let Some(id) = d.rules.iter().find(|id| !known(id)) {
                let hint = match closest(id, &rule_names(rules)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "`postlint rules list` shows every rule id".to_string(),
                };
                return Err(InputError {
                    source: r.source.clone(),
                    line: Some(d.line),
                    message: format!("unknown rule `{id}` in a postlint comment; {hint}"),
                });
            }
        }
        let lang = r
            .lang
            .clone()
            .or(settings.lang.clone())
            .filter(|l| l != "auto");
        let origin = match r.origin.as_deref() {
            Some(o) => Some(Origin::parse(o).ok_or_else(|| {
                err(
                    "origin",
                    format!("origin{place} must be `draft` or `x-export`, not `{o}`"),
                )
            })?),
            None => settings.origin,
        };
        let on_x = platform.as_deref().unwrap_or(rules.default_platform()) == "x";
        let read = Reading::of(
            &mut r.text,
            r.body_start,
            origin,
            (r.line_based && on_x).then_some(r.api_fields),
        );
        if read.origin == Origin::XExport {
            r.ignore.clear();
        }
        let in_reply_to = read.reply_text(r.in_reply_to.take().or(settings.in_reply_to.clone()));
        let body = r.text.get(r.body_start..).unwrap_or("");
        // A draft file ends in the newline every editor adds: the post does not.
        let body = if r.line_based { body } else { body.trim_end() };
        postlint_text::limits::check_post_size(body).map_err(|e| InputError {
            source: r.source.clone(),
            line: r.record.filter(|_| r.line_based),
            message: e.to_string(),
        })?;
        let post = Post {
            text: body,
            platform: platform.as_deref(),
            lang: lang.as_deref(),
            kind,
            media: r.media.or(settings.media),
            reply_delay: r.reply_delay.or(settings.reply_delay),
            ignore: &r.ignore,
            in_reply_to: in_reply_to.as_deref(),
            uncounted_prefix: read.uncounted_prefix,
            tags: &r.tags,
        };
        let (mut report, extra) = evaluate(rules, &post, r.scheduled);
        input::place_findings(&mut report.findings, &r.disable, r.body_start, &r.text);
        if !r.code.is_empty() {
            keep_out_of_code(&mut report.findings, &r.code, r.body_start);
        }
        if !r.directives.is_empty() {
            let used = suppress::apply(&r.directives, &mut report.findings);
            if settings.report_unused_disables {
                for (d, _) in r.directives.iter().zip(used).filter(|(_, used)| !used) {
                    report.findings.push(suppress::unused(d, &r.text));
                }
                report.findings.sort_by_key(|f| f.span.start);
            }
        }
        let placement = match (r.line_based, r.record) {
            // A CSV field can span lines; a JSONL record is one line.
            (true, Some(start)) if r.source.to_ascii_lowercase().ends_with(".csv") => {
                Placement::Field { start }
            }
            (true, Some(start)) => Placement::Line { start },
            _ => Placement::File,
        };
        for f in &mut report.findings {
            f.line = match placement {
                Placement::File => f.line,
                Placement::Field { start } => start + f.line - 1,
                Placement::Line { start } => start,
            };
        }
        Ok((
            Linted {
                source: r.source,
                record: r.record,
                id: r.id,
                text: r.text,
                report,
                origin: read.origin,
                placement,
                scheduled: r.scheduled,
            },
            extra,
        ))
    }
}

/// A batch in progress: chunks of records go in, linted posts come out in
/// input order, and each post's calendar summary is kept (a few dozen
/// bytes, no text) for [`Batch::finish`].
pub struct Batch<'l> {
    linter: &'l Linter,
    summaries: Vec<PostSummary>,
    sources: Vec<String>,
    refs: Vec<(u32, u32)>,
    /// Records read so far, errors included.
    pub records_read: usize,
    /// Posts linted so far.
    pub linted: usize,
}

impl Batch<'_> {
    /// Lint a chunk in parallel; `each` runs on every linted post in
    /// parallel too (a streaming renderer formats the post there).
    pub fn lint_chunk<T: Send>(
        &mut self,
        chunk: Vec<Result<Record, InputError>>,
        each: impl Fn(&Linted) -> T + Sync + Send,
    ) -> Vec<Result<(Linted, T), InputError>> {
        self.records_read += chunk.len();
        let linted: Vec<Result<(Linted, PostSummary, T), InputError>> = chunk
            .into_par_iter()
            .map(|r| {
                let (p, summary) = self.linter.lint(r?, |rules, post, scheduled| {
                    rules.evaluate_in_calendar(post, 0, scheduled)
                })?;
                let extra = each(&p);
                Ok((p, summary, extra))
            })
            .collect();
        linted
            .into_iter()
            .map(|item| {
                let (p, mut summary, extra) = item?;
                if self.sources.last() != Some(&p.source) {
                    self.sources.push(p.source.clone());
                }
                summary.record = self.refs.len();
                let record = p
                    .record
                    .and_then(|r| u32::try_from(r).ok())
                    .unwrap_or(u32::MAX);
                self.refs.push(((self.sources.len() - 1) as u32, record));
                self.summaries.push(summary);
                self.linted += 1;
                Ok((p, extra))
            })
            .collect()
    }

    /// Evaluate the calendar rules over every post linted.
    pub fn finish(self) -> Calendar {
        let report = self.linter.rules.evaluate_calendar(&self.summaries);
        Calendar {
            report,
            sources: self.sources,
            refs: self.refs,
        }
    }
}

/// Every rule id and pack name, for "did you mean".
fn rule_names(rules: &RuleSet) -> Vec<String> {
    let mut names: Vec<String> = rules.rules().map(|r| r.id.clone()).collect();
    names.extend(
        postlint_engine::builtin::PACKS
            .iter()
            .map(|p| p.to_string()),
    );
    names
}

/// Code and comments are not the post's prose: a finding that starts in
/// them is dropped (a pattern matched inside `BUY NOW!!!` in backticks), and
/// a fix that would write into them is withdrawn. `code` is relative to the
/// body at `body_start`; findings are already placed in the whole text.
fn keep_out_of_code(
    findings: &mut Vec<postlint_engine::Finding>,
    code: &[Span],
    body_start: usize,
) {
    let inside = |at: usize| {
        code.iter()
            .any(|c| c.start + body_start <= at && at < c.end + body_start)
    };
    let overlaps = |s: Span| {
        code.iter()
            .any(|c| c.start + body_start < s.end && s.start < c.end + body_start)
    };
    findings.retain(|f| !inside(f.span.start));
    for f in findings {
        if f.fix.as_ref().is_some_and(|fix| overlaps(fix.span)) {
            f.fix = None;
        }
    }
}
