//! Evaluating one post: analyse it, build the context its conditions read,
//! run the rules that apply, and sum it up for the calendar rules. Each step
//! is a function of its own; [`RuleSet::evaluate_with`] runs them in order.

use std::borrow::Cow;

use postlint_text::{Analysis, EntityKind, Span};

use crate::calendar::{self, PostSummary};
use crate::eval::{self, Context, Evaluator, LexiconHits};
use crate::model::*;
use crate::{position, CompiledRule, RuleSet};

/// The message a reply answers, analysed for conditions `in reply_to (…)`.
struct Reply<'t> {
    text: &'t str,
    analysis: Analysis,
    hits: LexiconHits,
    masked: Option<String>,
    length: usize,
}

impl Reply<'_> {
    fn read(&self) -> Read<'_> {
        Read {
            text: self.text,
            masked: self.masked.as_deref().unwrap_or(self.text),
            analysis: &self.analysis,
            hits: &self.hits,
            length: self.length,
        }
    }
}

/// A text as the conditions read it: analysed, its emoji marks masked (see
/// [`eval::RegexText`]), its lexicon hits found and its length counted.
struct Read<'a> {
    text: &'a str,
    masked: &'a str,
    analysis: &'a Analysis,
    hits: &'a LexiconHits,
    length: usize,
}

impl RuleSet {
    /// Lint one post with the rules `select` picks; with `summary`
    /// (record, scheduled), also sum it up for the calendar rules.
    pub(crate) fn evaluate_with(
        &self,
        post: &Post<'_>,
        select: impl Fn(&CompiledRule) -> bool,
        summary: Option<(usize, Option<i64>)>,
    ) -> (Report, Option<PostSummary>) {
        let analysis = analyze(post);
        let platform = self.platform_of(post);
        let (language, detected) = self.language_of(post, &analysis);
        let length = counted_length(post, &platform, &analysis);
        let hits = self.lexicon_hits(post.text, &analysis, &language);
        let masked = eval::mask_emoji_marks(post.text);
        let reply = post
            .in_reply_to
            .map(|text| self.reply(text, &platform, &language));
        let reply_ctx = reply
            .as_ref()
            .map(|r| self.context(r.read(), &platform, &language));
        let read = Read {
            text: post.text,
            masked: masked.as_deref().unwrap_or(post.text),
            analysis: &analysis,
            hits: &hits,
            length,
        };
        let mut ctx = self.context(read, &platform, &language);
        ctx.kind = post.kind;
        ctx.media = post.media;
        ctx.reply_delay = post.reply_delay;
        ctx.reply_to = reply_ctx.as_ref();
        let used = self.principles_used(&ctx);
        ctx.principles_used = &used;
        let findings = self.post_findings(&ctx, select);
        let summary =
            summary.map(|(record, scheduled)| self.summarize(&ctx, post.tags, record, scheduled));
        let report = Report {
            platform: platform.id.clone(),
            language,
            language_detected: detected,
            kind: post.kind,
            metrics: metrics(&analysis, length, &platform),
            principles: self.principles_of(&used),
            findings,
        };
        keep_buffers(analysis);
        (report, summary)
    }

