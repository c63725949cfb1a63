//! Segmentation of a post into words, sentences, lines, emoji and marks.
//! Each part is one forward pass over the text (cursors instead of
//! searches), so analysis stays linear. Spans are bytes.

use unicode_segmentation::UnicodeSegmentation;

use crate::emoji::is_emoji_grapheme;
use crate::scan::{first_non_ascii, ByteSet};
use crate::{entities, Analysis, Sentence, Span, Word};

/// Read a post once. Linear in the text; every span lies on char boundaries.
pub fn analyze(text: &str) -> Analysis {
    let mut a = analyze_without_sentences(text);
    a.sentences = sentences_of(text, &a);
    a
}

/// Everything [`analyze`] reads but the sentences, which are the costliest
/// part (Unicode sentence boundaries) and which few rules read: a caller
/// that may not need them gets them later with [`sentences_of`].
pub fn analyze_without_sentences(text: &str) -> Analysis {
    let mut a = Analysis::default();
    analyze_without_sentences_into(text, &mut a);
    a
}

/// [`analyze_without_sentences`] into `a`, whose buffers are cleared and
/// reused: a batch that analyses post after post allocates (almost) nothing.
pub fn analyze_without_sentences_into(text: &str, a: &mut Analysis) {
    a.clear();
    entities::extract_into(text, &mut a.entities);
    let entity_spans: Vec<Span> = a.entities.iter().map(|e| e.span).collect();
    words(text, &entity_spans, &mut a.words, &mut a.lowered);
    marks(text, &entity_spans, a);
    lines(text, a);
    graphemes_and_emoji(text, a);
}

/// The sentences of `text`, from its analysis (entities and marks).
pub fn sentences_of(text: &str, a: &Analysis) -> Vec<Sentence> {
    let entity_spans: Vec<Span> = a.entities.iter().map(|e| e.span).collect();
    sentences(
        text,
        &entity_spans,
        &a.questions,
        &a.exclamations,
        usize::MAX,
    )
}

/// The first sentence of `text`: the same as `sentences_of(text, a).first()`,
/// but the splitting stops once it is known (a fold rule reads only this).
pub fn first_sentence_of(text: &str, a: &Analysis) -> Option<Sentence> {
    let entity_spans: Vec<Span> = a.entities.iter().map(|e| e.span).collect();
    sentences(text, &entity_spans, &a.questions, &a.exclamations, 1)
        .first()
        .copied()
}

