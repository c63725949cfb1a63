//! Reading drafts: files or bytes, plain text or Markdown with YAML front
//! matter. Markdown syntax (code, link targets, HTML comments) is marked as
//! not-prose; the front matter sets platform, language, kind and media.

use std::path::Path;

use postlint_engine::Span;
use postlint_text::export::{decode_entities, looks_like_x_export, read_x_export, Origin};

use crate::yaml::{self, Value};

/// A draft ready to lint.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Name shown in output (a path, or the `--stdin-filename`, or `<stdin>`).
    pub source: String,
    /// The whole file text.
    pub text: String,
    /// Where the post body starts (after front matter).
    pub body_start: usize,
    pub front: FrontMatter,
    /// Ranges of the body (relative to body start) that are not prose.
    pub ignore: Vec<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    pub platform: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<String>,
    pub media: Option<bool>,
    pub reply_delay: Option<f64>,
    /// `in_reply_to:`: the message this reply answers.
    pub in_reply_to: Option<String>,
    /// `origin:`: `draft` or `x-export`.
    pub origin: Option<String>,
    pub disable: Vec<String>,
    /// `pillar:` and `tags:`: a tag that names a content pillar puts the
    /// post in it (other tags, a site generator's, are left alone).
    pub tags: Vec<String>,
    /// `scheduled:` (for calendars), as written; see `postlint_engine::calendar::parse_datetime`.
    pub scheduled: Option<String>,
}

