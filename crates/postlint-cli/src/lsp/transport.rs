//! The language server's stdio transport: LSP base-protocol framing read by
//! hand, so that a malformed frame is answered and skipped instead of
//! ending the server. A message with invalid JSON gets a `-32700` parse
//! error, valid JSON that is no JSON-RPC message a `-32600`, a missing or
//! unreadable `Content-Length` is skipped, and a `Content-Length` over
//! [`MAX_CONTENT_LENGTH`] is refused before anything is allocated.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{select, unbounded, Receiver, Sender};
use lsp_server::{Connection, Message};

/// The largest message accepted: 64 MiB.
pub const MAX_CONTENT_LENGTH: usize = 64 << 20;

/// The reader and writer threads behind a [`Connection`].
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Wait for both threads; the writer's error, if any.
    pub fn join(self) -> io::Result<()> {
        // The reader may block on stdin after the client said `exit`; the
        // process ends anyway, so it is not waited for.
        drop(self.reader);
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    let (to_server, receiver) = unbounded::<Message>();
    let (sender, from_server) = unbounded::<Message>();
    let (raw_out, raw_in) = unbounded::<String>();
    let reader = thread::spawn(move || {
        let stdin = io::stdin();
        read_loop(&mut stdin.lock(), &to_server, &raw_out);
    });
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        write_loop(&mut stdout.lock(), &from_server, &raw_in)
    });
    (Connection { sender, receiver }, Threads { reader, writer })
}

fn write_loop(
    out: &mut impl Write,
    messages: &Receiver<Message>,
    raw: &Receiver<String>,
) -> io::Result<()> {
    loop {
        select! {
            recv(messages) -> m => match m {
                Ok(m) => m.write(out)?,
                Err(_) => return Ok(()),
            },
            recv(raw) -> r => {
                if let Ok(text) = r {
                    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
                    out.flush()?;
                }
            },
        }
    }
}

/// An error response with a null id, as JSON-RPC answers a message it could not read.
fn error_response(code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

/// Read frames until stdin ends, passing messages on and answering bad ones.
pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>, raw: &Sender<String>) {
    loop {
        let length = match read_headers(input) {
            Ok(Some(Ok(n))) => n,
            Ok(Some(Err(problem))) => {
                let _ = raw.send(error_response(-32700, &problem));
                continue;
            }
            Ok(None) | Err(_) => return,
        };
        let mut body = vec![0; length];
        if input.read_exact(&mut body).is_err() {
            return;
        }
        let value: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                let _ = raw.send(error_response(-32700, &format!("parse error: {e}")));
                continue;
            }
        };
        match serde_json::from_value::<Message>(value) {
            Ok(m) => {
                if to_server.send(m).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = raw.send(error_response(
                    -32600,
                    &format!("not a JSON-RPC request, response or notification: {e}"),
                ));
            }
        }
    }
}

/// The headers of one frame: `Ok(None)` at the end of input,
/// `Some(Ok(length))`, or `Some(Err(problem))` for a frame to skip.
fn read_headers(input: &mut impl BufRead) -> io::Result<Option<Result<usize, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        // A header line is short: one that runs on is bounded, not collected whole.
        let n = input
            .by_ref()
            .take(64 * 1024)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                return Ok(Some(length.unwrap_or_else(|| {
                    Err("a message without a Content-Length header".into())
                })));
            }
            continue;
        }
        // After a broken frame the next header may follow the rest of a body
        // on the same line: look for it anywhere.
        let Some(at) = text.to_ascii_lowercase().find("content-length:") else {
            saw_header |= text.contains(':') && !text.contains('{');
            continue;
        };
        saw_header = true;
        let value = text[at + "content-length:".len()..].trim();
        length = Some(match value.parse::<u64>() {
            Ok(n) if n <= MAX_CONTENT_LENGTH as u64 => Ok(n as usize),
            Ok(n) => Err(format!(
                "Content-Length {n} is over the {MAX_CONTENT_LENGTH} bytes accepted"
            )),
            Err(_) => Err(format!("Content-Length `{value}` is not a number")),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// Messages passed on, and error replies sent, for some input.
    fn run(input: &str) -> (Vec<Message>, Vec<String>) {
        let (tx, rx) = unbounded();
        let (raw_tx, raw_rx) = unbounded();
        read_loop(&mut input.as_bytes(), &tx, &raw_tx);
        drop((tx, raw_tx));
        (rx.iter().collect(), raw_rx.iter().collect())
    }

    #[test]
    fn bad_frames_are_answered_and_reading_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = [
            frame("{not json"),
            frame(r#"{"hello":"world"}"#),
            "Content-Length: 99999999999999\r\n\r\n".to_string(),
            "Content-Length: abc\r\n\r\n".to_string(),
            "X-Header: 1\r\n\r\n".to_string(),
            frame(ok),
        ]
        .concat();
        let (messages, errors) = run(&input);
        assert_eq!(messages.len(), 1, "{errors:?}");
        let codes: Vec<i64> = errors
            .iter()
            .map(|e| {
                serde_json::from_str::<serde_json::Value>(e).expect("JSON")["error"]["code"]
                    .as_i64()
                    .unwrap_or(0)
            })
            .collect();
        assert_eq!(codes, [-32700, -32600, -32700, -32700, -32700]);
        assert!(errors.iter().all(|e| e.contains("\"id\":null")));
    }

    #[test]
    fn a_short_content_length_resynchronises_on_the_next_header() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!("Content-Length: 5\r\n\r\n{ok}{}", frame(ok));
        let (messages, errors) = run(&input);
        assert_eq!(messages.len(), 1);
        assert_eq!(errors.len(), 1);
    }
}
