//! Every built-in rule's examples run as tests: a `fire` example must give
//! at least one finding of its rule, a
//! `pass` example none.

#[test]
fn builtin_rule_examples_pass() {
    let set = match postlint_engine::RuleSet::from_sources(&postlint_engine::builtin::sources()) {
        Ok(s) => s,
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", p.render_plain());
            }
            panic!(
                "built-in rule files have {} file(s) with problems",
                problems.len()
            );
        }
    };
    let (ran, failures) = set.run_examples();
    println!("rule examples: {ran} ran, {} failed", failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert!(ran > 0);
    assert!(
        failures.is_empty(),
        "{} rule example(s) failed",
        failures.len()
    );
}

#[test]
fn every_builtin_rule_has_two_fire_and_two_pass_examples_per_language() {
    let set = postlint_engine::RuleSet::from_sources(&postlint_engine::builtin::sources())
        .unwrap_or_default();
    let mut missing = Vec::new();
    for r in set.rules().filter(|r| !r.calendar) {
        for lang in ["en", "nl"] {
            for fires in [true, false] {
                let n = r
                    .examples
                    .iter()
                    .filter(|e| e.lang == lang && e.fires == fires)
                    .count();
                if n < 2 {
                    missing.push(format!(
                        "{} {lang} {}: {n}",
                        r.id,
                        if fires { "fire" } else { "pass" }
                    ));
                }
            }
        }
    }
    for r in set.rules().filter(|r| r.calendar) {
        if !(r.examples.iter().any(|e| e.fires) && r.examples.iter().any(|e| !e.fires)) {
            missing.push(format!("{} needs a firing and a passing calendar", r.id));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}
