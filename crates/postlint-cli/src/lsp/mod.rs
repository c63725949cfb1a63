//! `postlint lsp`: a language server over stdio, built on `lsp-server` and
//! `lsp-types`. Lints Markdown and plain-text documents on open and (debounced)
//! on change; the front matter and the workspace's `.postlint.yaml` decide
//! platform, language and packs, and the config is reloaded when it changes.
//! Offers quick fixes, "disable this rule for this file", "explain this rule"
//! and hover explanations. Positions use the encoding the client negotiates
//! (UTF-16 unless it offers UTF-8 or UTF-32).
//!
//! The loop runs over any [`Connection`], so tests can drive it in-process
//! with `Connection::memory()` as well as over pipes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use postlint::{config, Linter};
use postlint_engine::Finding;
use serde_json::Value;

use crate::Fatal;

mod actions;
mod lint;
mod position;
pub mod transport;

use lint::{diagnostic, lint_text, load};
use position::{offset, uri_to_path, Encoding};

/// How long after the last change a document is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// The code action kind that applies every safe fix of a document.
pub const FIX_ALL: &str = "source.fixAll.postlint";
/// The command behind the "explain this rule" code action.
pub const EXPLAIN_COMMAND: &str = "postlint.explainRule";

/// `postlint lsp`: serve over stdin/stdout until the client says `exit`.
pub fn run_stdio() -> Result<u8, Fatal> {
    let (conn, io) = transport::stdio();
    let result = serve(&conn);
    drop(conn);
    io.join()
        .map_err(|e| Fatal::Message(format!("language server I/O: {e}")))?;
    match result {
        Ok(true) => Ok(0),
        Ok(false) => Ok(1),
        Err(e) => Err(Fatal::Message(format!("language server: {e}"))),
    }
}

/// Run the server on a connection: the initialize handshake, then the main
/// loop. Returns whether the client shut down cleanly (`shutdown` before `exit`).
pub fn serve(conn: &Connection) -> Result<bool, String> {
    let (id, params, init) = handshake(conn)?;
    let encoding = Encoding::negotiate(&init);
    let root = root_of(&init, &params);
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    // The editor's language (`nl-BE`) for messages, unless a config says.
    let locale = params
        .get("locale")
        .and_then(Value::as_str)
        .and_then(postlint::UiLang::from_locale);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "postlint", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|e| e.to_string())?;
    let (jobs, job_queue) = crossbeam_channel::unbounded();
    let (finished, done) = crossbeam_channel::unbounded();
    std::thread::spawn(move || lint_worker(job_queue, finished));
    let mut server = Server {
        conn,
        encoding,
        root,
        watch,
        locale,
        docs: HashMap::new(),
        rules: HashMap::new(),
        pending: HashMap::new(),
        jobs,
        done,
        shutdown: false,
        next_id: 0,
    };
    // `initialize_finish` has consumed the `initialized` notification.
    server.register_watchers();
    server.run()
}

/// Wait for a valid `initialize` request. Other requests before it get
/// "server not initialized"; an `initialize` with bad parameters gets an
/// error reply (the client may try again), never silence.
fn handshake(conn: &Connection) -> Result<(RequestId, Value, lt::InitializeParams), String> {
    loop {
        let message = conn
            .receiver
            .recv()
            .map_err(|_| "the client closed the connection before initialize".to_string())?;
        let reply = match message {
            Message::Request(req) if req.method == "initialize" => {
                match serde_json::from_value::<lt::InitializeParams>(req.params.clone()) {
                    Ok(init) => return Ok((req.id, req.params, init)),
                    Err(e) => Response::new_err(
                        req.id,
                        ErrorCode::InvalidParams as i32,
                        format!("bad initialize params: {e}"),
                    ),
                }
            }
            Message::Request(req) => Response::new_err(
                req.id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized yet".into(),
            ),
            Message::Notification(n) if n.method == "exit" => {
                return Err("the client said exit before initialize".into())
            }
            _ => continue,
        };
        conn.sender
            .send(Message::Response(reply))
            .map_err(|e| e.to_string())?;
    }
}

