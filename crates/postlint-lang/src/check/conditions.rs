//! Conditions, messages and calls: types, names in scope, functions and
//! their arguments, metadata tests, placeholders.

use crate::ast::*;
use crate::builtins::{
    self, ArgKind, CalendarFunction, CalendarMeasure, Function, Measure, Metadata, Placeholder,
    PlatformProperty, PropType, ResultType, Scope,
};
use crate::diagnostic::{Code, Problem};

use super::suggest::{did_you_mean, one_of};
use super::{value_text, Checker, Ty};

/// The names of the `{name}` placeholders of a text (plurals by their
/// name: `{count|post|posts}` is `count`), sorted.
pub fn placeholder_names(text: &str) -> std::collections::BTreeSet<&str> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.insert(builtins::placeholder_parts(&after[..close]).0);
        rest = &after[close + 1..];
    }
    names
}

impl Checker<'_> {
    /// A translation (`message nl: "…"`) of a setting in `settings`: only the
    /// keys in `translatable` take one, and a translation uses exactly the
    /// placeholders of the default text. Returns whether `s` is a translation.
    pub(super) fn translation(
        &mut self,
        s: &Setting,
        settings: &[Setting],
        translatable: &[&str],
    ) -> bool {
        let Some(lang) = &s.lang else { return false };
        if !translatable.contains(&s.key.node.as_str()) {
            let help = if translatable.is_empty() {
                "only texts a reader sees take a language, such as a rule's `message nl: \"…\"`"
                    .to_string()
            } else {
                format!(
                    "here only {} take a language",
                    one_of(translatable.iter().copied())
                )
            };
            self.report(
                Problem::new(
                    Code::UnknownSetting,
                    format!("`{}` takes no translation", s.key.node),
                    lang.span.clone(),
                    "no language here",
                )
                .with_help(help),
            );
            return true;
        }
        self.expect_type(s, "text");
        if s.key.node == "message" || s.key.node == "help" {
            self.placeholders(s);
        }
        let (
            Value::Str(text),
            Some(Setting {
                value:
                    Spanned {
                        node: Value::Str(default),
                        ..
                    },
                ..
            }),
        ) = (&s.value.node, default_setting(settings, &s.key.node))
        else {
            return true;
        };
        let (want, have) = (placeholder_names(default), placeholder_names(text));
        if want != have {
            let dropped: Vec<String> = want
                .difference(&have)
                .map(|n| format!("`{{{n}}}`"))
                .collect();
            let invented: Vec<String> = have
                .difference(&want)
                .map(|n| format!("`{{{n}}}`"))
                .collect();
            let mut what = Vec::new();
            if !dropped.is_empty() {
                what.push(format!("drops {}", dropped.join(", ")));
            }
            if !invented.is_empty() {
                what.push(format!("invents {}", invented.join(", ")));
            }
            let expected = if want.is_empty() {
                "the default text has no placeholders: write the values out or leave them out"
                    .to_string()
            } else {
                format!(
                    "use the placeholders of the default `{}`: {}",
                    s.key.node,
                    want.iter()
                        .map(|n| format!("{{{n}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            self.report(
                Problem::new(
                    Code::TranslationPlaceholders,
                    format!(
                        "the `{}` translation `{}` {}",
                        s.key.node,
                        lang.node,
                        what.join(" and ")
                    ),
                    s.value.span.clone(),
                    "in this translation",
                )
                .with_help(expected),
            );
        }
        true
    }

    pub(super) fn placeholders(&mut self, s: &Setting) {
        let Value::Str(text) = &s.value.node else {
            return;
        };
        // Offsets into the source, to point at the placeholder itself; a
        // placeholder spelled with escapes is not found and the whole text is
        // pointed at instead.
        let raw = self
            .source
            .get(s.value.span.clone())
            .unwrap_or_default()
            .to_string();
        let mut searched = 0;
        let mut rest = text.as_str();
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let inside = &after[..close];
            let whole = &rest[open..open + close + 2];
            let span = match raw.get(searched..).and_then(|r| r.find(whole)) {
                Some(at) => {
                    let start = s.value.span.start + searched + at;
                    searched += at + whole.len();
                    start..start + whole.len()
                }
                None => s.value.span.clone(),
            };
            self.placeholder(inside, span);
            rest = &after[close + 1..];
        }
    }

    /// One placeholder, `inside` its braces, written at `span`.
    fn placeholder(&mut self, inside: &str, span: Span) {
        let (name, forms) = builtins::placeholder_parts(inside);
        let name_span = if span.len() == inside.len() + 2 {
            span.start + 1..span.start + 1 + name.len()
        } else {
            span.clone()
        };
        let Some(numeric) = self.placeholder_is_number(name) else {
            let mut candidates: Vec<&str> = Measure::names().collect();
            candidates.extend(Placeholder::names());
            candidates.extend(self.params.keys().map(String::as_str));
            let help = did_you_mean(name, candidates).unwrap_or_else(|| {
                "use a measure, a parameter, {match}, {count} or {platform}".to_string()
            });
            self.report(
                Problem::new(
                    Code::UnknownPlaceholder,
                    format!("unknown placeholder `{{{name}}}`"),
                    name_span,
                    "no such placeholder",
                )
                .with_help(help),
            );
            return;
        };
        let Some(forms) = forms else { return };
        let n = forms.split('|').count();
        if n != builtins::PLURAL_FORMS || forms.split('|').any(|f| f.trim().is_empty()) {
            let found = if n == builtins::PLURAL_FORMS {
                "an empty form".to_string()
            } else {
                format!("{n} form{}", if n == 1 { "" } else { "s" })
            };
            self.report(
                Problem::new(
                    Code::PluralForms,
                    format!(
                        "the plural `{{{inside}}}` takes {} forms, found {found}",
                        builtins::PLURAL_FORMS
                    ),
                    span,
                    "in this plural",
                )
                .with_help(format!(
                    "write the form for one, then the form for every other number: `{{{name}|post|posts}}`"
                )),
            );
        } else if let Err(what) = numeric {
            self.report(
                Problem::new(
                    Code::PluralOfText,
                    format!("`{{{name}}}` is {what}, and only a number takes a plural"),
                    name_span,
                    format!("this is {what}"),
                )
                .with_help(
                    "use a plural with {count}, a measure or a number parameter; write other values as `{name}`",
                ),
            );
        }
    }

    /// Whether a placeholder name is known (`None` if not), and whether it
    /// is a number (`Err` says what it is instead).
    fn placeholder_is_number(&self, name: &str) -> Option<Result<(), &'static str>> {
        if let Some(property) = name.strip_prefix("platform.") {
            return PlatformProperty::parse(property).map(|p| match p.ty() {
                PropType::Num => Ok(()),
                PropType::Bool => Err("yes or no"),
                PropType::Name => Err("a name"),
            });
        }
        if let Some(p) = Placeholder::parse(name) {
            return Some(match p {
                Placeholder::Count => Ok(()),
                Placeholder::Match => Err("a text"),
                Placeholder::Platform | Placeholder::Lang | Placeholder::Kind => Err("a name"),
            });
        }
        if Measure::parse(name).is_some() || CalendarMeasure::parse(name).is_some() {
            return Some(Ok(()));
        }
        if CalendarFunction::parse(name) == Some(CalendarFunction::Share) {
            return Some(Err("a percentage"));
        }
        if name == builtins::OCCASIONS_PLACEHOLDER {
            return Some(Err("a list of occasions"));
        }
        if name == builtins::PILLARS_PLACEHOLDER {
            return Some(Err("a list of pillars"));
        }
        if name == builtins::MONTH_PLACEHOLDER {
            return Some(Err("a month"));
        }
        self.params.get(name).map(|v| match v {
            Value::Num(_) => Ok(()),
            Value::Percent(_) => Err("a percentage"),
            Value::Str(_) => Err("a text"),
            Value::Ident(_) => Err("a name"),
            Value::List(_) => Err("a list"),
        })
    }

    pub(super) fn condition(&mut self, e: &Expr) {
        if let Some(t) = self.ty(e, 0) {
            if t != Ty::Bool {
                self.report(
                    Problem::new(
                        Code::WrongType,
                        "a condition must be yes or no, not a number",
                        e.span.clone(),
                        "this is a number",
                    )
                    .with_help("compare it: `hashtags > 3`"),
                );
            }
        }
    }

    pub(super) fn calendar_condition(&mut self, e: &Expr) {
        self.calendar = true;
        self.condition(e);
        self.calendar = false;
    }

    pub(super) fn want(&mut self, e: &Expr, want: Ty, depth: usize) {
        if let Some(t) = self.ty(e, depth) {
            if t != want {
                self.report(
                    Problem::new(
                        Code::WrongType,
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

    pub(super) fn ty(&mut self, e: &Expr, depth: usize) -> Option<Ty> {
        if depth > builtins::MAX_DEPTH {
            self.report(
                Problem::new(
                    Code::TooDeep,
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
                if Scope::parse(&scope.node).is_none() {
                    let help = did_you_mean(&scope.node, Scope::names())
                        .unwrap_or_else(|| format!("scopes: {}", one_of(Scope::names())));
                    self.report(
                        Problem::new(
                            Code::UnknownScope,
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

    pub(super) fn path(&mut self, path: &[String], span: Span) -> Option<Ty> {
        match path {
            [one] if self.calendar && CalendarMeasure::parse(one).is_some() => Some(Ty::Num),
            [one] if self.calendar && Measure::parse(one).is_some() => {
                self.report(
                    Problem::new(
                        Code::WrongLevel,
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
            [one] if Measure::parse(one).is_some() => Some(Ty::Num),
            [one] => match self.params.get(one) {
                Some(Value::Num(_)) | Some(Value::Percent(_)) => Some(Ty::Num),
                Some(Value::Ident(v)) if v == "yes" || v == "no" => Some(Ty::Bool),
                Some(other) => {
                    let t = other.type_name();
                    self.report(
                        Problem::new(
                            Code::WrongType,
                            format!("parameter `{one}` is {t}, not a number"),
                            span,
                            "used as a number here",
                        )
                        .with_help("lists are used with `in`: `platform in my_list`"),
                    );
                    None
                }
                None => {
                    let mut candidates: Vec<&str> = Measure::names().collect();
                    candidates.extend(self.params.keys().map(String::as_str));
                    let help = did_you_mean(one, candidates).unwrap_or_else(|| "declare it with `param NAME = VALUE`, or use a measure (see docs/rule-language.md)".into());
                    self.report(
                        Problem::new(
                            Code::UnknownName,
                            format!("unknown name `{one}`"),
                            span,
                            "not a measure or parameter",
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            [platform, prop] if platform == "platform" => match PlatformProperty::parse(prop)
                .map(PlatformProperty::ty)
            {
                Some(PropType::Num) => Some(Ty::Num),
                Some(PropType::Bool) => Some(Ty::Bool),
                Some(PropType::Name) => {
                    self.report(
                        Problem::new(
                            Code::WrongType,
                            format!("`platform.{prop}` is a name"),
                            span,
                            "compare it with `is`",
                        )
                        .with_help(format!("write `platform.{prop} is professional`")),
                    );
                    None
                }
                None => {
                    let help = did_you_mean(prop, PlatformProperty::names()).unwrap_or_else(|| {
                        format!("properties: {}", one_of(PlatformProperty::names()))
                    });
                    self.report(
                        Problem::new(
                            Code::UnknownName,
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
                        Code::UnknownName,
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

    /// `promises_unkept(PROMISE, KEPT, DAYS)`: two conditions on one post and
    /// a number of the calendar level.
    fn promises_call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        let [promise, kept, days] = args else {
            self.report(
                Problem::new(
                    Code::WrongArguments,
                    format!("`{}` takes two conditions and a number of days", name.node),
                    span,
                    "three arguments expected",
                )
                .with_help(format!(
                    "write `{}(has(contest), has(winner), 7)`",
                    name.node
                )),
            );
            return None;
        };
        self.calendar_args(
            &[
                (promise, Ty::Bool, false),
                (kept, Ty::Bool, false),
                (days, Ty::Num, true),
            ],
            "has(contest)",
        );
        Some(Ty::Num)
    }

    /// `off_season(EXEMPT, DAYS)`: a condition on one post and a number of
    /// the calendar level.
    fn off_season_call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        let [exempt, days] = args else {
            self.report(
                Problem::new(
                    Code::WrongArguments,
                    format!("`{}` takes a condition and a number of days", name.node),
                    span,
                    "two arguments expected",
                )
                .with_help(format!("write `{}(has(looking_back), 42)`", name.node)),
            );
            return None;
        };
        self.calendar_args(
            &[(exempt, Ty::Bool, false), (days, Ty::Num, true)],
            "has(looking_back)",
        );
        Some(Ty::Num)
    }

    /// The arguments of a calendar function: each of the type it wants, read
    /// on one post (`false`) or over the calendar (`true`). `example` is a
    /// condition on one post, for the help of a number given instead.
    fn calendar_args(&mut self, args: &[(&Arg, Ty, bool)], example: &str) {
        for &(arg, want, level) in args {
            self.calendar = level;
            match arg {
                Arg::Num(n) if want == Ty::Bool => self.report(
                    Problem::new(
                        Code::WrongType,
                        "expected a condition, found a number",
                        n.span.clone(),
                        "a number",
                    )
                    .with_help(format!("write a condition on one post: `{example}`")),
                ),
                Arg::Num(_) => {}
                Arg::Expr(e) => self.want(e, want, 1),
                Arg::Name(n) => {
                    let e = Expr {
                        kind: ExprKind::Path(n.node.split('.').map(str::to_string).collect()),
                        span: n.span.clone(),
                    };
                    self.want(&e, want, 1);
                }
                Arg::Regex(r) => self.report(
                    Problem::new(
                        Code::WrongType,
                        "expected a condition or a number, found a regular expression",
                        r.span.clone(),
                        "a regex",
                    )
                    .with_help("write `matches(/…/)`"),
                ),
            }
        }
        self.calendar = true;
    }

    /// `posts_between(FROM, TO)`: two numbers of the calendar level (hours).
    fn hours_call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        let [from, to] = args else {
            self.report(
                Problem::new(
                    Code::WrongArguments,
                    format!("`{}` takes two times of day, in hours", name.node),
                    span,
                    "two numbers expected",
                )
                .with_help(format!("write `{}(23, 6)`", name.node)),
            );
            return None;
        };
        for arg in [from, to] {
            match arg {
                Arg::Num(_) => {}
                Arg::Expr(e) => self.want(e, Ty::Num, 1),
                Arg::Name(n) => {
                    let e = Expr {
                        kind: ExprKind::Path(n.node.split('.').map(str::to_string).collect()),
                        span: n.span.clone(),
                    };
                    self.want(&e, Ty::Num, 1);
                }
                Arg::Regex(r) => self.report(
                    Problem::new(
                        Code::WrongType,
                        "expected a time of day in hours, found a regular expression",
                        r.span.clone(),
                        "a regex",
                    )
                    .with_help(format!("write `{}(23, 6)`", name.node)),
                ),
            }
        }
        Some(Ty::Num)
    }

    /// `pillars_off_target(TOLERANCE)`: one number of the calendar level.
    fn tolerance_call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        let [tolerance] = args else {
            self.report(
                Problem::new(
                    Code::WrongArguments,
                    format!("`{}` takes one tolerance", name.node),
                    span,
                    "one number expected",
                )
                .with_help(format!("write `{}(10%)`", name.node)),
            );
            return None;
        };
        self.calendar_args(&[(tolerance, Ty::Num, true)], "has(tip)");
        Some(Ty::Num)
    }

    pub(super) fn call(&mut self, name: &Spanned<String>, args: &[Arg], span: Span) -> Option<Ty> {
        if CalendarFunction::parse(&name.node) == Some(CalendarFunction::PillarsOffTarget)
            && self.calendar
        {
            return self.tolerance_call(name, args, span);
        }
        if CalendarFunction::parse(&name.node) == Some(CalendarFunction::PostsBetween)
            && self.calendar
        {
            return self.hours_call(name, args, span);
        }
        if CalendarFunction::parse(&name.node) == Some(CalendarFunction::PromisesUnkept)
            && self.calendar
        {
            return self.promises_call(name, args, span);
        }
        if CalendarFunction::parse(&name.node) == Some(CalendarFunction::OffSeason) && self.calendar
        {
            return self.off_season_call(name, args, span);
        }
        if CalendarFunction::parse(&name.node).is_some() {
            if !self.calendar {
                self.report(
                    Problem::new(
                        Code::WrongLevel,
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
                        Code::WrongArguments,
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
                        Code::WrongType,
                        "expected a condition, found a number",
                        n.span.clone(),
                        "a number",
                    )
                    .with_help("compare it: `share(hashtags > 3)`"),
                ),
                Arg::Regex(r) => self.report(
                    Problem::new(
                        Code::WrongType,
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
        let builtin = Function::parse(&name.node).map(|f| (f.args().to_vec(), f.result()));
        let native = self
            .names
            .natives
            .iter()
            .find(|n| n.name == name.node)
            .map(|n| (n.args.clone(), n.result));
        let Some((kinds, result)) = builtin.or(native) else {
            let mut names: Vec<&str> = Function::names().collect();
            names.extend(self.names.natives.iter().map(|n| n.name.as_str()));
            let help = did_you_mean(&name.node, names.iter().copied())
                .unwrap_or_else(|| format!("functions: {}", one_of(names.iter().copied())));
            self.report(
                Problem::new(
                    Code::UnknownFunction,
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
                    Code::WrongArguments,
                    format!(
                        "`{}` takes {} argument{}, found {}",
                        name.node,
                        kinds.len(),
                        if kinds.len() == 1 { "" } else { "s" },
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
                            Problem::new(Code::BadRegex, "this regular expression does not compile", r.span.clone(), why)
                                .with_help("postlint uses Rust regex syntax (no look-around or back-references)"),
                        );
                    }
                }
                (ArgKind::Number, Arg::Num(_)) => {}
                (ArgKind::Number, Arg::Expr(e)) => self.want(e, Ty::Num, 1),
                (ArgKind::List, Arg::Name(n))
                    if matches!(self.params.get(&n.node), Some(Value::List(_))) => {}
                (ArgKind::Number, Arg::Name(n))
                    if Measure::parse(&n.node).is_some()
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
                            Code::WrongArguments,
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

    pub(super) fn member(&mut self, subject: &Spanned<Vec<String>>, values: &MemberValues) {
        let key = subject.node.join(".");
        let allowed: Option<Vec<String>> = match Metadata::parse(&key) {
            Some(Metadata::Platform) => Some(self.platform_names()),
            Some(m @ (Metadata::Kind | Metadata::Media)) => {
                Some(m.values().iter().map(|v| v.to_string()).collect())
            }
            Some(Metadata::Lang) => None,
            None if key == "platform.tone" => None,
            None => {
                self.report(
                    Problem::new(
                        Code::UnknownName,
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

fn arg_kind_name(k: ArgKind) -> &'static str {
    match k {
        ArgKind::Lexicon => "a lexicon name",
        ArgKind::Regex => "a /regular expression/",
        ArgKind::Principle => "a principle name",
        ArgKind::Number => "a number",
        ArgKind::List => "a parameter holding a list",
    }
}
