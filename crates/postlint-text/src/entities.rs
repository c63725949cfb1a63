//! Entities in a post: hashtags, mentions (also Mastodon's `@name@server`),
//! cashtags and URLs (with or without a scheme). Extraction follows
//! twitter-text's rules where X's conformance suite pins them down.

use unicode_normalization::char::is_combining_mark;

use crate::scan::{ByteSet, Finder};
use crate::url::{self, char_at, is_latin_accent};
use crate::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Hashtag,
    Mention,
    Cashtag,
    Url,
}

/// One entity: its kind, its span (sigil included) and its value (sigil excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    pub span: Span,
    /// Where the value lies in the text (read it with [`Entity::value`]).
    pub value: Span,
    /// URLs only: the URL was written with a scheme (`https://`).
    pub has_scheme: bool,
    /// Mentions only: byte length of the `@server` part of a remote mention (0 if none).
    pub server_len: usize,
}

/// Longest X screen name.
const MAX_SCREEN_NAME: usize = 20;
/// Longest cashtag symbol (before an optional `.xx` / `_xx` suffix).
const MAX_CASHTAG: usize = 6;

impl Entity {
    /// The value (sigil excluded) in `text`, the text it was found in.
    pub fn value<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.value.start..self.value.end).unwrap_or("")
    }
}

/// Letters and marks: a hashtag needs at least one (`#2024` is not a tag).
fn is_tag_letter(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// What a hashtag may contain: letters, marks, digits, `_`, and the joiners
/// and script punctuation that are part of words in their scripts (ZWNJ/ZWJ,
/// Hebrew maqaf and geresh, Tibetan tsheg, Catalan middle dot, Japanese
/// wave dash, ditto and sound marks).
fn is_tag_char(c: char) -> bool {
    is_tag_letter(c)
        || c.is_numeric()
        || matches!(
            c,
            '_' | '\u{200C}'
                | '\u{200D}'
                | '\u{A67E}'
                | '\u{05BE}'
                | '\u{05F3}'
                | '\u{05F4}'
                | '\u{FF5E}'
                | '\u{301C}'
                | '\u{309B}'
                | '\u{309C}'
                | '\u{30A0}'
                | '\u{30FB}'
                | '\u{3003}'
                | '\u{0F0B}'
                | '\u{0F0C}'
                | '\u{00B7}'
        )
}

fn is_screen_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// First bytes of the sigils: `#`, `@`, `$`, and 0xEF for `＃` and `＠`.
const SIGIL_BYTES: ByteSet = ByteSet::new(&[b'#', b'@', b'$', 0xEF]);

/// The first sigil (`#`, `＃`, `@`, `＠`, `$`) in `text[from..to]`: a byte
/// scan (the full-width ones start with byte 0xEF), decoding nothing else.
fn find_sigil(sigils: &mut Finder<'_>, text: &str, from: usize, to: usize) -> Option<usize> {
    let bytes = text.as_bytes().get(..to)?;
    let mut k = from;
    while let Some(at) = sigils.find(k).filter(|&at| at < to) {
        if bytes[at] != 0xEF
            || text
                .get(at..to)
                .is_some_and(|rest| rest.starts_with(['＃', '＠']))
        {
            return Some(at);
        }
        k = at + 1;
    }
    None
}

/// Extract every entity of `text`, sorted by position, never overlapping.
/// URLs come first; a hashtag, mention or cashtag that would overlap a URL
/// is dropped (`twitter.com/#tag` is one URL).
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    extract_into(text, &mut out);
    out
}

/// [`extract`] appending to `out`.
pub fn extract_into(text: &str, out: &mut Vec<Entity>) {
    let urls = url::find_urls(text);
    out.reserve(urls.len());
    let mut next_url = urls.iter().peekable();
    let mut sigils = SIGIL_BYTES.finder(text.as_bytes());
    let mut i = 0;
    while i < text.len() {
        // Sigil entities never run into a URL, so `i` never passes a URL's start.
        while let Some(u) = next_url.next_if(|u| u.span.start <= i) {
            out.push(url_entity(u));
            i = i.max(u.span.end);
        }
        let limit = next_url.peek().map_or(text.len(), |u| u.span.start);
        let Some(at) = find_sigil(&mut sigils, text, i, limit) else {
            i = limit;
            continue;
        };
        let Some(c) = char_at(text, at) else { break };
        let prev = text[..at].chars().next_back();
        let found = match c {
            '#' | '＃' => hashtag_at(text, at, prev),
            '@' | '＠' => mention_at(text, at, prev),
            _ => cashtag_at(text, at, prev),
        };
        match found {
            Some(e) if e.span.end <= limit => {
                i = e.span.end;
                out.push(e);
            }
            _ => i = at + c.len_utf8(),
        }
    }
    out.extend(next_url.map(url_entity));
}

fn url_entity(u: &url::FoundUrl) -> Entity {
    Entity {
        kind: EntityKind::Url,
        span: u.span,
        value: u.span,
        has_scheme: u.has_scheme,
        server_len: 0,
    }
}

/// URLs of `text` (with and without scheme), as in [`extract`].
pub fn extract_urls(text: &str) -> Vec<Entity> {
    url::find_urls(text).iter().map(url_entity).collect()
}

/// Hashtags of `text`, as in [`extract`] (none inside URLs).
pub fn extract_hashtags(text: &str) -> Vec<Entity> {
    only(text, EntityKind::Hashtag)
}

/// X mentions (`@name`) of `text`, as in [`extract`]. Mastodon remote
/// mentions (`@name@server.tld`) are left out: on X they are no mention.
pub fn extract_mentions(text: &str) -> Vec<Entity> {
    let mut v = only(text, EntityKind::Mention);
    v.retain(|e| e.server_len == 0);
    v
}

