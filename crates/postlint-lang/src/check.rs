//! The checking pass: resolves names (lexicons, principles, platforms,
//! parameters), checks types and settings, and reports every mistake of every
//! file with its span. It never evaluates a post.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::builtins::{self, ArgKind, PropType, ResultType};
use crate::diagnostic::Problem;
use crate::ParsedFile;

/// A function registered by a program that embeds postlint.
#[derive(Debug, Clone)]
pub struct NativeSignature {
    pub name: String,
    pub args: Vec<ArgKind>,
    pub result: ResultType,
    pub doc: String,
}

/// Names declared across all loaded files, for resolving references.
#[derive(Debug, Default)]
pub struct Names {
    /// (pack, lexicon) pairs.
    pub lexicons: BTreeSet<(String, String)>,
    pub principles: BTreeSet<String>,
    pub platforms: BTreeSet<String>,
    /// Full rule ids (`pack/rule`) and their parameters with defaults.
    pub rules: BTreeMap<String, Vec<(String, Value)>>,
    pub natives: Vec<NativeSignature>,
}

impl Names {
    pub fn collect(files: &[ParsedFile], natives: &[NativeSignature]) -> Names {
        let mut names = Names {
            natives: natives.to_vec(),
            ..Names::default()
        };
        for f in files {
            for item in &f.ast.items {
                match item {
                    Item::Lexicon(l) => {
                        names.lexicons.insert((f.pack.clone(), l.name.node.clone()));
                    }
                    Item::Principle(p) => {
                        names.principles.insert(p.name.node.clone());
                    }
                    Item::Platform(p) => {
                        names.platforms.insert(p.name.node.clone());
                    }
                    Item::Rule(r) => {
                        let params = r
                            .params
                            .iter()
                            .map(|p| (p.name.node.clone(), p.default.node.clone()))
                            .collect();
                        names
                            .rules
                            .insert(format!("{}/{}", f.pack, r.name.node), params);
                    }
                    _ => {}
                }
            }
        }
        names
    }

    /// Resolve a lexicon reference from `pack`: `pack.name` as written, else
    /// the pack's own lexicon, else the `core` pack's.
    pub fn resolve_lexicon(&self, pack: &str, name: &str) -> Option<(String, String)> {
        if let Some((p, n)) = name.split_once('.') {
            let key = (p.to_string(), n.to_string());
            return self.lexicons.contains(&key).then_some(key);
        }
        [pack, "core"]
            .iter()
            .map(|p| (p.to_string(), name.to_string()))
            .find(|k| self.lexicons.contains(k))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Num,
    Bool,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Num => "a number",
            Ty::Bool => "a yes/no condition",
        }
    }
}

/// Check one parsed file against the names of all files. Returns every problem found.
pub fn check_file(file: &ParsedFile, names: &Names) -> Vec<Problem> {
    let mut c = Checker {
        names,
        pack: &file.pack,
        problems: Vec::new(),
        params: BTreeMap::new(),
        calendar: false,
    };
    c.file(&file.ast);
    c.problems
}

struct Checker<'a> {
    names: &'a Names,
    pack: &'a str,
    problems: Vec<Problem>,
    params: BTreeMap<String, Value>,
    /// Checking the top level of a calendar rule's condition.
    calendar: bool,
}

fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(word, c);
        if d <= 2.max(word.len() / 3) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn one_of(list: &[&str]) -> String {
    list.iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Checker<'_> {
    fn report(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn file(&mut self, file: &File) {
        let mut rule_ids: BTreeMap<&str, Span> = BTreeMap::new();
        let mut lexicons: BTreeMap<&str, Span> = BTreeMap::new();
        for item in &file.items {
            match item {
                Item::Pack(b) => self.pack_block(b),
                Item::Platform(b) => self.platform(b),
                Item::Lexicon(l) => {
                    if let Some(first) = lexicons.insert(&l.name.node, l.name.span.clone()) {
                        self.duplicate("lexicon", &l.name, first);
                    }
                    self.lexicon(l);
                }
                Item::Principle(p) => {
                    for s in &p.settings {
                        if !["name", "description"].contains(&s.key.node.as_str()) {
                            self.unknown_setting(s, &["name", "description"]);
                        }
                    }
                    self.params.clear();
                    for w in &p.signals {
                        self.condition(&w.expr);
                    }
                }
                Item::Rule(r) => {
                    if let Some(first) = rule_ids.insert(&r.name.node, r.name.span.clone()) {
                        self.duplicate("rule", &r.name, first);
                    }
                    self.rule(r);
                }
                Item::Extend(l) => {
                    if self
                        .names
                        .resolve_lexicon(self.pack, &l.name.node)
                        .is_none()
                    {
                        let known: Vec<String> = self
                            .names
                            .lexicons
                            .iter()
                            .map(|(p, n)| format!("{p}.{n}"))
                            .collect();
                        self.unknown_name("lexicon", l.name.span.clone(), &l.name.node, known);
                    }
                    self.lexicon(l);
                }
                Item::Disable(id) => {
                    self.known_rule(id);
                }
                Item::Override(o) => self.override_rule(o),
            }
        }
    }

    fn known_rule(&mut self, id: &Spanned<String>) -> bool {
        if self.names.rules.contains_key(&id.node) {
            return true;
        }
        let known: Vec<String> = self.names.rules.keys().cloned().collect();
        self.unknown_name("rule", id.span.clone(), &id.node, known);
        false
    }

    fn override_rule(&mut self, o: &Override) {
        if !self.known_rule(&o.rule) {
            return;
        }
        for s in &o.settings {
            match s.key.node.as_str() {
                "severity" => match &s.value.node {
                    Value::Ident(v) if Severity::parse(v).is_some() => {}
                    _ => self.report(
                        Problem::new(
                            "postlint::rules::bad_severity",
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
                            "postlint::rules::unknown_param",
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
                                "postlint::rules::wrong_type",
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

    fn duplicate(&mut self, what: &str, name: &Spanned<String>, first: Span) {
        self.report(
            Problem::new(
                "postlint::rules::duplicate",
                format!("{what} `{}` is defined twice", name.node),
                name.span.clone(),
                "defined again here",
            )
            .with_help(format!(
                "the first definition is at byte {}; rename or remove one",
                first.start
            )),
        );
    }

    fn unknown_setting(&mut self, s: &Setting, valid: &[&str]) {
        let help = did_you_mean(&s.key.node, valid.iter().copied())
            .unwrap_or_else(|| format!("valid settings here: {}", one_of(valid)));
        self.report(
            Problem::new(
                "postlint::rules::unknown_setting",
                format!("unknown setting `{}`", s.key.node),
                s.key.span.clone(),
                "not a setting here",
            )
            .with_help(help),
        );
    }

    fn expect_type(&mut self, s: &Setting, want: &str) {
        let ok = match want {
            "text" => matches!(s.value.node, Value::Str(_)),
            "number" => matches!(s.value.node, Value::Num(_)),
            "name" => matches!(s.value.node, Value::Ident(_)),
            "yes/no" => matches!(&s.value.node, Value::Ident(v) if v == "yes" || v == "no"),
            "list" => matches!(s.value.node, Value::List(_)),
            _ => true,
        };
        if !ok {
            self.report(
                Problem::new(
                    "postlint::rules::wrong_type",
                    format!(
                        "`{}` takes {want}, not {}",
                        s.key.node,
                        s.value.node.type_name()
                    ),
                    s.value.span.clone(),
                    format!("expected {want}"),
                )
                .with_help(match want {
                    "text" => "put text in double quotes: \"like this\"",
                    "yes/no" => "write `yes` or `no`",
                    "list" => "write a list in brackets: [x, linkedin]",
                    _ => "see docs/rule-language.md for the settings and their types",
                }),
            );
        }
    }

    fn pack_block(&mut self, b: &Block) {
        for s in &b.settings {
            match s.key.node.as_str() {
                "version" | "description" => self.expect_type(s, "text"),
                "default" => self.expect_type(s, "yes/no"),
                _ => self.unknown_setting(s, &["version", "description", "default"]),
            }
        }
    }

    fn platform(&mut self, b: &Block) {
        for s in &b.settings {
            match s.key.node.as_str() {
                "name" | "source" => self.expect_type(s, "text"),
                "limit" | "fold" | "hashtag_max" | "hashtag_advice" | "max_bytes" | "max_links" => {
                    self.expect_type(s, "number")
                }
                "links_clickable" => self.expect_type(s, "yes/no"),
                "tone" => self.expect_type(s, "name"),
                "counter" => match &s.value.node {
                    Value::Ident(c) if postlint_counter_known(c) => {}
                    _ => self.report(
                        Problem::new(
                            "postlint::rules::unknown_counter",
                            "unknown counter",
                            s.value.span.clone(),
                            "not a counter postlint provides",
                        )
                        .with_help(format!("choose one of {}", one_of(COUNTERS))),
                    ),
                },
                _ => self.unknown_setting(s, builtins::PLATFORM_SETTINGS),
            }
        }
        if b.get("limit").is_none() {
            self.report(
                Problem::new(
                    "postlint::rules::missing_setting",
                    format!("platform `{}` has no limit", b.name.node),
                    b.name.span.clone(),
                    "declared here",
                )
                .with_help("add `limit: 500` (the platform's maximum length)"),
            );
        }
    }

    /// A lexicon named from this pack: its own, `core`'s, or `pack.name`.
    fn lexicon_ref(&mut self, name: &str, span: Span) {
        if self.names.resolve_lexicon(self.pack, name).is_some() {
            return;
        }
        let known: Vec<String> = self
            .names
            .lexicons
            .iter()
            .filter(|(p, _)| p == self.pack || p == "core")
            .map(|(_, l)| l.clone())
            .collect();
        self.unknown_name("lexicon", span, name, known);
    }

    /// A setting whose value is one of two names.
    fn choice(&mut self, s: &Setting, [a, b]: [&str; 2], help: &str) {
        if matches!(&s.value.node, Value::Ident(v) if v == a || v == b) {
            return;
        }
        self.report(
            Problem::new(
                "postlint::rules::wrong_type",
                format!("`{}` is `{a}` or `{b}`", s.key.node),
                s.value.span.clone(),
                format!("expected `{a}` or `{b}`"),
            )
            .with_help(help),
        );
    }

    fn lexicon(&mut self, l: &Lexicon) {
        for s in &l.settings {
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
                            "postlint::rules::wrong_type",
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
                    "postlint::rules::too_large",
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
                        Problem::new("postlint::rules::bad_entry", "this lexicon entry cannot be matched", e.pattern.span.clone(), why)
                            .with_help("entries are words or phrases; `*` at the start or end of a word, `(a|b)` for alternatives"),
                    );
                }
            }
        }
    }

    fn rule(&mut self, r: &Rule) {
        self.params.clear();
        for p in &r.params {
            if builtins::is_measure(&p.name.node) {
                self.report(
                    Problem::new(
                        "postlint::rules::param_shadows_measure",
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
            match s.key.node.as_str() {
                "severity" => {
                    has_severity = true;
                    match &s.value.node {
                        Value::Ident(v) if Severity::parse(v).is_some() => {}
                        _ => self.report(
                            Problem::new("postlint::rules::bad_severity", "unknown severity", s.value.span.clone(), "not a severity")
                                .with_help("use `error`, `warning` or `suggestion`"),
                        ),
                    }
                }
                "message" => {
                    has_message = true;
                    self.expect_type(s, "text");
                    self.placeholders(s);
                }
                "help" => {
                    self.expect_type(s, "text");
                    self.placeholders(s);
                }
                "rationale" | "category" => self.expect_type(s, "text"),
                "enabled" => self.expect_type(s, "yes/no"),
                "per" => match &s.value.node {
                    Value::Ident(v) if v == "platform" && r.calendar => {}
                    _ => self.report(
                        Problem::new("postlint::rules::wrong_type", "`per` is `platform`, in calendar rules", s.value.span.clone(), "not supported here")
                            .with_help("write `per: platform` in a `calendar rule` to check each platform apart"),
                    ),
                },
                "report" => self.choice(
                    s,
                    ["each", "once"],
                    "`each`: a finding for every place the rule matches; `once`: one finding a post (the default unless the message quotes `{match}`)",
                ),
                "principle" => match &s.value.node {
                    Value::Ident(p) if self.names.principles.contains(p) || p == "none" => {}
                    _ => self.unknown_name("principle", s.value.span.clone(), &value_text(&s.value.node), self.principle_names()),
                },
                "platforms" => self.name_list(s, "platform"),
                "languages" => self.expect_type(s, "list"),
                "kinds" => self.name_list(s, "kind"),
                "at" => match &s.value.node {
                    Value::Ident(t) if builtins::TARGETS.contains(&t.as_str()) => {}
                    _ => self.report(
                        Problem::new("postlint::rules::unknown_target", "unknown place for `at`", s.value.span.clone(), "not a place in a post")
                            .with_help(format!("use one of {}", one_of(builtins::TARGETS))),
                    ),
                },
                _ => self.unknown_setting(s, builtins::RULE_SETTINGS),
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
                if !builtins::EXAMPLE_META.contains(&k.node.as_str()) {
                    let help = did_you_mean(&k.node, builtins::EXAMPLE_META.iter().copied())
                        .unwrap_or_else(|| {
                            format!("examples may set {}", one_of(builtins::EXAMPLE_META))
                        });
                    self.report(
                        Problem::new(
                            "postlint::rules::unknown_setting",
                            format!("examples cannot set `{}`", k.node),
                            k.span.clone(),
                            "unknown key",
                        )
                        .with_help(help),
                    );
                }
                if k.node == "severity"
                    && !matches!(&v.node, Value::Ident(s) if Severity::parse(s).is_some())
                {
                    self.report(
                        Problem::new(
                            "postlint::rules::bad_severity",
                            "unknown severity",
                            v.span.clone(),
                            "not a severity",
                        )
                        .with_help("use `error`, `warning` or `suggestion`"),
                    );
                }
                if k.node == "platform" {
                    if let Value::Ident(p) = &v.node {
                        if !self.names.platforms.contains(p) {
                            self.unknown_name("platform", v.span.clone(), p, self.platform_names());
                        }
                    }
                }
            }
        }
    }

    fn missing(&mut self, r: &Rule, what: &str, help: &str) {
        self.report(
            Problem::new(
                "postlint::rules::missing_setting",
                format!("rule `{}` has no {what}", r.name.node),
                r.name.span.clone(),
                "this rule",
            )
            .with_help(help.to_string()),
        );
    }

    fn principle_names(&self) -> Vec<String> {
        self.names.principles.iter().cloned().collect()
    }
    fn platform_names(&self) -> Vec<String> {
        self.names.platforms.iter().cloned().collect()
    }

    fn unknown_name(&mut self, what: &str, span: Span, name: &str, known: Vec<String>) {
        let help = did_you_mean(name, known.iter().map(String::as_str)).unwrap_or_else(|| {
            if known.is_empty() {
                format!("no {what} of that name is declared")
            } else {
                format!("known: {}", known.join(", "))
            }
        });
        self.report(
            Problem::new(
                format_code(what),
                format!("unknown {what} `{name}`"),
                span,
                format!("no {what} of this name"),
            )
            .with_help(help),
        );
    }

    fn name_list(&mut self, s: &Setting, what: &str) {
        let Value::List(items) = &s.value.node else {
            self.expect_type(s, "list");
            return;
        };
        for it in items {
            let name = value_text(&it.node);
            let ok = match what {
                "platform" => self.names.platforms.contains(&name),
                "kind" => name == "post" || name == "reply",
                _ => true,
            };
            if !ok {
                let known = if what == "platform" {
                    self.platform_names()
                } else {
                    vec!["post".into(), "reply".into()]
                };
                self.unknown_name(what, it.span.clone(), &name, known);
            }
        }
    }

    fn placeholders(&mut self, s: &Setting) {
        let Value::Str(text) = &s.value.node else {
            return;
        };
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let name = &after[..close];
            let platform_prop = name
                .strip_prefix("platform.")
                .is_some_and(|p| builtins::PLATFORM_PROPERTIES.iter().any(|(n, _)| *n == p));
            let calendar =
                builtins::CALENDAR_MEASURES.iter().any(|(m, _)| *m == name) || name == "share";
            let known = builtins::is_measure(name)
                || self.params.contains_key(name)
                || PLACEHOLDERS.contains(&name)
                || platform_prop
                || calendar;
            if !known {
                let mut candidates: Vec<&str> =
                    builtins::MEASURES.iter().map(|(m, _)| *m).collect();
                candidates.extend(PLACEHOLDERS);
                candidates.extend(self.params.keys().map(String::as_str));
                let help = did_you_mean(name, candidates).unwrap_or_else(|| {
                    "use a measure, a parameter, {match}, {count} or {platform}".to_string()
                });
                self.report(
                    Problem::new(
                        "postlint::rules::unknown_placeholder",
                        format!("unknown placeholder `{{{name}}}`"),
                        s.value.span.clone(),
                        "in this text",
                    )
                    .with_help(help),
                );
            }
            rest = &after[close + 1..];
        }
    }

    fn condition(&mut self, e: &Expr) {
        if let Some(t) = self.ty(e, 0) {
            if t != Ty::Bool {
                self.report(
                    Problem::new(
                        "postlint::rules::wrong_type",
                        "a condition must be yes or no, not a number",
                        e.span.clone(),
                        "this is a number",
                    )
                    .with_help("compare it: `hashtags > 3`"),
                );
            }
        }
    }

    fn calendar_condition(&mut self, e: &Expr) {
        self.calendar = true;
        self.condition(e);
        self.calendar = false;
    }

    fn want(&mut self, e: &Expr, want: Ty, depth: usize) {
        if let Some(t) = self.ty(e, depth) {
            if t != want {
                self.report(
                    Problem::new(
                        "postlint::rules::wrong_type",
                        format!("expected {}, found {}", want.name(), t.name()),
                        e.span.clone(),
                        format!("this is {}", t.name()),
                    )
                    .with_help(if want == Ty::Bool {
                        "compare a number to get a condition: `questions > 2`"
                    } else {
                        "use a measure, a parameter or a number here"
                    }),
                );
            }
        }
    }

    fn ty(&mut self, e: &Expr, depth: usize) -> Option<Ty> {
        if depth > builtins::MAX_DEPTH {
            self.report(
                Problem::new(
                    "postlint::rules::too_deep",
                    "this condition is nested too deeply",
                    e.span.clone(),
                    "over 32 levels deep",
                )
                .with_help("split it into simpler conditions or several `when` clauses"),
            );
            return None;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Or(parts) | ExprKind::And(parts) => {
                for p in parts {
                    self.want(p, Ty::Bool, d);
                }
                Some(Ty::Bool)
            }
            ExprKind::Not(inner) => {
                self.want(inner, Ty::Bool, d);
                Some(Ty::Bool)
            }
            ExprKind::Cmp(l, _, r) => {
                self.want(l, Ty::Num, d);
                self.want(r, Ty::Num, d);
                Some(Ty::Bool)
            }
            ExprKind::Arith(l, _, r) => {
                self.want(l, Ty::Num, d);
                self.want(r, Ty::Num, d);
                Some(Ty::Num)
            }
            ExprKind::Num(_) => Some(Ty::Num),
            ExprKind::Path(path) => self.path(path, e.span.clone()),
            ExprKind::Call { name, args } => self.call(name, args, e.span.clone()),
            ExprKind::Scoped { scope, expr } => {
                if !builtins::SCOPES.iter().any(|(s, _)| *s == scope.node) {
                    let names: Vec<&str> = builtins::SCOPES.iter().map(|(s, _)| *s).collect();
                    let help = did_you_mean(&scope.node, names.iter().copied())
                        .unwrap_or_else(|| format!("scopes: {}", one_of(&names)));
                    self.report(
                        Problem::new(
                            "postlint::rules::unknown_scope",
                            format!("unknown scope `{}`", scope.node),
                            scope.span.clone(),
                            "not a scope",
                        )
                        .with_help(help),
                    );
                }
                self.ty(expr, d)
            }
            ExprKind::Quantified { expr, .. } => {
                self.want(expr, Ty::Bool, d);
                Some(Ty::Bool)
            }
            ExprKind::Member {
                subject, values, ..
            } => {
                self.member(subject, values);
                Some(Ty::Bool)
            }
        }
    }

    fn path(&mut self, path: &[String], span: Span) -> Option<Ty> {
        match path {
            [one] if self.calendar && builtins::CALENDAR_MEASURES.iter().any(|(m, _)| m == one) => {
                Some(Ty::Num)
            }
            [one] if self.calendar && builtins::is_measure(one) => {
                self.report(
                    Problem::new(
                        "postlint::rules::wrong_level",
                        format!("`{one}` is a measure of one post"),
                        span,
                        "not a calendar measure",
                    )
                    .with_help(format!(
                        "use it inside an aggregate: `share({one} >= 1) > 50%`"
                    )),
                );
                None
            }
            [one] if builtins::is_measure(one) => Some(Ty::Num),
            [one] => match self.params.get(one) {
                Some(Value::Num(_)) | Some(Value::Percent(_)) => Some(Ty::Num),
                Some(Value::Ident(v)) if v == "yes" || v == "no" => Some(Ty::Bool),
                Some(other) => {
                    let t = other.type_name();
                    self.report(
                        Problem::new(
                            "postlint::rules::wrong_type",
                            format!("parameter `{one}` is {t}, not a number"),
                            span,
                            "used as a number here",
                        )
                        .with_help("lists are used with `in`: `platform in my_list`"),
                    );
                    None
                }
                None => {
                    let mut candidates: Vec<&str> =
                        builtins::MEASURES.iter().map(|(m, _)| *m).collect();
                    candidates.extend(self.params.keys().map(String::as_str));
                    let help = did_you_mean(one, candidates).unwrap_or_else(|| "declare it with `param NAME = VALUE`, or use a measure (see docs/rule-language.md)".into());
                    self.report(
                        Problem::new(
                            "postlint::rules::unknown_name",
                            format!("unknown name `{one}`"),
                            span,
                            "not a measure or parameter",
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            [platform, prop] if platform == "platform" => match builtins::PLATFORM_PROPERTIES
                .iter()
                .find(|(p, _)| p == prop)
            {
                Some((_, PropType::Num)) => Some(Ty::Num),
                Some((_, PropType::Bool)) => Some(Ty::Bool),
                Some((_, PropType::Name)) => {
                    self.report(
                        Problem::new(
                            "postlint::rules::wrong_type",
                            format!("`platform.{prop}` is a name"),
                            span,
                            "compare it with `is`",
                        )
                        .with_help(format!("write `platform.{prop} is professional`")),
                    );
                    None
                }
                None => {
                    let names: Vec<&str> = builtins::PLATFORM_PROPERTIES
                        .iter()
                        .map(|(p, _)| *p)
                        .collect();
                    let help = did_you_mean(prop, names.iter().copied())
                        .unwrap_or_else(|| format!("properties: {}", one_of(&names)));
                    self.report(
                        Problem::new(
                            "postlint::rules::unknown_name",
                            format!("platforms have no property `{prop}`"),
                            span,
                            "unknown property",
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            _ => {
                self.report(
                    Problem::new(
                        "postlint::rules::unknown_name",
                        format!("unknown name `{}`", path.join(".")),
                        span,
                        "not a measure or property",
                    )
                    .with_help("use `platform.limit`-style properties or a measure"),
                );
                None
            }
        }
    }

    fn call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        if builtins::CALENDAR_FUNCTIONS
            .iter()
            .any(|(n, _)| *n == name.node)
        {
            if !self.calendar {
                self.report(
                    Problem::new(
                        "postlint::rules::wrong_level",
                        format!("`{}` is for calendar rules", name.node),
                        name.span.clone(),
                        "an aggregate over many posts",
                    )
                    .with_help("write `calendar rule NAME { … }` to check a batch of posts"),
                );
                return None;
            }
            let [arg] = args else {
                self.report(
                    Problem::new(
                        "postlint::rules::wrong_arguments",
                        format!("`{}` takes one condition", name.node),
                        span,
                        "one condition expected",
                    )
                    .with_help(format!("write `{}(questions >= 1)`", name.node)),
                );
                return None;
            };
            self.calendar = false;
            match arg {
                Arg::Expr(e) => self.want(e, Ty::Bool, 1),
                Arg::Name(n) => {
                    let e = Expr {
                        kind: ExprKind::Path(n.node.split('.').map(str::to_string).collect()),
                        span: n.span.clone(),
                    };
                    self.want(&e, Ty::Bool, 1);
                }
                Arg::Num(n) => self.report(
                    Problem::new(
                        "postlint::rules::wrong_type",
                        "expected a condition, found a number",
                        n.span.clone(),
                        "a number",
                    )
                    .with_help("compare it: `share(hashtags > 3)`"),
                ),
                Arg::Regex(r) => self.report(
                    Problem::new(
                        "postlint::rules::wrong_type",
                        "expected a condition, found a regular expression",
                        r.span.clone(),
                        "a regex",
                    )
                    .with_help("write `share(matches(/…/))`"),
                ),
            }
            self.calendar = true;
            return Some(Ty::Num);
        }
        let builtin = builtins::FUNCTIONS
            .iter()
            .find(|(n, ..)| *n == name.node)
            .map(|(_, a, r, _)| (a.to_vec(), *r));
        let native = self
            .names
            .natives
            .iter()
            .find(|n| n.name == name.node)
            .map(|n| (n.args.clone(), n.result));
        let Some((kinds, result)) = builtin.or(native) else {
            let mut names: Vec<&str> = builtins::FUNCTIONS.iter().map(|(n, ..)| *n).collect();
            names.extend(self.names.natives.iter().map(|n| n.name.as_str()));
            let help = did_you_mean(&name.node, names.iter().copied())
                .unwrap_or_else(|| format!("functions: {}", one_of(&names)));
            self.report(
                Problem::new(
                    "postlint::rules::unknown_function",
                    format!("unknown function `{}`", name.node),
                    name.span.clone(),
                    "not a function",
                )
                .with_help(help),
            );
            return None;
        };
        if kinds.len() != args.len() {
            self.report(
                Problem::new(
                    "postlint::rules::wrong_arguments",
                    format!(
                        "`{}` takes {} argument(s), found {}",
                        name.node,
                        kinds.len(),
                        args.len()
                    ),
                    span,
                    "wrong number of arguments",
                )
                .with_help(format!(
                    "write `{}({})`",
                    name.node,
                    kinds
                        .iter()
                        .map(|k| arg_kind_name(*k))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        for (kind, arg) in kinds.iter().zip(args) {
            match (kind, arg) {
                (ArgKind::Lexicon, Arg::Name(n)) => {
                    self.lexicon_ref(&n.node, n.span.clone());
                }
                (ArgKind::Principle, Arg::Name(n)) => {
                    if !self.names.principles.contains(&n.node) {
                        self.unknown_name(
                            "principle",
                            n.span.clone(),
                            &n.node,
                            self.principle_names(),
                        );
                    }
                }
                (ArgKind::Regex, Arg::Regex(r)) => {
                    if let Err(why) = builtins::compile_regex(&r.node) {
                        self.report(
                            Problem::new("postlint::rules::bad_regex", "this regular expression does not compile", r.span.clone(), why)
                                .with_help("postlint uses Rust regex syntax (no look-around or back-references)"),
                        );
                    }
                }
                (ArgKind::Number, Arg::Num(_)) => {}
                (ArgKind::Number, Arg::Expr(e)) => self.want(e, Ty::Num, 1),
                (ArgKind::List, Arg::Name(n))
                    if matches!(self.params.get(&n.node), Some(Value::List(_))) => {}
                (ArgKind::Number, Arg::Name(n))
                    if builtins::is_measure(&n.node)
                        || matches!(
                            self.params.get(&n.node),
                            Some(Value::Num(_) | Value::Percent(_))
                        ) => {}
                (k, a) => {
                    let s = match a {
                        Arg::Name(n) => n.span.clone(),
                        Arg::Regex(r) => r.span.clone(),
                        Arg::Num(n) => n.span.clone(),
                        Arg::Expr(e) => e.span.clone(),
                    };
                    self.report(
                        Problem::new(
                            "postlint::rules::wrong_arguments",
                            format!("`{}` expects {} here", name.node, arg_kind_name(*k)),
                            s,
                            format!("expected {}", arg_kind_name(*k)),
                        )
                        .with_help("see the list of functions in docs/rule-language.md"),
                    );
                }
            }
        }
        Some(match result {
            ResultType::Num => Ty::Num,
            ResultType::Bool => Ty::Bool,
        })
    }

    fn member(&mut self, subject: &Spanned<Vec<String>>, values: &MemberValues) {
        let key = subject.node.join(".");
        let allowed: Option<Vec<String>> = match key.as_str() {
            "platform" => Some(self.platform_names()),
            "kind" => Some(vec!["post".into(), "reply".into()]),
            "media" => Some(vec!["yes".into(), "no".into(), "unknown".into()]),
            "lang" | "platform.tone" => None,
            _ => {
                self.report(
                    Problem::new(
                        "postlint::rules::unknown_name",
                        format!("`{key}` cannot be tested with `is`/`in`"),
                        subject.span.clone(),
                        "not metadata",
                    )
                    .with_help("`is` and `in` test platform, lang, kind, media and platform.tone"),
                );
                return;
            }
        };
        let check = |me: &mut Self, v: &Spanned<String>| {
            if let Some(allowed) = &allowed {
                if !allowed.contains(&v.node) {
                    me.unknown_name(&key, v.span.clone(), &v.node, allowed.clone());
                }
            }
        };
        match values {
            MemberValues::List(vs) => vs.iter().for_each(|v| check(self, v)),
            MemberValues::Name(n) => match self.params.get(&n.node).cloned() {
                Some(Value::List(items)) => {
                    for it in items {
                        let v = Spanned::new(value_text(&it.node), it.span.clone());
                        check(self, &v);
                    }
                }
                _ => check(self, n),
            },
        }
    }
}

fn format_code(what: &str) -> &'static str {
    match what {
        "lexicon" => "postlint::rules::unknown_lexicon",
        "principle" => "postlint::rules::unknown_principle",
        "platform" => "postlint::rules::unknown_platform",
        "rule" => "postlint::rules::unknown_rule",
        _ => "postlint::rules::unknown_name",
    }
}

fn arg_kind_name(k: ArgKind) -> &'static str {
    match k {
        ArgKind::Lexicon => "a lexicon name",
        ArgKind::Regex => "a /regular expression/",
        ArgKind::Principle => "a principle name",
        ArgKind::Number => "a number",
        ArgKind::List => "a parameter holding a list",
    }
}

/// Placeholders a message can use besides measures and parameters.
pub const PLACEHOLDERS: &[&str] = &["match", "count", "platform", "lang", "kind"];

const COUNTERS: &[&str] = &["x", "graphemes", "mastodon", "chars", "utf16", "bytes"];

fn postlint_counter_known(name: &str) -> bool {
    COUNTERS.contains(&name)
}

/// The text of a name or string value.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Str(s) | Value::Ident(s) => s.clone(),
        Value::Num(n) => n.to_string(),
        Value::Percent(p) => format!("{}%", p * 100.0),
        Value::List(_) => String::new(),
    }
}

/// Validate a lexicon pattern: balanced `(a|b)` groups, `*` only at word edges.
pub fn check_pattern(p: &str) -> Result<(), String> {
    check_groups(p)?;
    let expansions = p
        .split('(')
        .skip(1)
        .map(|g| g.split(')').next().unwrap_or("").split('|').count())
        .try_fold(1usize, |acc, n| acc.checked_mul(n));
    if expansions.is_none_or(|n| n > builtins::MAX_EXPANSIONS) {
        return Err(format!(
            "the alternatives expand to more than {} phrases",
            builtins::MAX_EXPANSIONS
        ));
    }
    let mut result = Ok(());
    for_each_expansion(p, |alt| {
        if result.is_ok() {
            result = check_words(alt);
        }
    });
    result
}

/// Calls `f` with every combination of an entry's `(a|b)` alternatives,
/// left to right (lexicons are expanded at every start, so no string is
/// made per combination).
pub fn for_each_expansion(pattern: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(pattern.len() * 2);
    expand_into(pattern, &mut buf, &mut f);
}

fn expand_into(rest: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let group = rest
        .find('(')
        .and_then(|open| Some((open, open + rest[open..].find(')')?)));
    let Some((open, close)) = group else {
        let len = buf.len();
        buf.push_str(rest);
        f(buf);
        buf.truncate(len);
        return;
    };
    let len = buf.len();
    for alt in rest[open + 1..close].split('|') {
        buf.push_str(&rest[..open]);
        buf.push_str(alt);
        expand_into(&rest[close + 1..], buf, f);
        buf.truncate(len);
    }
}

fn check_groups(p: &str) -> Result<(), String> {
    if p.trim().is_empty() {
        return Err("empty entry".into());
    }
    let mut depth = 0i32;
    for c in p.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if !(0..=1).contains(&depth) {
            return Err("unbalanced or nested parentheses".into());
        }
    }
    if depth != 0 {
        return Err("unclosed `(`".into());
    }
    Ok(())
}

fn check_words(p: &str) -> Result<(), String> {
    for word in p.split_whitespace() {
        let core = word.trim_matches('*');
        if core.contains('*') {
            return Err("`*` may only start or end a word".into());
        }
        if core.is_empty() {
            return Err("a wildcard needs letters next to it".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::for_each_expansion;

    fn expansions(pattern: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_expansion(pattern, |p| out.push(p.to_string()));
        out
    }

    #[test]
    fn alternatives_expand_left_to_right() {
        assert_eq!(expansions("free"), ["free"]);
        assert_eq!(
            expansions("(book|order) (now|today)!"),
            ["book now!", "book today!", "order now!", "order today!"]
        );
        assert_eq!(
            expansions("a (|very )good deal"),
            ["a good deal", "a very good deal"]
        );
        // An unclosed group is left as written (the checking pass reports it).
        assert_eq!(expansions("x (a|b) (c"), ["x a (c", "x b (c"]);
    }
}
