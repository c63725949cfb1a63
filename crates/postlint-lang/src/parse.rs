//! Binds the pest grammar (`grammar/postlint.pest`) and turns its parse tree
//! into the typed AST. Syntax errors become diagnostics with byte spans.

use pest::iterators::Pair;
use pest::Parser;

use crate::ast::*;
use crate::diagnostic::{Code, Problem};

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/postlint.pest"]
struct RuleParser;

/// Parse a rule file. On a syntax error, the problem points at the failing position.
pub fn parse(source: &str) -> Result<File, Problem> {
    check_nesting(source)?;
    // The parser and the tree walk recurse per nesting level; give them a
    // stack that the nesting limit cannot exhaust, whatever thread calls us.
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(s, || parse_tree(source))
            .map_err(|e| {
                Problem::new(
                    Code::Internal,
                    format!("cannot start the parser: {e}"),
                    0..0,
                    "here",
                )
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(Problem::new(
                    Code::Internal,
                    "the parser failed",
                    0..0,
                    "here",
                ))
            })
    })
}

fn parse_tree(source: &str) -> Result<File, Problem> {
    let mut pairs = RuleParser::parse(Rule::file, source).map_err(syntax_problem)?;
    let mut file = File::default();
    let Some(root) = pairs.next() else {
        return Ok(file);
    };
    for pair in root.into_inner() {
        match pair.as_rule() {
            Rule::pack => file.items.push(Item::Pack(block(pair))),
            Rule::platform => file.items.push(Item::Platform(block(pair))),
            Rule::lexicon => file.items.push(Item::Lexicon(lexicon(pair))),
            Rule::principle => file.items.push(Item::Principle(principle(pair))),
            Rule::rule => file.items.push(Item::Rule(rule(pair, false))),
            Rule::calendar_rule => file.items.push(Item::Rule(rule(pair, true))),
            Rule::extension => file.items.push(Item::Extend(lexicon(pair))),
            Rule::disable => {
                if let Some(r) = pair.into_inner().next() {
                    file.items.push(Item::Disable(spanned_str(&r)));
                }
            }
            Rule::override_rule => {
                let whole = span(&pair);
                let mut inner = pair.into_inner();
                let target = inner
                    .next()
                    .map(|p| spanned_str(&p))
                    .unwrap_or_else(|| Spanned::new(String::new(), whole.clone()));
                let mut o = Override {
                    rule: target,
                    settings: Vec::new(),
                    params: Vec::new(),
                    span: whole,
                };
                for p in inner {
                    match p.as_rule() {
                        Rule::setting => o.settings.push(setting(p)),
                        Rule::param => {
                            let mut it = p.into_inner();
                            if let (Some(n), Some(v)) = (it.next(), it.next()) {
                                o.params.push(Param {
                                    name: spanned_str(&n),
                                    default: value(v),
                                });
                            }
                        }
                        _ => {}
                    }
                }
                file.items.push(Item::Override(o));
            }
            _ => {}
        }
    }
    Ok(file)
}

/// Refuse deeply nested parentheses before the recursive parser sees them,
/// so hostile input cannot exhaust the stack.
fn check_nesting(source: &str) -> Result<(), Problem> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in source.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' => {
                depth += 1;
                if depth > crate::builtins::MAX_DEPTH {
                    return Err(Problem::new(
                        Code::TooDeep,
                        "this condition is nested too deeply",
                        i..i + 1,
                        format!("over {} levels deep", crate::builtins::MAX_DEPTH),
                    )
                    .with_help("split it into simpler conditions or several `when` clauses"));
                }
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // A chain of `not` nests just as deep as parentheses do.
    let mut run = 0usize;
    let mut offset = 0usize;
    for token in source.split_inclusive(char::is_whitespace) {
        if token.trim() == "not" {
            run += 1;
            if run > crate::builtins::MAX_DEPTH {
                return Err(Problem::new(
                    Code::TooDeep,
                    "this condition is nested too deeply",
                    offset..offset + 3,
                    format!("over {} `not` in a row", crate::builtins::MAX_DEPTH),
                )
                .with_help("`not not x` is `x`: remove the pairs"));
            }
        } else if !token.trim().is_empty() {
            run = 0;
        }
        offset += token.len();
    }
    Ok(())
}

