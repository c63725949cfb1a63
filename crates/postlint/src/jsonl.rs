//! The lines of a JSONL (newline-delimited JSON) file, read one by one:
//! line numbers, a UTF-8 BOM on line 1, invalid UTF-8, blank lines and read
//! errors. Parsing the JSON of a line is left to the caller. Self-contained
//! (no crate imports) so the fuzz target in `fuzz/` can include it as it is.

use std::io::BufRead;

/// A non-blank line of a JSONL file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlLine {
    /// The line number, from 1; blank lines count.
    pub line: usize,
    /// The line as read, with its line end (`\n` or `\r\n`; none on a last
    /// line without one), without a BOM on line 1. JSON allows the trailing
    /// whitespace, so the line parses as it is.
    pub text: String,
}

/// A line that cannot be read: invalid UTF-8 (reading goes on with the next
/// line) or a read error (reading ends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlError {
    pub line: usize,
    pub message: String,
}

/// An iterator over the non-blank lines of a JSONL file. A line of
/// whitespace only is skipped, but counted.
pub struct JsonlReader<R> {
    input: R,
    line: usize,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R) -> Self {
        JsonlReader {
            input,
            line: 0,
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<JsonlLine, JsonlError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut buf = Vec::new();
            match self.input.read_until(b'\n', &mut buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if self.line == 1 && buf.starts_with(b"\xef\xbb\xbf") {
                        buf.drain(..3);
                    }
                    match String::from_utf8(buf) {
                        Ok(text) if text.trim().is_empty() => {}
                        Ok(text) => {
                            return Some(Ok(JsonlLine {
                                line: self.line,
                                text,
                            }))
                        }
                        Err(e) => {
                            return Some(Err(JsonlError {
                                line: self.line,
                                message: format!(
                                    "invalid UTF-8 at byte {} of the line",
                                    e.utf8_error().valid_up_to()
                                ),
                            }))
                        }
                    }
                }
                Err(e) => {
                    // Where the next line starts is unknown after a failed
                    // read, and the error may well come again: stop here.
                    self.done = true;
                    return Some(Err(JsonlError {
                        line: self.line + 1,
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Vec<Result<(usize, String), (usize, String)>> {
        JsonlReader::new(bytes)
            .map(|r| r.map(|l| (l.line, l.text)).map_err(|e| (e.line, e.message)))
            .collect()
    }

    fn utf8_error(byte: usize) -> String {
        format!("invalid UTF-8 at byte {byte} of the line")
    }

    fn ok(line: usize, text: &str) -> Result<(usize, String), (usize, String)> {
        Ok((line, text.to_string()))
    }

    #[test]
    fn bom_is_removed_from_line_one_only() {
        assert_eq!(
            read(b"\xef\xbb\xbf{\"text\": \"a\"}\n\xef\xbb\xbf{}\n"),
            vec![ok(1, "{\"text\": \"a\"}\n"), ok(2, "\u{feff}{}\n")]
        );
        // A BOM alone is a blank line 1.
        assert_eq!(read(b"\xef\xbb\xbf\n{}\n"), vec![ok(2, "{}\n")]);
        assert_eq!(read(b"\xef\xbb\xbf"), vec![]);
    }

    #[test]
    fn crlf_line_ends_are_kept_and_counted_once() {
        assert_eq!(
            read(b"{\"a\": 1}\r\n\r\n{\"b\": 2}\r\n"),
            vec![ok(1, "{\"a\": 1}\r\n"), ok(3, "{\"b\": 2}\r\n")]
        );
        // A lone CR does not end a line.
        assert_eq!(read(b"{}\r{}\n"), vec![ok(1, "{}\r{}\n")]);
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        assert_eq!(
            read(b"\n   \n\t\r\n{}\n\n\xc2\xa0\xe3\x80\x80\n[]\n\n"),
            vec![ok(4, "{}\n"), ok(7, "[]\n")]
        );
        assert_eq!(read(b""), vec![]);
        assert_eq!(read(b"\n\n\n"), vec![]);
    }

    #[test]
    fn invalid_utf8_names_the_line_and_byte_and_reading_goes_on() {
        assert_eq!(
            read(b"{}\n{\"text\": \"caf\xc3\xa9 \xff\"}\n{\"text\": \"\xe2\x82\"}\n{}\n"),
            vec![
                ok(1, "{}\n"),
                Err((2, utf8_error(16))),
                Err((3, utf8_error(10))),
                ok(4, "{}\n"),
            ]
        );
        // Bytes are counted after a BOM on line 1.
        assert_eq!(read(b"\xef\xbb\xbf\x80\n"), vec![Err((1, utf8_error(0)))]);
    }

    #[test]
    fn a_last_line_without_a_newline_is_read() {
        assert_eq!(
            read(b"{}\n{\"text\": \"end\"}"),
            vec![ok(1, "{}\n"), ok(2, "{\"text\": \"end\"}")]
        );
        assert_eq!(read(b"{}\n  "), vec![ok(1, "{}\n")]);
        assert_eq!(read(b"\n\xff"), vec![Err((2, utf8_error(0)))]);
    }

    /// Reads `ok` bytes, then fails on every read.
    struct Failing<'a> {
        ok: &'a [u8],
    }

    impl std::io::Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.ok.is_empty() {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.ok.len());
            buf[..n].copy_from_slice(&self.ok[..n]);
            self.ok = &self.ok[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_read_error_names_the_next_line_and_ends_reading() {
        let input = std::io::BufReader::new(Failing { ok: b"{}\n\n" });
        let items: Vec<_> = JsonlReader::new(input).collect();
        assert_eq!(
            items,
            vec![
                Ok(JsonlLine {
                    line: 1,
                    text: "{}\n".into()
                }),
                Err(JsonlError {
                    line: 3,
                    message: "cannot read: disk on fire".into()
                }),
            ]
        );
    }
}
