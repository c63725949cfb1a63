//! `postlint-bench`: measurements for docs/performance.md.
//!
//! ```text
//! postlint-bench corpus --posts 100000 --seed 1 > posts.jsonl
//! postlint-bench throughput --threads 2 posts.jsonl
//! postlint-bench startup --runs 50
//! postlint-bench quality --labels tests/real/labels.jsonl posts-en.jsonl posts-nl.jsonl
//! postlint-bench serve --clients 1,16 --seconds 5
//! postlint-bench gen-results --posts 240 --seed 7 --out examples/results
//! ```
//!
//! `gen-results` writes a made-up calendar and its analytics export with
//! known effects (bare links do worse, social proof better) for
//! `postlint report --results` (docs/calendars.md).
//!
//! `serve` starts `postlint serve` in this process on a loopback port (or
//! uses `--addr`) and measures requests/s and latency for one draft.
//!
//! `quality` lints labelled real posts with the `postlint` command and
//! prints precision and recall per rule and language (docs/quality.md).
//!
//! `throughput` loads the built-in packs once (all of them, also those off by
//! default, unless `--default-packs`), then streams the JSONL in chunks,
//! parsing and evaluating each chunk on a rayon pool of `--threads` threads,
//! with automatic language detection unless a line carries `"lang"`.

mod corpus;
mod gen_results;
mod quality;
mod serve_load;

use std::io::{BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

use postlint_engine::{Post, RuleSet};
use rayon::prelude::*;

const USAGE: &str = "usage:
  postlint-bench corpus --posts N [--seed S] [--with-lang]   JSONL posts on stdout
  postlint-bench throughput [--threads T] [--repeat R] [--default-packs] FILE.jsonl
  postlint-bench startup [--runs N]                      time to load the built-in packs
  postlint-bench quality --labels LABELS.jsonl [--postlint PATH] [--write-doc docs/quality.md] CORPUS.jsonl…
                                                         precision and recall on labelled posts
  postlint-bench serve [--clients 1,16] [--seconds 5] [--max-requests 50000] [--api v1|lt] [--addr 127.0.0.1:PORT]
                                                         load test of postlint serve on loopback
  postlint-bench gen-results [--posts 240] [--seed 7] [--out examples/results]
                                                         a calendar and its analytics export, effects built in";

/// Lines per chunk: memory stays flat whatever the input size.
const CHUNK: usize = 8192;

#[derive(serde::Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    platform: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

#[derive(serde::Serialize)]
struct OutLine<'a> {
    text: &'a str,
    platform: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("corpus") => corpus_cmd(&args[1..]),
        Some("throughput") => throughput_cmd(&args[1..]),
        Some("startup") => startup_cmd(&args[1..]),
        Some("quality") => quality::run(&args[1..]),
        Some("serve") => serve_load::run(&args[1..]),
        Some("gen-results") => gen_results_cmd(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    if let Err(e) = result {
        eprintln!("{e}");
        std::process::exit(2);
    }
}

/// Value of `--name V`, parsed.
fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            let v = args
                .get(i + 1)
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
            v.parse()
                .map(Some)
                .map_err(|_| format!("{name}: cannot read `{v}`\n{USAGE}"))
        }
    }
}

/// Arguments that are neither flags nor flag values.
fn positional(args: &[String], valued: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if valued.contains(&a.as_str()) {
            skip = true;
        } else if !a.starts_with("--") {
            out.push(a.clone());
        }
    }
    out
}

fn gen_results_cmd(args: &[String]) -> Result<(), String> {
    let posts: usize = flag(args, "--posts")?.unwrap_or(240);
    let seed: u64 = flag(args, "--seed")?.unwrap_or(7);
    let out: String = flag(args, "--out")?.unwrap_or_else(|| "examples/results".into());
    gen_results::run(posts, seed, std::path::Path::new(&out))
}

fn corpus_cmd(args: &[String]) -> Result<(), String> {
    let posts: u64 =
        flag(args, "--posts")?.ok_or_else(|| format!("--posts is required\n{USAGE}"))?;
    let seed: u64 = flag(args, "--seed")?.unwrap_or(1);
    // `--with-lang` writes the language too, which skips detection when linting.
    let with_lang = args.iter().any(|a| a == "--with-lang");
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for i in 0..posts {
        let p = corpus::post(seed, i);
        let line = serde_json::to_string(&OutLine {
            text: &p.text,
            platform: p.platform,
            lang: with_lang.then_some(p.lang),
        })
        .map_err(|e| e.to_string())?;
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())
}

