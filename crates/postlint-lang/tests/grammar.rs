//! The grammar and the checking pass: what parses into which AST, and which
//! mistakes are reported where.

use postlint_lang::ast::{ExprKind, Item, Severity};
use postlint_lang::{load, parse_file, Problem};

const HEADER: &str = "pack t { version: \"1.0.0\" }\nplatform x { limit: 280 counter: x }\nprinciple why { when: has(reasons) }\nlexicon reasons { en: \"because\" nl: \"omdat\" }\n";

fn problems(body: &str) -> Vec<Problem> {
    let text = format!("{HEADER}{body}");
    match load(&[("t.rules".to_string(), text)], &[]) {
        Ok(_) => Vec::new(),
        Err(files) => files.into_iter().flat_map(|f| f.problems).collect(),
    }
}

fn codes(body: &str) -> Vec<&'static str> {
    problems(body).iter().map(|p| p.code.as_str()).collect()
}

#[test]
fn a_rule_parses_into_settings_params_clauses_and_examples() {
    let text = format!(
        "{HEADER}rule r {{\n  severity: warning\n  message: \"{{count}} hits\"\n  param max = 2\n  when error: hashtags > max * 2\n  when: has(reasons) and not (links >= 1 or platform is x)\n  fix: safe replace with \"!\"\n  example fire en platform=x: \"a\"\n  example pass nl: \"\"\"\n    b\n    c\n    \"\"\"\n}}\n"
    );
    let f = parse_file("t.rules", &text).expect("parses");
    assert_eq!(f.pack, "t");
    let rule = f
        .ast
        .items
        .iter()
        .find_map(|i| if let Item::Rule(r) = i { Some(r) } else { None })
        .expect("a rule");
    assert_eq!(rule.name.node, "r");
    assert_eq!(rule.params[0].name.node, "max");
    assert_eq!(rule.whens.len(), 2);
    assert_eq!(
        rule.whens[0].severity.as_ref().map(|s| s.node),
        Some(Severity::Error)
    );
    assert!(matches!(rule.whens[0].expr.kind, ExprKind::Cmp(..)));
    assert!(matches!(rule.whens[1].expr.kind, ExprKind::And(_)));
    assert!(rule.fix.as_ref().is_some_and(|f| f.safe));
    assert_eq!(rule.examples.len(), 2);
    assert!(rule.examples[0].fires);
    assert_eq!(rule.examples[0].meta[0].0.node, "platform");
    assert_eq!(
        rule.examples[1].text.node, "b\nc",
        "triple-quoted text is dedented"
    );
    // Spans point into the file.
    let s = &rule.name.span;
    assert_eq!(&text[s.start..s.end], "r");
}

#[test]
fn operator_precedence_and_binds_tighter_than_or() {
    let text = format!("{HEADER}rule r {{ severity: warning message: \"m\" when: words > 1 or words > 2 and words > 3 }}");
    let f = parse_file("t.rules", &text).expect("parses");
    let Some(Item::Rule(rule)) = f.ast.items.last() else {
        panic!("rule")
    };
    let ExprKind::Or(parts) = &rule.whens[0].expr.kind else {
        panic!("or at the top")
    };
    assert!(matches!(parts[1].kind, ExprKind::And(_)));
}

#[test]
fn keywords_are_not_identifiers_but_prefixes_are() {
    let text = format!("{HEADER}rule r {{ severity: warning message: \"m\" param index = 2 param orders = 1 when: index > orders }}");
    assert!(load(&[("t.rules".into(), text)], &[]).is_ok());
}

#[test]
fn syntax_error_points_at_the_position() {
    let text = format!("{HEADER}rule r {{\n  severity warning\n}}");
    let e = parse_file("t.rules", &text).expect_err("syntax error");
    let p = &e.problems[0];
    assert_eq!(p.code.as_str(), "postlint::rules::syntax");
    assert_eq!(
        &text[p.span.start..p.span.start + 8],
        "severity",
        "the setting without its colon: {p:?}"
    );
    assert!(p.label.contains("setting"), "{}", p.label);
}

#[test]
fn every_mistake_of_a_file_is_reported() {
    let c = codes("rule r {\n  severity: warnng\n  message: \"{matchh}\"\n  when: hits(nope) > 1 and hashtag > 2 and uses(whyy) and matches(/(/)\n}\n");
    for want in [
        "postlint::rules::bad_severity",
        "postlint::rules::unknown_placeholder",
        "postlint::rules::unknown_lexicon",
        "postlint::rules::unknown_name",
        "postlint::rules::unknown_principle",
        "postlint::rules::bad_regex",
    ] {
        assert!(c.contains(&want), "{want} missing in {c:?}");
    }
}

