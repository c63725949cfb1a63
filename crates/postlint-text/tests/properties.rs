//! Robustness: `analyze` and every counter accept any string without
//! panicking, and every span they report lies on char boundaries inside the text.

use postlint_text::{analyze, count, Counter, Span};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} out of range in {text:?}"
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on char boundaries in {text:?}"
    );
}

/// `deep` also compares with the slow reference computations (skipped for
/// the 1 MB inputs, where the reference would dominate the test time).
fn check(text: &str, deep: bool) {
    let a = analyze(text);
    for w in &a.words {
        check_span(text, w.span, "word");
    }
    for s in &a.sentences {
        check_span(text, s.span, "sentence");
    }
    for e in &a.entities {
        check_span(text, e.span, "entity");
        assert!(e.server_len <= e.span.len());
    }
    let groups = [
        ("line", &a.lines),
        ("emoji", &a.emoji),
        ("question", &a.questions),
        ("exclamation", &a.exclamations),
        ("run", &a.exclamation_runs),
    ];
    for (what, spans) in groups {
        for s in spans {
            check_span(text, *s, what);
        }
    }
    if deep {
        // The counter reusing the analysis agrees with the stand-alone one.
        assert_eq!(
            count(Counter::X, text, &a),
            postlint_text::count::x_weighted_length(text),
            "x count of {text:?}"
        );
        // The first sentence alone is the first of all sentences.
        assert_eq!(
            postlint_text::first_sentence_of(text, &a),
            a.sentences.first().copied(),
            "first sentence of {text:?}"
        );
        // The ASCII fast path agrees with full Unicode segmentation.
        assert_eq!(
            a.graphemes,
            text.graphemes(true).count(),
            "graphemes of {text:?}"
        );
    }
    // Entities are sorted and never overlap.
    for pair in a.entities.windows(2) {
        assert!(
            pair[0].span.end <= pair[1].span.start,
            "overlapping entities in {text:?}"
        );
    }
    for name in Counter::NAMES {
        if let Some(c) = Counter::from_name(name) {
            let _ = count(c, text, &a);
        }
    }
}

/// Text built from the pieces that stress the scanners: sigils, dots,
/// schemes, marks, quotes, emoji parts, CJK, bidi and invalid chars.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("#".to_string()),
        Just("@".to_string()),
        Just("$".to_string()),
        Just(".".to_string()),
        Just("/".to_string()),
        Just("http://".to_string()),
        Just("https://".to_string()),
        Just("com".to_string()),
        Just("t.co/".to_string()),
        Just("?!".to_string()),
        Just("\"".to_string()),
        Just("“".to_string()),
        Just("\u{200D}".to_string()),
        Just("\u{FE0F}".to_string()),
        Just("\u{20E3}".to_string()),
        Just("🏽".to_string()),
        Just("🇳".to_string()),
        Just("日本".to_string()),
        Just("\u{202A}".to_string()),
        Just("\u{FFFE}".to_string()),
        Just("\r\n".to_string()),
        Just("(".to_string()),
        Just("e\u{301}".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("\u{600}".to_string()),
        Just(")".to_string()),
        "[a-zA-Z0-9_-]{0,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        check(&text, true);
    }

    #[test]
    fn control_chars_and_whitespace(text in "[\\x00-\\x20\\x7f\u{85}\u{a0}\u{2028}\u{2029}a.#@?!]{0,64}") {
        check(&text, true);
    }

    #[test]
    fn lossy_invalid_utf8(bytes in prop::collection::vec(any::<u8>(), 0..128)) {
        check(&String::from_utf8_lossy(&bytes), true);
    }

    #[test]
    fn tricky_pieces(text in tricky()) {
        check(&text, true);
    }
}

/// A 1 MB line of each pathological shape stays fast and panic-free
/// (quadratic scanning would take minutes here).
#[test]
fn one_megabyte_lines() {
    const MB: usize = 1 << 20;
    let shapes = [
        "word ".repeat(MB / 5),
        "a.".repeat(MB / 2),
        "国".repeat(MB / 3),
        "国h".repeat(MB / 4),
        "#a?".repeat(MB / 3),
        "http://example.com/".to_string() + &"a(".repeat(MB / 2),
        "👍🏽".repeat(MB / 8),
    ];
    for text in &shapes {
        let started = std::time::Instant::now();
        check(text, false);
        assert!(
            started.elapsed().as_secs() < 20,
            "too slow on a 1 MB line starting {:?}",
            text.chars().take(8).collect::<String>()
        );
    }
}
