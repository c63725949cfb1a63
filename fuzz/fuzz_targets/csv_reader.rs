//! The CSV reader on arbitrary bytes: it must never panic, every row or error
//! names a line within the input, and reading always ends.
#![no_main]

use libfuzzer_sys::fuzz_target;

use postlint::csv;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
    let mut reader = csv::CsvReader::new(std::io::Cursor::new(data));
    let mut n = 0usize;
    while let Some(row) = reader.next_row() {
        let line = match &row {
            Ok(r) => r.line,
            Err(e) => e.line,
        };
        assert!(line >= 1 && line <= lines + 1, "line {line} of {lines}");
        n += 1;
        // Every record consumes input: never more records than lines (plus the re-read ones).
        assert!(n <= 2 * lines + 2, "reading does not end");
    }
});