/// An input that could not be read.
#[derive(Debug, Clone)]
pub struct InputError {
    pub source: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for InputError {
    /// `source[:line]: message`, as every format prints an input error.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.source, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for InputError {}

impl Draft {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The text that would be posted: the body without the trailing newline
    /// (and spaces) every editor adds to a file, so a draft exactly at the
    /// limit is counted at the limit.
    pub fn post_text(&self) -> &str {
        self.body().trim_end()
    }
}

/// Drop findings of rules the draft disables (`disable:` in front matter, by
/// rule id or pack), and move the rest from the post body into the file:
/// spans by the body's start, line and column recomputed in `text`.
pub fn place_findings(
    findings: &mut Vec<postlint_engine::Finding>,
    disable: &[String],
    body_start: usize,
    text: &str,
) {
    findings.retain(|f| {
        !disable.iter().any(|id| {
            *id == f.rule
                || f.rule
                    .strip_prefix(id.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    });
    // The body starts on a line of its own: a finding's column stays, its
    // line moves down by the front matter's lines.
    let header_lines = text
        .get(..body_start)
        .map_or(0, |h| h.bytes().filter(|&b| b == b'\n').count());
    for f in findings {
        f.span.start += body_start;
        f.span.end += body_start;
        if let Some(fix) = &mut f.fix {
            fix.span.start += body_start;
            fix.span.end += body_start;
        }
        f.line += header_lines;
    }
}

pub fn read_path(path: &Path) -> Result<Vec<u8>, InputError> {
    std::fs::read(path).map_err(|e| InputError {
        source: path.display().to_string(),
        line: None,
        message: format!("cannot read file: {e}"),
    })
}

/// Decode and parse one draft.
pub fn draft(source: &str, bytes: Vec<u8>) -> Result<Draft, InputError> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        InputError {
            source: source.to_string(),
            line: Some(line),
            message: format!("invalid UTF-8 at byte {offset}: postlint reads UTF-8 text only"),
        }
    })?;
    if text.as_bytes().contains(&0) {
        return Err(InputError {
            source: source.to_string(),
            line: None,
            message: "this looks like a binary file (it contains NUL bytes), not a draft".into(),
        });
    }
    // A byte order mark (Windows editors write one) is not text, and must
    // not hide the front matter behind it.
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let after_bom = &text[bom..];
    let markdown = source.ends_with(".md")
        || source.ends_with(".markdown")
        || after_bom.starts_with("---\n")
        || after_bom.starts_with("---\r\n");
    let (front, body_start) = if markdown {
        let (front, start) = front_matter(source, after_bom)?;
        (front, start + bom)
    } else {
        (FrontMatter::default(), bom)
    };
    let ignore = if markdown {
        markdown_ignores(&text[body_start..])
    } else {
        Vec::new()
    };
    Ok(Draft {
        source: source.to_string(),
        text,
        body_start,
        front,
        ignore,
    })
}

/// The front matter keys postlint reads (other keys are left to other tools).
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "platform",
    "lang",
    "language",
    "kind",
    "media",
    "reply_delay",
    "reply_delay_minutes",
    "in_reply_to",
    "reply_to",
    "origin",
    "scheduled",
    "date",
    "publish_at",
    "disable",
    "postlint-disable",
    "pillar",
    "tags",
];

fn front_matter(source: &str, text: &str) -> Result<(FrontMatter, usize), InputError> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok((FrontMatter::default(), 0));
    };
    let header_len = text.len() - rest.len();
    let Some(end) = rest.find("\n---").map(|i| i + 1) else {
        return Ok((FrontMatter::default(), 0));
    };
    let yaml_text = &rest[..end];
    let after = &rest[end + 3..];
    let body_start = header_len + end + 3 + after.find('\n').map_or(after.len(), |i| i + 1);
    let value = yaml::parse(yaml_text).map_err(|e| InputError {
        source: source.to_string(),
        line: e
            .offset
            .map(|o| yaml_text[..o.min(yaml_text.len())].matches('\n').count() + 2),
        message: format!("front matter is not valid YAML: {}", e.message),
    })?;
    let mut fm = FrontMatter::default();
    if let Value::Mapping(m) = value {
        for (k, v) in m {
            match k.as_str().unwrap_or_default() {
                "platform" => fm.platform = v.as_str().map(str::to_string),
                "lang" | "language" => fm.lang = v.as_str().map(str::to_string),
                "kind" => fm.kind = v.as_str().map(str::to_string),
                "media" => {
                    fm.media = v
                        .as_bool()
                        .or_else(|| v.as_str().map(|s| s == "yes" || s == "true"))
                }
                "reply_delay" | "reply_delay_minutes" => fm.reply_delay = v.as_f64(),
                "in_reply_to" | "reply_to" => fm.in_reply_to = v.as_str().map(str::to_string),
                "origin" => fm.origin = v.as_str().map(str::to_string),
                "scheduled" | "date" | "publish_at" => {
                    fm.scheduled = match &v {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    }
                }
                "disable" | "postlint-disable" => {
                    fm.disable = match v {
                        Value::Sequence(items) => items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect(),
                        Value::String(s) => vec![s],
                        _ => Vec::new(),
                    }
                }
                "pillar" | "tags" => match v {
                    Value::Sequence(items) => fm.tags.extend(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().map(|s| s.trim().to_string())),
                    ),
                    Value::String(s) => fm.tags.extend(crate::records::split_tags(&s)),
                    _ => {}
                },
                other => {
                    // Front matter is shared with site generators (title,
                    // tags, …): only a near miss of a postlint key is a mistake.
                    let keys: Vec<String> =
                        FRONT_MATTER_KEYS.iter().map(|k| k.to_string()).collect();
                    // A typo: one edit in three characters at most ("platfrom", not "title").
                    let max = (other.chars().count() / 3).min(2);
                    if let Some(near) = crate::suggest::closest_within(other, &keys, max) {
                        let line = text
                            .lines()
                            .position(|l| l.trim_start().starts_with(other))
                            .map_or(2, |i| i + 1);
                        return Err(InputError {
                            source: source.to_string(),
                            line: Some(line),
                            message: format!(
                                "unknown front matter key `{other}`; did you mean `{near}`?"
                            ),
                        });
                    }
                }
            }
        }
    }
    Ok((fm, body_start.min(text.len())))
}

