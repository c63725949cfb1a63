//! `postlint._native`: the postlint library behind Python objects. Python
//! values go in, the library's one lint pipeline ([`postlint::Linter`])
//! runs with the GIL released, and results come back as handles onto the
//! Rust values, turned into Python objects only when read. The command
//! (`main`) is the `postlint` binary's own code; nothing else prints.

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme};
use postlint::records::{self, Record};
use postlint::{Defaults, InputError, Linted, Project, RuleSet};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

// ---------------------------------------------------------------- errors

/// An exception of `postlint._errors` (defined in Python, so it can carry
/// attributes and several bases).
fn raise(py: Python<'_>, class: &str, message: String) -> PyErr {
    let made = py
        .import("postlint._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call1((message,)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The diagnostic text `postlint` prints, without colours.
fn diagnostic_text(d: &dyn miette::Diagnostic) -> String {
    let mut text = String::new();
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut text, d).is_err() {
        text = d.to_string();
    }
    text
}

fn lib_error(py: Python<'_>, e: postlint::Error) -> PyErr {
    let class = match &e {
        postlint::Error::Config(_) => "ConfigError",
        postlint::Error::Pack(_) => "PackError",
        postlint::Error::Rules(_) => "RuleError",
        postlint::Error::Setting(_) => "SettingError",
    };
    let text = match &e {
        postlint::Error::Setting(m) => m.clone(),
        other => diagnostic_text(other).trim_end().to_string(),
    };
    raise(py, class, text)
}

fn input_error_object<'py>(py: Python<'py>, e: &InputError) -> PyResult<Bound<'py, PyAny>> {
    py.import("postlint._errors")?
        .getattr("InputError")?
        .call1((e.to_string(), e.source.clone(), e.line, e.message.clone()))
}

fn input_error(py: Python<'_>, e: &InputError) -> PyErr {
    match input_error_object(py, e) {
        Ok(exc) => PyErr::from_value(exc),
        Err(err) => err,
    }
}

// ---------------------------------------------------------------- values

/// A byte range into the post's text, `end` exclusive.
#[pyclass(module = "postlint", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
struct Span {
    start: usize,
    end: usize,
}

#[pymethods]
impl Span {
    fn __repr__(&self) -> String {
        format!("Span(start={}, end={})", self.start, self.end)
    }
}

impl From<postlint::engine::Span> for Span {
    fn from(s: postlint::engine::Span) -> Span {
        Span {
            start: s.start,
            end: s.end,
        }
    }
}

/// A replacement that fixes a finding; `safe` ones may be applied unreviewed.
#[pyclass(module = "postlint", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
struct Fix {
    span: Span,
    replacement: String,
    safe: bool,
}

#[pymethods]
impl Fix {
    fn __repr__(&self) -> String {
        format!(
            "Fix(span={}, replacement={:?}, safe={})",
            self.span.__repr__(),
            self.replacement,
            if self.safe { "True" } else { "False" }
        )
    }
}

/// One problem in a post: the fields of a finding in the JSON output.
#[pyclass(module = "postlint", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
struct Finding {
    rule: String,
    severity: String,
    message: String,
    help: Option<String>,
    span: Span,
    line: usize,
    column: usize,
    fix: Option<Fix>,
}

#[pymethods]
impl Finding {
    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, severity={:?}, line={}, column={}, message={:?})",
            self.rule, self.severity, self.line, self.column, self.message
        )
    }
}

impl From<&postlint::Finding> for Finding {
    fn from(f: &postlint::Finding) -> Finding {
        Finding {
            rule: f.rule.clone(),
            severity: f.severity.as_str().to_string(),
            message: f.message.clone(),
            help: f.help.clone(),
            span: f.span.into(),
            line: f.line,
            column: f.column,
            fix: f.fix.as_ref().map(|x| Fix {
                span: x.span.into(),
                replacement: x.replacement.clone(),
                safe: x.safe,
            }),
        }
    }
}

/// Counts measured on a post, as in the JSON output's `metrics`.
#[pyclass(module = "postlint", frozen, eq, get_all)]
#[derive(Clone, PartialEq)]
struct Metrics {
    length: usize,
    limit: usize,
    graphemes: usize,
    words: usize,
    hashtags: usize,
    mentions: usize,
    links: usize,
    emoji: usize,
    questions: usize,
}

