//! `--format sarif`: SARIF 2.1.0 for code-scanning tools. Every rule of the
//! loaded set is described in `tool.driver.rules`; each finding is a result
//! with its region (lines, columns in code points, bytes) and, when the rule
//! has one, its fix. Input errors are tool execution notifications.

use std::cell::Cell;
use std::collections::HashMap;

use postlint_engine::{Finding, RuleInfo, RuleSet, Severity};
use serde_json::{json, Value};

use postlint::engine::CalendarFinding;
use postlint::{Calendar, Linted, Outcome};

use super::reporter::Reporter;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A URI reference for a path as given on the command line.
pub fn uri_of(path: &str) -> String {
    let mut out = String::new();
    let path = path.replace('\\', "/");
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A rule message template as a description: `{match}` becomes `‹match›`
/// (not `<match>`, which GitHub's Markdown sanitizer drops as a tag).
fn template(t: &str) -> String {
    t.replace('{', "‹").replace('}', "›")
}

/// Literal braces in SARIF message strings are doubled (§3.11.5).
fn message_text(t: &str) -> String {
    t.replace('{', "{{").replace('}', "}}")
}

fn collapse(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    let short = template(&r.message);
    let rationale = collapse(&r.rationale);
    let help = r
        .help
        .as_deref()
        .map(template)
        .unwrap_or_else(|| short.clone());
    let mut markdown = format!("**{}**\n\n{help}", short);
    if !rationale.is_empty() {
        markdown.push_str(&format!("\n\n{rationale}"));
    }
    if let Some(e) = r.examples.iter().find(|e| !e.fires) {
        markdown.push_str(&format!(
            "\n\nPasses ({}): {}",
            e.lang,
            e.text.replace('\n', " ")
        ));
    }
    let mut tags = vec![r.pack.clone()];
    tags.extend(r.category.clone());
    tags.extend(r.principle.clone());
    tags.sort();
    tags.dedup();
    json!({
        "id": r.id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": if rationale.is_empty() { short.clone() } else { rationale } },
        "help": { "text": help, "markdown": markdown },
        "helpUri": super::reporter::rule_doc_uri(&r.id),
        "defaultConfiguration": { "level": level(r.severity), "enabled": r.enabled },
        "properties": { "pack": r.pack, "tags": tags },
    })
}

fn region(text: &str, start: usize, end: usize) -> Value {
    let (start_line, start_column) = postlint_engine::line_column(text, start);
    let (end_line, end_column) = postlint_engine::line_column(text, end);
    let mut r = json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "byteOffset": start,
        "byteLength": end.saturating_sub(start),
    });
    if let Some(s) = text.get(start..end).filter(|s| !s.is_empty()) {
        r["snippet"] = json!({ "text": s });
    }
    r
}

/// The region of a record of a batch file: its lines only (byte offsets and
/// columns into the record's text are not the file's).
fn record_region(p: &Linted, f: &Finding) -> Value {
    let (start_line, end_line) = p.file_lines(f);
    let mut r = json!({ "startLine": start_line, "endLine": end_line });
    if let Some(s) = p
        .text
        .get(f.span.start..f.span.end)
        .filter(|s| !s.is_empty())
    {
        r["snippet"] = json!({ "text": s });
    }
    r
}

fn result(p: &Linted, f: &Finding, index: Option<usize>) -> Value {
    let uri = uri_of(&p.source);
    let region = if p.is_file() {
        region(&p.text, f.span.start, f.span.end)
    } else {
        record_region(p, f)
    };
    let message = super::reporter::message_with_help(&f.message, f.help.as_deref(), None);
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": message_text(&message) },
        "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri }, "region": region } }],
    });
    if let Some(i) = index {
        r["ruleIndex"] = json!(i);
    }
    if let Some(rec) = p.record {
        r["properties"] = json!({ "record": rec });
    }
    // A fix rewrites bytes of the file: only when the text is the file.
    if let Some(fix) = f.fix.as_ref().filter(|_| p.is_file()) {
        let description = if fix.replacement.is_empty() {
            "Remove it".to_string()
        } else {
            format!("Replace with \"{}\"", fix.replacement)
        };
        r["fixes"] = json!([{
            "description": { "text": message_text(&description) },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri },
                "replacements": [{
                    "deletedRegion": { "byteOffset": fix.span.start, "byteLength": fix.span.end.saturating_sub(fix.span.start) },
                    "insertedContent": { "text": fix.replacement },
                }],
            }],
            "properties": { "safe": fix.safe },
        }]);
    }
    r
}

