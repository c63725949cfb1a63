//! The vocabulary the rule language knows: measures, functions, scopes,
//! platform properties and metadata. The checker validates against it; the
//! engine implements exactly these names.

/// Numbers a condition can read about the post (in the current scope).
pub const MEASURES: &[(&str, &str)] = &[
    (
        "words",
        "prose words (links, hashtags and mentions are not words)",
    ),
    ("numbers", "words with a digit in them (2026, 4,000, 10x)"),
    ("sentences", "sentences"),
    ("lines", "lines"),
    ("line_breaks", "line breaks"),
    ("hashtags", "hashtags"),
    ("mentions", "mentions"),
    ("links", "links (URLs with or without a scheme)"),
    ("cashtags", "cashtags ($TSLA)"),
    (
        "emoji",
        "emoji (a ZWJ sequence, flag or keycap counts once)",
    ),
    ("questions", "questions (a run like `??` counts once)"),
    ("exclamations", "exclamation marks (a run counts once)"),
    (
        "exclamation_runs",
        "runs of two or more exclamation marks (`!!`)",
    ),
    ("caps_words", "words in capitals of three or more letters"),
    ("chars", "characters (Unicode scalar values)"),
    ("graphemes", "user-perceived characters (grapheme clusters)"),
    ("bytes", "UTF-8 bytes"),
    ("length", "the length the platform counts (X: weighted)"),
    ("limit", "the platform's length limit"),
    (
        "principles",
        "how many of the persuasion principles the post uses",
    ),
    (
        "reply_delay",
        "minutes between the message and this reply (unknown: every comparison is false)",
    ),
    (
        "first_sentence_end",
        "characters up to the end of the first sentence",
    ),
];

/// Platform properties, read as `platform.NAME`.
pub const PLATFORM_PROPERTIES: &[(&str, PropType)] = &[
    ("limit", PropType::Num),
    ("fold", PropType::Num),
    ("hashtag_max", PropType::Num),
    ("hashtag_advice", PropType::Num),
    ("max_bytes", PropType::Num),
    ("max_links", PropType::Num),
    ("links_clickable", PropType::Bool),
    ("tone", PropType::Name),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropType {
    Num,
    Bool,
    Name,
}

/// Settings a `platform` block accepts.
pub const PLATFORM_SETTINGS: &[&str] = &[
    "name",
    "limit",
    "counter",
    "fold",
    "hashtag_max",
    "hashtag_advice",
    "max_bytes",
    "max_links",
    "links_clickable",
    "tone",
    "source",
];

/// Settings a `rule` accepts.
pub const RULE_SETTINGS: &[&str] = &[
    "severity",
    "message",
    "help",
    "rationale",
    "principle",
    "category",
    "platforms",
    "languages",
    "kinds",
    "at",
    "enabled",
    "per",
    "report",
];

/// What a finding points at (`at:`), when not at the matched words.
pub const TARGETS: &[&str] = &[
    "text",
    "first_line",
    "first_sentence",
    "links",
    "hashtags",
    "mentions",
    "caps_words",
    "questions",
    "exclamations",
    "emoji",
];

/// Parts of a post a condition can be narrowed to with `in SCOPE (…)`.
pub const SCOPES: &[(&str, &str)] = &[
    ("text", "the whole post"),
    ("first_line", "the first line"),
    ("first_sentence", "the first sentence"),
    (
        "before_fold",
        "the text before the platform's \"see more\" fold",
    ),
    ("body", "the text without links, hashtags and mentions"),
    (
        "reply_to",
        "the message a reply answers (`in_reply_to`); empty when none is given",
    ),
];

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

/// Built-in functions: name, argument kinds, result, what it does.
pub const FUNCTIONS: &[(&str, &[ArgKind], ResultType, &str)] = &[
    (
        "hits",
        &[ArgKind::Lexicon],
        ResultType::Num,
        "how many times words of the lexicon occur",
    ),
    (
        "distinct",
        &[ArgKind::Lexicon],
        ResultType::Num,
        "how many different entries of the lexicon occur",
    ),
    (
        "has",
        &[ArgKind::Lexicon],
        ResultType::Bool,
        "whether a word of the lexicon occurs",
    ),
    (
        "caps",
        &[ArgKind::Lexicon],
        ResultType::Num,
        "how many words of the lexicon are written in capitals",
    ),
    (
        "matches",
        &[ArgKind::Regex],
        ResultType::Bool,
        "whether the regular expression matches",
    ),
    (
        "count",
        &[ArgKind::Regex],
        ResultType::Num,
        "how many times the regular expression matches",
    ),
    (
        "uses",
        &[ArgKind::Principle],
        ResultType::Bool,
        "whether the post uses the persuasion principle",
    ),
    (
        "links_to",
        &[ArgKind::List],
        ResultType::Num,
        "how many links go to one of the domains in the list",
    ),
    (
        "links_to_without",
        &[ArgKind::List, ArgKind::Regex],
        ResultType::Num,
        "how many links go to one of the domains and do not match the regular expression",
    ),
    (
        "min",
        &[ArgKind::Number, ArgKind::Number],
        ResultType::Num,
        "the smaller of two numbers",
    ),
    (
        "max",
        &[ArgKind::Number, ArgKind::Number],
        ResultType::Num,
        "the larger of two numbers",
    ),
];

/// Measures of a calendar (a batch of posts), per platform with `per: platform`.
pub const CALENDAR_MEASURES: &[(&str, &str)] = &[
    ("posts", "posts in the calendar (or on the platform)"),
    ("platforms", "platforms posted on"),
    (
        "max_gap_days",
        "the largest gap between consecutive scheduled posts, in days",
    ),
    ("max_posts_per_day", "the most posts scheduled on one day"),
    (
        "same_text_groups",
        "texts that go out (near) unchanged on two or more platforms",
    ),
];

/// Aggregates over the posts of a calendar; their argument is a condition on one post.
pub const CALENDAR_FUNCTIONS: &[(&str, &str)] = &[
    (
        "share",
        "the share of posts for which the condition holds (0% to 100%)",
    ),
    ("posts_where", "how many posts the condition holds for"),
];

/// Metadata a condition can test with `is` / `in`.
pub const METADATA: &[(&str, &[&str])] = &[
    ("platform", &[]),
    ("lang", &[]),
    ("kind", &["post", "reply"]),
    ("media", &["yes", "no", "unknown"]),
];

/// Keys an example may set (`example fire en platform=x media=no: "…"`).
pub const EXAMPLE_META: &[&str] = &[
    "platform",
    "kind",
    "media",
    "reply_delay",
    "reply_to",
    "severity",
];

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

pub fn is_measure(name: &str) -> bool {
    MEASURES.iter().any(|(m, _)| *m == name)
}

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
