//! `.postlint.yaml`: discovery (walking up from each input), parsing and
//! applying it to the rule set. Mistakes point at the YAML line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use postlint_engine::{ParamValue, RuleOverride, Severity};

use crate::yaml::{self, Value};

pub const FILE_NAME: &str = ".postlint.yaml";

/// A mistake in a config file, pointing at the offending place.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(postlint::config::invalid))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The settings a config file holds.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    /// Packs to enable: built-in names or paths (relative to the config file).
    pub packs: Option<Vec<String>>,
    pub platform: Option<String>,
    pub lang: Option<String>,
    /// `ui_language:`: the language of messages and help (`en`, `nl`).
    pub ui_language: Option<crate::UiLang>,
    pub kind: Option<String>,
    /// `origin:`: how texts are read (`draft`, `x-export`, `auto`).
    pub origin: Option<String>,
    pub fail_level: Option<Severity>,
    pub domains: Vec<String>,
    /// Names and acronyms written in capitals that are not shouting (parties,
    /// brands, products): added to `core.names`.
    pub names: Vec<String>,
    /// Globs of draft files to lint (relative to the config's folder); empty: all.
    pub include: Vec<String>,
    /// Globs of files never linted (README.md, CHANGELOG.md, …).
    pub exclude: Vec<String>,
    /// `account:`: whose voice the posts are in. Personal accounts have the
    /// rules of [`Account::BRAND_ONLY`] off.
    pub account: Account,
    /// `date_format:`: how numeric dates are read (`dmy`, `mdy`, `ymd`) or a
    /// strftime pattern; see [`crate::dates::DateReader`].
    pub date_format: Option<String>,
    /// `timezone:`: the calendar's IANA time zone (`Europe/Brussels`).
    pub timezone: Option<String>,
    /// `country:`: whose holiday dates `calendar/stale-seasonal` uses (NL, BE).
    pub country: postlint_engine::occasions::Country,
    /// `events:`: the team's own dates, named by their words.
    pub events: Vec<postlint_engine::occasions::Event>,
    /// `pillars:`: the team's content pillars and their target shares.
    pub pillars: Vec<postlint_engine::pillars::Pillar>,
    pub rules: BTreeMap<String, RuleOverride>,
    /// Where each rule id appears in the file, for later errors.
    pub rule_spans: BTreeMap<String, (usize, usize)>,
    pub text: String,
}

/// Whose account the posts go out on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Account {
    /// A company, shop or organisation page (the default).
    #[default]
    Brand,
    /// A person's own profile: their diary and opinions are their business.
    Personal,
}

impl Account {
    /// Rules about a brand page sounding like a person; off for personal accounts.
    pub const BRAND_ONLY: &'static [&'static str] =
        &["killers/personal-diary", "killers/controversy"];

    pub fn parse(s: &str) -> Option<Account> {
        match s {
            "brand" => Some(Account::Brand),
            "personal" => Some(Account::Personal),
            _ => None,
        }
    }
}

/// Find the nearest `.postlint.yaml` from `start` (a file or a directory)
/// upwards. The walk stops at the repository's root (a folder with `.git`)
/// and at the home folder, so a config planted in a shared folder above a
/// project (`/tmp`) never applies to it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let home = crate::files::home();
    let abs = std::fs::canonicalize(start)
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(start)))?;
    let mut dir = if abs.is_dir() {
        abs
    } else {
        abs.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            // Report it relative to the working directory when it is below it.
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| candidate.strip_prefix(cwd).ok().map(Path::to_path_buf));
            return Some(shown.unwrap_or(candidate));
        }
        let boundary = dir.join(".git").exists() || home.as_deref() == Some(dir.as_path());
        if boundary || !dir.pop() {
            return None;
        }
    }
}

