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
    let needs_except = hits
        .iter()
        .any(|h| lexicons.get(h.lexicon).is_some_and(|i| i.except.is_some()));
    // Exemptions and lead-ins are read from the hits as found, before any
    // is dropped (an exempting phrase may itself be negated or quoted).
    let found: Vec<(usize, Span)> = if needs_position || needs_except {
        hits.iter().map(|h| (h.lexicon, h.span)).collect()
    } else {
        Vec::new()
    };
    // Ends of the hits accepted in command position so far (for lists of orders).
    let mut orders: Vec<usize> = Vec::new();
    hits.retain(|h| {
        let Some(info) = lexicons.get(h.lexicon) else {
            return false;
        };
        if (info.skip_negated && h.negated) || (info.skip_quoted && h.quoted) {
            return false;
        }
        if let Some(except) = info.except {
            let covered = found
                .iter()
                .any(|&(l, s)| l == except && s.start <= h.span.start && h.span.end <= s.end);
            if covered {
                return false;
            }
        }
        if info.commands_only {
            if !in_command_position(text, analysis, h.span.start, &found, words, &orders) {
                return false;
            }
            orders.push(h.span.end);
        }
        true
    });
}

/// Whether the word at `start` opens an order.
fn in_command_position(
    text: &str,
    analysis: &Analysis,
    start: usize,
    found: &[(usize, Span)],
    words: CommandWords,
    orders: &[usize],
) -> bool {
    let at = skip_back(text, analysis, start);
    let Some(c) = text[..at].chars().next_back() else {
        return true;
    };
    match c {
        '\n' | '\r' | '.' | '!' | '?' | ':' | ';' | '…' | ')' | '\u{2028}' | '\u{2029}' => true,
        ',' => {
            let comma = at - c.len_utf8();
            follows_order(text, comma, orders) || after_clause(text, analysis, comma, found, words)
        }
        '&' | '+' | '/' => follows_order(text, at - c.len_utf8(), orders),
        _ => {
            let ends_here = |lexicon: Option<usize>| -> Option<Span> {
                let l = lexicon?;
                found
                    .iter()
                    .find(|&&(hl, s)| hl == l && s.end == at)
                    .map(|&(_, s)| s)
            };
            if ends_here(words.leads).is_some() {
                return true;
            }
            match ends_here(words.joins) {
                Some(join) => follows_order(text, join.start, orders),
                None => false,
            }
        }
    }
}

/// Whether an accepted order comes before `at` in the same sentence
/// ("Like this post, retweet it": the comma continues the list).
fn follows_order(text: &str, at: usize, orders: &[usize]) -> bool {
    orders.iter().any(|&end| {
        end <= at
            && text
                .get(end..at)
                .is_some_and(|between| !between.chars().any(is_stop))
    })
}

/// Whether the sentence before the comma at `comma` opens with a word of
/// `command_clauses` ("To take part, share this post").
fn after_clause(
    text: &str,
    analysis: &Analysis,
    comma: usize,
    found: &[(usize, Span)],
    words: CommandWords,
) -> bool {
    let Some(l) = words.clauses else {
        return false;
    };
    found.iter().any(|&(hl, s)| {
        hl == l
            && s.end <= comma
            && text.get(s.end..comma).is_some_and(|b| !b.chars().any(is_stop))
            && text[..skip_back(text, analysis, s.start)]
                .chars()
                .next_back()
                .is_none_or(is_stop)
    })
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
        if let Some(e) = analysis
            .entities
            .iter()
            .find(|e| e.span.start < at && at <= e.span.end)
        {
            at = e.span.start;
            continue;
        }
        let decoration = (c.is_whitespace() && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
            || matches!(
                c,
                '"' | '“' | '”' | '„' | '«' | '»' | '\'' | '‘' | '’' | '(' | '[' | '>' | '→' | '_' | '~'
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
