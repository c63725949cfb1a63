//! Entities in a post: hashtags, mentions (also Mastodon's `@name@server`),
//! cashtags and URLs (with or without a scheme). Extraction follows
//! twitter-text's rules where X's conformance suite pins them down.

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
    pub value: String,
    /// URLs only: the URL was written with a scheme (`https://`).
    pub has_scheme: bool,
    /// Mentions only: byte length of the `@server` part of a remote mention (0 if none).
    pub server_len: usize,
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{0E31}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// Extract every entity of `text`, sorted by position, never overlapping.
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = extract_urls(text);
    let taken: Vec<Span> = out.iter().map(|e| e.span).collect();
    let inside_url = |i: usize| taken.iter().any(|s| s.start <= i && i < s.end);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let clen = c.len_utf8();
        let sigil = match c {
            '#' | '＃' => Some(EntityKind::Hashtag),
            '@' | '＠' => Some(EntityKind::Mention),
            '$' => Some(EntityKind::Cashtag),
            _ => None,
        };
        if let (Some(kind), false) = (sigil, inside_url(i)) {
            let prev = text[..i].chars().next_back();
            let prev_ok = prev.is_none_or(|p| !(p.is_alphanumeric() || p == '_' || p == '&' || p == '@' || p == '#' || p == '$'));
            if prev_ok {
                let start = i + clen;
                let mut end = start;
                for ch in text[start..].chars() {
                    let ok = match kind {
                        EntityKind::Hashtag => is_tag_char(ch),
                        EntityKind::Mention => ch.is_ascii_alphanumeric() || ch == '_',
                        EntityKind::Cashtag => ch.is_ascii_alphabetic(),
                        EntityKind::Url => false,
                    };
                    if !ok {
                        break;
                    }
                    end += ch.len_utf8();
                }
                let value = &text[start..end];
                let valid = match kind {
                    EntityKind::Hashtag => !value.is_empty() && !value.chars().all(|c| c.is_numeric() || c == '_'),
                    EntityKind::Mention => !value.is_empty() && value.len() <= 20,
                    EntityKind::Cashtag => (1..=6).contains(&value.len()),
                    EntityKind::Url => false,
                };
                if valid {
                    let mut server_len = 0;
                    if kind == EntityKind::Mention && bytes.get(end) == Some(&b'@') {
                        let host: usize = text[end + 1..]
                            .char_indices()
                            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                            .map(|(_, c)| c.len_utf8())
                            .sum();
                        let host_str = text[end + 1..end + 1 + host].trim_end_matches('.');
                        if host_str.contains('.') {
                            server_len = 1 + host_str.len();
                        }
                    }
                    out.push(Entity {
                        kind,
                        span: Span::new(i, end + server_len),
                        value: value.to_string(),
                        has_scheme: false,
                        server_len,
                    });
                    i = end + server_len;
                    continue;
                }
            }
        }
        i += clen;
    }
    out.sort_by_key(|e| e.span.start);
    out
}

const COMMON_TLDS: &[&str] = &[
    "com", "org", "net", "nl", "be", "eu", "io", "co", "uk", "de", "fr", "ly", "me", "app", "dev", "info", "social", "gov", "edu",
];

fn extract_urls(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut i = 0;
    let lower = text.to_ascii_lowercase();
    while i < text.len() {
        let rest = &lower[i..];
        let boundary_ok = text[..i].chars().next_back().is_none_or(|p| !p.is_alphanumeric() && p != '@' && p != '.');
        if boundary_ok && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = i + url_len(&text[i..]);
            out.push(Entity { kind: EntityKind::Url, span: Span::new(i, end), value: text[i..end].to_string(), has_scheme: true, server_len: 0 });
            i = end;
            continue;
        }
        if boundary_ok && text[i..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            let len = url_len(&text[i..]);
            let cand = &text[i..i + len];
            let host = cand.split('/').next().unwrap_or("");
            if let Some((_, tld)) = host.rsplit_once('.') {
                if COMMON_TLDS.contains(&tld.to_ascii_lowercase().as_str()) && host.split('.').all(|l| !l.is_empty()) {
                    out.push(Entity { kind: EntityKind::Url, span: Span::new(i, i + len), value: cand.to_string(), has_scheme: false, server_len: 0 });
                    i += len;
                    continue;
                }
            }
        }
        i += text[i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// Length of a URL-ish run: up to whitespace, without trailing punctuation.
fn url_len(s: &str) -> usize {
    let end = s.find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”')).unwrap_or(s.len());
    let trimmed = s[..end].trim_end_matches(['.', ',', '!', '?', ':', ';', ')', '\'']);
    trimmed.len()
}
