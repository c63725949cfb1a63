//! The HTTP API end to end: a server on an ephemeral loopback port in this
//! process, and a plain HTTP/1.1 client over `std::net::TcpStream`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::OnceLock;

use postlint::{Defaults, Linter, Project};
use postlint_serve::{App, Options};
use serde_json::Value;

/// One server for every test, on its own runtime in its own thread.
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let app = App::new(Project::bare(), Options::default()).expect("built-in packs load");
            let addr = "127.0.0.1:0".parse().unwrap();
            let _ = postlint_serve::run(addr, app, move |bound| {
                let _ = tx.send(bound);
            });
        });
        rx.recv().expect("the server starts")
    })
}

struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn request(method: &str, path: &str, content_type: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(server()).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before it has read all of a large body.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = headers[9..12].parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..line_end]).unwrap().trim(), 16)
            .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[line_end + 2..line_end + 2 + size]);
        raw = &raw[line_end + 2 + size + 2..];
    }
}

fn get(path: &str) -> Answer {
    request("GET", path, "text/plain", b"")
}

fn post_json(path: &str, body: &Value) -> Answer {
    request(
        "POST",
        path,
        "application/json",
        body.to_string().as_bytes(),
    )
}

fn post_form(path: &str, fields: &[(&str, &str)]) -> Answer {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    request(
        "POST",
        path,
        "application/x-www-form-urlencoded",
        body.join("&").as_bytes(),
    )
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[track_caller]
fn assert_json_error(a: &Answer, status: u16) -> String {
    assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.body));
    assert!(a
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
    a.json()["error"]
        .as_str()
        .expect("an error message")
        .to_string()
}

/// The UTF-16 units `offset..offset+length` of `text`, as a string.
fn utf16_slice(text: &str, offset: u64, length: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[offset as usize..(offset + length) as usize]).unwrap()
}

const BARE_LINK: &str = "Read this: https://example.com/report";

// ---------------------------------------------------------------- the page

#[test]
fn the_page_and_its_files_have_their_types() {
    for (path, ty, needle) in [
        ("/", "text/html", "<html"),
        ("/app.js", "text/javascript", "/api/v1/check"),
        ("/app.css", "text/css", "{"),
    ] {
        let a = get(path);
        assert_eq!(a.status, 200, "{path}");
        assert!(a.header("content-type").unwrap().starts_with(ty), "{path}");
        assert!(String::from_utf8_lossy(&a.body).contains(needle), "{path}");
    }
}

#[test]
fn unknown_paths_and_methods_are_json_errors() {
    assert_json_error(&get("/etc/passwd"), 404);
    assert_json_error(&get("/api/v1/check"), 405);
}

// ---------------------------------------------------------------- /api/v1

#[test]
fn bad_json_is_a_400_with_a_json_error() {
    let a = request("POST", "/api/v1/check", "application/json", b"{\"text\": ");
    assert!(assert_json_error(&a, 400).contains("JSON object"));
    let a = request("POST", "/api/v1/check", "application/json", b"[1, 2]");
    assert_json_error(&a, 400);
    let a = post_json("/api/v1/check", &serde_json::json!({}));
    assert_json_error(&a, 400);
}

#[test]
fn no_request_names_a_file_or_a_pack() {
    for field in ["config", "rules", "path", "file"] {
        let a = post_json(
            "/api/v1/check",
            &serde_json::json!({"text": "Hello", field: "/etc/passwd"}),
        );
        assert!(
            assert_json_error(&a, 400).contains("unknown field"),
            "{field}"
        );
    }
}

#[test]
fn bad_settings_are_400s() {
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"text": "Hello", "platform": "myspace"}),
    );
    assert!(assert_json_error(&a, 400).contains("unknown platform"));
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"text": "Hello", "kind": "story"}),
    );
    assert_json_error(&a, 400);
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"records": "text\nHello\n", "format": "xlsx"}),
    );
    assert_json_error(&a, 400);
}

