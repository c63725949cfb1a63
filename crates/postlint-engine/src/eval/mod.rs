//! Evaluation of compiled conditions against one analysed post. A condition
//! reads measures in a scope, lexicon hits and regex matches, and leaves the
//! spans that made it true as evidence for the finding.

//!
//! The names a condition reads (measures, scopes, platform properties…) are
//! the rule language's vocabulary ([`postlint_lang::builtins`]); every
//! `match` on them here is exhaustive, so a new name does not compile until
//! it is evaluated.

mod hits;
mod measures;
mod nodes;
mod regex_text;

use postlint_lang::ast::{ArithOp, CmpOp};
use postlint_text::{Analysis, Span};

use crate::model::{Kind, ParamValue, Platform, Severity};
use crate::native::NativeFunction;

pub use hits::LexiconHits;
pub use measures::CACHED_MEASURES;
// The compiler (`compile.rs`) names the vocabulary through this module.
pub use postlint_lang::builtins::{CalendarMeasure, Measure, Target};
pub use regex_text::{mask_emoji_marks, LazyRegex, RegexText};

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
    /// `platform.NAME`: a [`postlint_lang::builtins::PlatformProperty`] by name.
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
    /// Calendar level: posts for which predicate A holds with no later post
    /// within the days given for which predicate B holds.
    PromisesUnkept(usize, usize, Box<Node>),
    /// Calendar level: posts naming an occasion that is over on their date or
    /// more than the days given ahead, unless predicate N holds.
    OffSeason(usize, Box<Node>),
    /// Calendar level: number of scheduled posts between two times of day (hours).
    PostsBetween(Box<Node>, Box<Node>),
    /// Calendar level: content pillars whose share is further from their
    /// target than the tolerance given.
    PillarsOffTarget(Box<Node>),
    /// Links to the domains of a list parameter, optionally only those not matching a regex.
    LinksTo(usize, Option<usize>),
    /// `in NAME (…)`: a [`postlint_lang::builtins::Scope`] by name.
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
    /// Whole-post counts already computed (see [`CACHED_MEASURES`]).
    pub measured: [std::cell::Cell<Option<f64>>; CACHED_MEASURES],
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
/// stays as written. A plural `{name|post|posts}` writes the value, a space
/// and the form that goes with the value as written.
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
        let inside = &after[..close];
        let (name, forms) = postlint_lang::builtins::placeholder_parts(inside);
        let start = out.len();
        if !value(name, &mut out) {
            out.push('{');
            out.push_str(inside);
            out.push('}');
        } else if let Some(forms) = forms {
            let form = postlint_lang::builtins::plural_form(&out[start..], forms);
            out.push(' ');
            out.push_str(form);
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
            Node::PlatformProp(p) => self.platform_property(p),
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
            Node::CalendarMeasure(_)
            | Node::Share(_)
            | Node::PostsWhere(_)
            | Node::PostsBetween(..)
            | Node::PromisesUnkept(..)
            | Node::OffSeason(..)
            | Node::PillarsOffTarget(_) => 0.0,
            Node::Uses(i) => truth(self.ctx.principles_used.get(*i).copied().unwrap_or(false)),
            Node::UsesName(_) => 0.0,
            Node::Min(a, b) => self.operand(a, scope).min(self.operand(b, scope)),
            Node::Max(a, b) => self.operand(a, scope).max(self.operand(b, scope)),
            Node::Native(i, args) => self.native(*i, args, scope),
            Node::LinksTo(param, filter) => self.links_to(*param, *filter, scope),
            Node::Scoped(name, inner) => self.scoped(name, inner),
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
}
