//! CSV records: which column holds which field (by header synonym, or as
//! `--column` maps it), and one record a row.

use std::collections::BTreeMap;
use std::io::BufRead;

use super::{parse_media, split_ids, split_tags, Record, Records};
use crate::csv::{CsvReader, CsvRow};
use crate::dates::DateReader;
use crate::input::InputError;

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
    Disable,
    Tags,
}

impl Field {
    pub const ALL: [Field; 13] = [
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
        Field::Disable,
        Field::Tags,
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
            Field::Disable => "disable",
            Field::Tags => "tags",
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
            Field::Disable => &["disable", "postlint-disable", "postlint disable"],
            Field::Tags => &[
                "tags",
                "pillar",
                "pillars",
                "content pillar",
                "labels",
                "label",
                "category",
                "categories",
                "theme",
                "topic",
            ],
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

/// A header as compared: trimmed, BOM gone, lower case, `_` and `-` as spaces.
pub(crate) fn normalize_header(h: &str) -> String {
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

/// Records of a CSV file.
struct CsvRecords<R> {
    source: String,
    reader: CsvReader<R>,
    map: Option<ColumnMap>,
    width: usize,
    failed: bool,
    explicit: Vec<(Field, String)>,
    dates: DateReader,
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
                Some(self.dates.read(&format!("{d} {t}")).map_err(err)?)
            }
            (Some(d), _) => Some(self.dates.read(d).map_err(err)?),
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
            disable: get(Field::Disable).map(split_ids).unwrap_or_default(),
            tags: get(Field::Tags).map(split_tags).unwrap_or_default(),
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

/// Records of CSV text from any reader: a header row names the columns
/// (by synonym, or as `columns` maps them), then one record a row; dates
/// are read by `dates`.
pub fn csv_records<R: BufRead + Send + 'static>(
    source: &str,
    reader: R,
    columns: &[(Field, String)],
    dates: &DateReader,
) -> Records {
    Box::new(CsvRecords {
        source: source.to_string(),
        reader: CsvReader::new(reader),
        map: None,
        width: 0,
        failed: false,
        explicit: columns.to_vec(),
        dates: dates.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::platform_id;
    use postlint_engine::calendar::parse_datetime;

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
            dates: DateReader::default(),
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
}
