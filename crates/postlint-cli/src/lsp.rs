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
use std::time::{Duration, Instant, SystemTime};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use postlint_engine::{Finding, Kind, Post, RuleInfo, RuleSet, Severity};
use serde_json::Value;

use crate::config::{self, Config};
use crate::input;
use crate::Fatal;

/// How long after the last change a document is linted again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);
/// The command behind the "explain this rule" code action.
pub const EXPLAIN_COMMAND: &str = "postlint.explainRule";

/// `postlint lsp`: serve over stdin/stdout until the client says `exit`.
pub fn run_stdio() -> Result<u8, Fatal> {
    let (conn, io) = Connection::stdio();
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
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let init: lt::InitializeParams = serde_json::from_value(params.clone())
        .map_err(|e| format!("bad initialize params: {e}"))?;
    let encoding = Encoding::negotiate(&init);
    let root = root_of(&init, &params);
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let result = serde_json::json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "postlint", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        conn,
        encoding,
        root,
        watch,
        docs: HashMap::new(),
        rules: HashMap::new(),
        pending: HashMap::new(),
        shutdown: false,
        next_id: 0,
    };
    // `initialize_finish` has consumed the `initialized` notification.
    server.register_watchers();
    server.run()
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
                code_action_kinds: Some(vec![lt::CodeActionKind::QUICKFIX]),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it (cheapest for us), else UTF-32 if
    /// offered, else the mandatory UTF-16.
    fn negotiate(init: &lt::InitializeParams) -> Encoding {
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        if offered.contains(&lt::PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&lt::PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }
    fn kind(self) -> lt::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lt::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lt::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lt::PositionEncodingKind::UTF32,
        }
    }
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// LSP position of a byte offset.
pub fn position(text: &str, offset: usize, enc: Encoding) -> lt::Position {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(|c| enc.units(c)).sum();
    lt::Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(character).unwrap_or(u32::MAX),
    }
}

/// Byte offset of an LSP position; past the end of a line means its end,
/// past the last line means the end of the text. A position inside a
/// character (half a surrogate pair) rounds down to its start.
pub fn offset(text: &str, pos: lt::Position, enc: Encoding) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        let next = units + enc.units(c);
        if next > want {
            return line_start + i;
        }
        units = next;
    }
    line_end
}

pub fn range(text: &str, start: usize, end: usize, enc: Encoding) -> lt::Range {
    lt::Range {
        start: position(text, start, enc),
        end: position(text, end, enc),
    }
}

/// A local path for a `file:` URI (percent-decoded).
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // Skip the authority (usually empty or `localhost`).
    let path = &rest[rest.find('/')?..];
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = path.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    // Windows drive letters: file:///C:/x
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

/// A `file:` URI for a local path.
#[cfg(test)]
pub fn path_to_uri(path: &Path) -> Option<lt::Uri> {
    let s = path.to_str()?;
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    <lt::Uri as std::str::FromStr>::from_str(&out).ok()
}

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
    result: Result<(RuleSet, Config), String>,
}

