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
mod findings;
mod lexicon;
pub mod model;
mod native;
pub mod occasions;
mod pack_files;
pub mod pillars;
mod position;
mod post;
mod regex_forms;
mod regex_search;

use std::collections::BTreeMap;

pub use calendar::{CalendarFinding, CalendarReport, CalendarSummary, PostSummary};
pub use examples::ExampleFailure;
pub use model::*;
pub use native::{NativeFunction, NativeInput};
pub use postlint_lang::builtins::{ArgKind, ResultType};
pub use postlint_lang::{FileProblems, Problem};

use eval::{Node, Target};
pub use findings::line_column;
pub(crate) use findings::param_text;

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
    /// `per:`: how a calendar rule groups the posts.
    per: calendar::Per,
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
    /// The holiday table of `calendar/stale-seasonal`: country, the
    /// occasions' lexicons, the team's events.
    occasions: occasions::Occasions,
    /// The content pillars of `calendar/pillar-drift` (`pillars:` in the config).
    pillars: pillars::Pillars,
    /// `core.humor` and `core.sales`, for the calendar summary.
    summary_lexicons: (Option<usize>, Option<usize>),
    /// `core.command_leads` and `core.command_joins`, for `position: command`.
    command_words: position::CommandWords,
    /// Languages the lexicons cover (detection chooses among these).
    languages: Vec<String>,
    default_platform: String,
    default_lang: String,
    /// The language findings' messages and help are written in (`nl`); a
    /// rule without it falls back to its default text.
    ui_lang: String,
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
    /// The language of the messages and help of findings.
    pub fn ui_lang(&self) -> &str {
        &self.ui_lang
    }
    /// Write findings' messages and help in `lang` (`en`, `nl`) where the
    /// rules have it. Not the post's language: the reader's.
    pub fn set_ui_lang(&mut self, lang: &str) {
        self.ui_lang = lang.to_string();
    }
    /// The languages some loaded rule or principle is translated into.
    pub fn translated_languages(&self) -> Vec<&str> {
        let mut langs: Vec<&str> = self
            .rules
            .iter()
            .flat_map(|r| r.info.translations.keys())
            .chain(
                self.principles
                    .iter()
                    .flat_map(|p| p.info.translations.keys()),
            )
            .map(String::as_str)
            .collect();
        langs.sort_unstable();
        langs.dedup();
        langs
    }

    pub fn default_lang(&self) -> &str {
        &self.default_lang
    }
    pub fn set_default_lang(&mut self, code: &str) {
        self.default_lang = code.to_string();
    }

    /// The country whose holiday dates the calendar rules use (default NL).
    pub fn set_country(&mut self, country: occasions::Country) {
        self.occasions.country = country;
    }

    /// A team's own events, after the built-in holidays; at most
    /// [`occasions::MAX_EVENTS`] are kept.
    pub fn set_events(&mut self, mut events: Vec<occasions::Event>) {
        events.truncate(occasions::MAX_EVENTS);
        self.occasions.set_events(events);
    }

    /// The team's content pillars and their target shares; at most
    /// [`pillars::MAX_PILLARS`] are kept.
    pub fn set_pillars(&mut self, list: Vec<pillars::Pillar>) {
        self.pillars = pillars::Pillars::new(list);
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
            occasions: 0,
            pillar: 0,
            flags: 0,
        });
        (report, summary)
    }

    /// Evaluate the enabled calendar rules over the summaries of a batch.
    pub fn evaluate_calendar(&self, posts: &[PostSummary]) -> CalendarReport {
        calendar_eval::evaluate(self, posts, &self.pillars, |r| r.enabled)
    }

    /// Run every rule's examples; returns the failures (empty when all pass)
    /// and the number of examples run.
    pub fn run_examples(&self) -> (usize, Vec<ExampleFailure>) {
        examples::run(self)
    }
}