#[test]
fn an_oversize_body_is_a_413() {
    let text = "a".repeat(1024 * 1024 + 10);
    let a = post_json("/api/v1/check", &serde_json::json!({ "text": text }));
    assert!(assert_json_error(&a, 413).contains("larger"));
    let a = post_form("/v2/check", &[("language", "en-US"), ("text", &text)]);
    assert_json_error(&a, 413);
}

#[test]
fn a_draft_gets_the_document_of_check_format_json() {
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"text": BARE_LINK, "platform": "x", "lang": "en"}),
    );
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    // The same bytes as the library's JSON for the same draft and settings.
    let project = Project::bare();
    let defaults = Defaults {
        platform: Some("x".into()),
        lang: Some("en".into()),
        ..project.defaults().unwrap()
    };
    let linter = Linter::new(project.rules(&[], false).unwrap(), defaults).unwrap();
    let mut outcome = postlint::Outcome::default();
    outcome
        .posts
        .push(linter.lint_draft("draft", BARE_LINK).unwrap());
    let mut expected = Vec::new();
    postlint::json::write(&outcome, &mut expected).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&a.body),
        String::from_utf8_lossy(&expected)
    );
    let doc = a.json();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["posts"][0]["source"], "draft");
    assert_eq!(doc["posts"][0]["platform"], "x");
    assert!(doc["calendar"].is_null());
    let rules: Vec<&str> = doc["posts"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"killers/bare-link"), "{rules:?}");
}

#[test]
fn a_reply_answers_its_message() {
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"text": "Thanks for your message.", "kind": "reply",
            "in_reply_to": "Where is my order? I have waited two weeks.", "platform": "x"}),
    );
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["posts"][0]["kind"], "reply");
}

#[test]
fn a_csv_batch_gets_its_calendar_under_a_neutral_name() {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/browser/fixtures/calendar.csv"
    ))
    .unwrap();
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"records": csv, "format": "csv"}),
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let doc = a.json();
    let posts = doc["posts"].as_array().unwrap();
    assert!(posts.len() > 3);
    assert!(posts.iter().all(|p| p["source"] == "upload.csv"));
    let findings = doc["calendar"]["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{doc}");
    for f in findings {
        for r in f["records"].as_array().unwrap() {
            assert_eq!(r["source"], "upload.csv");
        }
    }
    assert!(!doc.to_string().contains("/tmp"));
}

#[test]
fn a_jsonl_batch_reports_bad_lines_and_lints_the_rest() {
    let jsonl = "{\"text\": \"Our spring collection is in.\", \"platform\": \"instagram\"}\nnot json\n{\"text\": \"Which colour would you pick?\", \"platform\": \"x\"}\n";
    let a = post_json(
        "/api/v1/check",
        &serde_json::json!({"records": jsonl, "format": "jsonl"}),
    );
    assert_eq!(a.status, 200);
    let doc = a.json();
    assert_eq!(doc["posts"].as_array().unwrap().len(), 2);
    assert_eq!(doc["errors"][0]["source"], "upload.jsonl");
    assert_eq!(doc["errors"][0]["record"], 2);
    assert!(doc["calendar"].is_object());
}

#[test]
fn rules_come_with_their_docs_and_the_platforms() {
    let a = get("/api/v1/rules");
    assert_eq!(a.status, 200);
    let doc = a.json();
    let rule = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "killers/bare-link")
        .expect("killers/bare-link");
    assert_eq!(rule["pack"], "killers");
    assert_eq!(rule["enabled"], true);
    assert!(!rule["message"].as_str().unwrap().is_empty());
    assert!(rule["rationale"].as_str().unwrap().len() > 40);
    let x = doc["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "x")
        .expect("x");
    assert_eq!(x["name"], "X");
    assert_eq!(x["limit"], 280);
}

// ---------------------------------------------------------------- /v2 (LanguageTool)