fn syntax_problem(e: pest::error::Error<Rule>) -> Problem {
    use pest::error::{ErrorVariant, InputLocation};
    let span = match e.location {
        InputLocation::Pos(p) => p..p,
        InputLocation::Span((s, end)) => s..end,
    };
    let e = e.renamed_rules(|r| readable(*r).to_string());
    let label = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } if !positives.is_empty() => {
            let mut names: Vec<String> =
                positives.iter().map(|r| readable(*r).to_string()).collect();
            names.sort();
            names.dedup();
            format!("expected {}", names.join(", "))
        }
        ErrorVariant::CustomError { message } => message.clone(),
        _ => "unexpected text here".to_string(),
    };
    Problem::new(Code::Syntax, "the rule file does not parse", span, label).with_help(
        "check for a missing closing brace `}`, a missing `:` after a key, or an unclosed quote",
    )
}

fn readable(r: Rule) -> &'static str {
    match r {
        Rule::EOI => "end of file",
        Rule::item | Rule::pack | Rule::lexicon | Rule::rule | Rule::principle | Rule::platform => {
            "`pack`, `lexicon`, `rule`, `principle` or `platform`"
        }
        Rule::calendar_rule => "`calendar rule`",
        Rule::extension => "`extend lexicon`",
        Rule::override_rule => "`override`",
        Rule::disable => "`disable`",
        Rule::rule_ref => "a rule id like `killers/shouting`",
        Rule::qualified => "a lexicon name like `killers.pressure`",
        Rule::setting | Rule::key => "a setting like `severity: warning`",
        Rule::value => "a value (text in quotes, a number, a name or a [list])",
        Rule::string | Rule::quoted_string | Rule::triple_string => "text in quotes",
        Rule::expr
        | Rule::or_expr
        | Rule::and_expr
        | Rule::not_expr
        | Rule::comparison
        | Rule::sum
        | Rule::product => "a condition",
        Rule::cmp_op => "a comparison (`>`, `>=`, `<`, `<=`, `==`, `!=`)",
        Rule::or_op => "`or`",
        Rule::and_op => "`and`",
        Rule::not_op => "`not`",
        Rule::number | Rule::percent => "a number",
        Rule::name => "a name",
        Rule::ident | Rule::path => "a name",
        Rule::lang_code | Rule::lang_tag => "a language code like `en`",
        Rule::entry => "a quoted word or phrase",
        Rule::param => "`param`",
        Rule::when_clause => "`when`",
        Rule::example | Rule::calendar_example => "`example`",
        Rule::fix => "`fix`",
        Rule::outcome => "`fire` or `pass`",
        Rule::severity => "`error`, `warning` or `suggestion`",
        Rule::regex => "a /regular expression/",
        Rule::list => "a [list]",
        _ => "more text",
    }
}

fn span(pair: &Pair<Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

fn spanned_str(pair: &Pair<Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_string(), span(pair))
}

fn block(pair: Pair<Rule>) -> Block {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let name = head_name(&mut inner, &whole);
    let settings = inner
        .filter(|p| p.as_rule() == Rule::setting)
        .map(setting)
        .collect();
    Block {
        name,
        settings,
        span: whole,
    }
}

fn setting(pair: Pair<Rule>) -> Setting {
    let mut inner = pair.into_inner();
    // The grammar guarantees `key ~ lang_code? ~ ":" ~ value`.
    let key = inner
        .next()
        .map(|p| spanned_str(&p))
        .unwrap_or_else(|| Spanned::new(String::new(), 0..0));
    let mut lang = None;
    let mut value_pair = inner.next();
    if let Some(p) = value_pair
        .as_ref()
        .filter(|p| p.as_rule() == Rule::lang_code)
    {
        lang = Some(spanned_str(p));
        value_pair = inner.next();
    }
    let value = value_pair
        .map(value)
        .unwrap_or_else(|| Spanned::new(Value::Ident(String::new()), 0..0));
    Setting { key, lang, value }
}