/// Prose words: Unicode words with a letter or digit that overlap no entity,
/// and the buffer of their lower-cased texts.
fn words(text: &str, entities: &[Span], out: &mut Vec<Word>, lowered_text: &mut String) {
    let quotes = quoted_spans(text);
    // About one word per six bytes of a post; a huge text grows as it goes.
    out.reserve((text.len() / 6).min(4096));
    // Bytes while it is built (short ASCII words are lower-cased eight bytes
    // at a time); whole chars only go in, so it is UTF-8 throughout.
    let mut lowered = std::mem::take(lowered_text).into_bytes();
    lowered.clear();
    lowered.reserve(text.len() + text.len() / 4);
    let mut ent = entities.iter().peekable();
    let mut q = quotes.iter().peekable();
    let mut push = |span: Span, w: &str| {
        while ent.peek().is_some_and(|e| e.end <= span.start) {
            ent.next();
        }
        if ent.peek().is_some_and(|e| e.start < span.end) {
            return;
        }
        while q.peek().is_some_and(|s| s.end <= span.start) {
            q.next();
        }
        let quoted = q.peek().is_some_and(|s| s.contains(span));
        let at = lowered.len();
        let eight = text
            .as_bytes()
            .get(span.start..span.start + 8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
        let (all_caps, key) = match eight.and_then(|x| ascii_short_word(x, w.len())) {
            Some(short) => {
                // All eight bytes (one store), then cut to the word.
                lowered.extend_from_slice(&short.key.to_le_bytes());
                lowered.truncate(at + w.len());
                (short.all_caps, short.key)
            }
            None if w.is_ascii() => {
                lowered.extend_from_slice(w.as_bytes());
                lowered[at..].make_ascii_lowercase();
                // Most words have a lower-case letter first or second: the
                // letters are counted only for a word without one.
                let lower = w.bytes().any(|b| b.is_ascii_lowercase());
                let caps = !lower && w.bytes().filter(u8::is_ascii_alphabetic).count() >= 2;
                (caps, crate::bytes_key(&lowered[at..]))
            }
            None => {
                let (mut letters, mut lower) = (0, false);
                for c in w.chars() {
                    if c.is_alphabetic() {
                        letters += 1;
                        lower |= !c.is_uppercase();
                    }
                }
                let l = w.to_lowercase();
                lowered.extend_from_slice(l.as_bytes());
                (letters >= 2 && !lower, crate::word_key(&l))
            }
        };
        out.push(Word {
            span,
            lower: Span::new(at, lowered.len()),
            all_caps,
            quoted,
            key,
        });
        lowered.push(b'\n');
    };
    for_each_word(text, |start, w| push(Span::new(start, start + w.len()), w));
    *lowered_text = String::from_utf8(lowered)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// What [`words`] reads from a short ASCII word.
struct ShortWord {
    /// The word lower-cased, packed ([`crate::word_key`]).
    key: u64,
    all_caps: bool,
}

/// Reads an ASCII word of `len` bytes, one to eight, from `eight`: the eight
/// bytes of the text where it starts (first byte lowest). `None` when the
/// word is longer or not ASCII. All bytes at once (SWAR): a byte `x < 0x80`
/// is at least `c` exactly when `x + (0x80 - c)` has its top bit set.
#[inline]
fn ascii_short_word(eight: u64, len: usize) -> Option<ShortWord> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOP: u64 = 0x8080_8080_8080_8080;
    if len == 0 || len > 8 {
        return None;
    }
    let x = if len == 8 {
        eight
    } else {
        eight & ((1u64 << (8 * len)) - 1)
    };
    if x & TOP != 0 {
        return None;
    }
    let at_least = |c: u8| x + ONES * u64::from(0x80 - c);
    let upper = at_least(b'A') & !at_least(b'Z' + 1) & TOP;
    let lower = at_least(b'a') & !at_least(b'z' + 1) & TOP;
    Some(ShortWord {
        key: x | (upper >> 2),
        all_caps: lower == 0 && upper.count_ones() >= 2,
    })
}

/// The Unicode words of `text` that hold a letter or digit (UAX #29), as
/// [`analyze`] finds them in a post, as byte ranges: for splitting lexicon
/// entries the same way. Appends to `out` (a buffer reused across calls).
pub fn word_ranges(text: &str, out: &mut Vec<std::ops::Range<usize>>) {
    for_each_word(text, |start, w| out.push(start..start + w.len()));
}

/// Calls `f(start, word)` for each Unicode word of `text` (UAX #29) that
/// holds a letter or digit, in order: the same words as
/// `unicode_word_indices` with that filter. Word boundaries are certain
/// before ASCII white space, and after it unless a combining mark follows;
/// so the runs between white space that hold a non-ASCII byte go to the
/// Unicode segmenter (from the white space before them), and the ASCII
/// text between those runs is split by [`ascii_words`] in one go.
fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let b = text.as_bytes();
    let mut at = 0;
    while at < b.len() {
        let Some(non_ascii) = first_non_ascii(b, at) else {
            ascii_words(&text[at..], |i, w| f(at + i, w));
            break;
        };
        // The run (between white space) that holds the non-ASCII byte.
        let run_start = b[at..non_ascii]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(at, |k| at + k + 1);
        let run_end = b[non_ascii..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(b.len(), |k| non_ascii + k);
        ascii_words(&text[at..run_start], |i, w| f(at + i, w));
        // The Unicode segmenter starts one char back, at a boundary: before
        // the white space that ends the ASCII stretch, or before the whole
        // run of spaces (spaces stay together, and a mark after them joins
        // them: `a  \u{344}` has the "word" `  \u{344}`).
        let mut from = run_start.saturating_sub(1);
        while from > at && b[from] == b' ' && b[from - 1] == b' ' {
            from -= 1;
        }
        for (i, w) in text[from..run_end].unicode_word_indices() {
            if w.chars().any(char::is_alphanumeric) {
                f(from + i, w);
            }
        }
        at = run_end;
    }
}

/// Word-break classes of ASCII characters (UAX #29).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wb {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    /// MidNumLet or Single_Quote: `.` and `'`.
    MidNumLetQ,
    Other,
}

