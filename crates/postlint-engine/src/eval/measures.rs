//! Measures of one post in a scope: counted from the analysis, the whole-post
//! counts cached per post, the items of a measure as evidence.

use postlint_lang::builtins::Measure;
use postlint_text::{EntityKind, Span};

use super::{Context, Evaluator, Evidence, Scope};

/// How many measures a post keeps its whole-post value of ([`cache_slot`]).
pub const CACHED_MEASURES: usize = 10;

/// Where the whole-post value of `m` is kept for the post
/// ([`Context::measured`]): counts that leave no evidence and depend on the
/// post alone are the same for every rule that reads them.
const fn cache_slot(m: Measure) -> Option<usize> {
    match m {
        Measure::Words => Some(0),
        Measure::Numbers => Some(1),
        Measure::Sentences => Some(2),
        Measure::Lines => Some(3),
        Measure::LineBreaks => Some(4),
        Measure::Chars => Some(5),
        Measure::Graphemes => Some(6),
        Measure::Bytes => Some(7),
        Measure::Length => Some(8),
        Measure::FirstSentenceEnd => Some(9),
        // Their items are evidence for the rule that reads them.
        Measure::Hashtags
        | Measure::Mentions
        | Measure::Links
        | Measure::Cashtags
        | Measure::Emoji
        | Measure::Questions
        | Measure::Exclamations
        | Measure::ExclamationRuns
        | Measure::CapsWords => None,
        // Read straight from the context.
        Measure::Limit | Measure::Principles | Measure::ReplyDelay => None,
    }
}

impl Evaluator<'_, '_> {
    /// Spans of the items a measure counts, in scope.
    pub fn items(&self, m: Measure, scope: Scope) -> Vec<Span> {
        let mut out = Vec::new();
        each_item(self.ctx, m, scope, |s| out.push(s));
        out
    }

    pub(super) fn measure(&mut self, m: Measure, scope: Scope) -> f64 {
        let whole = scope.span.start == 0 && scope.span.end == self.ctx.text.len() && !scope.body;
        // Counts over the whole post that leave no evidence are the same for
        // every rule that reads them (`numbers >= 1` guards many): count once.
        let slot = cache_slot(m)
            .filter(|_| whole)
            .and_then(|i| self.ctx.measured.get(i));
        if let Some(v) = slot.and_then(std::cell::Cell::get) {
            return v;
        }
        let v = self.measure_uncached(m, scope, whole);
        if let Some(slot) = slot {
            slot.set(Some(v));
        }
        v
    }

    fn measure_uncached(&mut self, m: Measure, scope: Scope, whole: bool) -> f64 {
        let a = self.ctx.analysis;
        let text = self.ctx.text;
        let sub = text.get(scope.span.start..scope.span.end).unwrap_or("");
        let inside = |s: &Span| scope.span.contains(*s);
        match m {
            Measure::Words => a.words.iter().filter(|w| inside(&w.span)).count() as f64,
            Measure::Numbers => a
                .words
                .iter()
                .filter(|w| inside(&w.span) && a.lower(w).bytes().any(|b| b.is_ascii_digit()))
                .count() as f64,
            Measure::Sentences => self
                .ctx
                .sentences()
                .iter()
                .filter(|s| inside(&s.span))
                .count() as f64,
            Measure::Lines => a
                .lines
                .iter()
                .filter(|l| inside(l) && !text[l.start..l.end].trim().is_empty())
                .count() as f64,
            Measure::LineBreaks => {
                if whole {
                    a.line_breaks as f64
                } else {
                    sub.matches('\n').count() as f64
                }
            }
            Measure::Chars if whole => text.chars().count() as f64,
            Measure::Chars => sub.chars().count() as f64,
            Measure::Graphemes if whole => a.graphemes as f64,
            Measure::Graphemes => {
                unicode_segmentation::UnicodeSegmentation::graphemes(sub, true).count() as f64
            }
            Measure::Bytes => sub.len() as f64,
            Measure::Length if whole => self.ctx.length as f64,
            Measure::Length => {
                postlint_text::count(self.ctx.platform.counter, sub, &postlint_text::analyze(sub))
                    as f64
            }
            Measure::Limit => self.ctx.platform.limit as f64,
            Measure::Principles => self.ctx.principles_used.iter().filter(|u| **u).count() as f64,
            Measure::ReplyDelay => self.ctx.reply_delay.unwrap_or(f64::NAN),
            Measure::FirstSentenceEnd => self
                .ctx
                .first_sentence()
                .map_or(0, |s| text[..s.span.end].trim_end().chars().count())
                as f64,
            items @ (Measure::Hashtags
            | Measure::Mentions
            | Measure::Links
            | Measure::Cashtags
            | Measure::Emoji
            | Measure::Questions
            | Measure::Exclamations
            | Measure::ExclamationRuns
            | Measure::CapsWords) => {
                let mut n = 0;
                each_item(self.ctx, items, scope, |span| {
                    self.evidence.push(Evidence {
                        span,
                        matched: false,
                        replacement: None,
                    });
                    n += 1;
                });
                f64::from(n)
            }
        }
    }
}

/// Calls `f` with the span of every item measure `m` counts in `scope`, in order.
fn each_item(ctx: &Context<'_>, m: Measure, scope: Scope, mut f: impl FnMut(Span)) {
    let a = ctx.analysis;
    let inside = |s: &Span| scope.span.contains(*s);
    let mut spans = |spans: &[Span]| spans.iter().copied().filter(inside).for_each(&mut f);
    let kind = match m {
        Measure::Hashtags => EntityKind::Hashtag,
        Measure::Mentions => EntityKind::Mention,
        Measure::Links => EntityKind::Url,
        Measure::Cashtags => EntityKind::Cashtag,
        Measure::Emoji => return spans(&a.emoji),
        Measure::Questions => return spans(&a.questions),
        Measure::Exclamations => return spans(&a.exclamations),
        Measure::ExclamationRuns => return spans(&a.exclamation_runs),
        Measure::CapsWords => {
            return a
                .words
                .iter()
                .filter(|w| w.all_caps && a.lower(w).chars().count() >= 3)
                .map(|w| w.span)
                .filter(inside)
                .for_each(f)
        }
        // Numbers, not items.
        Measure::Words
        | Measure::Numbers
        | Measure::Sentences
        | Measure::Lines
        | Measure::LineBreaks
        | Measure::Chars
        | Measure::Graphemes
        | Measure::Bytes
        | Measure::Length
        | Measure::Limit
        | Measure::Principles
        | Measure::ReplyDelay
        | Measure::FirstSentenceEnd => return,
    };
    if !scope.body {
        a.entities_of(kind)
            .map(|e| e.span)
            .filter(inside)
            .for_each(f);
    }
}
