//! Which lexicon hits count: negation, quotes, exemptions (`except:`) and
//! command position (`position: command`).
//!
//! A hit stands in *command position* when it gives an order: it opens the
//! post, a line, a sentence or a clause after a colon (`Share this`, `👉 Sign
//! up`, `Tip: bookmark it`; not a list item, which is advice), it follows a lead-in of `core`'s
//! `command_leads` lexicon (`please share`, `vergeet niet te stemmen`), or it
//! continues a list of orders (`Like, share and follow`: after a comma or a
//! word of `command_joins`, right after another order). Narration and nouns
//! (`I share`, `proud to share`, `jouw stem telt`) are not in command position.

use postlint_text::{Analysis, Span};

use crate::lexicon::{Hit, LexiconInfo};

/// The `core` lexicons command position reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct CommandWords {
    /// Lead-ins that make what follows an order anywhere: please, graag.
    pub leads: Option<usize>,
    /// Words that join orders in a list: and, or, en, of.
    pub joins: Option<usize>,
    /// Words that open a clause an order may follow after a comma: "To
    /// enter, share this", "Als je meedoet, deel dit".
    pub clauses: Option<usize>,
}

/// Keep the hits the lexicons' settings let count; `hits` are in text order.
pub fn retain_counted(
    hits: &mut Vec<Hit>,
    lexicons: &[LexiconInfo],
    text: &str,
    analysis: &Analysis,
    words: CommandWords,
) {
    let needs_position = hits
        .iter()
        .any(|h| lexicons.get(h.lexicon).is_some_and(|i| i.commands_only));
    let mut exemptions = Exemptions::new(hits, lexicons);
    // Lead-ins, joins and clauses are read from the hits as found, before
    // any is dropped; `Index` answers each question in log time.
    let index = needs_position.then(|| Index::new(hits, text, words));
    // Ends of the hits accepted in command position so far (for lists of orders).
    let mut orders: Vec<usize> = Vec::new();
    hits.retain(|h| {
        let Some(info) = lexicons.get(h.lexicon) else {
            return false;
        };
        if (info.skip_negated && h.negated) || (info.skip_quoted && h.quoted) {
            return false;
        }
        if info.except.is_some_and(|l| exemptions.covers(l, h.span)) {
            return false;
        }
        if let (true, Some(index)) = (info.commands_only, &index) {
            if !index.in_command_position(text, analysis, h.span.start, &orders) {
                return false;
            }
            orders.push(h.span.end);
        }
        true
    });
}

/// The hits of the lexicons named by `except:`, with a cursor each: hits
/// are asked about in text order, so each list is walked once.
struct Exemptions {
    /// (lexicon, its spans in text order, next span to take in, the end
    /// furthest out of the spans taken in so far)
    lists: Vec<(usize, Vec<Span>, usize, usize)>,
}

impl Exemptions {
    fn new(hits: &[Hit], lexicons: &[LexiconInfo]) -> Self {
        let mut wanted: Vec<usize> = hits
            .iter()
            .filter_map(|h| lexicons.get(h.lexicon).and_then(|i| i.except))
            .collect();
        wanted.sort_unstable();
        wanted.dedup();
        let lists = wanted
            .into_iter()
            .map(|l| {
                let spans = hits
                    .iter()
                    .filter(|h| h.lexicon == l)
                    .map(|h| h.span)
                    .collect();
                (l, spans, 0, 0)
            })
            .collect();
        Exemptions { lists }
    }

    /// Whether a hit of lexicon `l` covers `span` (asked in text order).
    fn covers(&mut self, l: usize, span: Span) -> bool {
        let Some((_, spans, next, reach)) = self.lists.iter_mut().find(|(x, ..)| *x == l) else {
            return false;
        };
        while let Some(s) = spans.get(*next).filter(|s| s.start <= span.start) {
            *reach = (*reach).max(s.end);
            *next += 1;
        }
        *next > 0 && *reach >= span.end
    }
}

/// What command position asks of a post, indexed: where sentences stop,
/// where lead-ins and joins end, where opening clauses start.
struct Index<'t> {
    text: &'t str,
    /// Byte offsets of the characters that end a sentence or clause, found
    /// the first time a list of orders or a clause is looked at.
    stops: std::cell::OnceCell<Vec<usize>>,
    /// (end, start) of the hits of `command_leads` and `command_joins`, by end.
    leads: Vec<(usize, usize)>,
    joins: Vec<(usize, usize)>,
    /// Starts of the hits of `command_clauses`, in text order.
    clauses: Vec<(usize, usize)>,
}

impl<'t> Index<'t> {
    fn new(hits: &[Hit], text: &'t str, words: CommandWords) -> Self {
        let of = |lexicon: Option<usize>| -> Vec<(usize, usize)> {
            let mut v: Vec<(usize, usize)> = hits
                .iter()
                .filter(|h| Some(h.lexicon) == lexicon)
                .map(|h| (h.span.end, h.span.start))
                .collect();
            v.sort_unstable();
            v
        };
        let clauses = hits
            .iter()
            .filter(|h| Some(h.lexicon) == words.clauses)
            .map(|h| (h.span.start, h.span.end))
            .collect();
        Index {
            text,
            stops: std::cell::OnceCell::new(),
            leads: of(words.leads),
            joins: of(words.joins),
            clauses,
        }
    }

    fn stops(&self) -> &[usize] {
        self.stops.get_or_init(|| {
            self.text
                .char_indices()
                .filter(|&(_, c)| is_stop(c))
                .map(|(i, _)| i)
                .collect()
        })
    }

