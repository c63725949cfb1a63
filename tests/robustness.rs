//! Bad input to the `postlint` binary: it reports and goes on, and never
//! panics. Invalid UTF-8, empty and binary files, a 50 MB single-line post,
//! rule files with regexes that are catastrophic or over the size limit,
//! deeply nested conditions and a config that is not YAML.
//! (CSV with broken quoting is covered in tests/calendar.rs.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

/// A fresh folder under the target directory, removed when dropped.
struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn temp_dir(name: &str) -> TempDir {
    let dir = root()
        .join("target")
        .join("robustness-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    TempDir(dir)
}

fn postlint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("postlint runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Exited by itself with one of postlint's codes (0 clean, 1 findings, 2 errors): no panic, no signal.
fn assert_no_crash(o: &Output) {
    let all = text(o);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "unexpected exit {:?}:\n{all}",
        o.status
    );
    assert!(!all.contains("panicked"), "panic:\n{all}");
}

const GOOD: &str = "Big news: the new release is out. Only 3 spots left! Buy now!!! #a #b #c #d";

#[test]
fn invalid_utf8_names_file_and_byte_offset_and_other_files_are_still_linted() {
    let dir = temp_dir("utf8");
    let mut bad = b"Hello there, this line is fine.\nAnd then: ".to_vec();
    let offset = bad.len();
    bad.extend_from_slice(&[0xff, 0xfe, b'x']);
    std::fs::write(dir.join("bad.txt"), &bad).expect("write");
    std::fs::write(dir.join("good.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--format", "json", "bad.txt", "good.txt"]);
    assert_no_crash(&o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable input is an error:\n{}",
        text(&o)
    );
    let all = text(&o);
    assert!(all.contains("bad.txt"), "names the file:\n{all}");
    assert!(
        all.contains(&format!("byte {offset}")),
        "names the byte offset {offset}:\n{all}"
    );
    assert!(
        all.contains("good.txt"),
        "the other file is still linted:\n{all}"
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("killers/")
            || String::from_utf8_lossy(&o.stdout).contains("\"rule\""),
        "findings for good.txt:\n{all}"
    );
}

#[test]
fn empty_file_is_linted_without_error() {
    let dir = temp_dir("empty");
    std::fs::write(dir.join("empty.txt"), "").expect("write");
    std::fs::write(dir.join("empty.md"), "").expect("write");
    for args in [
        &["check", "empty.txt"][..],
        &["check", "--format", "json", "empty.md"],
        &["check", "--format", "sarif", "empty.txt"],
    ] {
        let o = postlint_in(&dir, args);
        assert_no_crash(&o);
        assert_ne!(o.status.code(), Some(2), "{args:?}:\n{}", text(&o));
    }
}

#[test]
fn binary_input_is_refused_and_other_files_are_still_linted() {
    let dir = temp_dir("binary");
    // The start of a PNG file: not UTF-8 at byte 0.
    std::fs::write(
        dir.join("image.png.txt"),
        [
            0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
        ],
    )
    .expect("write");
    // Valid UTF-8 with NUL bytes: an object file or a UTF-16 text.
    std::fs::write(dir.join("nul.txt"), b"h\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0").expect("write");
    std::fs::write(dir.join("good.txt"), GOOD).expect("write");
    let o = postlint_in(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "image.png.txt",
            "nul.txt",
            "good.txt",
        ],
    );
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let all = text(&o);
    assert!(
        all.contains("image.png.txt") && all.contains("byte 0"),
        "{all}"
    );
    assert!(all.contains("nul.txt") && all.contains("binary"), "{all}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("good.txt"),
        "{all}"
    );
}

/// A post over the documented maximum (1 MiB) is refused with a clear
/// input error, not linted for minutes at many times its size in memory;
/// the other inputs are still linted.
#[test]
fn a_post_over_the_maximum_size_is_an_input_error() {
    let dir = temp_dir("huge");
    let sentence = "Only 3 spots left, buy now and save big on the new release of our app ";
    std::fs::write(
        dir.join("huge.txt"),
        sentence.repeat((8 << 20) / sentence.len()),
    )
    .expect("write");
    std::fs::write(dir.join("small.txt"), "Read this https://example.com").expect("write");
    let o = postlint_in(
        &dir,
        &["check", "--format", "line", "huge.txt", "small.txt"],
    );
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let out = text(&o);
    assert!(out.contains("huge.txt:1:1: error input: this post is 8192 KiB; postlint checks posts of at most 1024 KiB"), "{out}");
    assert!(
        out.contains("small.txt:1:"),
        "the other file is linted: {out}"
    );
}

