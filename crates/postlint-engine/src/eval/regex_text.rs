//! A rule's regular expressions: compiled lazily in tiers, in ASCII and
//! case-folded forms where those match the same, searched over a post whose
//! emoji marks are masked. Nothing here knows about rules or measures.

use crate::regex_forms;
use crate::regex_search::StartScan;

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
        // A tier that does not compile (a size limit one tier meets and the
        // other does not) falls back to the other: the same post must never
        // match on one run and not on the next.
        let tuned = || self.tuned.get_or_init(|| compile(true)).as_ref();
        let quick = || self.quick.get_or_init(|| compile(false)).as_ref();
        if uses >= WARM_UP || len > QUICK_TEXT_MAX {
            tuned().or_else(quick)
        } else {
            quick().or_else(tuned)
        }
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
            });
            // No ASCII form compiles: the plain expression below matches the same.
            if let Some(re) = re {
                return Some((Searcher::Meta(re), text.masked));
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regex_forms::{ascii_classes, ascii_folded, ascii_mode};

    /// A tier that fails to compile falls back to the other, both ways:
    /// a failure is never read as "no match".
    #[test]
    fn a_tier_that_does_not_compile_falls_back_to_the_other() {
        let only_tuned = |prefilter: bool| prefilter.then(|| compile("/sale/", true)).flatten();
        let tiered = Tiered::default();
        assert!(
            tiered.get(10, only_tuned).is_some(),
            "quick fails: tuned is used"
        );
        let only_quick = |prefilter: bool| (!prefilter).then(|| compile("/sale/", false)).flatten();
        let tiered = Tiered::default();
        assert!(
            tiered.get(QUICK_TEXT_MAX + 1, only_quick).is_some(),
            "tuned fails: quick is used"
        );
        let neither = |_: bool| None;
        assert!(Tiered::default().get(10, neither).is_none());
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
