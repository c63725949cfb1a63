//! `postlint-bench quality`: precision and recall of the built-in rules on
//! labelled real posts.
//!
//! The posts are linted by the `postlint` command itself (`check --format
//! json`), so the figures are those of what a user sees, input reading
//! included. Labels are kept apart from the texts, by record id: one JSON
//! object a line, `{"id": "…", "rules": ["killers/bare-link"]}`, listing
//! every rule an editor says should fire on the post (an empty list: none).
//!
//! A label may also list `unjudged` rules: rules an editor cannot judge on
//! the text as the source keeps it (a source that masked links as `(LINK)`
//! and dropped line breaks cannot be measured for length). Those rules are
//! not scored on that post, neither way.
//!
//! A rule's finding on a post is a true positive when the labels list the
//! rule for the post, a false positive when they do not; a labelled rule that
//! does not fire is a false negative. A post counts once per rule, however
//! many places the rule points at. A post is *clean* when its labels list no
//! rule of severity warning or error; every warning and error on a clean
//! post is counted (a rule that points at three places counts three), as
//! that is what makes writers switch a linter off.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use postlint_engine::Severity;
use serde::Deserialize;

/// Rules that fire this often in a language must be this precise.
const MIN_FIRES: usize = 5;
const RULE_PRECISION: f64 = 0.90;
const OVERALL_PRECISION: f64 = 0.95;
const CLEAN_WARNINGS: f64 = 0.05;

#[derive(Deserialize)]
struct Label {
    id: String,
    rules: Vec<String>,
    #[serde(default)]
    unjudged: Vec<String>,
}

/// What the labels say of one post.
#[derive(Default)]
struct Expected {
    rules: BTreeSet<String>,
    unjudged: BTreeSet<String>,
}

#[derive(Deserialize)]
struct Output {
    posts: Vec<OutPost>,
    #[serde(default)]
    errors: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct OutPost {
    id: Option<String>,
    language: String,
    findings: Vec<OutFinding>,
}

#[derive(Deserialize)]
struct OutFinding {
    rule: String,
    severity: Severity,
}

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn fires(self) -> usize {
        self.tp + self.fp
    }
    fn precision(self) -> Option<f64> {
        (self.fires() > 0).then(|| self.tp as f64 / self.fires() as f64)
    }
    fn recall(self) -> Option<f64> {
        (self.tp + self.fn_ > 0).then(|| self.tp as f64 / (self.tp + self.fn_) as f64)
    }
}

/// What `quality` measured.
#[derive(Default)]
pub struct Measured {
    /// (language, rule) → score.
    scores: BTreeMap<(String, String), Score>,
    /// Per language: labelled posts, clean posts, warnings and errors on clean posts.
    posts: BTreeMap<String, (usize, usize, usize)>,
    /// Warning and error findings (per post and rule): (true, all).
    serious: (usize, usize),
    unlabelled: usize,
    input_errors: usize,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let labels_path: PathBuf = crate::flag::<String>(args, "--labels")?
        .ok_or("--labels FILE is required")?
        .into();
    let write_doc: Option<PathBuf> = crate::flag::<String>(args, "--write-doc")?.map(Into::into);
    let corpus = crate::positional(args, &["--labels", "--postlint", "--write-doc"]);
    if corpus.is_empty() {
        return Err(crate::USAGE.to_string());
    }
    let postlint = match crate::flag::<String>(args, "--postlint")? {
        Some(p) => PathBuf::from(p),
        None => sibling_postlint()?,
    };
    let labels = read_labels(&labels_path)?;
    let rules = crate::load_rules(true)?;
    let severity: BTreeMap<String, Severity> =
        rules.rules().map(|r| (r.id.clone(), r.severity)).collect();
    let output = lint(&postlint, &corpus)?;
    let m = measure(&labels, &severity, &output);
    let table = report(&m);
    print!("{table}");
    if let Some(doc) = write_doc {
        // File names only: where the corpus lies is the reader's business.
        let names: Vec<String> = corpus
            .iter()
            .map(|c| {
                Path::new(c)
                    .file_name()
                    .map_or(c.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let command = format!(
            "postlint-bench quality --labels {} {}",
            labels_path.display(),
            names.join(" ")
        );
        write_section(&doc, &table, &command)?;
    }
    Ok(())
}

fn sibling_postlint() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let p = exe.with_file_name(format!("postlint{}", std::env::consts::EXE_SUFFIX));
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!(
            "no postlint binary at {}: build it (`cargo build --release`) or pass --postlint PATH",
            p.display()
        ))
    }
}

