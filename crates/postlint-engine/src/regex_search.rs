//! Searching with a Unicode word boundary (`\b`) on posts with non-ASCII
//! letters, without the regex engine's whole-text fallback.
//!
//! The meta regex's lazy DFA only handles a Unicode `\b` while the text is
//! ASCII: at the first non-ASCII byte it gives up and the meta regex runs the
//! whole search again with its backtracker or PikeVM, from the start of the
//! text, trying every position (its quick tier, without prefilter and lazy
//! DFA, does so from the outset). On a post of 600 bytes that is hundreds of
//! thousands of instructions per expression.
//!
//! [`StartScan`] finds the same matches by trying only the positions where a
//! match can start: those whose byte can begin one (the expression's first
//! bytes, read off its automaton: usually a digit or a few letters) and,
//! when every way into the expression passes a `\b`, that are at a word
//! boundary. At each such position, leftmost first, it runs the lazy DFA
//! anchored there, which stops as soon as the expression can no longer
//! match (a few bytes, mostly); the lazy DFA gives up only where the match
//! would have to read a non-ASCII byte (or the byte before the position is
//! one), and there the PikeVM, anchored at the same position, decides.
//!
//! This is exact: leftmost-first matching returns, of the positions where
//! an anchored match exists, the leftmost one, with the match the expression
//! prefers there; every position skipped cannot start a match; and the
//! anchored search sees the whole text, so look-around at the candidate
//! (`\b`) reads the character before it as the unanchored search would.

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::{self, pikevm::PikeVM, State, NFA};
use regex_automata::util::look::Look;
use regex_automata::util::pool::Pool;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, Match};

type CachePool =
    Pool<thompson::pikevm::Cache, Box<dyn Fn() -> thompson::pikevm::Cache + Send + Sync>>;
type DfaCachePool = Pool<DfaCache, Box<dyn Fn() -> DfaCache + Send + Sync>>;

/// An expression searched by trying only the positions where a match can
/// start; see the module documentation.
pub struct StartScan {
    pikevm: PikeVM,
    /// Per thread scratch space of the PikeVM.
    caches: CachePool,
    /// The same automaton as a lazy DFA that quits at non-ASCII bytes
    /// (where a Unicode `\b` would need the whole character).
    dfa: DFA,
    dfa_caches: DfaCachePool,
    /// `first[b]`: a match can start with byte `b`.
    first: [bool; 256],
    /// Every path into the expression passes a Unicode `\b` before its first
    /// byte, so a match can only start at a Unicode word boundary.
    boundary: bool,
    /// The expression starts with `\A`: only the start of the text can start
    /// a match.
    anchored: bool,
}

impl std::fmt::Debug for StartScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartScan")
            .field("first_bytes", &self.first.iter().filter(|&&b| b).count())
            .field("boundary", &self.boundary)
            .field("anchored", &self.anchored)
            .finish()
    }
}

impl StartScan {
    /// The expression `body` (with the syntax `config`) as a start scan, or
    /// `None` when it does not need one or cannot have one: it has no
    /// Unicode `\b` (`\B`) assertion, so the lazy DFA never gives up on it;
    /// it can match the empty string (every position would be a candidate);
    /// or it does not compile within `size_limit`.
    pub fn new(body: &str, config: syntax::Config, size_limit: usize) -> Option<StartScan> {
        let pikevm = PikeVM::builder()
            .syntax(config)
            .thompson(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .which_captures(thompson::WhichCaptures::Implicit),
            )
            .build(body)
            .ok()?;
        let nfa = pikevm.get_nfa();
        if !nfa.look_set_any().contains_word_unicode() {
            return None;
        }
        let (first, boundary) = first_bytes(nfa)?;
        let anchored = nfa.is_always_start_anchored();
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .unicode_word_boundary(true)
                    .cache_capacity(size_limit),
            )
            .build_from_nfa(nfa.clone())
            .ok()?;
        let create = {
            let pikevm = pikevm.clone();
            move || pikevm.create_cache()
        };
        let create_dfa_cache = {
            let dfa = dfa.clone();
            move || dfa.create_cache()
        };
        Some(StartScan {
            pikevm,
            caches: Pool::new(Box::new(create)),
            dfa,
            dfa_caches: Pool::new(Box::new(create_dfa_cache)),
            first,
            boundary,
            anchored,
        })
    }

    /// The leftmost-first match in `haystack` that starts at `from` or
    /// later, as the meta regex would find it searching from `from`.
    pub fn find_at(&self, haystack: &str, from: usize) -> Option<Match> {
        let bytes = haystack.as_bytes();
        let look = self.pikevm.get_nfa().look_matcher();
        let mut dfa_cache = self.dfa_caches.get();
        // A match is not empty, so it starts before the end; with `\A`, at 0.
        let end = if self.anchored {
            bytes.len().min(1)
        } else {
            bytes.len()
        };
        (from..end)
            .filter(|&at| bytes.get(at).is_some_and(|&b| self.first[usize::from(b)]))
            .filter(|&at| !self.boundary || look.matches(Look::WordUnicode, bytes, at))
            .find_map(|at| {
                let input = Input::new(haystack)
                    .span(at..haystack.len())
                    .anchored(Anchored::Yes);
                match self.dfa.try_search_fwd(&mut dfa_cache, &input) {
                    Ok(end) => end.map(|end| Match::new(end.pattern(), at..end.offset())),
                    Err(_) => self.pikevm.find(&mut self.caches.get(), input),
                }
            })
    }

    /// Every match in `haystack`, as the meta regex's `find_iter` finds them.
    pub fn find_iter<'s, 'h>(&'s self, haystack: &'h str) -> ScanMatches<'s, 'h> {
        ScanMatches {
            scan: self,
            haystack,
            from: 0,
        }
    }
}

