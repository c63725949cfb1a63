//! The language server, driven the way an editor drives it: `postlint lsp`
//! runs as a child process and the test speaks LSP over its stdin/stdout
//! with `lsp-server`'s message framing (initialize, initialized, didOpen,
//! didChange, codeAction, hover, executeCommand, shutdown, exit).
//! (The same loop also runs over `Connection::memory()`: see the unit tests
//! in crates/postlint-cli/src/lsp.rs.)

use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use lsp_server::{Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Message>,
    next_id: i32,
    /// Notifications received while waiting for something else.
    backlog: Vec<Notification>,
    /// Server-to-client requests seen (e.g. client/registerCapability).
    server_requests: Vec<Request>,
}

impl Client {
    fn start(capabilities: Value, root: &Path) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_postlint"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("postlint lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Ok(Some(msg)) = Message::read(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: Vec::new(),
            server_requests: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(root), "capabilities": capabilities }),
        );
        client.notify("initialized", json!({}));
        (client, init)
    }

    fn send(&mut self, msg: Message) {
        msg.write(&mut self.stdin).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Notification::new(method.into(), params).into());
    }

    fn recv(&mut self, deadline: Instant) -> Message {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = self
            .rx
            .recv_timeout(left)
            .expect("the server answers in time");
        if let Message::Request(r) = &msg {
            // Answer the server's own requests as an editor would.
            self.server_requests.push(r.clone());
            self.send(
                Response {
                    id: r.id.clone(),
                    result: Some(Value::Null),
                    error: None,
                }
                .into(),
            );
        }
        msg
    }

    /// Send a request and wait for its response; returns `result` (or panics on an error).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_raw(method, params);
        if let Some(e) = resp.error {
            panic!("{method} failed: {} {}", e.code, e.message);
        }
        resp.result.unwrap_or(Value::Null)
    }

    fn request_raw(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.send(Request::new(id.clone(), method.into(), params).into());
        let deadline = Instant::now() + WAIT;
        loop {
            match self.recv(deadline) {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.backlog.push(n),
                _ => {}
            }
        }
    }

    /// The next notification of a method (for a document, when given).
    fn wait_for(&mut self, method: &str, doc: Option<&str>) -> Value {
        let matches =
            |n: &Notification| n.method == method && doc.is_none_or(|d| n.params["uri"] == d);
        if let Some(i) = self.backlog.iter().position(matches) {
            return self.backlog.remove(i).params;
        }
        let deadline = Instant::now() + WAIT;
        loop {
            if let Message::Notification(n) = self.recv(deadline) {
                if matches(&n) {
                    return n.params;
                }
                self.backlog.push(n);
            }
        }
    }

    fn diagnostics(&mut self, doc: &str) -> Value {
        self.wait_for("textDocument/publishDiagnostics", Some(doc))
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert_eq!(status.code(), Some(0), "clean exit after shutdown");
                return;
            }
            assert!(Instant::now() < deadline, "the server exits after `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn open(client: &mut Client, doc: &str, language: &str, text: &str) {
    client.notify("textDocument/didOpen", json!({ "textDocument": { "uri": doc, "languageId": language, "version": 1, "text": text } }));
}

fn find<'a>(diags: &'a Value, rule: &str) -> Option<&'a Value> {
    diags["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == rule))
}

