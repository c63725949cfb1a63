//! End-to-end tests of the `postlint` binary: exit codes, stdin mode, config
//! discovery, output formats (snapshots) and diagnostics for broken rule
//! files and configs.

use std::process::Output;

use common::{root, stderr, stdout};

use serde_json::Value;

mod common;

fn postlint(args: &[&str], stdin: Option<&str>) -> Output {
    common::run(&root(), args, stdin, &[])
}

/// A small validator for the subset of JSON Schema that docs/schema uses:
/// type, required, properties, items, enum.
fn validate(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !types
            .iter()
            .any(|t| *t == actual || (*t == "number" && actual == "integer"))
        {
            errors.push(format!("{path}: expected {types:?}, found {actual}"));
            return;
        }
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        if !options.contains(value) {
            errors.push(format!("{path}: {value} not in {options:?}"));
        }
    }
    if let Value::Object(map) = value {
        if let Some(Value::Array(req)) = schema.get("required") {
            for r in req.iter().filter_map(Value::as_str) {
                if !map.contains_key(r) {
                    errors.push(format!("{path}: missing `{r}`"));
                }
            }
        }
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (k, sub) in props {
                if let Some(v) = map.get(k) {
                    validate(sub, v, &format!("{path}.{k}"), errors);
                }
            }
        }
    }
    if let (Value::Array(items), Some(sub)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            validate(sub, v, &format!("{path}[{i}]"), errors);
        }
    }
}

