//! The evaluator on small rule files: clauses and severities, scopes,
//! metadata, parameters and overrides, evidence spans, fixes, placeholders.

use postlint_engine::{Kind, ParamValue, Post, RuleOverride, RuleSet, Severity};

const BASE: &str = r#"
pack t { version: "1.0.0" }
platform x { limit: 20 counter: x }
platform linkedin { limit: 3000 counter: chars fold: 10 tone: professional }
principle why { when: has(reasons) }
lexicon reasons { en: "because" nl: "omdat" }
lexicon bang { en: "hurry" -> "take your time" nl: "snel*" }
lexicon scarce { negation: skip en: "limited" }
"#;

fn set(rules: &str) -> RuleSet {
    let src = format!("{BASE}{rules}");
    let core =
        "pack core { version: \"1.0.0\" }\nlexicon negators { en: \"not\", \"no\" }\n".to_string();
    RuleSet::from_sources(&[("core.rules".into(), core), ("t.rules".into(), src)])
        .unwrap_or_else(|e| panic!("{}", e.iter().map(|p| p.render_plain()).collect::<String>()))
}

#[track_caller]
fn fired(set: &RuleSet, post: Post<'_>) -> Vec<(String, Severity, String)> {
    set.evaluate(&post)
        .findings
        .into_iter()
        .map(|f| (f.rule, f.severity, f.message))
        .collect()
}

fn post(text: &str) -> Post<'_> {
    Post {
        text,
        lang: Some("en"),
        ..Post::default()
    }
}

#[test]
fn first_clause_that_holds_decides_the_severity() {
    let s = set(
        r#"rule tags { severity: suggestion message: "{hashtags} tags" when error: hashtags > 3 when: hashtags > 1 }"#,
    );
    assert_eq!(
        fired(&s, post("#a #b")),
        vec![("t/tags".into(), Severity::Suggestion, "2 tags".into())]
    );
    assert_eq!(fired(&s, post("#a #b #c #d"))[0].1, Severity::Error);
    assert!(fired(&s, post("#a")).is_empty());
}

