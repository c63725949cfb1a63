//! `postlint report --results`: the comparison of findings against results,
//! as text, as JSON (docs/schema/results-v1.json) and as a section of the
//! HTML report. Renders the library's `ResultsReport`; computes nothing.

use std::fmt::Write as _;

use postlint::results::{Comparison, Group, ResultsReport};

use super::html::escape;

/// An output format of `postlint report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultsFormat {
    /// Lines of text (for people).
    Human,
    /// One JSON document (docs/schema/results-v1.json).
    Json,
    /// The HTML report of the calendar with a section on the results (with `--output`).
    Html,
}

/// Rows and posts listed by name; the rest are counted.
const LISTED: usize = 20;

fn percent(rate: f64) -> String {
    format!("{:.1} %", rate * 100.0)
}

fn points(diff: f64) -> String {
    format!("{:+.1}", diff * 100.0)
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

fn counts(c: &Comparison) -> String {
    format!("n = {} / {}", c.with.posts, c.without.posts)
}

/// `median engagement rate 0.8 % vs 2.1 % (n = 34 / 112); difference -1.3 points [-1.6, -0.9], -62 %, p < 0.001`,
/// or `not enough posts (…)`.
pub fn comparison_text(c: &Comparison, minimum: usize) -> String {
    match (c.with.median, c.without.median, c.difference, c.interval) {
        (Some(a), Some(b), Some(d), Some([lo, hi])) if c.enough => {
            let relative = c
                .relative
                .map(|r| format!(", {:+.0} %", r * 100.0))
                .unwrap_or_default();
            format!(
                "median engagement rate {} vs {} ({}); difference {} points [{}, {}]{relative}, {}",
                percent(a),
                percent(b),
                counts(c),
                points(d),
                points(lo),
                points(hi),
                p_value(c.p_value.unwrap_or(1.0))
            )
        }
        _ => format!(
            "not enough posts ({}; at least {minimum} on each side)",
            counts(c)
        ),
    }
}

fn rule_line(g: &Group, minimum: usize) -> String {
    format!(
        "posts with `{}`: {}",
        g.id,
        comparison_text(&g.comparison, minimum)
    )
}

fn principle_line(g: &Group, minimum: usize) -> String {
    format!(
        "posts using {}: {}",
        g.name.to_lowercase(),
        comparison_text(&g.comparison, minimum)
    )
}

/// The text report: the join, one line per rule and principle, the rows
/// and posts left out.
pub fn human(r: &ResultsReport, calendars: &[String], exports: &[String]) -> String {
    let j = &r.join;
    let mut s = String::new();
    let _ = writeln!(s, "Findings held against results");
    let _ = writeln!(
        s,
        "  calendar: {} ({} posts)",
        calendars.join(", "),
        j.calendar_posts
    );
    let _ = writeln!(
        s,
        "  results:  {} ({} rows read, {} with errors)",
        exports.join(", "),
        j.export_rows,
        r.errors.len()
    );
    let _ = writeln!(
        s,
        "  joined:   {} rows ({} by post id, {} by date and platform); {} rows unmatched; {} calendar posts without results; {} rows without impressions or reach",
        j.matched, j.by_id, j.by_date, j.unmatched, j.posts_without_results, j.without_rate
    );
    let _ = writeln!(
        s,
        "  measure:  engagement rate = engagements / impressions (reach when there are none)"
    );
    let _ = writeln!(
        s,
        "  numbers:  medians; their difference in percentage points with a {:.0} % bootstrap interval ({} resamples, seed {}); Mann-Whitney p; at least {} posts on each side",
        r.confidence * 100.0,
        r.resamples,
        r.seed,
        r.minimum_per_side
    );
    let _ = writeln!(s, "\nRules");
    if r.rules.is_empty() {
        let _ = writeln!(s, "  no matched post has a finding");
    }
    for g in &r.rules {
        let _ = writeln!(s, "  {}", rule_line(g, r.minimum_per_side));
    }
    let _ = writeln!(s, "\nPrinciples");
    for g in &r.principles {
        let _ = writeln!(s, "  {}", principle_line(g, r.minimum_per_side));
    }
    if !r.unmatched.is_empty() {
        let _ = writeln!(s, "\nUnmatched export rows ({})", r.unmatched.len());
        for u in r.unmatched.iter().take(LISTED) {
            let _ = writeln!(s, "  {}:{}: {}", u.source, u.line, u.reason);
        }
        if r.unmatched.len() > LISTED {
            let _ = writeln!(s, "  … and {} more", r.unmatched.len() - LISTED);
        }
    }
    if !r.without_results.is_empty() {
        let places: Vec<String> = r
            .without_results
            .iter()
            .take(LISTED)
            .map(|p| match p.record {
                Some(n) => format!("{}:{n}", p.source),
                None => p.source.clone(),
            })
            .collect();
        let more = r
            .without_results
            .len()
            .checked_sub(LISTED)
            .filter(|&m| m > 0)
            .map(|m| format!(" and {m} more"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "\nCalendar posts without results ({})\n  {}{more}",
            r.without_results.len(),
            places.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "\nCorrelation, not causation: posts with a finding differ in more ways than the finding (docs/calendars.md)."
    );
    s
}

/// The groups' effect rows: a dot at the difference of medians, a bar over
/// its interval, on an axis symmetric around 0 (`scale` points each side).
fn effect_rows(h: &mut String, groups: &[&Group], label: &dyn Fn(&Group) -> String, scale: f64) {
    let at = |x: f64| 50.0 + x / scale * 48.0;
    for g in groups {
        let c = &g.comparison;
        let (Some(d), Some([lo, hi])) = (c.difference, c.interval) else {
            continue;
        };
        let class = if d >= 0.0 { "up" } else { "down" };
        let _ = write!(
            h,
            "<div class=\"effect\"><div class=\"effect-label\">{}<span>{} vs {} · {} · {} points · {}</span></div>",
            label(g),
            percent(c.with.median.unwrap_or(0.0)),
            percent(c.without.median.unwrap_or(0.0)),
            counts(c),
            points(d),
            escape(&p_value(c.p_value.unwrap_or(1.0)))
        );
        let _ = writeln!(
            h,
            "<div class=\"effect-track\" role=\"img\" aria-label=\"difference {} points, interval {} to {}\"><span class=\"zero\" style=\"left:50%\"></span><span class=\"ci {class}\" style=\"left:{:.1}%;width:{:.1}%\"></span><span class=\"dot {class}\" style=\"left:{:.1}%\"></span></div></div>",
            points(d),
            points(lo),
            points(hi),
            at(lo),
            (at(hi) - at(lo)).max(0.5),
            at(d)
        );
    }
}

fn enough(groups: &[Group]) -> Vec<&Group> {
    groups.iter().filter(|g| g.comparison.enough).collect()
}

/// The section of the HTML report: the join's counts, an effect chart per
/// rule and principle with enough posts, and a table of every comparison.
pub fn html_section(r: &ResultsReport) -> String {
    let j = &r.join;
    let mut h = String::new();
    h.push_str(
        "<section id=\"results\">\n<h2>Findings held against results</h2>\n<div class=\"cards\">\n",
    );
    for (n, label) in [
        (j.matched, "export rows joined"),
        (j.unmatched, "export rows unmatched"),
        (r.errors.len(), "input errors"),
        (j.posts_without_results, "posts without results"),
    ] {
        let _ = writeln!(
            h,
            "<div class=\"card\"><b>{n}</b><span>{label}</span></div>"
        );
    }
    h.push_str("</div>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Median engagement rate (engagements / impressions) of the posts with a finding or principle against the posts without it. Dot: the difference of medians in percentage points; bar: its {:.0} % bootstrap interval ({} resamples, seed {}); p: Mann–Whitney. Fewer than {} posts on a side: not enough posts. Correlation, not causation.</p>",
        r.confidence * 100.0,
        r.resamples,
        r.seed,
        r.minimum_per_side
    );
    let (rules, principles) = (enough(&r.rules), enough(&r.principles));
    let scale = rules
        .iter()
        .chain(&principles)
        .filter_map(|g| g.comparison.interval)
        .flat_map(|[lo, hi]| [lo.abs(), hi.abs()])
        .fold(0.001, f64::max);
    let axis = format!(
        "<div class=\"axis\"><span>{} points</span><span>0</span><span>{} points</span></div>\n",
        points(-scale),
        points(scale)
    );
    for (title, groups, label) in [
        (
            "Rules",
            &rules,
            &(|g: &Group| format!("<code>{}</code>", escape(&g.id))) as &dyn Fn(&Group) -> String,
        ),
        (
            "Principles",
            &principles,
            &(|g: &Group| escape(&g.name)) as &dyn Fn(&Group) -> String,
        ),
    ] {
        let _ = writeln!(h, "<h3>{title}</h3>");
        if groups.is_empty() {
            h.push_str("<p class=\"note\">None with enough posts on both sides.</p>\n");
            continue;
        }
        effect_rows(&mut h, groups, label, scale);
        h.push_str(&axis);
    }
    h.push_str("<h3>Every comparison</h3>\n<div class=\"table-wrap\"><table>\n<tr><th>posts with</th><th class=\"num\">n</th><th class=\"num\">median with</th><th class=\"num\">median without</th><th class=\"num\">difference</th><th class=\"num\">p</th></tr>\n");
    for g in r.rules.iter().chain(&r.principles) {
        let c = &g.comparison;
        let median = |m: Option<f64>| m.map(percent).unwrap_or_else(|| "–".into());
        let (diff, p) = match (c.enough, c.difference, c.interval) {
            (true, Some(d), Some([lo, hi])) => (
                format!("{} [{}, {}]", points(d), points(lo), points(hi)),
                p_value(c.p_value.unwrap_or(1.0)),
            ),
            _ => ("not enough posts".into(), "–".into()),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{} / {}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&g.name),
            c.with.posts,
            c.without.posts,
            median(c.with.median),
            median(c.without.median),
            escape(&diff),
            escape(&p)
        );
    }
    h.push_str("</table></div>\n");
    if !r.unmatched.is_empty() {
        let _ = writeln!(
            h,
            "<h3>Unmatched export rows ({})</h3>\n<ul class=\"records\">",
            r.unmatched.len()
        );
        for u in r.unmatched.iter().take(LISTED) {
            let _ = writeln!(
                h,
                "<li><code>{}:{}</code> {}</li>",
                escape(&u.source),
                u.line,
                escape(&u.reason)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use postlint::results::compare;

    #[test]
    fn a_comparison_reads_as_a_sentence_or_says_not_enough() {
        let a = vec![0.008; 12];
        let b = vec![0.021; 30];
        let text = comparison_text(&compare(&a, &b), 10);
        assert!(
            text.starts_with("median engagement rate 0.8 % vs 2.1 % (n = 12 / 30); difference -1.3 points [-1.3, -1.3], -62 %, p < 0.001"),
            "{text}"
        );
        let text = comparison_text(&compare(&a[..3], &b), 10);
        assert_eq!(
            text,
            "not enough posts (n = 3 / 30; at least 10 on each side)"
        );
    }
}