/// The class of each byte (non-ASCII bytes never reach it).
const WB: [Wb; 256] = {
    let mut t = [Wb::Other; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = match c {
            b'a'..=b'z' | b'A'..=b'Z' => Wb::Letter,
            b'0'..=b'9' => Wb::Numeric,
            b'_' => Wb::ExtendNumLet,
            b':' => Wb::MidLetter,
            b',' | b';' => Wb::MidNum,
            b'.' | b'\'' => Wb::MidNumLetQ,
            _ => Wb::Other,
        };
        b += 1;
    }
    t
};

#[inline]
fn wb(b: u8) -> Wb {
    WB[usize::from(b)]
}

/// UAX #29 word boundaries on ASCII text (white space is `Other`): whether
/// the characters at `i - 1` and `i` stay in one word (rules WB5 to WB13b).
#[inline]
fn ascii_joined(b: &[u8], i: usize) -> bool {
    use Wb::*;
    let (x, y) = (wb(b[i - 1]), wb(b[i]));
    match (x, y) {
        (Letter | Numeric, Letter | Numeric) => true,
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,
        (ExtendNumLet, Letter | Numeric) => true,
        (Letter, MidLetter | MidNumLetQ) => b.get(i + 1).is_some_and(|&c| wb(c) == Letter),
        (MidLetter | MidNumLetQ, Letter) => i >= 2 && wb(b[i - 2]) == Letter,
        (Numeric, MidNum | MidNumLetQ) => b.get(i + 1).is_some_and(|&c| wb(c) == Numeric),
        (MidNum | MidNumLetQ, Numeric) => i >= 2 && wb(b[i - 2]) == Numeric,
        _ => false,
    }
}

/// Letters, digits and `_`: any two of them stay in one word (WB5, WB8,
/// WB9, WB10, WB13, WB13a, WB13b). One table look-up: this runs for every
/// byte of a post.
#[inline]
fn is_word_byte(b: u8) -> bool {
    const WORD: [bool; 256] = {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = matches!(WB[b], Wb::Letter | Wb::Numeric | Wb::ExtendNumLet);
            b += 1;
        }
        t
    };
    WORD[usize::from(b)]
}

/// `:`, `,`, `;`, `.` and `'`: chars that may join two letters or digits.
#[inline]
fn is_mid_byte(b: u8) -> bool {
    matches!(wb(b), Wb::MidLetter | Wb::MidNum | Wb::MidNumLetQ)
}

/// The words with a letter or digit of ASCII text (white space is never
/// part of a word). A word with a letter or digit starts at a letter,
/// digit or `_` (the joining rules need one of those on the left), so the
/// scan skips to those, runs over the letters, digits and `_` that follow,
/// and checks the joining rules only where another char comes.
fn ascii_words<'t>(text: &'t str, mut f: impl FnMut(usize, &'t str)) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            i += 1;
            while i < b.len() && is_word_byte(b[i]) {
                i += 1;
            }
            // `a.b`, `1,5`: a joined middle char is followed by a joined
            // letter or digit. Any other char ends the word.
            if i < b.len() && is_mid_byte(b[i]) && ascii_joined(b, i) {
                i += 1;
                continue;
            }
            break;
        }
        let word = &b[start..i];
        if word.iter().any(u8::is_ascii_alphanumeric) {
            f(start, &text[start..i]);
        }
    }
}

/// The chars of `text` whose first byte is in `first` (ASCII bytes or
/// UTF-8 lead bytes), with their offsets: a byte scan that decodes only
/// those, for passes that look for a few marks.
fn candidates<'t>(text: &'t str, first: &'t ByteSet) -> impl Iterator<Item = (usize, char)> + 't {
    let mut from = 0;
    let mut finder = first.finder(text.as_bytes());
    std::iter::from_fn(move || loop {
        let i = finder.find(from)?;
        from = i + 1;
        if let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) {
            return Some((i, c));
        }
    })
}

