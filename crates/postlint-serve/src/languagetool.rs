//! The LanguageTool v2 API as its clients call it (browser add-ons, editor
//! plugins, `language-tool-python`): `GET /v2/languages` and `/v2/check`
//! with form fields, answered in LanguageTool's shape with offsets in
//! UTF-16 code units. postlint's findings are mapped here and only here;
//! which fields are honoured is in docs/server.md.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::{Form, Json, Router};
use postlint::records::{self, Record};
use postlint::{Finding, Linted, Severity};
use serde::{Deserialize, Serialize};

use crate::{blocking, ApiError, App};

mod annotated;

use annotated::Plain;

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/v2/languages", get(languages))
        .route("/v2/check", get(check).post(check))
        .layer(axum::middleware::map_response(any_origin))
}

/// LanguageTool's public servers answer any origin; web clients expect it.
async fn any_origin(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

// ---------------------------------------------------------------- languages

/// Names of the languages and variants postlint's built-in lexicons cover.
const VARIANTS: &[(&str, &str, &str)] = &[
    ("en", "English", "en"),
    ("en", "English (US)", "en-US"),
    ("en", "English (GB)", "en-GB"),
    ("en", "English (Australian)", "en-AU"),
    ("en", "English (Canadian)", "en-CA"),
    ("en", "English (New Zealand)", "en-NZ"),
    ("en", "English (South African)", "en-ZA"),
    ("nl", "Dutch", "nl"),
    ("nl", "Dutch (Netherlands)", "nl-NL"),
    ("nl", "Dutch (Belgium)", "nl-BE"),
];

#[derive(Serialize)]
struct Language {
    name: String,
    code: String,
    #[serde(rename = "longCode")]
    long_code: String,
}

async fn languages(State(app): State<Arc<App>>) -> Json<Vec<Language>> {
    let mut out = Vec::new();
    for code in app.linter().rules().languages() {
        let known: Vec<_> = VARIANTS.iter().filter(|v| v.0 == code).collect();
        if known.is_empty() {
            out.push(Language {
                name: code.clone(),
                code: code.clone(),
                long_code: code.clone(),
            });
        }
        for (code, name, long) in known {
            out.push(Language {
                name: name.to_string(),
                code: code.to_string(),
                long_code: long.to_string(),
            });
        }
    }
    Json(out)
}

/// The name of a language code or variant, as in the list.
fn language_name(long_code: &str) -> String {
    VARIANTS
        .iter()
        .find(|v| v.2.eq_ignore_ascii_case(long_code))
        .map_or_else(|| long_code.to_string(), |v| v.1.to_string())
}

// ---------------------------------------------------------------- check

/// The form fields of `/v2/check`; LanguageTool's other fields (`level`,
/// `motherTongue`, `preferredVariants`, credentials) are accepted and ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CheckParams {
    text: Option<String>,
    /// Annotated text: `{"annotation": [{"text": …}, {"markup": …, "interpretAs": …}]}`.
    data: Option<String>,
    language: Option<String>,
    enabled_rules: Option<String>,
    disabled_rules: Option<String>,
    enabled_categories: Option<String>,
    disabled_categories: Option<String>,
    enabled_only: Option<String>,
    // postlint's own fields.
    platform: Option<String>,
    kind: Option<String>,
    in_reply_to: Option<String>,
}

async fn check(
    State(app): State<Arc<App>>,
    form: Result<Form<CheckParams>, FormRejection>,
) -> Result<Json<CheckResponse>, ApiError> {
    let Form(params) = form.map_err(|r| ApiError::rejected(r.status(), r.body_text()))?;
    let answer = blocking(move || check_text(&app, params)).await?;
    Ok(Json(answer))
}

/// Which findings a request wants (`enabledRules`, `disabledRules`,
/// categories, `enabledOnly`); categories are packs.
struct Selection {
    enabled: BTreeSet<String>,
    disabled: BTreeSet<String>,
    enabled_packs: BTreeSet<String>,
    disabled_packs: BTreeSet<String>,
    only: bool,
}