    /// Whether a character that ends a sentence lies in `from..to`.
    fn stop_between(&self, from: usize, to: usize) -> bool {
        let stops = self.stops();
        let i = stops.partition_point(|&s| s < from);
        stops.get(i).is_some_and(|&s| s < to)
    }

    /// Where the sentence that holds `at` starts (after its stop).
    fn sentence_start(&self, text: &str, at: usize) -> usize {
        let stops = self.stops();
        let i = stops.partition_point(|&s| s < at);
        match i.checked_sub(1).and_then(|i| stops.get(i)) {
            Some(&s) => s + text[s..].chars().next().map_or(1, char::len_utf8),
            None => 0,
        }
    }

    /// The start of a hit of `list` that ends at `end`.
    fn ending_at(list: &[(usize, usize)], end: usize) -> Option<usize> {
        let i = list.partition_point(|&(e, _)| e < end);
        list.get(i).filter(|&&(e, _)| e == end).map(|&(_, s)| s)
    }

    /// Whether the word at `start` opens an order.
    fn in_command_position(
        &self,
        text: &str,
        analysis: &Analysis,
        start: usize,
        orders: &[usize],
    ) -> bool {
        let at = skip_back(text, analysis, start);
        let Some(c) = text[..at].chars().next_back() else {
            return true;
        };
        match c {
            '\n' | '\r' | '.' | '!' | '?' | ':' | ';' | '…' | ')' | '\u{2028}' | '\u{2029}' => {
                true
            }
            ',' => {
                let comma = at - c.len_utf8();
                self.follows_order(comma, orders) || self.after_clause(text, analysis, comma)
            }
            '&' | '+' | '/' => self.follows_order(at - c.len_utf8(), orders),
            _ => {
                if Self::ending_at(&self.leads, at).is_some() {
                    return true;
                }
                match Self::ending_at(&self.joins, at) {
                    Some(join) => self.follows_order(join, orders),
                    None => false,
                }
            }
        }
    }

    /// Whether an accepted order comes before `at` in the same sentence
    /// ("Like this post, retweet it": the comma continues the list). The
    /// last such order decides: one before it has the same stops between.
    fn follows_order(&self, at: usize, orders: &[usize]) -> bool {
        orders
            .iter()
            .rev()
            .find(|&&end| end <= at)
            .is_some_and(|&end| !self.stop_between(end, at))
    }

    /// Whether the sentence before the comma at `comma` opens with a word of
    /// `command_clauses` ("To take part, share this post").
    fn after_clause(&self, text: &str, analysis: &Analysis, comma: usize) -> bool {
        let sentence = self.sentence_start(text, comma);
        let i = self.clauses.partition_point(|&(s, _)| s < sentence);
        // The sentence's first clause word decides: a later one is not its opening.
        self.clauses.get(i).is_some_and(|&(start, end)| {
            end <= comma && skip_back(text, analysis, start) <= sentence
        })
    }
}

fn is_stop(c: char) -> bool {
    matches!(c, '\n' | '\r' | '.' | '!' | '?' | ':' | ';')
}

/// Walk back from `at` over spaces, emoji, bullets, opening quotes and
/// brackets, and whole mentions, hashtags and links: to where the text
/// before really ends.
fn skip_back(text: &str, analysis: &Analysis, mut at: usize) -> usize {
    loop {
        let Some(c) = text[..at].chars().next_back() else {
            return at;
        };
        // Entities are sorted by position: the one that may hold `at` is the
        // last that starts before it.
        let i = analysis.entities.partition_point(|e| e.span.start < at);
        if let Some(e) = i
            .checked_sub(1)
            .and_then(|i| analysis.entities.get(i))
            .filter(|e| at <= e.span.end)
        {
            at = e.span.start;
            continue;
        }
        let decoration = (c.is_whitespace() && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            || matches!(
                c,
                '"' | '“'
                    | '”'
                    | '„'
                    | '«'
                    | '»'
                    | '\''
                    | '‘'
                    | '’'
                    | '('
                    | '['
                    | '>'
                    | '→'
                    | '_'
                    | '~'
            )
            || is_symbol(c);
        if !decoration {
            return at;
        }
        at -= c.len_utf8();
    }
}

/// Emoji and other pictographs, arrows, selectors and joiners.
fn is_symbol(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x2190..=0x21FF      // arrows
        | 0x2300..=0x23FF    // technical (⏰)
        | 0x2460..=0x24FF    // enclosed digits
        | 0x25A0..=0x27BF    // shapes, dingbats (✅ ➡)
        | 0x2900..=0x297F    // supplemental arrows (⤵)
        | 0x2B00..=0x2BFF    // arrows (⬇)
        | 0xFE00..=0xFE0F    // variation selectors
        | 0x200D             // joiner
        | 0x20E3             // keycap
        | 0x1F000..=0x1FAFF  // emoji
        | 0xE0020..=0xE007F  // tags
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(text: &str, word: &str) -> usize {
        let a = postlint_text::analyze(text);
        skip_back(text, &a, text.find(word).unwrap())
    }

    #[test]
    fn decoration_before_a_word_is_skipped() {
        assert_eq!(skip("👉 Sign up", "Sign"), 0);
        assert_eq!(skip("Tip: “share it”", "share"), 4);
        // A list item is advice, not an order: the bullet is not skipped.
        assert_eq!(skip("- Apply your skills", "Apply"), 1);
        assert_eq!(skip("@acme Please share", "Please"), 0);
        assert_eq!(skip("I share", "share"), 1);
    }
}
