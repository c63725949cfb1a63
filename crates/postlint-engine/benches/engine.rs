//! Where the time of one post goes: analysis, language detection, lexicon
//! matching, full evaluation of a short and a long post, and pack compilation.
//! Run: `cargo bench -p postlint-engine --bench engine`. Figures and their
//! reading are in docs/performance.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use postlint_engine::{Post, RuleSet};

const SHORT: &str = "Big news from our team today: the new release is out 🚀 Faster, smaller and easier to use. \
Only 3 spots left for the launch webinar! Sign up at https://example.com/webinar #release @support — questions? 👇";

const SHORT_NL: &str =
    "Vandaag de nieuwe fietsbrug geopend! 🚲 Dank aan @gemeente en iedereen die meedacht. \
Meer info: https://example.nl/fietsbrug #fietsen #Utrecht — wat vinden jullie ervan? 👇";

fn long() -> String {
    let paragraph = "Last year our organic traffic dropped 40% in one month. The cause was boring: a plugin update \
had quietly added noindex to 300 pages. Thousands of teams already trust us, and experts agree that \
consistency beats intensity. Read the notes at example.com/release-notes and tell @support what you think! \
Click the link to learn more. What's on your weekly checklist? 🙌 #SEO #marketing\n\n";
    let mut text = paragraph.repeat(2000 / paragraph.len() + 1);
    if let Some((cut, _)) = text.char_indices().nth(2000) {
        text.truncate(cut);
    }
    text
}

fn all_packs() -> RuleSet {
    let mut rules = RuleSet::from_sources(&postlint_engine::builtin::sources())
        .expect("built-in packs compile");
    for p in postlint_engine::builtin::PACKS {
        rules.set_pack_enabled(p, true);
    }
    rules
}

/// The core pack (its lexicons and principles) with one rule that reads every
/// hit of one lexicon: analysis, lexicon matching and the principle signals
/// (some of them regexes), but no other rule.
fn lexicon_only() -> RuleSet {
    let core: Vec<(String, String)> = postlint_engine::builtin::sources()
        .into_iter()
        .filter(|(n, _)| n.contains("core"))
        .collect();
    let mut sources = core;
    sources.push((
        "bench.rules".into(),
        r#"pack bench { version: "1.0.0" }
rule cta-hits {
  severity: suggestion
  message: "{count} calls to action"
  when: hits(cta) > 100
}
"#
        .into(),
    ));
    RuleSet::from_sources(&sources).expect("bench rule compiles")
}

/// Nothing but a rule that never reads the text: the fixed cost of a post.
fn empty_rules() -> RuleSet {
    let source = r#"pack empty { version: "1.0.0" }
platform x { limit: 280  counter: x }
rule never {
  severity: suggestion
  message: "never"
  when: limit < 0
}
"#;
    RuleSet::from_sources(&[("empty.rules".into(), source.into())])
        .expect("empty rule set compiles")
}

fn bench(c: &mut Criterion) {
    let long = long();
    let mut g = c.benchmark_group("per post");
    g.bench_function("analysis short", |b| {
        b.iter(|| postlint_text::analyze(black_box(SHORT)))
    });
    g.bench_function("analysis long (2000 chars)", |b| {
        b.iter(|| postlint_text::analyze(black_box(&long)))
    });
    g.bench_function("language detection short", |b| {
        b.iter(|| postlint_text::detect_language(black_box(SHORT_NL), &["en", "nl"], "en"))
    });
    g.bench_function("language detection long", |b| {
        b.iter(|| postlint_text::detect_language(black_box(&long), &["en", "nl"], "en"))
    });

    let empty = empty_rules();
    g.bench_function("evaluate, no rules reading text, short", |b| {
        b.iter(|| {
            empty.evaluate(&Post {
                text: black_box(SHORT),
                lang: Some("en"),
                ..Post::default()
            })
        })
    });
    let lexicon = lexicon_only();
    g.bench_function(
        "evaluate, core pack (lexicons, principles) + one lexicon rule, short",
        |b| {
            b.iter(|| {
                lexicon.evaluate(&Post {
                    text: black_box(SHORT),
                    lang: Some("en"),
                    ..Post::default()
                })
            })
        },
    );
    g.bench_function(
        "evaluate, core pack (lexicons, principles) + one lexicon rule, long",
        |b| {
            b.iter(|| {
                lexicon.evaluate(&Post {
                    text: black_box(&long),
                    lang: Some("en"),
                    ..Post::default()
                })
            })
        },
    );

    let rules = all_packs();
    g.bench_function("evaluate all packs, short, lang given", |b| {
        b.iter(|| {
            rules.evaluate(&Post {
                text: black_box(SHORT),
                lang: Some("en"),
                ..Post::default()
            })
        })
    });
    g.bench_function("evaluate all packs, short, lang detected", |b| {
        b.iter(|| {
            rules.evaluate(&Post {
                text: black_box(SHORT),
                ..Post::default()
            })
        })
    });
    g.bench_function("evaluate all packs, short nl, lang detected", |b| {
        b.iter(|| {
            rules.evaluate(&Post {
                text: black_box(SHORT_NL),
                ..Post::default()
            })
        })
    });
    g.bench_function("evaluate all packs, long, lang detected", |b| {
        b.iter(|| {
            rules.evaluate(&Post {
                text: black_box(&long),
                platform: Some("linkedin"),
                ..Post::default()
            })
        })
    });
    g.finish();

    let sources = postlint_engine::builtin::sources();
    let mut g = c.benchmark_group("start-up");
    g.sample_size(10);
    g.bench_function("compile all built-in packs", |b| {
        b.iter(|| RuleSet::from_sources(black_box(&sources)).map(|r| r.rules().count()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