struct Server<'a> {
    conn: &'a Connection,
    encoding: Encoding,
    root: Option<PathBuf>,
    watch: bool,
    docs: HashMap<String, Doc>,
    rules: HashMap<Option<PathBuf>, Loaded>,
    /// Documents waiting to be linted, and when.
    pending: HashMap<String, Instant>,
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
            let msg = match due {
                Some(at) => match self
                    .conn
                    .receiver
                    .recv_timeout(at.saturating_duration_since(Instant::now()))
                {
                    Ok(m) => Some(m),
                    Err(e) if e.is_timeout() => None,
                    Err(_) => return Ok(false),
                },
                None => match self.conn.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(false),
                },
            };
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
                self.publish(&uri);
            }
        }
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
                self.publish(&key);
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
            self.publish(&k);
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
            let result = load(path.as_deref());
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
            Ok((rules, config)) => lint_text(rules, config, &name, &text, config_path.clone()),
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

    fn fresh(&mut self, uri: &lt::Uri) -> Option<&Doc> {
        let key = uri.as_str().to_string();
        if self.pending.remove(&key).is_some() {
            self.publish(&key);
        } else {
            self.ensure_lint(&key);
        }
        self.docs.get(&key)
    }

    // `WorkspaceEdit::changes` is keyed by `Uri` in lsp-types; its cache cell
    // never affects hashing.
    #[allow(clippy::mutable_key_type)]
    fn code_actions(&mut self, p: lt::CodeActionParams) -> Vec<lt::CodeActionOrCommand> {
        let enc = self.encoding;
        let wants_quickfix = p.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|k| k.as_str() == "quickfix" || k.as_str().is_empty())
        });
        let Some(doc) = self.fresh(&p.text_document.uri) else {
            return Vec::new();
        };
        let Some(lint) = &doc.lint else {
            return Vec::new();
        };
        if !wants_quickfix {
            return Vec::new();
        }
        let from = offset(&doc.text, p.range.start, enc);
        let to = offset(&doc.text, p.range.end, enc).max(from);
        let hit: Vec<&Finding> = lint
            .findings
            .iter()
            .filter(|f| f.span.start <= to && from <= f.span.end)
            .collect();
        let edit = |start: usize, end: usize, new_text: String| {
            let changes = HashMap::from([(
                doc.uri.clone(),
                vec![lt::TextEdit {
                    range: range(&doc.text, start, end, enc),
                    new_text,
                }],
            )]);
            lt::WorkspaceEdit {
                changes: Some(changes),
                ..lt::WorkspaceEdit::default()
            }
        };
        let mut actions = Vec::new();
        for f in &hit {
            if let Some(fix) = &f.fix {
                let title = if fix.replacement.is_empty() {
                    format!(
                        "Remove \"{}\"",
                        snippet(&doc.text, fix.span.start, fix.span.end)
                    )
                } else {
                    format!("Replace with \"{}\"", fix.replacement)
                };
                actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                    title: format!("{title} ({})", f.rule),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(&doc.text, f, enc)]),
                    edit: Some(edit(fix.span.start, fix.span.end, fix.replacement.clone())),
                    is_preferred: Some(fix.safe),
                    ..lt::CodeAction::default()
                }));
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &hit {
            if seen.contains(&f.rule.as_str()) {
                continue;
            }
            seen.push(&f.rule);
            let (start, end, new_text) = disable_edit(&doc.text, &f.rule);
            actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: format!("Disable {} for this file", f.rule),
                kind: Some(lt::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(&doc.text, f, enc)]),
                edit: Some(edit(start, end, new_text)),
                ..lt::CodeAction::default()
            }));
        }
        for rule in seen {
            let command = lt::Command {
                title: format!("Explain {rule}"),
                command: EXPLAIN_COMMAND.into(),
                arguments: Some(vec![Value::from(rule), Value::from(doc.uri.as_str())]),
            };
            actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: format!("Explain {rule}"),
                kind: Some(lt::CodeActionKind::QUICKFIX),
                command: Some(command),
                ..lt::CodeAction::default()
            }));
        }
        actions
    }

    fn hover(&mut self, p: lt::HoverParams) -> Option<lt::Hover> {
        let enc = self.encoding;
        let uri = p.text_document_position_params.text_document.uri;
        let key = uri.as_str().to_string();
        self.fresh(&uri)?;
        let (hits, language, config_path) = {
            let doc = self.docs.get(&key)?;
            let lint = doc.lint.as_ref()?;
            let at = offset(&doc.text, p.text_document_position_params.position, enc);
            let hits: Vec<Finding> = lint
                .findings
                .iter()
                .filter(|f| f.span.start <= at && at <= f.span.end)
                .cloned()
                .collect();
            (hits, lint.language.clone(), lint.config.clone())
        };
        if hits.is_empty() {
            return None;
        }
        let loaded = self.rules_for(&config_path);
        let rules = loaded.result.as_ref().ok().map(|(r, _)| r);
        let parts: Vec<String> = hits
            .iter()
            .map(|f| hover_text(f, rules.and_then(|r| r.rule(&f.rule)), &language))
            .collect();
        let doc = self.docs.get(&key)?;
        let start = hits.iter().map(|f| f.span.start).min().unwrap_or(0);
        let end = hits.iter().map(|f| f.span.end).max().unwrap_or(start);
        Some(lt::Hover {
            contents: lt::HoverContents::Markup(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: Some(range(&doc.text, start, end, enc)),
        })
    }

    fn execute(&mut self, p: lt::ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command != EXPLAIN_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command `{}`", p.command),
            ));
        }
        let Some(id) = p
            .arguments
            .first()
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Err((
                ErrorCode::InvalidParams,
                format!("{EXPLAIN_COMMAND} takes a rule id"),
            ));
        };
        let config_path = match p.arguments.get(1).and_then(Value::as_str) {
            Some(uri) => self.config_for(uri),
            None => self.root.as_deref().and_then(config::discover),
        };
        let loaded = self.rules_for(&config_path);
        let text = match &loaded.result {
            Ok((rules, _)) => match rules.rule(&id) {
                Some(r) => crate::rules_cmd::explain(r),
                None => return Err((ErrorCode::InvalidParams, format!("unknown rule `{id}`"))),
            },
            Err(e) => return Err((ErrorCode::InternalError, e.clone())),
        };
        self.notify::<lt::notification::ShowMessage>(lt::ShowMessageParams {
            typ: lt::MessageType::INFO,
            message: text.clone(),
        });
        Ok(Value::String(text))
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

