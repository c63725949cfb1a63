//! Positions as the client counts them (UTF-8, UTF-16 or UTF-32 units),
//! and document URIs as paths.

#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;

use lsp_types as lt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it (cheapest for us), else UTF-32 if
    /// offered, else the mandatory UTF-16.
    pub(super) fn negotiate(init: &lt::InitializeParams) -> Encoding {
        let offered = init
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.clone())
            .unwrap_or_default();
        if offered.contains(&lt::PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&lt::PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }
    pub(super) fn kind(self) -> lt::PositionEncodingKind {
        match self {
            Encoding::Utf8 => lt::PositionEncodingKind::UTF8,
            Encoding::Utf16 => lt::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lt::PositionEncodingKind::UTF32,
        }
    }
    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// LSP position of a byte offset.
pub fn position(text: &str, offset: usize, enc: Encoding) -> lt::Position {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].chars().map(|c| enc.units(c)).sum();
    lt::Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(character).unwrap_or(u32::MAX),
    }
}

/// Byte offset of an LSP position; past the end of a line means its end,
/// past the last line means the end of the text. A position inside a
/// character (half a surrogate pair) rounds down to its start.
pub fn offset(text: &str, pos: lt::Position, enc: Encoding) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        let next = units + enc.units(c);
        if next > want {
            return line_start + i;
        }
        units = next;
    }
    line_end
}

pub fn range(text: &str, start: usize, end: usize, enc: Encoding) -> lt::Range {
    lt::Range {
        start: position(text, start, enc),
        end: position(text, end, enc),
    }
}

/// A local path for a `file:` URI (percent-decoded).
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // Skip the authority (usually empty or `localhost`).
    let path = &rest[rest.find('/')?..];
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(Ok(b)) = path.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16)) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    // Windows drive letters: file:///C:/x
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => decoded[1..].to_string(),
        _ => decoded,
    };
    Some(PathBuf::from(decoded))
}

/// A `file:` URI for a local path.
#[cfg(test)]
pub fn path_to_uri(path: &Path) -> Option<lt::Uri> {
    let s = path.to_str()?;
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    <lt::Uri as std::str::FromStr>::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_the_negotiated_units() {
        let text = "a😀中\nx😀b";
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            position(text, b, Encoding::Utf16),
            lt::Position {
                line: 1,
                character: 3
            }
        );
        assert_eq!(
            position(text, b, Encoding::Utf8),
            lt::Position {
                line: 1,
                character: 5
            }
        );
        assert_eq!(
            position(text, b, Encoding::Utf32),
            lt::Position {
                line: 1,
                character: 2
            }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (i, _) in text.char_indices() {
                assert_eq!(
                    offset(text, position(text, i, enc), enc),
                    i,
                    "{enc:?} at {i}"
                );
            }
        }
        // Past the end of a line or the text clamps.
        assert_eq!(
            offset(
                text,
                lt::Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            text.find('\n').unwrap_or(0)
        );
        assert_eq!(
            offset(
                text,
                lt::Position {
                    line: 9,
                    character: 0
                },
                Encoding::Utf16
            ),
            text.len()
        );
    }

    #[test]
    fn uris_round_trip() {
        let p = PathBuf::from("/tmp/a b/ü#.md");
        let uri = path_to_uri(&p).map(|u| u.as_str().to_string());
        assert_eq!(uri.as_deref(), Some("file:///tmp/a%20b/%C3%BC%23.md"));
        assert_eq!(uri.as_deref().and_then(uri_to_path), Some(p));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }
}