fn capabilities(encoding: Encoding) -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(
            lt::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lt::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lt::TextDocumentSyncSaveOptions::Supported(true)),
                ..lt::TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lt::CodeActionProviderCapability::Options(
            lt::CodeActionOptions {
                code_action_kinds: Some(vec![
                    lt::CodeActionKind::QUICKFIX,
                    lt::CodeActionKind::from(FIX_ALL),
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: lt::WorkDoneProgressOptions::default(),
            },
        )),
        execute_command_provider: Some(lt::ExecuteCommandOptions {
            commands: vec![EXPLAIN_COMMAND.into()],
            work_done_progress_options: lt::WorkDoneProgressOptions::default(),
        }),
        ..lt::ServerCapabilities::default()
    }
}

/// The workspace root: the first workspace folder, else `rootUri`.
fn root_of(init: &lt::InitializeParams, raw: &Value) -> Option<PathBuf> {
    if let Some(f) = init.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri_to_path(f.uri.as_str());
    }
    raw.get("rootUri")
        .and_then(Value::as_str)
        .and_then(uri_to_path)
}

/// Units of `Position.character`.
struct Doc {
    uri: lt::Uri,
    text: String,
    version: i32,
    markdown: bool,
    /// The last lint of this exact text (`None` when it is stale).
    lint: Option<Lint>,
}

struct Lint {
    findings: Vec<Finding>,
    language: String,
    /// Config file whose rule set produced the findings.
    config: Option<PathBuf>,
    /// Problems that are not findings (config or front matter errors).
    problems: Vec<(usize, String)>,
}

/// A rule set loaded for one config file (or none), with what it was loaded from.
struct Loaded {
    stamp: Option<(SystemTime, u64)>,
    result: Result<Arc<Linter>, String>,
}

/// A lint for the worker thread: one version of one document.
struct Job {
    key: String,
    version: i32,
    name: String,
    text: String,
    linter: Arc<Linter>,
    config: Option<PathBuf>,
}

/// A lint the worker finished.
struct Done {
    key: String,
    version: i32,
    lint: Lint,
}

/// Texts up to this size are linted on the spot when a request needs a
/// fresh lint; larger ones only on the worker, so the loop never waits.
const INLINE_MAX: usize = 64 * 1024;

/// The lint worker: takes jobs, keeps only the newest version of each
/// document (older ones are stale: cancelled before they start), lints,
/// and hands the results back to the message loop.
fn lint_worker(jobs: Receiver<Job>, done: Sender<Done>) {
    while let Ok(first) = jobs.recv() {
        let mut newest: Vec<Job> = vec![first];
        for job in jobs.try_iter() {
            match newest.iter_mut().find(|j| j.key == job.key) {
                Some(older) => *older = job,
                None => newest.push(job),
            }
        }
        for job in newest {
            let lint = lint_text(&job.linter, &job.name, &job.text, job.config);
            let result = Done {
                key: job.key,
                version: job.version,
                lint,
            };
            if done.send(result).is_err() {
                return;
            }
        }
    }
}

struct Server<'a> {
    conn: &'a Connection,
    encoding: Encoding,
    root: Option<PathBuf>,
    watch: bool,
    /// The client's `locale` from initialize, as a UI language.
    locale: Option<postlint::UiLang>,
    docs: HashMap<String, Doc>,
    rules: HashMap<Option<PathBuf>, Loaded>,
    /// Documents waiting to be linted, and when.
    pending: HashMap<String, Instant>,
    /// Lints handed to the worker, and their results.
    jobs: Sender<Job>,
    done: Receiver<Done>,
    shutdown: bool,
    next_id: i32,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn is_config(uri: &str) -> bool {
    uri.ends_with(config::FILE_NAME) || uri.ends_with(".rules")
}