/// First bytes of the question and exclamation marks.
const MARK_BYTES: ByteSet = ByteSet::new(&[b'?', b'!', 0xC2, 0xE2, 0xEF]);
/// First bytes of the line terminators (`\n`, `\r`, U+2028, U+2029).
const LINE_BYTES: ByteSet = ByteSet::new(b"\n\r\xE2");
/// First bytes of the quotation marks, and `\n` (which closes none).
const QUOTE_BYTES: ByteSet = ByteSet::new(b"\"\n\xC2\xE2");

fn is_question_mark(c: char) -> bool {
    matches!(c, '?' | '？' | '¿' | '⁇' | '⁈' | '⁉' | '‽')
}

fn is_exclamation_mark(c: char) -> bool {
    matches!(c, '!' | '！' | '¡' | '‼' | '⁈' | '⁉' | '‽')
}

/// Runs of `?`/`!` outside entities: each run is one question and/or one
/// exclamation; runs with two or more `!` (`!!`, `!?!`) are kept apart.
fn marks(text: &str, entities: &[Span], a: &mut Analysis) {
    let mut ent = entities.iter().peekable();
    let mut run: Option<(Span, bool, usize)> = None; // (span, has '?', number of '!')
    let flush = |run: Option<(Span, bool, usize)>, a: &mut Analysis| {
        if let Some((span, question, bangs)) = run {
            if question {
                a.questions.push(span);
            }
            if bangs > 0 {
                a.exclamations.push(span);
            }
            if bangs >= 2 {
                a.exclamation_runs.push(span);
            }
        }
    };
    for (i, c) in candidates(text, &MARK_BYTES) {
        let (q, bang) = (is_question_mark(c), is_exclamation_mark(c));
        if !q && !bang {
            continue;
        }
        while ent.peek().is_some_and(|e| e.end <= i) {
            ent.next();
        }
        if ent.peek().is_some_and(|e| e.start <= i) {
            continue; // `?` in a URL query is no question
        }
        let bangs = match c {
            '‼' => 2,
            _ => usize::from(bang),
        };
        match &mut run {
            Some((span, has_q, n)) if span.end == i => {
                span.end = i + c.len_utf8();
                *has_q |= q;
                *n += bangs;
            }
            _ => {
                flush(run.take(), a);
                run = Some((Span::new(i, i + c.len_utf8()), q, bangs));
            }
        }
    }
    flush(run, a);
}

/// Unicode sentences, trimmed, never split inside an entity (`e.g. x.com/a. b`),
/// flagged by the question and exclamation marks they contain; at most `limit`.
fn sentences(
    text: &str,
    entities: &[Span],
    questions: &[Span],
    exclamations: &[Span],
    limit: usize,
) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut ent = entities.iter().peekable();
    let mut qs = questions.iter().peekable();
    let mut ex = exclamations.iter().peekable();
    let mut start = None;
    for (s, piece) in SentencePieces::new(text) {
        let begin = *start.get_or_insert(s);
        let end = s + piece.len();
        while ent.peek().is_some_and(|e| e.end <= end) {
            ent.next();
        }
        if ent.peek().is_some_and(|e| e.start < end) {
            continue; // boundary falls inside an entity: keep going
        }
        start = None;
        let body = &text[begin..end];
        let trimmed = body.trim();
        if trimmed.is_empty() {
            continue;
        }
        let lead = body.len() - body.trim_start().len();
        let span = Span::new(begin + lead, begin + lead + trimmed.len());
        let has = |marks: &mut std::iter::Peekable<std::slice::Iter<'_, Span>>| {
            let mut found = false;
            while let Some(m) = marks.peek() {
                if m.start >= span.end {
                    break;
                }
                found |= m.start >= span.start;
                marks.next();
            }
            found
        };
        let question = has(&mut qs);
        let exclamation = has(&mut ex);
        // Only emoji, symbols and entities after a sentence mark (`Really? 🤔`,
        // `Book now! https://…`): they close the previous sentence rather
        // than start one.
        if let Some(last) = out.last_mut().filter(|_| !has_prose(text, span, entities)) {
            last.span.end = span.end;
            last.question |= question;
            last.exclamation |= exclamation;
            continue;
        }
        if out.len() == limit {
            break; // the next sentence starts here: those before are complete
        }
        out.push(Sentence {
            span,
            question,
            exclamation,
        });
    }
    out
}