    /// The platform the post is for; an undeclared one has no limits.
    fn platform_of(&self, post: &Post<'_>) -> Cow<'_, Platform> {
        let id = post.platform.unwrap_or(&self.default_platform);
        match self.platforms.get(id) {
            Some(p) => Cow::Borrowed(p),
            None => Cow::Owned(Platform {
                id: id.to_string(),
                name: id.to_string(),
                limit: 0,
                counter: postlint_text::Counter::Chars,
                fold: 0,
                hashtag_max: 0,
                hashtag_advice: 0,
                max_bytes: 0,
                max_links: 0,
                links_clickable: true,
                tone: "casual".into(),
                source: String::new(),
            }),
        }
    }

    /// The post's language as given, or detected among the lexicons'
    /// languages; and whether it was detected.
    fn language_of(&self, post: &Post<'_>, analysis: &Analysis) -> (String, bool) {
        match post.lang {
            Some(l) => (l.to_string(), false),
            None => {
                let d = postlint_text::detect_language_in(
                    post.text,
                    analysis,
                    &self.languages,
                    &self.default_lang,
                );
                (d.code, d.detected)
            }
        }
    }

    /// The message a reply answers, analysed like a post of its own.
    fn reply<'t>(&self, text: &'t str, platform: &Platform, language: &str) -> Reply<'t> {
        let analysis = postlint_text::analyze_without_sentences(text);
        Reply {
            text,
            hits: self.lexicon_hits(text, &analysis, language),
            length: postlint_text::count(platform.counter, text, &analysis),
            masked: eval::mask_emoji_marks(text),
            analysis,
        }
    }

    /// What the conditions read about a text, as a post without kind,
    /// media, reply or principles (the caller sets those it knows).
    fn context<'a>(&'a self, read: Read<'a>, platform: &'a Platform, lang: &'a str) -> Context<'a> {
        Context {
            text: read.text,
            sentences: std::cell::OnceCell::new(),
            first_sentence: std::cell::OnceCell::new(),
            measured: Default::default(),
            regex_text: eval::RegexText::new(read.text, read.masked),
            analysis: read.analysis,
            platform,
            lang,
            kind: Kind::Post,
            media: None,
            reply_delay: None,
            length: read.length,
            hits: read.hits,
            lexicons: &self.lexicons,
            regexes: &self.regexes,
            principles_used: &[],
            natives: &self.natives,
            reply_to: None,
        }
    }

    /// Which principles the post uses, in the order of `self.principles`.
    fn principles_used(&self, ctx: &Context<'_>) -> Vec<bool> {
        self.principles
            .iter()
            .map(|p| {
                let mut ev = Evaluator::yes_no(ctx, &[]);
                let whole = ev.whole();
                p.signals.iter().any(|s| ev.holds(s, whole))
            })
            .collect()
    }

    /// The ids of the principles `used` marks.
    fn principles_of(&self, used: &[bool]) -> Vec<String> {
        self.principles
            .iter()
            .zip(used)
            .filter(|(_, u)| **u)
            .map(|(p, _)| p.info.id.clone())
            .collect()
    }

    /// The findings of the selected rules that apply to the post, in text order.
    fn post_findings(
        &self,
        ctx: &Context<'_>,
        select: impl Fn(&CompiledRule) -> bool,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        // One evidence buffer for every rule of the post.
        let mut evidence = Vec::new();
        for rule in self.rules.iter().filter(|r| select(r)) {
            if !applies(rule, ctx.platform, ctx.lang, ctx.kind) {
                continue;
            }
            self.evaluate_rule(rule, ctx, &mut evidence, &mut findings);
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        findings
    }

    /// The post as the calendar rules read it.
    fn summarize(
        &self,
        ctx: &Context<'_>,
        tags: &[String],
        record: usize,
        scheduled: Option<i64>,
    ) -> PostSummary {
        let predicates: Vec<bool> = self
            .calendar_predicates
            .iter()
            .zip(&self.calendar_predicate_rule)
            .map(|(node, &rule)| {
                let params = self
                    .rules
                    .get(rule)
                    .map(|r| r.params.as_slice())
                    .unwrap_or(&[]);
                let mut ev = Evaluator::yes_no(ctx, params);
                let whole = ev.whole();
                ev.holds(node, whole)
            })
            .collect();
        let has = |lexicon: Option<usize>| lexicon.is_some_and(|l| !ctx.hits.of(l).is_empty());
        let flags = [
            (!ctx.analysis.questions.is_empty(), calendar::QUESTION),
            (has(self.summary_lexicons.0), calendar::HUMOR),
            (has(self.summary_lexicons.1), calendar::SALES),
        ]
        .iter()
        .fold(0, |acc, (on, flag)| if *on { acc | flag } else { acc });
        let mut occasions = calendar::bits(self.occasions.lexicons.iter().map(|&l| has(l)));
        if let Some(m) = &self.occasions.event_words {
            let base = crate::occasions::Occasion::ALL.len();
            for hit in m.find(ctx.text, ctx.analysis) {
                if base + hit.lexicon < 64 {
                    occasions |= 1 << (base + hit.lexicon);
                }
            }
        }
        PostSummary {
            record,
            scheduled,
            occasions,
            pillar: self.pillars.of_post(tags, ctx.text, ctx.analysis),
            text_key: calendar::text_key(ctx.analysis),
            platform: self
                .platforms
                .keys()
                .position(|k| *k == ctx.platform.id)
                .and_then(|i| u16::try_from(i).ok())
                .unwrap_or(u16::MAX),
            principles: calendar::bits(ctx.principles_used.iter().copied()),
            predicates: calendar::bits(predicates),
            flags,
        }
    }

    /// The lexicon hits of `text` in `language` that count (see [`position`]).
    pub(crate) fn lexicon_hits(
        &self,
        text: &str,
        analysis: &Analysis,
        language: &str,
    ) -> LexiconHits {
        let matcher = self
            .matchers
            .get(language)
            .or_else(|| self.matchers.get("all"));
        let mut hits = match matcher {
            Some(m) if !text.is_empty() => m.get().find(text, analysis),
            _ => Vec::new(),
        };
        position::retain_counted(
            &mut hits,
            &self.lexicons,
            text,
            analysis,
            self.command_words,
        );
        LexiconHits::new(hits, self.lexicons.len())
    }
}

