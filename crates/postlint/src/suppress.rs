//! Suppressions in a draft's text, as HTML comments on a line of their own
//! (the form Markdown hides, and linters of Markdown use):
//!
//! - `<!-- postlint-disable-next-line RULE[, RULE] -->`: the next line;
//! - `<!-- postlint-disable RULE -->` … `<!-- postlint-enable RULE -->`: the
//!   lines between (to the end without an `enable`);
//! - without rule ids, every rule; a pack name stands for its rules.
//!
//! Findings are matched by their first line. A directive that names an
//! unknown rule is an input error; one that suppresses nothing can be
//! reported (`--report-unused-disables`).

use postlint_engine::{Finding, Severity, Span};

/// The rule id of a finding about a suppression that suppresses nothing.
pub const UNUSED_DISABLE: &str = "postlint/unused-disable";

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    DisableNextLine,
    Disable,
    Enable,
}

/// One `<!-- postlint-… -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub action: Action,
    /// Rule ids or pack names; empty for every rule.
    pub rules: Vec<String>,
    /// 1-based line of the comment in the text.
    pub line: usize,
    /// The comment, as bytes of the text.
    pub span: Span,
}

/// The directives of `text` (from `from`, the body's start), in order.
pub fn directives(text: &str, from: usize) -> Vec<Directive> {
    let mut out = Vec::new();
    let first = 1 + text
        .get(..from)
        .map_or(0, |h| h.bytes().filter(|&b| b == b'\n').count());
    let mut offset = from;
    for (i, raw) in text
        .get(from..)
        .unwrap_or("")
        .split_inclusive('\n')
        .enumerate()
    {
        if let Some(d) = parse_line(raw, offset, first + i) {
            out.push(d);
        }
        offset += raw.len();
    }
    out
}

fn parse_line(raw: &str, offset: usize, line: usize) -> Option<Directive> {
    let trimmed = raw.trim();
    let inner = trimmed.strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let rest = inner.strip_prefix("postlint-")?;
    let (action, rest) = if let Some(r) = rest.strip_prefix("disable-next-line") {
        (Action::DisableNextLine, r)
    } else if let Some(r) = rest.strip_prefix("disable") {
        (Action::Disable, r)
    } else if let Some(r) = rest.strip_prefix("enable") {
        (Action::Enable, r)
    } else {
        return None;
    };
    // `postlint-disabled` is not a directive: a space or the end must follow.
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    // An ESLint-style reason after ` -- ` is allowed and ignored.
    let ids = rest.split(" -- ").next().unwrap_or("");
    let rules = ids
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let start = offset + (raw.len() - raw.trim_start().len());
    Some(Directive {
        action,
        rules,
        line,
        span: Span::new(start, start + trimmed.len()),
    })
}

/// A range of lines where some rules are off, and the directive behind it.
struct Range {
    rules: Vec<String>,
    first: usize,
    last: usize,
    directive: usize,
}

