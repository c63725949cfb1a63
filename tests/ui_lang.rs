//! The language postlint speaks: the locale, `ui_language` and `--ui-lang`
//! choose it; the post's language never does.

use common::{root, stdout};

mod common;

fn check(args: &[&str], env: &[(&str, &str)]) -> String {
    check_file("draft.md", args, env)
}

/// `postlint check --no-config ARGS FILE` in tests/fixtures/nl.
fn check_file(file: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = root().join("tests/fixtures/nl");
    let mut all = vec!["check", "--no-config"];
    all.extend_from_slice(args);
    all.push(file);
    stdout(&common::run(&dir, &all, None, env))
}

/// `postlint report --no-config --results EXPORT CALENDAR ARGS` on the
/// example of examples/results.
fn results(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut all = vec![
        "report",
        "--no-config",
        "--results",
        "examples/results/analytics.csv",
        "examples/results/calendar.csv",
    ];
    all.extend_from_slice(args);
    let o = common::run(&root(), &all, None, env);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    stdout(&o)
}

fn assert_has(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(out.contains(part), "missing {part:?} in\n{out}");
    }
}

fn assert_lacks(out: &str, parts: &[&str]) {
    for part in parts {
        assert!(!out.contains(part), "English {part:?} left in\n{out}");
    }
}

/// The calendar section of the human output, from its `══` line on.
fn calendar_section(out: &str) -> &str {
    &out[out.find("\n══ ").expect("a calendar section")..]
}

/// The headings and labels of the calendar section in English.
const CALENDAR_EN: &[&str] = &[
    "Calendar ══",
    "records read",
    "input errors",
    "Calendar findings",
    "none: cadence",
    "Cadence per platform",
    "max gap",
    "max/day",
    "posts, week of",
    "Mar",
    "Principle mix",
    "share of posts",
    "Questions, humor and sales",
    "questions",
    "sales",
    "help:",
    "records:",
    "warning [",
    "Reciprocity",
];

#[test]
fn the_calendar_section_speaks_dutch() {
    let out = check_file("kalender.csv", &["--ui-lang", "nl"], &[]);
    assert_has(
        &out,
        &[
            "\n══ Kalender ══ 4 records gelezen, 4 berichten op 1 platform, 0 invoerfouten\n",
            "\nKalenderopmerkingen\n───────────────────\n",
            "  waarschuwing [calendar/gap] Een gat van 15 dagen op LinkedIn",
            "\n      tip: Plan minstens één bericht om de 7 dagen",
            "\n      berichten: kalender.csv:3,4\n",
            "\nRitme per platform\n",
            "\n  platform   berichten  eerste            laatste           max. gat  max./dag\n",
            "\n  linkedin           4  2026-03-02 09:00  2026-03-23 09:00    15.0 d         1\n",
            "\n  berichten, week van  2 mrt  9 mrt 16 mrt 23 mrt\n",
            "\nMix van principes (aandeel berichten dat elk principe gebruikt)\n",
            "\n  Wederkerigheid       ███████▌",
            "\n  Sociale bewijskracht    ",
            "\nVragen, humor en verkoop (aandeel berichten)\n",
            "\n  vragen               ███████████████                   2   50%\n",
            "\n  verkoop   ",
            "4 berichten gecontroleerd: 0 fouten, 1 waarschuwing",
        ],
    );
    // The calendar section (miette labels the posts' own help `help:`).
    assert_lacks(calendar_section(&out), CALENDAR_EN);
    // --statistics names the severities in Dutch too.
    let stats = check_file("kalender.csv", &["--ui-lang", "nl", "--statistics"], &[]);
    let table = stats
        .split("Opmerkingen per regel")
        .nth(1)
        .unwrap_or_default();
    assert!(
        table
            .lines()
            .any(|l| l.contains("  waarschuwing ") || l.contains("  suggestie ")),
        "{stats}"
    );
    assert!(
        !table.contains(" warning ") && !table.contains(" suggestion "),
        "{table}"
    );
}

#[test]
fn a_dutch_calendar_without_findings_looks_fine_and_quiet_keeps_dutch_labels() {
    // The locale chooses Dutch here, and more platforms count in the plural.
    let out = check_file(
        "kalender.csv",
        &["--disable", "calendar/gap"],
        &[("LANG", "nl_BE.UTF-8")],
    );
    assert_has(
        &out,
        &["\nKalenderopmerkingen\n───────────────────\n  geen: ritme, mix en herhaling zien er goed uit\n"],
    );
    assert_lacks(calendar_section(&out), CALENDAR_EN);
    let quiet = check_file("kalender.csv", &["--ui-lang", "nl", "--quiet"], &[]);
    assert_has(
        &quiet,
        &[
            "  waarschuwing [calendar/gap] Een gat van 15 dagen",
            "\n      tip: Plan",
            "\n      berichten: kalender.csv:3,4\n",
        ],
    );
    let findings = &quiet[quiet
        .find("  waarschuwing [calendar/")
        .expect("calendar findings")..];
    assert_lacks(findings, CALENDAR_EN);
}