#[test]
fn unknown_names_come_with_a_suggestion() {
    let p = problems("rule r { severity: warning message: \"m\" when: hashtag > 2 }");
    assert_eq!(p[0].help.as_deref(), Some("did you mean `hashtags`?"));
}

#[test]
fn types_are_checked() {
    assert_eq!(
        codes("rule r { severity: warning message: \"m\" when: words }"),
        vec!["postlint::rules::wrong_type"]
    );
    assert_eq!(
        codes("rule r { severity: warning message: \"m\" when: has(reasons) > 1 }"),
        vec!["postlint::rules::wrong_type"]
    );
    assert_eq!(
        codes("rule r { severity: warning message: \"m\" when: platform is mastodn }"),
        vec!["postlint::rules::unknown_platform"]
    );
}

#[test]
fn duplicates_and_missing_settings() {
    let c = codes("rule r { severity: warning message: \"m\" when: words > 1 }\nrule r { message: \"m\" when: words > 1 }");
    assert!(c.contains(&"postlint::rules::duplicate"), "{c:?}");
    assert!(c.contains(&"postlint::rules::missing_setting"), "{c:?}");
}

#[test]
fn a_huge_regex_is_refused() {
    let c = codes(
        "rule r { severity: warning message: \"m\" when: matches(/\\w{1000}\\w{1000}\\w{1000}/) }",
    );
    assert_eq!(c, vec!["postlint::rules::bad_regex"]);
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!("{}words > 1{}", "(".repeat(10_000), ")".repeat(10_000));
    let text = format!("{HEADER}rule r {{ severity: warning message: \"m\" when: {deep} }}");
    let e = parse_file("t.rules", &text).expect_err("too deep");
    assert_eq!(e.problems[0].code.as_str(), "postlint::rules::too_deep");
    let ok = format!("{}words > 1{}", "(".repeat(30), ")".repeat(30));
    assert!(codes(&format!(
        "rule r {{ severity: warning message: \"m\" when: {ok} }}"
    ))
    .is_empty());
}

#[test]
fn a_file_without_pack_header_is_refused() {
    let e = parse_file(
        "t.rules",
        "rule r { severity: warning message: \"m\" when: words > 1 }",
    )
    .expect_err("no pack");
    assert_eq!(e.problems[0].code.as_str(), "postlint::rules::missing_pack");
}

#[test]
fn hostile_lexicons_are_refused() {
    let many: Vec<String> = (0..50_001).map(|i| format!("\"w{i}\"")).collect();
    let c = codes(&format!("lexicon big {{ en: {} }}", many.join(", ")));
    assert_eq!(c, vec!["postlint::rules::too_large"]);
    let c = codes("lexicon alt { en: \"(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)\" }");
    assert_eq!(c, vec!["postlint::rules::bad_entry"]);
}

#[test]
fn a_huge_file_is_refused_before_parsing() {
    let text = format!("pack t {{ version: \"1\" }}\n#{}", "x".repeat(9 << 20));
    let e = parse_file("t.rules", &text).expect_err("too large");
    assert_eq!(e.problems[0].code.as_str(), "postlint::rules::too_large");
}

#[test]
fn a_chain_of_not_is_bounded_and_pairs_cancel() {
    let long = format!(
        "{HEADER}rule r {{ severity: warning message: \"m\" when: {}words > 1 }}",
        "not ".repeat(100_000)
    );
    let e = parse_file("t.rules", &long).expect_err("too deep");
    assert_eq!(e.problems[0].code.as_str(), "postlint::rules::too_deep");
    let f = parse_file(
        "t.rules",
        &format!(
            "{HEADER}rule r {{ severity: warning message: \"m\" when: not not not words > 1 }}"
        ),
    )
    .expect("parses");
    let Some(Item::Rule(rule)) = f.ast.items.last() else {
        panic!("rule")
    };
    let ExprKind::Not(inner) = &rule.whens[0].expr.kind else {
        panic!("one `not` is left")
    };
    assert!(matches!(inner.kind, ExprKind::Cmp(..)));
}

#[test]
fn position_except_and_report_are_checked_at_their_value() {
    let body = "lexicon asks {\n  position: sideways\n  except: nosuch\n  en: \"share\"\n}\nrule r {\n  severity: warning\n  message: \"m\"\n  report: twice\n  when: has(asks)\n}\n";
    let p = problems(body);
    let text = format!("{HEADER}{body}");
    let at = |code: &str, value: &str| {
        let found = p
            .iter()
            .find(|p| p.code.as_str() == code && &text[p.span.clone()] == value);
        assert!(found.is_some(), "{code} at `{value}` missing in {p:?}");
        found.and_then(|p| p.help.clone()).unwrap_or_default()
    };
    assert!(at("postlint::rules::wrong_type", "sideways").contains("command"));
    at("postlint::rules::unknown_lexicon", "nosuch");
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(at("postlint::rules::wrong_type", "twice").contains("each"));
    // Known values load.
    assert!(codes("lexicon asks { position: command except: reasons en: \"share\" }\nrule r { severity: warning message: \"m\" report: each when: has(asks) }\n").is_empty());
}

