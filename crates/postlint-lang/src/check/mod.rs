//! The checking pass: resolves names (lexicons, principles, platforms,
//! parameters), checks types and settings, and reports every mistake of every
//! file with its span. It never evaluates a post.

use std::collections::{BTreeMap, BTreeSet};

use crate::ast::*;
use crate::builtins::{ArgKind, Metadata, ResultType};
use crate::diagnostic::{Code, Problem};
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
        source: &file.text,
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
    /// The file's text, to point inside string literals.
    source: &'a str,
    problems: Vec<Problem>,
    params: BTreeMap<String, Value>,
    /// Checking the top level of a calendar rule's condition.
    calendar: bool,
}

mod conditions;
mod items;
mod patterns;
mod suggest;
pub use suggest::edit_distance;

pub use patterns::{check_pattern, for_each_expansion};
use suggest::{did_you_mean, one_of};

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
                        if self.translation(s, &p.settings, &["name", "description"]) {
                            continue;
                        }
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

    fn duplicate(&mut self, what: &str, name: &Spanned<String>, first: Span) {
        self.report(
            Problem::new(
                Code::Duplicate,
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
            .unwrap_or_else(|| format!("valid settings here: {}", one_of(valid.iter().copied())));
        self.report(
            Problem::new(
                Code::UnknownSetting,
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
                    Code::WrongType,
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
                Code::WrongType,
                format!("`{}` is `{a}` or `{b}`", s.key.node),
                s.value.span.clone(),
                format!("expected `{a}` or `{b}`"),
            )
            .with_help(help),
        );
    }

    fn missing(&mut self, r: &Rule, what: &str, help: &str) {
        self.report(
            Problem::new(
                Code::MissingSetting,
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
                "kind" => Metadata::Kind.values().contains(&name.as_str()),
                _ => true,
            };
            if !ok {
                let known = if what == "platform" {
                    self.platform_names()
                } else {
                    Metadata::Kind
                        .values()
                        .iter()
                        .map(|v| v.to_string())
                        .collect()
                };
                self.unknown_name(what, it.span.clone(), &name, known);
            }
        }
    }
}

fn format_code(what: &str) -> Code {
    match what {
        "lexicon" => Code::UnknownLexicon,
        "principle" => Code::UnknownPrinciple,
        "platform" => Code::UnknownPlatform,
        "rule" => Code::UnknownRule,
        _ => Code::UnknownName,
    }
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
