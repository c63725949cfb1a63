//! Rewrites of a rule's regular expression for posts whose word characters
//! are all ASCII, and what is known of it before it is compiled: a
//! [`Plan`]. The build script computes the plans of the built-in packs'
//! expressions (this file is compiled into it too), so a run does not.

use serde::{Deserialize, Serialize};

/// What is known of an expression before it is compiled.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Forms for posts whose word characters are all ASCII, best first (the
    /// first that compiles is used): [`ascii_mode`] over [`ascii_classes`],
    /// then [`ascii_classes`] alone. Empty when neither changes anything.
    pub ascii_sources: Vec<String>,
    /// For case-insensitive expressions: the ASCII form without the `i`
    /// flag, its letters lower-cased ([`ascii_folded`]), for the post
    /// lower-cased.
    pub folded_source: Option<String>,
    /// The literals every match of `folded_source` starts with (see
    /// [`prefixes`]).
    pub folded_prefixes: Option<Vec<Vec<u8>>>,
}

/// The plan of the regex literal `source` (`/…/flags`), as the build makes
/// it for the built-in packs (a run reads the prefixes only when needed).
#[cfg_attr(not(test), allow(dead_code))]
pub fn plan(source: &str) -> Plan {
    let mut plan = forms(source);
    plan.folded_prefixes = plan.folded_source.as_deref().and_then(prefixes);
    plan
}

/// [`plan`] without the prefixes (which take parsing the expression).
pub fn forms(source: &str) -> Plan {
    let classes = ascii_classes(source);
    let mode = ascii_mode(classes.as_deref().unwrap_or(source));
    let folded_source = mode.as_deref().and_then(ascii_folded);
    Plan {
        ascii_sources: mode.into_iter().chain(classes).collect(),
        folded_source,
        folded_prefixes: None,
    }
}

/// How deep groups may nest in an expression.
pub const NEST_LIMIT: u32 = 100;

/// The flags of a regex literal (`/…/imsx`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    pub case_insensitive: bool,
    pub multi_line: bool,
    pub dot_matches_new_line: bool,
    pub ignore_whitespace: bool,
}

/// The body and flags of a regex literal, as `postlint_lang`'s checker
/// reads them; `None` for an unknown flag.
pub fn split(literal: &str) -> Option<(String, Flags)> {
    let (body, letters) = postlint_lang::builtins::split_regex(literal);
    let mut flags = Flags::default();
    for f in letters.chars() {
        *match f {
            'i' => &mut flags.case_insensitive,
            'm' => &mut flags.multi_line,
            's' => &mut flags.dot_matches_new_line,
            'x' => &mut flags.ignore_whitespace,
            _ => return None,
        } = true;
    }
    Some((body, flags))
}

/// At most this many prefixes are kept: a text is searched for each.
const MAX_PREFIXES: usize = 48;

/// The literals that every match of the regex literal `literal` starts
/// with, each cut to its first four bytes (a class after a word expands
/// into one literal per member: `only\t`, `only `…); `None` when no such
/// small set is known: a class of many characters first, an empty match,
/// a long alternation, or a literal that does not parse. Read with the
/// parser and settings the expression is compiled with.
pub fn prefixes(literal: &str) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let (body, flags) = split(literal)?;
    let hir = regex_syntax::ParserBuilder::new()
        .nest_limit(NEST_LIMIT)
        .case_insensitive(flags.case_insensitive)
        .multi_line(flags.multi_line)
        .dot_matches_new_line(flags.dot_matches_new_line)
        .ignore_whitespace(flags.ignore_whitespace)
        .build()
        .parse(&body)
        .ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let mut prefixes: Vec<Vec<u8>> = seq
        .literals()?
        .iter()
        .map(|l| l.as_bytes()[..l.len().min(4)].to_vec())
        .collect();
    prefixes.sort_unstable();
    prefixes.dedup();
    let usable = !prefixes.is_empty()
        && prefixes.len() <= MAX_PREFIXES
        && prefixes.iter().all(|l| !l.is_empty());
    usable.then_some(prefixes)
}