#[test]
fn report_results_speaks_dutch() {
    let out = results(&["--ui-lang", "nl"], &[]);
    assert_has(
        &out,
        &[
            "Opmerkingen getoetst aan resultaten\n",
            "\n  kalender:   examples/results/calendar.csv (240 berichten)\n",
            "\n  resultaten: examples/results/analytics.csv (230 rijen gelezen, 0 met fouten)\n",
            "\n  gekoppeld:  225 rijen (199 op bericht-id, 26 op datum en platform); 5 rijen niet gekoppeld; 15 kalenderberichten zonder resultaten; 0 rijen zonder weergaven of bereik\n",
            "\n  maatstaf:   engagementratio = interacties / weergaven",
            "\n  cijfers:    medianen; hun verschil in procentpunten met een bootstrapinterval van 95 %",
            "\nRegels\n",
            "\n  berichten met `killers/bare-link`: mediane engagementratio 0.9 % tegenover 2.3 % (n = 42 / 183); verschil -1.4 procentpunt [-1.6, -1.2], -63 %, p < 0.001\n",
            "\nPrincipes\n",
            "\n  berichten met sociale bewijskracht: mediane engagementratio 3.0 % tegenover 1.8 %",
            "\n  berichten met schaarste: te weinig berichten (n = 0 / 225; minstens 10 aan elke kant)\n",
            "\nNiet-gekoppelde exportrijen (5)\n",
            "\n  examples/results/analytics.csv:227: geen kalenderbericht met id `9001`, en ook geen die dag op linkedin\n",
            "\nKalenderberichten zonder resultaten (15)\n  examples/results/calendar.csv:7, ",
            "\nCorrelatie, geen oorzakelijk verband: ",
        ],
    );
    assert_lacks(
        &out,
        &[
            "Findings held against results",
            "calendar:",
            "rows read",
            "joined:",
            "by post id",
            "engagement rate",
            "Rules\n",
            "Principles\n",
            "posts with",
            "posts using",
            " vs ",
            "points",
            "not enough posts",
            "on each side",
            "Unmatched export rows",
            "Calendar posts without results",
            "no calendar post",
            "Correlation, not causation",
        ],
    );
}

#[test]
fn the_html_results_section_speaks_dutch_from_the_config() {
    let dir = std::env::temp_dir().join(format!("postlint-ui-lang-results-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = dir.join("postlint.yaml");
    std::fs::write(&config, "ui_language: nl\n").expect("config");
    let page = dir.join("rapport.html");
    let root = root();
    let o = common::run(
        &root,
        &[
            "report",
            "--config",
            &config.to_string_lossy(),
            "--results",
            "examples/results/analytics.csv",
            "examples/results/calendar.csv",
            "--format",
            "html",
            "-o",
            &page.to_string_lossy(),
        ],
        None,
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the report");
    let start = html.find("<section id=\"results\">").expect("the section");
    let section = &html[start..];
    let section = &section[..section.find("</section>").expect("closed")];
    assert_has(
        section,
        &[
            "<h2>Opmerkingen getoetst aan resultaten</h2>",
            "<div class=\"card\"><b>225</b><span>exportrijen gekoppeld</span></div>",
            "<div class=\"card\"><b>5</b><span>exportrijen niet gekoppeld</span></div>",
            "<span>berichten zonder resultaten</span>",
            "<p class=\"note\">Mediane engagementratio (interacties / weergaven)",
            "<h3>Regels</h3>",
            "<h3>Principes</h3>",
            "<code>killers/bare-link</code><span>0.9 % tegenover 2.3 % · n = 42 / 183 · -1.4 procentpunt · p &lt; 0.001</span>",
            "aria-label=\"verschil -1.4 procentpunt, interval -1.6 tot -1.2\"",
            "procentpunt</span><span>0</span>",
            "<h3>Alle vergelijkingen</h3>",
            "<tr><th>berichten met</th><th class=\"num\">n</th><th class=\"num\">mediaan met</th><th class=\"num\">mediaan zonder</th><th class=\"num\">verschil</th><th class=\"num\">p</th></tr>",
            "<td>Schaarste</td><td class=\"num\">0 / 225</td>",
            "<td class=\"num\">te weinig berichten</td>",
            "<h3>Niet-gekoppelde exportrijen (5)</h3>",
            "<li><code>examples/results/analytics.csv:227</code> geen kalenderbericht met id `9001`, en ook geen die dag op linkedin</li>",
        ],
    );
    assert_lacks(
        section,
        &[
            "Findings held against results",
            "export rows",
            "Every comparison",
            "Rules",
            "Principles",
            "points",
            " vs ",
            "not enough posts",
            "posts with",
            "median with",
            "difference",
            "no calendar post",
        ],
    );
    assert!(
        html.contains("<html lang=\"nl\">"),
        "the rest of the report is Dutch too"
    );
    let _ = std::fs::remove_dir_all(&dir);
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