#[pymethods]
impl Metrics {
    fn __repr__(&self) -> String {
        format!(
            "Metrics(length={}, limit={}, words={}, links={})",
            self.length, self.limit, self.words, self.links
        )
    }
}

/// A linted post. A handle onto the linted posts of one call: fields are
/// made into Python objects when read.
#[pyclass(module = "postlint", frozen)]
struct Report {
    run: Arc<postlint::Outcome>,
    index: usize,
}

impl Report {
    fn post(&self) -> &Linted {
        &self.run.posts[self.index]
    }
}

#[pymethods]
impl Report {
    /// The name given to the text, or the source of the record.
    #[getter]
    fn source(&self) -> &str {
        &self.post().source
    }
    /// The record's number in a batch (its line in a JSONL file).
    #[getter]
    fn record(&self) -> Option<usize> {
        self.post().record
    }
    #[getter]
    fn id(&self) -> Option<&str> {
        self.post().id.as_deref()
    }
    /// The text as read; spans point into it.
    #[getter]
    fn text(&self) -> &str {
        &self.post().text
    }
    #[getter]
    fn platform(&self) -> &str {
        &self.post().report.platform
    }
    #[getter]
    fn language(&self) -> &str {
        &self.post().report.language
    }
    #[getter]
    fn language_detected(&self) -> bool {
        self.post().report.language_detected
    }
    #[getter]
    fn kind(&self) -> &str {
        self.post().report.kind.as_str()
    }
    /// `draft`, or `x-export` when the text was read back from an export.
    #[getter]
    fn origin(&self) -> &str {
        self.post().origin.as_str()
    }
    #[getter]
    fn principles(&self) -> Vec<String> {
        self.post().report.principles.clone()
    }
    #[getter]
    fn metrics(&self) -> Metrics {
        let m = &self.post().report.metrics;
        Metrics {
            length: m.length,
            limit: m.limit,
            graphemes: m.graphemes,
            words: m.words,
            hashtags: m.hashtags,
            mentions: m.mentions,
            links: m.links,
            emoji: m.emoji,
            questions: m.questions,
        }
    }
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.post()
            .report
            .findings
            .iter()
            .map(Finding::from)
            .collect()
    }
    /// The post as in the JSON output's `posts` array.
    fn to_json(&self) -> String {
        postlint::json::json_stream::post(self.post(), true)
            .trim_start()
            .to_string()
    }
    fn __len__(&self) -> usize {
        self.post().report.findings.len()
    }
    fn __repr__(&self) -> String {
        let p = self.post();
        format!(
            "Report(source={:?}, platform={:?}, language={:?}, findings={})",
            p.source,
            p.report.platform,
            p.report.language,
            p.report.findings.len()
        )
    }
}

/// A calendar finding of a batch: a rule over all the posts of the batch.
#[pyclass(module = "postlint", frozen, get_all)]
struct CalendarFinding {
    rule: String,
    severity: String,
    message: String,
    help: Option<String>,
    platform: Option<String>,
    /// The month (`2026-03`) of a rule evaluated per month.
    month: Option<String>,
    /// `(source, record)` of the posts it points at.
    records: Vec<(String, Option<usize>)>,
}

#[pymethods]
impl CalendarFinding {
    fn __repr__(&self) -> String {
        format!(
            "CalendarFinding(rule={:?}, severity={:?}, records={})",
            self.rule,
            self.severity,
            self.records.len()
        )
    }
}

/// What a batch produced: posts in input order, input errors, the calendar.
#[pyclass(module = "postlint", frozen)]
struct Outcome {
    run: Arc<postlint::Outcome>,
    posts: PyOnceLock<Py<PyList>>,
}