fn snippet(text: &str, start: usize, end: usize) -> String {
    let s = text.get(start..end).unwrap_or("");
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Load the rule set the way `postlint check` does for a config file.
fn load(path: Option<&Path>) -> Result<(RuleSet, Config), String> {
    let config = match path {
        Some(p) => Config::load(p).map_err(|e| describe(&Fatal::from(e)))?,
        None => Config::default(),
    };
    let rules = crate::load_rules(&config, &[]).map_err(|e| describe(&e))?;
    Ok((rules, config))
}

fn describe(e: &Fatal) -> String {
    match e {
        Fatal::Message(m) => m.clone(),
        Fatal::Report(r) => match r.help() {
            Some(h) => format!("{r} ({h})"),
            None => r.to_string(),
        },
    }
}

/// Lint one document's text with a rule set and config: front matter first,
/// then the config, as `postlint check` does. Spans are into the whole text.
fn lint_text(
    rules: &RuleSet,
    config: &Config,
    name: &str,
    text: &str,
    config_path: Option<PathBuf>,
) -> Lint {
    let mut lint = Lint {
        findings: Vec::new(),
        language: String::new(),
        config: config_path,
        problems: Vec::new(),
    };
    let d = match input::draft(name, text.as_bytes().to_vec()) {
        Ok(d) => d,
        Err(e) => {
            lint.problems
                .push((e.line.unwrap_or(1).saturating_sub(1), e.message));
            return lint;
        }
    };
    let fm = &d.front;
    let platform = fm.platform.clone().or(config.platform.clone());
    if let Some(p) = &platform {
        if rules.platform(p).is_none() {
            let known: Vec<&str> = rules.platforms().map(|p| p.id.as_str()).collect();
            let line = if fm.platform.is_some() {
                front_matter_line(&d.text, "platform")
            } else {
                0
            };
            lint.problems.push((
                line,
                format!("unknown platform `{p}`; platforms: {}", known.join(", ")),
            ));
            return lint;
        }
    }
    let kind = match fm.kind.clone().or(config.kind.clone()) {
        None => Kind::default(),
        Some(k) => match Kind::parse(&k) {
            Some(k) => k,
            None => {
                lint.problems.push((
                    front_matter_line(&d.text, "kind"),
                    format!("kind must be `post` or `reply`, not `{k}`"),
                ));
                return lint;
            }
        },
    };
    let lang = fm
        .lang
        .clone()
        .or(config.lang.clone())
        .filter(|l| l != "auto");
    let post = Post {
        text: d.post_text(),
        platform: platform.as_deref(),
        lang: lang.as_deref(),
        kind,
        media: fm.media,
        reply_delay: fm.reply_delay,
        ignore: &d.ignore,
        // An editor holds a draft: its text is read as typed.
        in_reply_to: fm.in_reply_to.as_deref(),
        uncounted_prefix: 0,
    };
    let mut report = rules.evaluate(&post);
    crate::input::place_findings(&mut report.findings, &fm.disable, d.body_start, &d.text);
    lint.language = report.language;
    lint.findings = report.findings;
    lint
}

/// 0-based line of `key:` in the front matter (0 when not found).
fn front_matter_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or(0)
}