fn lt_matches(a: &Answer) -> Vec<Value> {
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    a.json()["matches"].as_array().unwrap().clone()
}

fn rule_ids(matches: &[Value]) -> Vec<String> {
    matches
        .iter()
        .map(|m| m["rule"]["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn languages_are_listed_as_languagetool_lists_them() {
    let a = get("/v2/languages");
    assert_eq!(a.status, 200);
    let list = a.json();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["longCode"].as_str().unwrap())
        .collect();
    for code in ["en", "en-US", "en-GB", "nl", "nl-BE"] {
        assert!(codes.contains(&code), "{codes:?}");
    }
}

#[test]
fn lt_offsets_are_utf16_after_emoji() {
    let text = format!("🎉🎉 Big news 👩‍👩‍👧! {BARE_LINK}");
    let a = post_form(
        "/v2/check",
        &[("language", "en-US"), ("text", &text), ("platform", "x")],
    );
    let doc = a.json();
    assert_eq!(doc["software"]["name"], "postlint");
    assert_eq!(doc["language"]["code"], "en-US");
    assert_eq!(doc["language"]["detectedLanguage"]["code"], "en");
    let matches = lt_matches(&a);
    let m = matches
        .iter()
        .find(|m| m["rule"]["id"] == "killers/bare-link")
        .expect("killers/bare-link");
    let (offset, length) = (m["offset"].as_u64().unwrap(), m["length"].as_u64().unwrap());
    let flagged = utf16_slice(&text, offset, length);
    assert!(flagged.contains("https://example.com/report"), "{flagged}");
    // The same place in the context.
    let ctx = &m["context"];
    assert_eq!(
        utf16_slice(
            ctx["text"].as_str().unwrap(),
            ctx["offset"].as_u64().unwrap(),
            ctx["length"].as_u64().unwrap()
        ),
        flagged
    );
    assert_eq!(m["rule"]["category"]["id"], "KILLERS");
    assert!(["style", "nonconformance"].contains(&m["rule"]["issueType"].as_str().unwrap()));
    assert!(m["sentence"].as_str().unwrap().contains("example.com"));
    assert!(m["message"].as_str().unwrap().len() > 10);
    for m in &matches {
        let end = m["offset"].as_u64().unwrap() + m["length"].as_u64().unwrap();
        assert!(end as usize <= text.encode_utf16().count());
    }
}

#[test]
fn lt_get_with_a_query_works_too() {
    let a = get(&format!(
        "/v2/check?language=auto&text={}",
        encode(BARE_LINK)
    ));
    assert!(rule_ids(&lt_matches(&a)).contains(&"killers/bare-link".to_string()));
    assert_eq!(
        a.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[test]
fn lt_enabled_only_and_disabled_rules() {
    let text = "Read this!!! https://example.com/report";
    let all = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[("language", "en-US"), ("text", text)],
    )));
    assert!(all.len() >= 2, "{all:?}");
    assert!(all.contains(&"killers/bare-link".to_string()));

    let only = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[
            ("language", "en-US"),
            ("text", text),
            ("enabledRules", "killers/bare-link"),
            ("enabledOnly", "true"),
        ],
    )));
    assert_eq!(only, vec!["killers/bare-link".to_string()]);

    let without = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[
            ("language", "en-US"),
            ("text", text),
            ("disabledRules", "killers/bare-link,UNKNOWN_RULE"),
        ],
    )));
    assert!(!without.contains(&"killers/bare-link".to_string()));
    assert_eq!(without.len(), all.len() - 1);

    let no_killers = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[
            ("language", "en-US"),
            ("text", text),
            ("disabledCategories", "KILLERS"),
        ],
    )));
    assert!(no_killers.iter().all(|id| !id.starts_with("killers/")));

    let a = post_form(
        "/v2/check",
        &[
            ("language", "en-US"),
            ("text", text),
            ("enabledOnly", "true"),
        ],
    );
    assert_json_error(&a, 400);
}

