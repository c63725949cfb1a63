//! Parsed rule files as bytes: the built-in packs are parsed when postlint
//! is built and stored in the binary in this form, so a run loads them
//! without parsing (a tenth of the time). The format is private to one
//! build of postlint: the bytes are written and read by the same code.

use crate::ParsedFile;

/// Changes whenever the layout of the syntax tree changes, so bytes written
/// by another layout are refused rather than misread.
const FORMAT: &[u8; 8] = b"plast\x00\x00\x01";

/// The files as bytes.
pub fn encode(files: &[ParsedFile]) -> Vec<u8> {
    let mut out = FORMAT.to_vec();
    // A syntax tree always serialises: no maps with non-string keys, no
    // unsized values. An empty result still decodes as "no files".
    out.extend(postcard::to_allocvec(files).unwrap_or_default());
    out
}

/// The files back from [`encode`]'s bytes; `None` if they are not bytes of
/// this build's format.
pub fn decode(bytes: &[u8]) -> Option<Vec<ParsedFile>> {
    let body = bytes.strip_prefix(FORMAT.as_slice())?;
    postcard::from_bytes(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_back_as_they_were_parsed() {
        let text = "pack p { version: \"1.0.0\" }\nlexicon l {\n  en: \"a (b|c)\", \"d\" -> \"e\"\n}\nrule r {\n  severity: warning\n  message: \"m {n}\"\n  param n = 30%\n  when error: has(l) and not (words > n or platform in [x, threads])\n  example fire en: \"a b\"\n}\n";
        let file = match crate::parse_file("p.rules", text) {
            Ok(file) => file,
            Err(e) => panic!("the sample parses: {:?}", miette::Report::new(e)),
        };
        let bytes = encode(std::slice::from_ref(&file));
        let back = decode(&bytes).unwrap_or_default();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].name, file.name);
        assert_eq!(back[0].text, file.text);
        assert_eq!(back[0].pack, "p");
        // The tree has no PartialEq; its debug form shows every node and span.
        assert_eq!(format!("{:?}", back[0].ast), format!("{:?}", file.ast));
    }

    #[test]
    fn other_bytes_are_refused() {
        assert!(decode(b"").is_none());
        assert!(decode(b"plast\x00\x00\x00rest").is_none());
        let mut bytes = encode(&[]);
        assert!(decode(&bytes).is_some_and(|f| f.is_empty()));
        bytes.push(7);
        bytes[FORMAT.len()] = 200;
        assert!(decode(&bytes).is_none());
    }
}
