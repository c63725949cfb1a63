//! A post's lexicon hits, grouped by lexicon, and the functions that read
//! them (`hits`, `has`, `caps`, `distinct`).

use crate::lexicon::Hit;

use super::{Evaluator, Evidence, Scope};

/// A post's lexicon hits grouped by lexicon, each group in text order, in
/// one vector.
#[derive(Debug, Default)]
pub struct LexiconHits {
    hits: Vec<Hit>,
    /// The hits of lexicon `l` are `hits[starts[l]..starts[l + 1]]`.
    starts: Vec<u32>,
}

impl LexiconHits {
    /// Up to this many hits are placed by lexicon into a copy (a counting
    /// sort, the usual case); more are sorted where they are.
    const PLACED_MAX: usize = 4096;

    /// `hits` sorted by where they start (as [`crate::lexicon::Matcher::find`]
    /// gives them), each of one of `lexicons` lexicons: grouped by lexicon
    /// (a counting sort, which keeps each lexicon's hits in text order).
    pub fn new(mut hits: Vec<Hit>, lexicons: usize) -> Self {
        // Where each lexicon's hits begin (hits of an unknown lexicon are
        // left out at the end).
        let mut starts = vec![0u32; lexicons + 1];
        for h in &hits {
            if let Some(count) = starts.get_mut(h.lexicon + 1) {
                *count += 1;
            }
        }
        for l in 0..lexicons {
            starts[l + 1] += starts[l];
        }
        let known = starts[lexicons] as usize;
        let grouped = if hits.len() > Self::PLACED_MAX {
            // A huge text: sorted in place rather than copied.
            hits.sort_unstable_by_key(|h| (h.lexicon, h.span.start));
            hits.truncate(known);
            hits
        } else {
            let mut next = starts.clone();
            let mut grouped = hits.clone();
            grouped.truncate(known);
            for h in hits {
                if let Some(at) = next.get_mut(h.lexicon).filter(|_| h.lexicon < lexicons) {
                    grouped[*at as usize] = h;
                    *at += 1;
                }
            }
            grouped
        };
        LexiconHits {
            hits: grouped,
            starts,
        }
    }

    /// The hits of lexicon `l`, in text order.
    #[inline]
    pub fn of(&self, l: usize) -> &[Hit] {
        match (self.starts.get(l), self.starts.get(l + 1)) {
            (Some(&a), Some(&b)) => self.hits.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

impl<'a> Evaluator<'a, '_> {
    /// How many different entries of lexicon `l` the post has in `scope`.
    pub(super) fn distinct_entries(&self, l: usize, scope: Scope) -> usize {
        // Few hits (the usual case): compare each with those before it.
        const FEW: usize = 16;
        let mut seen = [0usize; FEW];
        let mut n = 0;
        for h in self.in_scope(l, scope) {
            if n == FEW {
                let mut entries: Vec<usize> = self.in_scope(l, scope).map(|h| h.entry).collect();
                entries.sort_unstable();
                entries.dedup();
                return entries.len();
            }
            if !seen[..n].contains(&h.entry) {
                seen[n] = h.entry;
                n += 1;
            }
        }
        n
    }

    fn in_scope(&self, lexicon: usize, scope: Scope) -> impl Iterator<Item = &'a Hit> + '_ {
        let hits: &'a [Hit] = self.ctx.hits.of(lexicon);
        hits.iter().filter(move |h| scope.span.contains(h.span))
    }

    pub(super) fn hits(&mut self, lexicon: usize, scope: Scope, caps_only: bool) -> usize {
        let text = self.ctx.text;
        // `caps()` counts what `caps_words` counts: capitals of three letters or more.
        let shouty = |h: &Hit| {
            h.caps
                && text[h.span.start..h.span.end]
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    >= 3
        };
        if self.yes_no_only {
            // Nobody reads the evidence: count only.
            let n = self
                .in_scope(lexicon, scope)
                .filter(|h| !caps_only || shouty(h))
                .count();
            self.match_count += n;
            return n;
        }
        let ctx = self.ctx;
        let mut n = 0;
        for h in ctx.hits.of(lexicon) {
            if !scope.span.contains(h.span) || (caps_only && !shouty(h)) {
                continue;
            }
            let replacement = ctx
                .lexicons
                .get(h.lexicon)
                .and_then(|l| l.replacements.get(h.entry))
                .and_then(Option::as_deref);
            self.evidence.push(Evidence {
                span: h.span,
                matched: true,
                replacement,
            });
            n += 1;
        }
        self.match_count += n;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postlint_text::Span;

    #[test]
    fn lexicon_hits_are_grouped_by_lexicon_in_text_order() {
        let hit = |lexicon: usize, start: usize| Hit {
            lexicon,
            entry: 0,
            span: Span::new(start, start + 1),
            negated: false,
            quoted: false,
            caps: false,
        };
        let found = [
            hit(2, 0),
            hit(0, 1),
            hit(2, 3),
            hit(9, 4),
            hit(0, 5),
            hit(2, 6),
        ];
        let hits = LexiconHits::new(found.to_vec(), 4);
        let starts = |l: usize| hits.of(l).iter().map(|h| h.span.start).collect::<Vec<_>>();
        assert_eq!(starts(0), [1, 5]);
        assert!(starts(1).is_empty());
        assert_eq!(starts(2), [0, 3, 6]);
        assert!(starts(3).is_empty());
        assert!(starts(9).is_empty(), "an unknown lexicon is left out");
        assert!(LexiconHits::new(Vec::new(), 0).of(0).is_empty());
        // More hits than are placed into a copy: sorted in place, the same groups.
        let many: Vec<Hit> = (0..LexiconHits::PLACED_MAX + 10)
            .map(|i| hit((i * 7) % 5, i))
            .collect();
        let big = LexiconHits::new(many.clone(), 4);
        for l in 0..5 {
            let expected: Vec<usize> = many
                .iter()
                .filter(|h| h.lexicon == l && l < 4)
                .map(|h| h.span.start)
                .collect();
            let got: Vec<usize> = big.of(l).iter().map(|h| h.span.start).collect();
            assert_eq!(got, expected, "lexicon {l}");
        }
    }
}