fn applies(rule: &CompiledRule, platform: &Platform, lang: &str, kind: Kind) -> bool {
    let info = &rule.info;
    (info.platforms.is_empty() || info.platforms.contains(&platform.id))
        && (info.kinds.is_empty() || info.kinds.iter().any(|k| k == kind.as_str()))
        && (rule.only_languages.is_empty() || rule.only_languages.iter().any(|l| l == lang))
}

/// The post's length as the platform counts it, without the uncounted prefix.
fn counted_length(post: &Post<'_>, platform: &Platform, analysis: &Analysis) -> usize {
    let prefix = post.text.get(..post.uncounted_prefix).unwrap_or("");
    postlint_text::count(platform.counter, post.text, analysis)
        .saturating_sub(prefix.chars().count())
}

/// The figures a report shows about the post.
fn metrics(analysis: &Analysis, length: usize, platform: &Platform) -> Metrics {
    Metrics {
        length,
        limit: platform.limit,
        graphemes: analysis.graphemes,
        words: analysis.words.len(),
        hashtags: analysis.entities_of(EntityKind::Hashtag).count(),
        mentions: analysis.entities_of(EntityKind::Mention).count(),
        links: analysis.entities_of(EntityKind::Url).count(),
        emoji: analysis.emoji.len(),
        questions: analysis.questions.len(),
    }
}

thread_local! {
    /// The analysis of the thread's last post, whose buffers the next one reuses.
    static SCRATCH: std::cell::RefCell<Analysis> = Default::default();
}

/// The largest lower-cased text (bytes) whose analysis buffers a thread keeps.
const SCRATCH_MAX: usize = 1 << 16;

/// The post analysed (sentences are split when a condition reads them), in
/// the buffers of the thread's previous post.
fn analyze(post: &Post<'_>) -> Analysis {
    let mut analysis = SCRATCH.with(|s| s.take());
    postlint_text::analyze_without_sentences_into(post.text, &mut analysis);
    without_ignored(&mut analysis, post.ignore);
    analysis
}

/// Keep the analysis buffers for the thread's next post; a huge post's are
/// not kept.
fn keep_buffers(analysis: Analysis) {
    if analysis.lowered.capacity() <= SCRATCH_MAX {
        SCRATCH.with(|s| s.replace(analysis));
    }
}

/// Drop words and entities inside ignored ranges (Markdown code, link targets).
fn without_ignored(a: &mut Analysis, ignore: &[Span]) {
    if ignore.is_empty() {
        return;
    }
    let hidden = |s: Span| ignore.iter().any(|i| i.start < s.end && s.start < i.end);
    a.words.retain(|w| !hidden(w.span));
    a.emoji.retain(|s| !hidden(*s));
    a.questions.retain(|s| !hidden(*s));
    a.exclamations.retain(|s| !hidden(*s));
    a.exclamation_runs.retain(|s| !hidden(*s));
    // Link targets still count as links; other entities inside code do not.
    a.entities
        .retain(|e| e.kind == EntityKind::Url || !hidden(e.span));
}
