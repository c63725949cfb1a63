//! Batches of posts: a CSV or JSONL export of a scheduler, or a folder of
//! Markdown drafts. Readers stream records one by one; [`run`] lints them in
//! parallel chunks (output in input order), keeps a compact summary per post
//! and evaluates the calendar rules over the whole batch at the end.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use postlint_engine::calendar::parse_datetime;
use postlint_engine::{CalendarReport, Kind, Post, PostSummary, RuleSet, Severity, Span};
use rayon::prelude::*;

use crate::input::{self, InputError};
use crate::jsonl::JsonlReader;
use crate::render::{Linted, Outcome, Renderer};
use postlint_text::export::Origin;

/// Records linted together (in parallel) before their output is written.
const CHUNK: usize = 4096;
/// Inputs above this size get a progress bar (when stderr is a terminal).
const LARGE_INPUT_BYTES: u64 = 2 << 20;

/// What kind of batch a path is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchKind {
    Csv,
    Jsonl,
    Folder,
}

pub fn kind_of(path: &Path) -> Option<BatchKind> {
    if path.is_dir() {
        return Some(BatchKind::Folder);
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some(BatchKind::Csv),
        "jsonl" | "ndjson" => Some(BatchKind::Jsonl),
        _ => None,
    }
}

/// A field of a post that a CSV column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Text,
    Platform,
    Date,
    Time,
    Lang,
    Kind,
    Media,
    ReplyDelay,
    Id,
    InReplyTo,
    Origin,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Text,
        Field::Platform,
        Field::Date,
        Field::Time,
        Field::Lang,
        Field::Kind,
        Field::Media,
        Field::ReplyDelay,
        Field::Id,
        Field::InReplyTo,
        Field::Origin,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Platform => "platform",
            Field::Date => "date",
            Field::Time => "time",
            Field::Lang => "lang",
            Field::Kind => "kind",
            Field::Media => "media",
            Field::ReplyDelay => "reply_delay",
            Field::Id => "id",
            Field::InReplyTo => "in_reply_to",
            Field::Origin => "origin",
        }
    }

    /// Header names (normalized: lower case, `_`/`-` as spaces) that hold this field.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Text => &[
                "text",
                "message",
                "post",
                "content",
                "body",
                "caption",
                "post text",
                "message text",
                "copy",
            ],
            Field::Platform => &[
                "platform",
                "network",
                "channel",
                "social network",
                "social",
                "profile type",
            ],
            Field::Date => &[
                "scheduled",
                "scheduled at",
                "scheduled time",
                "scheduled date",
                "publish date",
                "publish at",
                "publish time",
                "publication date",
                "date time",
                "datetime",
                "date",
                "time",
            ],
            Field::Time => &[],
            Field::Lang => &["lang", "language", "locale"],
            Field::Kind => &["kind", "type", "post type"],
            Field::Media => &[
                "media",
                "image",
                "has media",
                "link",
                "image url",
                "media url",
                "images",
                "attachment",
            ],
            Field::ReplyDelay => &["reply delay", "reply delay minutes"],
            Field::Id => &["id", "post id", "uid"],
            Field::InReplyTo => &[
                "in reply to",
                "reply to",
                "replying to",
                "parent text",
                "original message",
            ],
            Field::Origin => &["origin"],
        }
    }

    /// Parse the field name of `--column FIELD=NAME`.
    pub fn parse(s: &str) -> Option<Field> {
        let n = normalize_header(s);
        Field::ALL
            .into_iter()
            .find(|f| normalize_header(f.name()) == n || (n == "scheduled" && *f == Field::Date))
    }
}

/// Parse `--column FIELD=NAME` flags.
pub fn parse_columns(flags: &[String]) -> Result<Vec<(Field, String)>, String> {
    flags
        .iter()
        .map(|f| {
            let (field, name) = f.split_once('=').ok_or_else(|| {
                format!("--column {f}: write FIELD=NAME, e.g. --column text=Caption")
            })?;
            let known = || {
                Field::ALL
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let field = Field::parse(field).ok_or_else(|| {
                format!(
                    "--column {f}: unknown field `{field}` (fields: {})",
                    known()
                )
            })?;
            Ok((field, name.trim().to_string()))
        })
        .collect()
}

fn normalize_header(h: &str) -> String {
    let h = h
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '-'], " ");
    h.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which column holds which field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnMap {
    pub columns: BTreeMap<Field, usize>,
}

