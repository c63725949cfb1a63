//! Evaluation of compiled conditions against one analysed post. A condition
//! reads measures in a scope, lexicon hits and regex matches, and leaves the
//! spans that made it true as evidence for the finding.

use postlint_lang::ast::{ArithOp, CmpOp};
use postlint_text::{Analysis, EntityKind, Span};

use crate::lexicon::Hit;
use crate::model::{Kind, ParamValue, Platform, Severity};
use crate::native::{NativeFunction, NativeInput};
use crate::regex_forms;
use crate::regex_search::StartScan;

/// A measure of the post, counted in the current scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Words,
    Numbers,
    Sentences,
    Lines,
    LineBreaks,
    Hashtags,
    Mentions,
    Links,
    Cashtags,
    Emoji,
    Questions,
    Exclamations,
    ExclamationRuns,
    CapsWords,
    Chars,
    Graphemes,
    Bytes,
    Length,
    Limit,
    Principles,
    ReplyDelay,
    FirstSentenceEnd,
}

impl Measure {
    /// Measures that only count (no evidence) and depend on the post alone:
    /// computed once per post for the whole text ([`Context::measured`]).
    pub const COUNTS: [Measure; 10] = [
        Measure::Words,
        Measure::Numbers,
        Measure::Sentences,
        Measure::Lines,
        Measure::LineBreaks,
        Measure::Chars,
        Measure::Graphemes,
        Measure::Bytes,
        Measure::Length,
        Measure::FirstSentenceEnd,
    ];

    pub fn parse(name: &str) -> Option<Measure> {
        use Measure::*;
        Some(match name {
            "words" => Words,
            "numbers" => Numbers,
            "sentences" => Sentences,
            "lines" => Lines,
            "line_breaks" => LineBreaks,
            "hashtags" => Hashtags,
            "mentions" => Mentions,
            "links" => Links,
            "cashtags" => Cashtags,
            "emoji" => Emoji,
            "questions" => Questions,
            "exclamations" => Exclamations,
            "exclamation_runs" => ExclamationRuns,
            "caps_words" => CapsWords,
            "chars" => Chars,
            "graphemes" => Graphemes,
            "bytes" => Bytes,
            "length" => Length,
            "limit" => Limit,
            "principles" => Principles,
            "reply_delay" => ReplyDelay,
            "first_sentence_end" => FirstSentenceEnd,
            _ => return None,
        })
    }
}

/// A compiled rule regex.
pub type Compiled = regex_automata::meta::Regex;

/// Compile a regex literal (`/…/flags`) as `postlint_lang`'s checker does
/// (same syntax, flags and size limit). `prefilter`: with the literal
/// prefilters that make searching faster; their literal analysis is most of
/// the cost of compiling an expression, see [`Tiered`].
fn compile(literal: &str, prefilter: bool) -> Option<Compiled> {
    use regex_automata::meta;
    let (body, config) = syntax_of(literal)?;
    let limit = postlint_lang::builtins::REGEX_SIZE_LIMIT;
    meta::Regex::builder()
        .configure(
            meta::Config::new()
                .nfa_size_limit(Some(limit))
                .hybrid_cache_capacity(limit)
                .hybrid(prefilter)
                .auto_prefilter(prefilter)
                .onepass(false)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit),
        )
        .syntax(config)
        .build(&body)
        .ok()
}

/// Whether `text` holds none of `prefixes` (see [`regex_forms::prefixes`]):
/// then no match can start in it.
fn rules_out(prefixes: &[Vec<u8>], text: &str) -> bool {
    !prefixes
        .iter()
        .any(|p| memchr::memmem::find(text.as_bytes(), p).is_some())
}

/// The body of a regex literal (`/…/flags`) and the syntax its flags ask
/// for, as `postlint_lang`'s checker reads them; `None` for an unknown flag.
fn syntax_of(literal: &str) -> Option<(String, regex_automata::util::syntax::Config)> {
    let (body, flags) = regex_forms::split(literal)?;
    let config = regex_automata::util::syntax::Config::new()
        .nest_limit(regex_forms::NEST_LIMIT)
        .case_insensitive(flags.case_insensitive)
        .multi_line(flags.multi_line)
        .dot_matches_new_line(flags.dot_matches_new_line)
        .ignore_whitespace(flags.ignore_whitespace);
    Some((body, config))
}

/// The source as a [`StartScan`], for texts the Unicode form reads;
/// `None` when it has no Unicode `\b` or cannot be one.
fn start_scan(literal: &str) -> Option<StartScan> {
    let (body, config) = syntax_of(literal)?;
    StartScan::new(&body, config, postlint_lang::builtins::REGEX_SIZE_LIMIT)
}

/// How a post is searched with a rule's expression ([`LazyRegex::for_text`]):
/// the meta regex, or for the Unicode form of an expression with `\b`, a
/// [`StartScan`]. Both find exactly the same matches.
#[derive(Debug, Clone, Copy)]
pub enum Searcher<'r> {
    Meta(&'r Compiled),
    Scan(&'r StartScan),
}

impl<'r> Searcher<'r> {
    /// The leftmost-first match in `haystack`.
    pub fn find(self, haystack: &str) -> Option<regex_automata::Match> {
        match self {
            Searcher::Meta(re) => re.find(haystack),
            Searcher::Scan(scan) => scan.find_at(haystack, 0),
        }
    }

    /// Every match in `haystack`, left to right, as `find_iter` finds them.
    pub fn find_iter<'h>(self, haystack: &'h str) -> Matches<'r, 'h> {
        match self {
            Searcher::Meta(re) => Matches::Meta(re.find_iter(haystack)),
            Searcher::Scan(scan) => Matches::Scan(scan.find_iter(haystack)),
        }
    }
}

/// The matches of a [`Searcher`] in a text.
#[derive(Debug)]
pub enum Matches<'r, 'h> {
    Meta(regex_automata::meta::FindMatches<'r, 'h>),
    Scan(crate::regex_search::ScanMatches<'r, 'h>),
}

impl Iterator for Matches<'_, '_> {
    type Item = regex_automata::Match;

