//! The vocabulary the rule language knows: measures, functions, scopes,
//! platform properties, places, metadata, settings and placeholders, each a
//! typed enum whose variants carry their name and doc line. The checker
//! validates against it, the engine evaluates exactly these variants (with
//! exhaustive matches), and the reference docs are tested against it.

use std::fmt;

/// Declares one kind of name: an enum whose variants each have a name (as
/// written in rule files) and a doc line, with `ALL`, `name`, `doc` and
/// `parse`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $kind:ident {
            $($variant:ident = $name:literal : $doc:literal,)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $kind {
            $(#[doc = $doc] $variant,)+
        }

        impl $kind {
            /// Every variant, in the order of the reference docs.
            pub const ALL: &'static [$kind] = &[$($kind::$variant),+];

            /// The name as written in rule files.
            pub const fn name(self) -> &'static str {
                match self {
                    $($kind::$variant => $name,)+
                }
            }

            /// One line on what it is, for the reference docs and editors.
            pub const fn doc(self) -> &'static str {
                match self {
                    $($kind::$variant => $doc,)+
                }
            }

            /// The variant of this name, if there is one.
            pub fn parse(name: &str) -> Option<$kind> {
                match name {
                    $($name => Some($kind::$variant),)+
                    _ => None,
                }
            }

            /// Every name, in the order of [`Self::ALL`].
            pub fn names<'a>() -> impl Iterator<Item = &'a str> {
                Self::ALL.iter().map(|v| v.name())
            }
        }

        impl fmt::Display for $kind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

vocabulary! {
    /// Numbers a condition can read about the post (in the current scope).
    pub enum Measure {
        Words = "words": "prose words (links, hashtags and mentions are not words)",
        Numbers = "numbers": "words with a digit in them (2026, 4,000, 10x)",
        Sentences = "sentences": "sentences",
        Lines = "lines": "lines",
        LineBreaks = "line_breaks": "line breaks",
        Hashtags = "hashtags": "hashtags",
        Mentions = "mentions": "mentions",
        Links = "links": "links (URLs with or without a scheme)",
        Cashtags = "cashtags": "cashtags ($TSLA)",
        Emoji = "emoji": "emoji (a ZWJ sequence, flag or keycap counts once)",
        Questions = "questions": "questions (a run like `??` counts once)",
        Exclamations = "exclamations": "exclamation marks (a run counts once)",
        ExclamationRuns = "exclamation_runs": "runs of two or more exclamation marks (`!!`)",
        CapsWords = "caps_words": "words in capitals of three or more letters",
        Chars = "chars": "characters (Unicode scalar values)",
        Graphemes = "graphemes": "user-perceived characters (grapheme clusters)",
        Bytes = "bytes": "UTF-8 bytes",
        Length = "length": "the length the platform counts (X: weighted)",
        Limit = "limit": "the platform's length limit",
        Principles = "principles": "how many of the persuasion principles the post uses",
        ReplyDelay = "reply_delay": "minutes between the message and this reply (unknown: every comparison is false)",
        FirstSentenceEnd = "first_sentence_end": "characters up to the end of the first sentence",
    }
}

vocabulary! {
    /// Platform properties, read as `platform.NAME`.
    pub enum PlatformProperty {
        Limit = "limit": "the platform's maximum length",
        Fold = "fold": "characters shown before \"see more\" (0: no fold)",
        HashtagMax = "hashtag_max": "most hashtags the platform accepts (0: no maximum)",
        HashtagAdvice = "hashtag_advice": "most hashtags worth using (0: no advice)",
        MaxBytes = "max_bytes": "most UTF-8 bytes accepted (0: none)",
        MaxLinks = "max_links": "most links accepted (0: none)",
        LinksClickable = "links_clickable": "whether links in the text can be clicked (yes/no)",
        Tone = "tone": "the expected register, tested with `is` (`platform.tone is professional`)",
    }
}