/// Sentence-break classes of ASCII characters (UAX #29).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sb {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

/// The bytes a sentence can end at (CR, LF, `.`, `!`, `?`) and every
/// non-ASCII byte, whose character decides.
static SENTENCE_STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 256 {
        stops[b] = b >= 0x80 || matches!(b as u8, b'\r' | b'\n' | b'.' | b'!' | b'?');
        b += 1;
    }
    stops
};

#[inline]
fn sb(b: u8) -> Sb {
    match b {
        b'\r' => Sb::Cr,
        b'\n' => Sb::Lf,
        b'\t' | 0x0B | 0x0C | b' ' => Sb::Sp,
        b'a'..=b'z' => Sb::Lower,
        b'A'..=b'Z' => Sb::Upper,
        b'0'..=b'9' => Sb::Numeric,
        b'.' => Sb::ATerm,
        b'!' | b'?' => Sb::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Sb::Close,
        b',' | b'-' | b':' | b';' => Sb::SContinue,
        _ => Sb::Other,
    }
}

/// Non-ASCII characters whose sentence-break class (UAX #29) is none of
/// ATerm, STerm and Sep: inside a sentence they never end it, so the ASCII
/// splitter passes over them. Latin letters and marks, general
/// punctuation short of the terminators, currency, symbols, arrows,
/// dingbats, emoji and their joiners, selectors and tags; a test checks
/// every character of these ranges against the Unicode segmenter.
fn never_ends_a_sentence(c: char) -> bool {
    matches!(c,
        '\u{a0}'..='\u{36f}'
        | '\u{1e00}'..='\u{1eff}'
        | '\u{200b}'..='\u{2023}'
        | '\u{2025}'..='\u{2027}'
        | '\u{2030}'..='\u{203b}'
        | '\u{2060}'..='\u{2064}'
        | '\u{20a0}'..='\u{20cf}'
        | '\u{2100}'..='\u{2bff}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{1f000}'..='\u{1faff}'
        | '\u{e0020}'..='\u{e007f}')
}

/// The pieces of `text` between Unicode sentence boundaries (UAX #29) with
/// their offsets: the same as `unicode-segmentation`'s
/// `split_sentence_bound_indices`, faster on ASCII text.
pub fn sentence_pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    SentencePieces::new(text)
}

/// The pieces between sentence boundaries, as `split_sentence_bound_indices`
/// gives them. The UAX #29 rules are applied directly to ASCII characters
/// and to the non-ASCII ones that cannot end a sentence (the Unicode
/// segmenter spends most of its time looking characters up); where a
/// decision needs another character, the Unicode segmenter finds the one
/// piece from the last boundary, and the direct rules go on from its end.
/// Both are sound because no rule looks back across a boundary.
struct SentencePieces<'t> {
    text: &'t str,
    /// Start of the next piece.
    at: usize,
}

impl<'t> SentencePieces<'t> {
    fn new(text: &'t str) -> Self {
        SentencePieces { text, at: 0 }
    }

