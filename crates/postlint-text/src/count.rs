//! Length counters: each platform's own way of counting a post, including
//! X's twitter-text weighted length (`parse_tweet`) with its v2/v3 configs.
//! The figures behind each counter are in docs/platforms.md.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

use crate::{Analysis, EntityKind};

/// What Mastodon counts for every link written with a scheme (`URL_PLACEHOLDER_CHARS`).
const MASTODON_URL_LENGTH: usize = 23;

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
    pub const NAMES: &'static [&'static str] =
        &["x", "graphemes", "mastodon", "chars", "utf16", "bytes"];
}

/// Length of `text` counted with `counter`; `analysis` must be of `text`.
pub fn count(counter: Counter, text: &str, analysis: &Analysis) -> usize {
    match counter {
        Counter::X => {
            let urls: Vec<crate::Span> = analysis
                .entities_of(EntityKind::Url)
                .map(|e| e.span)
                .collect();
            static V3: std::sync::LazyLock<TweetConfig> = std::sync::LazyLock::new(TweetConfig::v3);
            parse_tweet_with(text, &V3, Some(&urls)).weighted_length
        }
        Counter::Graphemes => analysis.graphemes,
        Counter::Mastodon => {
            // Graphemes, but a link with a scheme is 23 and `@name@server` is `@name`.
            let g = |span: std::ops::Range<usize>| {
                text.get(span).map_or(0, |s| s.graphemes(true).count())
            };
            let mut n = analysis.graphemes;
            for e in &analysis.entities {
                match e.kind {
                    EntityKind::Url if e.has_scheme => {
                        n = (n + MASTODON_URL_LENGTH).saturating_sub(g(e.span.start..e.span.end))
                    }
                    EntityKind::Mention if e.server_len > 0 => {
                        n = n.saturating_sub(g(e.span.end - e.server_len..e.span.end))
                    }
                    _ => {}
                }
            }
            n
        }
        Counter::Chars => text.chars().count(),
        Counter::Utf16 => utf16_len(text),
        Counter::Bytes => text.len(),
    }
}

/// The parts of a twitter-text configuration (`config/v3.json`) that
/// decide the weighted length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TweetConfig {
    pub max_weighted_tweet_length: usize,
    pub scale: usize,
    pub default_weight: usize,
    pub transformed_url_length: usize,
    /// Inclusive code point ranges and their weight.
    pub ranges: Vec<(u32, u32, usize)>,
    /// v3: an emoji sequence weighs `default_weight` as a whole.
    pub emoji_parsing_enabled: bool,
}

impl TweetConfig {
    /// X's current configuration (twitter-text `config/v3.json`).
    pub fn v3() -> TweetConfig {
        TweetConfig {
            max_weighted_tweet_length: 280,
            scale: 100,
            default_weight: 200,
            transformed_url_length: 23,
            ranges: vec![
                (0, 4351, 100),
                (8192, 8205, 100),
                (8208, 8223, 100),
                (8242, 8247, 100),
            ],
            emoji_parsing_enabled: true,
        }
    }
    /// The 2017 configuration (`config/v2.json`): like v3, but an emoji
    /// sequence weighs the sum of its code points.
    pub fn v2() -> TweetConfig {
        TweetConfig {
            emoji_parsing_enabled: false,
            ..TweetConfig::v3()
        }
    }
    /// The weight of every ASCII char, when they all weigh the same.
    /// (The first range that holds an ASCII code point decides them all if
    /// it holds all of them; `None` also when unsure.)
    fn ascii_weight(&self) -> Option<usize> {
        match self.ranges.iter().find(|r| r.0 <= 127) {
            None => Some(self.default_weight),
            Some(r) if r.0 == 0 && r.1 >= 127 => Some(r.2),
            Some(_) => None,
        }
    }

    fn weight(&self, c: char) -> usize {
        let cp = c as u32;
        self.ranges
            .iter()
            .find(|r| r.0 <= cp && cp <= r.1)
            .map_or(self.default_weight, |r| r.2)
    }
}