impl Config {
    pub fn error(
        &self,
        offset: usize,
        len: usize,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        let name = self
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| FILE_NAME.into());
        ConfigError {
            message: message.into(),
            src: NamedSource::new(name, self.text.clone()),
            span: (offset, len).into(),
            label: label.into(),
            help,
        }
    }

    /// Byte span of the first `key:` in the file, or the start of the file.
    pub fn locate(&self, key: &str) -> (usize, usize) {
        for pat in [format!("{key}:"), format!("\"{key}\":"), key.to_string()] {
            if let Some(i) = self.text.find(&pat) {
                return (i, key.len() + usize::from(pat.starts_with('"')) * 2);
            }
        }
        (0, 0)
    }

    /// Byte span of `value` after the key at `at`, or the key's own place.
    fn value_span(&self, at: usize, value: &str) -> (usize, usize) {
        match self.text.get(at..).and_then(|rest| rest.find(value)) {
            Some(i) if !value.is_empty() => (at + i, value.len()),
            _ => (at, 0),
        }
    }

    pub fn load(path: &Path) -> Result<Config, Box<ConfigError>> {
        let text = crate::files::read_confined(path, None, crate::files::MAX_SETTINGS_BYTES)
            .map_err(|e| {
                Box::new(ConfigError {
                    message: format!("cannot read the config: {e}"),
                    src: NamedSource::new(path.display().to_string(), String::new()),
                    span: (0, 0).into(),
                    label: "here".into(),
                    help: None,
                })
            })?;
        Self::parse(Some(path.to_path_buf()), text)
    }

    pub fn parse(path: Option<PathBuf>, text: String) -> Result<Config, Box<ConfigError>> {
        let mut c = Config {
            path,
            text,
            ..Config::default()
        };
        let root = match yaml::parse(&c.text) {
            Ok(v) => v,
            Err(e) => {
                let at = e.offset.unwrap_or(0).min(c.text.len());
                return Err(Box::new(c.error(
                    at,
                    0,
                    "the config file is not valid YAML",
                    "here",
                    Some(e.message),
                )));
            }
        };
        let map = match root {
            Value::Mapping(m) => m,
            Value::Null => return Ok(c),
            _ => {
                return Err(Box::new(c.error(
                    0,
                    c.text.len().min(1),
                    "the config file must be a YAML mapping (key: value lines)",
                    "not a mapping",
                    Some("see `postlint init` for a commented example".into()),
                )))
            }
        };
        for (k, v) in map {
            let Some(key) = k.as_str().map(str::to_string) else {
                continue;
            };
            let (at, len) = c.locate(&key);
            let bad = |c: &Config, what: &str| {
                Box::new(c.error(at, len, format!("`{key}` must be {what}"), "here", None))
            };
            match key.as_str() {
                "packs" => {
                    let Value::Sequence(items) = v else {
                        return Err(bad(&c, "a list of pack names or paths"));
                    };
                    c.packs = Some(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().map(str::to_string))
                            .collect(),
                    );
                }
                "platform" => {
                    c.platform = Some(
                        v.as_str()
                            .ok_or_else(|| bad(&c, "a platform name"))?
                            .to_string(),
                    )
                }
                "lang" | "language" => {
                    c.lang = Some(
                        v.as_str()
                            .ok_or_else(|| bad(&c, "a language code or `auto`"))?
                            .to_string(),
                    )
                }
                "ui_language" => {
                    c.ui_language = Some(
                        v.as_str()
                            .and_then(crate::UiLang::parse)
                            .ok_or_else(|| bad(&c, "`en` or `nl`"))?,
                    )
                }
                "kind" => {
                    c.kind = Some(
                        v.as_str()
                            .ok_or_else(|| bad(&c, "`post` or `reply`"))?
                            .to_string(),
                    )
                }
                "origin" => {
                    let o = v
                        .as_str()
                        .filter(|o| {
                            *o == "auto" || postlint_text::export::Origin::parse(o).is_some()
                        })
                        .ok_or_else(|| bad(&c, "`draft`, `x-export` or `auto`"))?;
                    c.origin = Some(o.to_string());
                }
                "account" => {
                    c.account = v
                        .as_str()
                        .and_then(Account::parse)
                        .ok_or_else(|| bad(&c, "`brand` or `personal`"))?;
                }
                "date_format" | "timezone" => {
                    let value = v.as_str().map(str::to_string).ok_or_else(|| {
                        bad(
                            &c,
                            if key == "timezone" {
                                "an IANA time zone such as `Europe/Brussels`"
                            } else {
                                "`dmy`, `mdy`, `ymd` or a strftime pattern"
                            },
                        )
                    })?;
                    let (format, zone) = if key == "timezone" {
                        (None, Some(value.as_str()))
                    } else {
                        (Some(value.as_str()), None)
                    };
                    if let Err(e) = crate::dates::DateReader::new(format, zone) {
                        let (vat, vlen) = c.value_span(at, &value);
                        return Err(Box::new(c.error(vat, vlen, e, "here", Some(if key == "timezone" {
                            "time zones are IANA names (`Europe/Amsterdam`, `Europe/Brussels`, `America/New_York`) or `UTC`".to_string()
                        } else {
                            format!("`date_format` takes {}", crate::dates::FORMAT_HELP)
                        }))));
                    }
                    if key == "timezone" {
                        c.timezone = Some(value);
                    } else {
                        c.date_format = Some(value);
                    }
                }
                "country" => {
                    c.country = v
                        .as_str()
                        .and_then(postlint_engine::occasions::Country::parse)
                        .ok_or_else(|| {
                            let (vat, vlen) = match &v {
                                Value::String(s) => c.value_span(at + len, s),
                                _ => (at, len),
                            };
                            Box::new(c.error(
                                vat,
                                vlen,
                                "`country` must be `NL` or `BE`",
                                "not a country postlint has holidays for",
                                Some("holiday dates are built in for the Netherlands (NL) and Belgium (BE); add other dates under `events:`".into()),
                            ))
                        })?;
                }
                "events" => c.events = events(&c, &v, at, len)?,
                "pillars" => c.pillars = pillars(&c, &v, at, len)?,
                "fail_level" | "fail-level" => {
                    let s = v
                        .as_str()
                        .and_then(Severity::parse)
                        .ok_or_else(|| bad(&c, "`error`, `warning` or `suggestion`"))?;
                    c.fail_level = Some(s);
                }
                "domains" => {
                    let Value::Sequence(items) = v else {
                        return Err(bad(&c, "a list of domains"));
                    };
                    c.domains = items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect();
                }
                "names" => {
                    let Value::Sequence(items) = v else {
                        return Err(bad(&c, "a list of names, e.g. [VVD, KFC]"));
                    };
                    let mut names = Vec::new();
                    for item in &items {
                        let name = match item {
                            Value::String(s) => s.trim().to_string(),
                            Value::Number(n) => n.to_string(),
                            _ => String::new(),
                        };
                        if name.is_empty()
                            || name.chars().count() > 100
                            || name.contains(['\n', '"', '\\', '*', '(', ')', '|'])
                        {
                            return Err(bad(&c, "names of at most 100 characters, without quotes, backslashes, `*`, `(`, `)` or `|`"));
                        }
                        names.push(name);
                    }
                    c.names = names;
                }
                "include" | "exclude" => {
                    let Value::Sequence(items) = v else {
                        return Err(bad(&c, "a list of globs, e.g. [\"posts/**/*.md\"]"));
                    };
                    let globs: Vec<String> = items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_string))
                        .collect();
                    if let Err(e) = crate::files::FileFilter::new(None, &globs, &[]) {
                        return Err(bad(&c, &format!("a list of valid globs: {e}")));
                    }
                    if key == "include" {
                        c.include = globs;
                    } else {
                        c.exclude = globs;
                    }
                }
                "rules" => {
                    let Value::Mapping(rules) = v else {
                        return Err(bad(&c, "a mapping of rule ids to settings"));
                    };
                    for (rk, rv) in rules {
                        let Some(id) = rk.as_str().map(str::to_string) else {
                            continue;
                        };
                        let span = c.locate(&id);
                        c.rule_spans.insert(id.clone(), span);
                        let o = rule_override(&c, &id, &rv, span)?;
                        c.rules.insert(id, o);
                    }
                }
                _ => {
                    return Err(Box::new(c.error(
                        at,
                        len,
                        format!("unknown config key `{key}`"),
                        "not a config key",
                        Some(
                            match crate::closest(
                                &key,
                                &KEYS.iter().map(|k| k.to_string()).collect::<Vec<_>>(),
                            ) {
                                Some(near) => format!(
                                    "did you mean `{near}`? valid keys: {}",
                                    KEYS.join(", ")
                                ),
                                None => format!("valid keys: {}", KEYS.join(", ")),
                            },
                        ),
                    )))
                }
            }
        }
        Ok(c)
    }
}

