//! Text as a platform stores it, read back as the writer wrote it.
//!
//! A post exported from X's API (or an archive built on it) is not the draft
//! its author typed: `&`, `<` and `>` come back as HTML entities, a reply
//! starts with the @mentions X fills in (and does not count), and a photo,
//! video or quoted post adds its own `https://t.co/…` link at the end.
//! [`Origin::XExport`] undoes all three; [`Origin::Draft`] leaves the text as
//! typed.

use std::borrow::Cow;

/// Where a text comes from, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// Typed by the writer: read as it is.
    #[default]
    Draft,
    /// Exported from X's API: entities decoded, reply mentions not counted,
    /// a trailing `t.co` link taken as the attachment it is.
    XExport,
}

impl Origin {
    /// `draft` or `x-export` (`auto` is decided per record by the caller).
    pub fn parse(s: &str) -> Option<Origin> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(Origin::Draft),
            "x-export" | "x_export" | "twitter-export" => Some(Origin::XExport),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Draft => "draft",
            Origin::XExport => "x-export",
        }
    }
}

/// Whether an exported record on X looks like API text: it has HTML
/// entities or a `t.co` link, which typed drafts do not.
pub fn looks_like_x_export(text: &str) -> bool {
    text.contains("https://t.co/")
        || text.contains("http://t.co/")
        || ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#x27;"]
            .iter()
            .any(|e| text.contains(e))
}

/// A text read back from an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The text as written: entities decoded, the attachment link removed.
    pub text: String,
    /// Bytes at the start of `text` that the platform filled in (a reply's
    /// leading @mentions and the space after them).
    pub uncounted_prefix: usize,
    /// The attachments' links taken off the end (a photo, a video, a quoted post).
    pub attachments: Vec<String>,
}

/// Read `text` as exported from X. The @mentions it opens with are taken
/// as the ones X fills in before a reply (API text of a post that is not a
/// reply rarely opens with one).
pub fn read_x_export(text: &str) -> Exported {
    let decoded = decode_entities(text);
    // The last `t.co` link is an attachment. One before it is the link the
    // writer shared, unless the text is then still over X's limit: a
    // published post is not, so that one is an attachment too (a quoted post
    // with a photo).
    // At most two: media and a quoted post; the limit is counted once.
    let mut body: &str = &decoded;
    let mut attachments = Vec::new();
    if let (rest, Some(link)) = split_attachment(body) {
        body = rest;
        attachments.push(link.to_string());
        if let (rest, Some(link)) = split_attachment(body) {
            if over_x_limit(body) {
                body = rest;
                attachments.push(link.to_string());
            }
        }
    }
    attachments.reverse();
    Exported {
        uncounted_prefix: reply_mentions(body),
        text: body.to_string(),
        attachments,
    }
}

/// Decode the HTML entities an export leaves in: `&amp;`, `&lt;`, `&gt;`,
/// `&quot;`, `&apos;`, `&nbsp;` and numeric ones (`&#39;`, `&#x1F600;`).
/// Anything else that starts with `&` stays as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character an entity at the start of `s` stands for, and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    // Entity names are short: `;` within 10 characters of the `&`.
    let (semi, _) = s[1..].char_indices().take(10).find(|&(_, c)| c == ';')?;
    let end = semi + 1;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Whether X would refuse `text` as too long (its reply mentions not counted).
fn over_x_limit(text: &str) -> bool {
    let counted = &text[reply_mentions(text)..];
    crate::count::parse_tweet(counted, &crate::count::TweetConfig::v3()).weighted_length > X_LIMIT
}

/// X's limit for a post.
const X_LIMIT: usize = 280;

/// `text` without the `t.co` link it ends with (and the space before it).
fn split_attachment(text: &str) -> (&str, Option<&str>) {
    let trimmed = text.trim_end();
    let start = trimmed.rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
    });
    let last = &trimmed[start..];
    let is_tco = ["https://t.co/", "http://t.co/"].iter().any(|p| {
        last.strip_prefix(p)
            .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
    });
    if is_tco {
        (trimmed[..start].trim_end(), Some(last))
    } else {
        (text, None)
    }
}

/// Bytes of the @mentions (and the spaces after them) a reply opens with.
fn reply_mentions(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let Some(name) = rest.strip_prefix('@') else {
            return at;
        };
        let len = name
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(name.len());
        if len == 0 {
            return at;
        }
        let after = &name[len..];
        let spaces = after.len() - after.trim_start_matches([' ', '\u{a0}']).len();
        if spaces == 0 && !after.is_empty() {
            // `@name,` or `@name's`: part of the sentence, not a filled-in mention.
            return at;
        }
        at += 1 + len + spaces;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_unknown_ones_kept() {
        assert_eq!(decode_entities("Fish &amp; chips &lt;3"), "Fish & chips <3");
        assert_eq!(decode_entities("it&#39;s &#x1F600;"), "it's 😀");
        assert_eq!(decode_entities("AT&T &copy; & co"), "AT&T &copy; & co");
        assert!(matches!(decode_entities("no entities"), Cow::Borrowed(_)));
    }

    #[test]
    fn trailing_t_co_links_are_attachments() {
        let e = read_x_export("New menu &amp; more https://t.co/AbC123");
        assert_eq!(e.text, "New menu & more");
        assert_eq!(e.attachments, ["https://t.co/AbC123"]);
        // A link in the middle is shared, not attached.
        let e = read_x_export("Read https://t.co/AbC123 today");
        assert_eq!(e.text, "Read https://t.co/AbC123 today");
        assert!(e.attachments.is_empty());
        // A link shared, then the photo: the first is the link.
        let e = read_x_export("Read this https://t.co/a1 https://t.co/b2");
        assert_eq!(e.text, "Read this https://t.co/a1");
        assert_eq!(e.attachments, ["https://t.co/b2"]);
        // Over the limit with the first link counted: a quoted post and a photo.
        let long = "word ".repeat(52);
        let e = read_x_export(&format!("{long}https://t.co/a1 https://t.co/b2"));
        assert_eq!(e.text, long.trim_end());
        assert_eq!(e.attachments, ["https://t.co/a1", "https://t.co/b2"]);
        // Other links stay.
        let e = read_x_export("Menu: https://example.com/menu");
        assert_eq!(e.text, "Menu: https://example.com/menu");
    }

    #[test]
    fn leading_reply_mentions_are_not_counted() {
        let e = read_x_export("@ann @bob_2 Sorry to hear that!");
        assert_eq!(&e.text[e.uncounted_prefix..], "Sorry to hear that!");
        assert_eq!(read_x_export("@ann's order is late").uncounted_prefix, 0);
        assert_eq!(read_x_export("Hi @ann").uncounted_prefix, 0);
    }

    #[test]
    fn api_text_is_told_from_a_draft() {
        assert!(looks_like_x_export("Fish &amp; chips"));
        assert!(looks_like_x_export("Look https://t.co/xyz"));
        assert!(!looks_like_x_export("Fish & chips https://example.com"));
    }
}
