//! A regex at the length limit (`postlint_lang::limits::MAX_REGEX_BYTES`)
//! compiles in every form and tier the evaluator uses: the same post is
//! flagged on its first search (quick tier) and on later ones (tuned tier),
//! in ASCII and in non-ASCII text.

use postlint_engine::{Kind, Post, RuleSet};

fn fires(set: &RuleSet, text: &str) -> bool {
    let post = Post {
        text,
        platform: Some("x"),
        lang: Some("en"),
        kind: Kind::default(),
        media: None,
        reply_delay: None,
        ignore: &[],
        in_reply_to: None,
        uncounted_prefix: 0,
        tags: &[],
    };
    set.evaluate(&post)
        .findings
        .iter()
        .any(|f| f.rule == "big/words")
}

#[test]
fn a_regex_at_the_length_limit_matches_in_every_tier() {
    let limit = postlint_lang::limits::MAX_REGEX_BYTES;
    for (open, close) in [("/\\b(", ")\\b/i"), ("/(", ")/"), ("/(", ")/i")] {
        let mut words = Vec::new();
        let mut len = open.len() + close.len();
        while len + 12 < limit {
            let w = format!("kword{}", words.len());
            len += w.len() + 1;
            words.push(w);
        }
        let last = words.last().cloned().unwrap_or_default();
        let regex = format!("{open}{}{close}", words.join("|"));
        assert!(regex.len() <= limit && regex.len() > limit - 64);
        let rules = format!(
            "pack big {{ version: \"1.0.0\" }}\nrule words {{\n  severity: warning\n  message: \"m\"\n  when: matches({regex})\n}}\n"
        );
        let set = RuleSet::from_sources(&[("big.rules".into(), rules)])
            .unwrap_or_else(|e| panic!("{e:?}"));
        for k in 0..40 {
            assert!(
                fires(&set, &format!("Say {last} now")),
                "{open}: search {k}"
            );
            assert!(
                fires(&set, &format!("Zeg één {last} nu")),
                "{open}: search {k}"
            );
            assert!(!fires(&set, "Nothing here"), "{open}: search {k}");
        }
    }
}
