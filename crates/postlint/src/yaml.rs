//! The one place postlint reads YAML (config files, Markdown front matter).
//! It parses with `yaml_serde`, the YAML organization's maintained fork of
//! the deprecated serde_yaml; its types stay in this module. Text over the
//! limits below never reaches it.

pub use yaml_serde::Value;

/// Longest YAML text read (a config file, a pack manifest, a post's front
/// matter), in bytes. Real ones are a few KiB.
pub const MAX_YAML_BYTES: usize = 1 << 20;

/// Deepest nesting read: flow collections (`[`, `{`) inside each other
/// plus block levels (deeper indentation, `- ` items on one line). Real
/// files use fewer than ten; the parser takes seconds on tens of thousands.
pub const MAX_YAML_DEPTH: usize = 64;

/// A YAML syntax error with the byte offset it points at.
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub offset: Option<usize>,
}

/// Parse YAML text into a generic value.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    check_limits(text)?;
    yaml_serde::from_str(text).map_err(|e| YamlError {
        offset: e.location().map(|l| l.index()),
        message: e.to_string(),
    })
}

/// Refuse text over [`MAX_YAML_BYTES`] or nested deeper than
/// [`MAX_YAML_DEPTH`], in one pass over the bytes. The depth is read
/// cheaply, not parsed: brackets in quoted scalars, comments and block
/// scalars (`|`, `>`) do not count; a stray bracket in a plain scalar does,
/// which only matters past the limit.
fn check_limits(text: &str) -> Result<(), YamlError> {
    if text.len() > MAX_YAML_BYTES {
        return Err(YamlError {
            message: format!(
                "the YAML is {} KiB; postlint reads at most {} KiB of YAML",
                text.len() >> 10,
                MAX_YAML_BYTES >> 10
            ),
            offset: None,
        });
    }
    let too_deep = |offset: usize| {
        YamlError {
        message: format!(
            "the YAML nests deeper than {MAX_YAML_DEPTH} levels here; postlint reads at most {MAX_YAML_DEPTH}"
        ),
        offset: Some(offset),
    }
    };
    // Indentation of the enclosing block levels, innermost last.
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // Inside a quoted scalar (which may span lines): its quote byte.
    let mut quote: Option<u8> = None;
    // Inside a block scalar: the indentation of the line that opened it.
    let mut block_scalar: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let blank = b[indent..].iter().all(u8::is_ascii_whitespace);
        if let Some(parent) = block_scalar {
            if blank || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut i = 0;
        let mut levels = 0;
        if quote.is_none() && flow == 0 && !blank && b[indent] != b'#' {
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
            // `- - - x`: a sequence in a sequence on one line.
            i = indent;
            while matches!(b.get(i), Some(b'-' | b'?')) && matches!(b.get(i + 1), Some(b' ')) {
                levels += 1;
                i += 2;
                while b.get(i) == Some(&b' ') {
                    i += 1;
                }
            }
            if indents.len() + levels > MAX_YAML_DEPTH {
                return Err(too_deep(start + indent));
            }
        }
        // The last byte that is not a space, for where a quote may open.
        let mut last: Option<u8> = None;
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(b'"') if c == b'\\' => i += 1,
                Some(q) if c == q => {
                    // `''` inside single quotes is a quote, not the end.
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 1;
                    } else {
                        quote = None;
                    }
                }
                Some(_) => {}
                None => match c {
                    b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => break,
                    b'"' | b'\''
                        if matches!(last, None | Some(b'[' | b'{' | b',' | b':' | b'-' | b'?')) =>
                    {
                        quote = Some(c)
                    }
                    b'[' | b'{' => {
                        flow += 1;
                        if indents.len() + levels + flow > MAX_YAML_DEPTH {
                            return Err(too_deep(start + i));
                        }
                    }
                    b']' | b'}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            if !c.is_ascii_whitespace() {
                last = Some(c);
            }
            i += 1;
        }
        // `key: |` or `- >-`: the lines indented deeper are text.
        let content = line.split(" #").next().unwrap_or("").trim_end();
        if quote.is_none() && flow == 0 {
            let tail =
                content.trim_end_matches(|c: char| matches!(c, '-' | '+') || c.is_ascii_digit());
            if tail.ends_with(['|', '>'])
                && (tail.len() == 1 || tail[..tail.len() - 1].ends_with([' ', ':']))
            {
                block_scalar = Some(indent);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> Option<String> {
        parse(text).err().map(|e| e.message)
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("a: {}", "[".repeat(100_000));
        let message = error(&deep).unwrap_or_default();
        assert!(message.contains("deeper than 64 levels"), "{message}");
        let message = error(&"- ".repeat(1000)).unwrap_or_default();
        assert!(message.contains("deeper than 64 levels"), "{message}");
        let nested: String = (0..100)
            .map(|k| format!("{}k{k}:\n", " ".repeat(k)))
            .collect();
        let message = error(&nested).unwrap_or_default();
        assert!(message.contains("deeper than 64 levels"), "{message}");
    }

    #[test]
    fn large_yaml_is_refused() {
        let big = format!("text: \"{}\"\n", "x".repeat(MAX_YAML_BYTES));
        let message = error(&big).unwrap_or_default();
        assert!(message.contains("at most 1024 KiB"), "{message}");
    }

    #[test]
    fn ordinary_yaml_within_the_limits_parses() {
        let ok = [
            // Brackets in quotes, comments and block scalars do not nest.
            "a: \"[[[[[[[[\"\nb: '{{{{{{{{{{ it''s'\n# [[[[[[[[[[[[[[[[[[\nc: |\n  [[[[[[[[[[[[[[[[[\n  [[[[[[[[[[[[[[[[[\nd: [1, [2, {e: 3}]]\n",
            "rules:\n  killers/bare-link:\n    severity: warning\n    params: { max: [1, 2] }\n- x\n",
            &format!("a: {}{}", "[".repeat(60), "]".repeat(60)),
            &(0..30).map(|k| format!("{}k{k}:\n", "  ".repeat(k))).collect::<String>(),
        ];
        for text in ok {
            assert!(check_limits(text).is_ok(), "{text}");
        }
        assert!(parse(ok[0]).is_ok());
    }
}