fn diagnostic(text: &str, f: &Finding, enc: Encoding) -> lt::Diagnostic {
    let severity = match f.severity {
        Severity::Error => lt::DiagnosticSeverity::ERROR,
        Severity::Warning => lt::DiagnosticSeverity::WARNING,
        Severity::Suggestion => lt::DiagnosticSeverity::INFORMATION,
    };
    let message = match &f.help {
        Some(h) => format!("{}\n{h}", f.message),
        None => f.message.clone(),
    };
    lt::Diagnostic {
        range: range(text, f.span.start, f.span.end, enc),
        severity: Some(severity),
        code: Some(lt::NumberOrString::String(f.rule.clone())),
        source: Some("postlint".into()),
        message,
        ..lt::Diagnostic::default()
    }
}

/// Hover text of one finding: message, help, rationale and a passing example.
fn hover_text(f: &Finding, rule: Option<&RuleInfo>, language: &str) -> String {
    let mut s = format!("**{}** · {}\n\n{}", f.rule, f.severity.as_str(), f.message);
    if let Some(h) = &f.help {
        s.push_str(&format!("\n\n*{h}*"));
    }
    if let Some(r) = rule {
        let rationale = r.rationale.split_whitespace().collect::<Vec<_>>().join(" ");
        if !rationale.is_empty() {
            s.push_str(&format!("\n\n**Why:** {rationale}"));
        }
        let passing: Vec<_> = r.examples.iter().filter(|e| !e.fires).collect();
        if let Some(e) = passing
            .iter()
            .find(|e| e.lang == language)
            .or(passing.first())
        {
            s.push_str(&format!(
                "\n\n**Passes:**\n\n> {}",
                e.text.replace('\n', "\n> ")
            ));
        }
    }
    s
}

