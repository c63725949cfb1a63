//! A streaming CSV reader (RFC 4180) that reports a broken record and goes
//! on with the next one. Self-contained (no crate imports) so the fuzz
//! target in `fuzz/` can include it as it is.

use std::collections::VecDeque;
use std::io::BufRead;

/// A row of a CSV file: its fields and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A CSV syntax problem, with the line of the record it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// A streaming RFC 4180 reader: quoted fields, doubled quotes, newlines in
/// quotes, CRLF. A broken record is reported and reading goes on after it:
/// an unterminated quote is reported on the line where its record starts,
/// and the lines after that one are read again as records. Reading them
/// again costs one line each: how the quote broke is kept ([`BrokenQuote`]).
pub struct CsvReader<R> {
    input: R,
    line: usize,
    pub(crate) pending: VecDeque<(usize, String)>,
    pub delimiter: char,
    done: bool,
    broken: Option<BrokenQuote>,
    /// Lines parsed so far, those read again included: the reader's work.
    #[cfg(test)]
    parsed_lines: usize,
}

/// How the last record whose quote stayed open past its first line broke.
/// It entered each of the lines `first..=end` inside that quote, and from
/// there the parse depends on the line alone: a record read again whose
/// first line also ends inside a quote, just before one of these lines,
/// breaks the same way, at the same line. Without this, a file of such
/// lines is read to the end once per line (quadratic).
struct BrokenQuote {
    /// The first line entered inside the quote.
    first: usize,
    /// Per line from `first`: the fields the record had when it entered it.
    fields_at: Vec<usize>,
    /// The fields the record had when it broke.
    fields_end: usize,
    /// The line it broke on.
    end: usize,
    /// The char after a closing quote it broke at; `None`: the file ended.
    after_quote: Option<char>,
}

impl BrokenQuote {
    /// The error of a record starting on `start` that has `fields` fields
    /// when its first line ends inside a quote, if it breaks like this one.
    fn error_for(&self, start: usize, fields: usize) -> Option<CsvError> {
        let at = self.fields_at.get((start + 1).checked_sub(self.first)?)?;
        let field = fields + (self.fields_end - at) + 1;
        let message = match self.after_quote {
            Some(c) => format!("bad quoting in field {field}: a quote opens here and seems never closed (`{c}` after a quote on line {})", self.end),
            None => format!("bad quoting in field {field}: a quote opens here and is never closed"),
        };
        Some(CsvError {
            line: start,
            message,
        })
    }
}

enum State {
    Start,
    Unquoted,
    Quoted,
    AfterQuote,
}

impl<R: BufRead> CsvReader<R> {
    pub fn new(input: R) -> Self {
        CsvReader {
            input,
            line: 0,
            pending: VecDeque::new(),
            delimiter: ',',
            done: false,
            broken: None,
            #[cfg(test)]
            parsed_lines: 0,
        }
    }

    /// The next physical line, without its line end; `Err` for invalid UTF-8.
    pub(crate) fn next_line(&mut self) -> Option<(usize, Result<String, String>)> {
        if let Some((n, l)) = self.pending.pop_front() {
            return Some((n, Ok(l)));
        }
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        match self.input.read_until(b'\n', &mut buf) {
            Ok(0) => {
                self.done = true;
                None
            }
            Ok(_) => {
                self.line += 1;
                if buf.ends_with(b"\n") {
                    buf.pop();
                    if buf.ends_with(b"\r") {
                        buf.pop();
                    }
                }
                if self.line == 1 && buf.starts_with(b"\xef\xbb\xbf") {
                    buf.drain(..3);
                }
                Some((
                    self.line,
                    String::from_utf8(buf).map_err(|e| {
                        format!(
                            "invalid UTF-8 at byte {} of the line",
                            e.utf8_error().valid_up_to()
                        )
                    }),
                ))
            }
            Err(e) => {
                self.done = true;
                Some((self.line + 1, Err(format!("cannot read: {e}"))))
            }
        }
    }

