//! Length counters: each platform's own way of counting a post.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::{Analysis, EntityKind};

/// The counting methods a platform declaration can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counter {
    /// twitter-text v3 weighted length: NFC, weighted ranges, URLs 23, emoji 2.
    X,
    /// Extended grapheme clusters (Bluesky).
    Graphemes,
    /// Grapheme clusters, URLs with a scheme 23, remote mentions without `@server`.
    Mastodon,
    /// Unicode scalar values.
    Chars,
    /// UTF-16 code units.
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl Counter {
    pub fn from_name(name: &str) -> Option<Counter> {
        Some(match name {
            "x" => Counter::X,
            "graphemes" => Counter::Graphemes,
            "mastodon" => Counter::Mastodon,
            "chars" | "characters" => Counter::Chars,
            "utf16" => Counter::Utf16,
            "bytes" => Counter::Bytes,
            _ => return None,
        })
    }
    pub const NAMES: &'static [&'static str] = &["x", "graphemes", "mastodon", "chars", "utf16", "bytes"];
}

/// Length of `text` counted with `counter`; `analysis` must be of `text`.
pub fn count(counter: Counter, text: &str, analysis: &Analysis) -> usize {
    match counter {
        Counter::X => x_weighted_length(text),
        Counter::Graphemes => analysis.graphemes,
        Counter::Mastodon => {
            let mut n = analysis.graphemes;
            for e in &analysis.entities {
                let g = |s: &str| unicode_segmentation::UnicodeSegmentation::graphemes(s, true).count();
                match e.kind {
                    EntityKind::Url if e.has_scheme => n = n + 23 - g(&text[e.span.start..e.span.end]),
                    EntityKind::Mention if e.server_len > 0 => n -= g(&text[e.span.end - e.server_len..e.span.end]),
                    _ => {}
                }
            }
            n
        }
        Counter::Chars => text.chars().count(),
        Counter::Utf16 => text.encode_utf16().count(),
        Counter::Bytes => text.len(),
    }
}

/// twitter-text v3 weighted length (see PLATFORMS.md).
pub fn x_weighted_length(text: &str) -> usize {
    let nfc: String = text.nfc().collect();
    let a = crate::analyze(&nfc);
    let mut total = 0usize;
    let mut i = 0;
    let urls: Vec<_> = a.entities_of(EntityKind::Url).map(|e| e.span).collect();
    let mut u = urls.iter().peekable();
    let mut em = a.emoji.iter().peekable();
    while i < nfc.len() {
        if let Some(s) = u.peek().filter(|s| s.start == i) {
            total += 2300;
            i = s.end;
            u.next();
            continue;
        }
        while em.peek().is_some_and(|s| s.start < i) {
            em.next();
        }
        if let Some(s) = em.peek().filter(|s| s.start == i) {
            total += 200;
            i = s.end;
            em.next();
            continue;
        }
        let Some(c) = nfc[i..].chars().next() else { break };
        let cp = c as u32;
        total += if matches!(cp, 0..=4351 | 8192..=8205 | 8208..=8223 | 8242..=8247) { 100 } else { 200 };
        i += c.len_utf8();
    }
    total / 100
}
