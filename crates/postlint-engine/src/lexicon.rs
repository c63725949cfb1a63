//! Lexicon matching: every lexicon of a language compiled into one
//! Aho-Corasick automaton over the first word of each phrase, verified word by
//! word against the post's prose words. Case-insensitive, word-bounded,
//! with `*` wildcards at word edges and `(a|b)` alternatives.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use postlint_text::{Analysis, Span};
use unicode_segmentation::UnicodeSegmentation;

/// One word of a phrase pattern.
#[derive(Debug, Clone)]
struct WordPattern {
    text: String,
    /// `*` before the word: it may end a longer word (`*dienst` matches `klantendienst`).
    open_start: bool,
    /// `*` after the word: it may start a longer word (`klant*` matches `klanten`).
    open_end: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    lexicon: usize,
    entry: usize,
    words: Vec<WordPattern>,
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

/// The compiled lexicons of one language.
#[derive(Debug, Default)]
pub struct Matcher {
    phrases: Vec<Phrase>,
    /// Phrases by their first word (lower-cased) when it has no wildcard:
    /// one hash look-up per word of the post.
    exact: HashMap<String, Vec<usize>>,
    /// Over the first word of the phrases whose first word has a wildcard,
    /// lower-cased; pattern `i` is phrase `wild[i]`.
    words: Option<AhoCorasick>,
    wild: Vec<usize>,
    /// Phrases that are not words (emoji, `:-)`), matched as raw text.
    raw: Vec<(usize, usize)>,
    raw_ac: Option<AhoCorasick>,
    negators: Vec<String>,
}

use postlint_lang::check::expand;

fn is_word_pattern(p: &str) -> bool {
    p.chars().any(char::is_alphanumeric)
}

fn split_words(pattern: &str) -> Vec<WordPattern> {
    let mut words = Vec::new();
    for token in pattern.split_whitespace() {
        let open_start = token.starts_with('*');
        let open_end = token.ends_with('*');
        let core = token.trim_matches('*').to_lowercase();
        let parts: Vec<&str> = core.unicode_words().collect();
        let n = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            words.push(WordPattern {
                text: part.to_string(),
                open_start: open_start && i == 0,
                open_end: open_end && i + 1 == n,
            });
        }
    }
    words
}

/// Builds a [`Matcher`] from the entries of every lexicon for one language.
#[derive(Default)]
pub struct MatcherBuilder {
    phrases: Vec<Phrase>,
    raw: Vec<(usize, usize, String)>,
    negators: Vec<String>,
}

impl MatcherBuilder {
    pub fn add(&mut self, lexicon: usize, entry: usize, pattern: &str) {
        for p in expand(pattern) {
            if is_word_pattern(&p) {
                let words = split_words(&p);
                if !words.is_empty() {
                    self.phrases.push(Phrase {
                        lexicon,
                        entry,
                        words,
                    });
                }
            } else if !p.trim().is_empty() {
                self.raw.push((lexicon, entry, p.trim().to_string()));
            }
        }
    }

    pub fn negators(&mut self, words: impl IntoIterator<Item = String>) {
        self.negators
            .extend(words.into_iter().map(|w| w.to_lowercase()));
    }

    pub fn build(self) -> Matcher {
        let mut exact: HashMap<String, Vec<usize>> = HashMap::new();
        let mut wild = Vec::new();
        for (i, p) in self.phrases.iter().enumerate() {
            let first = &p.words[0];
            if first.open_start || first.open_end {
                wild.push(i);
            } else {
                exact.entry(first.text.clone()).or_default().push(i);
            }
        }
        let words = (!wild.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    // Built at every start-up: a contiguous NFA builds much faster than a DFA
                    // and is about as fast on words of a few bytes.
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(wild.iter().map(|&i| self.phrases[i].words[0].text.as_str()))
                    .ok()
            })
            .flatten();
        let raw_ac = (!self.raw.is_empty())
            .then(|| AhoCorasick::new(self.raw.iter().map(|r| r.2.as_str())).ok())
            .flatten();
        Matcher {
            phrases: self.phrases,
            exact,
            words,
            wild,
            raw: self.raw.into_iter().map(|(l, e, _)| (l, e)).collect(),
            raw_ac,
            negators: self.negators,
        }
    }
}

