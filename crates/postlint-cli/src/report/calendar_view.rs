//! The calendar section of the human output: calendar findings, cadence per
//! platform, the principle mix and the share of questions, humor and sales
//! posts, drawn as small terminal bar charts.

use std::fmt::Write as _;

use postlint_engine::Severity;

use postlint::{Calendar, Outcome};

use super::terminal::count;

/// Width of a full bar, in terminal cells.
pub const BAR_WIDTH: usize = 30;

/// A bar of `value / max` of `width` cells, in eighths of a cell.
pub fn bar(value: f64, max: f64, width: usize) -> String {
    const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    if max <= 0.0 || value <= 0.0 || !value.is_finite() {
        return String::new();
    }
    let eighths = ((value / max).min(1.0) * width as f64 * 8.0).round() as usize;
    // Anything above zero shows at least a sliver.
    let eighths = eighths.max(1);
    let mut s = "█".repeat(eighths / 8);
    s.push_str(PARTS[eighths % 8]);
    s
}

const SPARK: [char; 8] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇'];

/// Every ISO week from the first scheduled post to the last, also the empty ones.
pub fn week_range(s: &postlint_engine::CalendarSummary) -> Vec<String> {
    use postlint_engine::calendar::{iso_week, parse_datetime};
    let day = |t: &Option<String>| {
        t.as_deref()
            .and_then(parse_datetime)
            .map(|m| m.div_euclid(1440))
    };
    let first = s.platforms.values().filter_map(|c| day(&c.first)).min();
    let last = s.platforms.values().filter_map(|c| day(&c.last)).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    let mut weeks: Vec<String> = Vec::new();
    // A week at a time (at most ten years of them), then the last post's week.
    for d in (first..=last).step_by(7).take(520).chain([last]) {
        let w = iso_week(d);
        if weeks.last() != Some(&w) {
            weeks.push(w);
        }
    }
    weeks
}

/// Percent of a part of a whole, rounded.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        0
    } else {
        ((part as f64 / whole as f64) * 100.0).round() as usize
    }
}

fn severity_label(s: Severity, color: bool) -> String {
    let (code, text) = match s {
        Severity::Error => ("31", "error"),
        Severity::Warning => ("33", "warning"),
        Severity::Suggestion => ("36", "suggestion"),
    };
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    if n >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// The calendar findings, one with its help and records each.
pub fn findings(out: &mut String, calendar: &Calendar, color: bool) {
    for f in &calendar.report.findings {
        let _ = writeln!(
            out,
            "  {} [{}] {}",
            severity_label(f.severity, color),
            f.rule,
            f.message
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "      help: {help}");
        }
        if !f.records.is_empty() {
            let _ = writeln!(out, "      records: {}", calendar.records_text(&f.records));
        }
    }
}

/// The calendar section of the human output.
pub fn human(calendar: &Calendar, outcome: &Outcome, color: bool) -> String {
    let s = &calendar.report.summary;
    let mut out = String::new();
    let heading = |out: &mut String, title: &str| {
        let _ = writeln!(out, "\n{title}\n{}", "─".repeat(title.chars().count()));
    };
    let linted = outcome.linted.max(outcome.posts.len());
    let _ = writeln!(
        out,
        "\n══ Calendar ══ {} read, {} on {}, {}",
        count(
            outcome.records_read.max(linted + outcome.errors.len()),
            "record",
            "records"
        ),
        count(s.posts, "post", "posts"),
        count(s.platforms.len(), "platform", "platforms"),
        count(outcome.errors.len(), "input error", "input errors")
    );

    heading(&mut out, "Calendar findings");
    if calendar.report.findings.is_empty() {
        let _ = writeln!(out, "  none: cadence, mix and repetition look fine");
    }
    findings(&mut out, calendar, color);

    heading(&mut out, "Cadence per platform");
    let _ = writeln!(
        out,
        "  {} {:>5}  {:<16}  {:<16}  {:>7}  {:>7}",
        pad("platform", 10),
        "posts",
        "first",
        "last",
        "max gap",
        "max/day"
    );
    for (platform, c) in &s.platforms {
        let _ = writeln!(
            out,
            "  {} {:>5}  {:<16}  {:<16}  {:>5.1} d  {:>7}",
            pad(platform, 10),
            c.posts,
            c.first.as_deref().unwrap_or("-"),
            c.last.as_deref().unwrap_or("-"),
            c.max_gap_days,
            c.max_posts_per_day
        );
    }
    let weeks = week_range(&calendar.report.summary);
    if !weeks.is_empty() {
        let _ = write!(out, "\n  {}", pad("posts per week", 16));
        for w in &weeks {
            let _ = write!(
                out,
                " {:>3}",
                w.split_once('-').map_or(w.as_str(), |(_, w)| w)
            );
        }
        out.push('\n');
        let max = s
            .platforms
            .values()
            .flat_map(|c| c.per_week.values())
            .copied()
            .max()
            .unwrap_or(1)
            .max(1);
        for (platform, c) in &s.platforms {
            let _ = write!(out, "  {}", pad(platform, 16));
            let mut spark = String::new();
            for w in &weeks {
                let n = c.per_week.get(w).copied().unwrap_or(0);
                let _ = write!(out, " {n:>3}");
                spark.push(if n == 0 {
                    ' '
                } else {
                    SPARK[((n * 7).div_ceil(max)).clamp(1, 7)]
                });
            }
            let _ = writeln!(out, "   {spark}");
        }
    }

    heading(&mut out, "Principle mix (posts using each principle)");
    let max = s
        .principles
        .iter()
        .map(|p| p.posts)
        .max()
        .unwrap_or(0)
        .max(1);
    for p in &s.principles {
        let _ = writeln!(
            out,
            "  {} {} {:>4}  {:>3}%",
            pad(&p.name, 18),
            pad(&bar(p.posts as f64, max as f64, BAR_WIDTH), BAR_WIDTH),
            p.posts,
            percent(p.posts, s.posts)
        );
    }

    heading(&mut out, "Questions, humor and sales (share of posts)");
    for (name, n) in [
        ("questions", s.questions),
        ("humor", s.humor),
        ("sales", s.sales),
    ] {
        let _ = writeln!(
            out,
            "  {} {} {:>4}  {:>3}%",
            pad(name, 18),
            pad(&bar(n as f64, s.posts.max(1) as f64, BAR_WIDTH), BAR_WIDTH),
            n,
            percent(n, s.posts)
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_in_eighths() {
        assert_eq!(bar(0.0, 10.0, 30), "");
        assert_eq!(bar(10.0, 10.0, 30), "█".repeat(30));
        assert_eq!(bar(1.0, 2.0, 3), "█▌");
        assert_eq!(
            bar(0.001, 10.0, 30),
            "▏",
            "a sliver for anything above zero"
        );
        assert_eq!(bar(20.0, 10.0, 4), "████", "clamped to the width");
    }

    #[test]
    fn percents() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
    }
}
