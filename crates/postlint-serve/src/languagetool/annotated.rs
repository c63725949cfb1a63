//! The text a LanguageTool client sends, as postlint reads it: plain text
//! as is, or LanguageTool's annotated text (`data`), where markup is left
//! out (or read as its `interpretAs`) but still counts in the offsets the
//! client gets back. Offsets go out in UTF-16 code units of the original.

use serde::Deserialize;

use crate::ApiError;

/// The text postlint lints, and where each piece of it came from.
#[derive(Debug)]
pub struct Plain {
    pub text: String,
    pieces: Vec<Piece>,
}

/// A run of the linted text: a text item (`markup: false`) or the
/// `interpretAs` of a markup item, with its place in the original.
#[derive(Debug)]
struct Piece {
    /// Bytes into [`Plain::text`].
    start: usize,
    end: usize,
    /// UTF-16 units into the original (text and markup together).
    original: usize,
    original_len: usize,
    markup: bool,
}

/// Other fields (the `offset`s that the `annotatedtext` libraries add) are ignored.
#[derive(Deserialize)]
struct Annotated {
    annotation: Vec<Item>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    text: Option<String>,
    markup: Option<String>,
    interpret_as: Option<String>,
}

impl Plain {
    pub fn of_text(text: &str) -> Plain {
        Plain {
            text: text.to_string(),
            pieces: vec![Piece {
                start: 0,
                end: text.len(),
                original: 0,
                original_len: super::utf16_len(text),
                markup: false,
            }],
        }
    }

    /// Parse `data`: `{"annotation": [{"text": "…"}, {"markup": "<b>"}, {"markup": "<br/>", "interpretAs": "\n"}]}`.
    pub fn of_annotation(data: &str) -> Result<Plain, ApiError> {
        let doc: Annotated = serde_json::from_str(data).map_err(|e| {
            ApiError::bad_request(format!(
                "`data` must be annotated text ({{\"annotation\": [{{\"text\": …}}, {{\"markup\": …}}]}}): {e}"
            ))
        })?;
        let mut plain = Plain {
            text: String::new(),
            pieces: Vec::new(),
        };
        let mut original = 0;
        for item in doc.annotation {
            let (shown, source_len, markup) = match (item.text, item.markup) {
                (Some(text), None) => {
                    let len = super::utf16_len(&text);
                    (text, len, false)
                }
                (None, Some(markup)) => (
                    item.interpret_as.unwrap_or_default(),
                    super::utf16_len(&markup),
                    true,
                ),
                _ => {
                    return Err(ApiError::bad_request(
                        "each annotation item has `text` or `markup`, not both or neither",
                    ))
                }
            };
            let start = plain.text.len();
            plain.text.push_str(&shown);
            plain.pieces.push(Piece {
                start,
                end: plain.text.len(),
                original,
                original_len: source_len,
                markup,
            });
            original += source_len;
        }
        Ok(plain)
    }

    fn original_len(&self) -> usize {
        self.pieces
            .last()
            .map_or(0, |p| p.original + p.original_len)
    }

    /// UTF-16 units of the linted text between two byte offsets (findings
    /// sit on character boundaries; a slip counts as nothing, not a panic).
    fn units(&self, from: usize, to: usize) -> usize {
        self.text.get(from..to).map_or(0, super::utf16_len)
    }

    /// Where a byte offset of the linted text starts in the original.
    fn start_in_original(&self, at: usize) -> usize {
        match self.pieces.iter().find(|p| p.start <= at && at < p.end) {
            Some(p) if p.markup => p.original,
            Some(p) => p.original + self.units(p.start, at),
            None => self.original_len(),
        }
    }

    /// Where a byte offset of the linted text ends in the original.
    fn end_in_original(&self, at: usize) -> usize {
        match self
            .pieces
            .iter()
            .rev()
            .find(|p| p.start < at && at <= p.end)
        {
            Some(p) if p.markup => p.original + p.original_len,
            Some(p) => p.original + self.units(p.start, at),
            None => self.start_in_original(at),
        }
    }

    /// A byte range of the linted text as offset and length in UTF-16 units of the original.
    pub fn utf16_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.start_in_original(start);
        let to = if end > start {
            self.end_in_original(end).max(from)
        } else {
            from
        };
        (from, to - from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_offsets_are_utf16() {
        let text = "😀 é https://x.com";
        let p = Plain::of_text(text);
        let at = text.find("https").unwrap();
        assert_eq!(p.utf16_range(at, text.len()), (5, 13));
    }

    #[test]
    fn markup_keeps_its_place() {
        let data = r#"{"annotation": [{"text": "A "}, {"markup": "<b>"}, {"text": "bold 😀"},
            {"markup": "</b>"}, {"markup": "<br/>", "interpretAs": "\n"}, {"text": "next"}]}"#;
        let p = Plain::of_annotation(data).unwrap();
        assert_eq!(p.text, "A bold 😀\nnext");
        let bold = p.text.find("bold").unwrap();
        assert_eq!(p.utf16_range(bold, bold + 4), (5, 4));
        let next = p.text.find("next").unwrap();
        // "A " 2 + "<b>" 3 + "bold 😀" 7 + "</b>" 4 + "<br/>" 5
        assert_eq!(p.utf16_range(next, next + 4), (21, 4));
        // The line break is the whole `<br/>`.
        let br = p.text.find('\n').unwrap();
        assert_eq!(p.utf16_range(br, br + 1), (16, 5));
    }

    #[test]
    fn offsets_of_annotatedtext_libraries_are_ignored() {
        // As Obsidian's LanguageTool plugin sends it (annotatedtext-remark).
        let data = r#"{"annotation": [{"text": "Hi", "offset": {"start": 0, "end": 2}},
            {"markup": "\n\n", "interpretAs": "\n\n", "offset": {"start": 2, "end": 4}},
            {"text": "there", "offset": {"start": 4, "end": 9}}]}"#;
        let p = Plain::of_annotation(data).unwrap();
        assert_eq!(p.text, "Hi\n\nthere");
        assert_eq!(p.utf16_range(4, 9), (4, 5));
    }

    #[test]
    fn bad_annotations_are_errors() {
        assert!(Plain::of_annotation("{").is_err());
        assert!(Plain::of_annotation(r#"{"annotation": [{"text": "a", "markup": "b"}]}"#).is_err());
    }
}
