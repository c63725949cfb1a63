//! Limits on what a set of rule files may ask of the engine, checked before
//! the checking pass (which compiles regexes) and long before lowering
//! (which builds lexicon matchers): sizes that count across files, and
//! sizes of single nodes that would cost seconds or gigabytes later.

use std::collections::BTreeMap;

use crate::ast::{Arg, Expr, ExprKind, Item};
use crate::builtins::MAX_LEXICON_ENTRIES;
use crate::diagnostic::Code;
use crate::{Names, ParsedFile, Problem};

/// Most phrases the lexicon entries of one pack (its lexicons and its
/// `extend lexicon` blocks) may expand to through `(a|b)` alternatives:
/// the lexicon matchers hold one phrase each.
pub const MAX_PACK_PHRASES: usize = 250_000;

/// Most condition nodes (comparisons, `and`/`or` terms, calls, numbers…)
/// in the `when` clauses of one rule or the signals of one principle.
pub const MAX_CONDITION_NODES: usize = 5_000;

/// Longest regular expression, in bytes of its source. Under it, even a
/// plain list of words compiles within the 1 MiB limit in every form the
/// engine uses; over it, a lexicon is the way to list words.
pub const MAX_REGEX_BYTES: usize = 16 << 10;

/// The limit problems of each file (by index in `files`); only files for
/// which `checked` holds get problems, but every file counts towards the
/// lexicon totals.
pub(crate) fn check_limits(
    files: &[ParsedFile],
    names: &Names,
    checked: impl Fn(&ParsedFile) -> bool,
) -> Vec<Vec<Problem>> {
    let mut problems: Vec<Vec<Problem>> = vec![Vec::new(); files.len()];
    lexicon_totals(files, names, &mut problems);
    let mut phrases: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        let pack_phrases = phrases.entry(f.pack.as_str()).or_default();
        if !checked(f) {
            continue;
        }
        for item in &f.ast.items {
            match item {
                Item::Lexicon(l) | Item::Extend(l) => {
                    for e in l.languages.iter().flat_map(|(_, e)| e) {
                        let before = *pack_phrases;
                        *pack_phrases = before.saturating_add(expansions(&e.pattern.node));
                        if before <= MAX_PACK_PHRASES && *pack_phrases > MAX_PACK_PHRASES {
                            problems[i].push(
                                Problem::new(
                                    Code::TooLarge,
                                    format!("pack `{}` expands to over {MAX_PACK_PHRASES} phrases", f.pack),
                                    e.pattern.span.clone(),
                                    "the lexicon entries up to this one pass the limit",
                                )
                                .with_help("each `(a|b)` group multiplies an entry's phrases; list the phrases that occur, or split the pack"),
                            );
                        }
                    }
                }
                Item::Rule(r) => {
                    let exprs = r.whens.iter().map(|w| &w.expr);
                    node_limit(exprs, &r.name.node, r.name.span.clone(), &mut problems[i]);
                }
                Item::Principle(p) => {
                    let exprs = p.signals.iter().map(|w| &w.expr);
                    node_limit(exprs, &p.name.node, p.name.span.clone(), &mut problems[i]);
                }
                _ => {}
            }
        }
    }
    problems
}

/// Entries per lexicon, its extensions in every file included, in loading
/// order: the extension that passes [`MAX_LEXICON_ENTRIES`] is reported.
fn lexicon_totals(files: &[ParsedFile], names: &Names, problems: &mut [Vec<Problem>]) {
    let mut totals: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in files {
        for item in &f.ast.items {
            if let Item::Lexicon(l) = item {
                let n: usize = l.languages.iter().map(|(_, e)| e.len()).sum();
                *totals
                    .entry((f.pack.clone(), l.name.node.clone()))
                    .or_default() += n;
            }
        }
    }
    for (i, f) in files.iter().enumerate() {
        for item in &f.ast.items {
            let Item::Extend(l) = item else { continue };
            let Some(key) = names.resolve_lexicon(&f.pack, &l.name.node) else {
                continue;
            };
            let total = totals.entry(key.clone()).or_default();
            let before = *total;
            *total += l.languages.iter().map(|(_, e)| e.len()).sum::<usize>();
            if before <= MAX_LEXICON_ENTRIES && *total > MAX_LEXICON_ENTRIES {
                problems[i].push(
                    Problem::new(
                        Code::TooLarge,
                        format!(
                            "lexicon `{}.{}` has {} entries with this extension",
                            key.0, key.1, total
                        ),
                        l.name.span.clone(),
                        "too many entries",
                    )
                    .with_help(format!(
                        "a lexicon holds at most {MAX_LEXICON_ENTRIES} entries, its extensions in every pack included; use wildcards or fewer entries"
                    )),
                );
            }
        }
    }
}