impl ColumnMap {
    /// Find the columns in a header: explicit `--column` mappings first, then synonyms.
    pub fn from_header(
        header: &[String],
        explicit: &[(Field, String)],
    ) -> Result<ColumnMap, String> {
        let names: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
        let mut map = ColumnMap::default();
        for (field, name) in explicit {
            let want = normalize_header(name);
            match names.iter().position(|n| *n == want) {
                Some(i) => {
                    map.columns.insert(*field, i);
                }
                None => {
                    return Err(format!(
                        "--column {}={name}: no column `{name}` in the header ({})",
                        field.name(),
                        header.join(", ")
                    ))
                }
            }
        }
        let taken = |map: &ColumnMap, i: usize| map.columns.values().any(|&c| c == i);
        for field in Field::ALL {
            if map.columns.contains_key(&field) {
                continue;
            }
            // Earlier synonyms win: `scheduled` over `date` over `time`.
            for syn in field.synonyms() {
                if let Some(i) = names.iter().position(|n| n == syn) {
                    if !taken(&map, i) {
                        map.columns.insert(field, i);
                        break;
                    }
                }
            }
        }
        // A date column and a separate `time` column: read them together.
        if let Some(&date) = map.columns.get(&Field::Date) {
            if !map.columns.contains_key(&Field::Time) {
                if let Some(i) = names
                    .iter()
                    .position(|n| n == "time")
                    .filter(|&i| i != date && !taken(&map, i))
                {
                    map.columns.insert(Field::Time, i);
                }
            }
        }
        if !map.columns.contains_key(&Field::Text) {
            return Err(format!(
                "no text column in the header ({}); name it text, message, post, content, body or caption, or map it with --column text=NAME",
                header.join(", ")
            ));
        }
        Ok(map)
    }

    fn get<'a>(&self, row: &'a [String], field: Field) -> Option<&'a str> {
        let i = *self.columns.get(&field)?;
        row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// One post of a batch, as read.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub source: String,
    /// CSV and JSONL: the line the record starts on; a folder: the file number.
    pub record: Option<usize>,
    pub id: Option<String>,
    /// The post text; for Markdown drafts the whole file.
    pub text: String,
    pub body_start: usize,
    pub ignore: Vec<Span>,
    pub platform: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<String>,
    pub media: Option<bool>,
    pub scheduled: Option<i64>,
    pub reply_delay: Option<f64>,
    /// The message this reply answers.
    pub in_reply_to: Option<String>,
    /// `draft` or `x-export`, as the record says (`origin`).
    pub origin: Option<String>,
    /// The record carries fields of X's API (`created_at`, `id_str`, …).
    pub api_fields: bool,
    pub disable: Vec<String>,
    /// Finding lines are shifted to the file's lines (CSV and JSONL).
    pub line_based: bool,
}

pub use crate::csv::{CsvReader, CsvRow};

/// `yes`/`no`/`true`/`false`/`1`/`0`, or a non-empty value naming the media (an image URL).
pub fn parse_media(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => None,
        "no" | "false" | "0" | "n" | "none" | "nee" => Some(false),
        _ => Some(true),
    }
}

fn parse_date(value: &str) -> Result<i64, String> {
    parse_datetime(value).ok_or_else(|| format!("cannot read the date `{value}`: use YYYY-MM-DD HH:MM, DD/MM/YYYY HH:MM or ISO 8601 (2026-03-02T09:30:00+01:00)"))
}

/// Records of a CSV file.
struct CsvRecords<R> {
    source: String,
    reader: CsvReader<R>,
    map: Option<ColumnMap>,
    width: usize,
    failed: bool,
    explicit: Vec<(Field, String)>,
}