impl Server<'_> {
    fn run(&mut self) -> Result<bool, String> {
        loop {
            let due = self.pending.values().min().copied();
            // Wait for a message, a finished lint, or the next debounce.
            let wait = due.map_or(Duration::from_secs(3600), |at| {
                at.saturating_duration_since(Instant::now())
            });
            let mut msg = None;
            crossbeam_channel::select! {
                recv(self.conn.receiver) -> m => match m {
                    Ok(m) => msg = Some(m),
                    Err(_) => return Ok(false),
                },
                recv(self.done) -> d => {
                    if let Ok(d) = d {
                        self.finished(d);
                    }
                },
                default(wait) => {},
            }
            match msg {
                Some(Message::Request(req)) => self.on_request(req),
                Some(Message::Notification(n)) => {
                    if n.method == "exit" {
                        return Ok(self.shutdown);
                    }
                    self.on_notification(n);
                }
                Some(Message::Response(_)) => {}
                None => {}
            }
            let now = Instant::now();
            let due: Vec<String> = self
                .pending
                .iter()
                .filter(|(_, at)| **at <= now)
                .map(|(u, _)| u.clone())
                .collect();
            for uri in due {
                self.pending.remove(&uri);
                self.start_lint(&uri);
            }
        }
    }

    /// Hand a document's current text to the worker (or publish a lint
    /// that is still fresh).
    fn start_lint(&mut self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        if doc.lint.is_some() {
            self.publish(key);
            return;
        }
        let (version, name, text) = (doc.version, lint_name(key, doc.markdown), doc.text.clone());
        let config_path = self.config_for(key);
        let loaded = self.rules_for(&config_path);
        match &loaded.result {
            Ok(linter) => {
                let job = Job {
                    key: key.to_string(),
                    version,
                    name,
                    text,
                    linter: Arc::clone(linter),
                    config: config_path,
                };
                let _ = self.jobs.send(job);
            }
            // Nothing to lint with: publish the problem now.
            Err(_) => self.publish(key),
        }
    }

    /// A lint came back: keep and publish it if the document has not
    /// changed since; a stale one is dropped.
    fn finished(&mut self, d: Done) {
        let Some(doc) = self.docs.get_mut(&d.key) else {
            return;
        };
        if doc.version != d.version || doc.lint.is_some() {
            return;
        }
        doc.lint = Some(d.lint);
        self.publish(&d.key);
    }

    fn send(&self, msg: Message) {
        let _ = self.conn.sender.send(msg);
    }

    fn notify<N: lt::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    fn on_request(&mut self, req: Request) {
        if self.shutdown {
            self.send(
                Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                )
                .into(),
            );
            return;
        }
        let id = req.id.clone();
        let result: Result<Value, (ErrorCode, String)> = match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/codeAction" => parse(req.params).map(|p| to_json(self.code_actions(p))),
            "textDocument/hover" => parse(req.params).map(|p| to_json(self.hover(p))),
            "workspace/executeCommand" => {
                parse::<lt::ExecuteCommandParams>(req.params).and_then(|p| self.execute(p))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("postlint does not handle {other}"),
            )),
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let resp = match result {
            Ok(v) => Response {
                id,
                result: Some(v),
                error: None,
            },
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(resp.into());
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = parse::<lt::DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let d = p.text_document;
                let key = d.uri.as_str().to_string();
                let markdown = d.language_id == "markdown"
                    || d.language_id == "mdx"
                    || has_ext(&key, &["md", "markdown", "mdx"]);
                let lintable = markdown
                    || matches!(d.language_id.as_str(), "plaintext" | "text")
                    || has_ext(&key, &["txt", "text"]);
                if !lintable {
                    return;
                }
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri: d.uri,
                        text: d.text,
                        version: d.version,
                        markdown,
                        lint: None,
                    },
                );
                self.pending.remove(&key);
                self.start_lint(&key);
            }
            "textDocument/didChange" => {
                let Ok(p) = parse::<lt::DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                let enc = self.encoding;
                let Some(doc) = self.docs.get_mut(&key) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(r) => {
                            let start = offset(&doc.text, r.start, enc);
                            let end = offset(&doc.text, r.end, enc).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                doc.lint = None;
                self.pending.insert(key, Instant::now() + DEBOUNCE);
            }
            "textDocument/didSave" => {
                let Ok(p) = parse::<lt::DidSaveTextDocumentParams>(n.params) else {
                    return;
                };
                if is_config(p.text_document.uri.as_str()) {
                    self.reload();
                }
            }
            "textDocument/didClose" => {
                let Ok(p) = parse::<lt::DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.pending.remove(&key);
                if let Some(doc) = self.docs.remove(&key) {
                    self.notify::<lt::notification::PublishDiagnostics>(
                        lt::PublishDiagnosticsParams {
                            uri: doc.uri,
                            diagnostics: Vec::new(),
                            version: None,
                        },
                    );
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = parse::<lt::DidChangeWatchedFilesParams>(n.params) else {
                    return;
                };
                if p.changes.iter().any(|c| is_config(c.uri.as_str())) {
                    self.reload();
                }
            }
            _ => {}
        }
    }

    /// Ask the client to tell us about config and rule file changes.
    fn register_watchers(&mut self) {
        if !self.watch {
            return;
        }
        let watchers = [
            format!("**/{}", config::FILE_NAME),
            "**/*.rules".to_string(),
        ]
        .into_iter()
        .map(|g| lt::FileSystemWatcher {
            glob_pattern: lt::GlobPattern::String(g),
            kind: None,
        })
        .collect();
        let options = lt::DidChangeWatchedFilesRegistrationOptions { watchers };
        let reg = lt::Registration {
            id: "postlint-config-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.next_id += 1;
        let params = lt::RegistrationParams {
            registrations: vec![reg],
        };
        self.send(
            Request::new(
                RequestId::from(format!("postlint-{}", self.next_id)),
                "client/registerCapability".into(),
                params,
            )
            .into(),
        );
    }

    /// Forget every loaded config and lint all open documents again.
    fn reload(&mut self) {
        self.rules.clear();
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for k in keys {
            if let Some(d) = self.docs.get_mut(&k) {
                d.lint = None;
            }
            self.pending.remove(&k);
            self.start_lint(&k);
        }
    }

    /// The config file that applies to a document.
    fn config_for(&self, uri: &str) -> Option<PathBuf> {
        let from_file = uri_to_path(uri).and_then(|p| config::discover(&p));
        from_file.or_else(|| self.root.as_deref().and_then(config::discover))
    }

    /// The rule set for a config file, loading it (again) when it is new or changed on disk.
    fn rules_for(&mut self, path: &Option<PathBuf>) -> &Loaded {
        let current = path.as_deref().and_then(stamp);
        if self.rules.get(path).is_none_or(|l| l.stamp != current) {
            let result = load(path.as_deref(), self.locale).map(Arc::new);
            if let Err(e) = &result {
                let name = path.as_ref().map_or_else(
                    || config::FILE_NAME.to_string(),
                    |p| p.display().to_string(),
                );
                self.notify::<lt::notification::ShowMessage>(lt::ShowMessageParams {
                    typ: lt::MessageType::ERROR,
                    message: format!("postlint: {name}: {e}"),
                });
            }
            self.rules.insert(
                path.clone(),
                Loaded {
                    stamp: current,
                    result,
                },
            );
        }
        // Present after the insert above; the fallback is never used.
        self.rules.entry(path.clone()).or_insert_with(|| Loaded {
            stamp: current,
            result: Err("not loaded".into()),
        })
    }

    /// Lint a document now if its lint is stale.
    fn ensure_lint(&mut self, key: &str) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        if doc.lint.is_some() {
            return;
        }
        let config_path = self.config_for(key);
        let name = lint_name(key, doc.markdown);
        let text = doc.text.clone();
        let loaded = self.rules_for(&config_path);
        let lint = match &loaded.result {
            Ok(linter) => lint_text(linter, &name, &text, config_path.clone()),
            Err(e) => Lint {
                findings: Vec::new(),
                language: String::new(),
                config: config_path.clone(),
                problems: vec![(0, format!("postlint cannot load its config: {e}"))],
            },
        };
        if let Some(doc) = self.docs.get_mut(key) {
            doc.lint = Some(lint);
        }
    }

    /// Lint (if needed) and publish a document's diagnostics.
    fn publish(&mut self, key: &str) {
        self.ensure_lint(key);
        let enc = self.encoding;
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let Some(lint) = &doc.lint else { return };
        let mut diagnostics: Vec<lt::Diagnostic> = lint
            .findings
            .iter()
            .map(|f| diagnostic(&doc.text, f, enc))
            .collect();
        for (at, message) in &lint.problems {
            let start = lt::Position {
                line: u32::try_from(*at).unwrap_or(0),
                character: 0,
            };
            diagnostics.push(lt::Diagnostic {
                range: lt::Range { start, end: start },
                severity: Some(lt::DiagnosticSeverity::ERROR),
                source: Some("postlint".into()),
                message: message.clone(),
                ..lt::Diagnostic::default()
            });
        }
        self.notify::<lt::notification::PublishDiagnostics>(lt::PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics,
            version: Some(doc.version),
        });
    }

    /// A document with a lint of its current text, for a request. A small
    /// text is linted on the spot; a large one that is still being linted
    /// gives `None` rather than keep every other request waiting.
    fn fresh(&mut self, uri: &lt::Uri) -> Option<&Doc> {
        let key = uri.as_str().to_string();
        let doc = self.docs.get(&key)?;
        if doc.lint.is_none() && doc.text.len() > INLINE_MAX {
            return None;
        }
        if self.pending.remove(&key).is_some() {
            self.publish(&key);
        } else {
            self.ensure_lint(&key);
        }
        self.docs.get(&key)
    }
}

