//! Lexicon matching: every lexicon of a language compiled into one matcher.
//! Each word of a post is looked up once in the lexicons' vocabulary (a hash
//! table of every word the phrases spell out); phrases are then followed
//! word by word by comparing numbers. A first word with a `*` at its end
//! (`korting*`) is looked up by the post word's first two letters; other
//! wildcard first words (`*dienst`) go through one Aho-Corasick pass over the
//! post's lower-cased words.
//! Case-insensitive, word-bounded, with `(a|b)` alternatives.
//!
//! The built-in packs' matchers are built when postlint is built (this file
//! is also compiled into `build.rs`) and stored as [`Tables`]; a run loads
//! them by the [`fingerprint`] of their entries instead of building them.

use std::collections::BTreeMap;

use postlint_text::word_key;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use postlint_text::{Analysis, Span};

/// One word of a phrase pattern.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum PatternWord {
    /// A whole word, by its number in the vocabulary.
    Exact(u32),
    /// A word with a `*` at an edge, compared by its lower-cased text.
    Wild {
        text: Box<str>,
        /// `*` before the word: it may end a longer word (`*dienst` matches `klantendienst`).
        open_start: bool,
        /// `*` after the word: it may start a longer word (`klant*` matches `klanten`).
        open_end: bool,
    },
}