#[test]
fn scopes_narrow_what_is_read() {
    let s =
        set(r#"rule opener { severity: warning message: "m" when: in first_line (has(bang)) }"#);
    assert_eq!(fired(&s, post("Hurry up\nnothing")).len(), 1);
    assert!(fired(&s, post("nothing\nhurry up")).is_empty());
    let s = set(
        r#"rule q { severity: warning message: "m" when: some sentence (questions >= 1 and has(bang)) }"#,
    );
    assert_eq!(fired(&s, post("Why hurry? Fine.")).len(), 1);
    assert!(fired(&s, post("Why? Hurry.")).is_empty());
}

#[test]
fn metadata_and_platform_properties() {
    let s = set(
        r#"rule pro { severity: warning message: "on {platform}" when: platform.tone is professional and kind is not reply and media is no }"#,
    );
    let p = Post {
        text: "hello",
        platform: Some("linkedin"),
        media: Some(false),
        ..Post::default()
    };
    assert_eq!(fired(&s, p.clone())[0].2, "on linkedin");
    assert!(fired(
        &s,
        Post {
            kind: Kind::Reply,
            ..p.clone()
        }
    )
    .is_empty());
    assert!(
        fired(
            &s,
            Post {
                media: None,
                ..p.clone()
            }
        )
        .is_empty(),
        "unknown media is not `no`"
    );
    assert!(fired(
        &s,
        Post {
            platform: Some("x"),
            ..p
        }
    )
    .is_empty());
}

#[test]
fn unknown_reply_delay_never_compares_true() {
    let s = set(
        r#"rule slow { severity: warning message: "{reply_delay} min" when: reply_delay > 30 }"#,
    );
    assert!(fired(&s, post("ok")).is_empty());
    assert_eq!(
        fired(
            &s,
            Post {
                reply_delay: Some(45.0),
                ..post("ok")
            }
        )[0]
        .2,
        "45 min"
    );
}

#[test]
fn parameters_can_be_overridden_with_type_checks() {
    let mut s = set(
        r#"rule long { severity: warning message: "over {max}" param max = 3 when: words > max }"#,
    );
    assert_eq!(fired(&s, post("one two three four"))[0].2, "over 3");
    let o = RuleOverride {
        params: [("max".to_string(), ParamValue::Num(10.0))].into(),
        ..RuleOverride::default()
    };
    s.apply_override("t/long", &o).expect("valid override");
    assert!(fired(&s, post("one two three four")).is_empty());
    let bad = RuleOverride {
        params: [("max".to_string(), ParamValue::Text("ten".into()))].into(),
        ..RuleOverride::default()
    };
    assert!(s.apply_override("t/long", &bad).is_err());
    assert!(s
        .apply_override("t/nope", &RuleOverride::default())
        .is_err());
    let off = RuleOverride {
        enabled: Some(false),
        ..RuleOverride::default()
    };
    s.apply_override("t/long", &off).expect("off");
    assert!(fired(&s, post("a b c d e f g h i j k l")).is_empty());
}

#[test]
fn findings_point_at_evidence_and_carry_fixes() {
    let s = set(
        r#"rule calm { severity: suggestion message: "{match}" fix: replace with suggestion when: has(bang) }
rule bangs { severity: suggestion message: "m" fix: safe replace with "!" when: matches(/!{2,}/) }"#,
    );
    let text = "Please Hurry!!! now";
    let r = s.evaluate(&post(text));
    assert_eq!(r.findings.len(), 2);
    let calm = &r.findings[0];
    assert_eq!(&text[calm.span.start..calm.span.end], "Hurry");
    assert_eq!(calm.message, "Hurry");
    let fix = calm.fix.as_ref().expect("fix");
    assert_eq!(
        fix.replacement, "Take your time",
        "the replacement keeps the capital"
    );
    assert!(!fix.safe);
    let bangs = &r.findings[1];
    assert_eq!(&text[bangs.span.start..bangs.span.end], "!!!");
    assert_eq!((bangs.line, bangs.column), (1, 13));
    assert!(bangs
        .fix
        .as_ref()
        .is_some_and(|f| f.safe && f.replacement == "!"));
}

#[test]
fn negated_hits_are_skipped_when_the_lexicon_says_so() {
    let s = set(r#"rule vague { severity: suggestion message: "m" when: has(scarce) }"#);
    assert_eq!(fired(&s, post("A limited run.")).len(), 1);
    assert!(fired(&s, post("This is not a limited offer.")).is_empty());
}

#[test]
fn principles_and_language_specific_lexicons() {
    let s = set(r#"rule why-not { severity: suggestion message: "m" when: not uses(why) }"#);
    assert!(fired(&s, post("Do it because it helps.")).is_empty());
    let nl = Post {
        lang: Some("nl"),
        ..post("Doe het omdat het helpt.")
    };
    assert!(fired(&s, nl.clone()).is_empty());
    assert_eq!(s.evaluate(&nl).principles, vec!["why".to_string()]);
    assert_eq!(
        fired(
            &s,
            Post {
                lang: Some("nl"),
                ..post("Do it because it helps.")
            }
        )
        .len(),
        1,
        "English words don't count in Dutch"
    );
}

#[test]
fn length_is_counted_the_platforms_way() {
    let s =
        set(r#"rule long { severity: error message: "{length}/{limit}" when: length > limit }"#);
    // X weighs CJK double: 11 CJK characters are 22 > 20.
    assert_eq!(
        fired(
            &s,
            Post {
                platform: Some("x"),
                ..post("日本語のテキストです。")
            }
        )[0]
        .2,
        "22/20"
    );
    assert!(fired(
        &s,
        Post {
            platform: Some("linkedin"),
            ..post("日本語のテキストです。")
        }
    )
    .is_empty());
}

#[test]
fn ratios_over_nothing_are_zero() {
    let s = set(r#"rule ratio { severity: warning message: "m" when: hits(bang) / words >= 50% }"#);
    assert!(fired(&s, post("")).is_empty());
    assert_eq!(fired(&s, post("hurry up")).len(), 1);
}

/// `distinct` counts different entries, repeated or not, below and above
/// the sixteen it compares without sorting.
#[test]
fn distinct_counts_different_entries() {
    let words: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
    let entries: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    let s = set(&format!(
        r#"lexicon many {{ en: {} }}
rule spread {{ severity: warning message: "{{count}}" when: distinct(many) >= 1 and distinct(many) == hits(many) - 2 }}
rule kinds {{ severity: warning message: "m" when: distinct(many) >= 17 }}"#,
        entries.join(", ")
    ));
    let rules =
        |text: &str| -> Vec<String> { fired(&s, post(text)).into_iter().map(|f| f.0).collect() };
    assert_eq!(rules("w1 w2 w1 w3 w2"), ["t/spread"], "3 different of 5");
    assert!(rules("w1 w2 w3").is_empty(), "3 of 3: no repeats");
    let sixteen = words[..16].join(" ");
    assert_eq!(
        rules(&format!("{sixteen} w0 w15")),
        ["t/spread"],
        "16 different of 18"
    );
    let twenty = words.join(" ");
    assert_eq!(
        rules(&format!("{twenty} w3 w19")),
        ["t/kinds", "t/spread"],
        "20 different of 22"
    );
    assert_eq!(
        rules(&format!("{sixteen} w16 w16")),
        ["t/kinds"],
        "17 different of 18"
    );
}

#[test]
fn every_place_is_reported_in_text_order_whatever_the_condition_order() {
    let s = set(r#"
lexicon aaa { en: "alpha" }
lexicon bbb { en: "beta" }
rule both { severity: warning message: "\"{match}\" here." when: has(aaa) and has(bbb) }
rule once { severity: warning message: "\"{match}\" once." report: once when: has(aaa) and has(bbb) }
rule empty { severity: warning message: "empty {count}" report: each when: matches(/\b/) }
"#);
    let report = s.evaluate(&post("beta one, alpha two, beta three."));
    let at = |rule: &str| -> Vec<(usize, usize, String)> {
        report
            .findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.line, f.column, f.message.clone()))
            .collect()
    };
    assert_eq!(
        at("t/both"),
        [
            (1, 1, "\"beta\" here.".to_string()),
            (1, 11, "\"alpha\" here.".to_string()),
            (1, 22, "\"beta\" here.".to_string())
        ]
    );
    assert_eq!(at("t/once").len(), 1);
    // Zero-width matches are no places to point at: one finding.
    assert_eq!(at("t/empty").len(), 1);
}

#[test]
fn messages_and_help_are_written_in_the_ui_language_not_the_posts() {
    let mut s = set(r#"rule tags {
             severity: warning
             param max = 1
             message: "{hashtags} tags, at most {max}"
             message nl: "{hashtags} hashtags, hoogstens {max}"
             help: "Drop some."
             help nl: "Schrap er een paar."
             rationale: "Tags."
             when: hashtags > max
           }
           rule bare { severity: warning message: "Only English" help: "Still English" when: hashtags > 1 }"#);
    let english = s.evaluate(&post("#a #b"));
    assert_eq!(english.findings[1].message, "2 tags, at most 1");
    s.set_ui_lang("nl");
    // An English post, a Dutch reader.
    let dutch = s.evaluate(&post("#a #b"));
    assert_eq!(dutch.findings[1].message, "2 hashtags, hoogstens 1");
    assert_eq!(
        dutch.findings[1].help.as_deref(),
        Some("Schrap er een paar.")
    );
    // No Dutch text: the default is used.
    assert_eq!(dutch.findings[0].message, "Only English");
    let info = s.rules().find(|r| r.id == "t/tags").expect("the rule");
    assert_eq!(info.rationale_in("nl"), "Tags.");
    assert_eq!(info.missing_in("nl"), vec!["rationale"]);
    assert_eq!(s.translated_languages(), vec!["nl"]);
}

#[test]
fn plurals_take_the_form_of_the_number_in_en_and_nl() {
    let mut s = set(r#"rule tags {
             severity: warning
             param max = 1
             message: "{hashtags|hashtag goes|hashtags go} out, {max|tag|tags} allowed"
             message nl: "{hashtags|hashtag gaat|hashtags gaan} mee, {max|tag|tags} toegestaan"
             help: "{words|word|words} in all."
             help nl: "{words|woord|woorden} in totaal."
             when: words > 0
           }"#);
    let texts = ["Hello", "Hello you #a", "Hello you there #a #b"];
    let render = |s: &RuleSet| -> Vec<(String, String)> {
        texts
            .iter()
            .map(|t| {
                let f = &s.evaluate(&post(t)).findings[0];
                (f.message.clone(), f.help.clone().unwrap_or_default())
            })
            .collect()
    };
    let pairs = |v: [(&str, &str); 3]| -> Vec<(String, String)> {
        v.iter()
            .map(|(m, h)| (m.to_string(), h.to_string()))
            .collect()
    };
    assert_eq!(
        render(&s),
        pairs([
            ("0 hashtags go out, 1 tag allowed", "1 word in all."),
            ("1 hashtag goes out, 1 tag allowed", "2 words in all."),
            ("2 hashtags go out, 1 tag allowed", "3 words in all."),
        ])
    );
    s.set_ui_lang("nl");
    assert_eq!(
        render(&s),
        pairs([
            (
                "0 hashtags gaan mee, 1 tag toegestaan",
                "1 woord in totaal."
            ),
            (
                "1 hashtag gaat mee, 1 tag toegestaan",
                "2 woorden in totaal."
            ),
            (
                "2 hashtags gaan mee, 1 tag toegestaan",
                "3 woorden in totaal."
            ),
        ])
    );
    // A parameter set in the config takes its own form.
    let o = RuleOverride {
        params: [("max".to_string(), ParamValue::Num(2.0))].into(),
        ..RuleOverride::default()
    };
    s.apply_override("t/tags", &o).expect("valid override");
    s.set_ui_lang("en");
    assert_eq!(
        s.evaluate(&post("Hello you #a")).findings[0].message,
        "1 hashtag goes out, 2 tags allowed"
    );
}
