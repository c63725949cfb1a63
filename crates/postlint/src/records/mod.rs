//! Records: the posts of a batch and of single drafts, as read. A CSV or
//! JSONL export of a scheduler, a folder of Markdown drafts, or one draft;
//! readers work over any `BufRead` and stream records one by one, each a
//! [`Record`] or an [`InputError`] naming its file and line.

use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use postlint_engine::Span;

use crate::dates::DateReader;
use crate::files::FileFilter;
use crate::input::{self, InputError};
use crate::suppress::{self, Directive};

mod columns;
mod jsonl;

pub(crate) use columns::normalize_header;
pub use columns::{csv_records, parse_columns, ColumnMap, Field};
pub use jsonl::{jsonl_records, object_record};

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
    /// The post's tags (a `pillar` or `tags` column): a tag that names a
    /// content pillar puts the post in it.
    pub tags: Vec<String>,
    /// Drafts: the `<!-- postlint-disable… -->` comments in the text.
    pub directives: Vec<Directive>,
    /// Drafts: code and comments (relative to the body's start), where no
    /// finding may start and no fix may write.
    pub code: Vec<Span>,
    /// Finding lines are shifted to the file's lines (CSV and JSONL).
    pub line_based: bool,
}

/// `yes`/`no`/`true`/`false`/`1`/`0`, or a non-empty value naming the media (an image URL).
pub fn parse_media(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" => None,
        "no" | "false" | "0" | "n" | "none" | "nee" => Some(false),
        _ => Some(true),
    }
}

/// Rule ids of a `disable` field: separated by commas, semicolons or spaces.
pub(crate) fn split_ids(value: &str) -> Vec<String> {
    value
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tags of a `tags` or `pillar` field: separated by commas, semicolons or
/// `|` (a tag may hold spaces: `content marketing`).
pub(crate) fn split_tags(value: &str) -> Vec<String> {
    value
        .split([',', ';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------- Markdown drafts

/// A draft file as a record: front matter sets platform, language, schedule.
pub fn draft_record(
    source: &str,
    record: Option<usize>,
    bytes: Vec<u8>,
    dates: &DateReader,
) -> Result<Record, InputError> {
    let mut d = input::draft(source, bytes)?;
    let directives = suppress::directives(&d.text, d.body_start);
    // In plain text the comments are not prose (Markdown hides them already).
    for dir in &directives {
        let span = Span::new(dir.span.start - d.body_start, dir.span.end - d.body_start);
        if !d
            .ignore
            .iter()
            .any(|i| i.start <= span.start && span.end <= i.end)
        {
            d.ignore.push(span);
        }
    }
    d.ignore.sort_by_key(|s| s.start);
    let code = input::markdown_code(d.body(), &d.ignore);
    let scheduled = match &d.front.scheduled {
        Some(s) => Some(dates.read(s).map_err(|message| InputError {
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
        tags: d.front.tags,
        directives,
        code,
        line_based: false,
        text: d.text,
    })
}

pub(crate) fn front_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map_or(2, |i| i + 1)
}

/// Markdown and text drafts in a folder and its subfolders, sorted by
/// path. Files that `.gitignore` (or `.ignore`) excludes, hidden files and
/// folders, and files the project's filter excludes are left out.
pub fn folder_files(dir: &Path, filter: &FileFilter) -> Result<Vec<PathBuf>, InputError> {
    if !dir.is_dir() {
        return Err(InputError {
            source: dir.display().to_string(),
            line: None,
            message: "cannot read folder: not a folder".into(),
        });
    }
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        let entry = entry.map_err(|e| InputError {
            source: dir.display().to_string(),
            line: None,
            message: format!("cannot read folder: {e}"),
        })?;
        let p = entry.path();
        let draft = entry.file_type().is_some_and(|t| t.is_file())
            && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "txt")
            });
        if draft && filter.allows(p) {
            files.push(p.to_path_buf());
        }
    }
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

/// A stream of records, each read or the reason it could not be.
pub type Records = Box<dyn Iterator<Item = Result<Record, InputError>> + Send>;

/// An input of a run: a batch file or folder, a draft file, or a draft
/// already read (stdin, a request).
pub enum Input {
    Batch(PathBuf, BatchKind),
    Draft(PathBuf),
    Text { source: String, bytes: Vec<u8> },
}

impl Input {
    /// The input for a path: a batch when [`kind_of`] says so, else a draft.
    pub fn path(path: PathBuf) -> Input {
        match kind_of(&path) {
            Some(kind) => Input::Batch(path, kind),
            None => Input::Draft(path),
        }
    }

    /// Bytes to read, as far as known before reading (for progress bars).
    pub fn size(&self) -> u64 {
        match self {
            Input::Batch(p, BatchKind::Folder) => folder_files(p, &FileFilter::default())
                .map(|f| {
                    f.iter()
                        .filter_map(|p| p.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
            Input::Batch(p, _) | Input::Draft(p) => p.metadata().map(|m| m.len()).unwrap_or(0),
            Input::Text { bytes, .. } => bytes.len() as u64,
        }
    }

    /// Stream the input's records; `count` adds up the bytes read.
    pub fn open(self, columns: &[(Field, String)], count: &Arc<AtomicU64>) -> Records {
        self.open_filtered(
            columns,
            count,
            &FileFilter::default(),
            &DateReader::default(),
        )
    }

    /// [`Input::open`], a folder's drafts chosen by the project's `filter`,
    /// dates read by `dates`.
    pub fn open_filtered(
        self,
        columns: &[(Field, String)],
        count: &Arc<AtomicU64>,
        filter: &FileFilter,
        dates: &DateReader,
    ) -> Records {
        let dates = dates.clone();
        let one = |r: Result<Record, InputError>| -> Records { Box::new(std::iter::once(r)) };
        match self {
            Input::Text { source, bytes } => {
                count.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                one(draft_record(&source, None, bytes, &dates))
            }
            Input::Draft(path) => {
                let name = path.display().to_string();
                one(input::read_path(&path).and_then(|b| {
                    count.fetch_add(b.len() as u64, Ordering::Relaxed);
                    draft_record(&name, None, b, &dates)
                }))
            }
            Input::Batch(path, kind) => {
                let source = path.display().to_string();
                if kind == BatchKind::Folder {
                    return match folder_files(&path, filter) {
                        Ok(files) => {
                            let count = Arc::clone(count);
                            Box::new(files.into_iter().enumerate().map(move |(i, f)| {
                                let name = f.display().to_string();
                                input::read_path(&f).and_then(|b| {
                                    count.fetch_add(b.len() as u64, Ordering::Relaxed);
                                    draft_record(&name, Some(i + 1), b, &dates)
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
                    BatchKind::Csv => csv_records(&source, reader, columns, &dates),
                    _ => jsonl_records(&source, reader, &dates),
                }
            }
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