impl PatternWord {
    /// Whether the wildcard word matches `word` where its text was found
    /// at `start..end` (`klant*`: at the start; `*dienst`: at the end).
    fn fits(&self, word: &str, start: usize, end: usize) -> bool {
        match self {
            PatternWord::Exact(_) => false,
            PatternWord::Wild {
                open_start,
                open_end,
                ..
            } => (*open_start || start == 0) && (*open_end || end == word.len()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Phrase {
    lexicon: usize,
    entry: usize,
    /// Its words in [`Tables::words`].
    words: std::ops::Range<u32>,
}

/// Lists of phrase numbers, all in one vector: list `i` is
/// `items[starts[i]..starts[i + 1]]`.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Lists {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// The lists of `(list, phrase)` pairs, for lists `0..lists`.
    fn grouped(lists: usize, mut pairs: Vec<(u32, u32)>) -> Lists {
        pairs.sort_unstable();
        let mut starts = Vec::with_capacity(lists + 1);
        let mut at = 0;
        for list in 0..lists as u32 {
            starts.push(at as u32);
            while pairs.get(at).is_some_and(|&(l, _)| l == list) {
                at += 1;
            }
        }
        starts.push(at as u32);
        Lists {
            starts,
            items: pairs.into_iter().map(|(_, phrase)| phrase).collect(),
        }
    }

    fn get(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.items.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The id of a post word that no phrase spells out.
const NONE: u32 = u32::MAX;

/// One lexicon entry to match: (lexicon number, entry number, pattern).
pub type Entry = (usize, usize, String);

/// How a lexicon's hits are read, and the replacement each entry offers.
#[derive(Debug, Clone)]
pub struct LexiconInfo {
    pub skip_negated: bool,
    pub skip_quoted: bool,
    /// `position: command`: a hit counts only where it gives an order.
    pub commands_only: bool,
    /// `except: LEXICON`: a hit inside a hit of that lexicon does not count.
    pub except: Option<usize>,
    /// Suggested wording per entry, by entry number.
    pub replacements: Vec<Option<String>>,
}

/// Every lexicon of a set of checked rule files, numbered in loading order,
/// and the matcher inputs per language.
#[derive(Debug, Default)]
pub struct Lexicons {
    /// (pack, name) → lexicon number.
    pub index: BTreeMap<(String, String), usize>,
    /// By lexicon number.
    pub info: Vec<LexiconInfo>,
    /// The languages with entries of their own (detection chooses among these).
    pub languages: Vec<String>,
    /// Per language, and `all` for any other: (lexicon, entry, pattern),
    /// the entries for every language included.
    pub entries: Vec<(String, Vec<Entry>)>,
    /// The `core.negators` entries.
    pub negators: Vec<String>,
}

/// The lexicons of `files`: their declarations, then the `extend lexicon`
/// entries, in loading order.
pub fn collect(files: &[postlint_lang::ParsedFile], names: &postlint_lang::Names) -> Lexicons {
    use postlint_lang::ast::Item;
    let mut out = Lexicons::default();
    let mut by_lang: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    // (lexicon, its pack, the name its `except:` gives), resolved once all are numbered.
    let mut exceptions = Vec::new();
    for f in files {
        for item in &f.ast.items {
            let Item::Lexicon(l) = item else { continue };
            let idx = out.info.len();
            let setting = |k: &str| {
                postlint_lang::ast::default_setting(&l.settings, k)
                    .map(|s| postlint_lang::check::value_text(&s.value.node))
            };
            out.info.push(LexiconInfo {
                skip_negated: setting("negation").as_deref() == Some("skip"),
                skip_quoted: setting("quotes").as_deref() != Some("keep"),
                commands_only: setting("position").as_deref() == Some("command"),
                except: None,
                replacements: Vec::new(),
            });
            if let Some(except) = setting("except") {
                exceptions.push((idx, f.pack.clone(), except));
            }
            out.index.insert((f.pack.clone(), l.name.node.clone()), idx);
            add_entries(&mut out.info[idx], idx, l, &mut by_lang);
        }
    }
    for (idx, pack, name) in exceptions {
        out.info[idx].except = names
            .resolve_lexicon(&pack, &name)
            .and_then(|k| out.index.get(&k).copied());
    }
    // Extensions add entries to another pack's lexicon, in loading order.
    for f in files {
        for item in &f.ast.items {
            let Item::Extend(l) = item else { continue };
            let Some(&idx) = names
                .resolve_lexicon(&f.pack, &l.name.node)
                .and_then(|k| out.index.get(&k))
            else {
                continue;
            };
            add_entries(&mut out.info[idx], idx, l, &mut by_lang);
        }
    }
    if let Some(&negators) = out.index.get(&("core".to_string(), "negators".to_string())) {
        out.negators = by_lang
            .values()
            .flatten()
            .filter(|(l, _, _)| *l == negators)
            .map(|(_, _, p)| p.clone())
            .collect();
    }
    let shared = by_lang.remove("all").unwrap_or_default();
    out.languages = by_lang.keys().cloned().collect();
    for (lang, mut entries) in by_lang
        .into_iter()
        .chain(std::iter::once(("all".to_string(), Vec::new())))
    {
        entries.extend(shared.iter().cloned());
        out.entries.push((lang, entries));
    }
    out
}

/// Queue a lexicon's (or an extension's) entries per language; entries are
/// numbered after the ones the lexicon has already.
fn add_entries(
    info: &mut LexiconInfo,
    idx: usize,
    l: &postlint_lang::ast::Lexicon,
    by_lang: &mut BTreeMap<String, Vec<Entry>>,
) {
    for (lang, entries) in &l.languages {
        if !by_lang.contains_key(&lang.node) {
            by_lang.insert(lang.node.clone(), Vec::new());
        }
        let Some(queue) = by_lang.get_mut(&lang.node) else {
            continue;
        };
        for e in entries {
            queue.push((idx, info.replacements.len(), e.pattern.node.clone()));
            info.replacements
                .push(e.replacement.as_ref().map(|r| r.node.clone()));
        }
    }
}

/// A lexicon hit in a post.
#[derive(Debug, Clone)]
pub struct Hit {
    pub lexicon: usize,
    pub entry: usize,
    pub span: Span,
    /// A negation word (not, no, niet, geen…) comes just before it.
    pub negated: bool,
    /// Inside quotation marks.
    pub quoted: bool,
    /// Written in capitals.
    pub caps: bool,
}

/// The tables of one language's matcher: everything but the Aho-Corasick
/// automata, which are built from them when loaded.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Tables {
    phrases: Vec<Phrase>,
    /// The words of every phrase, one after the other.
    words: Vec<PatternWord>,
    /// Every word without wildcard that a phrase or the negators spell out
    /// (lower-cased), numbered: one hash look-up per word of the post. Words
    /// of up to eight bytes are here by their [`word_key`] (a [`Matcher`]
    /// moves them into its open-addressing table), the others by text.
    short_words: FxHashMap<u64, u32>,
    long_words: FxHashMap<String, u32>,
    /// By vocabulary id: the phrases that start with that word and whose
    /// second word (if any) has a wildcard.
    starting: Lists,
    /// By the ids of their first two words: the number of the list in
    /// `pair_lists` of the other phrases (most words of a post start none,
    /// so one look-up of the pair rules them out).
    pairs: FxHashMap<u64, u32>,
    pair_lists: Lists,
    /// By vocabulary id: the word is a negator (not, geen…).
    negator: Vec<bool>,
    /// The phrases whose first word is a prefix (`korting*`, two bytes or
    /// more): the list in `prefixed_lists`, by the prefix's first two bytes.
    prefixed: FxHashMap<u16, u32>,
    prefixed_lists: Lists,
    /// The phrases whose first word has another wildcard (`*dienst`).
    wild: Vec<usize>,
    /// Phrases that are not words (emoji, `:-)`), matched as raw text:
    /// (lexicon, entry, text).
    raw: Vec<Entry>,
}

impl Tables {
    fn words_of(&self, phrase: &Phrase) -> &[PatternWord] {
        let range = phrase.words.start as usize..phrase.words.end as usize;
        self.words.get(range).unwrap_or(&[])
    }
}

/// The compiled lexicons of one language.
#[derive(Debug, Default)]
pub struct Matcher {
    tables: Tables,
    /// Over the first word of the `wild` phrases, lower-cased; pattern `i`
    /// is phrase `wild[i]`.
    words: Option<AhoCorasick>,
    raw_ac: Option<AhoCorasick>,
    /// One bit per two-byte key of `tables.prefixed`: most post words start
    /// no prefix, and a bit test rules them out before the hash look-up.
    prefix_bits: Vec<u64>,
    /// `tables.short_words` as an open-addressing table: every word of every
    /// post is looked up, most are not there, and a miss is one multiply
    /// and (nearly always) one comparison.
    short: ShortWords,
}

/// Words of up to eight bytes by [`word_key`] (never 0), to vocabulary ids:
/// linear probing in a table at most half full.
#[derive(Debug, Default)]
struct ShortWords {
    slots: Vec<(u64, u32)>,
    /// `slots.len()` is `1 << bits`.
    bits: u32,
}

impl ShortWords {
    fn new(words: &FxHashMap<u64, u32>) -> ShortWords {
        let bits = (words.len() * 2)
            .next_power_of_two()
            .max(16)
            .trailing_zeros();
        let mut table = ShortWords {
            slots: vec![(0, 0); 1 << bits],
            bits,
        };
        let mask = table.slots.len() - 1;
        for (&key, &id) in words {
            let mut i = table.slot(key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            table.slots[i] = (key, id);
        }
        table
    }

    #[inline]
    fn slot(&self, key: u64) -> usize {
        postlint_text::key_slot(key, self.bits)
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            match self.slots[i] {
                (k, id) if k == key => return Some(id),
                (0, _) => return None,
                _ => i = (i + 1) & mask,
            }
        }
    }
}

use postlint_lang::check::for_each_expansion;

fn is_word_pattern(p: &str) -> bool {
    p.chars().any(char::is_alphanumeric)
}

/// Builds a [`Matcher`] from the entries of every lexicon for one language.
/// Words are numbered as they come in (this runs at start-up for thousands
/// of entries, so no string is kept for a word without wildcard).
#[derive(Default)]
pub struct MatcherBuilder {
    phrases: Vec<Phrase>,
    /// The words of every phrase (see [`Tables::words`]).
    all_words: Vec<PatternWord>,
    raw: Vec<Entry>,
    vocabulary: FxHashMap<String, u32>,
    negator_ids: Vec<u32>,
    /// Word ranges of the token being split and the words of the phrase
    /// being built (buffers reused across entries).
    parts: Vec<std::ops::Range<usize>>,
    words: Vec<PatternWord>,
}

impl MatcherBuilder {
    pub fn add(&mut self, lexicon: usize, entry: usize, pattern: &str) {
        if pattern.contains('(') {
            for_each_expansion(pattern, |p| self.add_one(lexicon, entry, p));
        } else {
            self.add_one(lexicon, entry, pattern);
        }
    }

    fn add_one(&mut self, lexicon: usize, entry: usize, p: &str) {
        if !is_word_pattern(p) {
            if !p.trim().is_empty() {
                self.raw.push((lexicon, entry, p.trim().to_string()));
            }
            return;
        }
        let mut words = std::mem::take(&mut self.words);
        let mut parts = std::mem::take(&mut self.parts);
        for token in p.split_whitespace() {
            let open_start = token.starts_with('*');
            let open_end = token.ends_with('*');
            let core = token.trim_matches('*');
            let lower = if core
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                std::borrow::Cow::Borrowed(core)
            } else {
                std::borrow::Cow::Owned(core.to_lowercase())
            };
            parts.clear();
            // ASCII letters and digits make one word (UAX #29); most lexicon
            // words are just that, so the word splitter is for the others.
            if lower.bytes().all(|b| b.is_ascii_alphanumeric()) {
                parts.push(0..lower.len());
            } else {
                postlint_text::word_ranges(&lower, &mut parts);
            }
            let n = parts.len();
            for (i, range) in parts.iter().enumerate() {
                let part = &lower[range.clone()];
                let (open_start, open_end) = (open_start && i == 0, open_end && i + 1 == n);
                words.push(if open_start || open_end {
                    PatternWord::Wild {
                        text: part.into(),
                        open_start,
                        open_end,
                    }
                } else {
                    PatternWord::Exact(self.intern(part))
                });
            }
        }
        self.parts = parts;
        if !words.is_empty() {
            let start = self.all_words.len() as u32;
            self.all_words.append(&mut words);
            self.phrases.push(Phrase {
                lexicon,
                entry,
                words: start..self.all_words.len() as u32,
            });
        }
        self.words = words;
    }

    /// The vocabulary id of a lower-cased word, numbering it if new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(word) {
            return id;
        }
        let id = self.vocabulary.len() as u32;
        self.vocabulary.insert(word.to_string(), id);
        id
    }

    pub fn negators(&mut self, words: impl IntoIterator<Item = String>) {
        for w in words {
            let id = self.intern(&w.to_lowercase());
            self.negator_ids.push(id);
        }
    }

    /// The tables of the matcher ([`Matcher::new`] builds on them).
    pub fn tables(self) -> Tables {
        let vocabulary_len = self.vocabulary.len();
        let (mut short_words, mut long_words) = (FxHashMap::default(), FxHashMap::default());
        for (word, id) in self.vocabulary {
            match word_key(&word) {
                0 => long_words.insert(word, id),
                key => short_words.insert(key, id),
            };
        }
        let words_of = |p: &Phrase| &self.all_words[p.words.start as usize..p.words.end as usize];
        let mut wild = Vec::new();
        let mut prefixed: FxHashMap<u16, u32> = FxHashMap::default();
        let mut by_prefix = Vec::new();
        for (i, p) in self.phrases.iter().enumerate() {
            match words_of(p) {
                [PatternWord::Wild {
                    text,
                    open_start: false,
                    ..
                }, ..]
                    if text.len() >= 2 =>
                {
                    let next = prefixed.len() as u32;
                    let list = *prefixed.entry(prefix_key(text.as_bytes())).or_insert(next);
                    by_prefix.push((list, i as u32));
                }
                [PatternWord::Wild { .. }, ..] => wild.push(i),
                _ => {}
            }
        }
        let mut starting = Vec::new();
        let mut pairs: FxHashMap<u64, u32> = FxHashMap::default();
        let mut by_pair = Vec::new();
        for (i, p) in self.phrases.iter().enumerate() {
            match words_of(p) {
                [PatternWord::Exact(first), PatternWord::Exact(second), ..] => {
                    let next = pairs.len() as u32;
                    let list = *pairs.entry(pair(*first, *second)).or_insert(next);
                    by_pair.push((list, i as u32));
                }
                [PatternWord::Exact(first), ..] => starting.push((*first, i as u32)),
                _ => {}
            }
        }
        let mut negator = vec![false; vocabulary_len];
        for id in self.negator_ids {
            negator[id as usize] = true;
        }
        Tables {
            starting: Lists::grouped(vocabulary_len, starting),
            pair_lists: Lists::grouped(pairs.len(), by_pair),
            pairs,
            phrases: self.phrases,
            words: self.all_words,
            short_words,
            long_words,
            negator,
            prefixed_lists: Lists::grouped(prefixed.len(), by_prefix),
            prefixed,
            wild,
            raw: self.raw,
        }
    }
}

impl Matcher {
    /// The matcher over `tables`: builds its Aho-Corasick automata.
    pub fn new(mut tables: Tables) -> Matcher {
        let words =
            (!tables.wild.is_empty())
                .then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::Standard)
                        // A few dozen short words: the DFA builds in microseconds
                        // and searches fastest.
                        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                        .build(tables.wild.iter().map(
                            |&i| match tables.words_of(&tables.phrases[i]) {
                                [PatternWord::Wild { text, .. }, ..] => &**text,
                                _ => "",
                            },
                        ))
                        .ok()
                })
                .flatten();
        let raw_ac = (!tables.raw.is_empty())
            .then(|| AhoCorasick::new(tables.raw.iter().map(|r| r.2.as_str())).ok())
            .flatten();
        let mut prefix_bits = Vec::new();
        if !tables.prefixed.is_empty() {
            prefix_bits = vec![0u64; 1 << 10];
            for &key in tables.prefixed.keys() {
                prefix_bits[usize::from(key >> 6)] |= 1 << (key & 63);
            }
        }
        Matcher {
            short: ShortWords::new(&std::mem::take(&mut tables.short_words)),
            tables,
            words,
            raw_ac,
            prefix_bits,
        }
    }
}