/// A long line that stays fast in debug builds: just under 1 MiB.
#[test]
fn one_megabyte_single_line_post_finishes() {
    let dir = temp_dir("long");
    // Just under the maximum post size.
    let post = "Only 3 spots left, buy now and save big! #sale https://example.com/x?y=1 😂 "
        .repeat((1 << 20) / 80);
    std::fs::write(dir.join("long.txt"), &post).expect("write");
    let o = postlint_in(&dir, &["check", "--format", "json", "long.txt"]);
    assert_no_crash(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("\"rule\""));
}

fn rule_file(when: &str) -> String {
    format!(
        r#"pack robust {{ version: "1.0.0" }}
rule r {{
  severity: warning
  message: "m"
  when: {when}
}}
"#
    )
}

#[test]
fn regex_over_the_size_limit_is_refused_with_a_diagnostic() {
    let dir = temp_dir("regex-size");
    std::fs::write(
        dir.join("big.rules"),
        rule_file(r"matches(/(?:\w{100}\s\w{100}){100}/)"),
    )
    .expect("write");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--rules", "big.rules", "post.txt"]);
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let all = text(&o);
    assert!(all.contains("big.rules"), "names the rule file:\n{all}");
    assert!(
        all.to_lowercase().contains("too large") || all.contains("limit"),
        "says why:\n{all}"
    );
}

#[test]
fn regex_features_that_backtrack_are_refused_with_a_diagnostic() {
    let dir = temp_dir("regex-backref");
    // Backreferences and look-around need a backtracking engine: refused.
    for (name, re) in [
        ("backref.rules", r"matches(/(a+)+\1$/)"),
        ("lookahead.rules", r"matches(/(?=a)(a+)+$/)"),
    ] {
        std::fs::write(dir.join(name), rule_file(re)).expect("write");
        let o = postlint_in(&dir, &["rules", "test", name]);
        assert_no_crash(&o);
        assert_ne!(o.status.code(), Some(0), "{name} accepted:\n{}", text(&o));
        assert!(text(&o).contains(name), "names {name}:\n{}", text(&o));
    }
}

