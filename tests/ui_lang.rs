//! The language postlint speaks: the locale, `ui_language` and `--ui-lang`
//! choose it; the post's language never does.

use common::{root, stdout};

mod common;

fn check(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = root().join("tests/fixtures/nl");
    let mut all = vec!["check", "--no-config"];
    all.extend_from_slice(args);
    all.push("draft.md");
    stdout(&common::run(&dir, &all, None, env))
}

#[test]
fn a_dutch_locale_gives_dutch_findings_help_and_summary() {
    let out = check(&[], &[("LANG", "nl_BE.UTF-8")]);
    insta::assert_snapshot!("human_in_dutch", out);
    assert!(out.contains("bericht gecontroleerd"), "{out}");
    assert!(out.contains("Deze link staat er alleen"), "{out}");
}

#[test]
fn ui_lang_en_switches_back() {
    let out = check(&["--ui-lang", "en"], &[("LANG", "nl_BE.UTF-8")]);
    assert!(out.contains("1 post checked:"), "{out}");
    assert!(out.contains("This link stands alone"), "{out}");
}

#[test]
fn lc_all_then_lc_messages_then_lang() {
    let en = check(&[], &[("LC_ALL", "en_US.UTF-8"), ("LANG", "nl_NL")]);
    assert!(en.contains("1 post checked:"), "{en}");
    let nl = check(&[], &[("LC_MESSAGES", "nl_NL"), ("LANG", "en_GB.UTF-8")]);
    assert!(nl.contains("1 bericht gecontroleerd:"), "{nl}");
    let c = check(&[], &[("LANG", "C")]);
    assert!(c.contains("1 post checked:"), "{c}");
}

#[test]
fn the_post_language_does_not_choose_it() {
    let out = check(&["--lang", "nl"], &[]);
    assert!(out.contains("1 post checked:"), "{out}");
}

#[test]
fn json_keys_and_rule_ids_stay_english() {
    let out = check(&["--format", "json", "--ui-lang", "nl"], &[]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let text = doc.to_string();
    assert!(text.contains("\"rule\":\"killers/bare-link\""), "{text}");
    assert!(text.contains("Deze link staat er alleen"), "{text}");
}

#[test]
fn rules_explain_in_dutch() {
    let dir = root();
    let o = common::run(
        &dir,
        &[
            "rules",
            "explain",
            "killers/bare-link",
            "--no-config",
            "--ui-lang",
            "nl",
        ],
        None,
        &[],
    );
    let out = stdout(&o);
    assert!(out.contains("Melding: Deze link staat er alleen"), "{out}");
    assert!(
        out.contains("Slechte gewoontes in sociale media marketing"),
        "{out}"
    );
}

#[test]
fn a_bad_ui_lang_is_refused() {
    let dir = root().join("tests/fixtures/nl");
    let o = common::run(&dir, &["check", "--ui-lang", "fr", "draft.md"], None, &[]);
    assert_eq!(o.status.code(), Some(2));
}
