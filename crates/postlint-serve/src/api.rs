//! postlint's own API: `POST /api/v1/check` answers with the document of
//! `postlint check --format json` (docs/output.md) for one draft or a
//! batch; `GET /api/v1/rules` lists the rules with their docs and the
//! platforms, for the page. Requests carry text, never a path.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use postlint::records::{self, Record, Records};
use postlint::{parse_kind, platform_list, Outcome, RuleSet};
use serde::{Deserialize, Serialize};

use crate::{blocking, ApiError, App};

/// The name a draft sent to the API is reported under.
pub const DRAFT_SOURCE: &str = "draft";

pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/api/v1/check", post(check))
        .route("/api/v1/rules", get(rules))
}

/// One draft (`text`) or a batch (`records` and `format`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRequest {
    text: Option<String>,
    platform: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
    in_reply_to: Option<String>,
    media: Option<bool>,
    reply_delay: Option<f64>,
    records: Option<String>,
    format: Option<String>,
}

/// What a request sets for posts that do not set it themselves (in front
/// matter or a column), as the flags of `postlint check` do.
struct PostSettings {
    platform: Option<String>,
    kind: Option<String>,
    lang: Option<String>,
    in_reply_to: Option<String>,
    media: Option<bool>,
    reply_delay: Option<f64>,
}

impl PostSettings {
    fn apply(&self, r: &mut Record) {
        let fill = |slot: &mut Option<String>, value: &Option<String>| {
            if slot.is_none() {
                slot.clone_from(value);
            }
        };
        fill(&mut r.platform, &self.platform);
        fill(&mut r.kind, &self.kind);
        fill(&mut r.lang, &self.lang);
        fill(&mut r.in_reply_to, &self.in_reply_to);
        r.media = r.media.or(self.media);
        r.reply_delay = r.reply_delay.or(self.reply_delay);
    }
}

/// An empty string is a field not given (a form's empty choice).
fn given(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

async fn check(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|r| ApiError::rejected(r.status(), r.body_text()))?;
    let request: CheckRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body must be a JSON object with `text` (a draft) or `records` and `format` (a batch): {e}"
        ))
    })?;
    let out = blocking(move || {
        let outcome = lint(&app, request)?;
        let mut out = Vec::with_capacity(4096);
        postlint::json::write(&outcome, &mut out).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(out)
    })
    .await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

fn lint(app: &App, request: CheckRequest) -> Result<Outcome, ApiError> {
    let linter = app.linter();
    let settings = PostSettings {
        platform: given(request.platform),
        kind: given(request.kind),
        lang: given(request.lang),
        in_reply_to: given(request.in_reply_to),
        media: request.media,
        reply_delay: request.reply_delay,
    };
    check_settings(linter.rules(), &settings)?;
    let dates = &linter.defaults().dates;
    match (request.text, request.records) {
        (Some(text), None) => {
            if request.format.is_some() {
                return Err(ApiError::bad_request(
                    "`format` goes with `records`, not with `text`",
                ));
            }
            let mut outcome = Outcome::default();
            let linted = records::draft_record(DRAFT_SOURCE, None, text.into_bytes(), dates)
                .and_then(|mut record| {
                    settings.apply(&mut record);
                    linter.lint_record(record)
                });
            match linted {
                Ok(post) => outcome.posts.push(post),
                Err(e) => outcome.errors.push(e),
            }
            Ok(outcome)
        }
        (None, Some(batch)) => {
            let format = request.format.as_deref().unwrap_or("csv");
            let bytes = std::io::Cursor::new(batch.into_bytes());
            let records: Records = match format {
                "csv" => records::csv_records("upload.csv", bytes, &[], dates),
                "jsonl" => records::jsonl_records("upload.jsonl", bytes, dates),
                other => {
                    return Err(ApiError::bad_request(format!(
                        "`format` must be `csv` or `jsonl`, not `{other}`"
                    )))
                }
            };
            Ok(linter.lint_records(records.map(|r| {
                r.map(|mut r| {
                    settings.apply(&mut r);
                    r
                })
            })))
        }
        (Some(_), Some(_)) => Err(ApiError::bad_request(
            "send `text` (a draft) or `records` (a batch), not both",
        )),
        (None, None) => Err(ApiError::bad_request(
            "`text` (a draft) or `records` with `format` (a batch) is required",
        )),
    }
}

/// A request's platform and kind must exist, as `check`'s flags must.
fn check_settings(rules: &RuleSet, settings: &PostSettings) -> Result<(), ApiError> {
    if let Some(p) = &settings.platform {
        if rules.platform(&records::platform_id(p)).is_none() {
            return Err(ApiError::bad_request(format!(
                "unknown platform `{p}`; {}",
                platform_list(rules)
            )));
        }
    }
    parse_kind(settings.kind.as_deref())
        .map_err(|_| ApiError::bad_request("`kind` must be `post` or `reply`"))?;
    Ok(())
}

async fn rules(State(app): State<Arc<App>>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        app.rules_json.clone(),
    )
        .into_response()
}

/// `GET /api/v1/rules`: every rule with its docs, and the platforms.
#[derive(Serialize)]
struct RulesDocument<'a> {
    rules: Vec<RuleDoc<'a>>,
    platforms: Vec<&'a postlint::engine::Platform>,
}

#[derive(Serialize)]
struct RuleDoc<'a> {
    id: &'a str,
    severity: postlint::Severity,
    pack: &'a str,
    languages: &'a [String],
    enabled: bool,
    calendar: bool,
    category: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
    /// Paragraphs apart by a blank line, each on one line.
    rationale: String,
}

pub fn rules_document(rules: &RuleSet) -> Vec<u8> {
    let doc = RulesDocument {
        rules: rules
            .rules()
            .map(|r| RuleDoc {
                id: &r.id,
                severity: r.severity,
                pack: &r.pack,
                languages: &r.languages,
                enabled: r.enabled,
                calendar: r.calendar,
                category: r.category.as_deref(),
                message: &r.message,
                help: r.help.as_deref(),
                rationale: paragraphs(&r.rationale),
            })
            .collect(),
        platforms: rules.platforms().collect(),
    };
    // Plain data of strings, numbers and booleans: serializing cannot fail.
    serde_json::to_vec(&doc).unwrap_or_default()
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