    fn next(&mut self) -> Option<regex_automata::Match> {
        match self {
            Matches::Meta(matches) => matches.next(),
            Matches::Scan(matches) => matches.next(),
        }
    }
}

/// Searches an expression runs before it is compiled again with prefilters.
const WARM_UP: u32 = 32;

/// Texts longer than this (in bytes) go to the tuned tier at once: the
/// quick one has no lazy DFA, and its backtracker or PikeVM would be slow
/// over a long text.
const QUICK_TEXT_MAX: usize = 4096;

/// One expression compiled in two tiers: quickly (no prefilters, no lazy
/// DFA) for its first [`WARM_UP`] searches of short texts, so a one-draft
/// run (an editor, a pre-commit hook) does not pay for analysis it cannot
/// earn back; then fully, for the thousands of posts of a batch and for
/// long texts. Both tiers match exactly the same.
#[derive(Debug, Default)]
struct Tiered {
    quick: std::sync::OnceLock<Option<Compiled>>,
    tuned: std::sync::OnceLock<Option<Compiled>>,
    uses: std::sync::atomic::AtomicU32,
}

impl Tiered {
    /// Whether a tier has been compiled.
    fn compiled(&self) -> bool {
        self.quick.get().is_some() || self.tuned.get().is_some()
    }

    /// The compiled expression for a text of `len` bytes;
    /// `compile(tuned)` builds a tier.
    fn get(&self, len: usize, compile: impl Fn(bool) -> Option<Compiled>) -> Option<&Compiled> {
        if let Some(tuned) = self.tuned.get() {
            return tuned.as_ref();
        }
        let uses = self.uses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if uses >= WARM_UP || len > QUICK_TEXT_MAX {
            return self.tuned.get_or_init(|| compile(true)).as_ref();
        }
        self.quick.get_or_init(|| compile(false)).as_ref()
    }
}

/// A rule's regular expression, compiled the first time a post needs it:
/// start-up pays only for the expressions a run actually uses.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    /// Forms of the source for posts whose word characters are all ASCII,
    /// best first (the first that compiles is used): [`ascii_mode`] over
    /// [`ascii_classes`], then [`ascii_classes`] alone. Empty when the
    /// source has nothing either would change.
    ascii_sources: Vec<String>,
    /// The source names an emoji mark (U+FE0F…), so it must see the post
    /// as written rather than with its emoji marks masked.
    reads_emoji_marks: bool,
    compiled: Tiered,
    /// The source as a [`StartScan`], built the first time a post needs the
    /// Unicode form: there it replaces the meta regex, whose lazy DFA gives
    /// up on a Unicode `\b` at the first non-ASCII byte.
    scan: std::sync::OnceLock<Option<StartScan>>,
    /// An ASCII form compiled, for posts whose word characters are all
    /// ASCII: there it matches exactly the same, but its automaton is a
    /// fraction of the size and the regex engine can use its fast DFA (a
    /// Unicode `\b` makes it fall back to a backtracker on any non-ASCII
    /// text, emoji included).
    ascii: Tiered,
    /// For case-insensitive expressions: the ASCII form without the `i`
    /// flag, its letters lower-cased ([`ascii_folded`]), run on the post
    /// lower-cased. Literal words stay literals instead of a class per
    /// letter: a fraction of the compiling, and sharper literal prefilters.
    folded_source: Option<String>,
    folded: Tiered,
    /// The literals every match of `folded_source` starts with: until it is
    /// compiled, a post without any of them is answered without compiling
    /// (one draft through stdin compiles only what it might match). Known
    /// from the build for the built-in packs' expressions, read off the
    /// parsed expression at its first use for others.
    folded_prefixes: std::sync::OnceLock<Option<Vec<Vec<u8>>>>,
}

impl LazyRegex {
    pub fn new(source: &str) -> Self {
        let plan = crate::builtin::regex_plan(source);
        let known = plan.is_some();
        let plan = plan.unwrap_or_else(|| regex_forms::forms(source));
        LazyRegex {
            folded_source: plan.folded_source,
            folded: Tiered::default(),
            folded_prefixes: if known {
                std::sync::OnceLock::from(plan.folded_prefixes)
            } else {
                std::sync::OnceLock::new()
            },
            source: source.to_string(),
            ascii_sources: plan.ascii_sources,
            reads_emoji_marks: source.chars().any(is_emoji_mark),
            compiled: Tiered::default(),
            scan: std::sync::OnceLock::new(),
            ascii: Tiered::default(),
        }
    }

    /// The expression as written (`/…/flags`).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled expression; `None` only if it does not compile, which the
    /// checking pass rules out for every file it checked.
    pub fn get(&self) -> Option<&Compiled> {
        self.compiled
            .get(0, |prefilter| compile(&self.source, prefilter))
    }

    /// How to search a post and the text to search (both from
    /// [`RegexText`]); matches are at the same offsets in the post.
    pub fn for_text<'t>(&self, text: &'t RegexText<'_>) -> Option<(Searcher<'_>, &'t str)> {
        if !self.reads_emoji_marks && text.ascii_fits {
            if let Some(folded) = &self.folded_source {
                let len = text.masked.len();
                let lowered = text.lowered();
                // Until it is compiled, a text without the literals every
                // match starts with is answered without compiling.
                if !self.folded.compiled() {
                    let prefixes = self
                        .folded_prefixes
                        .get_or_init(|| regex_forms::prefixes(folded));
                    if prefixes.as_deref().is_some_and(|p| rules_out(p, lowered)) {
                        return None;
                    }
                }
                if let Some(re) = self.folded.get(len, |prefilter| compile(folded, prefilter)) {
                    return Some((Searcher::Meta(re), lowered));
                }
            }
        }
        if !self.reads_emoji_marks && text.ascii_fits && !self.ascii_sources.is_empty() {
            let re = self.ascii.get(text.masked.len(), |prefilter| {
                let mut sources = self.ascii_sources.iter().chain([&self.source]);
                sources.find_map(|s| compile(s, prefilter))
            })?;
            return Some((Searcher::Meta(re), text.masked));
        }
        let haystack = if self.reads_emoji_marks {
            text.original
        } else {
            text.masked
        };
        let scan = self.scan.get_or_init(|| start_scan(&self.source));
        let searcher = match scan {
            Some(scan) => Searcher::Scan(scan),
            None => Searcher::Meta(
                self.compiled
                    .get(haystack.len(), |prefilter| compile(&self.source, prefilter))?,
            ),
        };
        Some((searcher, haystack))
    }
}

