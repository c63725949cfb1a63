//! Every built-in pack evaluated on arbitrary text, for each platform and
//! with detected or given language; findings must stay inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use postlint_engine::{Kind, Post, RuleSet};

fn rules() -> &'static (RuleSet, Vec<String>) {
    static RULES: OnceLock<(RuleSet, Vec<String>)> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut set = RuleSet::from_sources(&postlint_engine::builtin::sources()).expect("built-in packs compile");
        for p in postlint_engine::builtin::PACKS {
            set.set_pack_enabled(p, true);
        }
        let platforms = set.platforms().map(|p| p.id.clone()).collect();
        (set, platforms)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let (rules, platforms) = rules();
    let platform = platforms.get(selector as usize % (platforms.len() + 1)).map(String::as_str);
    let lang = match (selector >> 4) % 3 {
        0 => None,
        1 => Some("en"),
        _ => Some("nl"),
    };
    let kind = if selector & 0x80 != 0 { Kind::Reply } else { Kind::Post };
    let post = Post { text, platform, lang, kind, media: Some(selector & 1 == 0), reply_delay: Some(selector as f64), ..Default::default() };
    let report = rules.evaluate(&post);
    let mut last = (0, 0);
    for f in &report.findings {
        let s = f.span;
        assert!(s.start <= s.end && s.end <= text.len(), "{}: span {s:?} outside text", f.rule);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{}: span {s:?} off char boundary", f.rule);
        assert!((s.start, s.end) >= last, "findings not sorted");
        last = (s.start, s.end);
        if let Some(fix) = &f.fix {
            assert!(text.is_char_boundary(fix.span.start) && fix.span.end <= text.len() && text.is_char_boundary(fix.span.end));
        }
    }
    let _ = rules.evaluate_in_calendar(&post, 0, None);
});