/// The items of a list setting (`events:`, `pillars:`), at most `max`:
/// `key` names the setting, `what` its items in "a list of …" and `counted`
/// in "lists N …".
fn mapping_list<'v>(
    c: &Config,
    (at, len): (usize, usize),
    (key, what, counted): (&str, &str, &str),
    max: usize,
    example: &str,
    v: &'v Value,
) -> Result<&'v [Value], Box<ConfigError>> {
    let Value::Sequence(items) = v else {
        return Err(Box::new(c.error(
            at,
            len,
            format!("`{key}` must be a list of {what}"),
            "here",
            Some(format!("write\n{example}")),
        )));
    };
    if items.len() > max {
        return Err(Box::new(c.error(
            at,
            len,
            format!(
                "`{key}` lists {} {counted}; postlint takes at most {max}",
                items.len()
            ),
            "here",
            None,
        )));
    }
    Ok(items)
}

/// One named entry of a list setting (an event, a pillar): its name, where
/// it is written (searched for after the previous entry, so that an error
/// points at the entry it is about), and its fields.
struct Entry<'a> {
    c: &'a Config,
    item: &'a Value,
    /// "event", "pillar".
    what: &'static str,
    name: String,
    here: (usize, usize),
}

impl<'a> Entry<'a> {
    /// Entry `n` (from 0) of a list: it must have a name and only `keys`.
    fn read(
        c: &'a Config,
        item: &'a Value,
        from_offset: usize,
        (what, n): (&'static str, usize),
        keys: &[&str],
        example: &str,
    ) -> Result<Entry<'a>, Box<ConfigError>> {
        let name = match item {
            Value::Mapping(m) => match m.get("name") {
                Some(Value::String(s)) => s.trim().to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let here = if name.is_empty() {
            (from_offset, 0)
        } else {
            c.value_span(from_offset, &name)
        };
        let entry = Entry {
            c,
            item,
            what,
            name,
            here,
        };
        if entry.name.is_empty() {
            return Err(entry.error(here, format!("{what} {} has no `name`", n + 1), example));
        }
        if let Value::Mapping(m) = item {
            if let Some(k) = m
                .keys()
                .filter_map(|k| k.as_str())
                .find(|k| !keys.contains(k))
            {
                let span = c.value_span(here.0, k);
                let list: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                return Err(entry.error(
                    (span.0, k.len()),
                    format!("unknown key `{k}` in {what} `{}`", entry.name),
                    &format!(
                        "{} {what} takes {}",
                        if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        },
                        and_list(&list)
                    ),
                ));
            }
        }
        Ok(entry)
    }

    fn field(&self, key: &str) -> Option<&'a Value> {
        match self.item {
            Value::Mapping(m) => m.get(key),
            _ => None,
        }
    }