/// A post as the rules' regular expressions read it. Emoji marks that
/// follow no letter (the presentation selectors in ❤️, the joiner in 👩‍👩,
/// the keycap in 1️⃣) are word characters to Unicode `\b`, so `❤️Love`
/// would have no word boundary before `Love`; `masked` replaces them by a
/// word joiner (U+2060, also three bytes, so offsets do not move) and the
/// post's words stay words. `ascii_fits`: every word and white-space
/// character of `masked` is ASCII (see [`ascii_fits`]), so the fast ASCII
/// forms of a regex match the same.
#[derive(Debug, Clone)]
pub struct RegexText<'a> {
    pub original: &'a str,
    pub masked: &'a str,
    pub ascii_fits: bool,
    /// `masked` with ASCII letters lower-cased (same offsets), made the
    /// first time a folded expression needs it.
    lowered: std::cell::OnceCell<String>,
}

impl<'a> RegexText<'a> {
    /// The post as written and with its emoji marks masked ([`mask_emoji_marks`]).
    pub fn new(original: &'a str, masked: &'a str) -> Self {
        RegexText {
            original,
            masked,
            ascii_fits: ascii_fits(masked),
            lowered: std::cell::OnceCell::new(),
        }
    }

    fn lowered(&self) -> &str {
        self.lowered
            .get_or_init(|| self.masked.to_ascii_lowercase())
    }
}

/// Emoji presentation selectors, the zero-width joiner and the keycap mark:
/// each three bytes in UTF-8.
fn is_emoji_mark(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{200D}' | '\u{20E3}')
}

/// `text` with every emoji mark that follows no letter replaced by U+2060;
/// `None` when there is none (the common case: no copy).
pub fn mask_emoji_marks(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out: Option<String> = None;
    // Every emoji mark is three bytes starting with 0xE2 or 0xEF: look at
    // those bytes only (most posts have none: one vectorised scan).
    let mut from = 0;
    while let Some(k) = memchr::memchr2(0xE2, 0xEF, &b[from..]) {
        let i = from + k;
        from = i + 1;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let prev = text.get(..i).and_then(|before| before.chars().next_back());
        if is_emoji_mark(c) && !prev.is_some_and(char::is_alphabetic) {
            let s = out.get_or_insert_with(|| text.to_string());
            s.replace_range(i..i + c.len_utf8(), "\u{2060}");
        }
    }
    out
}

/// Whether every character Unicode counts as a word character (`\w`:
/// letters, marks, digits, connector punctuation, joiners) or as white space
/// (`\s`: the no-break space, the thin space…) is ASCII; then ASCII and
/// Unicode word boundaries, word classes and space classes agree on the
/// text. Emoji, quotation marks and other symbols may be anything.
pub fn ascii_fits(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let b = text.as_bytes();
    // Only non-ASCII chars can fail: skip ASCII in bulk and decode the
    // non-ASCII chars alone (at their lead bytes).
    let mut from = 0;
    while let Some(k) = b[from..].iter().position(|&x| x >= 0xC0) {
        let i = from + k;
        from = i + 1;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        from = i + c.len_utf8();
        if c.is_alphanumeric()
            || c.is_whitespace()
            || matches!(c,
                '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}'
                | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}' | '\u{E0100}'..='\u{E01EF}'
                | '\u{200C}' | '\u{200D}' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}'
                | '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}')
        {
            return false;
        }
    }
    true
}

/// Measures of a group of posts, for calendar rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMeasure {
    Posts,
    Platforms,
    MaxGapDays,
    MaxPostsPerDay,
    SameTextGroups,
}

impl CalendarMeasure {
    pub fn parse(name: &str) -> Option<CalendarMeasure> {
        Some(match name {
            "posts" => CalendarMeasure::Posts,
            "platforms" => CalendarMeasure::Platforms,
            "max_gap_days" => CalendarMeasure::MaxGapDays,
            "max_posts_per_day" => CalendarMeasure::MaxPostsPerDay,
            "same_text_groups" => CalendarMeasure::SameTextGroups,
            _ => return None,
        })
    }
}

/// What a finding points at when a rule says `at:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Text,
    FirstLine,
    FirstSentence,
    Items(Measure),
}

impl Target {
    pub fn parse(s: &str) -> Option<Target> {
        Some(match s {
            "text" => Target::Text,
            "first_line" => Target::FirstLine,
            "first_sentence" => Target::FirstSentence,
            other => Target::Items(Measure::parse(other)?),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberSubject {
    Platform,
    Lang,
    Kind,
    Media,
    Tone,
}

#[derive(Debug, Clone)]
pub enum MemberSource {
    Literal(Vec<String>),
    Param(usize),
}

/// A compiled condition. Yes/no values are 1.0 and 0.0.
#[derive(Debug, Clone)]
pub enum Node {
    Or(Vec<Node>),
    And(Vec<Node>),
    Not(Box<Node>),
    Cmp(Box<Node>, CmpOp, Box<Node>),
    Arith(Box<Node>, ArithOp, Box<Node>),
    Const(f64),
    Param(usize),
    Measure(Measure),
    PlatformProp(String),
    Hits(usize),
    Distinct(usize),
    Has(usize),
    Caps(usize),
    Matches(usize),
    Count(usize),
    UsesName(String),
    Uses(usize),
    Min(Box<Node>, Box<Node>),
    Max(Box<Node>, Box<Node>),
    Native(usize, Vec<Node>),
    /// Calendar level: a measure of the group of posts.
    CalendarMeasure(CalendarMeasure),
    /// Calendar level: share of posts for which per-post condition N holds.
    Share(usize),
    /// Calendar level: number of posts for which per-post condition N holds.
    PostsWhere(usize),
    /// Links to the domains of a list parameter, optionally only those not matching a regex.
    LinksTo(usize, Option<usize>),
    Scoped(String, Box<Node>),
    /// `some sentence (…)`, `every line (…)`
    Each {
        every: bool,
        lines: bool,
        inner: Box<Node>,
    },
    Member {
        subject: MemberSubject,
        negated: bool,
        values: MemberSource,
    },
}

impl Node {
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Node)) {
        f(self);
        match self {
            Node::Or(v) | Node::And(v) | Node::Native(_, v) => {
                v.iter_mut().for_each(|n| n.walk_mut(f))
            }
            Node::Not(a) | Node::Scoped(_, a) | Node::Each { inner: a, .. } => a.walk_mut(f),
            Node::Cmp(a, _, b) | Node::Arith(a, _, b) | Node::Min(a, b) | Node::Max(a, b) => {
                a.walk_mut(f);
                b.walk_mut(f);
            }
            _ => {}
        }
    }
}

/// Why a condition held: a span and, for lexicon hits, the entry's suggested wording.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub span: Span,
    /// From a lexicon or regex match (a fix may replace it), not a counted item.
    pub matched: bool,
    /// The replacement the lexicon entry offers (borrowed from the rule set).
    pub replacement: Option<&'a str>,
}

/// The part of the post a condition reads.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub span: Span,
    /// Links, hashtags and mentions are left out.
    pub body: bool,
}