/// The phrases an entry expands to: the product of its groups' sizes (as
/// the checker counts them), saturating.
fn expansions(pattern: &str) -> usize {
    pattern
        .split('(')
        .skip(1)
        .map(|g| g.split(')').next().unwrap_or("").split('|').count())
        .fold(1usize, usize::saturating_mul)
}

/// Report a rule or principle whose conditions have over
/// [`MAX_CONDITION_NODES`] nodes, or a regex over [`MAX_REGEX_BYTES`].
fn node_limit<'e>(
    exprs: impl Iterator<Item = &'e Expr>,
    name: &str,
    span: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) {
    let mut stack: Vec<&Expr> = exprs.collect();
    let mut nodes = 0usize;
    while let Some(e) = stack.pop() {
        nodes += 1;
        match &e.kind {
            ExprKind::Or(v) | ExprKind::And(v) => stack.extend(v),
            ExprKind::Not(x)
            | ExprKind::Scoped { expr: x, .. }
            | ExprKind::Quantified { expr: x, .. } => stack.push(x),
            ExprKind::Cmp(a, _, b) | ExprKind::Arith(a, _, b) => stack.extend([&**a, &**b]),
            ExprKind::Call { args, .. } => {
                for a in args {
                    match a {
                        Arg::Expr(x) => stack.push(x),
                        Arg::Regex(r) if r.node.len() > MAX_REGEX_BYTES => problems.push(
                            Problem::new(
                                Code::BadRegex,
                                format!(
                                    "this regular expression is {} KiB; postlint takes at most {} KiB",
                                    r.node.len() >> 10,
                                    MAX_REGEX_BYTES >> 10
                                ),
                                r.span.clone(),
                                "too long",
                            )
                            .with_help("put a list of words or phrases in a lexicon and test it with `has(LEXICON)`"),
                        ),
                        _ => {}
                    }
                }
            }
            ExprKind::Num(_) | ExprKind::Path(_) | ExprKind::Member { .. } => {}
        }
    }
    if nodes > MAX_CONDITION_NODES {
        problems.push(
            Problem::new(
                Code::TooLarge,
                format!("`{name}` has {nodes} condition nodes"),
                span,
                "too many conditions",
            )
            .with_help(format!(
                "a rule's or principle's conditions hold at most {MAX_CONDITION_NODES} nodes (terms, comparisons, calls); use a lexicon or a regex for long lists, or split the rule"
            )),
        );
    }
}

/// Before the grammar runs: a block (a rule, a principle) with over
/// [`MAX_CONDITION_NODES`] `and`/`or` operators is refused at the operator
/// that crosses the cap. A chain of k operators holds at least 2k + 1 nodes,
/// so such a block is surely over the cap that [`check_conditions`] applies
/// after parsing; refusing it first spares parsing a huge chain (a
/// 500,000-term chain took seconds and hundreds of MB in the parser).
/// Strings, comments and regexes in argument position are skipped.
pub(crate) fn prescan_conditions(text: &str) -> Option<Problem> {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
    let (mut i, mut depth, mut ops, mut last) = (0, 0usize, 0usize, b'\n');
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                i = memchr_newline(b, i);
                continue;
            }
            b'"' if b[i..].starts_with(b"\"\"\"") => {
                i = text[i + 3..]
                    .find("\"\"\"")
                    .map_or(b.len(), |e| i + 3 + e + 3);
                last = b'"';
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                last = b'"';
                continue;
            }
            b'/' if matches!(last, b'(' | b',') => {
                i += 1;
                while i < b.len() && !matches!(b[i], b'/' | b'\n') {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                last = b'/';
                continue;
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    ops = 0;
                }
            }
            _ if ident(c) => {
                let start = i;
                while i < b.len() && ident(b[i]) {
                    i += 1;
                }
                if matches!(&b[start..i], b"and" | b"or") {
                    ops += 1;
                    if ops > MAX_CONDITION_NODES {
                        // miette cannot draw a label past column 65,535 (a
                        // format width): far into a long line, point at the
                        // line and say where.
                        let line = text[..start].rfind('\n').map_or(0, |n| n + 1);
                        let (span, label) = if start - line < FAR_COLUMN {
                            (
                                start..i,
                                "the condition chain passes the limit here".to_string(),
                            )
                        } else {
                            (
                                line..line,
                                format!("the condition chain on this line passes the limit at byte {start}"),
                            )
                        };
                        return Some(
                            Problem::new(
                                Code::TooLarge,
                                format!("over {MAX_CONDITION_NODES} `and`/`or` in one block"),
                                span,
                                label,
                            )
                            .with_help(format!(
                                "a rule's or principle's conditions hold at most {MAX_CONDITION_NODES} nodes (terms, comparisons, calls); use a lexicon or a regex for long lists, or split the rule"
                            )),
                        );
                    }
                }
                last = b'a';
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last = c;
        }
        i += 1;
    }
    None
}