impl Default for TweetConfig {
    fn default() -> Self {
        TweetConfig::v3()
    }
}

/// The result of [`parse_tweet`], as twitter-text's `parseTweet` reports it.
/// Ranges are inclusive and in UTF-16 code units of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedTweet {
    pub weighted_length: usize,
    pub valid: bool,
    /// weighted_length / max × 1000, rounded down.
    pub permillage: usize,
    pub display_range_start: usize,
    pub display_range_end: usize,
    pub valid_range_start: usize,
    pub valid_range_end: usize,
}

/// UTF-16 length of `s`, the same as `s.encode_utf16().count()`: one unit
/// per char (per byte that is not a continuation byte), two for a char
/// beyond U+FFFF (a four-byte sequence, lead byte 0xF0 to 0xF4): the
/// chars (counted word by word by the standard library) and the four-byte
/// lead bytes.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count()
}

/// NFC form of `text`, borrowed when it already is NFC (the common case;
/// ASCII text always is).
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// twitter-text's `parseTweet`: NFC, every URL weighs `transformed_url_length`,
/// every emoji sequence `default_weight` (v3), every other code point the
/// weight of its range. U+FFFE, U+FEFF and U+FFFF make the post invalid.
pub fn parse_tweet(text: &str, config: &TweetConfig) -> ParsedTweet {
    parse_tweet_with(text, config, None)
}

/// [`parse_tweet`], optionally reusing the URL spans of an [`Analysis`] of
/// `text` (valid only when `text` is already NFC: same extractor, same text).
fn parse_tweet_with(
    text: &str,
    config: &TweetConfig,
    known_urls: Option<&[crate::Span]>,
) -> ParsedTweet {
    let normalized = nfc(text);
    let norm: &str = &normalized;
    let found;
    let url_spans: &[crate::Span] = match (known_urls, &normalized) {
        (Some(spans), std::borrow::Cow::Borrowed(_)) => spans,
        _ => {
            found = crate::url::find_urls(norm)
                .iter()
                .map(|u| u.span)
                .collect::<Vec<_>>();
            &found
        }
    };
    let mut urls = url_spans.iter().copied().peekable();
    let ascii_weight = config.ascii_weight().filter(|&w| w > 0);
    let bytes = norm.as_bytes();
    let scale = config.scale.max(1);
    let limit = config.max_weighted_tweet_length * scale;
    let mut total = 0usize;
    let mut valid_chars = true;
    let mut utf16 = 0usize; // UTF-16 units of `norm` before byte `i`
    let mut valid_end = 0usize;
    let mut i = 0;
    // The next non-ASCII byte, kept across URLs: looking for it again from
    // each URL would read the rest of the text once per URL.
    let mut non_ascii = crate::scan::NextNonAscii::default();
    while i < norm.len() {
        // A run of ASCII chars that weigh the same, up to the next URL or
        // non-ASCII char, in one step (most of a post). A digit, `#` or `*`
        // right before a non-ASCII char may start a keycap emoji: left to
        // the char-by-char steps below.
        if let Some(w) = ascii_weight {
            let mut end = non_ascii.find(bytes, i);
            if end < bytes.len() && end > i && matches!(bytes[end - 1], b'0'..=b'9' | b'#' | b'*') {
                end -= 1;
            }
            if let Some(u) = urls.peek() {
                end = end.min(u.start.max(i));
            }
            let n = end - i;
            if n > 0 {
                // Char k of the run brings the total to total + (k + 1) * w.
                if valid_chars && total + w <= limit {
                    valid_end = utf16 + ((limit - total) / w - 1).min(n - 1);
                }
                total += n * w;
                utf16 += n;
                i = end;
                continue;
            }
        }
        let Some(c) = norm[i..].chars().next() else {
            break;
        };
        // Fast path for plain ASCII (no keycap, no URL start): most of a post.
        if c.is_ascii()
            && !matches!(c, '0'..='9' | '#' | '*')
            && urls.peek().is_none_or(|u| u.start != i)
        {
            total += config.weight(c);
            utf16 += 1;
            if valid_chars && total <= limit {
                valid_end = utf16 - 1;
            }
            i += 1;
            continue;
        }
        let step = if let Some(len) = config
            .emoji_parsing_enabled
            .then(|| crate::emoji::emoji_at(norm, i))
            .flatten()
        {
            total += config.default_weight;
            len
        } else if let Some(u) = urls.next_if(|u| u.start == i) {
            total += config.transformed_url_length * scale;
            u.len()
        } else {
            total += config.weight(c);
            if crate::url::is_invalid_char(c) {
                valid_chars = false;
            }
            c.len_utf8()
        };
        while urls.next_if(|u| u.start < i + step).is_some() {}
        utf16 += utf16_len(&norm[i..i + step]);
        if valid_chars && total <= limit {
            valid_end = utf16.saturating_sub(1);
        }
        i += step;
    }
    let weighted_length = total / scale;
    // The loop measured the NFC text: the same as the original unless NFC
    // changed it.
    let original_utf16 = match normalized {
        std::borrow::Cow::Borrowed(_) => utf16,
        std::borrow::Cow::Owned(_) => utf16_len(text),
    };
    // Ranges are computed on the NFC text and shifted back by one global offset.
    let offset = original_utf16 as isize - utf16 as isize;
    ParsedTweet {
        weighted_length,
        valid: valid_chars
            && weighted_length > 0
            && weighted_length <= config.max_weighted_tweet_length,
        permillage: weighted_length * 1000 / config.max_weighted_tweet_length.max(1),
        display_range_start: 0,
        display_range_end: original_utf16.saturating_sub(1),
        valid_range_start: 0,
        valid_range_end: (valid_end as isize + offset).max(0) as usize,
    }
}