/// Everything about one post that conditions read.
pub struct Context<'a> {
    pub text: &'a str,
    /// Sentences, split the first time a condition reads them (most posts
    /// never need them, and splitting is the costliest part of the analysis).
    pub sentences: std::cell::OnceCell<Vec<postlint_text::Sentence>>,
    /// The first sentence alone (the fold rules read only this), split
    /// only as far as needed.
    pub first_sentence: std::cell::OnceCell<Option<postlint_text::Sentence>>,
    /// The text as the regexes read it.
    pub regex_text: RegexText<'a>,
    /// Whole-post counts already computed, in the order of [`Measure::COUNTS`].
    pub measured: [std::cell::Cell<Option<f64>>; Measure::COUNTS.len()],
    pub analysis: &'a Analysis,
    pub platform: &'a Platform,
    pub lang: &'a str,
    pub kind: Kind,
    pub media: Option<bool>,
    pub reply_delay: Option<f64>,
    pub length: usize,
    /// Hits per lexicon index (after negation/quote filtering).
    pub hits: &'a LexiconHits,
    pub lexicons: &'a [crate::LexiconInfo],
    pub regexes: &'a [LazyRegex],
    pub principles_used: &'a [bool],
    pub natives: &'a [Box<dyn NativeFunction>],
    /// The message a reply answers, when it is known.
    pub reply_to: Option<&'a Context<'a>>,
}

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

/// Evaluates nodes for one rule (its parameter values) and collects evidence.
pub struct Evaluator<'a, 'c> {
    pub ctx: &'c Context<'a>,
    pub params: &'c [ParamValue],
    pub evidence: Vec<Evidence<'a>>,
    pub match_count: usize,
    /// The severity of the `when` clause that held, once one has.
    pub severity: Option<Severity>,
    /// Only the truth of the condition is read (principle signals, calendar
    /// predicates), never its evidence: `matches()` stops at the first match.
    pub yes_no_only: bool,
}

/// The host of a link, lower-cased, without `www.`.
fn link_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    host.trim_start_matches("www.")
}

/// Whether `host` (from [`link_host`]) is `domain` or one of its
/// subdomains, ignoring ASCII case and a leading `www.` of the domain.
fn on_domain(host: &str, domain: &str) -> bool {
    let d = domain.trim().trim_start_matches("www.").as_bytes();
    let h = host.as_bytes();
    match h.len().checked_sub(d.len()) {
        Some(0) => h.eq_ignore_ascii_case(d),
        Some(dot) => h[dot - 1] == b'.' && h[dot..].eq_ignore_ascii_case(d),
        None => false,
    }
}

/// A comparison of two numbers; anything compared with an unknown (NaN) is false.
pub(crate) fn compare(a: f64, op: CmpOp, b: f64) -> bool {
    match op {
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
    }
}

/// Arithmetic; a ratio over nothing is nothing: 0 words of 0 is not a majority.
pub(crate) fn arith(a: f64, op: ArithOp, b: f64) -> f64 {
    match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div if b == 0.0 => 0.0,
        ArithOp::Div => a / b,
    }
}