/// The edit that adds `id` to the front matter's `disable:` list: creates
/// the front matter, adds the key, or extends a flow, scalar or block list.
/// Returns (start, end, replacement) in bytes.
pub fn disable_edit(text: &str, id: &str) -> (usize, usize, String) {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let open = if text.starts_with("---\n") {
        4
    } else if text.starts_with("---\r\n") {
        5
    } else {
        return (0, 0, format!("---{nl}disable: [{id}]{nl}---{nl}"));
    };
    let rest = &text[open..];
    let close = if rest.starts_with("---") {
        Some(0)
    } else {
        rest.find("\n---").map(|i| i + 1)
    };
    let Some(close) = close else {
        return (0, 0, format!("---{nl}disable: [{id}]{nl}---{nl}"));
    };
    let close = open + close;
    // Lines of the front matter: (start, end without line break, next line start).
    let mut lines = Vec::new();
    let mut at = open;
    while at < close {
        let end = text[at..close].find('\n').map_or(close, |i| at + i);
        let content_end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push((at, content_end, (end + 1).min(close)));
        at = end + 1;
    }
    for (i, &(start, end, _)) in lines.iter().enumerate() {
        let line = &text[start..end];
        let Some(key_len) = ["disable:", "postlint-disable:"]
            .iter()
            .find(|k| line.starts_with(**k))
            .map(|k| k.len())
        else {
            continue;
        };
        let value_start = start + key_len;
        let value_part = &text[value_start..end];
        let value_end = value_part.find(" #").map_or(end, |c| value_start + c);
        let value = text[value_start..value_end].trim();
        if value.is_empty() {
            // A block list follows, or nothing.
            let items: Vec<_> = lines[i + 1..]
                .iter()
                .take_while(|(s, e, _)| {
                    text[*s..*e].trim_start().starts_with('-')
                        && text[*s..*e].starts_with([' ', '\t', '-'])
                })
                .collect();
            if let (Some(first), Some(last)) = (items.first(), items.last()) {
                let first_line = &text[first.0..first.1];
                let indent = &first_line[..first_line.len() - first_line.trim_start().len()];
                return (last.2, last.2, format!("{indent}- {id}{nl}"));
            }
            return (value_start, value_end, format!(" [{id}]"));
        }
        let value_at = value_start
            + (text[value_start..value_end].len()
                - text[value_start..value_end].trim_start().len());
        let value_to = value_at + value.len();
        let new = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(inner) if inner.trim().is_empty() => format!("[{id}]"),
            Some(inner) => format!("[{}, {id}]", inner.trim()),
            None => format!("[{value}, {id}]"),
        };
        return (value_at, value_to, new);
    }
    (close, close, format!("disable: [{id}]{nl}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, (s, e, r): (usize, usize, String)) -> String {
        format!("{}{}{}", &text[..s], r, &text[e..])
    }

    #[test]
    fn positions_count_the_negotiated_units() {
        let text = "a😀中\nx😀b";
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            position(text, b, Encoding::Utf16),
            lt::Position {
                line: 1,
                character: 3
            }
        );
        assert_eq!(
            position(text, b, Encoding::Utf8),
            lt::Position {
                line: 1,
                character: 5
            }
        );
        assert_eq!(
            position(text, b, Encoding::Utf32),
            lt::Position {
                line: 1,
                character: 2
            }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (i, _) in text.char_indices() {
                assert_eq!(
                    offset(text, position(text, i, enc), enc),
                    i,
                    "{enc:?} at {i}"
                );
            }
        }
        // Past the end of a line or the text clamps.
        assert_eq!(
            offset(
                text,
                lt::Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            text.find('\n').unwrap_or(0)
        );
        assert_eq!(
            offset(
                text,
                lt::Position {
                    line: 9,
                    character: 0
                },
                Encoding::Utf16
            ),
            text.len()
        );
    }

    #[test]
    fn disable_edit_creates_adds_and_extends() {
        let id = "killers/shouting";
        assert_eq!(
            apply("Hi!!!\n", disable_edit("Hi!!!\n", id)),
            "---\ndisable: [killers/shouting]\n---\nHi!!!\n"
        );
        let t = "---\nplatform: x\n---\nHi!!!\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\nplatform: x\ndisable: [killers/shouting]\n---\nHi!!!\n"
        );
        let t = "---\ndisable: [a/b]\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [a/b, killers/shouting]\n---\nHi\n"
        );
        let t = "---\ndisable: []\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [killers/shouting]\n---\nHi\n"
        );
        let t = "---\ndisable: a/b # old\nlang: en\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [a/b, killers/shouting] # old\nlang: en\n---\nHi\n"
        );
        let t = "---\ndisable:\n  - a/b\nlang: en\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable:\n  - a/b\n  - killers/shouting\nlang: en\n---\nHi\n"
        );
        let t = "---\r\nlang: en\r\n---\r\nHi\r\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\r\nlang: en\r\ndisable: [killers/shouting]\r\n---\r\nHi\r\n"
        );
        // The result parses and disables the rule.
        let t = "---\ndisable:\n  - a/b\n---\nHi\n";
        let d =
            input::draft("x.md", apply(t, disable_edit(t, id)).into_bytes()).map_err(|e| e.message);
        assert_eq!(
            d.map(|d| d.front.disable),
            Ok(vec!["a/b".to_string(), id.to_string()])
        );
    }

    #[test]
    fn uris_round_trip() {
        let p = PathBuf::from("/tmp/a b/ü#.md");
        let uri = path_to_uri(&p).map(|u| u.as_str().to_string());
        assert_eq!(uri.as_deref(), Some("file:///tmp/a%20b/%C3%BC%23.md"));
        assert_eq!(uri.as_deref().and_then(uri_to_path), Some(p));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }

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