/// A calendar finding: located at the file and line of each record it
/// concerns (the first 20), and naming them all in its message.
fn calendar_result(c: &Calendar, f: &CalendarFinding, index: Option<usize>) -> Value {
    let records = (!f.records.is_empty()).then(|| c.records_text(&f.records));
    let message = super::reporter::message_with_help(&f.message, f.help.as_deref(), records);
    let location = |source: &str, line: usize| {
        json!({ "physicalLocation": {
            "artifactLocation": { "uri": uri_of(source) },
            "region": { "startLine": line },
        } })
    };
    let mut locations: Vec<Value> = f
        .records
        .iter()
        .take(20)
        .map(|&id| {
            let (source, record) = c.record(id);
            location(source, record.unwrap_or(1))
        })
        .collect();
    // A finding about the calendar as a whole sits at its first file.
    if let (true, Some(first)) = (locations.is_empty(), c.sources().first()) {
        locations.push(location(first, 1));
    }
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": message_text(&message) },
        "locations": locations,
        "properties": { "calendar": true },
    });
    if let Some(i) = index {
        r["ruleIndex"] = json!(i);
    }
    r
}

/// Results are written as they come (one a line) and the rules at the end,
/// so a batch of any size streams: only the results' count is kept.
#[derive(Default)]
pub struct Sarif {
    /// Results written so far (a `,` goes before every one but the first).
    written: Cell<usize>,
}

impl Sarif {
    fn write_result(&self, out: &mut dyn std::io::Write, result: &Value) -> std::io::Result<()> {
        let sep = if self.written.get() == 0 { "" } else { ",\n" };
        self.written.set(self.written.get() + 1);
        write!(out, "{sep}        {result}")
    }
}

/// Rule indexes by id, for `ruleIndex`.
fn rule_indexes(rules: &RuleSet) -> HashMap<&str, usize> {
    rules
        .rules()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect()
}

impl Reporter for Sarif {
    fn begin(&self, _: &RuleSet, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.written.set(0);
        write!(
            out,
            "{{\n  \"$schema\": {},\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [\n",
            Value::from(SCHEMA)
        )
    }

    fn posts(
        &self,
        posts: &[Linted],
        _: bool,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let index = rule_indexes(rules);
        for p in posts {
            for f in &p.report.findings {
                self.write_result(out, &result(p, f, index.get(f.rule.as_str()).copied()))?;
            }
        }
        Ok(())
    }

    /// Calendar results, then the rules, the invocation and the end of the document.
    fn end(
        &self,
        outcome: &Outcome,
        rules: &RuleSet,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let index = rule_indexes(rules);
        if let Some(c) = &outcome.calendar {
            for f in &c.report.findings {
                let r = calendar_result(c, f, index.get(f.rule.as_str()).copied());
                self.write_result(out, &r)?;
            }
        }
        let notifications: Vec<Value> = outcome
            .errors
            .iter()
            .map(|e| {
                let mut location = json!({ "artifactLocation": { "uri": uri_of(&e.source) } });
                if let Some(l) = e.line {
                    location["region"] = json!({ "startLine": l });
                }
                json!({ "level": "error", "message": { "text": message_text(&e.message) }, "locations": [{ "physicalLocation": location }] })
            })
            .collect();
        let tool = json!({ "driver": {
            "name": "postlint",
            "informationUri": env!("CARGO_PKG_REPOSITORY"),
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules.rules().map(rule_descriptor).collect::<Vec<_>>(),
        } });
        let invocations = json!([{
            "executionSuccessful": outcome.errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }]);
        let pretty = |v: &Value| {
            serde_json::to_string_pretty(v)
                .unwrap_or_default()
                .replace('\n', "\n      ")
        };
        write!(
            out,
            "\n      ],\n      \"tool\": {},\n      \"invocations\": {}\n    }}\n  ]\n}}\n",
            pretty(&tool),
            pretty(&invocations)
        )
    }
}