#[test]
fn lt_enabled_rules_turn_on_rules_the_project_leaves_off() {
    // measure/untracked-link is off unless a config turns it on.
    let rules = get("/api/v1/rules").json();
    let rule = rules["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "measure/untracked-link")
        .expect("measure/untracked-link");
    assert_eq!(rule["enabled"], false);
    let text = "Our report on slow fashion, with the figures of a year of repairs: https://example.com/report";
    let plain = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[("language", "en"), ("text", text)],
    )));
    assert!(!plain.contains(&"measure/untracked-link".to_string()));
    let asked = rule_ids(&lt_matches(&post_form(
        "/v2/check",
        &[
            ("language", "en"),
            ("text", text),
            ("enabledRules", "measure/untracked-link"),
        ],
    )));
    assert!(
        asked.contains(&"measure/untracked-link".to_string()),
        "{asked:?}"
    );
    // The rules the project runs still run beside it.
    assert!(plain.iter().all(|id| asked.contains(id)));
}

#[test]
fn lt_annotated_text_keeps_markup_offsets() {
    let data = serde_json::json!({"annotation": [
        {"markup": "<p>"}, {"text": "Read "}, {"markup": "<b>"}, {"text": "this"}, {"markup": "</b>"},
        {"text": ": https://example.com/report"}, {"markup": "</p>"}
    ]})
    .to_string();
    let original = "<p>Read <b>this</b>: https://example.com/report</p>";
    let a = post_form("/v2/check", &[("language", "en"), ("data", &data)]);
    let matches = lt_matches(&a);
    let m = matches
        .iter()
        .find(|m| m["rule"]["id"] == "killers/bare-link")
        .expect("killers/bare-link");
    let flagged = utf16_slice(
        original,
        m["offset"].as_u64().unwrap(),
        m["length"].as_u64().unwrap(),
    );
    assert!(flagged.contains("https://example.com/report"), "{flagged}");
}

#[test]
fn lt_bad_requests_are_json_errors() {
    assert_json_error(&post_form("/v2/check", &[("language", "en")]), 400);
    let a = post_form("/v2/check", &[("language", "xx-YY"), ("text", "Hello")]);
    assert!(assert_json_error(&a, 400).contains("not supported"));
    let a = post_form("/v2/check", &[("language", "en"), ("data", "{not json")]);
    assert_json_error(&a, 400);
    let a = request("POST", "/v2/check", "application/json", b"{}");
    assert_json_error(&a, 415);
}

#[test]
fn dutch_is_checked_as_dutch() {
    let a = post_form(
        "/v2/check",
        &[
            ("language", "nl-NL"),
            ("text", "Lees dit: https://example.com/rapport"),
        ],
    );
    let doc = a.json();
    assert_eq!(doc["language"]["code"], "nl-NL");
    assert_eq!(doc["language"]["detectedLanguage"]["code"], "nl");
}

#[test]
fn requests_run_side_by_side() {
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let text = format!("{BARE_LINK} number {i}");
                let a = post_json(
                    "/api/v1/check",
                    &serde_json::json!({"text": text, "platform": "linkedin"}),
                );
                a.status
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
}

// ---------------------------------------------------------------- docs

/// The LanguageTool answer shown in docs/server.md is this server's answer.
#[test]
fn the_languagetool_example_in_the_docs_is_real_output() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/server.md"))
            .unwrap();
    let marker = "language=en-US&text=Read this!!! https://example.com/report";
    let after = &docs[docs
        .find(marker)
        .expect("the example's request in the docs")..];
    let block = after
        .split("```json\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the example's answer");
    let documented: Value = serde_json::from_str(block).expect("the example is JSON");
    let a = post_form(
        "/v2/check",
        &[
            ("language", "en-US"),
            ("text", "Read this!!! https://example.com/report"),
        ],
    );
    assert_eq!(a.json(), documented);
}
