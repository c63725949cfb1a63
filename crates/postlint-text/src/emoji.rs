//! Emoji recognition: which grapheme clusters are shown as one emoji (ZWJ
//! sequences, skin tones, flags, keycaps, tag sequences), shared by the
//! analysis and by X's weighted counter.

use unicode_segmentation::UnicodeSegmentation;

/// Characters that are emoji on their own (emoji presentation or commonly
/// rendered as emoji): pictographs, dingbats, arrows and the like.
pub(crate) fn is_emoji_char(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B05..=0x2B07 | 0x2B1B | 0x2B1C | 0x2B50 | 0x2B55
        | 0x231A | 0x231B | 0x2328 | 0x23CF | 0x23E9..=0x23F3 | 0x23F8..=0x23FA | 0x3030 | 0x303D
        | 0x3297 | 0x3299 | 0x2934 | 0x2935 | 0x25AA | 0x25AB | 0x25B6 | 0x25C0 | 0x25FB..=0x25FE)
}

/// Text symbols that become emoji only with U+FE0F (`©️`, `‼️`, `↔️`).
fn is_emoji_with_selector(c: char) -> bool {
    is_emoji_char(c)
        || matches!(
            c as u32,
            0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2194
                ..=0x2199 | 0x21A9 | 0x21AA | 0x24C2
        )
}

/// Whether a grapheme cluster is shown as one emoji.
pub(crate) fn is_emoji_grapheme(g: &str) -> bool {
    let mut cs = g.chars();
    let Some(first) = cs.next() else { return false };
    if matches!(first, '0'..='9' | '#' | '*') {
        return g.contains('\u{20E3}'); // keycap: 1️⃣, also without U+FE0F
    }
    if is_emoji_char(first) {
        return true;
    }
    is_emoji_with_selector(first) && g.contains('\u{FE0F}')
}

/// The emoji sequence starting at byte `i` of `text` (at a grapheme
/// boundary): its byte length, or `None` if no emoji starts there.
pub(crate) fn emoji_at(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let first = rest.chars().next()?;
    if matches!(first, '0'..='9' | '#' | '*') {
        // Digits are common prose: decide without segmenting.
        let tail = &rest[1..];
        let tail = tail.strip_prefix('\u{FE0F}').unwrap_or(tail);
        return tail
            .starts_with('\u{20E3}')
            .then(|| rest.len() - tail.len() + '\u{20E3}'.len_utf8());
    }
    if !is_emoji_with_selector(first) {
        return None;
    }
    let g = rest.graphemes(true).next()?;
    is_emoji_grapheme(g).then_some(g.len())
}