fn codes(diags: &Value) -> Vec<String> {
    diags["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|d| d["code"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// UTF-16 (or UTF-8) position → byte offset, as an editor would compute it.
fn to_offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let (line, character) = (
        pos["line"].as_u64().unwrap_or(0) as usize,
        pos["character"].as_u64().unwrap_or(0) as usize,
    );
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Apply a WorkspaceEdit's edits for one document (UTF-16 positions).
fn apply(text: &str, edit: &Value, doc: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][doc]
        .as_array()
        .expect("edits for the document")
        .iter()
        .map(|e| {
            (
                to_offset(text, &e["range"]["start"], false),
                to_offset(text, &e["range"]["end"], false),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

const SHOUTY: &str =
    "---\nplatform: linkedin\n---\n中文 😀 Our summer sale starts today!!! Come by the shop.\n";

#[test]
fn diagnostics_use_utf16_positions_by_default() {
    let dir = workspace("utf16");
    let (mut client, init) = Client::start(json!({}), &dir);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    assert_eq!(init["serverInfo"]["name"], "postlint");
    let doc = uri(&dir.join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    let diags = client.diagnostics(&doc);
    assert_eq!(diags["version"], 1);
    let d = find(&diags, "killers/shouting").expect("shouting diagnostic");
    // "中文 😀 Our summer sale starts today" is 2 + 1 + 2 (a surrogate pair) + 1 + 28 UTF-16 units.
    assert_eq!(
        d["range"],
        json!({ "start": { "line": 3, "character": 34 }, "end": { "line": 3, "character": 37 } })
    );
    assert_eq!(d["severity"], 3, "suggestions are information");
    assert_eq!(d["source"], "postlint");
    assert!(d["message"]
        .as_str()
        .is_some_and(|m| m.contains("shouting")));
    client.shutdown();
}

#[test]
fn every_place_a_rule_matches_is_a_diagnostic() {
    let dir = workspace("every");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("sale.txt"));
    open(
        &mut client,
        &doc,
        "plaintext",
        "Sale!!! Today!!! Bring a friend.",
    );
    let diags = client.diagnostics(&doc);
    let starts: Vec<&Value> = diags["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "killers/shouting")
        .map(|d| &d["range"]["start"]["character"])
        .collect();
    assert_eq!(starts, [&json!(4), &json!(13)]);
    client.shutdown();
}

#[test]
fn diagnostics_use_utf8_when_the_client_offers_it() {
    let dir = workspace("utf8");
    let (mut client, init) = Client::start(
        json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
        &dir,
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let doc = uri(&dir.join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    let diags = client.diagnostics(&doc);
    let d = find(&diags, "killers/shouting").expect("shouting diagnostic");
    // 6 + 1 + 4 + 1 + 28 bytes before "!!!".
    assert_eq!(d["range"]["start"], json!({ "line": 3, "character": 40 }));
    let line = SHOUTY.lines().nth(3).unwrap_or("");
    assert_eq!(&line[40..43], "!!!");
    // Incremental changes are in UTF-8 too: delete "!!" after the first "!".
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "range": { "start": { "line": 3, "character": 41 }, "end": { "line": 3, "character": 43 } }, "text": "" }] }),
    );
    let diags = client.diagnostics(&doc);
    assert_eq!(diags["version"], 2);
    assert!(
        find(&diags, "killers/shouting").is_none(),
        "{:?}",
        codes(&diags)
    );
    client.shutdown();
}

#[test]
fn changes_are_debounced_and_relinted() {
    let dir = workspace("change");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("post.txt"));
    open(
        &mut client,
        &doc,
        "plaintext",
        "Thanks for coming to the workshop yesterday.\n",
    );
    let first = client.diagnostics(&doc);
    assert!(find(&first, "killers/shouting").is_none());
    // Three quick edits (typing "!!!" after "yesterday"): one lint, for the last version.
    let started = Instant::now();
    for (version, text) in [(2, "!"), (3, "!"), (4, "!")] {
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": doc, "version": version }, "contentChanges": [{ "range": { "start": { "line": 0, "character": 43 + version - 2 }, "end": { "line": 0, "character": 43 + version - 2 } }, "text": text }] }),
        );
    }
    let diags = client.diagnostics(&doc);
    assert!(
        started.elapsed() >= Duration::from_millis(140),
        "debounced: {:?}",
        started.elapsed()
    );
    assert_eq!(diags["version"], 4, "only the last version is linted");
    assert!(
        find(&diags, "killers/shouting").is_some(),
        "{:?}",
        codes(&diags)
    );
    // A full-text change works too.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 5 }, "contentChanges": [{ "text": "Thanks for coming!\n" }] }),
    );
    let diags = client.diagnostics(&doc);
    assert_eq!(diags["version"], 5);
    assert!(find(&diags, "killers/shouting").is_none());
    client.shutdown();
}

#[test]
fn code_actions_fix_disable_and_explain() {
    let dir = workspace("actions");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    let diags = client.diagnostics(&doc);
    let d = find(&diags, "killers/shouting").expect("shouting").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let actions = actions.as_array().expect("actions").clone();
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();

    // The rule's fix.
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Replace with \"!\" (killers/shouting)")
        .unwrap_or_else(|| panic!("fix action in {titles:?}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true, "safe fixes are preferred");
    let fixed = apply(SHOUTY, &fix["edit"], &doc);
    assert_eq!(fixed, SHOUTY.replace("!!!", "!"));

    // Disable the rule in the front matter, then the finding is gone.
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable killers/shouting for this file")
        .unwrap_or_else(|| panic!("disable action in {titles:?}"));
    let disabled = apply(SHOUTY, &disable["edit"], &doc);
    assert_eq!(
        disabled,
        SHOUTY.replace(
            "platform: linkedin\n",
            "platform: linkedin\ndisable: [killers/shouting]\n"
        )
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": disabled }] }),
    );
    let after = client.diagnostics(&doc);
    assert!(
        find(&after, "killers/shouting").is_none(),
        "{:?}",
        codes(&after)
    );
    assert!(!codes(&after).is_empty(), "other rules still run");

    // Disable it for its line only: a comment above the line.
    let line_only = actions
        .iter()
        .find(|a| a["title"] == "Disable killers/shouting for this line")
        .unwrap_or_else(|| panic!("line action in {titles:?}"));
    let commented = apply(SHOUTY, &line_only["edit"], &doc);
    let shouty_line = SHOUTY
        .lines()
        .find(|l| l.contains("!!!"))
        .expect("the shouting line");
    assert!(
        commented.contains(&format!(
            "<!-- postlint-disable-next-line killers/shouting -->\n{shouty_line}"
        )),
        "{commented}"
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 3 }, "contentChanges": [{ "text": commented }] }),
    );
    let after = client.diagnostics(&doc);
    assert!(
        find(&after, "killers/shouting").is_none(),
        "{:?}",
        codes(&after)
    );

    // Explain: a command that shows `postlint rules explain`.
    let explain = actions
        .iter()
        .find(|a| a["title"] == "Explain killers/shouting")
        .unwrap_or_else(|| panic!("explain action in {titles:?}"));
    let command = &explain["command"];
    assert_eq!(command["command"], "postlint.explainRule");
    let text = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let text = text.as_str().expect("explanation text");
    assert!(
        text.starts_with("killers/shouting (suggestion, pack killers)"),
        "{text}"
    );
    assert!(text.contains("Passes:"), "{text}");
    let shown = client.wait_for("window/showMessage", None);
    assert_eq!(shown["message"], text);
    client.shutdown();
}