/// The expression with its word classes made ASCII: `\b`, `\B`, `\w`, `\d`,
/// `\p{L}`, `\p{Lu}` and `\p{Ll}`, inside and outside brackets. On a text
/// whose word characters are all ASCII it matches exactly what the original
/// does (case-insensitive folding included: `[A-Z]` folds like `\p{Lu}`
/// there), but it compiles to a fraction of the automaton and the lazy DFA
/// never gives up on it. `None` when there is nothing to rewrite.
pub(crate) fn ascii_classes(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len() + 32);
    let mut changed = false;
    let mut in_class = false;
    let mut class_start = false; // just after `[` or `[^`: a `]` here is literal
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                continue;
            }
            ']' if in_class && !at_class_start => {
                in_class = false;
                out.push(']');
                continue;
            }
            '\\' => {}
            _ => {
                out.push(c);
                continue;
            }
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let ascii = match e {
            'b' | 'B' if !in_class => Some(if e == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" }),
            'w' => Some("0-9A-Za-z_"),
            'd' => Some("0-9"),
            'p' if chars.peek() == Some(&'{') => {
                let name: String = chars.clone().skip(1).take_while(|&c| c != '}').collect();
                let class = match name.as_str() {
                    "L" => Some("A-Za-z"),
                    "Lu" => Some("A-Z"),
                    "Ll" => Some("a-z"),
                    _ => None,
                };
                if class.is_some() {
                    for _ in 0..name.chars().count() + 2 {
                        chars.next(); // `{`, the name, `}`
                    }
                }
                class
            }
            _ => None,
        };
        match ascii {
            Some(b) if b.starts_with('(') => out.push_str(b),
            Some(set) if in_class => out.push_str(set),
            Some(set) => {
                out.push('[');
                out.push_str(set);
                out.push(']');
            }
            None => {
                out.push('\\');
                out.push(e);
                continue;
            }
        }
        changed = true;
    }
    changed.then_some(out)
}

/// The expression in the regex engine's ASCII mode (`(?-u)`), for posts
/// whose word and space characters are all ASCII ([`ascii_fits`]):
/// case-insensitive letters then fold within ASCII only (Unicode folding
/// adds `ſ` to `s` and the Kelvin sign to `k`, which such a post cannot
/// contain, at the cost of a larger automaton for every `s` and `k` of every
/// alternative) and `\s` is ASCII white space. What still needs Unicode
/// keeps it: `.`, `\p{…}`, code point escapes, and bracket classes that are
/// negated or hold an escape or a non-ASCII character. `None` when the
/// expression uses the `x` flag (its comments are not tokenised here) or a
/// bracket is not closed.
pub(crate) fn ascii_mode(source: &str) -> Option<String> {
    let body_start = usize::from(source.starts_with('/'));
    let body_end = source
        .rfind('/')
        .filter(|&e| e >= body_start)
        .unwrap_or(source.len());
    let (body, flags) = (&source[body_start..body_end], &source[body_end..]);
    if flags.contains('x') || names_flag(body, 'x') {
        return None;
    }
    let unicode = |out: &mut String, piece: &str| {
        out.push_str("(?u:");
        out.push_str(piece);
        out.push(')');
    };
    let mut out = rewrite(&source[..body_start], body, |piece, out| {
        match piece {
            Piece::Escape(e) if e[1..].starts_with(['p', 'P', 'x', 'u', 'U']) => unicode(out, e),
            Piece::Class(c) if c.starts_with("[^") || c.contains('\\') || !c.is_ascii() => {
                unicode(out, c)
            }
            Piece::Escape(text) | Piece::Class(text) | Piece::Group(text) => out.push_str(text),
            Piece::Char('.') => out.push_str("(?u:.)"),
            Piece::Char(c) => out.push(c),
        }
        Some(())
    })?;
    out.push_str(flags);
    Some(out)
}