/// Tables built ahead of time, looked up by the [`fingerprint`] of their
/// inputs (the built-in packs' matchers, stored by `build.rs`).
pub type Prebuilt = fn(u64) -> Option<Tables>;

/// Changes whenever [`Tables`] or the way they are built changes.
const TABLES_FORMAT: u32 = 3;

/// A fingerprint of a matcher's inputs. FxHash has no random seed: the same
/// inputs give the same number in the build script and at run time (on a
/// machine with the same word size; elsewhere the tables are just built).
pub fn fingerprint(entries: &[Entry], negators: &[String]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (TABLES_FORMAT, entries, negators).hash(&mut h);
    h.finish()
}

/// The matcher of one language, built the first time a post in that
/// language is linted: a one-draft run pays only for its own language.
#[derive(Debug)]
pub struct LazyMatcher {
    /// (lexicon, entry, pattern)
    entries: Vec<Entry>,
    negators: Vec<String>,
    prebuilt: Prebuilt,
    built: std::sync::OnceLock<Matcher>,
}

impl LazyMatcher {
    pub fn new(entries: Vec<Entry>, negators: Vec<String>, prebuilt: Prebuilt) -> Self {
        LazyMatcher {
            entries,
            negators,
            prebuilt,
            built: std::sync::OnceLock::new(),
        }
    }

