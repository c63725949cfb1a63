//! X's twitter-text conformance suite, loaded from the YAML at test time (as
//! upstream asks): weighted length (validate.yml), entity extraction
//! (extract.yml) and the TLD list (tlds.yml). See tests/twitter-text/README.md.

use std::collections::BTreeMap;
use std::path::PathBuf;

use postlint_text::entities::{
    extract_cashtags, extract_hashtags, extract_mentions, extract_urls, Entity,
};
use postlint_text::{parse_tweet, ParsedTweet, TweetConfig};
use serde::Deserialize;
use yaml_serde::Value;

#[derive(Deserialize)]
struct Suite {
    tests: BTreeMap<String, Vec<Case>>,
}

#[derive(Deserialize)]
struct Case {
    description: String,
    text: String,
    expected: Value,
}

/// Cases we do not run, by group and description, with the reason. Empty:
/// every case of the groups below runs.
const SKIPPED: &[(&str, &str, &str)] = &[];

/// Groups of the upstream files that postlint does not implement (they test
/// validators and list mentions, not counting or extraction), never run.
const OUT_OF_SCOPE_GROUPS: &[&str] = &[
    "tweets",                         // v1 (140) validity
    "usernames",                      // is-this-exactly-one-username validator
    "lists",                          // @user/list validator
    "hashtags@validate",              // is-this-exactly-one-hashtag validator
    "urls@validate",                  // URL validator
    "urls_without_protocol@validate", // URL validator
    "mentions_or_lists_with_indices", // list mentions are not entities here
    "replies",                        // reply detection
];

fn data(file: &str) -> Suite {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "twitter-text", file]
        .iter()
        .collect();
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}

/// Code point index of byte offset `byte` (the suite's indices are code
/// points; in this data they equal UTF-16 units).
fn cp(text: &str, byte: usize) -> u64 {
    text[..byte].chars().count() as u64
}

#[derive(Default)]
struct Report {
    ran: usize,
    skipped: usize,
    failures: Vec<String>,
}

impl Report {
    fn check(&mut self, group: &str, case: &Case, ok: Result<(), String>) {
        self.ran += 1;
        if let Err(why) = ok {
            self.failures.push(format!(
                "[{group}] {}: {why}\n    text: {:?}",
                case.description, case.text
            ));
        }
    }
    fn skip(&mut self, group: &str, case: &Case) -> bool {
        let skip = SKIPPED
            .iter()
            .any(|(g, d, _)| *g == group && *d == case.description);
        self.skipped += usize::from(skip);
        skip
    }
}

fn expect_values(text: &str, got: &[Entity], expected: &Value) -> Result<(), String> {
    let want: Vec<String> = yaml_serde::from_value(expected.clone()).map_err(|e| e.to_string())?;
    let got: Vec<&str> = got.iter().map(|e| e.value(text)).collect();
    if got == want {
        Ok(())
    } else {
        Err(format!("expected {want:?}, got {got:?}"))
    }
}

fn expect_indexed(text: &str, got: &[Entity], expected: &Value, key: &str) -> Result<(), String> {
    let items: Vec<BTreeMap<String, Value>> =
        yaml_serde::from_value(expected.clone()).map_err(|e| e.to_string())?;
    let want: Vec<(String, u64, u64)> = items
        .iter()
        .map(|m| {
            let v = m
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let ix = m
                .get("indices")
                .and_then(Value::as_sequence)
                .cloned()
                .unwrap_or_default();
            (
                v,
                ix.first().and_then(Value::as_u64).unwrap_or(0),
                ix.get(1).and_then(Value::as_u64).unwrap_or(0),
            )
        })
        .collect();
    let got: Vec<(String, u64, u64)> = got
        .iter()
        .map(|e| {
            (
                e.value(text).to_string(),
                cp(text, e.span.start),
                cp(text, e.span.end),
            )
        })
        .collect();
    if got == want {
        Ok(())
    } else {
        Err(format!("expected {want:?}, got {got:?}"))
    }
}

