//! postlint's engine: compiles rule packs once into a [`RuleSet`] and lints
//! posts against it. Text and settings in, findings out: no I/O, no printing.
//!
//! ```
//! use postlint_engine::{Post, RuleSet};
//!
//! let source = r##"
//! pack demo { version: "1.0.0" }
//! platform x { limit: 280  counter: x }
//! rule too-many-tags {
//!   severity: warning
//!   message: "{hashtags} hashtags; keep it to {max}."
//!   param max = 2
//!   when: hashtags > max
//!   example fire en: "#a #b #c"
//!   example pass en: "#a #b"
//! }
//! "##;
//! let rules = RuleSet::from_sources(&[("demo.rules".into(), source.into())]).unwrap();
//! let report = rules.evaluate(&Post { text: "Hello #a #b #c", ..Post::default() });
//! assert_eq!(report.findings[0].rule, "demo/too-many-tags");
//! assert_eq!(report.findings[0].message, "3 hashtags; keep it to 2.");
//! ```

pub mod builtin;
pub mod calendar;
mod calendar_eval;
mod compile;
mod eval;
mod examples;
mod lexicon;
pub mod model;
mod native;
mod pack_files;
mod position;
mod regex_forms;
mod regex_search;

use std::collections::BTreeMap;

pub use calendar::{CalendarFinding, CalendarReport, CalendarSummary, PostSummary};
pub use examples::ExampleFailure;
pub use model::*;
pub use native::{NativeFunction, NativeInput};
pub use postlint_lang::builtins::{ArgKind, ResultType};
pub use postlint_lang::{FileProblems, Problem};

use eval::{Context, Evaluator, Node, Target};

/// A pack as loaded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PackInfo {
    pub name: String,
    pub version: String,
    pub description: String,
    /// Off-by-default packs (`default: no`) load but their rules stay off until enabled.
    pub default_on: bool,
    pub source: String,
}

pub(crate) use lexicon::LexiconInfo;

struct CompiledRule {
    info: RuleInfo,
    whens: Vec<(Option<Severity>, Node)>,
    params: Vec<ParamValue>,
    default_params: Vec<ParamValue>,
    param_names: Vec<String>,
    fix: Option<(bool, Option<String>)>,
    at: Option<Target>,
    /// `per: platform`: a calendar rule evaluated for each platform apart.
    per_platform: bool,
    /// A finding for each place the deciding condition matched (`report: each`).
    report_each: bool,
    /// `languages:` in the rule file: the rule runs on these languages only.
    only_languages: Vec<String>,
    enabled: bool,
    severity_override: Option<Severity>,
}

struct CompiledPrinciple {
    info: PrincipleInfo,
    signals: Vec<Node>,
}

/// Compiled packs: lexicon matchers, rules, principles and platforms.
#[derive(Default)]
pub struct RuleSet {
    packs: BTreeMap<String, PackInfo>,
    rules: Vec<CompiledRule>,
    principles: Vec<CompiledPrinciple>,
    principle_ids: Vec<String>,
    platforms: BTreeMap<String, Platform>,
    lexicons: Vec<LexiconInfo>,
    matchers: BTreeMap<String, lexicon::LazyMatcher>,
    regexes: Vec<eval::LazyRegex>,
    natives: Vec<Box<dyn NativeFunction>>,
    /// Per-post conditions of calendar rules (`share(…)`), and the rule each belongs to.
    calendar_predicates: Vec<Node>,
    calendar_predicate_owner: Vec<String>,
    calendar_predicate_rule: Vec<usize>,
    /// `core.humor` and `core.sales`, for the calendar summary.
    summary_lexicons: (Option<usize>, Option<usize>),
    /// `core.command_leads` and `core.command_joins`, for `position: command`.
    command_words: position::CommandWords,
    /// Languages the lexicons cover (detection chooses among these).
    languages: Vec<String>,
    default_platform: String,
    default_lang: String,
}

