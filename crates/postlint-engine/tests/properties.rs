//! Properties of evaluation with every built-in pack on arbitrary text: no
//! panic, findings sorted by position, spans (and fix spans) inside the text
//! and on char boundaries, metrics consistent with the text.

use std::sync::OnceLock;

use postlint_engine::{Kind, Post, RuleSet};
use proptest::prelude::*;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut set = RuleSet::from_sources(&postlint_engine::builtin::sources())
            .expect("built-in packs compile");
        for p in postlint_engine::builtin::PACKS {
            set.set_pack_enabled(p, true);
        }
        set
    })
}

/// Text that looks like posts: words in two languages, entities, emoji,
/// marks, line breaks, combining marks and odd Unicode, in any order.
fn post_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(vec![
            "Buy", "now", "NOW", "limited", "not", "geen", "niet", "only", "3", "spots", "left", "experts", "agree",
            "klanten", "klantendienst", "bel", "onze", "kindly", "be", "informed", "that", "please", "pleeeease",
            "game", "changer", "click", "the", "link", "so", "you", "can", "100%", "guaranteed", "de", "het", "een",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            " ", " ", "\n", "\n\n", "\r\n", ". ", "! ", "!!! ", "? ", "?? ", ", ", "\"", "“", "”", "„", "«", "»", "(", ")", "…",
        ]).prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "#sale", "#Fietsen2024", "@anna", "@jan@mastodon.social", "$TSLA", "https://example.com/a?b=c#d",
            "example.nl/pad", "www.example.org", "https://bit.ly/x", "🚀", "👨‍👩‍👧", "🇳🇱", "1️⃣", "❤️", "😂", ":-)",
            "e\u{301}", "\u{200d}", "\u{fe0f}", "\u{2028}", "ǅ", "ß", "İ", "ﬁ", "\u{0}", "\t",
        ]).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

fn check(
    text: &str,
    platform: Option<&str>,
    lang: Option<&str>,
    kind: Kind,
) -> Result<(), TestCaseError> {
    let report = rules().evaluate(&Post {
        text,
        platform,
        lang,
        kind,
        ..Post::default()
    });
    let mut last = (0, 0);
    for f in &report.findings {
        let s = f.span;
        prop_assert!(
            s.start <= s.end && s.end <= text.len(),
            "{}: span {:?} outside {} bytes",
            f.rule,
            s,
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{}: span {:?} off char boundary",
            f.rule,
            s
        );
        prop_assert!(
            (s.start, s.end) >= last,
            "findings not sorted by position: {:?} after {:?}",
            s,
            last
        );
        last = (s.start, s.end);
        if let Some(fix) = &f.fix {
            prop_assert!(
                fix.span.end <= text.len()
                    && text.is_char_boundary(fix.span.start)
                    && text.is_char_boundary(fix.span.end)
            );
        }
        prop_assert!(f.line >= 1 && f.column >= 1);
    }
    prop_assert!(report.metrics.graphemes <= text.chars().count());
    prop_assert!(report.metrics.words <= text.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn post_like_text_with_detection(text in post_text()) {
        check(&text, None, None, Kind::Post)?;
    }

    #[test]
    fn post_like_text_every_platform(text in post_text(), p in 0usize..16, reply in any::<bool>()) {
        let platforms: Vec<String> = rules().platforms().map(|p| p.id.clone()).collect();
        let platform = platforms.get(p % (platforms.len() + 1)).map(String::as_str);
        let kind = if reply { Kind::Reply } else { Kind::Post };
        check(&text, platform, Some(if p % 2 == 0 { "en" } else { "nl" }), kind)?;
    }

    #[test]
    fn arbitrary_unicode(text in any::<String>()) {
        check(&text, None, None, Kind::Post)?;
    }
}