#[test]
fn code_actions_on_a_plain_text_draft_create_front_matter() {
    let dir = workspace("plain");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("formal.txt"));
    let text =
        "Dear valued customers, herewith we inform you that our store will be closed on Monday.\n";
    open(&mut client, &doc, "plaintext", text);
    let diags = client.diagnostics(&doc);
    let d = find(&diags, "killers/too-formal")
        .expect("too-formal")
        .clone();
    // A cursor inside the finding (an empty range) is enough.
    let cursor =
        json!({ "start": { "line": 0, "character": 5 }, "end": { "line": 0, "character": 5 } });
    let actions = client
        .request("textDocument/codeAction", json!({ "textDocument": { "uri": doc }, "range": cursor, "context": { "diagnostics": [d] } }));
    let actions = actions.as_array().expect("actions").clone();
    let fix = actions
        .iter()
        .find(|a| {
            a["title"].as_str().is_some_and(|t| {
                t.starts_with("Replace with") && t.ends_with("(killers/too-formal)")
            })
        })
        .expect("unsafe fix offered");
    assert_eq!(fix["isPreferred"], false, "not a safe fix");
    let disable = actions
        .iter()
        .find(|a| a["title"] == "Disable killers/too-formal for this file")
        .expect("disable");
    let new_text = apply(text, &disable["edit"], &doc);
    assert_eq!(
        new_text,
        format!("---\ndisable: [killers/too-formal]\n---\n{text}")
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": new_text }] }),
    );
    let after = client.diagnostics(&doc);
    assert!(
        find(&after, "killers/too-formal").is_none(),
        "{:?}",
        codes(&after)
    );
    client.shutdown();
}

#[test]
fn hover_explains_the_finding() {
    let dir = workspace("hover");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    client.diagnostics(&doc);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 3, "character": 34 } }),
    );
    let value = hover["contents"]["value"].as_str().expect("markdown hover");
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(value.contains("**killers/shouting**"), "{value}");
    assert!(
        value.contains("capitals and stacked exclamation marks"),
        "message: {value}"
    );
    assert!(
        value.contains("**Why:**") && value.contains("shouting"),
        "rationale: {value}"
    );
    assert!(value.contains("**Passes:**"), "a passing example: {value}");
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": 3, "character": 34 })
    );
    // Nothing to say away from findings.
    let none = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 1, "character": 2 } }),
    );
    assert_eq!(none, Value::Null);
    client.shutdown();
}

