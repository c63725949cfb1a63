//! The engine's public data: posts going in, findings and reports coming out.
//! Plain serializable values; no behaviour beyond small conversions.

use std::collections::BTreeMap;

use serde::Serialize;

pub use postlint_lang::ast::Severity;
pub use postlint_text::Span;

/// Whether a post is a post of its own or a reply to someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    #[default]
    Post,
    Reply,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "post" => Some(Kind::Post),
            "reply" => Some(Kind::Reply),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Reply => "reply",
        }
    }
}

/// A draft post and what is known about it.
#[derive(Debug, Clone, Default)]
pub struct Post<'a> {
    pub text: &'a str,
    /// Platform name; `None` uses the rule set's default platform.
    pub platform: Option<&'a str>,
    /// Language code; `None` detects it among the languages the packs support.
    pub lang: Option<&'a str>,
    pub kind: Kind,
    /// Whether media is attached; `None` when unknown.
    pub media: Option<bool>,
    /// Minutes between the message answered and this reply.
    pub reply_delay: Option<f64>,
    /// Byte ranges that are not prose (Markdown code, link targets, HTML comments): never matched as words.
    pub ignore: &'a [Span],
    /// The message this reply answers, analysed like the post and read by
    /// conditions in the `reply_to` scope.
    pub in_reply_to: Option<&'a str>,
    /// Bytes at the start of the text that the platform fills in and does
    /// not count (the @mentions X puts before a reply).
    pub uncounted_prefix: usize,
    /// Tags of a calendar's post (its `pillar` or `tags` column): a tag
    /// that names a content pillar puts the post in it.
    pub tags: &'a [String],
}

/// A replacement that fixes a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    pub span: Span,
    pub replacement: String,
    /// Safe fixes may be applied without review (`--fix`).
    pub safe: bool,
}

/// One problem found in a post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: usize,
    /// 1-based column of `span.start`, in characters.
    pub column: usize,
    pub fix: Option<Fix>,
}

/// Counts measured on a post, as reported in the output.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Length counted the platform's way.
    pub length: usize,
    pub limit: usize,
    pub graphemes: usize,
    pub words: usize,
    pub hashtags: usize,
    pub mentions: usize,
    pub links: usize,
    pub emoji: usize,
    pub questions: usize,
}

/// The result of linting one post.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub platform: String,
    pub language: String,
    /// `true` when the language was detected, `false` when given or assumed.
    pub language_detected: bool,
    pub kind: Kind,
    pub metrics: Metrics,
    /// Persuasion principles the post uses, in declaration order.
    pub principles: Vec<String>,
    pub findings: Vec<Finding>,
}

/// A parameter value, as declared in a rule or set by a config file.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    Num(f64),
    Bool(bool),
    Text(String),
    List(Vec<String>),
}

impl ParamValue {
    pub fn type_name(&self) -> &'static str {
        match self {
            ParamValue::Num(_) => "a number",
            ParamValue::Bool(_) => "yes or no",
            ParamValue::Text(_) => "text",
            ParamValue::List(_) => "a list",
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Num(n) if n.fract() == 0.0 => write!(f, "{}", *n as i64),
            ParamValue::Num(n) => write!(f, "{n}"),
            ParamValue::Bool(b) => f.write_str(if *b { "yes" } else { "no" }),
            ParamValue::Text(t) => f.write_str(t),
            ParamValue::List(l) => write!(f, "[{}]", l.join(", ")),
        }
    }
}

/// What a config file changes about one rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RuleOverride {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
    pub params: BTreeMap<String, ParamValue>,
}

/// A declared platform.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Platform {
    pub id: String,
    pub name: String,
    pub limit: usize,
    pub counter: postlint_text::Counter,
    /// Characters shown before "see more"; 0 when the platform has no fold.
    pub fold: usize,
    pub hashtag_max: usize,
    pub hashtag_advice: usize,
    pub max_bytes: usize,
    pub max_links: usize,
    pub links_clickable: bool,
    pub tone: String,
    pub source: String,
}

/// The translations of a rule's or principle's texts: language → setting
/// (`message`, `help`, `rationale`; a principle's `name`, `description`) → text.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

/// `key` in `lang`, else `default` (a pack may leave languages out).
fn translated<'a>(t: &'a Translations, lang: &str, key: &str, default: &'a str) -> &'a str {
    t.get(lang)
        .and_then(|texts| texts.get(key))
        .map_or(default, String::as_str)
}

/// A declared persuasion principle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrincipleInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `name` and `description` in other languages.
    #[serde(skip)]
    pub translations: Translations,
}

impl PrincipleInfo {
    pub fn name_in(&self, lang: &str) -> &str {
        translated(&self.translations, lang, "name", &self.name)
    }
    pub fn description_in(&self, lang: &str) -> &str {
        translated(&self.translations, lang, "description", &self.description)
    }
}

/// An example attached to a rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleExample {
    pub fires: bool,
    pub lang: String,
    pub text: String,
    pub platform: Option<String>,
    pub kind: Option<String>,
    /// `yes`, `no` or `unknown`; examples default to `yes`.
    pub media: Option<String>,
    pub reply_delay: Option<f64>,
    /// The message the example answers (`reply_to="…"`).
    pub in_reply_to: Option<String>,
    /// For fire examples: the severity the finding must have.
    pub severity: Option<Severity>,
}

/// Everything documented about a rule.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub pack: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub rationale: String,
    pub principle: Option<String>,
    pub category: Option<String>,
    pub platforms: Vec<String>,
    pub kinds: Vec<String>,
    pub languages: Vec<String>,
    pub params: Vec<(String, String)>,
    pub fix: Option<String>,
    pub calendar: bool,
    pub enabled: bool,
    pub examples: Vec<RuleExample>,
    /// Rule file it comes from.
    pub source: String,
    /// `message`, `help` and `rationale` in other languages.
    #[serde(skip)]
    pub translations: Translations,
}

impl RuleInfo {
    /// The message in `lang`, else the default; placeholders left open.
    pub fn message_in(&self, lang: &str) -> &str {
        translated(&self.translations, lang, "message", &self.message)
    }
    pub fn help_in(&self, lang: &str) -> Option<&str> {
        let help = self.help.as_deref()?;
        Some(translated(&self.translations, lang, "help", help))
    }
    pub fn rationale_in(&self, lang: &str) -> &str {
        translated(&self.translations, lang, "rationale", &self.rationale)
    }
    /// The texts (`message`, `help`, `rationale`) the rule has by default but
    /// not in `lang`; empty for the default language.
    pub fn missing_in(&self, lang: &str) -> Vec<&'static str> {
        let texts = self.translations.get(lang);
        let has = |k: &str| texts.is_some_and(|t| t.contains_key(k));
        let mut missing = Vec::new();
        if !has("message") {
            missing.push("message");
        }
        if self.help.is_some() && !has("help") {
            missing.push("help");
        }
        if !self.rationale.is_empty() && !has("rationale") {
            missing.push("rationale");
        }
        missing
    }
}