    fn error(&self, span: (usize, usize), message: String, help: &str) -> Box<ConfigError> {
        Box::new(self.c.error(
            span.0,
            span.1,
            message,
            &format!("in this {}", self.what),
            Some(help.to_string()),
        ))
    }
}

/// `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `events:`: a list of `{name, words, from, until}`; each mistake points
/// at the event's own line.
fn events(
    c: &Config,
    v: &Value,
    at: usize,
    len: usize,
) -> Result<Vec<postlint_engine::occasions::Event>, Box<ConfigError>> {
    use postlint_engine::occasions::{Event, MAX_EVENTS};
    let example = "events:\n  - name: Open day\n    words: [open day, opendeurdag]\n    from: 2026-10-03\n    until: 2026-10-04";
    let items = mapping_list(
        c,
        (at, len),
        ("events", "events", "events"),
        MAX_EVENTS,
        example,
        v,
    )?;
    // Each event is searched for after the previous one, so an error points
    // at the event it is about.
    let mut from_offset = at + len;
    let mut out = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let entry = Entry::read(
            c,
            item,
            from_offset,
            ("event", n),
            &["name", "words", "from", "until"],
            &format!("each event has a name, its words and its dates:\n{example}"),
        )?;
        let (name, here) = (entry.name.clone(), entry.here);
        let field = |key: &str| entry.field(key);
        let err = |span, message, help: &str| entry.error(span, message, help);
        let words = word_list(field("words"));
        let words_span = {
            let (i, _) = c.value_span(here.0, "words");
            (i, if i == here.0 { here.1 } else { 5 })
        };
        if words.is_empty() {
            return Err(err(
                words_span,
                format!("event `{name}` has no `words`"),
                "list the words and phrases that name it in a post: `words: [open day, opendeurdag]`",
            ));
        }
        if let Some(bad) = unsearchable(&words) {
            return Err(err(
                c.value_span(here.0, bad),
                format!("`{bad}` is not a word or phrase postlint can look for"),
                WORDS_HELP,
            ));
        }
        let date = |key: &str| -> Result<Option<i64>, Box<ConfigError>> {
            let Some(value) = field(key) else {
                return Ok(None);
            };
            let written = match value {
                Value::String(s) => s.trim().to_string(),
                other => format!("{other:?}"),
            };
            let day = (written.len() == 10)
                .then(|| postlint_engine::calendar::parse_datetime(&written))
                .flatten()
                .filter(|_| written.as_bytes().get(4) == Some(&b'-'));
            match day {
                Some(minutes) => Ok(Some(minutes.div_euclid(1440))),
                None => {
                    let (i, _) = c.value_span(here.0, &format!("{key}:"));
                    let span = c.value_span(i, &written);
                    Err(err(
                        if span.1 == 0 { (i, key.len()) } else { span },
                        format!("`{key}` of event `{name}` must be a date, YYYY-MM-DD"),
                        "write the date as 2026-10-03",
                    ))
                }
            }
        };
        let Some(from) = date("from")? else {
            return Err(err(
                here,
                format!("event `{name}` has no `from` date"),
                "give its first day, `from: 2026-10-03`, and its last, `until:` (the same day when left out)",
            ));
        };
        let until = date("until")?.unwrap_or(from);
        if until < from {
            let (i, _) = c.value_span(here.0, "until:");
            return Err(err(
                (i, 6),
                format!("event `{name}` ends before it starts"),
                "`until` is the last day of the event, on or after `from`",
            ));
        }
        from_offset = here.0 + here.1;
        out.push(Event {
            name,
            words,
            from,
            until,
        });
    }
    Ok(out)
}