fn parse<P: serde::de::DeserializeOwned>(v: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn to_json<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

fn has_ext(uri: &str, exts: &[&str]) -> bool {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    path.rsplit_once('.')
        .is_some_and(|(_, e)| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The name a document is linted under: decides Markdown handling in `input::draft`.
fn lint_name(uri: &str, markdown: bool) -> String {
    let name = uri_to_path(uri).map_or_else(|| uri.to_string(), |p| p.display().to_string());
    if markdown && !(name.ends_with(".md") || name.ends_with(".markdown")) {
        format!("{name}.md")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loop runs over an in-memory connection too.
    #[test]
    fn serves_over_a_memory_connection() {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || serve(&server));
        let send = |m: Message| client.sender.send(m).map_err(|e| e.to_string());
        let init = serde_json::json!({ "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } } });
        assert_eq!(
            send(Request::new(RequestId::from(1), "initialize".into(), init).into()),
            Ok(())
        );
        let reply = client.receiver.recv_timeout(Duration::from_secs(10));
        let Ok(Message::Response(r)) = reply else {
            panic!("no initialize response: {reply:?}")
        };
        assert_eq!(
            r.result
                .as_ref()
                .and_then(|v| v.pointer("/capabilities/positionEncoding")),
            Some(&Value::from("utf-8"))
        );
        let _ = send(Notification::new("initialized".into(), serde_json::json!({})).into());
        let open = serde_json::json!({ "textDocument": { "uri": "untitled:draft", "languageId": "plaintext", "version": 1, "text": "中😀 Sale today!!!" } });
        let _ = send(Notification::new("textDocument/didOpen".into(), open).into());
        let published = loop {
            match client.receiver.recv_timeout(Duration::from_secs(20)) {
                Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                    break n.params
                }
                Ok(_) => continue,
                Err(e) => panic!("no diagnostics: {e}"),
            }
        };
        let shouting = published["diagnostics"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["code"] == "killers/shouting"))
            .cloned();
        // "中😀 Sale today" is 3 + 4 + 11 bytes.
        assert_eq!(
            shouting.map(|d| d["range"]["start"]["character"].clone()),
            Some(Value::from(18))
        );
        let _ = send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into());
        let _ = client.receiver.recv_timeout(Duration::from_secs(10));
        let _ = send(Notification::new("exit".into(), Value::Null).into());
        assert_eq!(thread.join().ok(), Some(Ok(true)));
    }
}