#[test]
fn classically_catastrophic_regex_runs_in_linear_time() {
    let dir = temp_dir("regex-redos");
    // `(a+)+$` and `(a|aa)+$` take exponential time in backtracking engines;
    // postlint's regexes are automata, so a long run of `a` is linear.
    std::fs::write(
        dir.join("redos.rules"),
        rule_file(r"matches(/(a+)+$/) or matches(/^(a|aa)+$/) or matches(/(\w+\s?)*!$/)"),
    )
    .expect("write");
    std::fs::write(dir.join("post.txt"), format!("{}b", "a".repeat(100_000))).expect("write");
    let start = Instant::now();
    let o = postlint_in(&dir, &["check", "--rules", "redos.rules", "post.txt"]);
    assert_no_crash(&o);
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn deeply_nested_conditions_are_refused_without_overflowing_the_stack() {
    let dir = temp_dir("nesting");
    // Parentheses and chains of `not` are refused before parsing, at any depth.
    for (depth, nots) in [(40usize, 40usize), (5_000, 5_000), (100_000, 5_000)] {
        let when = format!("{}words > 1{}", "(".repeat(depth), ")".repeat(depth));
        let name = format!("deep{depth}.rules");
        std::fs::write(dir.join(&name), rule_file(&when)).expect("write");
        let chain = format!("{}words > 1", "not ".repeat(nots));
        let not_name = format!("nots{nots}.rules");
        std::fs::write(dir.join(&not_name), rule_file(&chain)).expect("write");
        for n in [&name, &not_name] {
            let o = postlint_in(&dir, &["rules", "test", n]);
            assert_no_crash(&o);
            assert_ne!(o.status.code(), Some(0), "{n} accepted:\n{}", text(&o));
            let all = text(&o);
            assert!(
                all.contains(n.as_str()) && all.to_lowercase().contains("nest"),
                "{n}: {}",
                &all[..all.len().min(3000)]
            );
        }
    }
    // Nesting within the limit still works.
    std::fs::write(
        dir.join("ok.rules"),
        rule_file(&format!("{}words > 1{}", "(".repeat(10), ")".repeat(10))),
    )
    .expect("write");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--rules", "ok.rules", "post.txt"]);
    assert_no_crash(&o);
    assert!(text(&o).contains("robust/r"), "{}", text(&o));
}

/// 100,000 chained `not` (400 kB) are refused before the parser sees them.
#[test]
fn a_very_long_chain_of_not_is_refused_without_overflowing_the_stack() {
    let dir = temp_dir("nots");
    std::fs::write(
        dir.join("nots.rules"),
        rule_file(&format!("{}words > 1", "not ".repeat(100_000))),
    )
    .expect("write");
    let o = postlint_in(&dir, &["rules", "test", "nots.rules"]);
    assert_no_crash(&o);
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn config_that_is_not_yaml_is_reported() {
    let dir = temp_dir("config");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let cases: [(&str, &[u8]); 4] = [
        ("broken.yaml", b"platform: [x, linkedin\nrules: {{{ : ]\n"),
        (
            "tabs.yaml",
            b"rules:\n\tkillers/shouting:\n\t\tenabled: no\n",
        ),
        ("binary.yaml", &[0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe]),
        ("list.yaml", b"- just\n- a list\n"),
    ];
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        let o = postlint_in(&dir, &["check", "--config", name, "post.txt"]);
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(2), "{name}:\n{}", text(&o));
        assert!(text(&o).contains(name), "{name} named:\n{}", text(&o));
    }
}

#[test]
fn the_alternatives_reproducer_is_refused_by_the_phrase_cap_without_aborting() {
    // The issue's 2.7 MB file: 49,000 entries of 4^5 phrases each.
    let dir = temp_dir("alternatives");
    let entries: Vec<String> = (0..49_000)
        .map(|i| format!("\"x{i}(a|b|c|d)(e|f|g|h)(i|j|k|l)(m|n|o|p)(q|r|s|t)\""))
        .collect();
    let file = format!(
        "pack alts {{ version: \"0.1.0\" }}\nlexicon big {{ en: {} }}\n",
        entries.join(", ")
    );
    std::fs::write(dir.join("alts.rules"), file).expect("write");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--rules", "alts.rules", "post.txt"]);
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("pack `alts` expands to over 250000 phrases"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_condition_chain_reproducer_is_refused_on_its_one_line() {
    // The issue's chain on one line, 500,000 terms: refused before the
    // parser, at the start of the line (the operator is past the columns
    // a diagnostic can draw), without a panic in the report.
    let dir = temp_dir("chain");
    let file = rule_file(&vec!["words > 1"; 500_000].join(" and "));
    std::fs::write(dir.join("chain.rules"), file).expect("write");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--rules", "chain.rules", "post.txt"]);
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let all = text(&o);
    assert!(all.contains("over 5000 `and`/`or` in one block"), "{all}");
    assert!(all.contains("passes the limit at byte"), "{all}");
}

#[test]
fn a_problem_far_right_on_a_long_line_is_shown_at_the_line_start() {
    // miette cannot pad a label past column 65,535; the diagnostic moves to
    // the start of the line and names the column instead of panicking.
    let dir = temp_dir("far-right");
    let long = "a".repeat(70_000);
    let rules = format!(
        "pack robust {{ version: \"1.0.0\" }}\nrule r {{\n  severity: warning\n  message: \"{long} {{nope}}\"\n  when: words > 1\n}}\n"
    );
    std::fs::write(dir.join("long.rules"), rules).expect("write");
    std::fs::write(dir.join("post.txt"), GOOD).expect("write");
    let o = postlint_in(&dir, &["check", "--rules", "long.rules", "post.txt"]);
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let all = text(&o);
    assert!(all.contains("unknown placeholder `{nope}`"), "{all}");
    assert!(all.contains("(line 4, column 70015)"), "{all}");
    assert!(all.contains("long.rules:4:1"), "points at the line:\n{all}");
}