#[test]
fn front_matter_and_config_decide_and_the_config_reloads() {
    let dir = workspace("config");
    let config = dir.join(".postlint.yaml");
    std::fs::write(&config, "rules:\n  killers/shouting: off\n").expect("config");
    let capabilities =
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut client, _) = Client::start(capabilities, &dir);
    let doc = uri(&dir.join("drafts").join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    let diags = client.diagnostics(&doc);
    assert!(
        find(&diags, "killers/shouting").is_none(),
        "off in the config: {:?}",
        codes(&diags)
    );
    // The server asked to be told about config changes.
    assert!(
        client
            .server_requests
            .iter()
            .any(|r| r.method == "client/registerCapability"
                && r.params.to_string().contains(".postlint.yaml")),
        "{:?}",
        client.server_requests
    );

    std::fs::write(&config, "rules:\n  killers/shouting: error\n").expect("config");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    let diags = client.diagnostics(&doc);
    let d = find(&diags, "killers/shouting").expect("back on, as an error");
    assert_eq!(d["severity"], 1);

    // A broken config is reported, not fatal.
    std::fs::write(&config, "platform: myspace\n").expect("config");
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&config) } }),
    );
    let diags = client.diagnostics(&doc);
    let messages: Vec<&str> = diags["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["message"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        messages.iter().any(|m| m.contains("myspace")),
        "{messages:?}"
    );
    let shown = client.wait_for("window/showMessage", None);
    assert!(
        shown["message"]
            .as_str()
            .is_some_and(|m| m.contains("myspace")),
        "{shown}"
    );

    // The front matter's platform wins over the config's.
    std::fs::write(&config, "platform: x\n").expect("config");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&config), "type": 2 }] }),
    );
    client.diagnostics(&doc);
    let long = format!(
        "---\nplatform: x\n---\n{}\n",
        "Our team spent the summer rebuilding the app from scratch. ".repeat(6)
    );
    client.notify("textDocument/didChange", json!({ "textDocument": { "uri": doc, "version": 2 }, "contentChanges": [{ "text": long }] }));
    let on_x = client.diagnostics(&doc);
    assert!(
        find(&on_x, "platform/too-long").is_some(),
        "over 280 on X: {:?}",
        codes(&on_x)
    );
    let on_linkedin = long.replace("platform: x", "platform: linkedin");
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": doc, "version": 3 }, "contentChanges": [{ "text": on_linkedin }] }),
    );
    let diags = client.diagnostics(&doc);
    assert!(
        find(&diags, "platform/too-long").is_none(),
        "fine on LinkedIn: {:?}",
        codes(&diags)
    );
    client.shutdown();
}

#[test]
fn closing_clears_and_unknown_requests_fail_politely() {
    let dir = workspace("close");
    let (mut client, _) = Client::start(json!({}), &dir);
    let doc = uri(&dir.join("a.md"));
    open(&mut client, &doc, "markdown", "Sale!!!\n");
    client.diagnostics(&doc);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": doc } }),
    );
    let cleared = client.diagnostics(&doc);
    assert_eq!(cleared["diagnostics"], json!([]));
    let resp = client.request_raw(
        "textDocument/definition",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(resp.error.map(|e| e.code), Some(-32601), "method not found");
    // Other languages are left alone.
    let yaml = uri(&dir.join("notes.yaml"));
    open(&mut client, &yaml, "yaml", "a: SHOUT!!!\n");
    let actions = client.request("textDocument/codeAction", json!({ "textDocument": { "uri": yaml }, "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 3 } }, "context": { "diagnostics": [] } }));
    assert_eq!(actions, json!([]));
    client.shutdown();
}

#[test]
fn fix_all_and_links_to_the_rule_docs() {
    let dir = workspace("fixall");
    let (mut client, init) = Client::start(json!({}), &dir);
    let kinds = &init["capabilities"]["codeActionProvider"]["codeActionKinds"];
    assert!(
        kinds
            .as_array()
            .is_some_and(|k| k.contains(&json!("source.fixAll.postlint"))),
        "{kinds}"
    );
    let doc = uri(&dir.join("sale.md"));
    open(&mut client, &doc, "markdown", SHOUTY);
    let diags = client.diagnostics(&doc);
    let d = find(&diags, "killers/shouting").expect("shouting").clone();
    let href = d["codeDescription"]["href"].as_str().unwrap_or_default();
    assert!(
        href.ends_with("/docs/rules/killers.md#killersshouting"),
        "{href}"
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": doc }, "range": d["range"],
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let actions = actions.as_array().expect("actions").clone();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.postlint");
    let fixed = apply(SHOUTY, &actions[0]["edit"], &doc);
    assert_eq!(fixed, SHOUTY.replace("!!!", "!"));
    client.shutdown();
}

/// A huge document is linted off the message loop: a request about another
/// document is answered while it is still being linted, and its own
/// diagnostics still arrive.
#[test]
fn a_huge_document_does_not_block_other_requests() {
    let dir = workspace("huge");
    let (mut client, _) = Client::start(json!({}), &dir);
    let big = uri(&dir.join("big.md"));
    let text = "Only 3 spots left, buy now and save big! #sale https://example.com/x?y=1 😂 "
        .repeat(11_000);
    open(&mut client, &big, "markdown", &text);
    // Past the debounce: the big lint has started.
    std::thread::sleep(Duration::from_millis(400));
    let small = uri(&dir.join("sale.md"));
    open(&mut client, &small, "markdown", SHOUTY);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": small }, "position": { "line": 3, "character": 40 } }),
    );
    let big_done = client
        .backlog
        .iter()
        .any(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == big);
    assert!(!big_done, "the hover waited for the big document's lint");
    assert!(hover.is_object() || hover.is_null());
    let diags = client.diagnostics(&big);
    assert!(!codes(&diags).is_empty(), "the big document is linted too");
    client.shutdown();
}