#[pymethods]
impl Outcome {
    /// The linted posts, in input order (records that had errors left out).
    #[getter]
    fn posts(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let list = self.posts.get_or_try_init(py, || {
            let reports = (0..self.run.posts.len()).map(|index| Report {
                run: self.run.clone(),
                index,
            });
            let items: Vec<Bound<'_, Report>> = reports
                .map(|r| Bound::new(py, r))
                .collect::<PyResult<_>>()?;
            Ok::<_, PyErr>(PyList::new(py, items)?.unbind())
        })?;
        Ok(list.clone_ref(py))
    }
    /// Records that could not be read or linted, as `InputError`s.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.run
            .errors
            .iter()
            .map(|e| input_error_object(py, e))
            .collect()
    }
    /// The calendar rules' findings over the whole batch.
    #[getter]
    fn calendar(&self) -> Vec<CalendarFinding> {
        let Some(cal) = &self.run.calendar else {
            return Vec::new();
        };
        cal.report
            .findings
            .iter()
            .map(|f| CalendarFinding {
                rule: f.rule.clone(),
                severity: f.severity.as_str().to_string(),
                message: f.message.clone(),
                help: f.help.clone(),
                platform: f.platform.clone(),
                month: f.month.clone(),
                records: f
                    .records
                    .iter()
                    .map(|&id| {
                        let (s, r) = cal.record(id);
                        (s.to_string(), r)
                    })
                    .collect(),
            })
            .collect()
    }
    /// Whether a post or calendar finding is at or above `level`
    /// (`error`, `warning` or `suggestion`).
    fn fails_at(&self, py: Python<'_>, level: &str) -> PyResult<bool> {
        let level = postlint::Severity::parse(level).ok_or_else(|| {
            raise(
                py,
                "SettingError",
                format!("level must be `error`, `warning` or `suggestion`, not `{level}`"),
            )
        })?;
        Ok(self.run.fails_at(level))
    }
    /// The document `postlint check --format json` writes for this batch.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let run = self.run.clone();
        // postlint::json::write's document, its posts formatted in parallel
        // as the command does.
        let out = py.detach(move || {
            use postlint::json::json_stream;
            use rayon::prelude::*;
            let posts: Vec<String> = (0..run.posts.len())
                .into_par_iter()
                .map(|i| json_stream::post(&run.posts[i], i == 0))
                .collect();
            let mut out = Vec::with_capacity(posts.iter().map(String::len).sum::<usize>() + 4096);
            out.extend_from_slice(json_stream::HEAD.as_bytes());
            for p in &posts {
                out.extend_from_slice(p.as_bytes());
            }
            json_stream::write_tail(&run, &mut out).map(|()| out)
        });
        let out = out.map_err(|e| pyo3::exceptions::PyIOError::new_err(e.to_string()))?;
        String::from_utf8(out).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    }
    /// Findings of every post, as columns: `record` (the post's index in
    /// `posts`), `rule`, `severity`, `message`, `line`, `column`, `start`, `end`.
    fn finding_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut post = Vec::new();
        let mut rule = Vec::new();
        let mut severity = Vec::new();
        let mut message = Vec::new();
        let mut help = Vec::new();
        let mut line = Vec::new();
        let mut column = Vec::new();
        let mut start = Vec::new();
        let mut end = Vec::new();
        for (i, p) in self.run.posts.iter().enumerate() {
            for f in &p.report.findings {
                post.push(i);
                rule.push(f.rule.as_str());
                severity.push(f.severity.as_str());
                message.push(f.message.as_str());
                help.push(f.help.as_deref());
                line.push(f.line);
                column.push(f.column);
                start.push(f.span.start);
                end.push(f.span.end);
            }
        }
        let d = PyDict::new(py);
        d.set_item("post", post)?;
        d.set_item("rule", rule)?;
        d.set_item("severity", severity)?;
        d.set_item("message", message)?;
        d.set_item("help", help)?;
        d.set_item("line", line)?;
        d.set_item("column", column)?;
        d.set_item("start", start)?;
        d.set_item("end", end)?;
        Ok(d)
    }
    /// One entry a post: `platform`, `language`, `kind`, `length`, `limit`,
    /// and the number of findings per severity, as columns.
    fn post_columns<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let posts = &self.run.posts;
        let count = |level: postlint::Severity| -> Vec<usize> {
            posts
                .iter()
                .map(|p| {
                    p.report
                        .findings
                        .iter()
                        .filter(|f| f.severity == level)
                        .count()
                })
                .collect()
        };
        let d = PyDict::new(py);
        d.set_item(
            "platform",
            posts
                .iter()
                .map(|p| p.report.platform.as_str())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "language",
            posts
                .iter()
                .map(|p| p.report.language.as_str())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "kind",
            posts
                .iter()
                .map(|p| p.report.kind.as_str())
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "length",
            posts
                .iter()
                .map(|p| p.report.metrics.length)
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "limit",
            posts
                .iter()
                .map(|p| p.report.metrics.limit)
                .collect::<Vec<_>>(),
        )?;
        d.set_item(
            "findings",
            posts
                .iter()
                .map(|p| p.report.findings.len())
                .collect::<Vec<_>>(),
        )?;
        d.set_item("errors", count(postlint::Severity::Error))?;
        d.set_item("warnings", count(postlint::Severity::Warning))?;
        d.set_item("suggestions", count(postlint::Severity::Suggestion))?;
        Ok(d)
    }
    /// The posts' record numbers, in order (see `Report.record`).
    fn records(&self) -> Vec<Option<usize>> {
        self.run.posts.iter().map(|p| p.record).collect()
    }
    fn __len__(&self) -> usize {
        self.run.posts.len()
    }
    fn __repr__(&self) -> String {
        format!(
            "Outcome(posts={}, errors={}, calendar={})",
            self.run.posts.len(),
            self.run.errors.len(),
            self.run
                .calendar
                .as_ref()
                .map_or(0, |c| c.report.findings.len())
        )
    }
}