/// The matcher of one language, built the first time a post in that
/// language is linted: a one-draft run pays only for its own language.
#[derive(Debug)]
pub struct LazyMatcher {
    /// (lexicon, entry, pattern)
    entries: Vec<(usize, usize, String)>,
    negators: Vec<String>,
    built: std::sync::OnceLock<Matcher>,
}

impl LazyMatcher {
    pub fn new(entries: Vec<(usize, usize, String)>, negators: Vec<String>) -> Self {
        LazyMatcher {
            entries,
            negators,
            built: std::sync::OnceLock::new(),
        }
    }

    pub fn get(&self) -> &Matcher {
        self.built.get_or_init(|| {
            let mut b = MatcherBuilder::default();
            b.negators(self.negators.iter().cloned());
            for (l, e, p) in &self.entries {
                b.add(*l, *e, p);
            }
            b.build()
        })
    }
}

impl Matcher {
    /// Every hit in the post, sorted by position. Words inside hashtags,
    /// mentions and links are never matched (they are not prose words).
    pub fn find(&self, text: &str, analysis: &Analysis) -> Vec<Hit> {
        let mut hits = Vec::new();
        let words = &analysis.words;
        let push = |phrase: &Phrase, wi: usize, hits: &mut Vec<Hit>| {
            let Some(last) = self.rest_matches(phrase, text, words, wi) else {
                return;
            };
            let w = &words[wi];
            let span = Span::new(w.span.start, words[last].span.end);
            let negated = self.is_negated(text, words, wi);
            let caps = words[wi..=last].iter().all(|w| w.all_caps);
            hits.push(Hit {
                lexicon: phrase.lexicon,
                entry: phrase.entry,
                span,
                negated,
                quoted: w.quoted,
                caps,
            });
        };
        for (wi, w) in words.iter().enumerate() {
            if let Some(phrases) = self.exact.get(w.lower.as_str()) {
                for &p in phrases {
                    push(&self.phrases[p], wi, &mut hits);
                }
            }
            if let Some(ac) = &self.words {
                for m in ac.find_overlapping_iter(w.lower.as_str()) {
                    let phrase = &self.phrases[self.wild[m.pattern().as_usize()]];
                    if word_fits(&phrase.words[0], &w.lower, m.start(), m.end()) {
                        push(phrase, wi, &mut hits);
                    }
                }
            }
        }
        if let Some(ac) = &self.raw_ac {
            for m in ac.find_overlapping_iter(text) {
                let (lexicon, entry) = self.raw[m.pattern().as_usize()];
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
        hits.sort_by_key(|h| (h.span.start, h.span.end, h.lexicon, h.entry));
        hits
    }

    /// Index of the last word when the phrase's other words follow word `wi`.
    fn rest_matches(
        &self,
        phrase: &Phrase,
        text: &str,
        words: &[postlint_text::Word],
        wi: usize,
    ) -> Option<usize> {
        let mut last = wi;
        for pat in &phrase.words[1..] {
            let next = words.get(last + 1)?;
            let gap = text.get(words[last].span.end..next.span.start)?;
            if gap.contains(['.', '!', '?', ';', '\n', '(', ')', '"', '“', '”']) {
                return None;
            }
            let lower = next.lower.as_str();
            let ok = match (pat.open_start, pat.open_end) {
                (false, false) => lower == pat.text,
                (false, true) => lower.starts_with(&pat.text),
                (true, false) => lower.ends_with(&pat.text),
                (true, true) => lower.contains(&pat.text),
            };
            if !ok {
                return None;
            }
            last += 1;
        }
        Some(last)
    }

    fn is_negated(&self, text: &str, words: &[postlint_text::Word], wi: usize) -> bool {
        // A negator up to three words back, within the same clause.
        let start = wi.saturating_sub(3);
        for j in (start..wi).rev() {
            if let Some(gap) = text.get(words[j].span.end..words[j + 1].span.start) {
                if gap.contains(['.', '!', '?', ';', ',', '\n']) {
                    return false;
                }
            }
            if self.negators.iter().any(|n| *n == words[j].lower) {
                return true;
            }
        }
        false
    }
}

fn word_fits(p: &WordPattern, word: &str, start: usize, end: usize) -> bool {
    (p.open_start || start == 0) && (p.open_end || end == word.len())
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
        let m = b.build();
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
    }

    #[test]
    fn emoji_entries_match_as_text() {
        assert_eq!(hits(&["😂", "lol"], "lol 😂😂"), vec!["lol", "😂", "😂"]);
    }
}