/// The words of an event or pillar: one string or a list.
fn word_list(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Sequence(ws)) => ws
            .iter()
            .filter_map(|w| match w {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Some(Value::String(s)) => vec![s.trim().to_string()],
        _ => Vec::new(),
    }
}

/// The first word a lexicon pattern cannot hold.
fn unsearchable(words: &[String]) -> Option<&str> {
    words
        .iter()
        .find(|w| {
            w.is_empty()
                || w.chars().count() > 100
                || w.contains(['\n', '"', '\\', '(', ')', '|'])
                || !w.chars().any(char::is_alphanumeric)
        })
        .map(String::as_str)
}

const WORDS_HELP: &str = "words and phrases of at most 100 characters, with letters or digits, without quotes, backslashes, `(`, `)` or `|`; `*` at a word's edge matches longer words (`opendeur*`)";

/// A share written `40%` (or the number 40): 0.0 to 1.0. A bare fraction
/// (`0.4`) is refused: it reads as 40 % to some and as 0.4 % to others.
fn percent_value(value: &Value) -> Option<f64> {
    let n = match value {
        Value::String(s) => s.trim().strip_suffix('%')?.trim().parse::<f64>().ok()?,
        Value::Number(n) => n.as_f64().filter(|n| *n == 0.0 || *n >= 1.0)?,
        _ => return None,
    };
    (0.0..=100.0).contains(&n).then_some(n / 100.0)
}