/// The matches of a [`StartScan`] in a text. Matches are never empty, so
/// each search starts where the last match ended.
#[derive(Debug)]
pub struct ScanMatches<'s, 'h> {
    scan: &'s StartScan,
    haystack: &'h str,
    from: usize,
}

impl Iterator for ScanMatches<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        let m = self.scan.find_at(self.haystack, self.from)?;
        self.from = m.end();
        Some(m)
    }
}

/// The bytes a match can start with, and whether every way to them passes a
/// Unicode `\b`; `None` if the expression can match the empty string. Read
/// off the automaton from its anchored start, through the states that
/// consume nothing (alternations, groups, assertions) to the first states
/// that consume a byte: any match that starts at a position consumes its
/// byte there through one of them. Assertions other than `\b` are passed
/// as if they held, which can only add bytes.
fn first_bytes(nfa: &NFA) -> Option<([bool; 256], bool)> {
    let mut first = [false; 256];
    let mut all_boundary = true;
    // (state, whether the path to it passed a `\b`); visited per flag.
    let mut seen = vec![[false; 2]; nfa.states().len()];
    let mut stack = vec![(nfa.start_anchored(), false)];
    while let Some((id, boundary)) = stack.pop() {
        if std::mem::replace(&mut seen[id.as_usize()][usize::from(boundary)], true) {
            continue;
        }
        let mut consume = |start: u8, end: u8| {
            all_boundary &= boundary;
            for b in start..=end {
                first[usize::from(b)] = true;
            }
        };
        match nfa.state(id) {
            State::ByteRange { trans } => consume(trans.start, trans.end),
            State::Sparse(sparse) => {
                for t in sparse.transitions.iter() {
                    consume(t.start, t.end);
                }
            }
            State::Dense(dense) => {
                for (b, next) in dense.transitions.iter().enumerate() {
                    if *next != regex_automata::util::primitives::StateID::ZERO {
                        let b = u8::try_from(b).unwrap_or(u8::MAX);
                        consume(b, b);
                    }
                }
            }
            State::Look { look, next } => {
                stack.push((*next, boundary || *look == Look::WordUnicode));
            }
            State::Capture { next, .. } => stack.push((*next, boundary)),
            State::Union { alternates } => {
                stack.extend(alternates.iter().map(|&a| (a, boundary)));
            }
            State::BinaryUnion { alt1, alt2 } => {
                stack.extend([(*alt1, boundary), (*alt2, boundary)]);
            }
            State::Fail => {}
            State::Match { .. } => return None,
        }
    }
    Some((first, all_boundary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rules' expressions with a `\b` (rules/*/*.rules) and a few more
    /// shapes: anchored, `\B`, a boundary on one branch only, non-ASCII
    /// first characters.
    const PATTERNS: [&str; 16] = [
        r"(?i)\A\s*\d+\s+\p{L}+(?:[\s-]+\p{L}+)?\s+(?:that|to|for|which|you|i|we|die|om|voor|waarmee|om)\b",
        r"(?i)\b\d+\s+(\w+\s+)?(tips|ways|tricks|steps|lessons|mistakes|ideas|rules|ideeën|regels|dingen)\b",
        r"(?i)\b\d[\d.,]*\+?\s+(?:\p{L}+[\s-]+){0,3}(?:customers|clients|reviews|klanten|van jullie|(?:\p{L}+-)?reviews)\b",
        r"\b\d([.,]\d)?\s*(/\s*(5|10)|★|⭐)",
        r"(?i)\b(only|just)\s+\d+\s+(\w+\s+){0,3}(left|remaining|available)\b",
        r"(?i)\bnog\s+(maar\s+)?\d+\s+(plaatsen|plekken|stuks|tickets|\w+(taarten|dozen))\b",
        r"(?i)\b(until|till|before|by|ends?|t/m|tot en met|vóór|uiterlijk)\s+(on\s+|op\s+)?(monday|friday|vandaag|today)\b",
        r"(?i)\b(?:pl+e{2,}a+s+e+|pl+e+a+s+e{3,}|a(?:l)?s(?:je|tu)blie+f+t+(?:\s*[,!]?\s*a(?:l)?s(?:je|tu)blie+f+t+)+)\b",
        r#"(?i)\b(comment|type|reply|typ|reageer met)\s+["“'‘]?(yes|ja|1)\b"#,
        r"(?i)\b(?:(?:u|je|jij) had|had (?:u|je|jij))\b[^.!?\n]{0,60}?\b(?:moeten|kunnen)\b",
        r"(?i:\b(?:source|bron)\s*:)|(?i:\b(?:according to|volgens))\s+\w+",
        r"\Bing\b|é\w*",
        r"(?:\b|x)\d+",
        r"\bÉté\b|\b\w+ë\w*\b",
        r"(?i)(?:,|^|[.!?:]\s|\n)\s*so\s+(?:that|you|don’t)\b",
        r"(?m)^\s*\d+\b",
    ];

    const TEXTS: [&str; 12] = [
        "5 quick tips 🎉 for café owners, 3 ideeën",
        "Only 3 seats left! just 12 more tickets remaining, ONLY 1 left",
        "Nog maar 5 plekken! Tot en met vrijdag, vóór vandaag 10\u{a0}tips",
        "4.5/5 ⭐⭐ from 1.200+ tevreden klanten, 4,5 ★ 3 / 10",
        "É 12 ways to win — été, Été 2024; naïeve 7\u{a0}ideeën",
        "٣ tips, 3\u{301} tips, x3 tips, e\u{301}3 tips, ³ rules, 3ème",
        "pleeeease asjeblieft, alstublieft! asjeblieeeft 😂 please",
        "comment “yes” or typ ‘ja’ — reageer met 1\u{2060}❤️",
        "Je had het moeten weten. U had écht\u{2009}kunnen komen",
        "According to Zoë, source: bron: volgens één studie",
        "Singing 👩\u{200d}👩 today, so that you know.\n  42 so don’t\n7 x",
        "",
    ];

    fn meta(pattern: &str) -> regex_automata::meta::Regex {
        regex_automata::meta::Regex::new(pattern).expect("pattern compiles")
    }

    fn scan(pattern: &str) -> Option<StartScan> {
        StartScan::new(pattern, syntax::Config::new(), 1 << 20)
    }

    /// Matches of `pattern` in `text` by the meta regex and by the start
    /// scan, from `find_iter` and from `find_at` at every offset.
    fn assert_same(pattern: &str, text: &str) {
        let Some(scan) = scan(pattern) else {
            return;
        };
        let re = meta(pattern);
        let expected: Vec<Match> = re.find_iter(text).collect();
        let got: Vec<Match> = scan.find_iter(text).collect();
        assert_eq!(expected, got, "{pattern} on {text:?}");
        for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let expected = re.find(Input::new(text).span(from..text.len()));
            assert_eq!(
                expected,
                scan.find_at(text, from),
                "{pattern} on {text:?} from {from}"
            );
        }
    }

    #[test]
    fn a_start_scan_finds_what_the_meta_regex_finds() {
        for pattern in PATTERNS {
            assert!(scan(pattern).is_some(), "{pattern} is scanned");
            for text in TEXTS {
                assert_same(pattern, text);
            }
        }
    }

    #[test]
    fn expressions_without_unicode_boundary_or_with_empty_matches_are_not_scanned() {
        assert!(scan(r"\d+").is_none(), "the lazy DFA handles it");
        assert!(scan(r"(?-u:\b)\d+").is_none(), "an ASCII boundary");
        assert!(scan(r"\b\d*").is_none(), "matches the empty string");
        assert!(scan(r"\b").is_none());
        assert!(scan(r"\bx").is_some_and(|s| s.boundary && !s.anchored));
        assert!(scan(r"(?:\b|y)x").is_some_and(|s| !s.boundary));
        assert!(scan(r"\A\bx").is_some_and(|s| s.anchored));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Texts pieced together from digits, words, accented letters,
        /// combining marks, emoji (with joiners and selectors), no-break and
        /// other spaces, punctuation and non-ASCII digits.
        #[test]
        fn a_start_scan_matches_the_meta_regex_on_mixed_texts(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "3", "12", "4.5", "1,200", "+", "/", "5", "10", "★", "⭐", " ", "  ", "\u{a0}",
                "\u{2009}", "\n", "-", ",", ".", "!", "“", "tips", "ideeën", "ways", "only",
                "just", "left", "nog", "maar", "plekken", "é", "ë", "É", "e\u{301}", "\u{301}",
                "😂", "❤\u{fe0f}", "👩\u{200d}👩", "\u{2060}", "٣", "³", "klanten", "reviews",
                "pleeease", "as", "je", "blieft", "comment", "yes", "so", "that", "ing", "x",
                "until", "friday", "vóór", "had", "moeten", "source", ":",
            ]), 0..24),
            pattern in proptest::sample::select(PATTERNS.to_vec()),
        ) {
            assert_same(pattern, &pieces.concat());
        }
    }
}
