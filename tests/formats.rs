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

/// A calendar with a multi-line CSV field: records are annotated on their
/// own lines, and the calendar's findings reach CI too.
const CALENDAR_CSV: &str = "date,platform,text\n\
2026-03-02 09:00,x,Which colour do you like best?\n\
2026-03-03 09:00,x,\"A long story.\nBUY NOW!!!\"\n\
2026-03-04 09:00,x,Do you ride to work?\n\
2026-03-05 09:00,x,What would you change?\n";

fn calendar_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("plan.csv"), CALENDAR_CSV).expect("write calendar");
    dir
}

#[test]
fn github_annotates_records_on_their_lines_and_calendar_findings() {
    let dir = calendar_dir();
    let o = postlint(&["check", "--format", "github", "plan.csv"], &dir, None);
    let out = stdout(&o);
    // The shouting is on the field's second line: line 4 of the file.
    let shouting = out
        .lines()
        .find(|l| l.contains("title=killers/shouting"))
        .unwrap_or_else(|| panic!("no shouting annotation:\n{out}"));
    assert!(
        shouting.starts_with("::notice file=plan.csv,line=4,endLine=4,title="),
        "{shouting}"
    );
    for l in out.lines().filter(|l| l.contains("line=")) {
        let num = |key: &str| -> Option<usize> {
            let at = l.find(key)? + key.len();
            l[at..].split([',', ':']).next()?.parse().ok()
        };
        if let (Some(line), Some(end)) = (num(",line="), num("endLine=")) {
            assert!(end >= line, "endLine before line: {l}");
        }
    }
    // Three of four posts ask a question: a calendar finding, at its first record.
    let calendar = out
        .lines()
        .find(|l| l.contains("title=calendar/question-every-post"))
        .unwrap_or_else(|| panic!("calendar finding missing:\n{out}"));
    assert!(
        calendar.starts_with("::warning file=plan.csv,line=2,"),
        "{calendar}"
    );
    assert!(calendar.contains("records: plan.csv:2,5,6"), "{calendar}");
}

#[test]
fn sarif_of_a_calendar_validates_and_carries_calendar_findings() {
    let dir = calendar_dir();
    let o = postlint(&["check", "--format", "sarif", "plan.csv"], &dir, None);
    let doc: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_valid(&sarif_schema(), &doc);
    let run = &doc["runs"][0];
    assert!(run["tool"]["driver"]["informationUri"].is_string());
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for r in rules {
        let uri = r["helpUri"].as_str().unwrap_or_default();
        assert!(uri.contains("/docs/rules/"), "{uri}");
        let markdown = r["help"]["markdown"].as_str().unwrap_or_default();
        assert!(
            !markdown.contains("<match>") && !markdown.contains("<count>"),
            "a bare placeholder GitHub drops: {markdown}"
        );
    }
    let results = run["results"].as_array().expect("results");
    let calendar: Vec<&Value> = results
        .iter()
        .filter(|r| {
            r["ruleId"]
                .as_str()
                .is_some_and(|id| id.starts_with("calendar/"))
        })
        .collect();
    assert!(!calendar.is_empty(), "no calendar results");
    for r in &calendar {
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "plan.csv");
        assert!(loc["region"]["startLine"].as_u64() >= Some(2), "{r}");
    }
    // A record's finding points at its own line, with no byte offsets into the file.
    let shouting = results
        .iter()
        .find(|r| r["ruleId"] == "killers/shouting")
        .expect("shouting result");
    let region = &shouting["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 4);
    assert!(region.get("byteOffset").is_none(), "{region}");
    assert!(shouting.get("fixes").is_none());
}