fn expect_parsed(got: ParsedTweet, expected: &Value) -> Result<(), String> {
    let field = |k: &str| expected.get(k).cloned().unwrap_or(Value::Null);
    let mut diffs = Vec::new();
    let mut num = |k: &str, v: usize| {
        if field(k).as_u64() != Some(v as u64) {
            diffs.push(format!("{k}: expected {:?}, got {v}", field(k)));
        }
    };
    num("weightedLength", got.weighted_length);
    num("permillage", got.permillage);
    num("displayRangeStart", got.display_range_start);
    num("displayRangeEnd", got.display_range_end);
    num("validRangeStart", got.valid_range_start);
    num("validRangeEnd", got.valid_range_end);
    if field("valid").as_bool() != Some(got.valid) {
        diffs.push(format!(
            "valid: expected {:?}, got {}",
            field("valid"),
            got.valid
        ));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(diffs.join("; "))
    }
}

#[test]
fn twitter_text_conformance() {
    let mut r = Report::default();

    let validate = data("validate.yml");
    for (group, config) in [
        ("WeightedTweetsCounterTest", TweetConfig::v2()),
        (
            "WeightedTweetsWithDiscountedEmojiCounterTest",
            TweetConfig::v3(),
        ),
        (
            "UnicodeDirectionalMarkerCounterTest",
            TweetConfig::default(),
        ),
    ] {
        let cases = validate
            .tests
            .get(group)
            .unwrap_or_else(|| panic!("validate.yml has no group {group}"));
        for case in cases {
            if !r.skip(group, case) {
                r.check(
                    group,
                    case,
                    expect_parsed(parse_tweet(&case.text, &config), &case.expected),
                );
            }
        }
    }
    for group in validate.tests.keys() {
        let known = group.ends_with("CounterTest")
            || OUT_OF_SCOPE_GROUPS.contains(&group.as_str())
            || OUT_OF_SCOPE_GROUPS.contains(&format!("{group}@validate").as_str());
        assert!(
            known,
            "validate.yml has a new group {group}: run it or list it as out of scope"
        );
    }

    let extract = data("extract.yml");
    type Extractor = fn(&str) -> Vec<Entity>;
    let groups: &[(&str, Extractor, Option<&str>)] = &[
        ("mentions", extract_mentions, None),
        (
            "mentions_with_indices",
            extract_mentions,
            Some("screen_name"),
        ),
        ("urls", extract_urls, None),
        ("urls_with_indices", extract_urls, Some("url")),
        ("urls_with_directional_markers", extract_urls, Some("url")),
        ("tco_urls_with_params", extract_urls, None),
        ("hashtags", extract_hashtags, None),
        ("hashtags_from_astral", extract_hashtags, None),
        ("hashtags_with_indices", extract_hashtags, Some("hashtag")),
        ("cashtags", extract_cashtags, None),
        ("cashtags_with_indices", extract_cashtags, Some("cashtag")),
    ];
    for (group, extractor, key) in groups {
        let cases = extract
            .tests
            .get(*group)
            .unwrap_or_else(|| panic!("extract.yml has no group {group}"));
        for case in cases {
            if r.skip(group, case) {
                continue;
            }
            let got = extractor(&case.text);
            let ok = match key {
                None => expect_values(&case.text, &got, &case.expected),
                Some(k) => expect_indexed(&case.text, &got, &case.expected, k),
            };
            r.check(group, case, ok);
        }
    }
    for group in extract.tests.keys() {
        let known =
            groups.iter().any(|g| g.0 == group) || OUT_OF_SCOPE_GROUPS.contains(&group.as_str());
        assert!(
            known,
            "extract.yml has a new group {group}: run it or list it as out of scope"
        );
    }

    let tlds = data("tlds.yml");
    for (group, cases) in &tlds.tests {
        for case in cases {
            if r.skip(group, case) {
                continue;
            }
            let got = extract_urls(&case.text);
            r.check(group, case, expect_values(&case.text, &got, &case.expected));
        }
    }

    println!(
        "conformance: {} cases ran, {} skipped, {} failed",
        r.ran,
        r.skipped,
        r.failures.len()
    );
    for (group, description, reason) in SKIPPED {
        println!("  skipped [{group}] {description}: {reason}");
    }
    assert!(
        r.failures.is_empty(),
        "{} conformance failures:\n{}",
        r.failures.len(),
        r.failures.join("\n")
    );
}