impl PlatformProperty {
    /// What the property holds.
    pub const fn ty(self) -> PropType {
        match self {
            PlatformProperty::Limit
            | PlatformProperty::Fold
            | PlatformProperty::HashtagMax
            | PlatformProperty::HashtagAdvice
            | PlatformProperty::MaxBytes
            | PlatformProperty::MaxLinks => PropType::Num,
            PlatformProperty::LinksClickable => PropType::Bool,
            PlatformProperty::Tone => PropType::Name,
        }
    }
}

/// What a platform property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    Num,
    Bool,
    /// A name, tested with `is`/`in`.
    Name,
}

vocabulary! {
    /// Settings a `platform` block accepts.
    pub enum PlatformSetting {
        Name = "name": "display name, used by `{platform}`",
        Limit = "limit": "the maximum length (required)",
        Counter = "counter": "how length is counted (default `chars`)",
        Fold = "fold": "characters shown before \"see more\"",
        HashtagMax = "hashtag_max": "most hashtags the platform accepts",
        HashtagAdvice = "hashtag_advice": "most hashtags worth using",
        MaxBytes = "max_bytes": "most UTF-8 bytes accepted",
        MaxLinks = "max_links": "most links accepted",
        LinksClickable = "links_clickable": "whether links in the text can be clicked",
        Tone = "tone": "the expected register",
        Source = "source": "where the figures come from",
    }
}

vocabulary! {
    /// Settings a `rule` accepts.
    pub enum RuleSetting {
        Severity = "severity": "how serious a finding is",
        Message = "message": "one line on what is wrong",
        Help = "help": "what to write instead",
        Rationale = "rationale": "why the rule exists",
        Principle = "principle": "the persuasion principle the rule is about",
        Category = "category": "a free label used to group rules",
        Platforms = "platforms": "the platforms the rule runs on",
        Languages = "languages": "the languages the rule runs on",
        Kinds = "kinds": "the kinds of post the rule runs on",
        At = "at": "where the finding points",
        Enabled = "enabled": "whether the rule is on",
        Per = "per": "`platform` or `month`: a calendar rule checks each platform, or each calendar month, apart",
        Report = "report": "a finding for each place (`each`) or one a post (`once`)",
    }
}

vocabulary! {
    /// What a finding points at (`at:`), when not at the matched words.
    pub enum Target {
        Text = "text": "the whole post",
        FirstLine = "first_line": "the first line that is not blank",
        FirstSentence = "first_sentence": "the first sentence",
        Links = "links": "the first link",
        Hashtags = "hashtags": "the first hashtag",
        Mentions = "mentions": "the first mention",
        CapsWords = "caps_words": "the first word in capitals",
        Questions = "questions": "the first question",
        Exclamations = "exclamations": "the first exclamation mark",
        Emoji = "emoji": "the first emoji",
    }
}

impl Target {
    /// For a place that is the first of some items: the measure that counts them.
    pub const fn items(self) -> Option<Measure> {
        match self {
            Target::Text | Target::FirstLine | Target::FirstSentence => None,
            Target::Links => Some(Measure::Links),
            Target::Hashtags => Some(Measure::Hashtags),
            Target::Mentions => Some(Measure::Mentions),
            Target::CapsWords => Some(Measure::CapsWords),
            Target::Questions => Some(Measure::Questions),
            Target::Exclamations => Some(Measure::Exclamations),
            Target::Emoji => Some(Measure::Emoji),
        }
    }
}

vocabulary! {
    /// Parts of a post a condition can be narrowed to with `in SCOPE (…)`.
    pub enum Scope {
        Text = "text": "the whole post",
        FirstLine = "first_line": "the first line",
        FirstSentence = "first_sentence": "the first sentence",
        BeforeFold = "before_fold": "the text before the platform's \"see more\" fold",
        Body = "body": "the text without links, hashtags and mentions",
        ReplyTo = "reply_to": "the message a reply answers (`in_reply_to`); empty when none is given",
    }
}

/// Argument kinds of built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArgKind {
    Lexicon,
    Regex,
    Principle,
    Number,
    /// A parameter holding a list (`domains`).
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultType {
    Num,
    Bool,
}