/// Whether `rule` is named by `names` (empty: every rule; a pack: its rules).
fn covers(names: &[String], rule: &str) -> bool {
    names.is_empty()
        || names.iter().any(|n| {
            n == rule
                || rule
                    .strip_prefix(n.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Drop the findings the directives suppress. Returns, per directive,
/// whether it suppressed anything (`enable` directives count as used).
pub fn apply(directives: &[Directive], findings: &mut Vec<Finding>) -> Vec<bool> {
    let mut ranges: Vec<Range> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        match d.action {
            Action::DisableNextLine => ranges.push(Range {
                rules: d.rules.clone(),
                first: d.line + 1,
                last: d.line + 1,
                directive: i,
            }),
            Action::Disable => {
                open.push(ranges.len());
                ranges.push(Range {
                    rules: d.rules.clone(),
                    first: d.line + 1,
                    last: usize::MAX,
                    directive: i,
                });
            }
            Action::Enable => {
                // A bare enable closes every open range; a named one, those naming it.
                open.retain(|&r| {
                    let range = &mut ranges[r];
                    let closes =
                        d.rules.is_empty() || d.rules.iter().any(|id| range.rules.contains(id));
                    if closes {
                        range.last = d.line;
                    }
                    !closes
                });
            }
        }
    }
    let mut used: Vec<bool> = directives
        .iter()
        .map(|d| d.action == Action::Enable)
        .collect();
    findings.retain(|f| {
        let hit = ranges
            .iter()
            .find(|r| (r.first..=r.last).contains(&f.line) && covers(&r.rules, &f.rule));
        if let Some(r) = hit {
            used[r.directive] = true;
        }
        hit.is_none()
    });
    used
}

/// A finding for a directive that suppressed nothing.
pub fn unused(d: &Directive, text: &str) -> Finding {
    let (line, column) = postlint_engine::line_column(text, d.span.start);
    let what = if d.rules.is_empty() {
        "anything".to_string()
    } else {
        d.rules
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Finding {
        rule: UNUSED_DISABLE.into(),
        severity: Severity::Warning,
        message: format!("This comment disables {what}, but nothing here is found."),
        help: Some("Remove the comment: it no longer hides a finding.".into()),
        span: d.span,
        line,
        column,
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, line: usize) -> Finding {
        Finding {
            rule: rule.into(),
            severity: Severity::Warning,
            message: String::new(),
            help: None,
            span: Span::new(0, 0),
            line,
            column: 1,
            fix: None,
        }
    }

    #[test]
    fn reads_directives_on_their_own_lines_only() {
        let text = "---\nplatform: x\n---\n<!-- postlint-disable-next-line killers/shouting, killers/bare-link -->\nBUY NOW\n  <!-- postlint-disable -->\ntext <!-- postlint-disable --> inline\n<!-- postlint-disabled -->\n<!-- postlint-enable killers -- reviewed by Ana -->\n";
        let ds = directives(text, 16);
        assert_eq!(ds.len(), 3, "{ds:?}");
        assert_eq!(ds[0].action, Action::DisableNextLine);
        assert_eq!(ds[0].rules, ["killers/shouting", "killers/bare-link"]);
        assert_eq!(ds[0].line, 4);
        assert_eq!(
            &text[ds[0].span.start..ds[0].span.end],
            "<!-- postlint-disable-next-line killers/shouting, killers/bare-link -->"
        );
        assert_eq!(
            (ds[1].action, ds[1].rules.len(), ds[1].line),
            (Action::Disable, 0, 6)
        );
        assert_eq!(
            (ds[2].action, ds[2].rules.clone()),
            (Action::Enable, vec!["killers".to_string()])
        );
    }

    #[test]
    fn next_line_ranges_packs_and_unused() {
        let text = "<!-- postlint-disable-next-line killers/shouting -->\nBUY NOW\n<!-- postlint-disable killers -->\na\nb\n<!-- postlint-enable -->\nc\n<!-- postlint-disable-next-line platform/too-long -->\nd\n";
        let ds = directives(text, 0);
        let mut findings = vec![
            finding("killers/shouting", 2),
            finding("killers/bare-link", 2),
            finding("killers/shouting", 4),
            finding("killers/hard-sell", 5),
            finding("killers/shouting", 7),
            finding("engagement/no-visual", 4),
        ];
        let used = apply(&ds, &mut findings);
        let left: Vec<(&str, usize)> = findings.iter().map(|f| (f.rule.as_str(), f.line)).collect();
        assert_eq!(
            left,
            [
                ("killers/bare-link", 2),
                ("killers/shouting", 7),
                ("engagement/no-visual", 4)
            ]
        );
        assert_eq!(used, [true, true, true, false]);
        let f = unused(&ds[3], text);
        assert_eq!((f.rule.as_str(), f.line), (UNUSED_DISABLE, 8));
    }
}
