//! The language server stays up whatever the client sends: malformed JSON,
//! frames without or with a wrong `Content-Length`, a huge `Content-Length`,
//! messages that are no JSON-RPC, a bad `initialize`, and random frames.
//! Frames are read raw here, since error replies carry `"id": null`.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_postlint"))
            .arg("lsp")
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("postlint lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(v) = serde_json::from_slice::<Value>(&body) else {
                    return;
                };
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Server { child, stdin, rx }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: Value) {
        self.send_raw(&frame(&msg.to_string()));
    }

    /// The next message with this id (other messages are skipped).
    fn reply(&mut self, id: Value) -> Value {
        loop {
            let v = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("the server answers");
            if v["id"] == id && v.get("method").is_none() {
                return v;
            }
        }
    }

    fn next(&mut self) -> Value {
        self.rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers")
    }

    /// A full initialize, a shutdown and exit: the server was up all along.
    fn finish(mut self) {
        self.send(json!({ "jsonrpc": "2.0", "id": 90, "method": "initialize", "params": { "capabilities": {} } }));
        let init = self.reply(json!(90));
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        self.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
        self.send(json!({ "jsonrpc": "2.0", "id": 91, "method": "shutdown" }));
        assert!(self.reply(json!(91)).get("error").is_none());
        self.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
        let status = self.child.wait().expect("exits");
        assert_eq!(status.code(), Some(0));
    }
}

#[test]
fn malformed_frames_get_errors_and_the_server_stays_up() {
    let mut s = Server::start();
    s.send_raw(&frame("{this is not json"));
    assert_eq!(s.next()["error"]["code"], -32700);
    s.send_raw(&frame(r#"{"hello": "world"}"#));
    assert_eq!(s.next()["error"]["code"], -32600);
    s.send_raw(b"Content-Length: 99999999999999\r\n\r\n");
    let huge = s.next();
    assert_eq!(huge["error"]["code"], -32700);
    assert!(
        huge["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("over the"),
        "{huge}"
    );
    s.send_raw(b"X-Not-A-Length: 3\r\n\r\n");
    assert_eq!(s.next()["error"]["code"], -32700);
    // A request before initialize: not initialized, but answered.
    s.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {} }));
    assert_eq!(s.reply(json!(1))["error"]["code"], -32002);
    // A bad initialize gets an error, not silence; a good one still works after it.
    s.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "initialize", "params": { "capabilities": 7 } }));
    assert_eq!(s.reply(json!(2))["error"]["code"], -32602);
    s.finish();
}

#[test]
fn random_frames_do_not_bring_the_server_down() {
    let mut s = Server::start();
    // A small deterministic generator: the same frames on every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pieces: [&[u8]; 8] = [
        b"Content-Length: ",
        b"\r\n\r\n",
        b"{\"jsonrpc\":\"2.0\"",
        b"}",
        b"\xff\xfe",
        b"7",
        b"[1,2,3]",
        b":\n",
    ];
    for _ in 0..300 {
        let n = 1 + next() % 6;
        let mut bytes = Vec::new();
        for _ in 0..n {
            bytes.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
        }
        s.send_raw(&bytes);
    }
    // Fill any body left open (the noise makes lengths below 100 kB), then
    // talk properly.
    s.send_raw(b"\r\n\r\n");
    s.send_raw(&vec![b'\n'; 100_000]);
    s.send_raw(&frame("{}"));
    s.finish_after_noise();
}

impl Server {
    /// After noise a partial frame may swallow a message; keep initializing
    /// until the server answers one.
    fn finish_after_noise(mut self) {
        for attempt in 0..20 {
            let id = 100 + attempt;
            s_send_init(&mut self, id);
            let deadline = std::time::Instant::now() + Duration::from_secs(2);
            while std::time::Instant::now() < deadline {
                match self.rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(v) if v["id"] == json!(id) && v["result"]["capabilities"].is_object() => {
                        self.send(json!({ "jsonrpc": "2.0", "id": 91, "method": "shutdown" }));
                        assert!(self.reply(json!(91)).get("error").is_none());
                        self.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
                        assert_eq!(self.child.wait().expect("exits").code(), Some(0));
                        return;
                    }
                    _ => {}
                }
            }
        }
        panic!("the server stopped answering after random frames");
    }
}

fn s_send_init(s: &mut Server, id: u64) {
    s.send(json!({ "jsonrpc": "2.0", "id": id, "method": "initialize", "params": { "capabilities": {} } }));
}