fn value(pair: Pair<Rule>) -> Spanned<Value> {
    let sp = span(&pair);
    let inner = match pair.as_rule() {
        Rule::value => match pair.into_inner().next() {
            Some(p) => p,
            None => return Spanned::new(Value::Ident(String::new()), sp),
        },
        _ => pair,
    };
    let v = match inner.as_rule() {
        Rule::string => Value::Str(string(&inner)),
        Rule::number => Value::Num(inner.as_str().parse().unwrap_or(0.0)),
        Rule::percent => Value::Percent(
            inner
                .as_str()
                .trim_end_matches('%')
                .parse::<f64>()
                .unwrap_or(0.0)
                / 100.0,
        ),
        Rule::list => Value::List(inner.into_inner().map(value).collect()),
        _ => Value::Ident(inner.as_str().to_string()),
    };
    Spanned::new(v, sp)
}

/// The text of a string literal: escapes resolved, triple-quoted text dedented.
fn string(pair: &Pair<Rule>) -> String {
    let raw = pair.as_str();
    if let Some(body) = raw
        .strip_prefix("\"\"\"")
        .and_then(|r| r.strip_suffix("\"\"\""))
    {
        return dedent(body);
    }
    let body = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn dedent(body: &str) -> String {
    let body = body.strip_prefix('\n').unwrap_or(body);
    let indent = body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = body
        .lines()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .collect();
    lines.join("\n").trim_end().to_string()
}

/// The name a block starts with (`rule NAME {`); the grammar guarantees it.
fn head_name(inner: &mut pest::iterators::Pairs<Rule>, whole: &Span) -> Spanned<String> {
    inner
        .next()
        .map(|p| spanned_str(&p))
        .unwrap_or_else(|| Spanned::new(String::new(), whole.clone()))
}

fn lexicon(pair: Pair<Rule>) -> Lexicon {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let name = head_name(&mut inner, &whole);
    let mut lex = Lexicon {
        name,
        settings: Vec::new(),
        languages: Vec::new(),
        span: whole,
    };
    for p in inner {
        match p.as_rule() {
            Rule::setting => lex.settings.push(setting(p)),
            Rule::lexicon_entries => {
                let mut it = p.into_inner();
                let Some(code) = it.next() else { continue };
                let entries = it
                    .map(|e| {
                        let mut parts = e.into_inner();
                        let pat = parts.next().map(|s| Spanned::new(string(&s), span(&s)));
                        let rep = parts.next().map(|s| Spanned::new(string(&s), span(&s)));
                        Entry {
                            pattern: pat.unwrap_or_else(|| Spanned::new(String::new(), 0..0)),
                            replacement: rep,
                        }
                    })
                    .collect();
                lex.languages.push((spanned_str(&code), entries));
            }
            _ => {}
        }
    }
    lex
}

fn principle(pair: Pair<Rule>) -> Principle {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let name = head_name(&mut inner, &whole);
    let mut pr = Principle {
        name,
        settings: Vec::new(),
        signals: Vec::new(),
        span: whole,
    };
    for p in inner {
        match p.as_rule() {
            Rule::setting => pr.settings.push(setting(p)),
            Rule::when_clause => pr.signals.push(when(p)),
            _ => {}
        }
    }
    pr
}

fn rule(pair: Pair<Rule>, calendar: bool) -> Rule_ {
    let whole = span(&pair);
    let mut inner = pair.into_inner();
    let name = head_name(&mut inner, &whole);
    let mut r = Rule_ {
        name,
        calendar,
        settings: Vec::new(),
        params: Vec::new(),
        whens: Vec::new(),
        fix: None,
        examples: Vec::new(),
        span: whole,
    };
    for p in inner {
        match p.as_rule() {
            Rule::setting => r.settings.push(setting(p)),
            Rule::param => {
                let mut it = p.into_inner();
                if let (Some(n), Some(v)) = (it.next(), it.next()) {
                    r.params.push(Param {
                        name: spanned_str(&n),
                        default: value(v),
                    });
                }
            }
            Rule::when_clause => r.whens.push(when(p)),
            Rule::fix => r.fix = Some(fix(p)),
            Rule::example | Rule::calendar_example => r.examples.push(example(p)),
            _ => {}
        }
    }
    r
}

type Rule_ = crate::ast::Rule;

fn fix(pair: Pair<Rule>) -> Fix {
    let sp = span(&pair);
    let mut safe = false;
    let mut replacement = FixReplacement::Suggestion;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::safe => safe = true,
            Rule::string => replacement = FixReplacement::Text(string(&p)),
            _ => {}
        }
    }
    Fix {
        safe,
        replacement,
        span: sp,
    }
}