    /// The end of the sentence that starts at `from`, by the rules for
    /// ASCII text; `None` when a decision needs a non-ASCII character.
    fn ascii_end(&self, from: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let class = |i: usize| {
            b.get(i)
                .map(|&c| if c.is_ascii() { Some(sb(c)) } else { None })
        };
        let mut i = from;
        loop {
            // The next terminator or paragraph separator (SB998 joins the
            // rest); characters of the classes that cannot be one are
            // passed over, ASCII or not.
            let j = i + b
                .get(i..)?
                .iter()
                .position(|&c| SENTENCE_STOPS[usize::from(c)])?;
            if !b[j].is_ascii() {
                let c = self.text.get(j..).and_then(|rest| rest.chars().next())?;
                if !never_ends_a_sentence(c) {
                    return None;
                }
                i = j + c.len_utf8();
                continue;
            }
            let c = sb(b[j]);
            if c == Sb::Cr {
                return Some(if b.get(j + 1) == Some(&b'\n') {
                    j + 2
                } else {
                    j + 1
                }); // SB3, SB4
            }
            if c == Sb::Lf {
                return Some(j + 1); // SB4
            }
            if c == Sb::ATerm {
                let next = class(j + 1);
                if next == Some(Some(Sb::Numeric)) {
                    i = j + 1; // SB6
                    continue;
                }
                let before = j.checked_sub(1).and_then(class);
                if before == Some(None) {
                    return None; // SB7 would need the class of a non-ASCII letter (or mark)
                }
                if matches!(before, Some(Some(Sb::Upper | Sb::Lower)))
                    && next == Some(Some(Sb::Upper))
                {
                    i = j + 1; // SB7
                    continue;
                }
                if next == Some(None) {
                    return None;
                }
            }
            // SATerm Close* Sp* (SB9, SB10)
            let mut k = j + 1;
            while class(k) == Some(Some(Sb::Close)) {
                k += 1;
            }
            while class(k) == Some(Some(Sb::Sp)) {
                k += 1;
            }
            match class(k) {
                None => return Some(b.len()), // the end of the text
                Some(None) => return None,
                Some(Some(Sb::SContinue | Sb::ATerm | Sb::STerm)) => {
                    i = k; // SB8a
                    continue;
                }
                Some(Some(_)) => {}
            }
            if c == Sb::ATerm {
                // SB8: no break when a lower-case letter comes before any
                // other letter, separator or terminator.
                let mut m = k;
                loop {
                    match class(m) {
                        Some(Some(Sb::Lower)) => break,
                        Some(Some(Sb::Upper | Sb::Cr | Sb::Lf | Sb::ATerm | Sb::STerm)) | None => {
                            m = usize::MAX;
                            break;
                        }
                        Some(None) => return None,
                        Some(Some(_)) => m += 1,
                    }
                }
                if m != usize::MAX {
                    i = k;
                    continue;
                }
            }
            // SB11: the break comes after one paragraph separator, if any.
            return Some(match class(k) {
                Some(Some(Sb::Cr)) if b.get(k + 1) == Some(&b'\n') => k + 2,
                Some(Some(Sb::Cr | Sb::Lf)) => k + 1,
                _ => k,
            });
        }
    }
}

impl<'t> Iterator for SentencePieces<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        match self.ascii_end(self.at) {
            Some(end) => {
                let start = self.at;
                self.at = end;
                Some((start, &self.text[start..end]))
            }
            None => {
                // The Unicode segmenter decides this piece; the ASCII rules
                // take over again from its end (a boundary).
                let start = self.at;
                let (_, piece) = self.text[start..].split_sentence_bound_indices().next()?;
                self.at = start + piece.len();
                Some((start, piece))
            }
        }
    }
}

/// Whether `span` holds a letter or digit outside the (sorted) entities.
fn has_prose(text: &str, span: Span, entities: &[Span]) -> bool {
    let first = entities.partition_point(|e| e.end <= span.start);
    let mut ents = entities[first..].iter().peekable();
    text[span.start..span.end].char_indices().any(|(i, c)| {
        let at = span.start + i;
        while ents.peek().is_some_and(|e| e.end <= at) {
            ents.next();
        }
        c.is_alphanumeric() && ents.peek().is_none_or(|e| e.start > at)
    })
}

fn lines(text: &str, a: &mut Analysis) {
    let mut line_start = 0;
    for (i, c) in candidates(text, &LINE_BYTES) {
        if i < line_start {
            continue; // the LF of a CR LF
        }
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            a.lines.push(Span::new(line_start, i));
            a.line_breaks += 1;
            let mut next = i + c.len_utf8();
            if c == '\r' && text.as_bytes().get(next) == Some(&b'\n') {
                next += 1;
            }
            line_start = next;
        }
    }
    a.lines.push(Span::new(line_start, text.len()));
}

