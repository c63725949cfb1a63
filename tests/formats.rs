//! CI output formats: SARIF 2.1.0 (validated against the official schema,
//! vendored in tests/schemas) and GitHub workflow-command annotations
//! (snapshot).

use std::path::Path;
use std::process::Output;

use common::{root, stdout};

use serde_json::Value;

mod common;

fn postlint(args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    common::run(dir, args, stdin, &[])
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("tests/schemas/sarif-2.1.0.json"))
        .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output is not valid against the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let dir = root().join("tests/fixtures/ci");
    let o = postlint(
        &[
            "check",
            "--format",
            "sarif",
            "sale.md",
            "formal.txt",
            "missing.md",
        ],
        &dir,
        None,
    );
    assert_eq!(o.status.code(), Some(2), "a missing file is an input error");
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_valid(&sarif_schema(), &doc);

    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let shouting = rules
        .iter()
        .position(|r| r["id"] == "killers/shouting")
        .expect("killers/shouting described");
    let r = &rules[shouting];
    assert_eq!(r["defaultConfiguration"]["level"], "note");
    assert!(r["shortDescription"]["text"]
        .as_str()
        .is_some_and(|t| t.contains("shouting")));
    assert!(r["fullDescription"]["text"]
        .as_str()
        .is_some_and(|t| t.len() > 40));
    assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        r["help"]["markdown"]
            .as_str()
            .is_some_and(|t| t.contains("Passes (")),
        "a passing example in the rule's help: {}",
        r["help"]
    );

    let results = run["results"].as_array().expect("results");
    let result = results
        .iter()
        .find(|r| r["ruleId"] == "killers/shouting")
        .expect("shouting result");
    assert_eq!(result["ruleIndex"], shouting);
    let region = &result["locations"][0]["physicalLocation"]["region"];
    // Line 5 is `中文 😀 Our summer sale starts today!!!`: columns count code points.
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(5), Some(34), Some(37))
    );
    assert_eq!(region["snippet"]["text"], "!!!");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(
        result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        "!"
    );
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("cannot read"))
    );
}

#[test]
fn sarif_for_a_clean_run_and_for_stdin_validates() {
    let validator = sarif_schema();
    let o = postlint(
        &[
            "check",
            "--format",
            "sarif",
            "--stdin-filename",
            "drafts/new post.md",
            "-",
        ],
        &root(),
        Some("Thanks to everyone who came to the workshop {yesterday}!!\n"),
    );
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_valid(&validator, &doc);
    let uri = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "drafts/new%20post.md");

    let o = postlint(
        &[
            "check",
            "--format",
            "sarif",
            "--disable",
            "killers,cialdini,engagement",
            "-",
        ],
        &root(),
        Some("Hello.\n"),
    );
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_valid(&validator, &doc);
    assert_eq!(
        doc["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );
}

#[test]
fn the_schema_check_catches_invalid_sarif() {
    let validator = sarif_schema();
    let bad: Value = serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": { "driver": {} }, "results": [{ "level": "loud" }] }] });
    assert!(
        validator.iter_errors(&bad).count() >= 2,
        "missing driver name and message, bad level"
    );
}

#[test]
fn github_annotations() {
    let dir = root().join("tests/fixtures/ci");
    let o = postlint(
        &["check", "--format", "github", "sale.md", "formal.txt"],
        &dir,
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "suggestions only: below the default fail level"
    );
    insta::assert_snapshot!("github_annotations", stdout(&o));
}

#[test]
fn github_escapes_properties_and_data() {
    let o = postlint(
        &[
            "check",
            "--format",
            "github",
            "--stdin-filename",
            "a,b:c.md",
            "-",
        ],
        &root(),
        Some("Our summer sale starts today!!!\n"),
    );
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.contains("killers/shouting"))
        .expect("shouting annotation");
    assert!(line.starts_with("::notice file=a%2Cb%3Ac.md,line=1,col=29,endLine=1,endColumn=32,title=killers/shouting::"), "{line}");
    assert!(line.contains("%0A"), "help on its own line: {line}");
    assert!(!out.contains('\r'));
}
