//! Every built-in rule speaks Dutch: message, help and rationale, and every
//! principle its name and description. A pack of one's own may leave
//! languages out; the built-in ones may not.

#[test]
fn every_builtin_rule_and_principle_has_dutch_texts() {
    let set = postlint_engine::RuleSet::from_sources(&postlint_engine::builtin::sources())
        .unwrap_or_else(|p| panic!("{} built-in file(s) with problems", p.len()));
    let mut gaps = Vec::new();
    let mut rules = 0;
    for r in set.rules() {
        rules += 1;
        let nl = r.translations.get("nl");
        for key in ["message", "help", "rationale"] {
            if !nl.is_some_and(|t| t.contains_key(key)) {
                gaps.push(format!("{}: no `{key} nl`", r.id));
            }
        }
    }
    let mut principles = 0;
    for p in set.principles() {
        principles += 1;
        let nl = p.translations.get("nl");
        for key in ["name", "description"] {
            if !nl.is_some_and(|t| t.contains_key(key)) {
                gaps.push(format!("principle {}: no `{key} nl`", p.id));
            }
        }
    }
    assert!(
        rules > 30 && principles == 7,
        "{rules} rules, {principles} principles"
    );
    assert!(gaps.is_empty(), "untranslated:\n{}", gaps.join("\n"));
}

#[test]
fn dutch_rationales_cite_the_articles_by_title() {
    let set = postlint_engine::RuleSet::from_sources(&postlint_engine::builtin::sources())
        .unwrap_or_else(|p| panic!("{} built-in file(s) with problems", p.len()));
    for r in set.rules() {
        for lang in ["en", "nl"] {
            let text = r.rationale_in(lang).to_lowercase();
            assert!(
                !text.contains("seed 00"),
                "{} cites a seed number in `{lang}`: {text}",
                r.id
            );
        }
    }
}
