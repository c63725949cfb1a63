//! Lowers checked rule files into a [`RuleSet`]: lexicons into one matcher
//! per language, conditions into evaluable nodes with resolved indices,
//! platforms and principles into tables. Runs once per process.

use std::collections::BTreeMap;

use postlint_lang::ast::{self, Arg, ExprKind, Item, MemberValues, Value};
use postlint_lang::check::value_text;
use postlint_lang::ParsedFile;
use postlint_text::Counter;

use crate::eval::{CalendarMeasure, Measure, MemberSubject, Node, Target};
use crate::lexicon::{self, LazyMatcher};
use crate::model::*;
use crate::native::NativeFunction;
use crate::{CompiledPrinciple, CompiledRule, RuleSet};

/// Compile checked files. Files must have passed [`postlint_lang::load`].
pub(crate) fn compile(files: &[ParsedFile], natives: Vec<Box<dyn NativeFunction>>) -> RuleSet {
    let names = postlint_lang::Names::collect(
        files,
        &natives.iter().map(|n| n.signature()).collect::<Vec<_>>(),
    );
    let mut set = RuleSet {
        natives,
        ..RuleSet::default()
    };

    for f in files {
        if let Some(pack) = f.ast.items.iter().find_map(|i| match i {
            Item::Pack(b) => Some(b),
            _ => None,
        }) {
            let default_on = !matches!(pack.get("default").map(|s| &s.value.node), Some(Value::Ident(v)) if v == "no");
            let version = pack
                .get("version")
                .map(|s| value_text(&s.value.node))
                .unwrap_or_default();
            let description = pack
                .get("description")
                .map(|s| value_text(&s.value.node))
                .unwrap_or_default();
            set.packs.entry(f.pack.clone()).or_insert(crate::PackInfo {
                name: f.pack.clone(),
                version,
                description,
                default_on,
                source: f.name.clone(),
            });
        }
    }
    // Lexicons first: rules refer to them by index.
    let lexicons = lexicon::collect(files, &names);
    let lexicon_index = lexicons.index;
    set.lexicons = lexicons.info;
    set.languages = lexicons.languages;
    for (lang, entries) in lexicons.entries {
        let matcher = LazyMatcher::new(
            entries,
            lexicons.negators.clone(),
            crate::builtin::prebuilt_tables,
        );
        set.matchers.insert(lang, matcher);
    }

    for f in files {
        for item in &f.ast.items {
            match item {
                Item::Platform(b) => {
                    let num = |k: &str| match b.get(k).map(|s| &s.value.node) {
                        Some(Value::Num(n)) => *n as usize,
                        _ => 0,
                    };
                    let text = |k: &str| b.get(k).map(|s| value_text(&s.value.node));
                    let platform = Platform {
                        id: b.name.node.clone(),
                        name: text("name").unwrap_or_else(|| b.name.node.clone()),
                        limit: num("limit"),
                        counter: text("counter")
                            .and_then(|c| Counter::from_name(&c))
                            .unwrap_or(Counter::Chars),
                        fold: num("fold"),
                        hashtag_max: num("hashtag_max"),
                        hashtag_advice: num("hashtag_advice"),
                        max_bytes: num("max_bytes"),
                        max_links: num("max_links"),
                        links_clickable: text("links_clickable").as_deref() != Some("no"),
                        tone: text("tone").unwrap_or_else(|| "casual".into()),
                        source: text("source").unwrap_or_default(),
                    };
                    set.platforms.insert(platform.id.clone(), platform);
                }
                Item::Principle(p) => {
                    let text = |k: &str| {
                        postlint_lang::ast::default_setting(&p.settings, k)
                            .map(|s| value_text(&s.value.node))
                    };
                    let mut lower = Lower {
                        calendar: false,
                        rule_id: String::new(),
                        names: &names,
                        pack: &f.pack,
                        lexicons: &lexicon_index,
                        set: &mut set,
                        params: &[],
                    };
                    let signals = p.signals.iter().map(|w| lower.node(&w.expr)).collect();
                    set.principles.push(CompiledPrinciple {
                        info: PrincipleInfo {
                            id: p.name.node.clone(),
                            name: text("name").unwrap_or_else(|| p.name.node.clone()),
                            description: text("description").unwrap_or_default(),
                            translations: translations(&p.settings, &["name", "description"]),
                        },
                        signals,
                    });
                }
                _ => {}
            }
        }
    }
    let principle_ids: Vec<String> = set.principles.iter().map(|p| p.info.id.clone()).collect();
    set.principle_ids = principle_ids;
    // Principles may refer to each other only by name; resolve now that all are known.
    let mut principles = std::mem::take(&mut set.principles);
    for p in &mut principles {
        for s in &mut p.signals {
            resolve_uses(s, &set.principle_ids);
        }
    }
    set.principles = principles;

    for f in files {
        for item in &f.ast.items {
            let Item::Rule(r) = item else { continue };
            let rule = compile_rule(f, r, &names, &lexicon_index, &mut set);
            set.rules.push(rule);
        }
    }
    let ids = set.principle_ids.clone();
    for r in &mut set.rules {
        for (_, n) in &mut r.whens {
            resolve_uses(n, &ids);
        }
    }
    set.rules.sort_by(|a, b| a.info.id.cmp(&b.info.id));
    set.calendar_predicate_rule = set
        .calendar_predicate_owner
        .iter()
        .map(|id| {
            set.rules
                .iter()
                .position(|r| r.info.id == *id)
                .unwrap_or(usize::MAX)
        })
        .collect();
    // Overrides and disables from other packs, in loading order.
    for f in files {
        for item in &f.ast.items {
            let (id, o) = match item {
                Item::Disable(id) => (
                    id.node.clone(),
                    RuleOverride {
                        enabled: Some(false),
                        ..RuleOverride::default()
                    },
                ),
                Item::Override(o) => {
                    let setting = |k: &str| {
                        postlint_lang::ast::default_setting(&o.settings, k)
                            .map(|s| value_text(&s.value.node))
                    };
                    let params = o
                        .params
                        .iter()
                        .map(|p| (p.name.node.clone(), param_value(&p.default.node)))
                        .collect();
                    let enabled = setting("enabled").map(|v| v == "yes");
                    (
                        o.rule.node.clone(),
                        RuleOverride {
                            enabled,
                            severity: setting("severity").and_then(|s| Severity::parse(&s)),
                            params,
                        },
                    )
                }
                _ => continue,
            };
            // Checked before compiling: the rule and its parameters exist.
            let _ = set.apply_override(&id, &o);
        }
    }
    let core = |name: &str| {
        lexicon_index
            .get(&("core".to_string(), name.to_string()))
            .copied()
    };
    set.summary_lexicons = (core("humor"), core("sales"));
    set.occasions.lexicons = crate::occasions::Occasion::ALL
        .iter()
        .map(|o| {
            lexicon_index
                .get(&("calendar".to_string(), o.lexicon().to_string()))
                .copied()
        })
        .collect();
    set.command_words = crate::position::CommandWords {
        leads: core("command_leads"),
        joins: core("command_joins"),
        clauses: core("command_clauses"),
    };
    set
}