vocabulary! {
    /// Built-in functions of one post.
    pub enum Function {
        Hits = "hits": "how many times words of the lexicon occur",
        Distinct = "distinct": "how many different entries of the lexicon occur",
        Has = "has": "whether a word of the lexicon occurs",
        Caps = "caps": "how many words of the lexicon are written in capitals",
        Matches = "matches": "whether the regular expression matches",
        Count = "count": "how many times the regular expression matches",
        Uses = "uses": "whether the post uses the persuasion principle",
        LinksTo = "links_to": "how many links go to one of the domains in the list",
        LinksToWithout = "links_to_without": "how many links go to one of the domains and do not match the regular expression",
        Min = "min": "the smaller of two numbers",
        Max = "max": "the larger of two numbers",
    }
}

impl Function {
    /// The kinds of its arguments, in order.
    pub const fn args(self) -> &'static [ArgKind] {
        match self {
            Function::Hits | Function::Distinct | Function::Has | Function::Caps => {
                &[ArgKind::Lexicon]
            }
            Function::Matches | Function::Count => &[ArgKind::Regex],
            Function::Uses => &[ArgKind::Principle],
            Function::LinksTo => &[ArgKind::List],
            Function::LinksToWithout => &[ArgKind::List, ArgKind::Regex],
            Function::Min | Function::Max => &[ArgKind::Number, ArgKind::Number],
        }
    }

    /// What a call gives.
    pub const fn result(self) -> ResultType {
        match self {
            Function::Has | Function::Matches | Function::Uses => ResultType::Bool,
            Function::Hits
            | Function::Distinct
            | Function::Caps
            | Function::Count
            | Function::LinksTo
            | Function::LinksToWithout
            | Function::Min
            | Function::Max => ResultType::Num,
        }
    }
}

vocabulary! {
    /// Measures of a calendar (a batch of posts), per platform with `per: platform`.
    pub enum CalendarMeasure {
        Posts = "posts": "posts in the calendar (or on the platform)",
        Platforms = "platforms": "platforms posted on",
        MaxGapDays = "max_gap_days": "the largest gap between consecutive scheduled posts, in calendar days (the hours do not count)",
        MaxPostsPerDay = "max_posts_per_day": "the most posts scheduled on one day",
        SameTextGroups = "same_text_groups": "texts that go out (near) unchanged on two or more platforms",
        RepeatedTextGroups = "repeated_text_groups": "texts that go out (near) unchanged two or more times on one platform",
    }
}

vocabulary! {
    /// Aggregates over the posts of a calendar; their argument is a condition on one post.
    pub enum CalendarFunction {
        Share = "share": "the share of posts for which the condition holds (0% to 100%)",
        PostsWhere = "posts_where": "how many posts the condition holds for",
        PromisesUnkept = "promises_unkept": "how many posts for which the first condition holds (a promise) have no later post within DAYS days for which the second holds (`promises_unkept(has(contest), has(winner), 7)`)",
        PostsBetween = "posts_between": "how many scheduled posts fall between two times of day, in hours (`posts_between(23, 6)` wraps past midnight)",
        PillarsOffTarget = "pillars_off_target": "how many content pillars (the config's `pillars:`) have a share of the posts further than TOLERANCE from their target; a pillar's own `tolerance` wins (`pillars_off_target(10%)`); 0 when the config declares none",
        OffSeason = "off_season": "how many posts name a holiday, season or team event that is over on their scheduled date or more than DAYS days ahead, leaving out posts for which the condition holds (`off_season(has(looking_back), 42)`)",
    }
}

vocabulary! {
    /// Metadata a condition can test with `is` / `in`.
    pub enum Metadata {
        Platform = "platform": "the platform the post is for",
        Lang = "lang": "the post's language code",
        Kind = "kind": "`post` or `reply`",
        Media = "media": "whether the post has media: `yes`, `no` or `unknown`",
    }
}

impl Metadata {
    /// The values it can have, when the language fixes them (empty: any).
    pub const fn values(self) -> &'static [&'static str] {
        match self {
            Metadata::Platform | Metadata::Lang => &[],
            Metadata::Kind => &["post", "reply"],
            Metadata::Media => &["yes", "no", "unknown"],
        }
    }
}

