//! Segmentation of a post into words, sentences, lines, emoji and marks,
//! in one pass over the text with unicode-segmentation. Spans are bytes.

use unicode_segmentation::UnicodeSegmentation;

use crate::{entities, Analysis, Sentence, Span, Word};

/// Read a post once. Linear in the text; every span lies on char boundaries.
pub fn analyze(text: &str) -> Analysis {
    let entities = entities::extract(text);
    let quotes = quoted_spans(text);
    let mut a = Analysis { entities, ..Analysis::default() };

    let mut ent = a.entities.iter().map(|e| e.span).peekable();
    let mut q = quotes.iter().peekable();
    for (start, w) in text.unicode_word_indices() {
        let span = Span::new(start, start + w.len());
        while ent.peek().is_some_and(|e| e.end <= span.start) {
            ent.next();
        }
        if ent.peek().is_some_and(|e| e.start < span.end) {
            continue;
        }
        if !w.chars().any(char::is_alphanumeric) {
            continue;
        }
        while q.peek().is_some_and(|s| s.end <= span.start) {
            q.next();
        }
        let quoted = q.peek().is_some_and(|s| s.contains(span));
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = letters >= 2 && w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_uppercase);
        a.words.push(Word { span, lower: w.to_lowercase(), all_caps, quoted });
    }

    for (start, s) in text.split_sentence_bound_indices() {
        let trimmed = s.trim_end();
        if trimmed.trim_start().is_empty() {
            continue;
        }
        let lead = trimmed.len() - trimmed.trim_start().len();
        let span = Span::new(start + lead, start + trimmed.len());
        let body = &text[span.start..span.end];
        a.sentences.push(Sentence { span, question: body.contains(['?', '？']), exclamation: body.contains(['!', '！']) });
    }

    let mut line_start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            a.lines.push(Span::new(line_start, i));
            a.line_breaks += 1;
            let mut next = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
                chars.next();
                next += 1;
            }
            line_start = next;
        }
    }
    a.lines.push(Span::new(line_start, text.len()));

    let mut runs: Vec<(char, Span)> = Vec::new();
    for (i, c) in text.char_indices() {
        let kind = match c {
            '?' | '？' => '?',
            '!' | '！' => '!',
            _ => continue,
        };
        let inside_entity = a.entities.iter().any(|e| e.span.start <= i && i < e.span.end);
        if inside_entity {
            continue;
        }
        match runs.last_mut() {
            Some((_, span)) if span.end == i => {
                span.end = i + c.len_utf8();
                if kind == '?' {
                    runs.last_mut().map(|r| r.0 = if r.0 == '!' { '‽' } else { r.0 });
                }
            }
            _ => runs.push((kind, Span::new(i, i + c.len_utf8()))),
        }
    }
    for (kind, span) in runs {
        let run = &text[span.start..span.end];
        if run.contains(['?', '？']) {
            a.questions.push(span);
        }
        if run.contains(['!', '！']) {
            a.exclamations.push(span);
            if run.chars().count() >= 2 && kind != '?' || run.matches(['!', '！']).count() >= 2 {
                a.exclamation_runs.push(span);
            }
        }
    }

    for (start, g) in text.grapheme_indices(true) {
        a.graphemes += 1;
        if is_emoji_grapheme(g) {
            a.emoji.push(Span::new(start, start + g.len()));
        }
    }
    a
}

/// Spans of text inside quotation marks, quotes included.
fn quoted_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match open {
            None => {
                let closer = match c {
                    '"' => '"',
                    '“' => '”',
                    '„' => '”',
                    '«' => '»',
                    '‘' => '’',
                    _ => continue,
                };
                if c == '‘' && text[..i].ends_with(char::is_alphanumeric) {
                    continue;
                }
                open = Some((i, closer));
            }
            Some((start, closer)) => {
                if c == closer || (closer == '”' && c == '“') {
                    out.push(Span::new(start, i + c.len_utf8()));
                    open = None;
                } else if c == '\n' {
                    open = None;
                }
            }
        }
    }
    out
}

/// Whether a grapheme cluster is shown as an emoji.
pub(crate) fn is_emoji_grapheme(g: &str) -> bool {
    let mut cs = g.chars();
    let Some(first) = cs.next() else { return false };
    if g.contains('\u{20E3}') {
        return true; // keycap: 1️⃣
    }
    if g.contains('\u{FE0F}') && !first.is_ascii() {
        return true;
    }
    is_emoji_char(first)
}

pub(crate) fn is_emoji_char(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B05..=0x2B07 | 0x2B1B | 0x2B1C | 0x2B50 | 0x2B55
        | 0x231A | 0x231B | 0x23E9..=0x23F3 | 0x23F8..=0x23FA | 0x3030 | 0x303D | 0x3297 | 0x3299)
}