impl Outcome {
    fn new(run: postlint::Outcome) -> Outcome {
        Outcome {
            run: Arc::new(run),
            posts: PyOnceLock::new(),
        }
    }
}

/// A rule as `postlint rules list` and `explain` describe it.
#[pyclass(module = "postlint", frozen, get_all)]
struct Rule {
    id: String,
    pack: String,
    severity: String,
    message: String,
    help: Option<String>,
    rationale: String,
    principle: Option<String>,
    category: Option<String>,
    platforms: Vec<String>,
    kinds: Vec<String>,
    languages: Vec<String>,
    params: Vec<(String, String)>,
    calendar: bool,
    enabled: bool,
    source: String,
}

#[pymethods]
impl Rule {
    fn __repr__(&self) -> String {
        format!(
            "Rule(id={:?}, severity={:?}, enabled={})",
            self.id,
            self.severity,
            if self.enabled { "True" } else { "False" }
        )
    }
}

fn rule_list(set: &RuleSet) -> Vec<Rule> {
    set.rules()
        .map(|r| Rule {
            id: r.id.clone(),
            pack: r.pack.clone(),
            severity: r.severity.as_str().to_string(),
            message: r.message.clone(),
            help: r.help.clone(),
            rationale: r.rationale.clone(),
            principle: r.principle.clone(),
            category: r.category.clone(),
            platforms: r.platforms.clone(),
            kinds: r.kinds.clone(),
            languages: r.languages.clone(),
            params: r.params.clone(),
            calendar: r.calendar,
            enabled: r.enabled,
            source: r.source.clone(),
        })
        .collect()
}

// ---------------------------------------------------------------- the linter

/// The rule set of a project (a config file, packs) and the defaults for
/// posts that do not say their platform, language or kind.
#[pyclass(module = "postlint", frozen, subclass)]
struct Linter {
    linter: Arc<postlint::Linter>,
}

/// A JSON value of a record's field (pandas' missing values, NaN and None,
/// are missing fields; a list or tuple is an array of such values, as
/// `tags` takes it; other objects are their `str`).
fn json_value(v: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        // One level deep: a list inside is its `str` (and a list that holds
        // itself cannot recurse).
        return Ok(serde_json::Value::Array(
            v.try_iter()?
                .map(|item| scalar_value(&item?))
                .collect::<PyResult<_>>()?,
        ));
    }
    scalar_value(v)
}

fn scalar_value(v: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    Ok(if v.is_none() {
        Value::Null
    } else if let Ok(s) = v.cast::<PyString>() {
        Value::String(s.to_cow()?.into_owned())
    } else if v.is_instance_of::<PyBool>() {
        Value::Bool(v.extract()?)
    } else if v.is_instance_of::<PyInt>() {
        match v.extract::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::String(v.str()?.to_cow()?.into_owned()),
        }
    } else if v.is_instance_of::<PyFloat>() {
        let f: f64 = v.extract()?;
        serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
    } else {
        Value::String(v.str()?.to_cow()?.into_owned())
    })
}