impl<R: BufRead> CsvRecords<R> {
    fn record(&self, map: &ColumnMap, row: CsvRow) -> Result<Record, InputError> {
        let err = |message: String| InputError {
            source: self.source.clone(),
            line: Some(row.line),
            message,
        };
        if row.fields.len() > self.width {
            return Err(err(format!(
                "this row has {} fields but the header has {}: an unquoted `{}` in a field, or a stray quote?",
                row.fields.len(),
                self.width,
                self.reader.delimiter
            )));
        }
        let get = |f| map.get(&row.fields, f);
        let text =
            get(Field::Text).ok_or_else(|| err("missing text: the text column is empty".into()))?;
        let scheduled = match (get(Field::Date), get(Field::Time)) {
            (Some(d), Some(t)) if !d.contains([' ', 'T']) => {
                Some(parse_date(&format!("{d} {t}")).map_err(err)?)
            }
            (Some(d), _) => Some(parse_date(d).map_err(err)?),
            (None, _) => None,
        };
        let reply_delay = match get(Field::ReplyDelay) {
            Some(v) => Some(
                v.parse::<f64>()
                    .map_err(|_| err(format!("reply delay `{v}` is not a number of minutes")))?,
            ),
            None => None,
        };
        Ok(Record {
            source: self.source.clone(),
            record: Some(row.line),
            id: get(Field::Id).map(str::to_string),
            text: text.to_string(),
            platform: get(Field::Platform).map(str::to_string),
            lang: get(Field::Lang).map(str::to_string),
            kind: get(Field::Kind).map(str::to_string),
            media: get(Field::Media).and_then(parse_media),
            scheduled,
            reply_delay,
            in_reply_to: get(Field::InReplyTo).map(str::to_string),
            origin: get(Field::Origin).map(str::to_string),
            line_based: true,
            ..Record::default()
        })
    }
}

impl<R: BufRead> Iterator for CsvRecords<R> {
    type Item = Result<Record, InputError>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        if self.map.is_none() {
            let header = match self.reader.next_line() {
                Some((_, Ok(h))) => h,
                Some((n, Err(message))) => {
                    self.failed = true;
                    return Some(Err(InputError {
                        source: self.source.clone(),
                        line: Some(n),
                        message,
                    }));
                }
                None => {
                    self.failed = true;
                    return Some(Err(InputError {
                        source: self.source.clone(),
                        line: Some(1),
                        message: "empty CSV file: expected a header row".into(),
                    }));
                }
            };
            self.reader.sniff(&header);
            self.reader.pending.push_front((1, header));
            let fields = match self.reader.next_row() {
                Some(Ok(row)) => row.fields,
                Some(Err(e)) => {
                    self.failed = true;
                    return Some(Err(InputError {
                        source: self.source.clone(),
                        line: Some(e.line),
                        message: format!("header: {}", e.message),
                    }));
                }
                None => Vec::new(),
            };
            match ColumnMap::from_header(&fields, &self.explicit) {
                Ok(m) => {
                    self.width = fields.len();
                    self.map = Some(m);
                }
                Err(message) => {
                    self.failed = true;
                    return Some(Err(InputError {
                        source: self.source.clone(),
                        line: Some(1),
                        message,
                    }));
                }
            }
        }
        let row = self.reader.next_row()?;
        let map = self.map.as_ref()?;
        Some(match row {
            Ok(row) => self.record(map, row),
            Err(e) => Err(InputError {
                source: self.source.clone(),
                line: Some(e.line),
                message: e.message,
            }),
        })
    }
}

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
}

fn json_record(source: &str, line: usize, text: &str) -> Result<Record, InputError> {
    let err = |message: String| InputError {
        source: source.to_string(),
        line: Some(line),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let serde_json::Value::Object(mut obj) = value else {
        return Err(err("expected a JSON object: {\"text\": \"…\", …}".into()));
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
        Some(s) => Some(parse_date(&s).map_err(err)?),
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
        line_based: true,
        ..Record::default()
    })
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Record, InputError>;
    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.lines.next()? {
            Ok(l) => json_record(&self.source, l.line, &l.text),
            Err(e) => Err(InputError {
                source: self.source.clone(),
                line: Some(e.line),
                message: e.message,
            }),
        })
    }
}

// ---------------------------------------------------------------- Markdown drafts