fn resolve_uses(n: &mut Node, ids: &[String]) {
    n.walk_mut(&mut |node| {
        if let Node::UsesName(name) = node {
            let idx = ids.iter().position(|i| i == name).unwrap_or(usize::MAX);
            *node = Node::Uses(idx);
        }
    });
}

fn param_value(v: &Value) -> ParamValue {
    match v {
        Value::Num(n) => ParamValue::Num(*n),
        Value::Percent(p) => ParamValue::Num(*p),
        Value::Str(s) => ParamValue::Text(s.clone()),
        Value::Ident(s) if s == "yes" => ParamValue::Bool(true),
        Value::Ident(s) if s == "no" => ParamValue::Bool(false),
        Value::Ident(s) => ParamValue::Text(s.clone()),
        Value::List(items) => ParamValue::List(items.iter().map(|i| value_text(&i.node)).collect()),
    }
}

fn compile_rule(
    f: &ParsedFile,
    r: &ast::Rule,
    names: &postlint_lang::Names,
    lexicons: &BTreeMap<(String, String), usize>,
    set: &mut RuleSet,
) -> CompiledRule {
    let param_names: Vec<String> = r.params.iter().map(|p| p.name.node.clone()).collect();
    let params: Vec<ParamValue> = r
        .params
        .iter()
        .map(|p| param_value(&p.default.node))
        .collect();
    let text = |k: &str| r.get(k).map(|s| value_text(&s.value.node));
    let list = |k: &str| match r.get(k).map(|s| &s.value.node) {
        Some(Value::List(items)) => items.iter().map(|i| value_text(&i.node)).collect(),
        _ => Vec::new(),
    };
    let severity = text("severity")
        .and_then(|s| Severity::parse(&s))
        .unwrap_or(Severity::Warning);
    let mut lower = Lower {
        calendar: r.calendar,
        rule_id: format!("{}/{}", f.pack, r.name.node),
        names,
        pack: &f.pack,
        lexicons,
        set,
        params: &param_names,
    };
    let whens: Vec<(Option<Severity>, Node)> = r
        .whens
        .iter()
        .map(|w| (w.severity.as_ref().map(|s| s.node), lower.node(&w.expr)))
        .collect();
    let examples: Vec<RuleExample> = r
        .examples
        .iter()
        .map(|e| {
            let meta = |k: &str| {
                e.meta
                    .iter()
                    .find(|(key, _)| key.node == k)
                    .map(|(_, v)| &v.node)
            };
            RuleExample {
                fires: e.fires,
                lang: e.lang.node.clone(),
                text: e.text.node.clone(),
                platform: meta("platform").map(value_text),
                kind: meta("kind").map(value_text),
                media: meta("media").map(value_text),
                severity: meta("severity").and_then(|v| Severity::parse(&value_text(v))),
                reply_delay: match meta("reply_delay") {
                    Some(Value::Num(n)) => Some(*n),
                    _ => None,
                },
                in_reply_to: meta("reply_to").map(value_text),
            }
        })
        .collect();
    let only_languages: Vec<String> = list("languages");
    let mut languages: Vec<String> = examples
        .iter()
        .filter(|e| e.lang != "calendar")
        .map(|e| e.lang.clone())
        .collect();
    languages.sort();
    languages.dedup();
    if !only_languages.is_empty() {
        languages = only_languages.clone();
    }
    let pack_on = set.packs.get(&f.pack).is_none_or(|p| p.default_on);
    let enabled = pack_on && text("enabled").as_deref() != Some("no");
    let fix = r.fix.as_ref().map(|fx| {
        (
            fx.safe,
            match &fx.replacement {
                ast::FixReplacement::Text(t) => Some(t.clone()),
                ast::FixReplacement::Suggestion => None,
            },
        )
    });
    let info = RuleInfo {
        id: format!("{}/{}", f.pack, r.name.node),
        pack: f.pack.clone(),
        severity,
        message: text("message").unwrap_or_default(),
        help: text("help"),
        rationale: text("rationale").unwrap_or_default(),
        principle: text("principle"),
        category: text("category"),
        platforms: list("platforms"),
        kinds: list("kinds"),
        languages,
        params: param_names
            .iter()
            .cloned()
            .zip(params.iter().map(|p| p.to_string()))
            .collect(),
        fix: fix.as_ref().map(|(safe, t)| {
            let what = t
                .as_ref()
                .map(|t| format!("replace with \"{t}\""))
                .unwrap_or_else(|| "replace with the suggested wording".into());
            if *safe {
                format!("{what} (safe)")
            } else {
                what
            }
        }),
        calendar: r.calendar,
        enabled,
        examples,
        source: f.name.clone(),
        translations: translations(&r.settings, &["message", "help", "rationale"]),
    };
    let at = text("at").and_then(|t| Target::parse(&t));
    CompiledRule {
        default_params: params.clone(),
        whens,
        params,
        param_names,
        fix,
        at,
        per: match text("per").as_deref() {
            Some("platform") => crate::calendar::Per::Platform,
            Some("month") => crate::calendar::Per::Month,
            _ => crate::calendar::Per::Calendar,
        },
        // Each place is reported when the message quotes the match, unless
        // the rule says otherwise.
        report_each: match text("report").as_deref() {
            Some("each") => true,
            Some("once") => false,
            _ => info.message.contains("{match}"),
        },
        info,
        only_languages,
        enabled,
        severity_override: None,
    }
}

