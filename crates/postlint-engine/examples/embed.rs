//! Embedding postlint: load the built-in packs plus a team rule that calls a
//! native function registered by this program, lint a post and a small batch.
//!
//! Run with `cargo run -p postlint-engine --example embed`; `cargo test`
//! runs it too (tests/embed_example.rs).

use postlint_engine::{builtin, Kind, NativeFunction, NativeInput, Post, ResultType, RuleSet};

/// A team's own scorer: how many of the brand's product names a post mentions.
struct ProductMentions;

impl NativeFunction for ProductMentions {
    fn name(&self) -> &str {
        "product_mentions"
    }
    fn doc(&self) -> &str {
        "how many of our product names the text mentions"
    }
    fn returns(&self) -> ResultType {
        ResultType::Num
    }
    fn call(&self, input: &NativeInput<'_>) -> f64 {
        let text = input.text.to_lowercase();
        ["stadsfiets", "bakfiets", "e-bike"]
            .iter()
            .filter(|p| text.contains(*p))
            .count() as f64
    }
}

const TEAM_RULES: &str = r#"
pack shop {
  description: "A shop's own rules"
}

rule product-overload {
  severity: suggestion
  message: "More than {max_products} product in one post: pick one and tell its story."
  help: "One product per post gets more attention than a catalogue."
  param max_products = 1
  when: product_mentions() > max_products
  example fire en: "Our stadsfiets, bakfiets and e-bike are all on display."
  example pass en: "Our new bakfiets carries two kids and the groceries."
}
"#;

fn main() {
    if let Err(code) = run() {
        std::process::exit(code);
    }
}

/// Load, lint and print; `Err` with the exit code when something is wrong.
pub fn run() -> Result<(), i32> {
    let mut sources = builtin::sources();
    sources.push(("shop.rules".to_string(), TEAM_RULES.to_string()));
    let rules = match RuleSet::with_natives(&sources, vec![Box::new(ProductMentions)]) {
        Ok(r) => r,
        Err(problems) => {
            for p in problems {
                eprintln!("{}", p.render_plain());
            }
            return Err(2);
        }
    };

    let (ran, failures) = rules.run_examples();
    println!(
        "{} rules loaded; {ran} examples run, {} failed",
        rules.rules().count(),
        failures.len()
    );

    let draft = "Our stadsfiets, bakfiets and e-bike are all on display!!! Like if you want one.";
    let report = rules.evaluate(&Post {
        text: draft,
        platform: Some("facebook"),
        lang: Some("en"),
        kind: Kind::Post,
        ..Post::default()
    });
    println!(
        "{}: {}/{} on {}",
        draft, report.metrics.length, report.metrics.limit, report.platform
    );
    for f in &report.findings {
        println!(
            "  {}:{} {} [{}] {}",
            f.line,
            f.column,
            f.severity.as_str(),
            f.rule,
            f.message
        );
    }

    // A batch: lint each post and sum the calendar up.
    let calendar = [
        ("2026-03-02 09:00", "What is your favourite route?"),
        ("2026-03-03 09:00", "Which bike do you ride to work?"),
        ("2026-03-04 09:00", "How far is your daily ride?"),
        ("2026-03-20 09:00", "Anyone up for a Sunday ride?"),
    ];
    let summaries: Vec<_> = calendar
        .iter()
        .enumerate()
        .map(|(i, (when, text))| {
            let post = Post {
                text,
                platform: Some("instagram"),
                lang: Some("en"),
                media: Some(true),
                ..Post::default()
            };
            rules
                .evaluate_in_calendar(
                    &post,
                    i + 1,
                    postlint_engine::calendar::parse_datetime(when),
                )
                .1
        })
        .collect();
    for f in rules.evaluate_calendar(&summaries).findings {
        println!(
            "calendar: {} [{}] {} (records {:?})",
            f.severity.as_str(),
            f.rule,
            f.message,
            f.records
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(1)
    }
}
