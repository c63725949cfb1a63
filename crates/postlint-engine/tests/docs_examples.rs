//! Every complete rule file in the user documentation is a test: each
//! ```` ```postlint ```` block of `docs/rule-language.md` and `docs/tutorial.md`
//! must load together with the built-in `rules/core/core.rules`, and its examples
//! must pass (a `fire` example gives exactly one finding, a `pass` example none).
//!
//! Partial snippets in the docs are fenced as ```` ```text ```` and are not run.
//!
//! Run with `cargo test -p postlint-engine --test docs_examples -- --nocapture`.

use std::path::{Path, PathBuf};

use postlint_engine::RuleSet;

const DOCS: &[&str] = &["docs/rule-language.md", "docs/tutorial.md"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A ```postlint block: its name (`docs/FILE.md:LINE`, the line of the opening
/// fence) and its text.
struct Block {
    name: String,
    text: String,
}

/// Every ```postlint block of a Markdown file, in order.
fn postlint_blocks(doc: &str, markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                if trimmed.starts_with("```")
                    && trimmed.trim_start_matches('`').trim() == "postlint"
                {
                    current = Some((i + 1, String::new()));
                }
            }
            Some((start, text)) => {
                if trimmed.starts_with("```") {
                    blocks.push(Block {
                        name: format!("{doc}:{start}"),
                        text: std::mem::take(text),
                    });
                    current = None;
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    assert!(
        current.is_none(),
        "{doc}: a ```postlint block is not closed"
    );
    blocks
}

fn core_rules() -> (String, String) {
    let path = repo_root().join("rules/core/core.rules");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    ("core.rules".to_string(), text)
}

#[test]
fn documented_rule_files_load_and_their_examples_pass() {
    let core = core_rules();
    let mut blocks = Vec::new();
    for doc in DOCS {
        let path = repo_root().join(doc);
        let markdown = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        blocks.extend(postlint_blocks(doc, &markdown));
    }

    let mut problems = Vec::new();
    let mut examples_run = 0;
    for block in &blocks {
        let sources = vec![core.clone(), (block.name.clone(), block.text.clone())];
        let set = match RuleSet::from_sources(&sources) {
            Ok(set) => set,
            Err(files) => {
                let mut text = format!(
                    "{} does not load together with rules/core/core.rules:\n",
                    block.name
                );
                for f in &files {
                    text.push_str(&f.render_plain());
                    text.push('\n');
                }
                problems.push(text);
                continue;
            }
        };
        let (_, failures) = set.run_examples();
        let own = set
            .rules()
            .filter(|r| r.source == block.name)
            .map(|r| r.examples.len())
            .sum::<usize>();
        examples_run += own;
        let failed: Vec<_> = failures.iter().filter(|f| f.source == block.name).collect();
        println!(
            "{}: {} rule(s), {own} example(s), {} failed",
            block.name,
            set.rules().filter(|r| r.source == block.name).count(),
            failed.len()
        );
        for f in failed {
            problems.push(format!("{f}"));
        }
    }

    println!(
        "{} ```postlint block(s) ran, {examples_run} example(s)",
        blocks.len()
    );
    for p in &problems {
        println!("FAIL {p}");
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the documented rule files (see the output above)",
        problems.len()
    );
    assert!(
        blocks.len() >= 5,
        "expected at least 5 ```postlint blocks in the docs, found {}",
        blocks.len()
    );
}