/// A piece of a regex body, as the rewrites read it.
enum Piece<'a> {
    /// `\` and what it escapes ([`escape_len`]).
    Escape(&'a str),
    /// A bracket class ([`class_len`]).
    Class(&'a str),
    /// `(?` and the flags or name up to `:` or `)`.
    Group(&'a str),
    Char(char),
}

/// `prefix`, `(?-u)`, then `body` rewritten piece by piece: `f` appends a
/// piece's rewrite or refuses the expression (`None`, as is a bracket that
/// is not closed).
fn rewrite(
    prefix: &str,
    body: &str,
    mut f: impl FnMut(Piece<'_>, &mut String) -> Option<()>,
) -> Option<String> {
    let mut out = String::with_capacity(prefix.len() + body.len() + 24);
    out.push_str(prefix);
    out.push_str("(?-u)");
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        let (piece, len) = match c {
            '\\' => {
                let len = escape_len(rest);
                (Piece::Escape(&rest[..len]), len)
            }
            '[' => {
                let len = class_len(rest)?;
                (Piece::Class(&rest[..len]), len)
            }
            '(' if rest.starts_with("(?") => {
                let len = rest.find([':', ')']).map_or(rest.len(), |i| i + 1);
                (Piece::Group(&rest[..len]), len)
            }
            c => (Piece::Char(c), c.len_utf8()),
        };
        f(piece, &mut out)?;
        rest = &rest[len..];
    }
    Some(out)
}

/// An [`ascii_mode`] form of a wholly case-insensitive expression (the `i`
/// flag, or a leading `(?i)`) without case-insensitivity, its ASCII
/// letters lower-cased, to run on the post with its ASCII letters
/// lower-cased: on a post whose word characters are all ASCII it matches
/// exactly where the `(?i)` form does. `None` when that cannot be shown
/// from the text of the expression: another group names the `i` flag, a
/// bracket class holds a letter without its other case (`[A-Z]`), a named
/// class, or a nested class.
pub(crate) fn ascii_folded(mode: &str) -> Option<String> {
    let body_start = usize::from(mode.starts_with('/'));
    let body_end = mode.rfind('/').filter(|&e| e >= body_start)?;
    let (body, flags) = (&mode[body_start..body_end], &mode[body_end + 1..]);
    let body = body.strip_prefix("(?-u)")?;
    let (body, leading_i) = match body.strip_prefix("(?i)") {
        Some(rest) => (rest, true),
        None => (body, false),
    };
    if !(leading_i || flags.contains('i')) || names_flag(body, 'i') {
        return None;
    }
    let mut out = rewrite(&mode[..body_start], body, |piece, out| {
        match piece {
            Piece::Escape(e) if e[1..].starts_with(['p', 'P', 'w', 'W', 'x', 'u', 'U']) => {
                return None
            }
            Piece::Class(c) if !case_symmetric(c) => return None,
            // Escapes, classes, group flags and names are copied as written.
            Piece::Escape(text) | Piece::Class(text) | Piece::Group(text) => out.push_str(text),
            Piece::Char(c) => out.push(c.to_ascii_lowercase()),
        }
        Some(())
    })?;
    out.push('/');
    out.extend(flags.chars().filter(|&f| f != 'i'));
    Some(out)
}

/// Whether a group in `body` names `flag` (`(?i)`, `(?-i:`, `(?si)`).
fn names_flag(body: &str, flag: char) -> bool {
    body.match_indices("(?").any(|(at, _)| {
        body[at + 2..]
            .chars()
            .take_while(|&c| c != ')' && c != ':')
            .any(|c| c == flag)
    })
}

/// Whether a bracket class (`[…]`, as [`class_len`] found it) holds each
/// ASCII letter it holds in both cases, so it matches a letter exactly when
/// it matches the letter lower-cased. Escapes other than `\s`, `\d`, `\n`,
/// `\t`, `\r` and escaped punctuation, and nested classes, are refused.
fn case_symmetric(class: &str) -> bool {
    let inner = &class[1..class.len() - 1];
    let inner = inner.strip_prefix('^').unwrap_or(inner);
    let mut letters = [false; 128];
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            match chars.get(i + 1) {
                Some('s' | 'd' | 'n' | 't' | 'r') => {}
                Some(e) if e.is_ascii_punctuation() => {}
                _ => return false,
            }
            i += 2;
            continue;
        }
        if c == '[' {
            return false;
        }
        let (from, to) = match (chars.get(i + 1), chars.get(i + 2)) {
            (Some('-'), Some(&end)) if end != ']' && end != '\\' => {
                i += 3;
                (c, end)
            }
            _ => {
                i += 1;
                (c, c)
            }
        };
        for l in (from as u32..=to as u32).filter(|&l| l < 128) {
            letters[l as usize] = true;
        }
    }
    (b'a'..=b'z').all(|l| letters[usize::from(l)] == letters[usize::from(l.to_ascii_uppercase())])
}

/// Length of the escape at the start of `s` (`\\` and what it escapes):
/// `\p{Greek}`, `\pL`, `\x{E9}`, `\xE9`, `\u00E9`, `\n`.
fn escape_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    let Some((at, e)) = chars.next() else {
        return s.len();
    };
    let after = at + e.len_utf8();
    let tail = &s[after..];
    match e {
        'p' | 'P' | 'x' | 'u' | 'U' if tail.starts_with('{') => {
            tail.find('}').map_or(s.len(), |close| after + close + 1)
        }
        'p' | 'P' => tail.chars().next().map_or(after, |c| after + c.len_utf8()),
        'x' | 'u' | 'U' => {
            let digits = match e {
                'x' => 2,
                'u' => 4,
                _ => 8,
            };
            after
                + tail
                    .bytes()
                    .take(digits)
                    .take_while(u8::is_ascii_hexdigit)
                    .count()
        }
        _ => after,
    }
}

/// Length of the bracket class at the start of `s`, nested classes and
/// escapes included (a `]` first in a class is a literal); `None` if it is
/// not closed.
fn class_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                i += escape_len(&s[i..]);
                continue;
            }
            b'[' => {
                depth += 1;
                i += 1;
                if bytes.get(i) == Some(&b'^') {
                    i += 1;
                }
                if bytes.get(i) == Some(&b']') {
                    i += 1; // literal `]`
                }
                continue;
            }
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