fn example(pair: Pair<Rule>) -> Example {
    let sp = span(&pair);
    let calendar = pair.as_rule() == Rule::calendar_example;
    let mut ex = Example {
        fires: false,
        lang: Spanned::new(
            if calendar {
                "calendar".into()
            } else {
                String::new()
            },
            sp.clone(),
        ),
        meta: Vec::new(),
        text: Spanned::new(String::new(), sp.clone()),
        span: sp,
    };
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::outcome => ex.fires = p.as_str() == "fire",
            Rule::lang_tag => ex.lang = spanned_str(&p),
            Rule::meta => {
                let mut it = p.into_inner();
                if let (Some(k), Some(v)) = (it.next(), it.next()) {
                    ex.meta.push((spanned_str(&k), value(v)));
                }
            }
            Rule::string => ex.text = Spanned::new(string(&p), span(&p)),
            _ => {}
        }
    }
    ex
}

fn when(pair: Pair<Rule>) -> When {
    let sp = span(&pair);
    let mut severity = None;
    let mut expr_node = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::severity => {
                severity = Severity::parse(p.as_str()).map(|s| Spanned::new(s, span(&p)))
            }
            Rule::expr => expr_node = Some(expr(p)),
            _ => {}
        }
    }
    let expr_node = expr_node.unwrap_or(Expr {
        kind: ExprKind::Num(0.0),
        span: sp.clone(),
    });
    When {
        severity,
        expr: expr_node,
        span: sp,
    }
}