#[test]
fn examples_can_give_the_message_a_reply_answers() {
    assert!(codes("rule r { severity: warning message: \"m\" when: in reply_to (has(reasons))\n  example fire en reply_to=\"because\": \"ok\" }\n").is_empty());
    assert_eq!(
        codes("rule r { severity: warning message: \"m\" when: in replyto (has(reasons)) }\n"),
        ["postlint::rules::unknown_scope"]
    );
}

#[test]
fn translations_parse_beside_the_default() {
    let text = format!(
        "{HEADER}rule r {{\n  severity: warning\n  message: \"{{count}} hits\"\n  message nl: \"{{count}} treffers\"\n  when: words > 1\n}}\n"
    );
    let f = parse_file("t.rules", &text).expect("parses");
    let Some(Item::Rule(rule)) = f.ast.items.iter().find(|i| matches!(i, Item::Rule(_))) else {
        panic!("a rule")
    };
    assert_eq!(rule.get("message").map(|s| s.lang.is_none()), Some(true));
    let nl: Vec<_> = postlint_lang::ast::translations(&rule.settings, "message").collect();
    assert_eq!(nl.len(), 1);
    assert_eq!(nl[0].0, "nl");
    assert!(problems("rule r { severity: warning message: \"{count} hits\" message nl: \"{count} treffers\" help nl: \"x\" when: words > 1 }").is_empty());
}

#[test]
fn a_translation_that_drops_or_invents_a_placeholder_is_reported_at_its_span() {
    let body = "rule r {\n  severity: warning\n  param max = 2\n  message: \"{count} hits, at most {max}\"\n  message nl: \"{count} treffers, hoogstens {words}\"\n  when: words > max\n}\n";
    let p = problems(body);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(
        p[0].code.as_str(),
        "postlint::rules::translation_placeholders"
    );
    assert!(p[0].message.contains("drops `{max}`"), "{}", p[0].message);
    assert!(
        p[0].message.contains("invents `{words}`"),
        "{}",
        p[0].message
    );
    let text = format!("{HEADER}{body}");
    assert_eq!(
        &text[p[0].span.clone()],
        "\"{count} treffers, hoogstens {words}\""
    );
    assert_eq!(
        p[0].help.as_deref(),
        Some("use the placeholders of the default `message`: {count}, {max}")
    );
}

#[test]
fn only_texts_a_reader_sees_take_a_language() {
    assert_eq!(
        codes("rule r { severity nl: warning severity: warning message: \"m\" when: words > 1 }"),
        vec!["postlint::rules::unknown_setting"]
    );
}

/// The one problem of a rule with `message`, and the text its span covers.
fn plural_problem(message: &str) -> (Problem, String) {
    let body = format!(
        "rule r {{\n  severity: warning\n  param max = 2\n  param share_max = 30%\n  param name = \"x\"\n  message: \"{message}\"\n  when: words > max\n}}\n"
    );
    let p = problems(&body);
    assert_eq!(p.len(), 1, "{p:?}");
    let text = format!("{HEADER}{body}");
    let at = text[p[0].span.clone()].to_string();
    (p[0].clone(), at)
}

#[test]
fn plurals_are_checked_and_reported_at_the_placeholder() {
    assert!(problems("rule r { severity: warning param max = 2 message: \"{count|post goes|posts go} out, {max|tag|tags}, {words|word|words}, {platform.limit|character|characters}\" message nl: \"{count|bericht gaat|berichten gaan} uit, {max|tag|tags}, {words|woord|woorden}, {platform.limit|teken|tekens}\" when: words > max }").is_empty());

    let (p, at) = plural_problem("{cuont|post|posts} here");
    assert_eq!(p.code.as_str(), "postlint::rules::unknown_placeholder");
    assert_eq!(at, "cuont");
    assert_eq!(p.help.as_deref(), Some("did you mean `count`?"));

    for (message, found) in [
        ("Only {count|posts} here", "found 1 form"),
        ("Only {count|post|posts|postses} here", "found 3 forms"),
        ("Only {count|post|} here", "found an empty form"),
    ] {
        let (p, at) = plural_problem(message);
        assert_eq!(
            p.code.as_str(),
            "postlint::rules::plural_forms",
            "{message}"
        );
        assert!(p.message.contains(found), "{}", p.message);
        assert_eq!(at, message["Only ".len()..message.len() - " here".len()]);
        assert_eq!(p.help.as_deref(), Some("write the form for one, then the form for every other number: `{count|post|posts}`"));
    }

    for (message, what) in [
        ("{match|word|words}", "a text"),
        ("{platform|site|sites}", "a name"),
        ("{name|x|xs}", "a text"),
        ("{share_max|post|posts}", "a percentage"),
    ] {
        let (p, at) = plural_problem(message);
        assert_eq!(
            p.code.as_str(),
            "postlint::rules::plural_of_text",
            "{message}"
        );
        assert_eq!(at, message[1..message.find('|').unwrap_or(1)]);
        assert!(p.message.contains(what), "{}", p.message);
        assert!(p.help.is_some());
    }
}

