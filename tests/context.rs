//! Context a rule reads beyond the draft: the message a reply answers
//! (`in_reply_to`, `--reply-to`, front matter), and text as an X export
//! stores it (`--origin`, guessed for exported records).

mod common;

use std::path::Path;
use std::process::Output;

use common::root;
use serde_json::Value;

fn scratch(name: &str, content: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("context-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write scratch file");
    path.display().to_string()
}

fn json(args: &[&str], stdin: Option<&str>) -> (Value, Output) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = common::run(&root(), &all, stdin, &[]);
    let text = common::stdout(&out);
    let value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("JSON ({e}):\n{text}\n{}", common::stderr(&out)));
    (value, out)
}

fn rules_of(post: &Value) -> Vec<String> {
    post["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|f| f["rule"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_reply_needs_an_apology_only_when_it_answers_a_problem() {
    let records = [
        r#"{"id": "complaint", "kind": "reply", "lang": "en", "in_reply_to": "My order is two weeks late and nobody answers.", "text": "Your parcel leaves the warehouse tomorrow."}"#,
        r#"{"id": "praise", "kind": "reply", "lang": "en", "in_reply_to": "Loved the new menu, thank you!", "text": "We'll tell the kitchen, see you soon."}"#,
        r#"{"id": "question", "kind": "reply", "lang": "en", "in_reply_to": "What time do you open on Sunday?", "text": "From 10 to 17."}"#,
        r#"{"id": "unknown", "kind": "reply", "lang": "nl", "text": "Fijn weekend en tot de volgende keer!"}"#,
    ];
    let path = scratch("replies.jsonl", &(records.join("\n") + "\n"));
    let (doc, _) = json(&[&path], None);
    let posts = doc["posts"].as_array().expect("posts");
    let fired = |id: &str| {
        posts
            .iter()
            .find(|p| p["id"] == id)
            .map(rules_of)
            .unwrap_or_default()
    };
    assert!(fired("complaint").contains(&"replies/no-apology".to_string()));
    for id in ["praise", "question", "unknown"] {
        assert!(
            !fired(id).contains(&"replies/no-apology".to_string()),
            "{id}: {:?}",
            fired(id)
        );
    }
}

#[test]
fn reply_to_reads_the_message_from_a_file_or_front_matter() {
    let message = scratch("message.txt", "The app crashed again and I lost my basket.");
    let (doc, _) = json(
        &[
            "--kind",
            "reply",
            "--lang",
            "en",
            "--reply-to",
            &message,
            "-",
        ],
        Some("A fix is live now, update the app."),
    );
    assert!(
        rules_of(&doc["posts"][0]).contains(&"replies/no-apology".to_string()),
        "{doc}"
    );
    // Without the message, the reply names no problem: no finding.
    let (doc, _) = json(
        &["--kind", "reply", "--lang", "en", "-"],
        Some("A fix is live now, update the app."),
    );
    assert!(!rules_of(&doc["posts"][0]).contains(&"replies/no-apology".to_string()));
    let draft = scratch(
        "reply.md",
        "---\nkind: reply\nlang: en\nin_reply_to: \"Still no refund after a month.\"\n---\nIt has been processed.\n",
    );
    let (doc, _) = json(&[&draft], None);
    assert!(rules_of(&doc["posts"][0]).contains(&"replies/no-apology".to_string()));
}

#[test]
fn reply_to_stdin_needs_the_draft_in_a_file() {
    let out = common::run(&root(), &["check", "--reply-to", "-", "-"], None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("--reply-to -"));
}

/// A tweet as X's API returns it: 290 characters as typed, 264 counted X's
/// way once the entities are decoded and the photo's link is dropped.
fn api_tweet() -> String {
    let words =
        "Our kitchen team cooked &amp; served 1,200 warm meals for the night shelter this winter. "
            .repeat(3);
    format!(
        "{}https://t.co/AbCdEf1234",
        words.trim_end().to_owned() + " "
    )
}

#[test]
fn x_exports_are_read_as_published() {
    let text = api_tweet();
    // Typed as a draft, the raw text is over X's 280 and the link stands out.
    let record = serde_json::json!({"id": "t", "platform": "x", "lang": "en", "text": text});
    let draft = scratch("draft.jsonl", &format!("{record}\n"));
    let (doc, _) = json(&["--origin", "draft", &draft], None);
    assert!(rules_of(&doc["posts"][0]).contains(&"platform/too-long".to_string()));
    // Guessed from the `t.co` link and the entity: read as published.
    let (doc, _) = json(&[&draft], None);
    let post = &doc["posts"][0];
    assert!(
        !rules_of(post).contains(&"platform/too-long".to_string()),
        "{post}"
    );
    assert_eq!(
        post["metrics"]["links"], 0,
        "the photo's link is no shared link"
    );
    assert_eq!(
        post["origin"], "x-export",
        "the output says how the text was read"
    );
    assert!(post["metrics"]["length"].as_u64().expect("length") <= 280);
}

#[test]
fn leading_reply_mentions_and_attachments_do_not_count() {
    let mentions = "@someone @another_person @third ";
    let body = "x".repeat(270);
    let record = serde_json::json!({
        "id": "r", "platform": "x", "kind": "reply", "lang": "en",
        "created_at": "2020-03-01 10:00:00",
        "text": format!("{mentions}{body} https://t.co/Zz9"),
    });
    let path = scratch("reply-export.jsonl", &format!("{record}\n"));
    let (doc, _) = json(&[&path], None);
    assert_eq!(doc["posts"][0]["metrics"]["length"], 270);
    // `--origin draft` overrides the guess: all of it counts.
    let (doc, _) = json(&["--origin", "draft", &path], None);
    assert!(
        doc["posts"][0]["metrics"]["length"]
            .as_u64()
            .expect("length")
            > 280
    );
}

#[test]
fn a_typed_draft_is_never_guessed_to_be_an_export() {
    let (doc, _) = json(
        &["--platform", "x", "--lang", "en", "-"],
        Some("Fish &amp; chips tonight https://t.co/AbC"),
    );
    assert_eq!(doc["posts"][0]["metrics"]["links"], 1);
}

#[test]
fn a_bad_origin_is_an_error_with_its_line() {
    let path = scratch(
        "bad-origin.jsonl",
        "{\"text\": \"fine\"}\n{\"text\": \"hello\", \"origin\": \"facebook-dump\"}\n",
    );
    let (doc, out) = json(&[&path], None);
    assert_eq!(out.status.code(), Some(2));
    let errors = doc["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["record"], 2);
    assert!(errors[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("x-export")));
    assert_eq!(doc["posts"].as_array().map(Vec::len), Some(1));
    let out = common::run(&root(), &["check", "--origin", "tiktok", "-"], None, &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_rule_reports_every_place_it_matches() {
    let (doc, _) = json(
        &["--lang", "en", "-"],
        Some("Dear valued customers, herewith the news. Kindly be informed that we moved."),
    );
    let formal = rules_of(&doc["posts"][0])
        .into_iter()
        .filter(|r| r == "killers/too-formal")
        .count();
    assert_eq!(formal, 3);
}

#[test]
fn names_in_the_config_are_not_shouting() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("context-names");
    std::fs::create_dir_all(&dir).expect("dir");
    let draft = "Nieuws: ACME ZORG BOLT opent vandaag een winkel.";
    let shouting = |out: &Output| common::stdout(out).contains("killers/shouting");
    std::fs::write(dir.join(".postlint.yaml"), "lang: nl\n").expect("config");
    let out = common::run(&dir, &["check", "--format", "line", "-"], Some(draft), &[]);
    assert!(shouting(&out), "{}", common::stdout(&out));
    std::fs::write(
        dir.join(".postlint.yaml"),
        "lang: nl\nnames: [ACME, ZORG]\n",
    )
    .expect("config");
    let out = common::run(&dir, &["check", "--format", "line", "-"], Some(draft), &[]);
    assert!(!shouting(&out), "{}", common::stdout(&out));
    // A name that could break the rule file it becomes is refused at its line.
    std::fs::write(dir.join(".postlint.yaml"), "lang: nl\nnames: [\"A(B\"]\n").expect("config");
    // (The draft comes from a file: postlint stops before it reads stdin.)
    std::fs::write(dir.join("draft.txt"), draft).expect("draft");
    let out = common::run(&dir, &["check", "draft.txt"], None, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains(".postlint.yaml:2"),
        "{}",
        common::stderr(&out)
    );
}