/// `pillars:`: a list of `{name, share, words, tags, tolerance}`; each
/// mistake points at the pillar's own line.
fn pillars(
    c: &Config,
    v: &Value,
    at: usize,
    len: usize,
) -> Result<Vec<postlint_engine::pillars::Pillar>, Box<ConfigError>> {
    use postlint_engine::pillars::{Pillar, MAX_PILLARS};
    let example = "pillars:\n  - name: education\n    share: 40%\n    words: [tip, how to, guide]\n  - name: promotion\n    share: 20%\n    tags: [promo, actie]";
    let items = mapping_list(
        c,
        (at, len),
        ("pillars", "content pillars", "pillars"),
        MAX_PILLARS,
        example,
        v,
    )?;
    let mut from_offset = at + len;
    let mut out: Vec<Pillar> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let entry = Entry::read(
            c,
            item,
            from_offset,
            ("pillar", n),
            &["name", "share", "words", "tags", "tolerance"],
            &format!("each pillar has a name and a target share, and words or tags that put a post in it:\n{example}"),
        )?;
        let (name, here) = (entry.name.clone(), entry.here);
        let field = |key: &str| entry.field(key);
        let err = |span, message, help: &str| entry.error(span, message, help);
        // The span of `key:` in this pillar, or of its name.
        let key_span = |key: &str| {
            let (i, _) = c.value_span(here.0, &format!("{key}:"));
            if i == here.0 {
                here
            } else {
                (i, key.len())
            }
        };
        if out.iter().any(|p| p.name.eq_ignore_ascii_case(&name)) {
            return Err(err(
                here,
                format!("pillar `{name}` is declared twice"),
                "give each pillar one entry; put all its words and tags there",
            ));
        }
        let share_of = |key: &str| -> Result<Option<f64>, Box<ConfigError>> {
            match field(key) {
                None => Ok(None),
                Some(value) => percent_value(value).map(Some).ok_or_else(|| {
                    err(
                        key_span(key),
                        format!("`{key}` of pillar `{name}` must be a percentage from 0% to 100%"),
                        &format!("write `{key}: 40%`"),
                    )
                }),
            }
        };
        let Some(target) = share_of("share")? else {
            return Err(err(
                here,
                format!("pillar `{name}` has no `share`"),
                "give the share of posts you aim for: `share: 40%`",
            ));
        };
        let tolerance = share_of("tolerance")?;
        let words = word_list(field("words"));
        if let Some(bad) = unsearchable(&words) {
            return Err(err(
                c.value_span(here.0, bad),
                format!("`{bad}` is not a word or phrase postlint can look for"),
                WORDS_HELP,
            ));
        }
        let tags: Vec<String> = word_list(field("tags"))
            .into_iter()
            .map(|t| t.trim_start_matches('#').to_string())
            .filter(|t| !t.is_empty())
            .collect();
        from_offset = here.0 + here.1;
        out.push(Pillar {
            name,
            target,
            words,
            tags,
            tolerance,
        });
    }
    let total: f64 = out.iter().map(|p| p.target).sum();
    if total > 1.0 + 1e-9 {
        return Err(Box::new(c.error(
            at,
            len,
            format!(
                "the pillars' shares add up to {}%, more than all posts",
                (total * 100.0).round()
            ),
            "these pillars",
            Some("shares are parts of one month's posts: together at most 100%, the rest is for posts outside the pillars".into()),
        )));
    }
    Ok(out)
}

fn rule_override(
    c: &Config,
    id: &str,
    v: &Value,
    (at, len): (usize, usize),
) -> Result<RuleOverride, Box<ConfigError>> {
    let mut o = RuleOverride::default();
    let severity_or_off = |s: &str| -> Result<RuleOverride, Box<ConfigError>> {
        let mut o = RuleOverride::default();
        match s {
            "off" | "false" => o.enabled = Some(false),
            "on" | "true" => o.enabled = Some(true),
            other => match Severity::parse(other) {
                Some(sev) => {
                    o.severity = Some(sev);
                    o.enabled = Some(true);
                }
                None => return Err(Box::new(
                    c.error(
                        at,
                        len,
                        format!("`{other}` is not a setting for {id}"),
                        "this rule",
                        Some(
                            "use off, on, error, warning, suggestion, or a mapping of parameters"
                                .into(),
                        ),
                    ),
                )),
            },
        }
        Ok(o)
    };
    match v {
        Value::String(s) => return severity_or_off(s),
        Value::Bool(b) => return severity_or_off(if *b { "on" } else { "off" }),
        Value::Mapping(m) => {
            for (k, val) in m {
                let Some(k) = k.as_str() else { continue };
                match k {
                    "severity" => {
                        let s = val.as_str().unwrap_or_default();
                        let sub = severity_or_off(s)?;
                        o.severity = sub.severity;
                        o.enabled = sub.enabled.or(o.enabled);
                    }
                    "enabled" => o.enabled = val.as_bool(),
                    param => {
                        let value = match val {
                            Value::Number(n) => ParamValue::Num(n.as_f64().unwrap_or(0.0)),
                            Value::Bool(b) => ParamValue::Bool(*b),
                            Value::String(s) => match s.strip_suffix('%').and_then(|p| p.trim().parse::<f64>().ok()) {
                                Some(p) => ParamValue::Num(p / 100.0),
                                None => ParamValue::Text(s.clone()),
                            },
                            Value::Sequence(items) => ParamValue::List(items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect()),
                            _ => return Err(Box::new(c.error(at, len, format!("parameter `{param}` of {id} has a value of an unsupported type"), "this rule", None))),
                        };
                        o.params.insert(param.to_string(), value);
                    }
                }
            }
        }
        _ => {
            return Err(Box::new(c.error(
                at,
                len,
                format!("settings for {id} must be off, a severity, or a mapping"),
                "this rule",
                None,
            )))
        }
    }
    Ok(o)
}

