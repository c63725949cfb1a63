//! Every built-in rule's examples run as tests: a `fire` example must give
//! exactly one finding of its rule, a `pass` example none.

use std::path::Path;

fn sources() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut out = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("rules/ exists in the repository").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for p in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "rules")) {
        let text = std::fs::read_to_string(&p).expect("rule files are UTF-8");
        out.push((p.file_name().unwrap_or_default().to_string_lossy().into_owned(), text));
    }
    out
}

#[test]
fn builtin_rule_examples_pass() {
    let set = match postlint_engine::RuleSet::from_sources(&sources()) {
        Ok(s) => s,
        Err(problems) => {
            for p in &problems {
                eprintln!("{}", p.render_plain());
            }
            panic!("built-in rule files have {} file(s) with problems", problems.len());
        }
    };
    let (ran, failures) = set.run_examples();
    println!("rule examples: {ran} ran, {} failed", failures.len());
    for f in &failures {
        println!("  {f}");
    }
    assert!(ran > 0);
    assert!(failures.is_empty(), "{} rule example(s) failed", failures.len());
}
