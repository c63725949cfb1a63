//! Text analysis for postlint: reads a post once into an [`Analysis`] (words,
//! sentences, lines, entities, emoji, questions) and counts its length the way
//! each platform does. It knows nothing of rules or findings.

pub mod count;
mod emoji;
pub mod entities;
pub mod export;
pub mod lang;
pub mod limits;
mod scan;
mod segment;
mod tlds;
mod url;

pub use count::{count, parse_tweet, Counter, ParsedTweet, TweetConfig};
pub use entities::{Entity, EntityKind};
pub use lang::{detect_language, detect_language_in, Detection};
pub use segment::{
    analyze, analyze_without_sentences, analyze_without_sentences_into, first_sentence_of,
    sentence_pieces, sentences_of, word_ranges,
};

/// A half-open byte range into the analysed text, always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// Whether `other` lies completely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A prose word: not part of a hashtag, mention, cashtag or URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub span: Span,
    /// Where the lower-cased word lies in [`Analysis::lowered`] (read it
    /// with [`Analysis::lower`]), for lexicon matching.
    pub lower: Span,
    /// Written in capitals only, with at least two letters (`NASA`, `STOP`).
    pub all_caps: bool,
    /// Inside quotation marks ("…", “…”, „…”, «…»): quoted speech.
    pub quoted: bool,
    /// The lower-cased word packed into a number ([`word_key`]): 0 when it
    /// is longer than eight bytes. Look-ups of short words compare this
    /// instead of text.
    pub key: u64,
}

/// `word` (lower-cased already) packed into a `u64`, first byte lowest,
/// when it is one to eight bytes long; 0 otherwise. Two words of at most
/// eight bytes have the same key exactly when they are the same word.
#[inline]
pub const fn word_key(word: &str) -> u64 {
    bytes_key(word.as_bytes())
}

/// The slot of a [`word_key`] in an open-addressing table of `1 << bits`
/// slots (Fibonacci hashing: one multiply), for the tables keyed by words
/// (`bits` from 1 to 63).
#[inline]
pub const fn key_slot(key: u64, bits: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

/// [`word_key`] of UTF-8 bytes.
#[inline]
const fn bytes_key(b: &[u8]) -> u64 {
    if b.is_empty() || b.len() > 8 {
        return 0;
    }
    let mut key = 0u64;
    let mut i = 0;
    while i < b.len() {
        key |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// A sentence, as found by Unicode sentence boundaries, never split inside an
/// entity; a tail of only emoji and entities (`Top! 🎉 #gent`) joins the sentence before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Contains a question mark outside entities (`?`, `？`, `¿`, `‽`, `⁉`).
    pub question: bool,
    /// Contains an exclamation mark outside entities (`!`, `！`, `¡`, `‼`, `‽`, `⁉`).
    pub exclamation: bool,
}

/// Everything postlint reads from one post. Spans index the analysed text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Prose words in order (entities are excluded).
    pub words: Vec<Word>,
    /// Every word lower-cased, in order, each followed by a newline: one
    /// buffer instead of a string per word.
    pub lowered: String,
    pub sentences: Vec<Sentence>,
    /// Lines without their line terminator.
    pub lines: Vec<Span>,
    /// Hashtags, mentions, cashtags and URLs, sorted by position.
    pub entities: Vec<Entity>,
    /// One span per emoji (a ZWJ sequence, a flag, a keycap counts once).
    pub emoji: Vec<Span>,
    /// Question marks, counted once per run (`??` is one question).
    pub questions: Vec<Span>,
    /// Exclamation marks, counted once per run; `runs` of 2 or more are kept apart.
    pub exclamations: Vec<Span>,
    /// Runs of two or more `!` (`!!`, `!!!`, `!?!`).
    pub exclamation_runs: Vec<Span>,
    /// Extended grapheme clusters in the text.
    pub graphemes: usize,
    /// Number of line breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029).
    pub line_breaks: usize,
}

impl Analysis {
    /// Empty, keeping the buffers' memory for the next post.
    pub fn clear(&mut self) {
        let Analysis {
            words,
            lowered,
            sentences,
            lines,
            entities,
            emoji,
            questions,
            exclamations,
            exclamation_runs,
            graphemes,
            line_breaks,
        } = self;
        words.clear();
        lowered.clear();
        sentences.clear();
        lines.clear();
        entities.clear();
        emoji.clear();
        questions.clear();
        exclamations.clear();
        exclamation_runs.clear();
        *graphemes = 0;
        *line_breaks = 0;
    }

    /// The lower-cased text of a word of this analysis.
    #[inline]
    pub fn lower(&self, w: &Word) -> &str {
        self.lowered.get(w.lower.start..w.lower.end).unwrap_or("")
    }

    pub fn entities_of(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }
}