/// A record of `lint_many`: a text, or a mapping read like a JSONL line.
fn record_of(
    source: &str,
    number: usize,
    item: &Bound<'_, PyAny>,
    dates: &postlint::dates::DateReader,
) -> PyResult<Result<Record, InputError>> {
    if let Ok(s) = item.cast::<PyString>() {
        return Ok(Ok(Record {
            source: source.to_string(),
            record: Some(number),
            text: s.to_cow()?.into_owned(),
            line_based: true,
            ..Record::default()
        }));
    }
    let Ok(d) = item.cast::<PyDict>() else {
        if item.hasattr("keys")? {
            let d = PyDict::new(item.py());
            d.call_method1("update", (item,))?;
            return record_of(source, number, d.as_any(), dates);
        }
        return Err(PyTypeError::new_err(format!(
            "a record is a str or a dict with a \"text\" key, not {}",
            item.get_type().name()?
        )));
    };
    let mut obj = serde_json::Map::new();
    for (k, v) in d.iter() {
        let key: String = match k.cast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => k.str()?.to_cow()?.into_owned(),
        };
        obj.insert(key, json_value(&v)?);
    }
    Ok(records::object_record(source, number, obj, dates))
}

/// What `lint`'s arguments say about the draft: like the command's flags,
/// defaults that the draft's own front matter overrides.
struct DraftSettings {
    platform: Option<String>,
    lang: Option<String>,
    kind: Option<String>,
    in_reply_to: Option<String>,
    media: Option<bool>,
}

impl DraftSettings {
    /// Checked as the command checks its flags: a mistake is a setting error.
    fn check(&self, py: Python<'_>, rules: &RuleSet) -> PyResult<()> {
        if let Some(p) = &self.platform {
            if rules.platform(&records::platform_id(p)).is_none() {
                let list = postlint::platform_list(rules);
                let message = format!("unknown platform `{p}`; {list}");
                return Err(raise(py, "SettingError", message));
            }
        }
        if let Some(k) = &self.kind {
            if postlint::Kind::parse(&k.to_lowercase()).is_none() {
                let message = format!("kind must be `post` or `reply`, not `{k}`");
                return Err(raise(py, "SettingError", message));
            }
        }
        Ok(())
    }