/// A draft file as a record: front matter sets platform, language, schedule.
pub fn draft_record(
    source: &str,
    record: Option<usize>,
    bytes: Vec<u8>,
) -> Result<Record, InputError> {
    let d = input::draft(source, bytes)?;
    let scheduled = match &d.front.scheduled {
        Some(s) => Some(parse_date(s).map_err(|message| InputError {
            source: source.to_string(),
            line: Some(front_line(&d.text, "scheduled")),
            message,
        })?),
        None => None,
    };
    Ok(Record {
        source: d.source,
        record,
        id: None,
        body_start: d.body_start,
        ignore: d.ignore,
        platform: d.front.platform,
        lang: d.front.lang,
        kind: d.front.kind,
        media: d.front.media,
        scheduled,
        reply_delay: d.front.reply_delay,
        in_reply_to: d.front.in_reply_to,
        origin: d.front.origin,
        api_fields: false,
        disable: d.front.disable,
        line_based: false,
        text: d.text,
    })
}

fn front_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(2, |i| i + 1)
}

/// Markdown and text drafts of a folder, sorted by name.
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| InputError {
        source: dir.display().to_string(),
        line: None,
        message: format!("cannot read folder: {e}"),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "txt")
                })
        })
        .collect();
    files.sort();
    Ok(files)
}

// ---------------------------------------------------------------- opening inputs

/// Counts the bytes read, for the progress bar.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

type Records = Box<dyn Iterator<Item = Result<Record, InputError>> + Send>;

/// A record linted: the post, its calendar summary and (streamed JSON) its
/// rendering; or why it could not be.
type LintedPost = Result<(Linted, PostSummary, String), InputError>;

/// An input of a run: a batch file or folder, a single draft, or stdin.
pub enum Input {
    Batch(PathBuf, BatchKind),
    Draft(PathBuf),
    Stdin(String),
}