fn load_rules(default_packs: bool) -> Result<RuleSet, String> {
    // As `postlint check` loads them: parsed at build time, no examples.
    let mut rules = RuleSet::builtin_and(&[], false)
        .map_err(|e| format!("built-in packs: {} files with problems", e.len()))?;
    if !default_packs {
        for p in postlint_engine::builtin::PACKS {
            rules.set_pack_enabled(p, true);
        }
    }
    Ok(rules)
}

fn throughput_cmd(args: &[String]) -> Result<(), String> {
    let threads: usize = flag(args, "--threads")?.unwrap_or(2);
    let repeat: usize = flag(args, "--repeat")?.unwrap_or(1).max(1);
    let default_packs = args.iter().any(|a| a == "--default-packs");
    let files = positional(args, &["--threads", "--repeat"]);
    let [path] = files.as_slice() else {
        return Err(USAGE.to_string());
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;

    let t = Instant::now();
    let rules = load_rules(default_packs)?;
    let load = t.elapsed();
    eprintln!(
        "packs loaded in {:.1} ms ({} rules)",
        ms(load),
        rules.rules().count()
    );

    let mut best: Option<(f64, Duration, Duration)> = None;
    for run in 0..repeat {
        let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        let (mut posts, mut findings, mut bad) = (0usize, 0usize, 0usize);
        let mut read_time = Duration::ZERO;
        let start = Instant::now();
        // The next chunk is read while this one is linted: the reading is
        // this tool's own, not the engine's, and stays off the critical path.
        let mut read_chunk = || -> Result<(Vec<String>, Duration), String> {
            let t = Instant::now();
            let mut chunk = Vec::with_capacity(CHUNK);
            while chunk.len() < CHUNK {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) => break,
                    Ok(_) => chunk.push(line),
                    Err(e) => return Err(format!("{path}: {e}")),
                }
            }
            Ok((chunk, t.elapsed()))
        };
        let (mut chunk, t) = read_chunk()?;
        read_time += t;
        while !chunk.is_empty() {
            let (next, (n, f, b)) = pool.install(|| {
                rayon::join(&mut read_chunk, || {
                    chunk
                        .par_iter()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| match serde_json::from_str::<Line>(l) {
                            Ok(line) => {
                                let post = Post {
                                    text: &line.text,
                                    platform: line.platform.as_deref(),
                                    lang: line.lang.as_deref(),
                                    ..Post::default()
                                };
                                (1, rules.evaluate(&post).findings.len(), 0)
                            }
                            Err(_) => (0, 0, 1),
                        })
                        .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
                })
            });
            posts += n;
            findings += f;
            bad += b;
            let (next, t) = next?;
            read_time += t;
            chunk = next;
        }
        let wall = start.elapsed();
        let rate = posts as f64 / wall.as_secs_f64();
        eprintln!(
            "run {}: {posts} posts, {findings} findings, {bad} unreadable lines, {:.3} s ({:.3} s reading, alongside linting) -> {:.0} posts/s",
            run + 1,
            wall.as_secs_f64(),
            read_time.as_secs_f64(),
            rate
        );
        if best.is_none_or(|b| rate > b.0) {
            best = Some((rate, wall, read_time));
        }
    }
    if let Some((rate, wall, _)) = best {
        println!(
            "threads={threads} posts/s={rate:.0} wall_s={:.3} load_ms={:.1}",
            wall.as_secs_f64(),
            ms(load)
        );
    }
    Ok(())
}

fn startup_cmd(args: &[String]) -> Result<(), String> {
    let runs: usize = flag(args, "--runs")?.unwrap_or(30).max(1);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let rules = load_rules(true)?;
        times.push(t.elapsed());
        std::hint::black_box(rules);
    }
    times.sort();
    let median = times[times.len() / 2];
    let first = {
        let t = Instant::now();
        let r = load_rules(true)?;
        let e = t.elapsed();
        std::hint::black_box(r);
        e
    };
    println!(
        "pack loading ({} runs): min {:.2} ms, median {:.2} ms, max {:.2} ms (one more: {:.2} ms)",
        runs,
        ms(times[0]),
        ms(median),
        ms(times[runs - 1]),
        ms(first)
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