vocabulary! {
    /// Keys an example may set (`example fire en platform=x media=no: "…"`).
    pub enum ExampleKey {
        Platform = "platform": "the platform the example is linted for",
        Kind = "kind": "`post` or `reply`",
        Media = "media": "`yes`, `no` or `unknown`",
        ReplyDelay = "reply_delay": "minutes between the message and the reply",
        ReplyTo = "reply_to": "the message the example replies to",
        Severity = "severity": "the severity the finding must have",
    }
}

vocabulary! {
    /// Placeholders a message can use besides measures, parameters and
    /// `{platform.PROPERTY}`.
    pub enum Placeholder {
        Match = "match": "the text the finding points at",
        Count = "count": "how many matches or items made the deciding `when` clause hold",
        Platform = "platform": "the platform's display name",
        Lang = "lang": "the post's language code",
        Kind = "kind": "`post` or `reply`",
    }
}

/// The inside of a `{…}` split at its first `|`: the name, and for a plural
/// (`{count|post|posts}`) the forms after it.
pub fn placeholder_parts(inside: &str) -> (&str, Option<&str>) {
    match inside.split_once('|') {
        Some((name, forms)) => (name, Some(forms)),
        None => (inside, None),
    }
}

/// Forms a plural placeholder takes: English and Dutch both have a form for
/// exactly one and a form for every other number, 0 included.
pub const PLURAL_FORMS: usize = 2;

/// The form of `forms` (`post|posts`) that goes with a number as a message
/// shows it: the first for exactly "1", the second for anything else ("0",
/// "2", "1.5", "30%", "?").
pub fn plural_form<'f>(shown: &str, forms: &'f str) -> &'f str {
    let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
    let other = other.split('|').next().unwrap_or(other);
    if shown == "1" {
        one
    } else {
        other
    }
}

/// The placeholder of a calendar rule's message that lists the occasions
/// `off_season` found out of season (`Christmas and Easter`).
pub const OCCASIONS_PLACEHOLDER: &str = "occasions";

/// The placeholder of a rule evaluated `per: month`: the month (`March 2026`).
pub const MONTH_PLACEHOLDER: &str = "month";

/// The placeholder of a calendar rule's message that lists the content
/// pillars `pillars_off_target` found off target (`promotion 45% (target 20%)`).
pub const PILLARS_PLACEHOLDER: &str = "pillars";

/// Largest compiled regex a rule file may ask for (bytes of the compiled program).
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Most entries one lexicon may hold (all languages together, extensions included).
pub const MAX_LEXICON_ENTRIES: usize = 50_000;

/// Most phrases one entry may expand to through `(a|b)` alternatives.
pub const MAX_EXPANSIONS: usize = 1024;

/// Largest rule file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 8 << 20;

/// Deepest nesting of conditions accepted.
pub const MAX_DEPTH: usize = 32;

/// Compile a regex literal (`/…/flags`) with postlint's limits; `i` makes it case-insensitive.
pub fn compile_regex(literal: &str) -> Result<regex::Regex, String> {
    let (body, flags) = split_regex(literal);
    let mut b = regex::RegexBuilder::new(&body);
    b.size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(100);
    for f in flags.chars() {
        match f {
            'i' => {
                b.case_insensitive(true);
            }
            'm' => {
                b.multi_line(true);
            }
            's' => {
                b.dot_matches_new_line(true);
            }
            'x' => {
                b.ignore_whitespace(true);
            }
            other => return Err(format!("unknown regex flag `{other}` (use i, m, s or x)")),
        }
    }
    b.build().map_err(|e| match e {
        regex::Error::CompiledTooBig(_) => {
            "this regular expression is too large (over postlint's 1 MiB limit)".to_string()
        }
        other => other.to_string(),
    })
}

/// A regex literal's pattern (with `\/` read as `/`) and its flags.
pub fn split_regex(literal: &str) -> (String, &str) {
    let inner = literal.strip_prefix('/').unwrap_or(literal);
    let close = inner.rfind('/').unwrap_or(inner.len());
    let body = inner[..close].replace("\\/", "/");
    let flags = inner.get(close + 1..).unwrap_or("");
    (body, flags)
}
