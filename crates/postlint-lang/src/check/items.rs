//! The blocks of a rule file and their settings: pack, platform, lexicon,
//! rule, override.

use crate::ast::*;
use crate::builtins::{self, ExampleKey, Measure, PlatformSetting, RuleSetting, Target};
use crate::diagnostic::{Code, Problem};

use super::patterns::check_pattern;
use super::suggest::{did_you_mean, one_of};
use super::{value_text, Checker};

impl Checker<'_> {
    pub(super) fn override_rule(&mut self, o: &Override) {
        if !self.known_rule(&o.rule) {
            return;
        }
        for s in &o.settings {
            if self.translation(s, &o.settings, &[]) {
                continue;
            }
            match s.key.node.as_str() {
                "severity" => match &s.value.node {
                    Value::Ident(v) if Severity::parse(v).is_some() => {}
                    _ => self.report(
                        Problem::new(
                            Code::BadSeverity,
                            "unknown severity",
                            s.value.span.clone(),
                            "not a severity",
                        )
                        .with_help("use `error`, `warning` or `suggestion`"),
                    ),
                },
                "enabled" => self.expect_type(s, "yes/no"),
                _ => self.unknown_setting(s, &["severity", "enabled"]),
            }
        }
        let params = self
            .names
            .rules
            .get(&o.rule.node)
            .cloned()
            .unwrap_or_default();
        for p in &o.params {
            match params.iter().find(|(n, _)| *n == p.name.node) {
                None => {
                    let names: Vec<String> = params.iter().map(|(n, _)| n.clone()).collect();
                    let help = if names.is_empty() {
                        "this rule has no parameters".to_string()
                    } else {
                        format!("parameters: {}", names.join(", "))
                    };
                    self.report(
                        Problem::new(
                            Code::UnknownParam,
                            format!("`{}` has no parameter `{}`", o.rule.node, p.name.node),
                            p.name.span.clone(),
                            "unknown parameter",
                        )
                        .with_help(help),
                    );
                }
                Some((_, default)) => {
                    let same = std::mem::discriminant(default)
                        == std::mem::discriminant(&p.default.node)
                        || matches!(
                            (default, &p.default.node),
                            (
                                Value::Num(_) | Value::Percent(_),
                                Value::Num(_) | Value::Percent(_)
                            )
                        );
                    if !same {
                        self.report(
                            Problem::new(
                                Code::WrongType,
                                format!(
                                    "`{}` takes {}, not {}",
                                    p.name.node,
                                    default.type_name(),
                                    p.default.node.type_name()
                                ),
                                p.default.span.clone(),
                                format!("expected {}", default.type_name()),
                            )
                            .with_help("keep the type of the rule's own default"),
                        );
                    }
                }
            }
        }
    }
    pub(super) fn pack_block(&mut self, b: &Block) {
        for s in &b.settings {
            if self.translation(s, &b.settings, &[]) {
                continue;
            }
            match s.key.node.as_str() {
                "version" | "description" => self.expect_type(s, "text"),
                "default" => self.expect_type(s, "yes/no"),
                _ => self.unknown_setting(s, &["version", "description", "default"]),
            }
        }
    }

    pub(super) fn platform(&mut self, b: &Block) {
        for s in &b.settings {
            if self.translation(s, &b.settings, &[]) {
                continue;
            }
            match PlatformSetting::parse(&s.key.node) {
                Some(PlatformSetting::Name | PlatformSetting::Source) => {
                    self.expect_type(s, "text")
                }
                Some(
                    PlatformSetting::Limit
                    | PlatformSetting::Fold
                    | PlatformSetting::HashtagMax
                    | PlatformSetting::HashtagAdvice
                    | PlatformSetting::MaxBytes
                    | PlatformSetting::MaxLinks,
                ) => self.expect_type(s, "number"),
                Some(PlatformSetting::LinksClickable) => self.expect_type(s, "yes/no"),
                Some(PlatformSetting::Tone) => self.expect_type(s, "name"),
                Some(PlatformSetting::Counter) => match &s.value.node {
                    Value::Ident(c) if postlint_counter_known(c) => {}
                    _ => self.report(
                        Problem::new(
                            Code::UnknownCounter,
                            "unknown counter",
                            s.value.span.clone(),
                            "not a counter postlint provides",
                        )
                        .with_help(format!(
                            "choose one of {}",
                            one_of(COUNTERS.iter().copied())
                        )),
                    ),
                },
                None => self.unknown_setting(s, &PlatformSetting::names().collect::<Vec<_>>()),
            }
        }
        if b.get("limit").is_none() {
            self.report(
                Problem::new(
                    Code::MissingSetting,
                    format!("platform `{}` has no limit", b.name.node),
                    b.name.span.clone(),
                    "declared here",
                )
                .with_help("add `limit: 500` (the platform's maximum length)"),
            );
        }
    }
    pub(super) fn lexicon(&mut self, l: &Lexicon) {
        for s in &l.settings {
            if self.translation(s, &l.settings, &[]) {
                continue;
            }
            match s.key.node.as_str() {
                "negation" => self.choice(
                    s,
                    ["skip", "keep"],
                    "`skip` ignores hits right after not/no/niet/geen; `keep` counts them",
                ),
                "quotes" => self.choice(
                    s,
                    ["skip", "keep"],
                    "`skip` ignores hits inside quotation marks; `keep` counts them",
                ),
                "position" => self.choice(
                    s,
                    ["anywhere", "command"],
                    "`command` counts a hit only where it gives an order: at the start of a sentence, line or clause, or after a lead-in such as \"please\" or \"graag\"",
                ),
                "except" => match &s.value.node {
                    Value::Ident(n) | Value::Str(n) => self.lexicon_ref(n, s.value.span.clone()),
                    _ => self.report(
                        Problem::new(
                            Code::WrongType,
                            "`except` names a lexicon",
                            s.value.span.clone(),
                            "expected a lexicon name",
                        )
                        .with_help("write `except: idioms`: a hit inside a phrase of `idioms` does not count"),
                    ),
                },
                "description" => self.expect_type(s, "text"),
                _ => self.unknown_setting(
                    s,
                    &["negation", "quotes", "position", "except", "description"],
                ),
            }
        }
        let total: usize = l.languages.iter().map(|(_, e)| e.len()).sum();
        if total > builtins::MAX_LEXICON_ENTRIES {
            self.report(
                Problem::new(
                    Code::TooLarge,
                    format!("lexicon `{}` has {total} entries", l.name.node),
                    l.name.span.clone(),
                    "too many entries",
                )
                .with_help(format!(
                    "a lexicon holds at most {} entries; split it or use wildcards",
                    builtins::MAX_LEXICON_ENTRIES
                )),
            );
            return;
        }
        for (_, entries) in &l.languages {
            for e in entries {
                if let Err(why) = check_pattern(&e.pattern.node) {
                    self.report(
                        Problem::new(Code::BadEntry, "this lexicon entry cannot be matched", e.pattern.span.clone(), why)
                            .with_help("entries are words or phrases; `*` at the start or end of a word, `(a|b)` for alternatives"),
                    );
                }
            }
        }
    }

    pub(super) fn rule(&mut self, r: &Rule) {
        self.params.clear();
        for p in &r.params {
            if Measure::parse(&p.name.node).is_some() {
                self.report(
                    Problem::new(
                        Code::ParamShadowsMeasure,
                        format!("parameter `{}` has the name of a measure", p.name.node),
                        p.name.span.clone(),
                        "choose another name",
                    )
                    .with_help(format!("try `max_{0}` or `min_{0}`", p.name.node)),
                );
            }
            self.params
                .insert(p.name.node.clone(), p.default.node.clone());
        }
        let mut has_severity = false;
        let mut has_message = false;
        for s in &r.settings {
            if self.translation(s, &r.settings, &["message", "help", "rationale"]) {
                continue;
            }
            match RuleSetting::parse(&s.key.node) {
                Some(RuleSetting::Severity) => {
                    has_severity = true;
                    match &s.value.node {
                        Value::Ident(v) if Severity::parse(v).is_some() => {}
                        _ => self.report(
                            Problem::new(Code::BadSeverity, "unknown severity", s.value.span.clone(), "not a severity")
                                .with_help("use `error`, `warning` or `suggestion`"),
                        ),
                    }
                }
                Some(RuleSetting::Message) => {
                    has_message = true;
                    self.expect_type(s, "text");
                    self.placeholders(s);
                }
                Some(RuleSetting::Help) => {
                    self.expect_type(s, "text");
                    self.placeholders(s);
                }
                Some(RuleSetting::Rationale | RuleSetting::Category) => self.expect_type(s, "text"),
                Some(RuleSetting::Enabled) => self.expect_type(s, "yes/no"),
                Some(RuleSetting::Per) => match &s.value.node {
                    Value::Ident(v) if (v == "platform" || v == "month") && r.calendar => {}
                    _ => self.report(
                        Problem::new(Code::WrongType, "`per` is `platform` or `month`, in calendar rules", s.value.span.clone(), "not supported here")
                            .with_help("write `per: platform` or `per: month` in a `calendar rule` to check each platform or each month apart"),
                    ),
                },
                Some(RuleSetting::Report) => self.choice(
                    s,
                    ["each", "once"],
                    "`each`: a finding for every place the rule matches; `once`: one finding a post (the default unless the message quotes `{match}`)",
                ),
                Some(RuleSetting::Principle) => match &s.value.node {
                    Value::Ident(p) if self.names.principles.contains(p) || p == "none" => {}
                    _ => self.unknown_name("principle", s.value.span.clone(), &value_text(&s.value.node), self.principle_names()),
                },
                Some(RuleSetting::Platforms) => self.name_list(s, "platform"),
                Some(RuleSetting::Languages) => self.expect_type(s, "list"),
                Some(RuleSetting::Kinds) => self.name_list(s, "kind"),
                Some(RuleSetting::At) => match &s.value.node {
                    Value::Ident(t) if Target::parse(t).is_some() => {}
                    _ => self.report(
                        Problem::new(Code::UnknownTarget, "unknown place for `at`", s.value.span.clone(), "not a place in a post")
                            .with_help(format!("use one of {}", one_of(Target::names()))),
                    ),
                },
                None => self.unknown_setting(s, &RuleSetting::names().collect::<Vec<_>>()),
            }
        }
        if !has_severity {
            self.missing(
                r,
                "severity",
                "add `severity: warning` (or error, suggestion)",
            );
        }
        if !has_message {
            self.missing(
                r,
                "message",
                "add `message: \"what is wrong, in one line\"`",
            );
        }
        if r.whens.is_empty() {
            self.missing(
                r,
                "when",
                "add `when: <condition>` saying when the rule fires",
            );
        }
        for w in &r.whens {
            if r.calendar {
                self.calendar_condition(&w.expr);
            } else {
                self.condition(&w.expr);
            }
        }
        for ex in &r.examples {
            for (k, v) in &ex.meta {
                let key = ExampleKey::parse(&k.node);
                if key.is_none() {
                    let help = did_you_mean(&k.node, ExampleKey::names()).unwrap_or_else(|| {
                        format!("examples may set {}", one_of(ExampleKey::names()))
                    });
                    self.report(
                        Problem::new(
                            Code::UnknownSetting,
                            format!("examples cannot set `{}`", k.node),
                            k.span.clone(),
                            "unknown key",
                        )
                        .with_help(help),
                    );
                }
                if key == Some(ExampleKey::Severity)
                    && !matches!(&v.node, Value::Ident(s) if Severity::parse(s).is_some())
                {
                    self.report(
                        Problem::new(
                            Code::BadSeverity,
                            "unknown severity",
                            v.span.clone(),
                            "not a severity",
                        )
                        .with_help("use `error`, `warning` or `suggestion`"),
                    );
                }
                if key == Some(ExampleKey::Platform) {
                    if let Value::Ident(p) = &v.node {
                        if !self.names.platforms.contains(p) {
                            self.unknown_name("platform", v.span.clone(), p, self.platform_names());
                        }
                    }
                }
            }
        }
    }
}

const COUNTERS: &[&str] = &["x", "graphemes", "mastodon", "chars", "utf16", "bytes"];

fn postlint_counter_known(name: &str) -> bool {
    COUNTERS.contains(&name)
}
