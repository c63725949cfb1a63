//! Content calendars end to end: the example calendars (CSV in two date
//! styles, JSONL, a folder of Markdown drafts), broken records, the HTML
//! report and exit codes.

use std::path::Path;
use std::process::Output;

use common::root;

use serde_json::Value;

mod common;

fn postlint(args: &[&str]) -> Output {
    common::run(&root(), args, None, &[])
}

fn json(args: &[&str]) -> (Value, Output) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = postlint(&all);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "JSON output ({e}):\n{text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, out)
}

/// A file in a scratch folder of this test binary.
fn scratch(name: &str, content: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar-tests");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write scratch file");
    path.display().to_string()
}

/// (line, message) of every input error in a JSON report.
fn input_errors(doc: &Value) -> Vec<(u64, String)> {
    let errors = doc["errors"].as_array().into_iter().flatten();
    errors
        .map(|e| {
            (
                e["record"].as_u64().unwrap_or(0),
                e["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn calendar_rules(doc: &Value) -> Vec<String> {
    doc["calendar"]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["rule"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn post_findings(doc: &Value) -> usize {
    doc["posts"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["findings"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or(0)
}

fn schema_errors(doc: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/schema/output-v1.json")).expect("schema"),
    )
    .expect("schema JSON");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

#[test]
fn example_calendars_give_post_and_calendar_findings() {
    let cases: [(&str, usize, &[&str]); 4] = [
        (
            "examples/calendar.csv",
            22,
            &[
                "calendar/gap",
                "calendar/question-every-post",
                "calendar/same-text-everywhere",
            ],
        ),
        (
            "examples/calendar-eu.csv",
            17,
            &["calendar/overposting", "calendar/self-promotion"],
        ),
        (
            "examples/calendar.jsonl",
            15,
            &["calendar/gap", "calendar/humor-mix"],
        ),
        (
            "examples/calendar-md",
            6,
            &["calendar/gap", "calendar/same-text-everywhere"],
        ),
    ];
    for (path, posts, rules) in cases {
        let (doc, out) = json(&[path]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{path}: findings at warning level"
        );
        assert!(
            schema_errors(&doc).is_empty(),
            "{path}: {:?}",
            schema_errors(&doc)
        );
        assert_eq!(doc["summary"]["records_read"], posts, "{path}");
        assert_eq!(doc["summary"]["linted"], posts, "{path}");
        assert_eq!(doc["summary"]["errors"], 0, "{path}");
        assert_eq!(doc["posts"].as_array().map(Vec::len), Some(posts), "{path}");
        assert!(post_findings(&doc) >= 4, "{path}: per-post findings");
        let found = calendar_rules(&doc);
        for rule in rules {
            assert!(
                found.iter().any(|r| r == rule),
                "{path}: expected {rule} in {found:?}"
            );
        }
        // Records come in input order, and calendar findings point at real records.
        let records: Vec<u64> = doc["posts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["record"].as_u64())
            .collect();
        assert!(
            records.windows(2).all(|w| w[0] < w[1]),
            "{path}: records in order: {records:?}"
        );
        for f in doc["calendar"]["findings"].as_array().into_iter().flatten() {
            for r in f["records"].as_array().into_iter().flatten() {
                assert!(
                    records.contains(&r["record"].as_u64().unwrap_or(0)),
                    "{path}: {r} is a linted record"
                );
            }
        }
        assert_eq!(doc["calendar"]["summary"]["posts"], posts, "{path}");
        assert_eq!(
            doc["calendar"]["summary"]["principles"]
                .as_array()
                .map(Vec::len),
            Some(7),
            "{path}: the seven principles"
        );
    }
}

#[test]
fn example_csv_maps_records_to_lines_and_dates() {
    let (doc, _) = json(&["examples/calendar-eu.csv"]);
    let first = &doc["posts"][0];
    assert_eq!(first["record"], 2, "the first data row is line 2");
    assert_eq!(
        first["platform"], "facebook",
        "`Facebook` in a Network column"
    );
    let cadence = &doc["calendar"]["summary"]["platforms"]["facebook"];
    assert_eq!(cadence["first"], "2026-03-02 08:00", "DD/MM/YYYY dates");
    assert_eq!(cadence["max_posts_per_day"], 4);
    let over = doc["calendar"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule"] == "calendar/overposting")
        .cloned()
        .unwrap_or_default();
    let lines: Vec<u64> = over["records"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["record"].as_u64())
        .collect();
    assert_eq!(lines, vec![2, 3, 4, 5]);
    assert_eq!(over["platform"], "facebook");
    // JSONL ids are kept.
    let (doc, _) = json(&["examples/calendar.jsonl"]);
    assert_eq!(doc["posts"][0]["id"], "mar-01");
}

#[test]
fn broken_csv_records_are_reported_with_their_line_and_the_rest_is_linted() {
    let csv = "text,platform,scheduled\n\
               Our spring menu is out: three dishes with asparagus.,x,2026-03-02 09:00\n\
               \"A quote \"that closes too early\",x,2026-03-03 09:00\n\
               \"Two lines,\nin one field\",linkedin,2026-03-04 09:00\n\
               Bad date here,x,2026-13-40 09:00\n\
               Unknown network,myspace,2026-03-05 09:00\n\
               ,x,2026-03-06 09:00\n\
               Too,many,fields,here\n\
               Fine again: our terrace opens on Friday.,facebook,06/03/2026 12:00\n\
               \"A quote that never closes,x,2026-03-07 09:00\n\
               Last line is read again after the unterminated quote.,x,2026-03-08 09:00\n";
    let path = scratch("broken.csv", csv);
    let (doc, out) = json(&[&path]);
    assert_eq!(out.status.code(), Some(2), "input errors exit 2");
    let errors = input_errors(&doc);
    let lines: Vec<u64> = errors.iter().map(|e| e.0).collect();
    assert_eq!(lines, vec![3, 6, 7, 8, 9, 11], "{errors:#?}");
    assert!(errors[0].1.contains("bad quoting"), "{}", errors[0].1);
    assert!(
        errors[1].1.contains("cannot read the date"),
        "{}",
        errors[1].1
    );
    assert!(
        errors[2].1.contains("unknown platform `myspace`"),
        "{}",
        errors[2].1
    );
    assert!(errors[3].1.contains("missing text"), "{}", errors[3].1);
    assert!(
        errors[4].1.contains("fields but the header has"),
        "{}",
        errors[4].1
    );
    assert!(errors[5].1.contains("never closed"), "{}", errors[5].1);
    let records: Vec<u64> = doc["posts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["record"].as_u64())
        .collect();
    assert_eq!(records, vec![2, 4, 10, 12]);
    assert_eq!(doc["summary"]["records_read"], 10);
    assert_eq!(doc["summary"]["linted"], 4);
    assert_eq!(doc["summary"]["errors"], 6);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("{path}:3: bad quoting")),
        "errors also on stderr"
    );
}

#[test]
fn broken_jsonl_lines_are_reported_and_the_rest_is_linted() {
    let jsonl = "{\"text\": \"Our spring menu is out.\", \"platform\": \"x\", \"scheduled\": \"2026-03-02 09:00\"}\n\
                 {\"text\": \"Missing the closing brace\"\n\
                 \n\
                 {\"platform\": \"x\", \"scheduled\": \"2026-03-03 09:00\"}\n\
                 {\"text\": \"Terrace opens Friday.\", \"platform\": \"facebook\", \"media\": true}\n\
                 [1, 2, 3]\n\
                 {\"text\": \"Last one.\", \"scheduled\": \"yesterday\"}\n\
                 {\"text\": \"Really the last one.\", \"lang\": \"en\", \"kind\": \"reply\", \"reply_delay_minutes\": 5}\n";
    let path = scratch("broken.jsonl", jsonl);
    let (doc, out) = json(&[&path]);
    assert_eq!(out.status.code(), Some(2));
    let errors = input_errors(&doc);
    assert_eq!(
        errors.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![2, 4, 6, 7],
        "{errors:#?}"
    );
    assert!(errors[0].1.starts_with("invalid JSON"), "{}", errors[0].1);
    assert!(errors[1].1.contains("missing text"), "{}", errors[1].1);
    assert!(
        errors[2].1.contains("expected a JSON object"),
        "{}",
        errors[2].1
    );
    assert!(
        errors[3].1.contains("cannot read the date `yesterday`"),
        "{}",
        errors[3].1
    );
    let records: Vec<u64> = doc["posts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["record"].as_u64())
        .collect();
    assert_eq!(records, vec![1, 5, 8]);
    assert_eq!(doc["posts"][2]["kind"], "reply");
    assert_eq!(
        (
            doc["summary"]["records_read"].as_u64(),
            doc["summary"]["linted"].as_u64(),
            doc["summary"]["errors"].as_u64()
        ),
        (Some(7), Some(3), Some(4))
    );
    assert!(schema_errors(&doc).is_empty(), "{:?}", schema_errors(&doc));
}

/// Checks that every non-void element is closed in order; returns the problem.
fn well_formed(html: &str) -> Result<(), String> {
    const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let close = rest.find('>').ok_or("unclosed `<`")?;
        let tag = &rest[..close];
        rest = &rest[close + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_lowercase();
            match stack.pop() {
                Some(top) if top == name => {}
                other => return Err(format!("`</{name}>` closes {other:?}")),
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        if name.is_empty() {
            return Err(format!("bad tag `<{tag}>`"));
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        if name == "style" {
            let end = rest.find("</style>").ok_or("unclosed style")?;
            rest = &rest[end + "</style>".len()..];
            continue;
        }
        stack.push(name);
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {stack:?}"))
    }
}

#[test]
fn html_report_is_self_contained_and_escapes_post_texts() {
    let csv = "text,platform,scheduled\n\
               \"Try our new widget <script>alert('hi')</script> & win! Like if you agree!\",x,2026-03-02 09:00\n\
               What is your favourite spring dish?,instagram,2026-03-12 18:00\n\
               Our terrace opens on Friday.,facebook,2026-03-13 12:00\n";
    let input = scratch("report.csv", csv);
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar-tests/report.html");
    let out = postlint(&[
        "check",
        &input,
        "examples/calendar.jsonl",
        "--format",
        "html",
        "--output",
        &report.display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "the report goes to --output");
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    well_formed(&html).unwrap_or_else(|e| panic!("not well-formed: {e}"));
    for id in [
        "principle-mix",
        "posts-per-week",
        "findings-per-rule",
        "findings-per-post",
        "calendar-findings",
    ] {
        let at = html
            .find(&format!("<section id=\"{id}\">"))
            .unwrap_or_else(|| panic!("section {id}"));
        let section = &html[at..at + html[at..].find("</section>").unwrap_or(0)];
        match id {
            "posts-per-week" => assert!(section.contains("<svg"), "{id} has an SVG chart"),
            "principle-mix" | "findings-per-rule" => {
                assert!(section.contains("<figure class=\"bars\""), "{id} has bars")
            }
            _ => {}
        }
    }
    assert!(
        !html.contains("<script"),
        "no scripts, and the post's <script> is escaped"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; &amp; win!"));
    let lower = html.to_lowercase();
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "url(\"http",
        "@import",
        "<link",
        "<iframe",
        "<img",
    ] {
        assert!(!lower.contains(bad), "external asset: {bad}");
    }
    assert!(
        html.contains("calendar/gap"),
        "calendar findings are listed"
    );
    assert!(
        html.contains("killers/engagement-bait"),
        "per-post findings are listed"
    );
}

/// The text between `from` and the next `to` after it.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let at = text.find(from).unwrap_or_else(|| panic!("no `{from}`"));
    let rest = &text[at..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[test]
fn html_report_dates_weeks_and_cards_and_links_calendar_findings_to_them() {
    let csv = "text,platform,scheduled\n\
               Our terrace opens on Friday.,facebook,2025-12-24 12:00\n\
               The winter menu starts today.,facebook,2026-01-07 12:00\n";
    let input = scratch("dated.csv", csv);
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar-tests/dated.html");
    let report = report.display().to_string();
    let out = postlint(&["check", &input, "--format", "html", "--output", &report]);
    assert_eq!(out.status.code(), Some(1), "a 14-day gap");
    let html = std::fs::read_to_string(&report).expect("report written");
    well_formed(&html).unwrap_or_else(|e| panic!("not well-formed: {e}"));

    // Weeks by month, under the date of their Monday; the year at the first
    // week and where it changes (29 December is ISO week 1 of 2026).
    let weeks = between(&html, "<section id=\"posts-per-week\">", "</section>");
    assert!(weeks.contains("<figcaption>December 2025</figcaption>"));
    assert!(weeks.contains("<figcaption>January 2026</figcaption>"));
    let labels: Vec<&str> = weeks
        .split("<text class=\"week muted\"")
        .skip(1)
        .map(|t| &t[..t.find("</text>").unwrap_or(t.len())])
        .collect();
    assert_eq!(labels.len(), 3, "{weeks}");
    for (label, (date, year)) in labels.iter().zip([
        ("22 Dec", Some("2025")),
        ("29 Dec", None),
        ("5 Jan", Some("2026")),
    ]) {
        assert!(label.contains(&format!(">{date}</tspan>")), "{label}");
        assert_eq!(
            label.contains("dy=\"14\""),
            year.is_some(),
            "year under {date}: {label}"
        );
        if let Some(y) = year {
            assert!(label.contains(&format!(">{y}</tspan>")), "{label}");
        }
    }
    assert!(weeks.contains("data-week=\"2026-W01\" data-posts=\"0\""));
    assert!(weeks.contains("data-week=\"2025-W52\" data-posts=\"1\""));

    // The gap names both posts and links to their cards; each card shows
    // when it goes out and links back.
    let findings = between(&html, "<section id=\"calendar-findings\">", "</section>");
    let gap = between(findings, "<li id=\"calendar-finding-0\">", "</li>");
    assert!(gap.contains("calendar/gap"), "{gap}");
    assert!(
        gap.contains(&format!("<a href=\"#post-0\">{input}:2</a>")),
        "{gap}"
    );
    assert!(
        gap.contains(&format!("<a href=\"#post-1\">{input}:3</a>")),
        "{gap}"
    );
    let card = between(
        &html,
        "<article class=\"post\" id=\"post-0\">",
        "</article>",
    );
    assert!(
        card.contains("<span class=\"scheduled\">scheduled <time datetime=\"2025-12-24T12:00\">Wed 24 Dec 2025, 12:00</time></span>"),
        "{card}"
    );
    assert!(
        card.contains("<a href=\"#calendar-finding-0\">calendar/gap</a>"),
        "{card}"
    );
    assert!(html.contains("<article class=\"post\" id=\"post-1\">"));

    // The same report in Dutch.
    let out = postlint(&[
        "check",
        &input,
        "--format",
        "html",
        "--output",
        &report,
        "--ui-lang",
        "nl",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.contains("<html lang=\"nl\">"));
    for part in [
        "<h2>Berichten per week per platform</h2>",
        "<figcaption>december 2025</figcaption>",
        ">5 jan</tspan>",
        "gepland <time datetime=\"2025-12-24T12:00\">wo 24 dec 2025, 12:00</time>",
        "<h2>Mix van principes</h2>",
        "Kalenderopmerkingen over dit bericht:",
    ] {
        assert!(html.contains(part), "no `{part}` in the Dutch report");
    }
}

#[test]
fn exit_codes_of_batches() {
    let quiet = "--disable=cialdini,engagement,killers,platform,replies";
    // Only a calendar warning (a 10-day gap): exit 1; without that rule: 0.
    let csv = "text,platform,scheduled\nOur terrace opens on Friday.,facebook,2026-03-02 12:00\nThe spring menu starts today.,facebook,2026-03-12 12:00\n";
    let path = scratch("gap.csv", csv);
    let out = postlint(&["check", &path, quiet, "--format", "line"]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{path}:2:1: warning calendar/gap: A gap of 10 days on Facebook"
        )),
        "{stdout}"
    );
    let out = postlint(&["check", &path, quiet, "--disable", "calendar/gap"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = postlint(&["check", &path, quiet, "--fail-level", "error"]);
    assert_eq!(out.status.code(), Some(0));
    // An input error wins: exit 2.
    let bad = scratch("bad.jsonl", "{\"text\": \"fine\"}\nnot json\n");
    assert_eq!(postlint(&["check", &bad, quiet]).status.code(), Some(2));
    // A file without a text column: exit 2 with help; --column maps it.
    let csv = scratch(
        "copy.csv",
        "Notes,Wording\ninternal,Our terrace opens on Friday.\n",
    );
    let out = postlint(&["check", &csv, quiet]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--column text=NAME"));
    let (doc, out) = json(&[&csv, quiet, "--column", "text=wording"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(doc["summary"]["linted"], 1);
    let out = postlint(&["check", &csv, "--column", "txt=Wording"]);
    assert_eq!(out.status.code(), Some(2), "unknown field in --column");
}

#[test]
fn human_output_has_the_calendar_section_with_bar_charts() {
    let out = postlint(&["check", "examples/calendar.csv"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        text.contains("examples/calendar.csv:10:1:1]"),
        "miette source name is file:record"
    );
    for part in [
        "Calendar findings",
        "Cadence per platform",
        "Principle mix",
        "Questions, humor and sales",
        "█",
    ] {
        assert!(text.contains(part), "missing {part}:\n{text}");
    }
    // Weeks under the date of their Monday, the year above the first one.
    let weeks = text
        .lines()
        .position(|l| l.starts_with("  posts, week of"))
        .unwrap_or_else(|| panic!("no week table:\n{text}"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[weeks],
        "  posts, week of    2 Mar  9 Mar 16 Mar 23 Mar 30 Mar"
    );
    assert_eq!(lines[weeks - 1].trim(), "2026");
    assert_eq!(lines[weeks - 1].find("2026"), Some(21), "over `2 Mar`");
    assert!(lines[weeks + 1].starts_with("  facebook              2      2      1      1      0"));
    // Shares on a 0 to 100 % scale: 4 of 22 posts fill 18 % of the 30
    // cells, though 4 is the largest count; 13 of 22 fill 59 %.
    let line = |start: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no `{start}` line:\n{text}"))
            .to_string()
    };
    assert_eq!(
        line("  Why "),
        format!("  Why                █████▌{}    4   18%", " ".repeat(24))
    );
    assert_eq!(
        line("  questions "),
        format!(
            "  questions          {}▊{}   13   59%",
            "█".repeat(17),
            " ".repeat(12)
        )
    );
    assert!(text.contains("                     0%            50%         100%\n"));
    assert!(
        text.contains("records: examples/calendar.csv:6,7,8"),
        "same-text records"
    );
}

#[test]
fn single_drafts_have_no_calendar_but_a_summary() {
    let (doc, _) = json(&["examples/launch-en.md"]);
    assert!(doc["calendar"].is_null());
    assert_eq!(doc["summary"]["records_read"], 1);
    assert_eq!(doc["summary"]["linted"], 1);
    assert!(schema_errors(&doc).is_empty(), "{:?}", schema_errors(&doc));
}

/// First and last scheduled time of a platform in the calendar summary.
fn cadence(doc: &Value, platform: &str) -> (String, String) {
    let c = &doc["calendar"]["summary"]["platforms"][platform];
    let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
    (s("first"), s("last"))
}

#[test]
fn dates_in_words_twelve_hour_clocks_and_zones_are_read() {
    let csv = "text,platform,scheduled\n\
               Our spring menu is out.,linkedin,\"Monday, March 2, 2026 at 9:30 PM\"\n\
               Het voorjaarsmenu staat online.,linkedin,vr 6 mrt. 2026 om 9u15\n\
               What we learned this week.,linkedin,2026-03-09T08:30:00+01:00[Europe/Brussels]\n";
    let path = scratch("words.csv", csv);
    let (doc, out) = json(&[&path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(input_errors(&doc).is_empty(), "{:?}", input_errors(&doc));
    // Without a calendar zone, a time with a zone is put on UTC.
    assert_eq!(
        cadence(&doc, "linkedin"),
        ("2026-03-02 21:30".into(), "2026-03-09 07:30".into())
    );
    // With one, on the calendar's clock (UTC+1 in March).
    let (doc, _) = json(&["--timezone", "Europe/Amsterdam", &path]);
    assert_eq!(cadence(&doc, "linkedin").1, "2026-03-09 08:30");
}

#[test]
fn us_dates_need_the_date_format_and_errors_say_so() {
    let csv = "text,platform,date\n\
               Our spring menu is out.,x,03/02/2026 09:30\n\
               See you at the fair.,x,03/25/2026 14:00\n";
    let path = scratch("us.csv", csv);
    // Day first: the second row has no month 25, and the error points at mdy.
    let (doc, out) = json(&[&path]);
    assert_eq!(out.status.code(), Some(2));
    let errors = input_errors(&doc);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, 3, "the row's line");
    assert!(errors[0].1.contains("--date-format mdy"), "{errors:?}");
    // Month first: both read, 2 March and 25 March.
    let (doc, out) = json(&["--date-format", "mdy", &path]);
    assert!(input_errors(&doc).is_empty(), "{:?}", input_errors(&doc));
    assert_ne!(out.status.code(), Some(2), "no input error");
    assert_eq!(
        cadence(&doc, "x"),
        ("2026-03-02 09:30".into(), "2026-03-25 14:00".into())
    );
    // An exact pattern reads the same rows.
    let (doc, _) = json(&["--date-format", "%m/%d/%Y %H:%M", &path]);
    assert_eq!(cadence(&doc, "x").1, "2026-03-25 14:00");
}

#[test]
fn bad_date_settings_are_usage_errors_with_a_hint() {
    let path = scratch("one.csv", "text,platform,date\nHello.,x,2026-03-02 09:30\n");
    let out = postlint(&["check", "--timezone", "Europe/Brusels", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--timezone") && err.contains("Europe/Brussels"),
        "{err}"
    );
    let out = postlint(&["check", "--date-format", "dd-mmm", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mdy"));

    // In the config: a diagnostic at the value, with a hint.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("calendar-date-config");
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    std::fs::write(
        dir.join(".postlint.yaml"),
        "platform: x\ntimezone: Europe/Amsterdm\n",
    )
    .expect("config");
    std::fs::write(
        dir.join("cal.csv"),
        "text,platform,date\nHello.,x,2026-03-02 09:30\n",
    )
    .expect("calendar");
    let cal = dir.join("cal.csv").display().to_string();
    let out = postlint(&["check", "--color", "never", &cal]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `Europe/Amsterdam`"), "{err}");
    assert!(
        err.contains("2 │ timezone: Europe/Amsterdm"),
        "points at line 2: {err}"
    );
}

#[test]
fn holiday_dates_are_computed_per_country_and_year() {
    use postlint::engine::calendar::civil_from_days;
    use postlint::engine::occasions::{easter_day, first_day, Country, Occasion};
    let nl = |o, y| first_day(o, Country::Nl, y);
    let be = |o, y| first_day(o, Country::Be, y);
    for (year, month, day) in [(2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2028, 4, 16)] {
        assert_eq!(civil_from_days(easter_day(year)), (year, month, day));
    }
    // Easter's window starts on Good Friday.
    assert_eq!(nl(Occasion::Easter, 2027), (2027, 3, 26));
    // 27 April 2025 was a Sunday.
    assert_eq!(nl(Occasion::Koningsdag, 2025), (2025, 4, 26));
    assert_eq!(nl(Occasion::Koningsdag, 2026), (2026, 4, 27));
    assert_eq!(nl(Occasion::Pinksteren, 2026), (2026, 5, 24));
    assert_eq!(nl(Occasion::Pinksteren, 2027), (2027, 5, 16));
    // Carnival Saturday: Easter − 50 days.
    assert_eq!(nl(Occasion::Carnaval, 2026), (2026, 2, 14));
    assert_eq!(nl(Occasion::BlackFriday, 2026), (2026, 11, 27));
    assert_eq!(nl(Occasion::BlackFriday, 2025), (2025, 11, 28));
    assert_eq!(nl(Occasion::MothersDay, 2026), (2026, 5, 10));
    assert_eq!(be(Occasion::MothersDay, 2026), (2026, 5, 10));
    assert_eq!(nl(Occasion::FathersDay, 2026), (2026, 6, 21));
    assert_eq!(be(Occasion::FathersDay, 2026), (2026, 6, 14));
    assert_eq!(nl(Occasion::Sinterklaas, 2026), (2026, 12, 5));
    assert_eq!(be(Occasion::Sinterklaas, 2026), (2026, 12, 6));
    assert_eq!(nl(Occasion::Christmas, 2026), (2026, 12, 24));
    assert_eq!(nl(Occasion::Valentine, 2027), (2027, 2, 14));
    // The Dutch winter sales of 2027 start after Christmas 2026.
    assert_eq!(nl(Occasion::WinterSales, 2027), (2026, 12, 26));
    assert_eq!(be(Occasion::WinterSales, 2027), (2027, 1, 3));
    assert_eq!(be(Occasion::SummerSales, 2026), (2026, 7, 1));
}

/// The records `calendar/stale-seasonal` points at, and its message.
fn stale(doc: &Value) -> Option<(Vec<u64>, String)> {
    let findings = doc["calendar"]["findings"].as_array()?;
    let f = findings
        .iter()
        .find(|f| f["rule"] == "calendar/stale-seasonal")?;
    let records = f["records"]
        .as_array()?
        .iter()
        .filter_map(|r| r["record"].as_u64().or_else(|| r.as_u64()))
        .collect();
    Some((records, f["message"].as_str()?.to_string()))
}

/// A folder with a config and a calendar; the JSON report of checking it.
fn check_with_config(name: &str, config: &str, csv: &str) -> (Value, Output) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    std::fs::write(dir.join(".postlint.yaml"), config).expect("config");
    std::fs::write(dir.join("cal.csv"), csv).expect("calendar");
    json(&[&dir.join("cal.csv").display().to_string()])
}

const SEASONAL: &str = "date,platform,text\n\
    2026-12-05 09:00,facebook,Sinterklaas komt vanavond! Pakjesavond bij ons in de winkel.\n\
    2026-12-06 09:00,facebook,Sinterklaas is er! Kom vandaag nog je chocoladeletter halen.\n\
    2026-12-28 09:00,facebook,Merry Christmas! Order our Christmas box today.\n\
    2027-01-08 09:00,facebook,Christmas tree collection: bring yours on Saturday.\n\
    2027-01-09 09:00,facebook,Last year's Christmas market in numbers: 3000 visitors.\n\
    2026-08-01 09:00,facebook,Kom naar onze opendeurdag!\n";

#[test]
fn stale_seasonal_follows_the_country_and_leaves_near_misses_alone() {
    // NL: Sinterklaas is over on 6 December; Christmas is over on the 28th.
    let (doc, _) = check_with_config("seasonal-nl", "packs: [calendar]\n", SEASONAL);
    let (records, message) = stale(&doc).expect("stale-seasonal fires");
    assert_eq!(records, vec![3, 4], "{doc:#}");
    assert!(
        message.starts_with("2 posts name Sinterklaas and Christmas out of season"),
        "{message}"
    );
    // BE: 6 December is Sinterklaas itself.
    let (doc, _) = check_with_config("seasonal-be", "packs: [calendar]\ncountry: be\n", SEASONAL);
    assert_eq!(stale(&doc).expect("fires").0, vec![4]);
}

#[test]
fn a_teams_own_events_are_judged_by_their_dates() {
    let config = "packs: [calendar]\ncountry: BE\nevents:\n  - name: Opendeurdag\n    words: [opendeurdag, open dag]\n    from: 2026-10-03\n    until: 2026-10-04\n";
    let (doc, _) = check_with_config("seasonal-events", config, SEASONAL);
    let (records, message) = stale(&doc).expect("fires");
    // 1 August is more than six weeks before 3 October.
    assert_eq!(records, vec![4, 7]);
    assert!(message.contains("Christmas and Opendeurdag"), "{message}");
    let csv = "date,platform,text\n2026-09-01 09:00,x,Save a seat for our opendeurdag.\n2026-10-05 09:00,x,Our open dag was great fun.\n";
    let (doc, _) = check_with_config("seasonal-events-2", config, csv);
    // Records are numbered by line (the header is line 1).
    assert_eq!(stale(&doc).expect("fires").0, vec![3]);
}

#[test]
fn holiday_settings_in_the_config_are_checked_where_they_are_written() {
    let cases = [
        ("country: FR\n", "`country` must be `NL` or `BE`", "1 │ country: FR"),
        (
            "events:\n  - name: Open day\n    from: 2026-10-03\n",
            "event `Open day` has no `words`",
            "2 │   - name: Open day",
        ),
        (
            "events:\n  - name: Open day\n    words: [open day]\n    from: 2026-10-03\n  - name: Summer party\n    words: [summer party]\n    from: 2026-13-01\n",
            "`from` of event `Summer party` must be a date, YYYY-MM-DD",
            "7 │     from: 2026-13-01",
        ),
        (
            "events:\n  - name: Open day\n    words: [open day]\n    from: 2026-10-03\n    until: 2026-10-01\n",
            "event `Open day` ends before it starts",
            "5 │     until: 2026-10-01",
        ),
        (
            "events:\n  - name: Open day\n    words: [open day]\n    form: 2026-10-03\n",
            "unknown key `form` in event `Open day`",
            "4 │     form: 2026-10-03",
        ),
        (
            "events:\n  - words: [open day]\n    from: 2026-10-03\n",
            "event 1 has no `name`",
            "events:",
        ),
    ];
    config_mistakes("seasonal-config", &cases, SEASONAL);
}

/// Each config of `cases` is refused with exit code 2, a message and the
/// line it quotes (`N │ text`).
fn config_mistakes(name: &str, cases: &[(&str, &str, &str)], csv: &str) {
    for (i, (config, message, line)) in cases.iter().enumerate() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{i}"));
        std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
        std::fs::write(dir.join(".postlint.yaml"), config).expect("config");
        std::fs::write(dir.join("cal.csv"), csv).expect("calendar");
        let cal = dir.join("cal.csv").display().to_string();
        let out = postlint(&["check", "--color", "never", &cal]);
        assert_eq!(out.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{config}: {err}");
        assert!(err.contains(line), "{config}: {err}");
    }
}

const PILLARS: &str = "packs: [calendar]\npillars:\n  - name: education\n    share: 40%\n    words: [how to, tip, tips, checklist]\n  - name: community\n    share: 30%\n    words: [meet, our team, behind the scenes]\n  - name: promotion\n    share: 20%\n    tags: [promo]\n    words: [book now, discount]\n";

/// March: six of eight posts promotion (two by the `promo` tag, one tagged
/// promo although its words say education); April: on plan.
const PILLAR_CSV: &str = "date,platform,pillar,text\n\
    2026-03-02 09:00,linkedin,promo,Spring deal on every workshop booked this week.\n\
    2026-03-04 09:00,linkedin,,Last places in our April workshop. Book now.\n\
    2026-03-06 09:00,linkedin,,A discount for teams: book now.\n\
    2026-03-09 09:00,linkedin,,Book now: a free intro call this month.\n\
    2026-03-11 09:00,linkedin,promo,Three tips for your proposal in our paid course.\n\
    2026-03-16 09:00,linkedin,,How to write a proposal that gets read.\n\
    2026-03-18 09:00,linkedin,,Meet Sara who joined our team this week.\n\
    2026-03-23 09:00,linkedin,,Two seats left for Thursday. Book now.\n\
    2026-04-01 09:00,linkedin,,How to write a proposal that gets read.\n\
    2026-04-03 09:00,linkedin,,Meet Sara who joined our team.\n\
    2026-04-06 09:00,linkedin,,Three tips before you quote a price.\n\
    2026-04-08 09:00,linkedin,Promo,Last places in our May workshop.\n\
    2026-04-10 09:00,linkedin,,A checklist for your first client meeting.\n\
    2026-04-13 09:00,linkedin,,Behind the scenes of our team day.\n\
    2026-04-15 09:00,linkedin,,Our new pricing: book now.\n\
    2026-04-17 09:00,linkedin,,Meet Tom our new designer.\n";

fn pillar_drift(doc: &Value) -> Vec<&Value> {
    doc["calendar"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "calendar/pillar-drift")
        .collect()
}

#[test]
fn pillar_drift_compares_each_month_with_the_targets() {
    let (doc, _) = check_with_config("pillars", PILLARS, PILLAR_CSV);
    assert!(schema_errors(&doc).is_empty(), "{:?}", schema_errors(&doc));
    let found = pillar_drift(&doc);
    assert_eq!(found.len(), 1, "only March drifts: {doc:#}");
    let f = found[0];
    assert_eq!(f["month"], "2026-03");
    assert_eq!(
        f["message"],
        "In March 2026, your content pillars drift from their targets: promotion 75% (target 20%), education 13% (target 40%) and community 13% (target 30%)."
    );
    // It points at the posts of the pillar above its target (lines 2-6, 9).
    let records: Vec<u64> = f["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter_map(|r| r["record"].as_u64())
        .collect();
    assert_eq!(records, vec![2, 3, 4, 5, 6, 9]);

    let months = doc["calendar"]["summary"]["pillars"]
        .as_array()
        .expect("each month's pillars in the summary");
    assert_eq!(months.len(), 2);
    let row = |m: usize, p: usize| {
        let x = &months[m]["pillars"][p];
        (
            x["name"].as_str().unwrap_or_default().to_string(),
            x["posts"].as_u64().unwrap_or(99),
            x["off"].as_bool().unwrap_or(false),
        )
    };
    assert_eq!(row(0, 2), ("promotion".into(), 6, true));
    assert_eq!(row(0, 0), ("education".into(), 1, true));
    // April: 3 education, 3 community, 2 promotion (a tag in any case).
    assert_eq!(
        (row(1, 0).1, row(1, 1).1, row(1, 2).1, row(1, 2).2),
        (3, 3, 2, false)
    );
    assert_eq!(months[1]["none"], 0);
}

#[test]
fn pillar_drift_is_silent_without_pillars_and_below_min_posts() {
    let (doc, _) = check_with_config("pillars-none", "packs: [calendar]\n", PILLAR_CSV);
    assert!(pillar_drift(&doc).is_empty());
    assert!(doc["calendar"]["summary"].get("pillars").is_none());
    // Seven posts in March are too few to judge a mix.
    let seven: String = PILLAR_CSV.lines().take(8).collect::<Vec<_>>().join("\n");
    let (doc, _) = check_with_config("pillars-seven", PILLARS, &seven);
    assert!(pillar_drift(&doc).is_empty(), "{doc:#}");
    // A wider tolerance for promotion alone still leaves education and community off.
    let wide = PILLARS.replace(
        "    tags: [promo]\n",
        "    tags: [promo]\n    tolerance: 60%\n",
    );
    let (doc, _) = check_with_config("pillars-wide", &wide, PILLAR_CSV);
    let message = pillar_drift(&doc)[0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!message.contains("promotion"), "{message}");
    assert!(message.contains("education 13% (target 40%)"), "{message}");
}

#[test]
fn pillars_come_from_jsonl_tags_and_draft_front_matter_too() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pillars-sources");
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    std::fs::write(dir.join(".postlint.yaml"), PILLARS).expect("config");
    let mut jsonl = String::new();
    for day in 1..=8 {
        let tags = if day <= 6 {
            r#"["spring", "promo"]"#
        } else {
            r#""education""#
        };
        jsonl.push_str(&format!(
            "{{\"scheduled\": \"2026-05-{day:02} 09:00\", \"platform\": \"x\", \"tags\": {tags}, \"text\": \"Post number {day} of May.\"}}\n"
        ));
    }
    std::fs::write(dir.join("cal.jsonl"), jsonl).expect("calendar");
    let (doc, _) = json(&[&dir.join("cal.jsonl").display().to_string()]);
    let found = pillar_drift(&doc);
    assert_eq!(found.len(), 1, "{doc:#}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("In May 2026, your content pillars drift from their targets: promotion 75% (target 20%)"),
        "{}",
        found[0]["message"]
    );

    let drafts = dir.join("drafts");
    std::fs::create_dir_all(&drafts).expect("drafts");
    for day in 1..=8 {
        let pillar = if day <= 2 { "promotion" } else { "community" };
        std::fs::write(
            drafts.join(format!("{day:02}.md")),
            format!("---\nplatform: linkedin\nscheduled: 2026-06-{day:02} 09:00\npillar: {pillar}\n---\nA post for June, number {day}.\n"),
        )
        .expect("draft");
    }
    let (doc, _) = json(&[&drafts.display().to_string()]);
    let found = pillar_drift(&doc);
    assert_eq!(found.len(), 1, "{doc:#}");
    let message = found[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("community 75% (target 30%)"), "{message}");
    assert!(message.contains("education 0% (target 40%)"), "{message}");
}

#[test]
fn pillar_drift_speaks_dutch_and_the_terminal_shows_the_months() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pillars-nl");
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    std::fs::write(dir.join(".postlint.yaml"), PILLARS).expect("config");
    std::fs::write(dir.join("cal.csv"), PILLAR_CSV).expect("calendar");
    let cal = dir.join("cal.csv").display().to_string();
    let (doc, _) = json(&["--ui-lang", "nl", &cal]);
    assert_eq!(
        pillar_drift(&doc)[0]["message"],
        "In maart 2026 wijken je contentpijlers af van hun doel: promotion 75% (doel 20%), education 13% (doel 40%) en community 13% (doel 30%)."
    );
    let out = postlint(&["check", "--color", "never", &cal]);
    let text = String::from_utf8_lossy(&out.stdout);
    let table = between(&text, "Content pillars", "\n\n");
    let lines: Vec<&str> = table.lines().map(str::trim_end).collect();
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("target  Mar 2026  Apr 2026")),
        "{table}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("  promotion")
            && l.contains("20%")
            && l.contains("75% ▲")
            && l.ends_with("25%")),
        "{table}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  education") && l.contains("13% ▼")),
        "{table}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("  no pillar")),
        "{table}"
    );
    let out = postlint(&["check", "--color", "never", "--ui-lang", "nl", &cal]);
    let text = String::from_utf8_lossy(&out.stdout);
    let table = between(&text, "Contentpijlers", "\n\n");
    assert!(table.contains("doel  mrt 2026  apr 2026"), "{table}");
    assert!(table.contains("geen pijler"), "{table}");
    assert!(!text.contains("Content pillars"), "{text}");
    let html = dir.join("report.html").display().to_string();
    postlint(&[
        "check",
        &cal,
        "--ui-lang",
        "nl",
        "--format",
        "html",
        "--output",
        &html,
    ]);
    let page = std::fs::read_to_string(&html).expect("report");
    let section = between(&page, "<section id=\"content-pillars\">", "</section>");
    assert!(section.contains("<h2>Contentpijlers</h2>"), "{section}");
    assert!(
        section.contains(
            "title=\"75% van de berichten van maart 2026 (6 van 8); doel 20%\">75% ▲</td>"
        ),
        "{section}"
    );
}

#[test]
fn pillar_settings_are_checked_where_they_are_written() {
    let cases = [
        (
            "pillars:\n  - name: education\n    words: [tip]\n",
            "pillar `education` has no `share`",
            "2 │   - name: education",
        ),
        (
            "pillars:\n  - name: education\n    share: 60%\n  - name: promotion\n    share: 50%\n",
            "the pillars' shares add up to 110%, more than all posts",
            "1 │ pillars:",
        ),
        (
            "pillars:\n  - name: education\n    share: 40%\n  - name: promotion\n    share: lots\n",
            "`share` of pillar `promotion` must be a percentage from 0% to 100%",
            "5 │     share: lots",
        ),
        (
            "pillars:\n  - name: education\n    share: 40%\n    word: [tip]\n",
            "unknown key `word` in pillar `education`",
            "4 │     word: [tip]",
        ),
        (
            "pillars:\n  - name: education\n    share: 40%\n    words: [\"tip (free)\"]\n",
            "`tip (free)` is not a word or phrase postlint can look for",
            "4 │     words:",
        ),
        (
            "pillars:\n  - name: Education\n    share: 40%\n  - name: education\n    share: 10%\n",
            "pillar `education` is declared twice",
            "4 │   - name: education",
        ),
        (
            "pillars: education\n",
            "`pillars` must be a list of content pillars",
            "1 │ pillars: education",
        ),
        (
            "pillars:\n  - name: education\n    share: 0.4\n",
            "`share` of pillar `education` must be a percentage from 0% to 100%",
            "3 │     share: 0.4",
        ),
    ];
    config_mistakes("pillar-config", &cases, PILLAR_CSV);
}