#[test]
fn example_drafts_fire_catalog_rules_in_both_languages() {
    let o = postlint(
        &[
            "check",
            "--format",
            "json",
            "examples/launch-en.md",
            "examples/lancering-nl.md",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json: Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let rules = |i: usize| -> Vec<String> {
        json["posts"][i]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let en = rules(0);
    assert!(
        en.contains(&"killers/engagement-bait".to_string()),
        "{en:?}"
    );
    assert!(en.contains(&"platform/too-long".to_string()), "{en:?}");
    let nl = rules(1);
    assert!(
        nl.contains(&"killers/engagement-bait".to_string()),
        "{nl:?}"
    );
    assert!(nl.contains(&"killers/bare-link".to_string()), "{nl:?}");
    assert_eq!(json["posts"][0]["metrics"]["limit"], 280);
    assert_eq!(json["posts"][1]["language"], "nl");
}

#[test]
fn json_output_validates_against_the_documented_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/schema/output-v1.json")).expect("schema"),
    )
    .expect("schema JSON");
    let o = postlint(
        &[
            "check",
            "--format",
            "json",
            "examples/launch-en.md",
            "examples/lancering-nl.md",
            "examples/good-en.md",
            "missing.txt",
        ],
        None,
    );
    let json: Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let mut errors = Vec::new();
    validate(&schema, &json, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["posts"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["errors"][0]["source"], "missing.txt");
    // Spans are byte offsets into the file: the text they cover is the match.
    let text = std::fs::read_to_string(root().join("examples/launch-en.md")).expect("draft");
    let bait = json["posts"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "killers/engagement-bait")
        .expect("bait finding")
        .clone();
    let (s, e) = (
        bait["span"]["start"].as_u64().unwrap_or(0) as usize,
        bait["span"]["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(text[s..e].to_lowercase(), "like if");
}

#[test]
fn human_output_snapshot() {
    let o = postlint(&["check", "examples/launch-en.md"], None);
    insta::assert_snapshot!("human_launch_en", stdout(&o));
}

#[test]
fn line_output_snapshot() {
    let o = postlint(
        &[
            "check",
            "--format",
            "line",
            "examples/launch-en.md",
            "examples/lancering-nl.md",
        ],
        None,
    );
    insta::assert_snapshot!("line_examples", stdout(&o));
}

#[test]
fn stdin_mode_reports_the_given_name_and_finds_the_config() {
    let o = postlint(
        &[
            "check",
            "--format",
            "line",
            "--stdin-filename",
            "tests/fixtures/clean/new.txt",
            "-",
        ],
        Some("Worth a read https://example.com/x"),
    );
    let out = stdout(&o);
    assert!(out.starts_with("tests/fixtures/clean/new.txt:1:"), "{out}");
    assert!(out.contains("killers/bare-link"), "{out}");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn exit_codes_clean_findings_and_errors() {
    let clean = postlint(&["check", "tests/fixtures/clean/draft.txt"], None);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    let suggestion_only = postlint(
        &["check", "--fail-level", "error", "examples/lancering-nl.md"],
        None,
    );
    assert_eq!(suggestion_only.status.code(), Some(0));
    let usage = postlint(&["check", "--format", "xml", "examples/good-en.md"], None);
    assert_eq!(usage.status.code(), Some(2));
    assert!(
        stderr(&usage).contains("invalid value 'xml' for '--format"),
        "{}",
        stderr(&usage)
    );
}

#[test]
fn invalid_utf8_is_reported_and_other_files_still_linted() {
    let dir = std::env::temp_dir().join(format!("postlint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, b"Hello\n\xc3\x28 world").expect("write");
    let bad_s = bad.display().to_string();
    let o = postlint(
        &["check", "--format", "json", &bad_s, "examples/launch-en.md"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let json: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(
        json["posts"].as_array().map(Vec::len),
        Some(1),
        "the good file is still linted"
    );
    let msg = json["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("invalid UTF-8 at byte 6"), "{msg}");
    assert_eq!(json["errors"][0]["record"], 2, "line of the bad byte");
}

#[test]
fn broken_rule_file_diagnostics_snapshot() {
    let o = postlint(&["rules", "test", "tests/fixtures/broken.rules"], None);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("broken_rule_file", stderr(&o));
    let o = postlint(&["rules", "test", "tests/fixtures/syntax.rules"], None);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("syntax_error", stderr(&o));
}

#[test]
fn broken_config_points_at_the_yaml_line() {
    let o = postlint(&["check", "tests/fixtures/bad-config/draft.txt"], None);
    assert_eq!(o.status.code(), Some(2));
    insta::assert_snapshot!("bad_config", stderr(&o));
    let dir = std::env::temp_dir().join(format!("postlint-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join(".postlint.yaml"), "packs: [killers\nrules: {").expect("write");
    std::fs::write(dir.join("d.txt"), "hi").expect("write");
    let o = postlint(&["check", &dir.join("d.txt").display().to_string()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not valid YAML"), "{}", stderr(&o));
}

#[test]
fn rules_docs_are_up_to_date() {
    let o = postlint(&["rules", "docs", "--check"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn rules_list_and_explain() {
    let o = postlint(&["rules", "list"], None);
    let out = stdout(&o);
    for id in [
        "killers/bare-link",
        "killers/engagement-bait",
        "platform/too-long",
    ] {
        assert!(out.contains(id), "{id} missing from:\n{out}");
    }
    let o = postlint(&["rules", "explain", "killers/bare-link"], None);
    assert!(stdout(&o).contains("Parameters:"), "{}", stdout(&o));
    let o = postlint(&["rules", "explain", "killers/nope"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn every_platform_example_shows_its_length_and_limit() {
    let expected = [
        ("bluesky", 300),
        ("facebook", 63206),
        ("instagram", 2200),
        ("linkedin", 3000),
        ("mastodon", 500),
        ("threads", 500),
        ("tiktok", 2200),
        ("x", 280),
    ];
    let files: Vec<String> = expected
        .iter()
        .map(|(p, _)| format!("examples/platforms/{p}.md"))
        .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let json: Value = serde_json::from_str(&stdout(&postlint(&args, None))).expect("JSON");
    for (i, (platform, limit)) in expected.iter().enumerate() {
        let post = &json["posts"][i];
        assert_eq!(post["platform"], *platform);
        assert_eq!(post["metrics"]["limit"], *limit, "{platform}");
        assert!(
            post["metrics"]["length"].as_u64().unwrap_or(0) > 0,
            "{platform}"
        );
    }
    // Mastodon counts a link as 23 and a remote mention without its server.
    let text =
        std::fs::read_to_string(root().join("examples/platforms/mastodon.md")).expect("draft");
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .expect("body")
        .trim_end_matches('\n');
    let url = "https://status.example.com";
    let want = body.chars().count() - url.len() + 23 - "@fosstodon.org".len();
    assert_eq!(json["posts"][4]["metrics"]["length"], want);
    // The human summary shows length against limit.
    let human = stdout(&postlint(&["check", "examples/platforms/bluesky.md"], None));
    assert!(human.contains("Bluesky 127/300"), "{human}");
}

#[test]
fn terminal_manners_quiet_statistics_colour_and_width() {
    let draft = "examples/launch-en.md";
    let quiet = postlint(&["check", "--quiet", draft], None);
    let out = stdout(&quiet);
    assert!(out.contains("killers/engagement-bait"), "{out}");
    assert!(
        !out.contains("principles:") && !out.contains("checked:"),
        "{out}"
    );
    assert_eq!(quiet.status.code(), Some(1), "--quiet keeps the exit code");

    let stats = stdout(&postlint(&["check", "--statistics", draft], None));
    let table = stats
        .split("Findings per rule")
        .nth(1)
        .unwrap_or_else(|| panic!("no statistics:\n{stats}"));
    assert!(
        table
            .lines()
            .any(|l| l.trim_start().starts_with("1  error") && l.ends_with("platform/too-long")),
        "{table}"
    );

    let always = stdout(&postlint(&["check", "--color", "always", draft], None));
    assert!(
        always.contains("\u{1b}["),
        "--color always colours even into a pipe"
    );
    let never = stdout(&postlint(&["check", draft], None));
    assert!(!never.contains("\u{1b}["));

    // COLUMNS narrows the diagnostics: messages and help wrap into more lines.
    let narrow = common::run(&root(), &["check", draft], None, &[("COLUMNS", "60")]);
    let lines = |o: &Output| stdout(o).lines().count();
    let wide = postlint(&["check", draft], None);
    assert!(lines(&narrow) > lines(&wide), "{}", stdout(&narrow));
}

#[test]
fn a_batch_lists_posts_with_findings_and_counts_calendar_findings() {
    let o = postlint(&["check", "examples/calendar.csv"], None);
    let out = stdout(&o);
    let summary = out.lines().last().unwrap_or_default();
    let calendar: usize = summary
        .split(" (")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the summary counts calendar findings: {summary}"));
    assert!(calendar >= 1, "{summary}");
    assert!(summary.contains(" in the calendar)"), "{summary}");
    // Every post line printed has findings: clean posts are not listed one by one.
    for l in out
        .lines()
        .filter(|l| l.contains(" · ") && l.contains("/280"))
    {
        assert!(!l.ends_with("· 0 findings"), "{l}");
    }
}

#[test]
fn help_texts_give_the_number_they_refer_to() {
    let o = postlint(
        &["check", "--platform", "linkedin", "--format", "json", "-"],
        Some("Great news from the team today #a #b #c #d #e #f #g"),
    );
    let out = stdout(&o);
    assert!(
        out.contains("LinkedIn works best with at most 5)"),
        "the hashtag help names the platform's number: {out}"
    );
    assert!(!out.contains("see the platform's advice"), "{out}");
}