    /// The tables built from the entries, as if none were built ahead.
    #[cfg(test)]
    pub fn tables_built_now(&self) -> Tables {
        build_tables(&self.entries, &self.negators)
    }

    /// Whether the tables of this matcher were built ahead of time.
    #[cfg(test)]
    pub fn is_prebuilt(&self) -> bool {
        (self.prebuilt)(fingerprint(&self.entries, &self.negators)).is_some()
    }

    pub fn get(&self) -> &Matcher {
        self.built.get_or_init(|| {
            let tables = (self.prebuilt)(fingerprint(&self.entries, &self.negators))
                .unwrap_or_else(|| build_tables(&self.entries, &self.negators));
            Matcher::new(tables)
        })
    }
}

/// The tables of a matcher over `entries` (lexicon, entry, pattern).
pub fn build_tables(entries: &[Entry], negators: &[String]) -> Tables {
    let mut b = MatcherBuilder::default();
    b.negators(negators.iter().cloned());
    for (l, e, p) in entries {
        b.add(*l, *e, p);
    }
    b.tables()
}

impl Matcher {
    /// Every hit in the post, sorted by where it starts, then by lexicon (one
    /// hit per lexicon and start). Words inside hashtags, mentions and links
    /// are never matched (they are not prose words).
    pub fn find(&self, text: &str, analysis: &Analysis) -> Vec<Hit> {
        let mut hits = Vec::with_capacity(32);
        let words = &analysis.words;
        let ids: Vec<u32> = words
            .iter()
            .map(|w| {
                match w.key {
                    0 => self.tables.long_words.get(analysis.lower(w)).copied(),
                    key => self.short.get(key),
                }
                .unwrap_or(NONE)
            })
            .collect();
        let post = Post {
            text,
            analysis,
            words,
            ids: &ids,
        };
        let push = |phrase: &Phrase, wi: usize, hits: &mut Vec<Hit>| {
            let Some(last) = post.rest_matches(self.tables.words_of(phrase), wi) else {
                return;
            };
            let w = &words[wi];
            hits.push(Hit {
                lexicon: phrase.lexicon,
                entry: phrase.entry,
                span: Span::new(w.span.start, words[last].span.end),
                negated: self.is_negated(&post, wi),
                quoted: w.quoted,
                caps: words[wi..=last].iter().all(|w| w.all_caps),
            });
        };
        for (wi, &id) in ids.iter().enumerate() {
            if id == NONE {
                continue;
            }
            for &p in self.tables.starting.get(id as usize) {
                push(&self.tables.phrases[p as usize], wi, &mut hits);
            }
            let next = ids.get(wi + 1).copied().unwrap_or(NONE);
            if next != NONE && !self.tables.pairs.is_empty() {
                let list = self.tables.pairs.get(&pair(id, next));
                for &p in list.map_or(&[][..], |&l| self.tables.pair_lists.get(l as usize)) {
                    push(&self.tables.phrases[p as usize], wi, &mut hits);
                }
            }
        }
        if !self.prefix_bits.is_empty() {
            for (wi, w) in words.iter().enumerate() {
                let lower = analysis.lower(w);
                let Some(two) = lower.as_bytes().get(..2).map(prefix_key) else {
                    continue;
                };
                if self.prefix_bits[usize::from(two >> 6)] & (1 << (two & 63)) == 0 {
                    continue;
                }
                let Some(&list) = self.tables.prefixed.get(&two) else {
                    continue;
                };
                for &p in self.tables.prefixed_lists.get(list as usize) {
                    let phrase = &self.tables.phrases[p as usize];
                    if let Some(PatternWord::Wild { text, .. }) =
                        self.tables.words_of(phrase).first()
                    {
                        if lower.starts_with(&**text) {
                            push(phrase, wi, &mut hits);
                        }
                    }
                }
            }
        }
        if let Some(ac) = &self.words {
            // One pass over the lower-cased words, each followed by a
            // newline (no pattern word holds one, so no match crosses it).
            for m in ac.find_overlapping_iter(analysis.lowered.as_str()) {
                let Some(wi) = words
                    .partition_point(|w| w.lower.start <= m.start())
                    .checked_sub(1)
                else {
                    continue;
                };
                let at = words[wi].lower.start;
                let (start, end) = (m.start() - at, m.end() - at);
                let phrase = &self.tables.phrases[self.tables.wild[m.pattern().as_usize()]];
                let first = self.tables.words_of(phrase).first();
                if first.is_some_and(|w| w.fits(analysis.lower(&words[wi]), start, end)) {
                    push(phrase, wi, &mut hits);
                }
            }
        }
        if let Some(ac) = &self.raw_ac {
            for m in ac.find_overlapping_iter(text) {
                let (lexicon, entry, _) = self.tables.raw[m.pattern().as_usize()];
                let span = Span::new(m.start(), m.end());
                let inside_entity = analysis
                    .entities
                    .iter()
                    .any(|e| e.span.start <= span.start && span.end <= e.span.end);
                if !inside_entity {
                    hits.push(Hit {
                        lexicon,
                        entry,
                        span,
                        negated: false,
                        quoted: false,
                        caps: false,
                    });
                }
            }
        }
        // At one start, a lexicon's longest phrase wins ("kindly be informed that" over "kindly").
        hits.sort_by_key(|h| {
            (
                h.span.start,
                h.lexicon,
                std::cmp::Reverse(h.span.end),
                h.entry,
            )
        });
        hits.dedup_by_key(|h| (h.span.start, h.lexicon));
        hits
    }