/// Columns past this are too far into a line for a diagnostic's label.
const FAR_COLUMN: usize = 60_000;

fn memchr_newline(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes and messages of the problems of loading `sources`.
    fn problems(sources: &[(String, String)]) -> Vec<String> {
        match crate::load(sources, &[]) {
            Ok(_) => Vec::new(),
            Err(files) => files
                .iter()
                .flat_map(|f| f.problems.iter())
                .map(|p| format!("{} {}", p.code, p.message))
                .collect(),
        }
    }

    fn file(name: &str, text: String) -> (String, String) {
        (name.to_string(), text)
    }

    #[test]
    fn extensions_count_towards_the_lexicon_limit() {
        let mut sources = vec![file(
            "a.rules",
            "pack a { version: \"1.0.0\" }\nlexicon words {\n  en: \"one\"\n}\n".into(),
        )];
        for k in 0..21 {
            let entries: Vec<String> = (0..2_500).map(|i| format!("\"w{k}x{i}\"")).collect();
            sources.push(file(
                &format!("t{k}.rules"),
                format!(
                    "pack t{k} {{ version: \"1.0.0\" }}\nextend lexicon a.words {{\n  en: {}\n}}\n",
                    entries.join(", ")
                ),
            ));
        }
        let found = problems(&sources);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("lexicon `a.words` has 50001 entries"),
            "{found:?}"
        );
        sources.truncate(20);
        assert_eq!(problems(&sources), Vec::<String>::new());
    }

    #[test]
    fn expanded_phrases_are_capped_per_pack() {
        let entries = |n: usize| {
            let e: Vec<String> = (0..n)
                .map(|i| format!("\"x{i}(a|b|c|d)(e|f|g|h)(i|j|k|l)(m|n|o|p)(q|r|s|t)\""))
                .collect();
            format!(
                "pack big {{ version: \"1.0.0\" }}\nlexicon big {{\n  en: {}\n}}\n",
                e.join(", ")
            )
        };
        let found = problems(&[file("big.rules", entries(250))]);
        assert!(
            found.len() == 1 && found[0].contains("expands to over 250000 phrases"),
            "{found:?}"
        );
        assert_eq!(
            problems(&[file("ok.rules", entries(200))]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn long_condition_chains_and_regexes_are_refused() {
        let rule = |when: String| {
            format!("pack p {{ version: \"1.0.0\" }}\nrule r {{\n  severity: warning\n  message: \"m\"\n  when: {when}\n}}\n")
        };
        let chain = |n: usize| vec!["words > 1"; n].join(" and ");
        let found = problems(&[file("chain.rules", rule(chain(5_000)))]);
        assert!(
            found.len() == 1 && found[0].contains("condition nodes"),
            "{found:?}"
        );
        assert_eq!(
            problems(&[file("ok.rules", rule(chain(1_000)))]),
            Vec::<String>::new()
        );
        let words: Vec<String> = (0..3_000).map(|i| format!("word{i}")).collect();
        let found = problems(&[file(
            "re.rules",
            rule(format!("matches(/({})/)", words.join("|"))),
        )]);
        assert!(found.len() == 1 && found[0].contains("KiB"), "{found:?}");
    }

    #[test]
    fn the_built_in_packs_are_within_the_limits() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules");
        let mut sources = Vec::new();
        for pack in std::fs::read_dir(root).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(pack.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = f.path();
                if path.extension().is_some_and(|e| e == "rules") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    sources.push((path.display().to_string(), text));
                }
            }
        }
        assert!(sources.len() > 5);
        let parsed: Vec<ParsedFile> = sources
            .iter()
            .filter_map(|(n, t)| crate::parse_file(n, t).ok())
            .collect();
        assert_eq!(parsed.len(), sources.len());
        let names = Names::collect(&parsed, &[]);
        let found: Vec<String> = check_limits(&parsed, &names, |_| true)
            .into_iter()
            .flatten()
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(found, Vec::<String>::new());
    }
}