fn read_labels(path: &Path) -> Result<BTreeMap<String, Expected>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut labels = BTreeMap::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let l: Label =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        let expected = Expected {
            rules: l.rules.into_iter().collect(),
            unjudged: l.unjudged.into_iter().collect(),
        };
        labels.insert(l.id, expected);
    }
    Ok(labels)
}

fn lint(postlint: &Path, corpus: &[String]) -> Result<Output, String> {
    let out = std::process::Command::new(postlint)
        .args(["check", "--format", "json"])
        .args(corpus)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", postlint.display()))?;
    // 0: clean, 1: findings, 2: some records could not be read (they are
    // in the output's `errors`, and every other record is linted). Without
    // a JSON report, the run itself failed.
    match (out.status.code(), serde_json::from_slice(&out.stdout)) {
        (Some(0..=2), Ok(output)) => Ok(output),
        (code, parsed) => Err(format!(
            "postlint check failed (exit {code:?}): {}{}",
            String::from_utf8_lossy(&out.stderr),
            parsed
                .err()
                .map(|e| format!(" (its JSON: {e})"))
                .unwrap_or_default()
        )),
    }
}

fn measure(
    labels: &BTreeMap<String, Expected>,
    severity: &BTreeMap<String, Severity>,
    output: &Output,
) -> Measured {
    let serious = |rule: &str| severity.get(rule).is_some_and(|s| *s >= Severity::Warning);
    let mut m = Measured {
        input_errors: output.errors.len(),
        ..Measured::default()
    };
    for post in &output.posts {
        let Some(label) = post.id.as_ref().and_then(|id| labels.get(id)) else {
            m.unlabelled += 1;
            continue;
        };
        let expected = &label.rules;
        let lang = post.language.clone();
        let fired: BTreeMap<&str, Severity> = post
            .findings
            .iter()
            .filter(|f| !label.unjudged.contains(&f.rule))
            .map(|f| (f.rule.as_str(), f.severity))
            .collect();
        let clean = !expected.iter().any(|r| serious(r));
        let counts = m.posts.entry(lang.clone()).or_default();
        counts.0 += 1;
        if clean {
            counts.1 += 1;
            counts.2 += post
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning && !label.unjudged.contains(&f.rule))
                .count();
        }
        for (rule, sev) in &fired {
            let s = m
                .scores
                .entry((lang.clone(), rule.to_string()))
                .or_default();
            let right = expected.contains(*rule);
            if right {
                s.tp += 1;
            } else {
                s.fp += 1;
            }
            if *sev >= Severity::Warning {
                m.serious.1 += 1;
                m.serious.0 += usize::from(right);
            }
        }
        for rule in expected
            .iter()
            .filter(|r| !fired.contains_key(r.as_str()) && !label.unjudged.contains(*r))
        {
            m.scores
                .entry((lang.clone(), rule.clone()))
                .or_default()
                .fn_ += 1;
        }
    }
    m
}

fn ratio(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.2}"))
}

fn report(m: &Measured) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| language | rule | fires | precision | recall | TP | FP | FN | target |\n|---|---|---|---|---|---|---|---|---|"
    );
    let mut below = Vec::new();
    for ((lang, rule), s) in &m.scores {
        let target = if s.fires() < MIN_FIRES {
            "–"
        } else if s.precision().unwrap_or(1.0) >= RULE_PRECISION {
            "met"
        } else {
            below.push(format!("{lang} {rule}"));
            "**not met**"
        };
        let _ = writeln!(
            t,
            "| {lang} | {rule} | {} | {} | {} | {} | {} | {} | {target} |",
            s.fires(),
            ratio(s.precision()),
            ratio(s.recall()),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "| language | labelled posts | clean posts | warnings and errors on clean posts | per clean post |\n|---|---|---|---|---|");
    let (mut clean_all, mut warn_all) = (0, 0);
    for (lang, (posts, clean, warnings)) in &m.posts {
        clean_all += clean;
        warn_all += warnings;
        let _ = writeln!(
            t,
            "| {lang} | {posts} | {clean} | {warnings} | {} |",
            ratio((*clean > 0).then(|| *warnings as f64 / *clean as f64))
        );
    }
    let per_clean = (clean_all > 0).then(|| warn_all as f64 / clean_all as f64);
    let overall = (m.serious.1 > 0).then(|| m.serious.0 as f64 / m.serious.1 as f64);
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "- Warning and error findings: {} of {} right, precision {} (target ≥ {OVERALL_PRECISION:.2}): {}.",
        m.serious.0,
        m.serious.1,
        ratio(overall),
        met(overall.unwrap_or(1.0) >= OVERALL_PRECISION)
    );
    let _ = writeln!(
        t,
        "- Warnings and errors per clean post: {} (target ≤ {CLEAN_WARNINGS:.2}): {}.",
        ratio(per_clean),
        met(per_clean.unwrap_or(0.0) <= CLEAN_WARNINGS)
    );
    let _ = writeln!(
        t,
        "- Rules firing {MIN_FIRES} or more times in a language with precision below {RULE_PRECISION:.2}: {}.",
        if below.is_empty() { "none".to_string() } else { below.join(", ") }
    );
    if m.unlabelled > 0 || m.input_errors > 0 {
        let _ = writeln!(
            t,
            "- Not counted: {} posts without labels, {} records postlint could not read.",
            m.unlabelled, m.input_errors
        );
    }
    t
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**not met**"
    }
}