    /// Choose `,`, `;` or tab from the header line (outside quotes).
    pub fn sniff(&mut self, header: &str) {
        let mut quoted = false;
        let mut counts = [(',', 0), (';', 0), ('\t', 0)];
        for c in header.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if !quoted {
                for (d, n) in &mut counts {
                    if c == *d {
                        *n += 1;
                    }
                }
            }
        }
        self.delimiter = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .filter(|(_, n)| *n > 0)
            .map_or(',', |(d, _)| *d);
    }

    /// The next record; blank lines are skipped.
    pub fn next_row(&mut self) -> Option<Result<CsvRow, CsvError>> {
        let (start, first) = loop {
            let (n, l) = self.next_line()?;
            match l {
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => break (n, l),
                Err(message) => return Some(Err(CsvError { line: n, message })),
            }
        };
        let mut raw: Vec<(usize, String)> = Vec::new();
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut state = State::Start;
        let mut line = first;
        let mut line_no = start;
        // Fields completed when each line after the first was entered.
        let mut fields_at = Vec::new();
        loop {
            #[cfg(test)]
            {
                self.parsed_lines += 1;
            }
            for c in line.chars() {
                match state {
                    State::Start if c == '"' => state = State::Quoted,
                    State::Start | State::Unquoted if c == self.delimiter => {
                        fields.push(std::mem::take(&mut cur));
                        state = State::Start;
                    }
                    State::Start | State::Unquoted => {
                        cur.push(c);
                        state = State::Unquoted;
                    }
                    State::Quoted if c == '"' => state = State::AfterQuote,
                    State::Quoted => cur.push(c),
                    State::AfterQuote if c == '"' => {
                        cur.push('"');
                        state = State::Quoted;
                    }
                    State::AfterQuote if c == self.delimiter => {
                        fields.push(std::mem::take(&mut cur));
                        state = State::Start;
                    }
                    State::AfterQuote => {
                        let field = fields.len() + 1;
                        if line_no == start {
                            let message = format!("bad quoting in field {field}: `{c}` after a closing quote (a quote inside a quoted field is written twice: \"\")");
                            return Some(Err(CsvError {
                                line: start,
                                message,
                            }));
                        }
                        // The quote that closed was meant to open a later field: read the lines after the start again.
                        self.broken = Some(BrokenQuote {
                            first: start + 1,
                            fields_at,
                            fields_end: fields.len(),
                            end: line_no,
                            after_quote: Some(c),
                        });
                        self.pending.push_front((line_no, line.clone()));
                        for l in raw.into_iter().skip(1).rev() {
                            self.pending.push_front(l);
                        }
                        let message = format!("bad quoting in field {field}: a quote opens here and seems never closed (`{c}` after a quote on line {line_no})");
                        return Some(Err(CsvError {
                            line: start,
                            message,
                        }));
                    }
                }
            }
            if !matches!(state, State::Quoted) {
                fields.push(cur);
                return Some(Ok(CsvRow {
                    line: start,
                    fields,
                }));
            }
            // A newline inside quotes: the record goes on, unless it is read
            // again and breaks as before (the lines after it stay queued).
            if line_no == start {
                let known = self
                    .broken
                    .as_ref()
                    .filter(|_| self.pending.front().is_some_and(|(n, _)| *n == start + 1));
                if let Some(e) = known.and_then(|b| b.error_for(start, fields.len())) {
                    return Some(Err(e));
                }
            }
            cur.push('\n');
            raw.push((line_no, line));
            match self.next_line() {
                Some((n, Ok(l))) => {
                    line_no = n;
                    line = l;
                    fields_at.push(fields.len());
                }
                Some((n, Err(message))) => return Some(Err(CsvError { line: n, message })),
                None => {
                    // Unterminated quote: report it, and read the lines after the record's first line again.
                    let field = fields.len() + 1;
                    self.broken = Some(BrokenQuote {
                        first: start + 1,
                        fields_at,
                        fields_end: fields.len(),
                        end: line_no,
                        after_quote: None,
                    });
                    for l in raw.into_iter().skip(1).rev() {
                        self.pending.push_front(l);
                    }
                    return Some(Err(CsvError {
                        line: start,
                        message: format!(
                            "bad quoting in field {field}: a quote opens here and is never closed"
                        ),
                    }));
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for CsvReader<R> {
    type Item = Result<CsvRow, CsvError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Every result of reading `text`, and the lines parsed to get them.
    fn read(text: &str, remember: bool) -> (Vec<Result<CsvRow, CsvError>>, usize) {
        let mut reader = CsvReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(r) = reader.next_row() {
            out.push(r);
            if !remember {
                reader.broken = None;
            }
        }
        (out, reader.parsed_lines)
    }

    /// A quote that opens on every line and never closes used to send each
    /// record to the end of the file: 4x the lines was 16x the work.
    #[test]
    fn unterminated_quotes_are_read_in_linear_time() {
        for last in ["", "\"x\n"] {
            let file = |n: usize| format!("id,text\n{}{last}", "a\",\"\n".repeat(n));
            let (rows, one) = read(&file(500), true);
            let (_, four) = read(&file(2000), true);
            assert!(four <= one * 5, "4x the lines parsed {four} against {one}");
            // Still one error per record, on the record's own line.
            let errors: Vec<usize> = rows
                .iter()
                .filter_map(|r| r.as_ref().err())
                .map(|e| e.line)
                .collect();
            assert_eq!(
                errors.len(),
                500 + usize::from(!last.is_empty()),
                "{:?}",
                &rows[..3]
            );
            assert!(errors.iter().zip(2..).all(|(&l, n)| l == n));
        }
    }

    /// Remembering how a quote broke changes nothing in what is read.
    #[test]
    fn remembered_breaks_read_like_reading_again() {
        let lines = [
            "a\",\"",
            "\"x",
            "x",
            "\"",
            "a,\"b\"",
            "",
            "b,\"c",
            "\"\"\"",
            "c\"\"d,\"",
        ];
        // Every file of four of these lines.
        let mut files = vec![String::new()];
        for _ in 0..4 {
            files = files
                .iter()
                .flat_map(|f| lines.iter().map(move |l| format!("{f}{l}\n")))
                .collect();
        }
        for f in &files {
            assert_eq!(read(f, true).0, read(f, false).0, "{f:?}");
        }
    }
}