/// Why a config value could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("unknown rule `{0}`")]
    UnknownRule(String),
    #[error("rule `{rule}` has no parameter `{param}`")]
    UnknownParam {
        rule: String,
        param: String,
        known: Vec<String>,
    },
    #[error("parameter `{param}` of `{rule}` takes {expected}, not {found}")]
    WrongType {
        rule: String,
        param: String,
        expected: &'static str,
        found: &'static str,
    },
}

impl RuleSet {
    /// Parse, check and compile rule files given as (name, text).
    pub fn from_sources(sources: &[(String, String)]) -> Result<RuleSet, Vec<FileProblems>> {
        Self::with_natives(sources, Vec::new())
    }

    /// Like [`RuleSet::from_sources`], with native functions the rule files may call.
    pub fn with_natives(
        sources: &[(String, String)],
        natives: Vec<Box<dyn NativeFunction>>,
    ) -> Result<RuleSet, Vec<FileProblems>> {
        Self::load(Vec::new(), sources, natives, false)
    }

    /// The built-in packs, parsed when postlint was built (and trusted: the
    /// test suite checks them), then `sources` (team packs, checked as
    /// usual). `examples`: keep the rules' examples (`rules test`, SARIF,
    /// the language server); `check` does without.
    pub fn builtin_and(
        sources: &[(String, String)],
        examples: bool,
    ) -> Result<RuleSet, Vec<FileProblems>> {
        Self::with_parsed_builtin(builtin::parsed(examples), sources, examples)
    }

    /// [`RuleSet::builtin_and`] with the build's parsed packs, or (`None`)
    /// parsing them from their text.
    fn with_parsed_builtin(
        parsed: Option<Vec<postlint_lang::ParsedFile>>,
        sources: &[(String, String)],
        examples: bool,
    ) -> Result<RuleSet, Vec<FileProblems>> {
        match parsed {
            Some(parsed) => Self::load(parsed, sources, Vec::new(), true),
            None => {
                let mut all = if examples {
                    builtin::sources()
                } else {
                    builtin::sources_for_linting()
                };
                all.extend_from_slice(sources);
                Self::load(Vec::new(), &all, Vec::new(), true)
            }
        }
    }

    fn load(
        preparsed: Vec<postlint_lang::ParsedFile>,
        sources: &[(String, String)],
        natives: Vec<Box<dyn NativeFunction>>,
        trust_builtin: bool,
    ) -> Result<RuleSet, Vec<FileProblems>> {
        let signatures: Vec<_> = natives.iter().map(|n| n.signature()).collect();
        let files = postlint_lang::load_parsed(preparsed, sources, &signatures, |name| {
            trust_builtin && name.starts_with("builtin:")
        })?;
        let mut set = compile::compile(&files, natives);
        set.default_platform = if set.platforms.contains_key("x") {
            "x".into()
        } else {
            set.platforms.keys().next().cloned().unwrap_or_default()
        };
        set.default_lang = if set.languages.iter().any(|l| l == "en") {
            "en".into()
        } else {
            set.languages
                .first()
                .cloned()
                .unwrap_or_else(|| "en".into())
        };
        Ok(set)
    }

