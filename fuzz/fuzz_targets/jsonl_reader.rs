//! The JSONL line reader on arbitrary bytes: it must never panic, every line
//! or error names a line within the input (in order, as a plain split on
//! `\n` would), and reading always ends. Each line read is parsed as JSON,
//! and its strings (the `scheduled` field first) go through the date parser
//! the CLI uses for `scheduled`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postlint_engine::calendar::parse_datetime;
use serde_json::Value;

use postlint::jsonl;

/// Every string in a JSON value (keys too) through the date parser.
fn dates(value: &Value) {
    match value {
        Value::String(s) => {
            parse_datetime(s);
        }
        Value::Array(items) => items.iter().for_each(dates),
        Value::Object(obj) => {
            if let Some(Value::String(s)) = obj.get("scheduled") {
                parse_datetime(s);
            }
            for (k, v) in obj {
                parse_datetime(k);
                dates(v);
            }
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    // What the reader should give, from a plain split: (line, Ok(text) or Err(byte)).
    let mut expected = Vec::new();
    for (i, raw) in data.split_inclusive(|b| *b == b'\n').enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix(b"\xef\xbb\xbf").unwrap_or(raw)
        } else {
            raw
        };
        match std::str::from_utf8(raw) {
            Ok(t) if t.trim().is_empty() => {}
            Ok(t) => expected.push((i + 1, Ok(t))),
            Err(e) => expected.push((i + 1, Err(e.valid_up_to()))),
        }
    }
    let lines = data.split_inclusive(|b| *b == b'\n').count();

    let mut reader = jsonl::JsonlReader::new(data);
    let mut n = 0usize;
    let mut last = 0usize;
    while let Some(item) = reader.next() {
        let line = match &item {
            Ok(l) => l.line,
            Err(e) => e.line,
        };
        assert!(
            line > last && line <= lines,
            "line {line} after {last}, of {lines}"
        );
        last = line;
        let want = expected.get(n).expect("more items than non-blank lines");
        assert_eq!(line, want.0);
        match (&item, &want.1) {
            (Ok(l), Ok(t)) => assert_eq!(l.text, *t, "line {line}"),
            (Err(e), Err(byte)) => assert_eq!(
                e.message,
                format!("invalid UTF-8 at byte {byte} of the line"),
                "line {line}"
            ),
            _ => panic!("line {line}: got {item:?}, expected {:?}", want.1),
        }
        n += 1;
        assert!(n <= lines, "reading does not end");
        if let Ok(l) = item {
            parse_datetime(l.text.trim_end());
            if let Ok(value) = serde_json::from_str::<Value>(&l.text) {
                dates(&value);
            }
        }
    }
    assert_eq!(n, expected.len(), "lines left unread");
    assert!(reader.next().is_none(), "items after the end");
});