/// The keys a config file may hold (`lang` also as `language`).
pub const KEYS: &[&str] = &[
    "packs",
    "platform",
    "lang",
    "ui_language",
    "kind",
    "origin",
    "fail_level",
    "domains",
    "names",
    "include",
    "exclude",
    "account",
    "date_format",
    "timezone",
    "country",
    "events",
    "pillars",
    "rules",
];

/// The commented config `postlint init` writes. As written it changes
/// nothing: the packs on by default, every other setting an example in a
/// comment. The first line points editors at the JSON Schema.
pub const TEMPLATE: &str = concat!(
    "# yaml-language-server: $schema=",
    env!("CARGO_PKG_REPOSITORY"),
    "/raw/main/docs/schema/config.json\n",
    r#"# postlint configuration, found by walking up from each linted file.
# As written it changes nothing: postlint works as it does without a config.
# Uncomment and edit what you want to change (docs/configuration.md).

# Packs to use: built-in names (core is always loaded), team packs by name,
# or paths to rule files and pack folders. These are the built-in packs that
# are on by default; add `measure` for the utm_ checks of your own links.
packs: [cialdini, engagement, killers, replies, platform, calendar]

# Defaults for posts that don't say (front matter and flags win).
# platform: x        # x, linkedin, facebook, instagram, mastodon, bluesky, threads, tiktok
# lang: auto         # or en, nl
# The language of messages and help (not of your posts): en or nl.
# Without it, the locale decides (LC_ALL, LC_MESSAGES, LANG).
# ui_language: nl
# kind: post         # or reply
# origin: auto       # or draft, x-export (how texts were written)

# Exit with 1 when a finding is at or above this level.
# fail_level: warning

# Your own domains (for measure/untracked-link).
# domains: [example.com]

# Names and acronyms in capitals that are not shouting (brands, parties).
# names: [KLM, VVD]

# Which files are drafts (globs, relative to this file): folders are walked
# for .md and .txt files, .gitignore respected.
# include: ["posts/**/*.md"]
# exclude: [README.md, CHANGELOG.md]

# Whose account this is: brand (a company or organisation page) or
# personal (your own profile: killers/personal-diary and killers/controversy
# are then off).
# account: brand

# Calendars: how numeric dates are read (dmy: 02/03/2026 is 2 March; mdy for
# US exports; or a strftime pattern), and the time zone of your audience
# (times with an offset are put on its clock).
# date_format: dmy
# timezone: Europe/Amsterdam

# Holidays for calendar/stale-seasonal: the country whose dates apply (NL or
# BE), and your own events, named by the words posts use for them.
# country: NL
# events:
#   - name: Open day
#     words: [open day, opendeurdag]
#     from: 2026-10-03
#     until: 2026-10-04

# Content pillars for calendar/pillar-drift: the share of each month's posts
# you aim for, and the words (or the tags of a `pillar`/`tags` column) that
# put a post in a pillar. The summary shows each month against the targets.
# pillars:
#   - name: education
#     share: 40%
#     words: [tip, how to, guide, uitleg]
#   - name: community
#     share: 25%
#     words: [meet, our team, maak kennis]
#   - name: promotion
#     share: 20%
#     tags: [promo, actie]

# Per-rule settings: off, on, a severity, or parameters.
# rules:
#   killers/question-overload: off
#   killers/bare-link:
#     severity: warning
#     min_words: 8
"#
);