struct Lower<'a> {
    /// Lowering the top level of a calendar rule.
    calendar: bool,
    /// Full id of the rule being lowered.
    rule_id: String,
    names: &'a postlint_lang::Names,
    pack: &'a str,
    lexicons: &'a BTreeMap<(String, String), usize>,
    set: &'a mut RuleSet,
    params: &'a [String],
}

impl Lower<'_> {
    fn lexicon(&self, name: &str) -> usize {
        self.names
            .resolve_lexicon(self.pack, name)
            .and_then(|k| self.lexicons.get(&k).copied())
            .unwrap_or(usize::MAX)
    }

    /// The index of a regex; the same expression written in several rules
    /// (`/\d/`) is compiled once.
    fn regex(&mut self, literal: &str) -> usize {
        if let Some(i) = self.set.regexes.iter().position(|r| r.source() == literal) {
            return i;
        }
        self.set.regexes.push(crate::eval::LazyRegex::new(literal));
        self.set.regexes.len() - 1
    }

    fn node(&mut self, e: &ast::Expr) -> Node {
        match &e.kind {
            ExprKind::Or(parts) => Node::Or(parts.iter().map(|p| self.node(p)).collect()),
            ExprKind::And(parts) => Node::And(parts.iter().map(|p| self.node(p)).collect()),
            ExprKind::Not(inner) => Node::Not(Box::new(self.node(inner))),
            ExprKind::Cmp(l, op, r) => {
                Node::Cmp(Box::new(self.node(l)), *op, Box::new(self.node(r)))
            }
            ExprKind::Arith(l, op, r) => {
                Node::Arith(Box::new(self.node(l)), *op, Box::new(self.node(r)))
            }
            ExprKind::Num(n) => Node::Const(*n),
            ExprKind::Path(path) => match path.as_slice() {
                [one] if self.calendar && CalendarMeasure::parse(one).is_some() => {
                    Node::CalendarMeasure(
                        CalendarMeasure::parse(one).unwrap_or(CalendarMeasure::Posts),
                    )
                }
                [one] => match Measure::parse(one) {
                    Some(m) => Node::Measure(m),
                    None => Node::Param(
                        self.params
                            .iter()
                            .position(|p| p == one)
                            .unwrap_or(usize::MAX),
                    ),
                },
                [_, prop] => Node::PlatformProp(prop.clone()),
                _ => Node::Const(0.0),
            },
            ExprKind::Call { name, args } => {
                let arg_name = |i: usize| match args.get(i) {
                    Some(Arg::Name(n)) => n.node.clone(),
                    Some(Arg::Regex(r)) => r.node.clone(),
                    _ => String::new(),
                };
                match name.node.as_str() {
                    "posts_between" if self.calendar => {
                        let mut hours = args.iter().map(|a| match a {
                            Arg::Num(n) => Node::Const(n.node),
                            Arg::Name(n) => self.node(&ast::Expr {
                                kind: ExprKind::Path(
                                    n.node.split('.').map(str::to_string).collect(),
                                ),
                                span: n.span.clone(),
                            }),
                            Arg::Expr(e) => self.node(e),
                            Arg::Regex(_) => Node::Const(0.0),
                        });
                        let from = hours.next().unwrap_or(Node::Const(0.0));
                        let to = hours.next().unwrap_or(Node::Const(0.0));
                        Node::PostsBetween(Box::new(from), Box::new(to))
                    }
                    "promises_unkept" if self.calendar => {
                        let expr = arg_expr;
                        let predicate = |this: &mut Self, a: Option<&Arg>| {
                            this.calendar = false;
                            let node = expr(a).map(|e| this.node(&e)).unwrap_or(Node::Const(0.0));
                            this.calendar = true;
                            this.set.calendar_predicates.push(node);
                            this.set.calendar_predicate_owner.push(this.rule_id.clone());
                            this.set.calendar_predicates.len() - 1
                        };
                        let promise = predicate(self, args.first());
                        let kept = predicate(self, args.get(1));
                        let days = expr(args.get(2)).map_or(Node::Const(0.0), |e| self.node(&e));
                        Node::PromisesUnkept(promise, kept, Box::new(days))
                    }
                    "off_season" if self.calendar => {
                        let expr = arg_expr;
                        self.calendar = false;
                        let exempt = expr(args.first())
                            .map(|e| self.node(&e))
                            .unwrap_or(Node::Const(0.0));
                        self.calendar = true;
                        self.set.calendar_predicates.push(exempt);
                        self.set.calendar_predicate_owner.push(self.rule_id.clone());
                        let exempt = self.set.calendar_predicates.len() - 1;
                        let days = expr(args.get(1)).map_or(Node::Const(0.0), |e| self.node(&e));
                        Node::OffSeason(exempt, Box::new(days))
                    }
                    "pillars_off_target" if self.calendar => {
                        let tolerance =
                            arg_expr(args.first()).map_or(Node::Const(0.0), |e| self.node(&e));
                        Node::PillarsOffTarget(Box::new(tolerance))
                    }
                    "share" | "posts_where" if self.calendar => {
                        let inner = match args.first() {
                            Some(Arg::Expr(e)) => Some((**e).clone()),
                            Some(Arg::Name(n)) => Some(ast::Expr {
                                kind: ExprKind::Path(
                                    n.node.split('.').map(str::to_string).collect(),
                                ),
                                span: n.span.clone(),
                            }),
                            _ => None,
                        };
                        self.calendar = false;
                        let node = inner.map(|e| self.node(&e)).unwrap_or(Node::Const(0.0));
                        self.calendar = true;
                        self.set.calendar_predicates.push(node);
                        self.set.calendar_predicate_owner.push(self.rule_id.clone());
                        let idx = self.set.calendar_predicates.len() - 1;
                        if name.node == "share" {
                            Node::Share(idx)
                        } else {
                            Node::PostsWhere(idx)
                        }
                    }
                    "hits" => Node::Hits(self.lexicon(&arg_name(0))),
                    "distinct" => Node::Distinct(self.lexicon(&arg_name(0))),
                    "has" => Node::Has(self.lexicon(&arg_name(0))),
                    "caps" => Node::Caps(self.lexicon(&arg_name(0))),
                    "matches" => Node::Matches(self.regex(&arg_name(0))),
                    "count" => Node::Count(self.regex(&arg_name(0))),
                    "uses" => Node::UsesName(arg_name(0)),
                    "links_to" | "links_to_without" => {
                        let param = self
                            .params
                            .iter()
                            .position(|p| *p == arg_name(0))
                            .unwrap_or(usize::MAX);
                        let filter =
                            (name.node == "links_to_without").then(|| self.regex(&arg_name(1)));
                        Node::LinksTo(param, filter)
                    }
                    "min" | "max" => {
                        let a: Vec<Node> = args.iter().map(|a| self.arg_num(a)).collect();
                        let mut it = a.into_iter();
                        let (x, y) = (
                            it.next().unwrap_or(Node::Const(0.0)),
                            it.next().unwrap_or(Node::Const(0.0)),
                        );
                        if name.node == "min" {
                            Node::Min(Box::new(x), Box::new(y))
                        } else {
                            Node::Max(Box::new(x), Box::new(y))
                        }
                    }
                    other => {
                        let idx = self
                            .set
                            .natives
                            .iter()
                            .position(|n| n.signature().name == other)
                            .unwrap_or(usize::MAX);
                        Node::Native(idx, args.iter().map(|a| self.arg_num(a)).collect())
                    }
                }
            }
            ExprKind::Scoped { scope, expr } => {
                Node::Scoped(scope.node.clone(), Box::new(self.node(expr)))
            }
            ExprKind::Quantified { every, lines, expr } => Node::Each {
                every: *every,
                lines: *lines,
                inner: Box::new(self.node(expr)),
            },
            ExprKind::Member {
                subject,
                negated,
                values,
            } => {
                let subject = match subject.node.join(".").as_str() {
                    "platform" => MemberSubject::Platform,
                    "lang" => MemberSubject::Lang,
                    "kind" => MemberSubject::Kind,
                    "media" => MemberSubject::Media,
                    _ => MemberSubject::Tone,
                };
                let values = match values {
                    MemberValues::List(vs) => crate::eval::MemberSource::Literal(
                        vs.iter().map(|v| v.node.clone()).collect(),
                    ),
                    MemberValues::Name(n) => match self.params.iter().position(|p| *p == n.node) {
                        Some(i) => crate::eval::MemberSource::Param(i),
                        None => crate::eval::MemberSource::Literal(vec![n.node.clone()]),
                    },
                };
                Node::Member {
                    subject,
                    negated: *negated,
                    values,
                }
            }
        }
    }

    fn arg_num(&mut self, a: &Arg) -> Node {
        match a {
            Arg::Num(n) => Node::Const(n.node),
            Arg::Name(n) => match Measure::parse(&n.node) {
                Some(m) => Node::Measure(m),
                None => Node::Param(
                    self.params
                        .iter()
                        .position(|p| *p == n.node)
                        .unwrap_or(usize::MAX),
                ),
            },
            Arg::Regex(_) => Node::Const(0.0),
            Arg::Expr(e) => self.node(e),
        }
    }
}

/// The translations of `keys` among a block's settings.
fn translations(settings: &[ast::Setting], keys: &[&str]) -> crate::model::Translations {
    let mut out = crate::model::Translations::new();
    for s in settings {
        if let Some(lang) = &s.lang {
            if keys.contains(&s.key.node.as_str()) {
                out.entry(lang.node.clone())
                    .or_default()
                    .insert(s.key.node.clone(), value_text(&s.value.node));
            }
        }
    }
    out
}

/// A calendar function's argument as an expression (a name is a path, a
/// number a constant); `None` for a missing argument or a regex.
fn arg_expr(a: Option<&Arg>) -> Option<ast::Expr> {
    match a {
        Some(Arg::Expr(e)) => Some((**e).clone()),
        Some(Arg::Name(n)) => Some(ast::Expr {
            kind: ExprKind::Path(n.node.split('.').map(str::to_string).collect()),
            span: n.span.clone(),
        }),
        Some(Arg::Num(n)) => Some(ast::Expr {
            kind: ExprKind::Num(n.node),
            span: n.span.clone(),
        }),
        _ => None,
    }
}