    pub fn packs(&self) -> impl Iterator<Item = &PackInfo> {
        self.packs.values()
    }
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|r| &r.info)
    }
    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.info.id == id).map(|r| &r.info)
    }
    pub fn platforms(&self) -> impl Iterator<Item = &Platform> {
        self.platforms.values()
    }
    pub fn platform(&self, id: &str) -> Option<&Platform> {
        self.platforms.get(id)
    }
    pub fn principles(&self) -> impl Iterator<Item = &PrincipleInfo> {
        self.principles.iter().map(|p| &p.info)
    }
    pub fn languages(&self) -> &[String] {
        &self.languages
    }
    pub fn default_platform(&self) -> &str {
        &self.default_platform
    }
    pub fn set_default_platform(&mut self, id: &str) -> bool {
        let known = self.platforms.contains_key(id);
        if known {
            self.default_platform = id.to_string();
        }
        known
    }
    pub fn default_lang(&self) -> &str {
        &self.default_lang
    }
    pub fn set_default_lang(&mut self, code: &str) {
        self.default_lang = code.to_string();
    }

    /// Turn a whole pack on or off.
    pub fn set_pack_enabled(&mut self, pack: &str, on: bool) -> bool {
        let mut any = false;
        for r in self.rules.iter_mut().filter(|r| r.info.pack == pack) {
            r.enabled = on;
            r.info.enabled = on;
            any = true;
        }
        any
    }

    /// Apply a config file's settings for one rule.
    pub fn apply_override(&mut self, id: &str, o: &RuleOverride) -> Result<(), OverrideError> {
        let rule = self
            .rules
            .iter_mut()
            .find(|r| r.info.id == id)
            .ok_or_else(|| OverrideError::UnknownRule(id.to_string()))?;
        if let Some(on) = o.enabled {
            rule.enabled = on;
            rule.info.enabled = on;
        }
        if let Some(s) = o.severity {
            rule.severity_override = Some(s);
            rule.info.severity = s;
        }
        for (name, value) in &o.params {
            let Some(i) = rule.param_names.iter().position(|p| p == name) else {
                return Err(OverrideError::UnknownParam {
                    rule: id.to_string(),
                    param: name.clone(),
                    known: rule.param_names.clone(),
                });
            };
            let expected = &rule.default_params[i];
            let value = match (expected, value) {
                (ParamValue::List(_), ParamValue::Text(t)) => ParamValue::List(vec![t.clone()]),
                (e, v) if std::mem::discriminant(e) == std::mem::discriminant(v) => v.clone(),
                (e, v) => {
                    return Err(OverrideError::WrongType {
                        rule: id.to_string(),
                        param: name.clone(),
                        expected: e.type_name(),
                        found: v.type_name(),
                    })
                }
            };
            rule.params[i] = value;
            rule.info.params[i].1 = rule.params[i].to_string();
        }
        Ok(())
    }

    /// Lint one post with every enabled rule.
    pub fn evaluate(&self, post: &Post<'_>) -> Report {
        self.evaluate_with(post, |r| r.enabled && !r.info.calendar, None)
            .0
    }

    /// Lint one post of a calendar and sum it up for the calendar rules.
    /// `scheduled` is in minutes since 1970 (see [`calendar::parse_datetime`]).
    pub fn evaluate_in_calendar(
        &self,
        post: &Post<'_>,
        record: usize,
        scheduled: Option<i64>,
    ) -> (Report, PostSummary) {
        let (report, summary) = self.evaluate_with(
            post,
            |r| r.enabled && !r.info.calendar,
            Some((record, scheduled)),
        );
        let summary = summary.unwrap_or(PostSummary {
            record,
            scheduled,
            text_key: 0,
            platform: u16::MAX,
            principles: 0,
            predicates: 0,
            flags: 0,
        });
        (report, summary)
    }

    /// Evaluate the enabled calendar rules over the summaries of a batch.
    pub fn evaluate_calendar(&self, posts: &[PostSummary]) -> CalendarReport {
        calendar_eval::evaluate(self, posts, |r| r.enabled)
    }

    fn evaluate_with(
        &self,
        post: &Post<'_>,
        select: impl Fn(&CompiledRule) -> bool,
        summary: Option<(usize, Option<i64>)>,
    ) -> (Report, Option<PostSummary>) {
        // The analysis buffers of the thread's previous post, reused.
        let mut analysis = SCRATCH.with(|s| s.take());
        postlint_text::analyze_without_sentences_into(post.text, &mut analysis);
        without_ignored(&mut analysis, post.ignore);
        let platform_id = post.platform.unwrap_or(&self.default_platform);
        let fallback;
        let platform = match self.platforms.get(platform_id) {
            Some(p) => p,
            None => {
                fallback = Platform {
                    id: platform_id.to_string(),
                    name: platform_id.to_string(),
                    limit: 0,
                    counter: postlint_text::Counter::Chars,
                    fold: 0,
                    hashtag_max: 0,
                    hashtag_advice: 0,
                    max_bytes: 0,
                    max_links: 0,
                    links_clickable: true,
                    tone: "casual".into(),
                    source: String::new(),
                };
                &fallback
            }
        };
        let (language, detected) = match post.lang {
            Some(l) => (l.to_string(), false),
            None => {
                let d = postlint_text::detect_language_in(
                    post.text,
                    &analysis,
                    &self.languages,
                    &self.default_lang,
                );
                (d.code, d.detected)
            }
        };
        let prefix = post.text.get(..post.uncounted_prefix).unwrap_or("");
        let length = postlint_text::count(platform.counter, post.text, &analysis)
            .saturating_sub(prefix.chars().count());
        let hits = self.lexicon_hits(post.text, &analysis, &language);
        let masked = eval::mask_emoji_marks(post.text);
        let masked = masked.as_deref().unwrap_or(post.text);
        // The message a reply answers, read by conditions `in reply_to (…)`;
        // analysed only when there is one.
        let reply_parts = post.in_reply_to.map(|text| {
            let analysis = postlint_text::analyze_without_sentences(text);
            let hits = self.lexicon_hits(text, &analysis, &language);
            let length = postlint_text::count(platform.counter, text, &analysis);
            (text, analysis, hits, eval::mask_emoji_marks(text), length)
        });
        let reply_ctx = reply_parts
            .as_ref()
            .map(|(text, analysis, hits, masked, length)| Context {
                text,
                sentences: std::cell::OnceCell::new(),
                first_sentence: std::cell::OnceCell::new(),
                measured: Default::default(),
                regex_text: eval::RegexText::new(text, masked.as_deref().unwrap_or(text)),
                analysis,
                platform,
                lang: &language,
                kind: Kind::Post,
                media: None,
                reply_delay: None,
                length: *length,
                hits,
                lexicons: &self.lexicons,
                regexes: &self.regexes,
                principles_used: &[],
                natives: &self.natives,
                reply_to: None,
            });
        let mut used = vec![false; self.principles.len()];
        let mut ctx = Context {
            text: post.text,
            sentences: std::cell::OnceCell::new(),
            first_sentence: std::cell::OnceCell::new(),
            measured: Default::default(),
            regex_text: eval::RegexText::new(post.text, masked),
            analysis: &analysis,
            platform,
            lang: &language,
            kind: post.kind,
            media: post.media,
            reply_delay: post.reply_delay,
            length,
            hits: &hits,
            lexicons: &self.lexicons,
            regexes: &self.regexes,
            principles_used: &[],
            natives: &self.natives,
            reply_to: reply_ctx.as_ref(),
        };
        for (i, p) in self.principles.iter().enumerate() {
            let mut ev = Evaluator::yes_no(&ctx, &[]);
            let whole = ev.whole();
            used[i] = p.signals.iter().any(|s| ev.holds(s, whole));
        }
        ctx.principles_used = &used;

        let mut findings = Vec::new();
        // One evidence buffer for every rule of the post.
        let mut evidence = Vec::new();
        for rule in self.rules.iter().filter(|r| select(r)) {
            if !applies(rule, platform, &language, post.kind) {
                continue;
            }
            self.evaluate_rule(rule, &ctx, &mut evidence, &mut findings);
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        let summary = summary.map(|(record, scheduled)| {
            let predicates: Vec<bool> = self
                .calendar_predicates
                .iter()
                .zip(&self.calendar_predicate_rule)
                .map(|(node, &rule)| {
                    let params = self
                        .rules
                        .get(rule)
                        .map(|r| r.params.as_slice())
                        .unwrap_or(&[]);
                    let mut ev = Evaluator::yes_no(&ctx, params);
                    let whole = ev.whole();
                    ev.holds(node, whole)
                })
                .collect();
            let has = |lexicon: Option<usize>| lexicon.is_some_and(|l| !hits.of(l).is_empty());
            let flags = [
                (!analysis.questions.is_empty(), calendar::QUESTION),
                (has(self.summary_lexicons.0), calendar::HUMOR),
                (has(self.summary_lexicons.1), calendar::SALES),
            ]
            .iter()
            .fold(0, |acc, (on, flag)| if *on { acc | flag } else { acc });
            PostSummary {
                record,
                scheduled,
                text_key: calendar::text_key(&analysis),
                platform: self
                    .platforms
                    .keys()
                    .position(|k| *k == platform.id)
                    .and_then(|i| u16::try_from(i).ok())
                    .unwrap_or(u16::MAX),
                principles: calendar::bits(used.iter().copied()),
                predicates: calendar::bits(predicates),
                flags,
            }
        });
        let metrics = Metrics {
            length,
            limit: platform.limit,
            graphemes: analysis.graphemes,
            words: analysis.words.len(),
            hashtags: analysis
                .entities_of(postlint_text::EntityKind::Hashtag)
                .count(),
            mentions: analysis
                .entities_of(postlint_text::EntityKind::Mention)
                .count(),
            links: analysis.entities_of(postlint_text::EntityKind::Url).count(),
            emoji: analysis.emoji.len(),
            questions: analysis.questions.len(),
        };
        let report = Report {
            platform: platform.id.clone(),
            language,
            language_detected: detected,
            kind: post.kind,
            metrics,
            principles: self
                .principles
                .iter()
                .zip(&used)
                .filter(|(_, u)| **u)
                .map(|(p, _)| p.info.id.clone())
                .collect(),
            findings,
        };
        // A huge post's buffers are not kept for the next.
        if analysis.lowered.capacity() <= SCRATCH_MAX {
            SCRATCH.with(|s| s.replace(analysis));
        }
        (report, summary)
    }

    /// The lexicon hits of `text` in `language` that count (see [`position`]).
    fn lexicon_hits(
        &self,
        text: &str,
        analysis: &postlint_text::Analysis,
        language: &str,
    ) -> eval::LexiconHits {
        let matcher = self
            .matchers
            .get(language)
            .or_else(|| self.matchers.get("all"));
        let mut hits = match matcher {
            Some(m) if !text.is_empty() => m.get().find(text, analysis),
            _ => Vec::new(),
        };
        position::retain_counted(
            &mut hits,
            &self.lexicons,
            text,
            analysis,
            self.command_words,
        );
        eval::LexiconHits::new(hits, self.lexicons.len())
    }

    /// Add the findings of `rule` on the post to `out`; `evidence` is a
    /// buffer to use (left empty).
    fn evaluate_rule<'a>(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'a>,
        evidence: &mut Vec<eval::Evidence<'a>>,
        out: &mut Vec<Finding>,
    ) {
        let mut ev = Evaluator::new(ctx, &rule.params);
        ev.evidence = std::mem::take(evidence);
        self.findings(rule, ctx, &mut ev, out);
        *evidence = std::mem::take(&mut ev.evidence);
        evidence.clear();
    }

    /// The rule's findings: one, or with `report: each` one for every
    /// place its deciding condition matched (overlapping places once).
    fn findings(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'_>,
        ev: &mut Evaluator<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let mut cursor = LineCursor::default();
        let Some(first) = self.finding(rule, ctx, ev, 0, &mut cursor) else {
            return;
        };
        let mut places: Vec<(usize, Span)> = ev
            .evidence
            .iter()
            .enumerate()
            .filter(|(i, e)| e.matched && (*i == 0 || e.span.start < e.span.end))
            .map(|(i, e)| (i, e.span))
            .collect();
        if !rule.report_each || rule.at.is_some() || places.len() < 2 {
            out.push(first);
            return;
        }
        // Every matched place in text order (the evidence is in the order
        // the condition was evaluated), overlapping places once.
        places.sort_by_key(|&(_, s)| (s.start, std::cmp::Reverse(s.end)));
        let mut first = Some(first);
        let mut last_end = None;
        let mut cursor = LineCursor::default();
        for (i, span) in places {
            if last_end.is_some_and(|end| span.start < end) {
                continue;
            }
            let finding = match first.take_if(|f| i == 0 && f.span == span) {
                Some(mut f) => {
                    (f.line, f.column) = cursor.line_column(ctx.text, f.span.start);
                    Some(f)
                }
                None => self.finding(rule, ctx, ev, i, &mut cursor),
            };
            if let Some(f) = finding {
                last_end = Some(f.span.end);
                out.push(f);
            }
        }
    }

    /// The rule's finding at its `nth` piece of evidence (0: where the
    /// rule points); `nth > 0` reuses the evidence of the last evaluation.
    fn finding(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'_>,
        ev: &mut Evaluator<'_, '_>,
        nth: usize,
        cursor: &mut LineCursor,
    ) -> Option<Finding> {
        let whole = ev.whole();
        let severity = if nth == 0 {
            let mut severity = None;
            for (sev, cond) in &rule.whens {
                ev.evidence.clear();
                ev.match_count = 0;
                if ev.holds(cond, whole) {
                    severity = Some(sev.unwrap_or(rule.info.severity));
                    break;
                }
            }
            let severity = severity.map(|s| rule.severity_override.unwrap_or(s))?;
            ev.severity = Some(severity);
            severity
        } else {
            ev.severity?
        };
        let first_line = ev.scope("first_line").span;
        let span = match rule.at {
            Some(Target::Text) => whole.span,
            Some(Target::FirstLine) => first_line,
            Some(Target::FirstSentence) => ev.scope("first_sentence").span,
            Some(Target::Items(m)) => ev.items(m, whole).first().copied().unwrap_or(first_line),
            None => ev.evidence.get(nth).map(|e| e.span).unwrap_or(first_line),
        };
        let first = ev.evidence.get(nth).filter(|e| e.span == span && e.matched);
        let fix = match (&rule.fix, first) {
            (Some((safe, Some(text))), Some(_)) => Some(Fix {
                span,
                replacement: text.clone(),
                safe: *safe,
            }),
            (Some((safe, None)), Some(e)) => e.replacement.map(|r| Fix {
                span,
                replacement: keep_case(&ctx.text[span.start..span.end], r),
                safe: *safe,
            }),
            _ => None,
        };
        let matched = ctx.text.get(span.start..span.end).unwrap_or("");
        let count = ev.match_count.max(ev.evidence.len());
        let fill = |t: &str| {
            fill_placeholders(
                t,
                rule,
                ctx,
                &mut Evaluator::new(ctx, &rule.params),
                matched,
                count,
            )
        };
        let (line, column) = cursor.line_column(ctx.text, span.start);
        Some(Finding {
            rule: rule.info.id.clone(),
            severity,
            message: fill(&rule.info.message),
            help: rule.info.help.as_deref().map(fill),
            span,
            line,
            column,
            fix,
        })
    }

    /// Run every rule's examples; returns the failures (empty when all pass)
    /// and the number of examples run.
    pub fn run_examples(&self) -> (usize, Vec<ExampleFailure>) {
        examples::run(self)
    }
}