/// Fill `{name}` placeholders of a message: `value(name, out)` writes the
/// value of `name` to `out`, or returns false for an unknown name, which
/// stays as written.
pub(crate) fn fill_template(t: &str, mut value: impl FnMut(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = memchr::memchr(b'}', after.as_bytes()) else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        if !value(name, &mut out) {
            out.push('{');
            out.push_str(name);
            out.push('}');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

pub(crate) fn truth(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}

impl Context<'_> {
    pub fn sentences(&self) -> &[postlint_text::Sentence] {
        self.sentences
            .get_or_init(|| postlint_text::sentences_of(self.text, self.analysis))
    }

    pub fn first_sentence(&self) -> Option<postlint_text::Sentence> {
        *self
            .first_sentence
            .get_or_init(|| match self.sentences.get() {
                Some(all) => all.first().copied(),
                None => postlint_text::first_sentence_of(self.text, self.analysis),
            })
    }
}

impl<'a, 'c> Evaluator<'a, 'c> {
    pub fn new(ctx: &'c Context<'a>, params: &'c [ParamValue]) -> Self {
        Evaluator {
            ctx,
            params,
            evidence: Vec::new(),
            match_count: 0,
            severity: None,
            yes_no_only: false,
        }
    }

    /// An evaluator whose evidence and match count nobody reads.
    pub fn yes_no(ctx: &'c Context<'a>, params: &'c [ParamValue]) -> Self {
        Evaluator {
            yes_no_only: true,
            ..Self::new(ctx, params)
        }
    }

    pub fn whole(&self) -> Scope {
        Scope {
            span: Span::new(0, self.ctx.text.len()),
            body: false,
        }
    }

    pub fn holds(&mut self, node: &Node, scope: Scope) -> bool {
        self.eval(node, scope) != 0.0
    }

    fn keep_if(&mut self, mark: usize, keep: bool) {
        if !keep {
            self.evidence.truncate(mark);
        }
    }

    pub fn eval(&mut self, node: &Node, scope: Scope) -> f64 {
        match node {
            Node::Or(parts) => {
                for p in parts {
                    let mark = self.evidence.len();
                    if self.eval(p, scope) != 0.0 {
                        return 1.0;
                    }
                    self.evidence.truncate(mark);
                }
                0.0
            }
            Node::And(parts) => {
                let mark = self.evidence.len();
                for p in parts {
                    if self.eval(p, scope) == 0.0 {
                        self.evidence.truncate(mark);
                        return 0.0;
                    }
                }
                1.0
            }
            Node::Not(inner) => {
                let mark = self.evidence.len();
                let v = self.eval(inner, scope);
                self.evidence.truncate(mark);
                truth(v == 0.0)
            }
            Node::Cmp(l, op, r) => {
                let mark = self.evidence.len();
                let ok = compare(self.operand(l, scope), *op, self.operand(r, scope));
                self.keep_if(mark, ok);
                truth(ok)
            }
            Node::Arith(l, op, r) => arith(self.operand(l, scope), *op, self.operand(r, scope)),
            Node::Const(_) | Node::Param(_) => self.operand(node, scope),
            Node::Measure(m) => self.measure(*m, scope),
            Node::PlatformProp(p) => {
                let pl = self.ctx.platform;
                match p.as_str() {
                    "limit" => pl.limit as f64,
                    "fold" => pl.fold as f64,
                    "hashtag_max" => pl.hashtag_max as f64,
                    "hashtag_advice" => pl.hashtag_advice as f64,
                    "max_bytes" => pl.max_bytes as f64,
                    "max_links" => pl.max_links as f64,
                    "links_clickable" => truth(pl.links_clickable),
                    _ => 0.0,
                }
            }
            Node::Hits(l) => self.hits(*l, scope, false) as f64,
            Node::Has(l) => truth(self.hits(*l, scope, false) > 0),
            Node::Caps(l) => self.hits(*l, scope, true) as f64,
            Node::Distinct(l) => {
                self.hits(*l, scope, false);
                self.distinct_entries(*l, scope) as f64
            }
            Node::Matches(r) if self.yes_no_only && !scope.body => {
                let re = self
                    .ctx
                    .regexes
                    .get(*r)
                    .and_then(|re| re.for_text(&self.ctx.regex_text));
                // `find`, not `is_match`: for regexes with Unicode `\b` on
                // non-ASCII text, `is_match` falls back to the (slower) PikeVM.
                truth(re.is_some_and(|(re, text)| {
                    text.get(scope.span.start..scope.span.end)
                        .is_some_and(|t| re.find(t).is_some())
                }))
            }
            // Without evidence (in a body too, where matches inside links
            // and tags are passed over), the first match decides.
            Node::Matches(r) => truth(self.regex(*r, scope, self.yes_no_only) > 0),
            Node::Count(r) => self.regex(*r, scope, false) as f64,
            Node::Uses(i) | Node::Native(i, _) if *i == usize::MAX => 0.0,
            Node::CalendarMeasure(_) | Node::Share(_) | Node::PostsWhere(_) => 0.0,
            Node::Uses(i) => truth(self.ctx.principles_used.get(*i).copied().unwrap_or(false)),
            Node::UsesName(_) => 0.0,
            Node::Min(a, b) => self.operand(a, scope).min(self.operand(b, scope)),
            Node::Max(a, b) => self.operand(a, scope).max(self.operand(b, scope)),
            Node::Native(i, args) => self.native(*i, args, scope),
            Node::LinksTo(param, filter) => self.links_to(*param, *filter, scope),
            Node::Scoped(name, inner) if name == "reply_to" => {
                // Another text: its truth counts, its evidence (spans in
                // that text) does not.
                let Some(reply) = self.ctx.reply_to else {
                    return 0.0;
                };
                let mut ev = Evaluator::yes_no(reply, self.params);
                let whole = ev.whole();
                ev.eval(inner, whole)
            }
            Node::Scoped(name, inner) => {
                let s = self.scope(name);
                self.eval(inner, s)
            }
            Node::Each {
                every,
                lines,
                inner,
            } => self.each(*every, *lines, inner, scope),
            Node::Member {
                subject,
                negated,
                values,
            } => self.member(*subject, *negated, values),
        }
    }

    /// The value of an operand: constants and parameters without a call
    /// of [`Evaluator::eval`] (most comparisons have one).
    #[inline]
    fn operand(&mut self, node: &Node, scope: Scope) -> f64 {
        match node {
            Node::Const(n) => *n,
            Node::Param(i) => match self.params.get(*i) {
                Some(ParamValue::Num(n)) => *n,
                Some(ParamValue::Bool(b)) => truth(*b),
                _ => 0.0,
            },
            _ => self.eval(node, scope),
        }
    }

    // The rarer nodes, out of line: `eval` stays small and cheap to call.

    #[inline(never)]
    fn native(&mut self, i: usize, args: &[Node], scope: Scope) -> f64 {
        let values: Vec<f64> = args.iter().map(|a| self.eval(a, scope)).collect();
        let Some(f) = self.ctx.natives.get(i) else {
            return 0.0;
        };
        let text = self
            .ctx
            .text
            .get(scope.span.start..scope.span.end)
            .unwrap_or("");
        f.call(&NativeInput {
            text,
            lang: self.ctx.lang,
            platform: &self.ctx.platform.id,
            args: &values,
        })
    }

    #[inline(never)]
    fn links_to(&mut self, param: usize, filter: Option<usize>, scope: Scope) -> f64 {
        let domains: &[String] = match self.params.get(param) {
            Some(ParamValue::List(l)) => l,
            _ => &[],
        };
        let mut n = 0;
        for e in self
            .ctx
            .analysis
            .entities_of(EntityKind::Url)
            .filter(|e| scope.span.contains(e.span) && !scope.body)
        {
            let url = e.value(self.ctx.text);
            let host = link_host(url);
            let ours = domains.iter().any(|d| on_domain(host, d));
            let kept = match filter
                .and_then(|r| self.ctx.regexes.get(r))
                .and_then(LazyRegex::get)
            {
                Some(re) => !re.is_match(url),
                None => true,
            };
            if ours && kept {
                self.evidence.push(Evidence {
                    span: e.span,
                    matched: false,
                    replacement: None,
                });
                n += 1;
            }
        }
        n as f64
    }

    /// How many different entries of lexicon `l` the post has in `scope`.
    fn distinct_entries(&self, l: usize, scope: Scope) -> usize {
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

    #[inline(never)]
    fn each(&mut self, every: bool, lines: bool, inner: &Node, scope: Scope) -> f64 {
        let ctx = self.ctx;
        let line_parts = lines.then(|| {
            ctx.analysis.lines.iter().copied().filter(move |l| {
                scope.span.contains(*l) && !ctx.text[l.start..l.end].trim().is_empty()
            })
        });
        let sentence_parts = (!lines).then(|| {
            ctx.sentences()
                .iter()
                .map(|s| s.span)
                .filter(move |s| scope.span.contains(*s))
        });
        let parts = line_parts.into_iter().flatten();
        for s in parts.chain(sentence_parts.into_iter().flatten()) {
            let mark = self.evidence.len();
            let v = self.eval(
                inner,
                Scope {
                    span: s,
                    body: scope.body,
                },
            ) != 0.0;
            if every && !v {
                self.evidence.truncate(mark);
                return 0.0;
            }
            if !every && v {
                return 1.0;
            }
            if !v {
                self.evidence.truncate(mark);
            }
        }
        truth(every)
    }

    #[inline(never)]
    fn member(&self, subject: MemberSubject, negated: bool, values: &MemberSource) -> f64 {
        let list: &[String] = match values {
            MemberSource::Literal(v) => v,
            MemberSource::Param(i) => match self.params.get(*i) {
                Some(ParamValue::List(l)) => l,
                Some(ParamValue::Text(t)) => std::slice::from_ref(t),
                _ => &[],
            },
        };
        let actual = match subject {
            MemberSubject::Platform => self.ctx.platform.id.as_str(),
            MemberSubject::Lang => self.ctx.lang,
            MemberSubject::Kind => self.ctx.kind.as_str(),
            MemberSubject::Media => match self.ctx.media {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            },
            MemberSubject::Tone => self.ctx.platform.tone.as_str(),
        };
        truth(list.iter().any(|v| v == actual) != negated)
    }

    pub fn scope(&self, name: &str) -> Scope {
        let a = self.ctx.analysis;
        let whole = self.whole();
        match name {
            "first_line" => Scope {
                span: a
                    .lines
                    .iter()
                    .copied()
                    .find(|l| !self.ctx.text[l.start..l.end].trim().is_empty())
                    .unwrap_or(whole.span),
                body: false,
            },
            "first_sentence" => Scope {
                span: self
                    .ctx
                    .first_sentence()
                    .map(|s| s.span)
                    .unwrap_or(whole.span),
                body: false,
            },
            "before_fold" => {
                let fold = self.ctx.platform.fold;
                let end = if fold == 0 {
                    self.ctx.text.len()
                } else {
                    self.ctx
                        .text
                        .char_indices()
                        .nth(fold)
                        .map_or(self.ctx.text.len(), |(i, _)| i)
                };
                Scope {
                    span: Span::new(0, end),
                    body: false,
                }
            }
            "body" => Scope {
                span: whole.span,
                body: true,
            },
            _ => whole,
        }
    }

    fn in_scope(&self, lexicon: usize, scope: Scope) -> impl Iterator<Item = &'a Hit> + '_ {
        let hits: &'a [Hit] = self.ctx.hits.of(lexicon);
        hits.iter().filter(move |h| scope.span.contains(h.span))
    }

    fn hits(&mut self, lexicon: usize, scope: Scope, caps_only: bool) -> usize {
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

    /// Matches of regex `r` in `scope` (outside entities in a body), each
    /// kept as evidence; with `first_only`, at most one.
    fn regex(&mut self, r: usize, scope: Scope, first_only: bool) -> usize {
        let Some((re, text)) = self
            .ctx
            .regexes
            .get(r)
            .and_then(|re| re.for_text(&self.ctx.regex_text))
        else {
            return 0;
        };
        let Some(text) = text.get(scope.span.start..scope.span.end) else {
            return 0;
        };
        let mut n = 0;
        for m in re.find_iter(text) {
            let span = Span::new(scope.span.start + m.start(), scope.span.start + m.end());
            if scope.body
                && self
                    .ctx
                    .analysis
                    .entities
                    .iter()
                    .any(|e| e.span.start < span.end && span.start < e.span.end)
            {
                continue;
            }
            self.evidence.push(Evidence {
                span,
                matched: true,
                replacement: None,
            });
            n += 1;
            if first_only {
                break;
            }
        }
        self.match_count += n;
        n
    }

    /// Spans of the items a measure counts, in scope.
    pub fn items(&self, m: Measure, scope: Scope) -> Vec<Span> {
        let mut out = Vec::new();
        each_item(self.ctx, m, scope, |s| out.push(s));
        out
    }

    fn measure(&mut self, m: Measure, scope: Scope) -> f64 {
        let whole = scope.span.start == 0 && scope.span.end == self.ctx.text.len() && !scope.body;
        // Counts over the whole post that leave no evidence are the same for
        // every rule that reads them (`numbers >= 1` guards many): count once.
        let slot = Measure::COUNTS
            .iter()
            .position(|c| *c == m)
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
            items => {
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
        _ => return,
    };
    if !scope.body {
        a.entities_of(kind)
            .map(|e| e.span)
            .filter(inside)
            .for_each(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regex_forms::{ascii_classes, ascii_folded, ascii_mode};

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

    #[test]
    fn links_are_on_a_domain_or_its_subdomains() {
        let on = |url: &str, domain: &str| on_domain(link_host(url), domain);
        assert!(on("https://www.Example.com/a", "example.com"));
        assert!(on("shop.example.com/x?y", " www.EXAMPLE.com "));
        assert!(on("http://a.b.example.com:8080", "example.com"));
        assert!(!on("https://badexample.com", "example.com"));
        assert!(!on("https://example.com.evil.org/", "example.com"));
        assert!(!on("https://com", "example.com"));
        assert!(
            !on("https://café.nl/menu", "CAFÉ.nl"),
            "only ASCII case is ignored"
        );
        assert!(on("https://café.nl/menu", "café.nl"));
    }

    #[test]
    fn ascii_classes_match_like_unicode_ones_on_ascii_words() {
        let patterns = [
            r"/(?i)\bso\s+(that|you)\b/",
            r"/\bcafe\b/",
            r"/(?i)\b\d+\s+(\w+\s+)?tips\b/",
            r"/\Bing\b/",
            r"/a\\b/",
            r"/(?i)[\p{Ll},]\s+\p{Lu}[\p{L}&]+\s\w+\b/",
            r"/\A\s*\d+\s+\p{L}+(?:[\s-]+\p{L}+)?\s+(?:that|to)\b/i",
            r"/[^\w\s][]\d]\p{Greek}\pL/",
            // ASCII mode: letters fold within ASCII; `\s`, `.`, negated
            // classes and non-ASCII literals keep Unicode.
            r"/(?i)\bso\s+(?:sk|ks)i\b/",
            r#"/(?i)(?:comment|typ)\s+["“'‘]?(yes|ja)\b/"#,
            r"/(?i)\bu had\b[^.!?\n]{0,60}?\bmoeten\b/",
            r"/(?i)\d\s*(\/\s*(5|10)|★|⭐).x/",
            r"/(?i)ideeën|[\s-]café[[:alpha:]]\x{E9}\u00E9/",
            // Folded forms: literals lower-cased, run on the lower-cased post.
            r"/(?i)\b(Only|JUST)\s+\d+\s+(\w+\s+){0,3}(Left|remaining)\b/",
            r"/\bsale\s+\S+\s+ends\b/i",
            r"/(?i)\A\s*[A-Za-z]+\s+[.,]\s*(?:Ok|no)\b/",
            r"/(?i)\bnog\s+[A-Z]+\b/",
            r"/(?i)sale(?-i:Now)|(?i:yes)\b/",
        ];
        let texts = [
            "So that you know 😂",
            "5 quick tips 🎉 for cafe owners",
            "Singing 👩‍👩 today",
            "cafe\u{301} au lait",
            "a\\b",
            "Ça va, 3 tips",
            "I ❤\u{fe0f}cafe and 1\u{fe0f}\u{20e3}tips, so you",
            "Ça ❤\u{fe0f}cafe",
            "great, Acme Corp study 2024",
            "great, Kelvin \u{212a}elvin ſo study",
            "  12 ways to win 🎉",
            "É 12 ways to win",
            "!]7 x",
            "so\u{a0}SKI or so ski, comment “yes”, typ \u{2018}ja",
            "U had het echt\u{2009}moeten weten",
            "4/5 ⭐⭐ ax 4 ★ bx",
            "ideeËn, \u{a0}café x, Ideeën",
            "so ſki, \u{212a}s",
            "so SKI or so\tski, comment “yes”, typ \u{2018}ja",
            "U had het echt moeten weten",
            "Only 3 seats LEFT! just 12 more tickets remaining, ONLY 1 left",
            "SALE x ENDS now, sale 50% ends",
            "  Hello , ok then; Hi, NO",
            "nog ABC, NOG dEf",
            "SaleNow yes YES salenow",
        ];
        for p in patterns {
            let lazy = LazyRegex::new(p);
            for t in texts {
                let masked = mask_emoji_marks(t);
                let masked = masked.as_deref().unwrap_or(t);
                assert_eq!(masked.len(), t.len());
                let text = RegexText::new(t, masked);
                // The reference: Unicode boundaries on the masked text.
                let unicode: Vec<_> = lazy
                    .get()
                    .map(|r| r.find_iter(masked).map(|m| m.range()).collect())
                    .unwrap_or_default();
                let chosen: Vec<_> = lazy
                    .for_text(&text)
                    .map(|(r, t)| r.find_iter(t).map(|m| m.range()).collect())
                    .unwrap_or_default();
                assert_eq!(unicode, chosen, "{p} on {t:?}");
            }
        }
        assert_eq!(
            ascii_classes(r"/\bx\\b/").as_deref(),
            Some(r"/(?-u:\b)x\\b/")
        );
        assert_eq!(
            ascii_classes(r"/[]\w]\p{Lu}\p{Greek}\d/").as_deref(),
            Some(r"/[]0-9A-Za-z_][A-Z]\p{Greek}[0-9]/")
        );
        assert_eq!(ascii_classes(r"/\s+x/"), None);
        assert_eq!(
            ascii_mode(r"/a.[^b][c\s][de]\s\p{L}\pL\x{E9}\n\//i").as_deref(),
            Some(r"/(?-u)a(?u:.)(?u:[^b])(?u:[c\s])[de]\s(?u:\p{L})(?u:\pL)(?u:\x{E9})\n\//i")
        );
        assert_eq!(
            ascii_mode("/[]a]x[[:alpha:]]/").as_deref(),
            Some("/(?-u)[]a]x[[:alpha:]]/")
        );
        assert_eq!(ascii_mode("/a b/x"), None);
        assert_eq!(ascii_mode("/(?ix)a b/"), None);
        assert_eq!(ascii_mode("/[a/"), None);
        let folded = |p: &str| ascii_mode(p).as_deref().and_then(ascii_folded);
        assert_eq!(
            folded(r"/(?i)\bOnly\s+[0-9A-Za-z_]+\S\A[.,\s]/").as_deref(),
            Some(r"/(?-u)\bonly\s+[0-9A-Za-z_]+\S\A(?u:[.,\s])/")
        );
        assert_eq!(
            folded("/Yes(?-u:\\b)/im").as_deref(),
            Some("/(?-u)yes(?-u:\\b)/m")
        );
        assert_eq!(folded("/Yes/"), None, "case-sensitive");
        assert_eq!(folded("/(?i)[A-Z]x/"), None, "upper case only");
        assert_eq!(
            folded("/(?i)a(?-i:B)/"),
            None,
            "another group names the flag"
        );
        assert_eq!(folded("/(?i)\\p{Greek}/"), None);
        assert!(!ascii_fits("Ça va"));
        assert!(ascii_fits("So 😂 good!"));
        assert!(
            !ascii_fits("So\u{a0}good"),
            "a no-break space is white space to Unicode"
        );
        assert!(
            !ascii_fits("I ❤\u{fe0f} it"),
            "a variation selector is a word character to Unicode"
        );
    }

    #[test]
    fn both_tiers_match_the_same_and_the_tuned_one_takes_over() {
        let source = r"/(?i)\b(only|just)\s+\d+\s+(\w+\s+){0,3}(left|remaining)\b/";
        let re = LazyRegex::new(source);
        let text = "Only 3 seats left! just 12 more tickets remaining, ONLY 1 left";
        let quick: Vec<_> = re
            .get()
            .map(|r| r.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default();
        assert_eq!(quick.len(), 3);
        assert!(
            re.compiled.tuned.get().is_none(),
            "a few searches stay on the quick tier"
        );
        for _ in 0..WARM_UP {
            re.get();
        }
        assert!(re.compiled.tuned.get().is_some_and(Option::is_some));
        let tuned: Vec<_> = re
            .get()
            .map(|r| r.find_iter(text).map(|m| m.range()).collect())
            .unwrap_or_default();
        assert_eq!(quick, tuned);
        assert!(compile("/x/q", false).is_none(), "unknown flag");
        // A long text goes to the tuned tier (lazy DFA) at once.
        let long = LazyRegex::new(source);
        let text = "only 2 left ".repeat(QUICK_TEXT_MAX / 10);
        let regex_text = RegexText::new(&text, &text);
        assert!(regex_text.ascii_fits);
        let found = long
            .for_text(&regex_text)
            .map(|(r, t)| r.find_iter(t).count());
        let reference = long.get().map(|r| r.find_iter(text.as_str()).count());
        assert!(found.is_some_and(|n| n > 100));
        assert_eq!(found, reference);
        assert!(long.folded.tuned.get().is_some_and(Option::is_some));
        assert!(long.folded.quick.get().is_none());
    }

    #[test]
    fn a_text_without_the_literals_a_match_starts_with_needs_no_compiling() {
        let prefixes = |p: &str| {
            let mut found = regex_forms::prefixes(p).unwrap_or_default();
            found.sort();
            found
                .iter()
                .map(|l| String::from_utf8_lossy(l).into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            prefixes(r"/(?-u)(?-u:\b)(only|just)\s+\d+/"),
            ["just", "only"]
        );
        assert_eq!(
            prefixes(r"/(?-u)(?-u:\b)(?:tips|ways) for/"),
            ["tips", "ways"]
        );
        assert_eq!(prefixes(r"/(?-u)\d+ left/").len(), 10, "one per digit");
        assert_eq!(
            prefixes(r"/(?-u)nog\s+\d+/m").len(),
            6,
            "`nog` and a space each"
        );
        assert!(
            regex_forms::prefixes(r"/(?-u)\w+ing/").is_none(),
            "a class of 63 bytes"
        );
        assert!(
            regex_forms::prefixes(r"/(?-u)a*b?/").is_none(),
            "matches the empty string"
        );
        assert!(regex_forms::prefixes("/(/").is_none(), "does not parse");
        assert!(regex_forms::prefixes("/a/q").is_none(), "unknown flag");
        let only = regex_forms::prefixes(r"/(?-u)(?-u:\b)(only|just)\s+\d+/").unwrap_or_default();
        assert!(rules_out(&only, "nothing to see"));
        assert!(!rules_out(&only, "we are just 3"));
        // The built-in packs' expressions come with their plans from the build.
        for (source, plan) in crate::builtin::regex_plans() {
            assert_eq!(plan, regex_forms::plan(&source), "{source}");
        }
        assert!(crate::builtin::regex_plans().count() >= 10);

        let re = LazyRegex::new(r"/(?i)\b(only|just)\s+\d+\s+left\b/");
        let search = |t: &str| {
            let text = RegexText::new(t, t);
            re.for_text(&text)
                .map(|(r, t)| r.find_iter(t).map(|m| m.range()).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        assert!(search("Nothing for sale here, 3 left").is_empty());
        assert!(!re.folded.compiled(), "ruled out without compiling");
        let found = search("Hurry: ONLY 3 left");
        assert_eq!((found.len(), found.first()), (1, Some(&(7..18))));
        assert!(re.folded.compiled());
        assert!(search("Nothing for sale here").is_empty());
    }

    #[test]
    fn emoji_marks_are_masked_unless_they_follow_a_letter() {
        let t = "I ❤\u{fe0f}Love 👩\u{200d}👩 1\u{fe0f}\u{20e3} e\u{200d}x";
        let masked = mask_emoji_marks(t).unwrap_or_default();
        assert_eq!(masked.len(), t.len());
        assert_eq!(masked.matches('\u{2060}').count(), 4);
        assert!(
            masked.ends_with("e\u{200d}x"),
            "a joiner after a letter stays"
        );
        assert!(ascii_fits(&masked[..masked.len() - 5]));
        assert_eq!(mask_emoji_marks("plain café 😂"), None);
        // `\bLove` finds the word after the emoji, as a reader would.
        let re = LazyRegex::new(r"/\bLove\b/");
        let text = RegexText::new(t, &masked);
        assert!(
            !text.ascii_fits,
            "the joiner after `e` stays a word character"
        );
        assert!(re.for_text(&text).is_some_and(|(r, s)| r.find(s).is_some()));
        assert!(!re.get().is_some_and(|r| r.is_match(t)));
        // An expression that names an emoji mark reads the post as written.
        let heart = LazyRegex::new("/❤\u{fe0f}/");
        assert!(heart
            .for_text(&text)
            .is_some_and(|(r, s)| r.find(s).is_some()));
    }
}