const START: &str = "<!-- quality:real:start -->";
const END: &str = "<!-- quality:real:end -->";

/// Replace the real-posts section of the quality doc.
fn write_section(doc: &Path, table: &str, command: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    let (Some(a), Some(b)) = (text.find(START), text.find(END)) else {
        return Err(format!("{}: no `{START}` … `{END}` section", doc.display()));
    };
    if b < a {
        return Err(format!("{}: `{END}` comes before `{START}`", doc.display()));
    }
    let section = format!("{START}\nMeasured by `{command}`:\n\n{table}");
    let updated = format!("{}{section}{}", &text[..a], &text[b..]);
    std::fs::write(doc, updated).map_err(|e| format!("{}: {e}", doc.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(json: &str) -> Output {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn findings_are_scored_against_labels_once_per_post_and_rule() {
        let labels: BTreeMap<String, Expected> = [
            ("a", vec!["killers/bare-link"], vec![]),
            ("b", vec![], vec![]),
            ("c", vec!["replies/no-apology"], vec![]),
            ("d", vec![], vec!["platform/too-long"]),
        ]
        .into_iter()
        .map(|(id, r, u)| {
            let set = |v: Vec<&str>| v.into_iter().map(String::from).collect();
            let e = Expected {
                rules: set(r),
                unjudged: set(u),
            };
            (id.to_string(), e)
        })
        .collect();
        let severity: BTreeMap<String, Severity> = [
            ("killers/bare-link", Severity::Warning),
            ("killers/shouting", Severity::Suggestion),
            ("replies/no-apology", Severity::Warning),
        ]
        .into_iter()
        .map(|(r, s)| (r.to_string(), s))
        .collect();
        let out = output(
            r#"{"posts": [
              {"id": "a", "language": "en", "findings": [
                {"rule": "killers/bare-link", "severity": "warning"},
                {"rule": "killers/bare-link", "severity": "warning"}]},
              {"id": "b", "language": "en", "findings": [
                {"rule": "killers/bare-link", "severity": "warning"},
                {"rule": "killers/shouting", "severity": "suggestion"}]},
              {"id": "c", "language": "nl", "findings": []},
              {"id": "d", "language": "nl", "findings": [
                {"rule": "platform/too-long", "severity": "error"}]},
              {"id": "z", "language": "nl", "findings": []}]}"#,
        );
        let m = measure(&labels, &severity, &out);
        let s = m.scores[&("en".to_string(), "killers/bare-link".to_string())];
        assert_eq!((s.tp, s.fp, s.fn_), (1, 1, 0));
        let s = m.scores[&("nl".to_string(), "replies/no-apology".to_string())];
        assert_eq!((s.tp, s.fp, s.fn_), (0, 0, 1));
        // Post b is clean: one warning on it (the suggestion does not count).
        assert_eq!(m.posts["en"], (2, 1, 1));
        // Post d's length cannot be judged: its error is not counted.
        assert_eq!(m.posts["nl"], (2, 1, 0));
        assert!(!m
            .scores
            .contains_key(&("nl".to_string(), "platform/too-long".to_string())));
        assert_eq!(m.serious, (1, 2));
        assert_eq!(m.unlabelled, 1);
        let table = report(&m);
        assert!(table.contains("| en | killers/bare-link | 2 | 0.50 | 1.00 | 1 | 1 | 0 | – |"));
        assert!(table.contains("precision 0.50 (target ≥ 0.95): **not met**"));
    }
}