#[test]
fn a_translation_may_use_a_plural_of_the_same_placeholder() {
    assert!(problems("rule r { severity: warning message: \"{count|hit|hits}\" message nl: \"{count|treffer|treffers}\" when: words > 1 }").is_empty());
    let c = codes("rule r { severity: warning message: \"{count|hit|hits}\" message nl: \"{words|woord|woorden}\" when: words > 1 }");
    assert_eq!(c, vec!["postlint::rules::translation_placeholders"]);
}

/// A rule whose `when` is a chain of `terms` comparisons joined by `and`,
/// one per line when `lines`.
fn chain(terms: usize, lines: bool) -> String {
    let sep = if lines { "\n    and " } else { " and " };
    format!(
        "{HEADER}rule r {{\n  severity: warning\n  message: \"and or and\"\n  when: {}\n}}\n",
        vec!["words > 1"; terms].join(sep)
    )
}

#[test]
fn a_huge_condition_chain_is_refused_before_parsing_where_it_passes_the_cap() {
    let max = postlint_lang::limits::MAX_CONDITION_NODES;
    let text = chain(max + 10, true);
    let e = parse_file("t.rules", &text).expect_err("refused");
    let p = &e.problems[0];
    assert_eq!(p.code.as_str(), "postlint::rules::too_large");
    assert_eq!(&text[p.span.clone()], "and");
    // The operator that passes the cap: the one after `max` others.
    let nth = text[..p.span.start].matches("\n    and ").count() + 1;
    assert_eq!(nth, max + 1);
    assert!(p.help.as_deref().is_some_and(|h| h.contains("lexicon")));
    // Under the cap of operators the parser runs, and the node count of
    // the checking pass refuses the rule at its name.
    let text = chain(max / 2, true);
    let e = parse_file("t.rules", &text).map(|_| ()).err();
    assert!(e.is_none(), "{e:?}");
    let e = load(&[("t.rules".to_string(), text)], &[]).expect_err("over the node cap");
    assert!(
        e[0].problems[0].message.contains("condition nodes"),
        "{:?}",
        e[0].problems
    );
}

#[test]
fn refusing_a_chain_costs_the_same_at_four_times_the_length() {
    let cost = |terms: usize| {
        let text = chain(terms, false);
        (0..5)
            .map(|_| {
                let start = std::time::Instant::now();
                assert!(parse_file("t.rules", &text).is_err());
                start.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    let (once, four) = (cost(100_000), cost(400_000));
    // Parsing the whole chain would grow about fourfold.
    let ratio = four.as_secs_f64() / once.as_secs_f64().max(1e-9);
    assert!(ratio < 2.5, "{once:?} vs {four:?}: ×{ratio:.1}");
}

#[test]
fn per_month_and_pillars_off_target_are_for_calendar_rules() {
    let ok = "calendar rule p { severity: suggestion per: month message: \"In {month}: {pillars}.\" param tolerance = 15% when: posts >= 8 and pillars_off_target(tolerance) >= 1 }";
    assert_eq!(codes(ok), Vec::<&str>::new());
    assert_eq!(
        codes("rule p { severity: warning per: month message: \"m\" when: words > 3 }"),
        vec!["postlint::rules::wrong_type"],
        "`per` is for calendar rules"
    );
    assert_eq!(
        codes("calendar rule p { severity: warning per: week message: \"m\" when: posts > 3 }"),
        vec!["postlint::rules::wrong_type"]
    );
    let two = problems(
        "calendar rule p { severity: warning message: \"m\" when: pillars_off_target(10%, 5) >= 1 }",
    );
    assert_eq!(two.len(), 1, "{two:?}");
    assert_eq!(two[0].code.as_str(), "postlint::rules::wrong_arguments");
    assert_eq!(
        codes("calendar rule p { severity: warning message: \"m\" when: pillars_off_target(has(reasons)) >= 1 }"),
        vec!["postlint::rules::wrong_type"]
    );
    assert_eq!(
        codes("rule p { severity: warning message: \"m\" when: pillars_off_target(10%) >= 1 }"),
        vec!["postlint::rules::wrong_level"]
    );
    assert_eq!(
        codes("calendar rule p { severity: warning message: \"{pillars|pillar|pillars}\" when: pillars_off_target(10%) >= 1 }"),
        vec!["postlint::rules::plural_of_text"]
    );
}