fn applies(rule: &CompiledRule, platform: &Platform, lang: &str, kind: Kind) -> bool {
    let info = &rule.info;
    (info.platforms.is_empty() || info.platforms.contains(&platform.id))
        && (info.kinds.is_empty() || info.kinds.iter().any(|k| k == kind.as_str()))
        && (rule.only_languages.is_empty() || rule.only_languages.iter().any(|l| l == lang))
}

thread_local! {
    /// The analysis of the thread's last post, whose buffers the next one reuses.
    static SCRATCH: std::cell::RefCell<postlint_text::Analysis> = Default::default();
}

/// The largest lower-cased text (bytes) whose analysis buffers a thread keeps.
const SCRATCH_MAX: usize = 1 << 16;

/// Drop words and entities inside ignored ranges (Markdown code, link targets).
fn without_ignored(a: &mut postlint_text::Analysis, ignore: &[Span]) {
    if ignore.is_empty() {
        return;
    }
    let hidden = |s: Span| ignore.iter().any(|i| i.start < s.end && s.start < i.end);
    a.words.retain(|w| !hidden(w.span));
    a.emoji.retain(|s| !hidden(*s));
    a.questions.retain(|s| !hidden(*s));
    a.exclamations.retain(|s| !hidden(*s));
    a.exclamation_runs.retain(|s| !hidden(*s));
    // Link targets still count as links; other entities inside code do not.
    a.entities
        .retain(|e| e.kind == postlint_text::EntityKind::Url || !hidden(e.span));
}