/// Grapheme count and emoji spans. ASCII text between two ASCII chars is
/// one grapheme per byte (CR LF aside), so only the "islands" around
/// non-ASCII chars go through the (slower) Unicode segmenter. An island
/// starts one ASCII char early (a base for combining marks) and ends after
/// an ASCII char that is followed by ASCII, where a boundary is certain.
fn graphemes_and_emoji(text: &str, a: &mut Analysis) {
    let b = text.as_bytes();
    let ascii_graphemes = |from: usize, to: usize| {
        let part = &b[..to];
        let mut crlf = 0;
        for cr in memchr::memchr_iter(b'\r', &part[from..]) {
            crlf += usize::from(part.get(from + cr + 1) == Some(&b'\n'));
        }
        (to - from) - crlf
    };
    let mut done = 0; // everything before `done` is counted
    while let Some(first) = first_non_ascii(b, done) {
        let mut start = first.saturating_sub(1).max(done);
        if start > done && b[start] == b'\n' && b[start - 1] == b'\r' {
            start -= 1; // keep CR LF together
        }
        // End of the island: an ASCII char followed by ASCII (or the end).
        let mut end = first;
        loop {
            match b[end..].iter().position(|x| x.is_ascii()) {
                None => {
                    end = b.len();
                    break;
                }
                Some(k) => {
                    let j = end + k;
                    let after = j + 1 + usize::from(b[j] == b'\r' && b.get(j + 1) == Some(&b'\n'));
                    if after >= b.len() || b[after].is_ascii() {
                        end = after.min(b.len());
                        break;
                    }
                    end = after;
                }
            }
        }
        a.graphemes += ascii_graphemes(done, start);
        for (i, g) in text[start..end].grapheme_indices(true) {
            a.graphemes += 1;
            if is_emoji_grapheme(g) {
                a.emoji.push(Span::new(start + i, start + i + g.len()));
            }
        }
        done = end;
    }
    a.graphemes += ascii_graphemes(done, b.len());
}

