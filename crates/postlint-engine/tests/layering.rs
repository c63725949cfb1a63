//! Packs layered over other packs: extending a lexicon, overriding a rule's
//! severity and parameters, disabling a rule; later packs win.

use postlint_engine::{Post, RuleSet, Severity};

const BASE: &str = r#"
pack base { version: "1.0.0" }
platform x { limit: 280 counter: x }
lexicon sales { en: "buy now" nl: "koop nu" }
rule hard-sell {
  severity: suggestion
  message: "{count} sales phrases"
  param min = 2
  when: hits(sales) >= min
}
rule shouting {
  severity: suggestion
  message: "caps"
  when: caps_words > 2
}
"#;

fn set(layers: &[&str]) -> Result<RuleSet, String> {
    let mut sources = vec![("base.rules".to_string(), BASE.to_string())];
    for (i, l) in layers.iter().enumerate() {
        sources.push((format!("team{i}.rules"), l.to_string()));
    }
    RuleSet::from_sources(&sources).map_err(|e| e.iter().map(|p| p.render_plain()).collect())
}

fn rules_fired(s: &RuleSet, text: &str) -> Vec<(String, Severity)> {
    s.evaluate(&Post {
        text,
        lang: Some("nl"),
        ..Post::default()
    })
    .findings
    .into_iter()
    .map(|f| (f.rule, f.severity))
    .collect()
}

#[test]
fn a_team_pack_extends_a_lexicon() {
    let s = set(&[r#"pack team { version: "1.0.0" } extend lexicon base.sales { nl: "stunt*" }"#])
        .expect("loads");
    assert_eq!(
        rules_fired(&s, "Koop nu, stuntprijzen!"),
        vec![("base/hard-sell".to_string(), Severity::Suggestion)]
    );
    let plain = set(&[]).expect("loads");
    assert!(
        rules_fired(&plain, "Koop nu, stuntprijzen!").is_empty(),
        "without the extension the stunt word is no sales phrase"
    );
}

#[test]
fn overrides_change_severity_and_parameters_and_later_packs_win() {
    let one = r#"pack team { version: "1.0.0" } override base/hard-sell { severity: warning param min = 1 }"#;
    let s = set(&[one]).expect("loads");
    assert_eq!(
        rules_fired(&s, "Koop nu!"),
        vec![("base/hard-sell".to_string(), Severity::Warning)]
    );
    let two = r#"pack later { version: "1.0.0" } override base/hard-sell { severity: error }"#;
    let s = set(&[one, two]).expect("loads");
    assert_eq!(
        rules_fired(&s, "Koop nu!"),
        vec![("base/hard-sell".to_string(), Severity::Error)]
    );
    assert!(
        rules_fired(&s, "Geen verkoop hier.").is_empty(),
        "an override does not make a rule fire"
    );
}

#[test]
fn a_pack_disables_a_rule() {
    let s = set(&[r#"pack team { version: "1.0.0" } disable base/shouting"#]).expect("loads");
    assert!(rules_fired(&s, "DIT IS ERG LUID").is_empty());
    assert!(!s.rule("base/shouting").expect("still listed").enabled);
}

#[test]
fn layering_mistakes_are_diagnostics() {
    let Err(e) = set(&[r#"pack team { version: "1.0.0" }
override base/hard-sel { severity: warning }
override base/hard-sell { param mn = 1 param min = "two" }
extend lexicon base.sale { nl: "x" }
disable base/nope"#])
    else {
        panic!("mistakes must not load")
    };
    for want in [
        "unknown rule `base/hard-sel`",
        "has no parameter `mn`",
        "takes number, not text",
        "unknown lexicon `base.sale`",
        "unknown rule `base/nope`",
        "did you mean `base/hard-sell`?",
    ] {
        assert!(e.contains(want), "{want} missing in:\n{e}");
    }
}

#[test]
fn the_same_rule_id_from_two_files_is_a_diagnostic() {
    let Err(e) = set(&[
        r#"pack base { version: "2.0.0" } rule shouting { severity: warning message: "m" when: words > 1 }"#,
    ]) else {
        panic!("a duplicate id must not load")
    };
    assert!(
        e.contains("rule `base/shouting` is also defined in base.rules"),
        "{e}"
    );
}