/// The ranges of [`markdown_ignores`] that are code or comments (not link
/// targets): no finding starts in them and no fix rewrites them.
pub fn markdown_code(body: &str, ignores: &[Span]) -> Vec<Span> {
    ignores
        .iter()
        .filter(|s| !body[..s.start.min(body.len())].ends_with("]("))
        .copied()
        .collect()
}

/// Byte ranges of Markdown that are not prose: fenced and inline code,
/// HTML comments and tags, and link targets (`](…)`), which still count as links.
pub fn markdown_ignores(body: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let rest = &body[i..];
        if line_start && (rest.starts_with("```") || rest.starts_with("~~~")) {
            let fence = &rest[..3];
            let end = rest[3..].find(fence).map_or(body.len(), |e| i + 3 + e + 3);
            out.push(Span::new(i, end));
            i = end;
            continue;
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(body.len(), |e| i + e + 3);
            out.push(Span::new(i, end));
            i = end;
            continue;
        }
        if let Some(code) = rest.strip_prefix('`') {
            if let Some(e) = code.find(['`', '\n']) {
                if rest.as_bytes()[1 + e] == b'`' {
                    out.push(Span::new(i, i + e + 2));
                    i += e + 2;
                    continue;
                }
            }
        }
        if rest.starts_with("](") {
            if let Some(e) = rest.find(')') {
                out.push(Span::new(i + 2, i + e));
                i += e + 1;
                continue;
            }
        }
        line_start = bytes[i] == b'\n';
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_sets_metadata_and_body() {
        let d = draft(
            "a.md",
            b"---\nplatform: instagram\nmedia: false\nlang: nl\n---\nHallo daar\n".to_vec(),
        )
        .unwrap();
        assert_eq!(d.front.platform.as_deref(), Some("instagram"));
        assert_eq!(d.front.media, Some(false));
        assert_eq!(d.body(), "Hallo daar\n");
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        let e = draft("x.txt", b"ok\n\xff".to_vec()).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("byte 3"), "{}", e.message);
    }

    #[test]
    fn markdown_code_and_link_targets_are_not_prose() {
        let body = "See `BUY NOW` and [this](https://x.com/a)\n```\nSHOUT\n```\n";
        let spans = markdown_ignores(body);
        let texts: Vec<&str> = spans.iter().map(|s| &body[s.start..s.end]).collect();
        assert_eq!(
            texts,
            vec!["`BUY NOW`", "https://x.com/a", "```\nSHOUT\n```"]
        );
    }
}

/// How a post's text was read: as typed, or back from a platform's export
/// (see [`postlint_text::export`]).
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub origin: Origin,
    /// Bytes at the start of the body the platform does not count.
    pub uncounted_prefix: usize,
}

impl Reading {
    /// Read the body of `text` (from `body_start`) by its origin: `origin`
    /// as set, or else guessed for an exported record on X (`record_on_x`:
    /// `Some(api_fields)`): API text when the record has X API fields or its
    /// text has entities or `t.co` links. An exported text is rewritten in place.
    pub fn of(
        text: &mut String,
        body_start: usize,
        origin: Option<Origin>,
        record_on_x: Option<bool>,
    ) -> Reading {
        let body = text.get(body_start..).unwrap_or("");
        let api_text = match record_on_x {
            Some(api_fields) => api_fields || looks_like_x_export(body),
            None => false,
        };
        let origin = origin.unwrap_or(if api_text {
            Origin::XExport
        } else {
            Origin::Draft
        });
        let mut uncounted_prefix = 0;
        if origin == Origin::XExport {
            let exported = read_x_export(body);
            uncounted_prefix = exported.uncounted_prefix;
            text.truncate(body_start.min(text.len()));
            text.push_str(&exported.text);
        }
        Reading {
            origin,
            uncounted_prefix,
        }
    }

    /// The message answered, read the same way as the post.
    pub fn reply_text(&self, reply: Option<String>) -> Option<String> {
        match self.origin {
            Origin::XExport => reply.map(|r| decode_entities(&r).into_owned()),
            Origin::Draft => reply,
        }
    }
}