    fn apply(self, r: &mut Record) {
        r.platform = r.platform.take().or(self.platform);
        r.lang = r.lang.take().or(self.lang);
        r.kind = r.kind.take().or(self.kind);
        r.in_reply_to = r.in_reply_to.take().or(self.in_reply_to);
        r.media = r.media.or(self.media);
    }
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config_path=None, packs=None, *, enable=None, disable=None, platform=None, lang=None, kind=None, media=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        config_path: Option<PathBuf>,
        packs: Option<Vec<PathBuf>>,
        enable: Option<Vec<String>>,
        disable: Option<Vec<String>>,
        platform: Option<String>,
        lang: Option<String>,
        kind: Option<String>,
        media: Option<bool>,
    ) -> PyResult<Linter> {
        let made = py.detach(move || -> Result<postlint::Linter, postlint::Error> {
            let project = Project::load(config_path.as_deref())?;
            let packs = packs.unwrap_or_default();
            // A built-in pack's name turns it on; anything else is a path.
            let (on, paths): (Vec<PathBuf>, Vec<PathBuf>) = packs.into_iter().partition(|p| {
                p.to_str()
                    .is_some_and(|n| postlint::engine::builtin::PACKS.contains(&n))
            });
            let mut rules = project.rules(&paths, false)?;
            let on = on.into_iter().map(|p| p.display().to_string());
            let switches = on
                .map(|p| (p, true, "packs"))
                .chain(
                    enable
                        .unwrap_or_default()
                        .into_iter()
                        .map(|i| (i, true, "enable")),
                )
                .chain(
                    disable
                        .unwrap_or_default()
                        .into_iter()
                        .map(|i| (i, false, "disable")),
                );
            for (id, on, arg) in switches {
                let o = postlint::engine::RuleOverride {
                    enabled: Some(on),
                    ..Default::default()
                };
                if rules.apply_override(&id, &o).is_err() && !rules.set_pack_enabled(&id, on) {
                    let ids: Vec<String> = rules.rules().map(|r| r.id.clone()).collect();
                    let hint = postlint::closest(&id, &ids)
                        .map(|c| format!("; did you mean `{c}`?"))
                        .unwrap_or_default();
                    return Err(postlint::Error::Setting(format!(
                        "{arg}: no rule or pack `{id}`{hint} (see postlint.rules())"
                    )));
                }
            }
            let defaults = project.defaults()?;
            let defaults = Defaults {
                platform: platform.or(defaults.platform),
                lang: lang.or(defaults.lang),
                kind: match postlint::parse_kind(kind.as_deref())? {
                    Some(k) => k,
                    None => defaults.kind,
                },
                media,
                ..defaults
            };
            postlint::Linter::new(rules, defaults)
        });
        match made {
            Ok(l) => Ok(Linter {
                linter: Arc::new(l),
            }),
            Err(e) => Err(lib_error(py, e)),
        }
    }

    /// Lint one draft (plain text, or Markdown with front matter).
    #[pyo3(signature = (text, *, platform=None, lang=None, kind=None, in_reply_to=None, media=None, source="<text>".to_string()))]
    #[allow(clippy::too_many_arguments)]
    fn lint(
        &self,
        py: Python<'_>,
        text: String,
        platform: Option<String>,
        lang: Option<String>,
        kind: Option<String>,
        in_reply_to: Option<String>,
        media: Option<bool>,
        source: String,
    ) -> PyResult<Report> {
        let settings = DraftSettings {
            platform,
            lang,
            kind,
            in_reply_to,
            media,
        };
        settings.check(py, self.linter.rules())?;
        let linter = self.linter.clone();
        let linted = py.detach(move || {
            let mut r =
                records::draft_record(&source, None, text.into_bytes(), &linter.defaults().dates)?;
            settings.apply(&mut r);
            linter.lint_record(r)
        });
        match linted {
            Ok(p) => Ok(Report {
                run: Arc::new(postlint::Outcome {
                    posts: vec![p],
                    records_read: 1,
                    linted: 1,
                    ..postlint::Outcome::default()
                }),
                index: 0,
            }),
            Err(e) => Err(input_error(py, &e)),
        }
    }

    /// Lint records as one batch on all cores: texts, or dicts read like
    /// the lines of a JSONL file. Record `i` (from 0) is numbered `start + i`.
    #[pyo3(signature = (records, *, source="<records>".to_string(), start=1))]
    fn lint_many(
        &self,
        py: Python<'_>,
        records: &Bound<'_, PyAny>,
        source: String,
        start: usize,
    ) -> PyResult<Outcome> {
        let mut batch = Vec::new();
        for (i, item) in records.try_iter()?.enumerate() {
            batch.push(record_of(
                &source,
                start + i,
                &item?,
                &self.linter.defaults().dates,
            )?);
        }
        let linter = self.linter.clone();
        let run = py.detach(move || linter.lint_records(batch));
        Ok(Outcome::new(run))
    }

    /// Lint a JSONL file the way `postlint check FILE.jsonl` does.
    fn lint_jsonl(&self, py: Python<'_>, path: PathBuf) -> PyResult<Outcome> {
        let linter = self.linter.clone();
        let run = py.detach(move || {
            let file = std::fs::File::open(&path).map_err(|e| InputError {
                source: path.display().to_string(),
                line: None,
                message: format!("cannot read it: {e}"),
            })?;
            let source = path.display().to_string();
            let reader = std::io::BufReader::new(file);
            let records = records::jsonl_records(&source, reader, &linter.defaults().dates);
            Ok(linter.lint_records(records))
        });
        match run {
            Ok(run) => Ok(Outcome::new(run)),
            Err(e) => Err(input_error(py, &e)),
        }
    }

    /// The rules of this linter, with whether each is on.
    fn rules(&self) -> Vec<Rule> {
        rule_list(self.linter.rules())
    }
}

/// Every rule of the built-in packs, plus those of `packs` (paths).
#[pyfunction]
#[pyo3(signature = (config_path=None, packs=None))]
fn rules(
    py: Python<'_>,
    config_path: Option<PathBuf>,
    packs: Option<Vec<PathBuf>>,
) -> PyResult<Vec<Rule>> {
    let set = py.detach(move || {
        Project::load(config_path.as_deref())?.rules(&packs.unwrap_or_default(), false)
    });
    set.map(|s| rule_list(&s)).map_err(|e| lib_error(py, e))
}

/// Run the `postlint` command with `argv` (without the program name) in
/// this process; returns its exit code.
#[pyfunction]
fn main(py: Python<'_>, argv: Vec<String>) -> u8 {
    py.detach(move || {
        let code = postlint_cli::run(std::iter::once("postlint".to_string()).chain(argv));
        let _ = std::io::stdout().flush();
        let _ = std::io::stderr().flush();
        code
    })
}

#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{
        main, rules, CalendarFinding, Finding, Fix, Linter, Metrics, Outcome, Report, Rule, Span,
    };

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
