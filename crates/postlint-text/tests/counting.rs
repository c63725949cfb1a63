//! Per-platform counting: every counter on emoji, CJK and URL texts, with
//! the figures worked out by hand (see docs/platforms.md for the rules).

use postlint_text::{analyze, count, count::x_weighted_length, Counter};

fn n(counter: Counter, text: &str) -> usize {
    count(counter, text, &analyze(text))
}

/// Emoji sequences: a waving hand with skin tone, a ZWJ family, a flag.
const EMOJI: &str = "Hi 👋🏽 👨‍👩‍👧‍👦 🇳🇱";
const CJK: &str = "日本語のテスト";
const URL: &str = "Lees https://example.com/een/heel/lang/pad?met=query verder";
const BARE_URL: &str = "zie example.com nu";
const CJK_URL: &str = "日本語のテスト https://例え.jp/パス";
const REMOTE: &str = "hoi @anna@mastodon.social!";

#[test]
fn counter_names_round_trip() {
    for name in Counter::NAMES {
        assert!(Counter::from_name(name).is_some(), "{name}");
    }
    assert_eq!(Counter::from_name("characters"), Some(Counter::Chars));
    assert_eq!(Counter::from_name("nope"), None);
}

#[test]
fn x_counts_weighted_units() {
    // 3 + 2 (hand+tone) + 1 + 2 (family) + 1 + 2 (flag)
    assert_eq!(n(Counter::X, EMOJI), 11);
    assert_eq!(n(Counter::X, CJK), 14);
    assert_eq!(n(Counter::X, URL), 5 + 23 + 7);
    assert_eq!(
        n(Counter::X, BARE_URL),
        4 + 23 + 3,
        "bare domains are links on X"
    );
    assert_eq!(
        n(Counter::X, CJK_URL),
        14 + 1 + 23 + 4,
        "path stops at the CJK text"
    );
    assert_eq!(n(Counter::X, "1️⃣ #️⃣"), 2 + 1 + 2, "keycaps are one emoji");
    assert_eq!(n(Counter::X, "🏴󠁧󠁢󠁳󠁣󠁴󠁿"), 2, "tag sequence");
    assert_eq!(n(Counter::X, "e\u{301}"), 1, "NFC first");
    assert_eq!(
        n(Counter::X, "café — “quoted”"),
        15,
        "Latin, dashes and quotes weigh 1"
    );
    assert_eq!(n(Counter::X, ""), 0);
    assert_eq!(x_weighted_length(&"a".repeat(280)), 280);
}

#[test]
fn graphemes_count_user_perceived_characters() {
    assert_eq!(n(Counter::Graphemes, EMOJI), 8);
    assert_eq!(n(Counter::Graphemes, CJK), 7);
    assert_eq!(
        n(Counter::Graphemes, URL),
        59,
        "Bluesky counts the link text as written"
    );
    assert_eq!(n(Counter::Graphemes, "e\u{301}\r\n"), 2);
    // Bluesky's 300-grapheme limit: 300 toned thumbs are 300 graphemes but 2400 bytes.
    let thumbs = "👍🏽".repeat(300);
    assert_eq!(n(Counter::Graphemes, &thumbs), 300);
    assert_eq!(n(Counter::Bytes, &thumbs), 2400);
}

#[test]
fn mastodon_counts_links_as_23_and_remote_mentions_without_server() {
    assert_eq!(n(Counter::Mastodon, EMOJI), 8);
    assert_eq!(n(Counter::Mastodon, CJK), 7);
    assert_eq!(n(Counter::Mastodon, URL), 5 + 23 + 7);
    assert_eq!(
        n(Counter::Mastodon, BARE_URL),
        18,
        "no scheme: plain text on Mastodon"
    );
    assert_eq!(n(Counter::Mastodon, CJK_URL), 24 - 14 + 23);
    assert_eq!(n(Counter::Mastodon, REMOTE), "hoi @anna!".len());
    assert_eq!(
        n(Counter::Mastodon, "http://a.nl"),
        23,
        "short links count 23 too"
    );
}

#[test]
fn chars_utf16_and_bytes() {
    assert_eq!(n(Counter::Chars, EMOJI), 16);
    assert_eq!(n(Counter::Utf16, EMOJI), 24);
    assert_eq!(n(Counter::Bytes, EMOJI), 46);
    assert_eq!(n(Counter::Chars, CJK), 7);
    assert_eq!(n(Counter::Utf16, CJK), 7);
    assert_eq!(n(Counter::Bytes, CJK), 21);
    for c in [Counter::Chars, Counter::Utf16, Counter::Bytes] {
        assert_eq!(n(c, URL), 59, "{c:?}: links are not shortened");
    }
    assert_eq!(n(Counter::Chars, CJK_URL), 24);
    assert_eq!(n(Counter::Utf16, CJK_URL), 24);
    assert_eq!(n(Counter::Bytes, CJK_URL), 46);
}
