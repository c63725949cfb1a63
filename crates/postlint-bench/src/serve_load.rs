//! `postlint-bench serve`: a load test of `postlint serve` on loopback. One
//! 280-character draft, sent again and again by N clients, each on one
//! keep-alive connection (a plain HTTP/1.1 client over `TcpStream`);
//! requests/s and p50/p99 latency per client count. Bounded in time and in
//! requests, and it only ever connects to a loopback address.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::{flag, ms};

/// 280 characters: a post as long as X allows, with a link, a mention, a
/// hashtag and an emoji, so that most analyses run.
pub const DRAFT: &str = "Our spring collection is here 🌷 Ten pieces made to last, from linen shirts to a rain jacket that packs into its own pocket. We tested every seam for a year. Read how we make them and why we repair for free: https://example.com/spring @studio_noord #SlowFashion What will you wear?";

pub fn run(args: &[String]) -> Result<(), String> {
    let seconds: f64 = flag(args, "--seconds")?.unwrap_or(5.0);
    let max_requests: usize = flag(args, "--max-requests")?.unwrap_or(50_000);
    let api: String = flag(args, "--api")?.unwrap_or_else(|| "v1".to_string());
    let clients: String = flag(args, "--clients")?.unwrap_or_else(|| "1,16".to_string());
    let clients: Vec<usize> = clients
        .split(',')
        .map(|c| c.trim().parse().map_err(|_| format!("--clients: `{c}`")))
        .collect::<Result<_, _>>()?;
    if !(0.1..=120.0).contains(&seconds) || clients.iter().any(|&c| c == 0 || c > 256) {
        return Err("--seconds is 0.1 to 120 and each client count 1 to 256".into());
    }
    let addr: SocketAddr = match flag::<String>(args, "--addr")? {
        Some(a) => a
            .parse()
            .map_err(|_| format!("--addr: `{a}` is not HOST:PORT"))?,
        None => start_server()?,
    };
    if !addr.ip().is_loopback() {
        return Err(format!(
            "--addr {addr}: the load test only runs against loopback addresses"
        ));
    }
    let request = build_request(&api)?;
    println!(
        "postlint serve on {addr}, {} API, one {}-character draft, {seconds} s or {max_requests} requests per run",
        if api == "lt" { "LanguageTool /v2/check" } else { "/api/v1/check" },
        DRAFT.chars().count()
    );
    println!("clients  requests  errors  req/s    p50 ms  p99 ms  max ms");
    // A warm-up: the first lint of a thread compiles its lazy matchers.
    let _ = load(addr, &request, 2, Duration::from_millis(300), 200);
    for &n in &clients {
        let r = load(
            addr,
            &request,
            n,
            Duration::from_secs_f64(seconds),
            max_requests,
        );
        println!(
            "{n:>7}  {:>8}  {:>6}  {:>7.0}  {:>6.2}  {:>6.2}  {:>6.2}",
            r.latencies.len(),
            r.errors,
            r.latencies.len() as f64 / r.elapsed.as_secs_f64(),
            percentile(&r.latencies, 0.50),
            percentile(&r.latencies, 0.99),
            percentile(&r.latencies, 1.0),
        );
        if r.errors > 0 {
            eprintln!("first error: {}", r.first_error.unwrap_or_default());
        }
    }
    Ok(())
}

/// A server in this process, on a free loopback port, with the built-in packs.
fn start_server() -> Result<SocketAddr, String> {
    let app = postlint_serve::App::new(postlint::Project::bare(), Default::default())
        .map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let addr = SocketAddr::from(([127, 0, 0, 1], 0));
        if let Err(e) = postlint_serve::run(addr, app, move |bound| {
            let _ = tx.send(bound);
        }) {
            eprintln!("server: {e}");
        }
    });
    rx.recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the server did not start".to_string())
}

fn build_request(api: &str) -> Result<Vec<u8>, String> {
    let (path, content_type, body) = match api {
        "v1" => (
            "/api/v1/check",
            "application/json",
            serde_json::json!({"text": DRAFT, "platform": "x"}).to_string(),
        ),
        "lt" => (
            "/v2/check",
            "application/x-www-form-urlencoded",
            format!("language=en-US&platform=x&text={}", form_encode(DRAFT)),
        ),
        other => return Err(format!("--api is v1 or lt, not `{other}`")),
    };
    Ok(format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes())
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

struct Run {
    latencies: Vec<f64>,
    errors: usize,
    first_error: Option<String>,
    elapsed: Duration,
}

/// `clients` threads send `request` until `time` is up or `max` requests are sent.
fn load(addr: SocketAddr, request: &[u8], clients: usize, time: Duration, max: usize) -> Run {
    let sent = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let sent = Arc::clone(&sent);
            let request = request.to_vec();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                let mut conn: Option<BufReader<TcpStream>> = None;
                while start.elapsed() < time && sent.fetch_add(1, Ordering::Relaxed) < max {
                    let t = Instant::now();
                    match exchange(addr, &mut conn, &request) {
                        Ok(()) => latencies.push(ms(t.elapsed())),
                        Err(e) => {
                            conn = None;
                            errors.push(e);
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut run = Run {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
        elapsed: Duration::ZERO,
    };
    for t in threads {
        let (latencies, errors) = t.join().unwrap_or_default();
        run.latencies.extend(latencies);
        run.errors += errors.len();
        if run.first_error.is_none() {
            run.first_error = errors.into_iter().next();
        }
    }
    run.elapsed = start.elapsed();
    run.latencies.sort_by(f64::total_cmp);
    run
}

/// One request and its answer on the connection, opened when there is none.
fn exchange(
    addr: SocketAddr,
    conn: &mut Option<BufReader<TcpStream>>,
    request: &[u8],
) -> Result<(), String> {
    if conn.is_none() {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
            .map_err(|e| format!("connect: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        let _ = stream.set_nodelay(true);
        *conn = Some(BufReader::new(stream));
    }
    let reader = conn.as_mut().ok_or("no connection")?;
    reader
        .get_mut()
        .write_all(request)
        .map_err(|e| format!("send: {e}"))?;
    let mut status = String::new();
    reader
        .read_line(&mut status)
        .map_err(|e| format!("read: {e}"))?;
    if !status.starts_with("HTTP/1.1 200") {
        return Err(format!("status: {}", status.trim()));
    }
    let mut length = None;
    loop {
        let mut line = String::new();
        reader
            .read_line(&mut line)
            .map_err(|e| format!("read: {e}"))?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.ok_or("an answer without Content-Length")?;
    let mut body = vec![0; length];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("read: {e}"))?;
    if !body.starts_with(b"{") {
        return Err("the answer is not JSON".into());
    }
    Ok(())
}

/// The value at fraction `q` of sorted milliseconds.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}