    fn is_negated(&self, post: &Post<'_>, wi: usize) -> bool {
        // A negator up to three words back, within the same clause: the
        // nearest one, then no clause break from it on (most hits have no
        // negator before them, and the gaps are not read).
        let start = wi.saturating_sub(3);
        let is_negator = |j: usize| self.tables.negator.get(post.ids[j] as usize) == Some(&true);
        let Some(j) = (start..wi).rev().find(|&j| is_negator(j)) else {
            return false;
        };
        !(j..wi).any(|k| post.gap_has(k, b".!?;,\n", false))
    }
}

/// The first two bytes of a prefix or word (it has two or more).
fn prefix_key(text: &[u8]) -> u16 {
    match text {
        [a, b, ..] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    }
}

fn pair(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// A post's words with their vocabulary ids.
struct Post<'a> {
    text: &'a str,
    analysis: &'a Analysis,
    words: &'a [postlint_text::Word],
    ids: &'a [u32],
}

impl Post<'_> {
    /// Whether the text between word `j` and word `j + 1` holds one of the
    /// ASCII `marks` (or, with `quotes`, a curly double quote).
    fn gap_has(&self, j: usize, marks: &[u8], quotes: bool) -> bool {
        let (Some(a), Some(b)) = (self.words.get(j), self.words.get(j + 1)) else {
            return true;
        };
        let Some(gap) = self.text.get(a.span.end..b.span.start) else {
            return true;
        };
        gap.bytes().any(|c| marks.contains(&c))
            || (quotes && !gap.is_ascii() && gap.contains(['“', '”']))
    }

    /// Index of the last word when the phrase's other words follow word `wi`
    /// within one clause.
    fn rest_matches(&self, phrase: &[PatternWord], wi: usize) -> Option<usize> {
        let mut last = wi;
        for pat in phrase.iter().skip(1) {
            let next = last + 1;
            let word = self.words.get(next)?;
            let ok = match pat {
                PatternWord::Exact(id) => self.ids[next] == *id,
                PatternWord::Wild {
                    text,
                    open_start,
                    open_end,
                } => {
                    let lower = self.analysis.lower(word);
                    match (open_start, open_end) {
                        (false, true) => lower.starts_with(&**text),
                        (true, false) => lower.ends_with(&**text),
                        _ => lower.contains(&**text),
                    }
                }
            };
            if !ok || self.gap_has(last, b".!?;\n()\"", true) {
                return None;
            }
            last = next;
        }
        Some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(patterns: &[&str], text: &str) -> Vec<String> {
        let mut b = MatcherBuilder::default();
        b.negators(["not".to_string(), "geen".to_string()]);
        for (i, p) in patterns.iter().enumerate() {
            b.add(0, i, p);
        }
        // Through the stored form, as the built-in packs' tables are loaded.
        let stored = postcard::to_allocvec(&b.tables()).unwrap_or_default();
        let m = Matcher::new(postcard::from_bytes(&stored).unwrap_or_default());
        let a = postlint_text::analyze(text);
        m.find(text, &a)
            .into_iter()
            .map(|h| {
                format!(
                    "{}{}",
                    &text[h.span.start..h.span.end],
                    if h.negated { "~" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn words_match_on_boundaries_only() {
        assert_eq!(
            hits(&["sale"], "Big SALE today, wholesale prices"),
            vec!["SALE"]
        );
    }

    #[test]
    fn wildcards_cover_inflections_and_compounds() {
        assert_eq!(
            hits(&["klant*"], "Onze klanten en klantenservice"),
            vec!["klanten", "klantenservice"]
        );
        assert_eq!(
            hits(&["*dienst"], "Bel de klantendienst"),
            vec!["klantendienst"]
        );
        // Prefixes are looked up by their first two bytes: a one-letter
        // prefix, an accented first letter and prefixes that share their
        // first two letters with each other and with other words.
        assert_eq!(
            hits(&["k*", "één*"], "Éénmalig kado of één"),
            vec!["Éénmalig", "kado", "één"]
        );
        assert_eq!(
            hits(
                &["klant*", "klas* vol", "kl*"],
                "KLANTEN, klassen vol, kloof"
            ),
            vec!["KLANTEN", "klassen vol", "kloof"]
        );
    }

    #[test]
    fn phrases_and_alternatives() {
        assert_eq!(
            hits(
                &["bel (de|onze) klantendienst"],
                "Bel onze klantendienst. Bel de  klantendienst"
            ),
            vec!["Bel onze klantendienst", "Bel de  klantendienst"]
        );
        assert_eq!(
            hits(&["buy now"], "Buy. Now is the time"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn hashtags_and_links_are_not_words() {
        assert_eq!(
            hits(&["sale"], "#sale at https://example.com/sale"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn negation_is_marked() {
        assert_eq!(
            hits(&["limited"], "This is not a limited offer"),
            vec!["limited~"]
        );
        assert_eq!(
            hits(&["limited"], "Not now, limited offer"),
            vec!["limited"]
        );
        // Up to three words back, the nearest negator, no clause break after it.
        let marks = |text| hits(&["limited"], text);
        assert_eq!(marks("not a very limited offer"), vec!["limited~"]);
        assert_eq!(marks("not a very big limited offer"), vec!["limited"]);
        assert_eq!(marks("geen probleem; not limited"), vec!["limited~"]);
        assert_eq!(marks("not that; a limited offer"), vec!["limited"]);
    }

    #[test]
    fn emoji_entries_match_as_text() {
        assert_eq!(hits(&["😂", "lol"], "lol 😂😂"), vec!["lol", "😂", "😂"]);
    }
}
