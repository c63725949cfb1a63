//! The typed syntax tree of a rule file. Every node keeps its byte span so a
//! later pass can point at it; nothing here resolves names or checks types.
//! The tree serialises (serde), so the built-in packs are parsed at build
//! time and loaded without parsing.

use serde::{Deserialize, Serialize};

/// A byte range into the rule file.
pub type Span = std::ops::Range<usize>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

/// One parsed rule file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Item {
    Pack(Block),
    Lexicon(Lexicon),
    Principle(Principle),
    Platform(Block),
    Rule(Rule),
    /// `extend lexicon pack.name { … }`: more entries for another pack's lexicon.
    Extend(Lexicon),
    /// `override pack/rule { … }`: another pack's rule with other settings.
    Override(Override),
    /// `disable pack/rule`
    Disable(Spanned<String>),
}

/// New settings for another pack's rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Override {
    pub rule: Spanned<String>,
    pub settings: Vec<Setting>,
    pub params: Vec<Param>,
    pub span: Span,
}

/// A `key: value` setting, or a translation `key nl: value` of a text one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Setting {
    pub key: Spanned<String>,
    /// The language of a translation (`message nl: "…"`); `None` for the default.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
    pub value: Spanned<Value>,
}

/// The default of `key` among `settings` (not a translation).
pub fn default_setting<'a>(settings: &'a [Setting], key: &str) -> Option<&'a Setting> {
    settings
        .iter()
        .find(|s| s.lang.is_none() && s.key.node == key)
}

/// The translations of `key` among `settings`, as (language, setting), in file order.
pub fn translations<'a>(
    settings: &'a [Setting],
    key: &'a str,
) -> impl Iterator<Item = (&'a str, &'a Setting)> + 'a {
    settings.iter().filter_map(move |s| match &s.lang {
        Some(lang) if s.key.node == key => Some((lang.node.as_str(), s)),
        _ => None,
    })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Str(String),
    Num(f64),
    /// `30%`, stored as a fraction (0.3).
    Percent(f64),
    Ident(String),
    List(Vec<Spanned<Value>>),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "text",
            Value::Num(_) => "number",
            Value::Percent(_) => "percentage",
            Value::Ident(_) => "name",
            Value::List(_) => "list",
        }
    }
}

/// A named block made of settings only (`pack`, `platform`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Block {
    pub name: Spanned<String>,
    pub settings: Vec<Setting>,
    pub span: Span,
}

impl Block {
    pub fn get(&self, key: &str) -> Option<&Setting> {
        default_setting(&self.settings, key)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lexicon {
    pub name: Spanned<String>,
    pub settings: Vec<Setting>,
    /// Entries per language code, in file order.
    pub languages: Vec<(Spanned<String>, Vec<Entry>)>,
    pub span: Span,
}

/// A lexicon entry: a word or phrase with `*` wildcards and `(a|b)` alternatives,
/// optionally with a replacement offered as a fix (`"gelieve" -> "graag"`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub pattern: Spanned<String>,
    pub replacement: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Principle {
    pub name: Spanned<String>,
    pub settings: Vec<Setting>,
    pub signals: Vec<When>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Suggestion,
    Warning,
    Error,
}

impl Severity {
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "suggestion" => Some(Severity::Suggestion),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Suggestion => "suggestion",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub name: Spanned<String>,
    /// `calendar rule`: evaluated over a batch of posts.
    pub calendar: bool,
    pub settings: Vec<Setting>,
    pub params: Vec<Param>,
    pub whens: Vec<When>,
    pub fix: Option<Fix>,
    pub examples: Vec<Example>,
    pub span: Span,
}

impl Rule {
    pub fn get(&self, key: &str) -> Option<&Setting> {
        default_setting(&self.settings, key)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Param {
    pub name: Spanned<String>,
    pub default: Spanned<Value>,
}

/// `when [severity]: condition`: the first clause that holds decides the finding.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct When {
    pub severity: Option<Spanned<Severity>>,
    pub expr: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fix {
    pub safe: bool,
    pub replacement: FixReplacement,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum FixReplacement {
    /// Replace the flagged text with this text.
    Text(String),
    /// Replace with the replacement the matching lexicon entry offers.
    Suggestion,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Example {
    pub fires: bool,
    /// Language code, or `calendar` for calendar examples.
    pub lang: Spanned<String>,
    pub meta: Vec<(Spanned<String>, Spanned<Value>)>,
    pub text: Spanned<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ExprKind {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    Arith(Box<Expr>, ArithOp, Box<Expr>),
    Num(f64),
    /// A measure (`words`), a parameter (`min_words`) or a platform property (`platform.limit`).
    Path(Vec<String>),
    Call {
        name: Spanned<String>,
        args: Vec<Arg>,
    },
    /// `in first_line (…)`
    Scoped {
        scope: Spanned<String>,
        expr: Box<Expr>,
    },
    /// `some sentence (…)`, `every line (…)`
    Quantified {
        every: bool,
        lines: bool,
        expr: Box<Expr>,
    },
    /// `platform is linkedin`, `platform in [x, threads]`, `kind is not reply`
    Member {
        subject: Spanned<Vec<String>>,
        negated: bool,
        values: MemberValues,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum MemberValues {
    /// Literal names.
    List(Vec<Spanned<String>>),
    /// A parameter holding a list, or a single literal name.
    Name(Spanned<String>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Arg {
    Name(Spanned<String>),
    Regex(Spanned<String>),
    Num(Spanned<f64>),
    /// A condition, for calendar aggregates: `share(questions >= 1)`.
    Expr(Box<Expr>),
}