fn keep_case(original: &str, replacement: &str) -> String {
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if starts_upper => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Line and column of offsets asked in ascending order, each counted on from
/// the last: linear in the text for all of a rule's places together.
#[derive(Default)]
struct LineCursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl LineCursor {
    fn line_column(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let (Some(step), true) = (text.get(self.offset..offset), self.line > 0) else {
            let (line, column) = line_column(text, offset);
            *self = LineCursor {
                offset,
                line,
                column,
            };
            return (line, column);
        };
        match memchr::memrchr(b'\n', step.as_bytes()) {
            Some(nl) => {
                self.line += memchr::memchr_iter(b'\n', step.as_bytes()).count();
                self.column = step[nl + 1..].chars().count() + 1;
            }
            None => self.column += step.chars().count(),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn fill_placeholders(
    t: &str,
    rule: &CompiledRule,
    ctx: &Context<'_>,
    ev: &mut Evaluator<'_, '_>,
    matched: &str,
    count: usize,
) -> String {
    use std::fmt::Write;
    eval::fill_template(t, |name, out| {
        let _ = match name {
            "match" => out.write_str(matched),
            "count" => write!(out, "{count}"),
            "platform" => out.write_str(&ctx.platform.name),
            "lang" => out.write_str(ctx.lang),
            "kind" => out.write_str(ctx.kind.as_str()),
            other if other.starts_with("platform.") => {
                let prop = Node::PlatformProp(other["platform.".len()..].to_string());
                let whole = ev.whole();
                write!(out, "{}", ParamValue::Num(ev.eval(&prop, whole)))
            }
            other => match (
                eval::Measure::parse(other),
                rule.param_names.iter().position(|p| p == other),
            ) {
                (Some(m), _) => {
                    let whole = ev.whole();
                    let v = ev.eval(&Node::Measure(m), whole);
                    if v.is_nan() {
                        out.write_str("?")
                    } else {
                        write!(out, "{}", ParamValue::Num(v))
                    }
                }
                (None, Some(i)) => out.write_str(&param_text(&rule.params[i])),
                _ => return false,
            },
        };
        true
    })
}

/// A parameter as a message shows it: fractions as percentages (`30%`).
pub(crate) fn param_text(p: &ParamValue) -> String {
    match p {
        ParamValue::Num(n) if *n < 1.0 && *n > 0.0 => format!("{}%", (n * 100.0).round()),
        p => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_cursor_counts_like_line_column() {
        let text = "één\ntwee 😀 drie\n\nvier, vijf";
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut cursor = LineCursor::default();
        for &o in &offsets {
            assert_eq!(cursor.line_column(text, o), line_column(text, o), "at {o}");
        }
        // Asked out of order, it starts again from the top.
        assert_eq!(cursor.line_column(text, 0), (1, 1));
    }
}
