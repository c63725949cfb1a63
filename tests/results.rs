//! `postlint report --results`: the example calendar and its analytics export
//! (examples/results/, written by `postlint-bench gen-results`) joined and
//! compared; the minimum, unmatched rows, broken rows and exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{root, stderr, stdout};
use serde_json::Value;

const CALENDAR: &str = "examples/results/calendar.csv";
const EXPORT: &str = "examples/results/analytics.csv";

fn report(args: &[&str]) -> Output {
    let mut all = vec!["report", "--no-config"];
    all.extend_from_slice(args);
    common::run(&root(), &all, None, &[])
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).expect("the output is JSON")
}

fn group<'a>(doc: &'a Value, list: &str, id: &str) -> &'a Value {
    doc[list]
        .as_array()
        .expect("a list")
        .iter()
        .find(|g| g["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {list}"))
}

/// The export with its lines changed by `edit` (line numbers from 1).
fn edited_export(dir: &Path, edit: impl Fn(usize, &str) -> Option<String>) -> PathBuf {
    let text = std::fs::read_to_string(root().join(EXPORT)).expect("example export");
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .filter_map(|(i, l)| edit(i + 1, l))
        .collect();
    let path = dir.join("analytics.csv");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write export");
    path
}

#[test]
fn the_example_shows_bare_links_doing_worse_and_social_proof_better() {
    let o = report(&["--results", EXPORT, CALENDAR]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "  joined:   225 rows (199 by post id, 26 by date and platform); 5 rows unmatched; 15 calendar posts without results; 0 rows without impressions or reach",
        "  posts with `killers/bare-link`: median engagement rate 0.9 % vs 2.3 % (n = 42 / 183); difference -1.4 points [-1.6, -1.2], -63 %, p < 0.001",
        "  posts using social proof: median engagement rate 3.0 % vs 1.8 % (n = 43 / 182); difference +1.2 points [+0.6, +1.5], +69 %, p < 0.001",
        "  posts using scarcity: not enough posts (n = 0 / 225; at least 10 on each side)",
        "  examples/results/analytics.csv:227: no calendar post with id `9001`, and none that day on linkedin",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
    assert!(out.contains("Calendar posts without results (15)\n  examples/results/calendar.csv:7, examples/results/calendar.csv:14,"), "{out}");
    assert!(out.contains("Correlation, not causation"), "{out}");
}

#[test]
fn json_follows_its_schema_adds_up_and_is_reproducible() {
    let o = report(&["--results", EXPORT, CALENDAR, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = json(&o);
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("docs/schema/results-v1.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));

    let j = &doc["join"];
    assert_eq!(j["export_rows"], 230);
    assert_eq!(j["matched"], 225);
    assert_eq!(
        (j["by_id"].as_u64(), j["by_date"].as_u64()),
        (Some(199), Some(26))
    );
    assert_eq!(j["unmatched"], 5);
    assert_eq!(doc["unmatched"].as_array().map(Vec::len), Some(5));
    assert_eq!(j["calendar_posts"], 240);
    assert_eq!(j["posts_without_results"], 15);
    assert_eq!(doc["without_results"].as_array().map(Vec::len), Some(15));

    let bare = group(&doc, "rules", "killers/bare-link");
    assert_eq!(
        (
            bare["with"]["posts"].as_u64(),
            bare["without"]["posts"].as_u64()
        ),
        (Some(42), Some(183))
    );
    let interval = bare["interval"].as_array().expect("an interval");
    let (lo, hi) = (
        interval[0].as_f64().unwrap_or(0.0),
        interval[1].as_f64().unwrap_or(0.0),
    );
    let diff = bare["difference"].as_f64().expect("a difference");
    assert!(lo <= diff && diff <= hi && hi < 0.0, "{lo} {diff} {hi}");
    assert!(bare["p_value"].as_f64().expect("a p-value") < 0.001);
    assert_eq!(
        doc["rules"][0]["id"], "killers/bare-link",
        "the strongest evidence first"
    );

    let proof = group(&doc, "principles", "social_proof");
    assert_eq!(proof["name"], "Social proof");
    assert!(proof["difference"].as_f64().expect("a difference") > 0.0);
    let scarcity = group(&doc, "principles", "scarcity");
    assert_eq!(scarcity["enough"], false);
    assert!(scarcity["difference"].is_null() && scarcity["p_value"].is_null());

    let again = report(&["--results", EXPORT, CALENDAR, "--format", "json"]);
    assert_eq!(
        stdout(&again),
        stdout(&o),
        "the fixed seed gives the same intervals"
    );
}

#[test]
fn below_ten_posts_a_side_it_says_not_enough_posts() {
    let dir = temp_dir("results-few");
    // The header and the first 40 rows: 5 bare links.
    let export = edited_export(&dir, |n, l| (n <= 41).then(|| l.to_string()));
    let export = export.to_string_lossy().into_owned();
    let o = report(&["--results", &export, CALENDAR]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("  posts with `killers/bare-link`: not enough posts (n = 5 / 35; at least 10 on each side)"), "{out}");
    assert!(out.contains("200 calendar posts without results"), "{out}");
    let doc = json(&report(&[
        "--results",
        &export,
        CALENDAR,
        "--format",
        "json",
    ]));
    let bare = group(&doc, "rules", "killers/bare-link");
    assert_eq!(bare["enough"], false);
    assert!(bare["difference"].is_null() && bare["interval"].is_null());
    let median = |side: &str| bare[side]["median"].as_f64().expect("medians stay");
    assert!(median("with") < median("without"), "{bare}");
}

#[test]
fn a_broken_row_is_named_by_file_and_line_and_the_rest_still_counts() {
    let dir = temp_dir("results-broken");
    let export = edited_export(&dir, |n, l| {
        Some(if n == 3 {
            l.replace(",2943,", ",lots,")
        } else {
            l.to_string()
        })
    });
    let export = export.to_string_lossy().into_owned();
    let o = report(&["--results", &export, CALENDAR, "--format", "json"]);
    assert_eq!(o.status.code(), Some(2), "an input error exits 2");
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "{export}:3: column `impressions`: `lots` is not a number"
        )),
        "{err}"
    );
    let doc = json(&o);
    assert_eq!(doc["join"]["export_rows"], 229);
    assert_eq!(doc["join"]["matched"], 224);
    assert_eq!(doc["errors"][0]["line"], 3);
    assert!(group(&doc, "rules", "killers/bare-link")["enough"] == true);
}

#[test]
fn a_row_without_id_joins_by_date_and_platform_and_a_second_row_is_unmatched() {
    let dir = temp_dir("results-join");
    // Line 2 is post 1001 (facebook, 2026-03-02 09:00): drop its id, then
    // add a row for the same post by id, and one on linkedin that day.
    let export = edited_export(&dir, |n, l| {
        match n {
        2 => Some(format!("{l}\n1001,2026-03-02T09:00:00Z,facebook,100,70,1,0\n,2026-03-02T09:00:00Z,linkedin,100,70,1,0").replacen("1001,", ",", 1)),
        _ => Some(l.to_string()),
    }
    });
    let export = export.to_string_lossy().into_owned();
    let doc = json(&report(&[
        "--results",
        &export,
        CALENDAR,
        "--format",
        "json",
    ]));
    assert_eq!(doc["join"]["by_date"], 27);
    assert_eq!(doc["join"]["unmatched"], 7);
    let reasons: Vec<String> = doc["unmatched"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|u| {
            format!(
                "{}: {}",
                u["line"],
                u["reason"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        reasons.contains(
            &"3: an earlier row already holds the results of examples/results/calendar.csv:2"
                .to_string()
        ),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"4: no calendar post that day on linkedin".to_string()),
        "{reasons:?}"
    );
}

#[test]
fn usage_and_unreadable_inputs_exit_2() {
    let o = report(&[CALENDAR]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--results"), "{}", stderr(&o));
    let o = report(&[
        "--results",
        EXPORT,
        "--results-platform",
        "myspace",
        CALENDAR,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown platform `myspace`"),
        "{}",
        stderr(&o)
    );
    let o = report(&["--results", "no-such-export.csv", CALENDAR]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no-such-export.csv: cannot read file"),
        "{}",
        stderr(&o)
    );
    let dir = temp_dir("results-header");
    let export = dir.join("export.csv");
    std::fs::write(&export, "Caption,Impressions\nhello,100\n").expect("write");
    let o = report(&["--results", &export.to_string_lossy(), CALENDAR]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(":1: no post id and no date column"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_html_report_has_the_results_section_with_its_chart() {
    let dir = temp_dir("results-html");
    let page = dir.join("report.html");
    let o = report(&[
        "--results",
        EXPORT,
        CALENDAR,
        "--format",
        "html",
        "-o",
        &page.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).expect("the report");
    let section = &html[html.find("<section id=\"results\">").expect("the section")..];
    let section = &section[..section.find("</section>").expect("closed")];
    assert!(section.contains("<h2>Findings held against results</h2>"));
    assert!(section.contains("<div class=\"card\"><b>225</b><span>export rows joined</span></div>"));
    assert!(section.contains("<code>killers/bare-link</code><span>0.9 % vs 2.3 % · n = 42 / 183 · -1.4 points · p &lt; 0.001</span>"), "{section}");
    assert_eq!(
        section.matches("class=\"effect-track\"").count(),
        7,
        "4 rules and 3 principles with enough posts"
    );
    assert!(section.contains("<td>Scarcity</td><td class=\"num\">0 / 225</td>"));
    assert!(
        html.contains("<section id=\"calendar-findings\">"),
        "the rest of the report follows"
    );
}

#[test]
fn the_docs_show_the_real_output_of_the_example() {
    let o = report(&["--results", EXPORT, CALENDAR]);
    let out = stdout(&o);
    let head: Vec<&str> = out.lines().take(21).collect();
    let docs = std::fs::read_to_string(root().join("docs/calendars.md")).expect("docs");
    let block = format!("```text\n{}\n```", head.join("\n"));
    assert!(
        docs.contains(&block),
        "docs/calendars.md should show:\n{block}"
    );
}