/// Spans of text inside quotation marks, quotes included.
fn quoted_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in candidates(text, &QUOTE_BYTES) {
        let prev = || text.get(..i).and_then(|before| before.chars().next_back());
        match open {
            None => {
                let closer = match c {
                    '"' => Some('"'),
                    '“' | '„' => Some('”'),
                    '«' => Some('»'),
                    // ‘ after a letter is an apostrophe, not an opening quote.
                    '‘' if !prev().is_some_and(char::is_alphanumeric) => Some('’'),
                    _ => None,
                };
                if let Some(closer) = closer {
                    open = Some((i, closer));
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .collect()
    }

    fn fast(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        for_each_word(text, |i, w| out.push((i, w)));
        out
    }

    #[test]
    fn ascii_rules_of_uax29() {
        for text in [
            "don't e.g. 1,200.50 a:b 3;4 x_1 __init__ a'b' 'tis 1.a a.1 ab.",
            "U.S.A. ...dots 4,5, ,6 a__b _ 12:30 a--b #tag",
            "é a\u{301}b 😂x x😂 \u{301}a 👩\u{200d}👩 🇳🇱🇧🇪 ア_ア don’t",
            // Found by fuzzing: marks after a run of spaces join the spaces.
            "a.#gVkLezea\" #gent  \u{344}\u{36c}A\u{650}lp,&",
            "x   \u{301}y é  \u{344} z\t\u{301}",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    fn sentence_reference(text: &str) -> Vec<(usize, &str)> {
        text.split_sentence_bound_indices().collect()
    }

    /// Every character the splitter passes over, in the middle of a
    /// sentence: the Unicode segmenter must not end a sentence at it
    /// (`a‼ B` or `a․ B` would end one, `a\u{2029}` would end a paragraph).
    #[test]
    fn passed_over_characters_never_end_a_sentence() {
        let mut checked = 0;
        for c in (0x80..=0x10_ffff)
            .filter_map(char::from_u32)
            .filter(|&c| never_ends_a_sentence(c))
        {
            for text in [format!("a{c} B c. D"), format!("Ab {c}{c} x? Y")] {
                let pieces: Vec<&str> = text.split_sentence_bounds().collect();
                assert_eq!(pieces.len(), 2, "{c:?} (U+{:04X}): {pieces:?}", c as u32);
                assert_eq!(
                    SentencePieces::new(&text).collect::<Vec<_>>(),
                    sentence_reference(&text)
                );
            }
            checked += 1;
        }
        assert_eq!(checked, 6813, "the ranges changed: update this count");
    }

    #[test]
    fn ascii_rules_of_uax29_sentences() {
        for text in [
            "Hi. How are you? Fine!! (Really.) \"Yes.\" Go now.\nNext line\r\nThird",
            "e.g. this is one. U.S.A. Is it? 3.5 kg. etc., and so on... Done",
            "He said: \"stop.\" Then left. [Note.] a. b. C.\n\nEnd.",
            "No terminator at all",
            "Café. Ça va? Yes.",
            "Done.   \t\x0bNext. x.",
            "Wait... what?! ok. ok.2 ok.A ok.a",
            "Café.Next é. Ça café.Été 😂. Hi 👍! 🚀 Next. a\u{301}.B x.\u{301} y",
            "Fin.» Il « dit ». Oui… Non‼ Quoi‽ So. 🇳🇱 ok\u{2029}next 1.\u{a0}Z",
        ] {
            assert_eq!(
                SentencePieces::new(text).collect::<Vec<_>>(),
                sentence_reference(text),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn same_sentences_as_the_unicode_segmenter(
            text in "[a-zA-Z0-9 .!?,;:\"'(){}#@/\\[\\]\\-\t\r\n\u{b}\u{c}éÉ\u{301}😂\u{a0}\u{2019}\u{3002}\u{85}\u{2029}\u{203c}\u{2024}\u{203d}«»\u{200d}\u{fe0f}€]{0,48}"
        ) {
            prop_assert_eq!(SentencePieces::new(&text).collect::<Vec<_>>(), sentence_reference(&text));
        }

        #[test]
        fn same_sentences_on_dense_punctuation(text in "[aA1 .!?,\"()\t\r\n\u{b}é]{0,24}") {
            prop_assert_eq!(SentencePieces::new(&text).collect::<Vec<_>>(), sentence_reference(&text));
        }

        #[test]
        fn same_words_as_the_unicode_segmenter(
            text in "[a-zA-Z0-9 .,;:'\"_\\-!?#@/\t\r\n\u{b}\u{c}é\u{301}\u{200d}\u{fe0f}😂❤\u{5d0}\u{30a2}\u{1f1f3}\u{1f1f1}\u{a0}\u{2019}\u{2060}]{0,40}"
        ) {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        /// The words' lower-cased texts, keys and capitals, read eight bytes
        /// at a time for short ASCII words, against a char-by-char reading.
        #[test]
        fn words_read_like_char_by_char(
            text in "[a-zA-Z0-9 .,'_\\-!?#@\\n]{0,24}|[a-zA-Z0-9 éÉß\u{130}'😂@#]{0,40}"
        ) {
            let a = analyze(&text);
            for w in &a.words {
                let word = &text[w.span.start..w.span.end];
                let lower = word.to_lowercase();
                prop_assert_eq!(a.lower(w), lower.as_str());
                prop_assert_eq!(w.key, crate::word_key(&lower));
                let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
                let caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
                prop_assert_eq!(w.all_caps, caps, "{}", word);
            }
        }
    }

    #[test]
    fn short_ascii_words_are_read_eight_bytes_at_a_time() {
        let read = |s: &str| {
            let mut eight = [0u8; 8];
            eight[..s.len()].copy_from_slice(s.as_bytes());
            ascii_short_word(u64::from_le_bytes(eight), s.len())
        };
        let nasa = read("NASA").map(|w| (w.key, w.all_caps));
        assert_eq!(nasa, Some((crate::word_key("nasa"), true)));
        let mixed = read("McDo_9Z@").map(|w| (w.key, w.all_caps));
        assert_eq!(mixed, Some((crate::word_key("mcdo_9z@"), false)));
        assert_eq!(read("A1").map(|w| w.all_caps), Some(false));
        assert!(read("café").is_none(), "not ASCII");
        assert!(ascii_short_word(0, 9).is_none(), "longer than eight bytes");
    }
}
