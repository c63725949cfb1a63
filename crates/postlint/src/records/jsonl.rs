//! JSONL records: one JSON object a line, its fields by name.

use std::io::BufRead;

use super::{parse_media, split_ids, split_tags, Record, Records};
use crate::dates::DateReader;
use crate::input::InputError;
use crate::jsonl::JsonlReader;

// ---------------------------------------------------------------- JSONL

/// Fields of X's API and of archives built on it: a record that has one is
/// API text (see `--origin`).
const X_API_FIELDS: &[&str] = &[
    "created_at",
    "id_str",
    "twitter_lang",
    "in_reply_to_status_id",
    "in_reply_to_screen_name",
    "retweet_count",
    "favorite_count",
    "conversation_id",
];

/// Records of a JSONL file: one JSON object a line.
struct JsonlRecords<R> {
    source: String,
    lines: JsonlReader<R>,
    dates: DateReader,
}

fn json_record(
    source: &str,
    line: usize,
    text: &str,
    dates: &DateReader,
) -> Result<Record, InputError> {
    let err = |message: String| InputError {
        source: source.to_string(),
        line: Some(line),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(obj) = value else {
        return Err(err("expected a JSON object: {\"text\": \"…\", …}".into()));
    };
    object_record(source, line, obj, dates)
}

/// A record from the object of one JSONL line (or a dict handed over by an
/// embedder), read the way `postlint check` reads a JSONL file's line `line`.
pub fn object_record(
    source: &str,
    line: usize,
    mut obj: serde_json::Map<String, serde_json::Value>,
    dates: &DateReader,
) -> Result<Record, InputError> {
    let err = |message: String| InputError {
        source: source.to_string(),
        line: Some(line),
        message,
    };
    // Fields are taken out of the object (no copies of the texts).
    let mut string = |key: &str| -> Result<Option<String>, InputError> {
        match obj.remove(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(err(format!("`{key}` must be a string, not {other}"))),
        }
    };
    let text = string("text")?
        .ok_or_else(|| err("missing text: every line needs a \"text\" field".into()))?;
    let scheduled = match string("scheduled")? {
        Some(s) => Some(dates.read(&s).map_err(err)?),
        None => None,
    };
    let platform = string("platform")?;
    let lang = string("lang")?.or(string("language")?);
    let kind = string("kind")?;
    let in_reply_to = string("in_reply_to")?;
    let origin = string("origin")?;
    let api_fields = X_API_FIELDS.iter().any(|f| obj.contains_key(*f));
    let media = match obj.get("media") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Bool(b)) => Some(*b),
        Some(serde_json::Value::String(s)) => parse_media(s),
        Some(serde_json::Value::Number(n)) => Some(n.as_f64() != Some(0.0)),
        Some(other) => {
            return Err(err(format!(
                "`media` must be true/false or an image URL, not {other}"
            )))
        }
    };
    let reply_delay = match obj.get("reply_delay_minutes") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(
            v.as_f64()
                .ok_or_else(|| err(format!("`reply_delay_minutes` must be a number, not {v}")))?,
        ),
    };
    let disable = match obj.remove("disable") {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::String(s)) => split_ids(&s),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| err("`disable` must be a list of rule ids".into()))?,
        Some(v) => {
            return Err(err(format!(
                "`disable` must be a list of rule ids, not {v}"
            )))
        }
    };
    let mut tags = Vec::new();
    for key in ["pillar", "tags"] {
        match obj.remove(key) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => tags.extend(split_tags(&s)),
            Some(serde_json::Value::Array(items)) => tags.extend(
                items
                    .iter()
                    .map(|i| i.as_str().map(|s| s.trim().to_string()))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| err(format!("`{key}` must be a tag or a list of tags")))?,
            ),
            Some(v) => {
                return Err(err(format!(
                    "`{key}` must be a tag or a list of tags, not {v}"
                )))
            }
        }
    }
    let id = match obj.remove("id") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(v) => Some(v.to_string()),
    };
    Ok(Record {
        source: source.to_string(),
        record: Some(line),
        id,
        text,
        platform,
        lang,
        kind,
        media,
        scheduled,
        reply_delay,
        in_reply_to,
        origin,
        api_fields,
        disable,
        tags,
        line_based: true,
        ..Record::default()
    })
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Record, InputError>;
    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.lines.next()? {
            Ok(l) => json_record(&self.source, l.line, &l.text, &self.dates),
            Err(e) => Err(InputError {
                source: self.source.clone(),
                line: Some(e.line),
                message: e.message,
            }),
        })
    }
}

/// Records of JSONL text from any reader: one JSON object a line; dates are
/// read by `dates`.
pub fn jsonl_records<R: BufRead + Send + 'static>(
    source: &str,
    reader: R,
    dates: &DateReader,
) -> Records {
    Box::new(JsonlRecords {
        source: source.to_string(),
        lines: JsonlReader::new(reader),
        dates: dates.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_and_errors() {
        let r = json_record("p.jsonl", 3, r#"{"text": "Hi", "platform": "x", "media": "yes", "scheduled": "2026-03-02T09:00:00Z", "id": 7}"#, &DateReader::default()).expect("valid");
        assert_eq!(
            (r.record, r.media, r.id.as_deref()),
            (Some(3), Some(true), Some("7"))
        );
        assert!(
            json_record("p.jsonl", 4, "{\"text\": ", &DateReader::default())
                .is_err_and(|e| e.message.starts_with("invalid JSON") && e.line == Some(4))
        );
        assert!(
            json_record("p.jsonl", 5, r#"{"platform": "x"}"#, &DateReader::default())
                .is_err_and(|e| e.message.contains("missing text"))
        );
        assert!(
            json_record("p.jsonl", 6, r#"{"text": 3}"#, &DateReader::default())
                .is_err_and(|e| e.message.contains("must be a string"))
        );
    }
}