fn list(value: &Option<String>) -> BTreeSet<String> {
    value
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A category id is the pack's name in capitals, `-` as `_`.
fn category_id(pack: &str) -> String {
    pack.to_uppercase().replace('-', "_")
}

fn pack_list(value: &Option<String>) -> BTreeSet<String> {
    list(value).iter().map(|c| category_id(c)).collect()
}

impl Selection {
    fn of(params: &CheckParams) -> Result<Selection, ApiError> {
        let only = matches!(params.enabled_only.as_deref(), Some("true" | "yes" | "1"));
        let s = Selection {
            enabled: list(&params.enabled_rules),
            disabled: list(&params.disabled_rules),
            enabled_packs: pack_list(&params.enabled_categories),
            disabled_packs: pack_list(&params.disabled_categories),
            only,
        };
        if s.only && s.enabled.is_empty() && s.enabled_packs.is_empty() {
            return Err(ApiError::bad_request(
                "enabledOnly needs enabledRules or enabledCategories",
            ));
        }
        Ok(s)
    }

    /// Whether a rule named in the request is to run (before the project's say).
    fn asked(&self, id: &str, pack: &str) -> bool {
        self.enabled.contains(id) || self.enabled_packs.contains(&category_id(pack))
    }

    fn keeps(&self, id: &str, pack: &str, on_in_project: bool) -> bool {
        let asked = self.asked(id, pack);
        let wanted = if self.only {
            asked
        } else {
            asked || on_in_project
        };
        wanted && !self.disabled.contains(id) && !self.disabled_packs.contains(&category_id(pack))
    }
}

fn check_text(app: &App, params: CheckParams) -> Result<CheckResponse, ApiError> {
    let plain = match (&params.text, &params.data) {
        (Some(text), None) => Plain::of_text(text),
        (None, Some(data)) => Plain::of_annotation(data)?,
        (Some(_), Some(_)) => return Err(ApiError::bad_request("send `text` or `data`, not both")),
        (None, None) => {
            return Err(ApiError::bad_request(
                "missing `text` or `data` (annotated text)",
            ))
        }
    };
    let selection = Selection::of(&params)?;
    let project = app.linter();
    let requested = params.language.clone().unwrap_or_else(|| "auto".into());
    let lang = if requested.eq_ignore_ascii_case("auto") {
        None
    } else {
        let code = requested
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if !project.rules().languages().contains(&code) {
            return Err(ApiError::bad_request(format!(
                "language `{requested}` is not supported; postlint checks {} (or auto)",
                project.rules().languages().join(", ")
            )));
        }
        Some(code)
    };
    // A rule the project leaves off runs only on the linter with every rule on.
    let needs_all = project
        .rules()
        .rules()
        .any(|r| !r.enabled && selection.asked(&r.id, &r.pack));
    let linter = if needs_all { app.all_on()? } else { project };

    let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let platform = given(&params.platform);
    if let Some(p) = &platform {
        if linter.rules().platform(&records::platform_id(p)).is_none() {
            return Err(ApiError::bad_request(format!(
                "unknown platform `{p}`; {}",
                postlint::platform_list(linter.rules())
            )));
        }
    }
    let kind = given(&params.kind);
    postlint::parse_kind(kind.as_deref())
        .map_err(|_| ApiError::bad_request("`kind` must be `post` or `reply`"))?;
    // The text as it is: no front matter, and nothing else read from it.
    let record = Record {
        source: "text".into(),
        text: plain.text.clone(),
        platform,
        lang,
        kind,
        in_reply_to: given(&params.in_reply_to),
        // Read as typed, whatever the config says: offsets are into this text.
        origin: Some("draft".into()),
        ..Record::default()
    };
    let post = linter
        .lint_record(record)
        .map_err(|e| ApiError::bad_request(e.message))?;
    let rules = project.rules();
    let matches = post
        .report
        .findings
        .iter()
        .filter(|f| {
            let (pack, on) = rules
                .rule(&f.rule)
                .map_or(("", true), |r| (r.pack.as_str(), r.enabled));
            selection.keeps(&f.rule, pack, on)
        })
        .map(|f| lt_match(linter, &plain, &post, f))
        .collect();
    let detected = &post.report.language;
    let language_code = if lang_is_auto(&requested) {
        detected.clone()
    } else {
        requested.clone()
    };
    Ok(CheckResponse {
        software: Software {
            name: "postlint",
            version: env!("CARGO_PKG_VERSION"),
            build_date: None,
            api_version: 1,
            premium: false,
            status: "",
        },
        warnings: Warnings {
            incomplete_results: false,
        },
        language: ResponseLanguage {
            name: language_name(&language_code),
            code: language_code,
            detected_language: DetectedLanguage {
                name: language_name(detected),
                code: detected.clone(),
                confidence: if post.report.language_detected {
                    0.9
                } else {
                    1.0
                },
            },
        },
        matches,
    })
}

fn lang_is_auto(requested: &str) -> bool {
    requested.eq_ignore_ascii_case("auto")
}

/// One finding as a LanguageTool match. A fix that reaches past the
/// finding widens the match, so that its replacement is for the match.
fn lt_match(linter: &postlint::Linter, plain: &Plain, post: &Linted, f: &Finding) -> Match {
    let text = &post.text;
    let (mut start, mut end) = (f.span.start, f.span.end);
    let mut replacements = Vec::new();
    if let Some(fix) = &f.fix {
        start = start.min(fix.span.start);
        end = end.max(fix.span.end);
        let before = text.get(start..fix.span.start).unwrap_or("");
        let after = text.get(fix.span.end..end).unwrap_or("");
        replacements.push(Replacement {
            value: format!("{before}{}{after}", fix.replacement),
        });
    }
    let info = linter.rules().rule(&f.rule);
    let pack = info.map_or("", |r| r.pack.as_str());
    let message = match &f.help {
        Some(help) => format!("{} {help}", f.message),
        None => f.message.clone(),
    };
    let (offset, length) = plain.utf16_range(start, end);
    Match {
        message,
        short_message: info.map_or_else(String::new, |r| short_message(&r.id)),
        replacements,
        offset,
        length,
        context: context(text, start, end),
        sentence: sentence(text, start, end).to_string(),
        kind: MatchType {
            type_name: if f.severity == Severity::Suggestion {
                "Hint"
            } else {
                "Other"
            },
        },
        rule: Rule {
            id: f.rule.clone(),
            description: info.map_or_else(String::new, |r| description(&r.message)),
            issue_type: issue_type(f.severity),
            category: Category {
                id: category_id(pack),
                name: pack.to_string(),
            },
        },
        ignore_for_incomplete_sentence: false,
        context_for_sure_match: 0,
    }
}

/// `killers/bare-link` → `Bare link`.
fn short_message(id: &str) -> String {
    let name = id.rsplit('/').next().unwrap_or(id).replace('-', " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// LanguageTool's issue types steer how clients draw a match: errors break
/// a platform's limits or a rule the writer must follow, the rest is style.
fn issue_type(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "nonconformance",
        Severity::Warning | Severity::Suggestion => "style",
    }
}

/// Characters of context on each side, as LanguageTool gives.
const CONTEXT_CHARS: usize = 40;

fn context(text: &str, start: usize, end: usize) -> Context {
    let head = text.get(..start).unwrap_or("");
    let tail = text.get(end..).unwrap_or("");
    let matched = text.get(start..end).unwrap_or("");
    let before_at = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after_to = tail
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(tail.len(), |(i, _)| i);
    let mut out = String::new();
    if before_at > 0 {
        out.push_str("...");
    }
    out.push_str(&head[before_at..]);
    let offset = utf16_len(&out);
    out.push_str(matched);
    out.push_str(&tail[..after_to]);
    if after_to < tail.len() {
        out.push_str("...");
    }
    // One line, as LanguageTool's context is; every replaced character is one unit.
    let out = out.replace(['\n', '\r', '\t'], " ");
    Context {
        text: out,
        offset,
        length: utf16_len(matched),
    }
}

/// The sentence the match is in: from the end of the sentence before it
/// to the end of its own (a `.`, `!`, `?` or `…` before a space or the end
/// of the text, or a line break), so a URL's dots end nothing.
fn sentence(text: &str, start: usize, end: usize) -> &str {
    let mut chars = text.char_indices().peekable();
    let (mut from, mut to) = (0, text.len());
    while let Some((i, c)) = chars.next() {
        let after = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let stop = c == '\n'
            || (matches!(c, '.' | '!' | '?' | '…') && next.is_none_or(char::is_whitespace));
        if !stop {
            continue;
        }
        if after <= start {
            from = after;
        } else if after >= end {
            to = after;
            break;
        }
    }
    text.get(from..to).unwrap_or("").trim()
}

/// A rule's message with its `{placeholders}` left open: what the rule
/// says in general, for `rule.description`. A plural keeps its second form
/// (`{words|word|words}` reads "… words").
fn description(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push('…');
                let inside = &rest[open + 1..open + close];
                if let Some((_, forms)) = inside.split_once('|') {
                    out.push(' ');
                    out.push_str(forms.split('|').nth(1).unwrap_or(forms));
                }
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

// ---------------------------------------------------------------- the answer

#[derive(Debug, Serialize)]
pub struct CheckResponse {
    software: Software,
    warnings: Warnings,
    language: ResponseLanguage,
    matches: Vec<Match>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Software {
    name: &'static str,
    version: &'static str,
    build_date: Option<&'static str>,
    api_version: u32,
    premium: bool,
    status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Warnings {
    incomplete_results: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseLanguage {
    name: String,
    code: String,
    detected_language: DetectedLanguage,
}

#[derive(Debug, Serialize)]
struct DetectedLanguage {
    name: String,
    code: String,
    confidence: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Match {
    message: String,
    short_message: String,
    replacements: Vec<Replacement>,
    offset: usize,
    length: usize,
    context: Context,
    sentence: String,
    #[serde(rename = "type")]
    kind: MatchType,
    rule: Rule,
    ignore_for_incomplete_sentence: bool,
    context_for_sure_match: i32,
}

#[derive(Debug, Serialize)]
struct Replacement {
    value: String,
}

#[derive(Debug, Serialize)]
struct Context {
    text: String,
    offset: usize,
    length: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchType {
    type_name: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    description: String,
    issue_type: &'static str,
    category: Category,
}

#[derive(Debug, Serialize)]
struct Category {
    id: String,
    name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_counts_utf16_and_marks_cuts() {
        let text = "😀 Read this: https://example.com";
        let start = text.find("https").unwrap();
        let c = context(text, start, text.len());
        assert_eq!(c.text, text);
        assert_eq!(c.offset, 14); // the emoji is two units
        assert_eq!(c.length, 19);
        let long = format!("{}x{}", "a".repeat(50), "b".repeat(50));
        let c = context(&long, 50, 51);
        assert!(c.text.starts_with("...") && c.text.ends_with("..."));
        assert_eq!(&c.text[c.offset..c.offset + 1], "x");
    }

    #[test]
    fn sentence_is_the_one_around_the_match() {
        let text = "First one. Read this: link! Last.";
        let at = text.find("link").unwrap();
        assert_eq!(sentence(text, at, at + 4), "Read this: link!");
        let text = "Read this!!! https://example.com/report";
        assert_eq!(sentence(text, 9, 12), "Read this!!!");
        assert_eq!(sentence(text, 13, text.len()), "https://example.com/report");
        assert_eq!(sentence("One\ntwo", 4, 7), "two");
    }

    #[test]
    fn descriptions_leave_placeholders_open() {
        assert_eq!(
            description("This link stands alone: only {words} words of your own."),
            "This link stands alone: only … words of your own."
        );
        assert_eq!(
            description("This link stands alone: only {words|word|words} of your own."),
            "This link stands alone: only … words of your own."
        );
        assert_eq!(description("no {end"), "no {end");
    }

    #[test]
    fn short_messages_come_from_rule_names() {
        assert_eq!(short_message("killers/bare-link"), "Bare link");
    }
}