/// Cashtags (`$TSLA`) of `text`, as in [`extract`].
pub fn extract_cashtags(text: &str) -> Vec<Entity> {
    only(text, EntityKind::Cashtag)
}

fn only(text: &str, kind: EntityKind) -> Vec<Entity> {
    let mut v = extract(text);
    v.retain(|e| e.kind == kind);
    v
}

fn entity(kind: EntityKind, sigil: usize, value: Span, end: usize, server_len: usize) -> Entity {
    Entity {
        kind,
        span: Span::new(sigil, end),
        value,
        has_scheme: false,
        server_len,
    }
}

/// `#tag` at `i`: not glued to a word or `&`, not a keycap (`#️⃣`), at least
/// one letter, and not followed by another `#` or by `://`.
fn hashtag_at(text: &str, i: usize, prev: Option<char>) -> Option<Entity> {
    if prev.is_some_and(|p| !matches!(p, '\u{FE0E}' | '\u{FE0F}') && (p == '&' || is_tag_char(p))) {
        return None;
    }
    let start = i + char_at(text, i)?.len_utf8();
    if matches!(char_at(text, start), Some('\u{FE0F}' | '\u{20E3}')) {
        return None;
    }
    let mut end = start;
    let mut letter = false;
    for c in text[start..].chars() {
        if !is_tag_char(c) {
            break;
        }
        letter |= is_tag_letter(c);
        end += c.len_utf8();
    }
    if !letter || matches!(char_at(text, end), Some('#' | '＃')) || text[end..].starts_with("://")
    {
        return None;
    }
    Some(entity(
        EntityKind::Hashtag,
        i,
        Span::new(start, end),
        end,
        0,
    ))
}

/// `@name` at `i` (1–20 of `[A-Za-z0-9_]`). Not after a word char or
/// `!#$%&*@`, except right after `RT`/`RT:`. `@name@server.tld` is a
/// Mastodon remote mention; any other `@name@…` looks like an e-mail.
fn mention_at(text: &str, i: usize, prev: Option<char>) -> Option<Entity> {
    if prev.is_some_and(|p| {
        is_screen_name_char(p) || matches!(p, '!' | '#' | '$' | '%' | '&' | '*' | '@' | '＠')
    }) && !after_retweet_marker(&text[..i])
    {
        return None;
    }
    let start = i + char_at(text, i)?.len_utf8();
    let end = text[start..]
        .find(|c: char| !is_screen_name_char(c))
        .map_or(text.len(), |n| start + n);
    if end == start || end - start > MAX_SCREEN_NAME {
        return None;
    }
    let next = char_at(text, end);
    if matches!(next, Some('@' | '＠')) {
        let server_len = remote_server_len(&text[end..])?;
        return Some(entity(
            EntityKind::Mention,
            i,
            Span::new(start, end),
            end + server_len,
            server_len,
        ));
    }
    if next.is_some_and(is_latin_accent) || text[end..].starts_with("://") {
        return None;
    }
    Some(entity(
        EntityKind::Mention,
        i,
        Span::new(start, end),
        end,
        0,
    ))
}

/// `rt`/`rt:` (any case) that is not the end of a longer word.
fn after_retweet_marker(before: &str) -> bool {
    let b = before.strip_suffix(':').unwrap_or(before).as_bytes();
    b.len() >= 2
        && b[b.len() - 2..].eq_ignore_ascii_case(b"rt")
        && before[..b.len() - 2].chars().next_back().is_none_or(|p| {
            !(p.is_ascii_alphanumeric() || matches!(p, '_' | '+' | '~' | '.' | '-'))
        })
}

/// Byte length of `@server.tld` at the start of `s` (which begins with the
/// second `@`), or `None` if no plausible host follows.
fn remote_server_len(s: &str) -> Option<usize> {
    let at = s.chars().next()?.len_utf8();
    let rest = &s[at..];
    let host_len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    let host = rest[..host_len].trim_end_matches(['.', '-']);
    let tld = host.rsplit('.').next().unwrap_or("");
    let ok = host.contains('.')
        && host.split('.').all(|l| !l.is_empty())
        && tld.chars().count() >= 2
        && tld.chars().all(char::is_alphabetic);
    // Something glued right after the host (`@a@b.cd@e`) is not a mention.
    let after = s[at + host.len()..].chars().next();
    (ok && !matches!(after, Some('@' | '＠'))).then_some(at + host.len())
}

/// `$TSLA` at `i`: after whitespace (or at the start), 1–6 ASCII letters,
/// optionally `.xx`/`_xx`, then whitespace, punctuation or the end.
fn cashtag_at(text: &str, i: usize, prev: Option<char>) -> Option<Entity> {
    if prev.is_some_and(|p| !p.is_whitespace()) {
        return None;
    }
    let start = i + 1;
    let letters = text[start..]
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(text.len() - start);
    if letters == 0 || letters > MAX_CASHTAG {
        return None;
    }
    let bare_end = start + letters;
    let boundary =
        |at: usize| char_at(text, at).is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation());
    if let Some(b'.' | b'_') = text.as_bytes().get(bare_end) {
        let suffix = text[bare_end + 1..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(text.len() - bare_end - 1);
        let end = bare_end + 1 + suffix;
        if (1..=2).contains(&suffix) && boundary(end) {
            return Some(entity(
                EntityKind::Cashtag,
                i,
                Span::new(start, end),
                end,
                0,
            ));
        }
    }
    boundary(bare_end).then(|| {
        entity(
            EntityKind::Cashtag,
            i,
            Span::new(start, bare_end),
            bare_end,
            0,
        )
    })
}
