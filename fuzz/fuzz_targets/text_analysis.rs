//! Text analysis and every length counter on arbitrary text; the ASCII fast
//! paths for words and sentences against the Unicode segmenters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint_text::{analyze, count, detect_language, parse_tweet, Counter, Span, TweetConfig};

fn on_boundaries(text: &str, s: Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "span {s:?} outside text of {} bytes", text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "span {s:?} not on char boundaries");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let a = analyze(text);
    for w in &a.words {
        on_boundaries(text, w.span);
    }
    for s in &a.sentences {
        on_boundaries(text, s.span);
    }
    for e in &a.entities {
        on_boundaries(text, e.span);
    }
    for s in a.lines.iter().chain(&a.emoji).chain(&a.questions).chain(&a.exclamations).chain(&a.exclamation_runs) {
        on_boundaries(text, *s);
    }
    for name in Counter::NAMES {
        if let Some(c) = Counter::from_name(name) {
            let _ = count(c, text, &a);
        }
    }
    let _ = parse_tweet(text, &TweetConfig::v3());
    let _ = parse_tweet(text, &TweetConfig::v2());
    let _ = detect_language(text, &["en", "nl"], "en");
    let _ = postlint_text::entities::extract(text);

    // The fast paths for ASCII agree with the Unicode segmenters.
    use unicode_segmentation::UnicodeSegmentation;
    let mut ranges = Vec::new();
    postlint_text::word_ranges(text, &mut ranges);
    let words: Vec<(usize, &str)> = ranges.into_iter().map(|r| (r.start, &text[r])).collect();
    let reference: Vec<(usize, &str)> = text
        .unicode_word_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .collect();
    assert_eq!(words, reference, "words");
    let pieces: Vec<(usize, &str)> = postlint_text::sentence_pieces(text).collect();
    let reference: Vec<(usize, &str)> = text.split_sentence_bound_indices().collect();
    assert_eq!(pieces, reference, "sentences");
});