fn expr(pair: Pair<Rule>) -> Expr {
    let sp = span(&pair);
    match pair.as_rule() {
        Rule::expr | Rule::group => match pair.into_inner().next() {
            Some(p) => expr(p),
            None => Expr {
                kind: ExprKind::Num(0.0),
                span: sp,
            },
        },
        Rule::or_expr | Rule::and_expr => {
            let is_or = pair.as_rule() == Rule::or_expr;
            let parts: Vec<Expr> = pair
                .into_inner()
                .filter(|p| !matches!(p.as_rule(), Rule::or_op | Rule::and_op))
                .map(expr)
                .collect();
            if parts.len() == 1 {
                return parts.into_iter().next().unwrap_or(Expr {
                    kind: ExprKind::Num(0.0),
                    span: sp,
                });
            }
            Expr {
                kind: if is_or {
                    ExprKind::Or(parts)
                } else {
                    ExprKind::And(parts)
                },
                span: sp,
            }
        }
        Rule::not_expr => {
            let mut nots = 0;
            let mut last = None;
            for p in pair.into_inner() {
                if p.as_rule() == Rule::not_op {
                    nots += 1;
                } else {
                    last = Some(expr(p));
                }
            }
            let mut e = last.unwrap_or(Expr {
                kind: ExprKind::Num(0.0),
                span: sp.clone(),
            });
            // `not not x` is `x`: keep one `not` at most, so a hostile chain of
            // thousands cannot build a tree deep enough to exhaust the stack.
            if nots % 2 == 1 {
                e = Expr {
                    kind: ExprKind::Not(Box::new(e)),
                    span: sp.clone(),
                };
            }
            e
        }
        Rule::comparison => {
            let mut it = pair.into_inner();
            let left = it.next().map(expr);
            let op = it.next();
            let right = it.next().map(expr);
            match (left, op, right) {
                (Some(l), Some(op), Some(r)) => {
                    let op = match op.as_str() {
                        ">" => CmpOp::Gt,
                        ">=" => CmpOp::Ge,
                        "<" => CmpOp::Lt,
                        "<=" => CmpOp::Le,
                        "==" => CmpOp::Eq,
                        _ => CmpOp::Ne,
                    };
                    Expr {
                        kind: ExprKind::Cmp(Box::new(l), op, Box::new(r)),
                        span: sp,
                    }
                }
                (Some(l), _, _) => l,
                _ => Expr {
                    kind: ExprKind::Num(0.0),
                    span: sp,
                },
            }
        }
        Rule::sum | Rule::product => {
            let mut it = pair.into_inner();
            let Some(first) = it.next() else {
                return Expr {
                    kind: ExprKind::Num(0.0),
                    span: sp,
                };
            };
            let mut acc = expr(first);
            while let (Some(op), Some(rhs)) = (it.next(), it.next()) {
                let op = match op.as_str() {
                    "+" => ArithOp::Add,
                    "-" => ArithOp::Sub,
                    "*" => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                let rhs = expr(rhs);
                let s = acc.span.start..rhs.span.end;
                acc = Expr {
                    kind: ExprKind::Arith(Box::new(acc), op, Box::new(rhs)),
                    span: s,
                };
            }
            acc
        }
        Rule::number => Expr {
            kind: ExprKind::Num(pair.as_str().parse().unwrap_or(0.0)),
            span: sp,
        },
        Rule::percent => Expr {
            kind: ExprKind::Num(
                pair.as_str()
                    .trim_end_matches('%')
                    .parse::<f64>()
                    .unwrap_or(0.0)
                    / 100.0,
            ),
            span: sp,
        },
        Rule::path => Expr {
            kind: ExprKind::Path(pair.as_str().split('.').map(str::to_string).collect()),
            span: sp,
        },
        Rule::call => {
            let mut it = pair.into_inner();
            let name = it
                .next()
                .map(|p| spanned_str(&p))
                .unwrap_or_else(|| Spanned::new(String::new(), sp.clone()));
            let args = it
                .map(|a| match a.as_rule() {
                    Rule::regex => Arg::Regex(spanned_str(&a)),
                    _ => {
                        let e = expr(a);
                        match e.kind {
                            ExprKind::Num(n) => Arg::Num(Spanned::new(n, e.span)),
                            ExprKind::Path(p) => Arg::Name(Spanned::new(p.join("."), e.span)),
                            _ => Arg::Expr(Box::new(e)),
                        }
                    }
                })
                .collect();
            Expr {
                kind: ExprKind::Call { name, args },
                span: sp,
            }
        }
        Rule::scoped => {
            let mut it = pair.into_inner().filter(|p| p.as_rule() != Rule::in_op);
            let scope = it
                .next()
                .map(|p| spanned_str(&p))
                .unwrap_or_else(|| Spanned::new(String::new(), sp.clone()));
            let inner = it.next().map(expr).unwrap_or(Expr {
                kind: ExprKind::Num(0.0),
                span: sp.clone(),
            });
            Expr {
                kind: ExprKind::Scoped {
                    scope,
                    expr: Box::new(inner),
                },
                span: sp,
            }
        }
        Rule::quantified => {
            let mut it = pair.into_inner();
            let every = it.next().is_some_and(|q| q.as_str() == "every");
            let lines = it.next().is_some_and(|u| u.as_str() == "line");
            let inner = it.next().map(expr).unwrap_or(Expr {
                kind: ExprKind::Num(0.0),
                span: sp.clone(),
            });
            Expr {
                kind: ExprKind::Quantified {
                    every,
                    lines,
                    expr: Box::new(inner),
                },
                span: sp,
            }
        }
        Rule::membership => {
            let mut it = pair.into_inner();
            let subject = it
                .next()
                .map(|p| {
                    Spanned::new(
                        p.as_str().split('.').map(str::to_string).collect(),
                        span(&p),
                    )
                })
                .unwrap_or_else(|| Spanned::new(Vec::new(), sp.clone()));
            let negated = it.next().is_some_and(|op| op.as_rule() == Rule::is_not);
            let values = match it.next() {
                Some(p) if p.as_rule() == Rule::list => MemberValues::List(
                    p.into_inner()
                        .map(|v| {
                            let s = span(&v);
                            Spanned::new(v.as_str().trim_matches('"').to_string(), s)
                        })
                        .collect(),
                ),
                Some(p) => MemberValues::Name(spanned_str(&p)),
                None => MemberValues::List(Vec::new()),
            };
            Expr {
                kind: ExprKind::Member {
                    subject,
                    negated,
                    values,
                },
                span: sp,
            }
        }
        _ => Expr {
            kind: ExprKind::Num(0.0),
            span: sp,
        },
    }
}