impl Input {
    fn size(&self) -> u64 {
        match self {
            Input::Batch(p, BatchKind::Folder) => folder_files(p)
                .map(|f| {
                    f.iter()
                        .filter_map(|p| p.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
            Input::Batch(p, _) | Input::Draft(p) => p.metadata().map(|m| m.len()).unwrap_or(0),
            Input::Stdin(_) => 0,
        }
    }

    fn open(self, explicit: &[(Field, String)], count: &Arc<AtomicU64>) -> Records {
        let one = |r: Result<Record, InputError>| -> Records { Box::new(std::iter::once(r)) };
        match self {
            Input::Stdin(name) => one(match input::read_stdin() {
                Ok(bytes) => draft_record(&name, None, bytes),
                Err(e) => Err(InputError {
                    source: name,
                    line: None,
                    message: format!("cannot read stdin: {e}"),
                }),
            }),
            Input::Draft(path) => {
                let name = path.display().to_string();
                one(input::read_path(&path).and_then(|b| {
                    count.fetch_add(b.len() as u64, Ordering::Relaxed);
                    draft_record(&name, None, b)
                }))
            }
            Input::Batch(path, kind) => {
                let source = path.display().to_string();
                if kind == BatchKind::Folder {
                    return match folder_files(&path) {
                        Ok(files) => {
                            let count = Arc::clone(count);
                            Box::new(files.into_iter().enumerate().map(move |(i, f)| {
                                let name = f.display().to_string();
                                input::read_path(&f).and_then(|b| {
                                    count.fetch_add(b.len() as u64, Ordering::Relaxed);
                                    draft_record(&name, Some(i + 1), b)
                                })
                            }))
                        }
                        Err(e) => one(Err(e)),
                    };
                }
                let file = match std::fs::File::open(&path) {
                    Ok(f) => f,
                    Err(e) => {
                        return one(Err(InputError {
                            source,
                            line: None,
                            message: format!("cannot read file: {e}"),
                        }))
                    }
                };
                let reader = BufReader::with_capacity(
                    1 << 16,
                    Counting {
                        inner: file,
                        count: Arc::clone(count),
                    },
                );
                match kind {
                    BatchKind::Csv => Box::new(CsvRecords {
                        source,
                        reader: CsvReader::new(reader),
                        map: None,
                        width: 0,
                        failed: false,
                        explicit: explicit.to_vec(),
                    }),
                    _ => Box::new(JsonlRecords {
                        source,
                        lines: JsonlReader::new(reader),
                    }),
                }
            }
        }
    }
}

// ---------------------------------------------------------------- the run

/// Settings of `postlint check` that apply to every record.
pub struct Settings<'a> {
    pub rules: &'a RuleSet,
    pub platform: Option<String>,
    pub lang: Option<String>,
    pub kind: Kind,
    pub media: Option<bool>,
    pub reply_delay: Option<f64>,
    /// `--reply-to`: the message every reply answers.
    pub in_reply_to: Option<String>,
    /// `--origin` or the config's `origin:`; `None` guesses per record.
    pub origin: Option<Origin>,
    pub format: String,
    pub fail_level: Severity,
    pub output: Option<PathBuf>,
    pub columns: Vec<(Field, String)>,
}

/// The calendar of a batch: findings and figures, and where each record came from.
pub struct Calendar {
    pub report: CalendarReport,
    sources: Vec<String>,
    /// By summary record id: source index and record number (`u32::MAX`: none); 8 bytes a post.
    refs: Vec<(u32, u32)>,
}

impl Calendar {
    /// Source and record number of a calendar record id.
    pub fn record(&self, id: usize) -> (&str, Option<usize>) {
        match self.refs.get(id) {
            Some(&(s, r)) => (
                self.sources.get(s as usize).map_or("", String::as_str),
                (r != u32::MAX).then_some(r as usize),
            ),
            None => ("", None),
        }
    }

    /// `file:3,9; other.md` for a finding's records (the first 20, then how many more).
    pub fn records_text(&self, ids: &[usize]) -> String {
        const SHOWN: usize = 20;
        let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
        for &id in ids.iter().take(SHOWN) {
            let (source, record) = self.record(id);
            let r = record.map(|r| r.to_string());
            match groups.last_mut() {
                Some((s, list)) if *s == source => list.extend(r),
                _ => groups.push((source, r.into_iter().collect())),
            }
        }
        let text = groups
            .into_iter()
            .map(|(s, l)| {
                if l.is_empty() {
                    s.to_string()
                } else {
                    format!("{s}:{}", l.join(","))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        match ids.len().checked_sub(SHOWN) {
            Some(more) if more > 0 => format!("{text} and {more} more"),
            _ => text,
        }
    }
}

/// Map a platform name of a scheduler export to a platform id.
pub fn platform_id(name: &str) -> String {
    let n = name.trim().to_lowercase();
    match n.as_str() {
        "twitter" | "x (twitter)" | "x/twitter" | "twitter/x" | "x.com" => "x".into(),
        "linked in" => "linkedin".into(),
        "fb" => "facebook".into(),
        "ig" | "insta" => "instagram".into(),
        "bsky" => "bluesky".into(),
        _ => n,
    }
}

/// Lint one record: the report with spans into its text, and its calendar summary.
fn lint(settings: &Settings<'_>, mut r: Record) -> Result<(Linted, PostSummary), InputError> {
    let rules = settings.rules;
    let err = |message: String| InputError {
        source: r.source.clone(),
        line: r.record.filter(|_| r.line_based).or(Some(2)),
        message,
    };
    let platform = r
        .platform
        .as_deref()
        .map(platform_id)
        .or(settings.platform.clone());
    if let Some(p) = &platform {
        if rules.platform(p).is_none() {
            let known: Vec<&str> = rules.platforms().map(|p| p.id.as_str()).collect();
            return Err(err(format!(
                "unknown platform `{p}`; platforms: {}",
                known.join(", ")
            )));
        }
    }
    let kind = match r.kind.as_deref() {
        Some(k) => Kind::parse(&k.to_lowercase())
            .ok_or_else(|| err(format!("kind must be `post` or `reply`, not `{k}`")))?,
        None => settings.kind,
    };
    let lang = r
        .lang
        .clone()
        .or(settings.lang.clone())
        .filter(|l| l != "auto");
    let origin = match r.origin.as_deref() {
        Some(o) => Some(
            Origin::parse(o)
                .ok_or_else(|| err(format!("origin must be `draft` or `x-export`, not `{o}`")))?,
        ),
        None => settings.origin,
    };
    let on_x = platform.as_deref().unwrap_or(rules.default_platform()) == "x";
    let read = input::Reading::of(
        &mut r.text,
        r.body_start,
        origin,
        (r.line_based && on_x).then_some(r.api_fields),
    );
    if read.origin == Origin::XExport {
        r.ignore.clear();
    }
    let in_reply_to = read.reply_text(r.in_reply_to.take().or(settings.in_reply_to.clone()));
    let body = r.text.get(r.body_start..).unwrap_or("");
    let post = Post {
        text: body,
        platform: platform.as_deref(),
        lang: lang.as_deref(),
        kind,
        media: r.media.or(settings.media),
        reply_delay: r.reply_delay.or(settings.reply_delay),
        ignore: &r.ignore,
        in_reply_to: in_reply_to.as_deref(),
        uncounted_prefix: read.uncounted_prefix,
    };
    let (mut report, summary) = rules.evaluate_in_calendar(&post, 0, r.scheduled);
    crate::input::place_findings(&mut report.findings, &r.disable, r.body_start, &r.text);
    for f in &mut report.findings {
        let line = f.line;
        // CSV and JSONL: the line in the file (the record's line, plus the line in a multi-line CSV field).
        f.line = match (r.line_based, r.record) {
            (true, Some(start)) if r.source.to_ascii_lowercase().ends_with(".csv") => {
                start + line - 1
            }
            (true, Some(start)) => start,
            _ => line,
        };
    }
    Ok((
        Linted {
            source: r.source,
            record: r.record,
            id: r.id,
            text: r.text,
            report,
            origin: read.origin,
        },
        summary,
    ))
}

fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let ci = std::env::var_os("CI").is_some();
    if total < LARGE_INPUT_BYTES || ci || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} · {msg} · {elapsed}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Where output goes: stdout or `--output`.
fn sink(output: &Option<PathBuf>) -> Result<Box<dyn Write>, String> {
    Ok(match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot write {}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Lint the inputs as one batch and write the output; returns the exit code.
/// `json` and `line` output is streamed: each chunk's posts are written once
/// linted and only their summaries are kept.
pub fn run(
    inputs: Vec<Input>,
    settings: &Settings<'_>,
    renderer: &dyn Renderer,
) -> Result<u8, String> {
    let streaming = matches!(settings.format.as_str(), "json" | "line");
    let mut out = sink(&settings.output)?;
    let count = Arc::new(AtomicU64::new(0));
    let bar = progress_bar(inputs.iter().map(Input::size).sum());

    let mut outcome = Outcome::default();
    let mut summaries: Vec<PostSummary> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut refs: Vec<(u32, u32)> = Vec::new();
    let mut failing = false;
    let mut first_post = true;
    let write_err = |e: std::io::Error| format!("cannot write the output: {e}");
    if streaming && settings.format == "json" {
        out.write_all(crate::render::json_stream::HEAD.as_bytes())
            .map_err(write_err)?;
    }

    for input in inputs {
        let mut records = input.open(&settings.columns, &count);
        loop {
            let chunk: Vec<Result<Record, InputError>> = records.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            outcome.records_read += chunk.len();
            // Streamed JSON is rendered here too, in parallel, each post
            // with the `,` that separates it from the one before.
            let json = streaming && settings.format == "json";
            let linted: Vec<LintedPost> = chunk
                .into_par_iter()
                .map(|r| {
                    let (p, summary) = r.and_then(|r| lint(settings, r))?;
                    let text = if json {
                        crate::render::json_stream::post(&p, false)
                    } else {
                        String::new()
                    };
                    Ok((p, summary, text))
                })
                .collect();
            let mut rendered = String::new();
            let mut posts = Vec::with_capacity(linted.len());
            for item in linted {
                match item {
                    Ok((p, mut summary, text)) => {
                        if sources.last() != Some(&p.source) {
                            sources.push(p.source.clone());
                        }
                        summary.record = refs.len();
                        let record = p
                            .record
                            .and_then(|r| u32::try_from(r).ok())
                            .unwrap_or(u32::MAX);
                        refs.push(((sources.len() - 1) as u32, record));
                        summaries.push(summary);
                        failing |= p
                            .report
                            .findings
                            .iter()
                            .any(|f| f.severity >= settings.fail_level);
                        outcome.linted += 1;
                        // The first post of the array has no `,` before it.
                        let text = match text.strip_prefix(',') {
                            Some(rest) if first_post => rest,
                            _ => &text,
                        };
                        first_post &= text.is_empty();
                        rendered.push_str(text);
                        posts.push(p);
                    }
                    Err(e) => outcome.errors.push(e),
                }
            }
            if streaming {
                let text = if settings.format == "json" {
                    rendered
                } else {
                    renderer.render(
                        &Outcome {
                            posts,
                            ..Outcome::default()
                        },
                        settings.rules,
                    )
                };
                out.write_all(text.as_bytes()).map_err(write_err)?;
            } else {
                outcome.posts.extend(posts);
            }
            if let Some(bar) = &bar {
                bar.set_position(count.load(Ordering::Relaxed));
                bar.set_message(format!("{} posts", outcome.records_read));
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    let report = settings.rules.evaluate_calendar(&summaries);
    drop(summaries);
    failing |= report
        .findings
        .iter()
        .any(|f| f.severity >= settings.fail_level);
    outcome.calendar = Some(Calendar {
        report,
        sources,
        refs,
    });
    if streaming && settings.format == "json" {
        crate::render::json_stream::write_tail(&outcome, &mut out).map_err(write_err)?;
    } else {
        out.write_all(renderer.render(&outcome, settings.rules).as_bytes())
            .map_err(write_err)?;
    }
    out.flush().map_err(write_err)?;
    drop(out);
    if (settings.format != "human" && settings.format != "html") || settings.output.is_some() {
        for e in &outcome.errors {
            eprintln!("error: {e}");
        }
    }
    if let Some(p) = &settings.output {
        eprintln!(
            "wrote {} ({} posts, {} input error(s))",
            p.display(),
            outcome.linted,
            outcome.errors.len()
        );
    }
    Ok(if !outcome.errors.is_empty() {
        2
    } else {
        u8::from(failing)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::CsvError;

    fn rows(text: &str) -> Vec<Result<CsvRow, CsvError>> {
        CsvReader::new(text.as_bytes()).collect()
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        rows(text)
            .into_iter()
            .map(|r| r.expect("valid row").fields)
            .collect()
    }

    #[test]
    fn csv_quotes_doubled_quotes_and_newlines() {
        let got = fields("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n");
        assert_eq!(got[1], vec!["x, y", "say \"hi\"", "two\nlines"]);
        assert_eq!(got[2], vec!["plain", "", "end"]);
    }

    #[test]
    fn csv_crlf_and_line_numbers() {
        let r = rows("h1,h2\r\n\"multi\r\nline\",b\r\n\r\nnext,row\r\n");
        let lines: Vec<usize> = r
            .iter()
            .map(|r| r.as_ref().map(|r| r.line).unwrap_or(0))
            .collect();
        assert_eq!(lines, vec![1, 2, 5]);
        assert_eq!(
            r[1].as_ref().map(|r| r.fields.clone()).unwrap_or_default(),
            vec!["multi\nline", "b"]
        );
        assert_eq!(
            fields("a,b\r\n")[0],
            vec!["a", "b"],
            "no carriage return left"
        );
    }

    #[test]
    fn csv_bad_quoting_is_reported_and_reading_goes_on() {
        let r = rows("h,t\n1,\"oops\"x\n2,fine\n");
        assert!(
            matches!(&r[1], Err(CsvError { line: 2, message }) if message.contains("after a closing quote")),
            "{r:?}"
        );
        assert_eq!(
            r[2].as_ref().map(|r| r.fields.clone()).ok(),
            Some(vec!["2".to_string(), "fine".to_string()])
        );

        let r = rows("h,t\n1,\"never closed\n2,fine\n3,\"ok\"\n");
        assert!(
            matches!(&r[1], Err(CsvError { line: 2, message }) if message.contains("never closed")),
            "{r:?}"
        );
        let rest: Vec<usize> = r[2..]
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|r| r.line))
            .collect();
        assert_eq!(
            rest,
            vec![3, 4],
            "the lines after the broken record are read again"
        );

        let r = rows("h,t\n1,ok\n2,\"open to the end\n3,fine\n");
        assert!(
            matches!(&r[2], Err(CsvError { line: 3, message }) if message.contains("is never closed")),
            "{r:?}"
        );
        assert_eq!(
            r.get(3).and_then(|r| r.as_ref().ok()).map(|r| r.line),
            Some(4)
        );
    }

    #[test]
    fn csv_sniffs_semicolons() {
        let mut reader = CsvReader::new("".as_bytes());
        reader.sniff("Message;Network;\"Publish, date\"");
        assert_eq!(reader.delimiter, ';');
        reader.sniff("text,platform");
        assert_eq!(reader.delimiter, ',');
    }

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_by_synonym_case_insensitively() {
        let m = ColumnMap::from_header(
            &header(&[
                "ID",
                "Message",
                "Social Network",
                "Publish Date",
                "Language",
                "Image",
            ]),
            &[],
        )
        .expect("mapped");
        assert_eq!(m.columns.get(&Field::Text), Some(&1));
        assert_eq!(m.columns.get(&Field::Platform), Some(&2));
        assert_eq!(m.columns.get(&Field::Date), Some(&3));
        assert_eq!(m.columns.get(&Field::Lang), Some(&4));
        assert_eq!(m.columns.get(&Field::Media), Some(&5));
        assert_eq!(m.columns.get(&Field::Id), Some(&0));
        let m = ColumnMap::from_header(&header(&["caption", "publish_at", "channel"]), &[])
            .expect("mapped");
        assert_eq!(
            (
                m.columns[&Field::Text],
                m.columns[&Field::Date],
                m.columns[&Field::Platform]
            ),
            (0, 1, 2)
        );
    }

    #[test]
    fn separate_date_and_time_columns_and_explicit_mapping() {
        let m = ColumnMap::from_header(&header(&["Date", "Time", "Post"]), &[]).expect("mapped");
        assert_eq!((m.columns[&Field::Date], m.columns[&Field::Time]), (0, 1));
        let m = ColumnMap::from_header(
            &header(&["Copy text", "Notes", "Text"]),
            &[(Field::Text, "copy text".into())],
        )
        .expect("mapped");
        assert_eq!(m.columns[&Field::Text], 0, "--column wins over a synonym");
        let e =
            ColumnMap::from_header(&header(&["Notes", "When"]), &[]).expect_err("no text column");
        assert!(e.contains("--column text="), "{e}");
        let e = ColumnMap::from_header(&header(&["text"]), &[(Field::Text, "Caption".into())])
            .expect_err("missing explicit column");
        assert!(e.contains("no column `Caption`"), "{e}");
    }

    #[test]
    fn csv_records_dates_media_and_errors() {
        let csv = "Text;Network;Publish date;Time;Image\nHello;Twitter;02/03/2026;09:30;https://e.com/a.png\nNo text;;;;\n;linkedin;;;\nBad date;x;31/02/2026;10:00;no\n";
        let recs: Vec<Result<Record, InputError>> = CsvRecords {
            source: "t.csv".into(),
            reader: CsvReader::new(csv.as_bytes()),
            map: None,
            width: 0,
            failed: false,
            explicit: Vec::new(),
        }
        .collect();
        let first = recs[0].as_ref().expect("first record");
        assert_eq!(first.record, Some(2));
        assert_eq!(first.scheduled, parse_datetime("2026-03-02 09:30"));
        assert_eq!(first.media, Some(true));
        assert_eq!(
            platform_id(first.platform.as_deref().unwrap_or_default()),
            "x"
        );
        assert!(recs[1].is_ok());
        assert!(
            matches!(&recs[2], Err(e) if e.line == Some(4) && e.message.contains("missing text"))
        );
        assert!(
            matches!(&recs[3], Err(e) if e.line == Some(5) && e.message.contains("cannot read the date"))
        );
    }

    #[test]
    fn jsonl_records_and_errors() {
        let r = json_record("p.jsonl", 3, r#"{"text": "Hi", "platform": "x", "media": "yes", "scheduled": "2026-03-02T09:00:00Z", "id": 7}"#).expect("valid");
        assert_eq!(
            (r.record, r.media, r.id.as_deref()),
            (Some(3), Some(true), Some("7"))
        );
        assert!(json_record("p.jsonl", 4, "{\"text\": ")
            .is_err_and(|e| e.message.starts_with("invalid JSON") && e.line == Some(4)));
        assert!(json_record("p.jsonl", 5, r#"{"platform": "x"}"#)
            .is_err_and(|e| e.message.contains("missing text")));
        assert!(json_record("p.jsonl", 6, r#"{"text": 3}"#)
            .is_err_and(|e| e.message.contains("must be a string")));
    }
}