/// twitter-text v3 weighted length, X's 280 limit (see docs/platforms.md).
/// Cheap: NFC only when needed, and only URLs and emoji are looked for.
pub fn x_weighted_length(text: &str) -> usize {
    parse_tweet(text, &TweetConfig::v3()).weighted_length
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes scanned for non-ASCII ones while analysing and counting
    /// `copies` copies of a text full of links.
    fn scanned_for_links(copies: usize) -> usize {
        let text = "see https://example.com/x here ".repeat(copies);
        crate::scan::tests::SCANNED.with(|n| n.set(0));
        let analysis = crate::analyze(&text);
        assert_eq!(analysis.entities_of(EntityKind::Url).count(), copies);
        assert!(count(Counter::X, &text, &analysis) > copies * 23);
        crate::scan::tests::SCANNED.with(|n| n.get())
    }

    /// A link every 31 bytes used to send the scan for the next non-ASCII
    /// byte to the end of the text once per link.
    #[test]
    fn links_are_counted_in_linear_time() {
        let (one, four) = (scanned_for_links(500), scanned_for_links(2000));
        assert!(one > 0);
        assert!(
            four <= one * 5,
            "4x the text scanned {four} bytes against {one}: not linear"
        );
    }

    proptest! {
        #[test]
        fn utf16_len_is_the_encoded_length(text in any::<String>()) {
            prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }

        /// ASCII runs counted in one step give what counting char by char
        /// gives: the same configuration but for U+0000 (which the texts
        /// never hold) turns the runs off.
        #[test]
        fn ascii_runs_count_like_single_chars(
            text in "([a-zA-Z0-9#* .,]|1\u{fe0f}\u{20e3}|#\u{20e3}|😂|é|e\u{301}|https://t\\.co/ab| x\\.com ){0,60}",
            max in 1usize..60,
        ) {
            let runs = TweetConfig { max_weighted_tweet_length: max, ..TweetConfig::v3() };
            let mut ranges = vec![(0, 0, 200), (1, 4351, 100)];
            ranges.extend_from_slice(&runs.ranges[1..]);
            let single = TweetConfig { ranges, ..runs.clone() };
            prop_assert!(runs.ascii_weight().is_some() && single.ascii_weight().is_none());
            prop_assert_eq!(parse_tweet(&text, &runs), parse_tweet(&text, &single));
        }
    }
}
