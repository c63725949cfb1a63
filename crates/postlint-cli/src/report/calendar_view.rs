//! The calendar section of the human output: calendar findings, cadence per
//! platform, the principle mix and the share of questions, humor and sales
//! posts, drawn as small terminal bar charts.

use std::fmt::Write as _;

use postlint_engine::{RuleSet, Severity};

use postlint::{Calendar, Outcome, UiLang};
use postlint_engine::calendar::{civil_from_days, month_name};

use super::words::{count, words, Words};

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

/// A week of the calendar: its ISO key (`2026-W10`, as `per_week` counts
/// it) and its Monday, in days since 1970-01-01.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    pub key: String,
    pub monday: i64,
}

/// Every week from the first scheduled post to the last, also the empty ones
/// (at most ten years of them).
pub fn week_range(s: &postlint_engine::CalendarSummary) -> Vec<Week> {
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
    let monday = first - weekday(first);
    (monday..=last)
        .step_by(7)
        .take(522)
        .map(|monday| Week {
            key: iso_week(monday),
            monday,
        })
        .collect()
}

/// 0 for Monday to 6 for Sunday, of a day number (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// Dutch abbreviates March as `mrt`, not by its first three letters.
const MONTHS_NL_SHORT: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const WEEKDAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

fn month_index(m: i64) -> usize {
    (m - 1).clamp(0, 11) as usize
}

/// `2 Mar` (`2 mrt` in Dutch) of a day number.
pub fn day_month(day: i64, lang: UiLang) -> String {
    let (_, m, d) = civil_from_days(day);
    let month = match lang {
        UiLang::En => &month_name(m, "en")[..3],
        UiLang::Nl => MONTHS_NL_SHORT[month_index(m)],
    };
    format!("{d} {month}")
}

/// `March 2026` (`maart 2026`) of a day number.
pub fn month_year(day: i64, lang: UiLang) -> String {
    postlint_engine::calendar::month_year(day, lang.as_str())
}

/// `Mon 2 Mar 2026, 09:00` (`ma 2 mrt 2026, 09:00`) of minutes since 1970.
pub fn date_time(minutes: i64, lang: UiLang) -> String {
    let day = minutes.div_euclid(1440);
    let (y, _, _) = civil_from_days(day);
    let t = minutes.rem_euclid(1440);
    let weekday = match lang {
        UiLang::En => WEEKDAYS_EN,
        UiLang::Nl => WEEKDAYS_NL,
    }[weekday(day) as usize];
    format!(
        "{weekday} {} {y}, {:02}:{:02}",
        day_month(day, lang),
        t / 60,
        t % 60
    )
}

/// The year to print under each week's date: at the first week and where
/// the year changes, so that a date is never ambiguous.
pub fn week_years(weeks: &[Week]) -> Vec<Option<i64>> {
    let mut last = None;
    weeks
        .iter()
        .map(|w| {
            let (y, _, _) = civil_from_days(w.monday);
            let shown = (last != Some(y)).then_some(y);
            last = Some(y);
            shown
        })
        .collect()
}

/// Percent of a part of a whole, rounded.
pub fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        0
    } else {
        ((part as f64 / whole as f64) * 100.0).round() as usize
    }
}

/// The severity in the UI language (the nouns of the summary), coloured.
fn severity_label(s: Severity, color: bool, w: &Words) -> String {
    let code = match s {
        Severity::Error => "31",
        Severity::Warning => "33",
        Severity::Suggestion => "36",
    };
    let text = w.severity(s);
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
pub fn findings(out: &mut String, calendar: &Calendar, color: bool, lang: UiLang) {
    let w = words(lang);
    for f in &calendar.report.findings {
        let _ = writeln!(
            out,
            "  {} [{}] {}",
            severity_label(f.severity, color, w),
            f.rule,
            f.message
        );
        if let Some(help) = &f.help {
            let _ = writeln!(out, "      {}: {help}", w.help);
        }
        if !f.records.is_empty() {
            let _ = writeln!(
                out,
                "      {}: {}",
                w.records,
                calendar.records_text(&f.records)
            );
        }
    }
}

/// Width of the names before the share bars, at least (a longer name, such
/// as `Sociale bewijskracht`, widens the column).
const SHARE_NAME: usize = 18;

/// Where 0 %, 50 % and 100 % fall on a share bar, above the bars, after
/// names `name_width` wide.
fn share_scale(out: &mut String, name_width: usize) {
    let mut scale = format!("{:<w$}50%", "0%", w = BAR_WIDTH / 2 - 1);
    scale = format!("{scale:<w$}100%", w = BAR_WIDTH - 4);
    let _ = writeln!(out, "  {} {scale}", pad("", name_width));
}

/// A share of all posts: its bar on the 0 to 100 % scale (a full bar is
/// every post, whatever the largest share), the count and the percent.
fn share_line(out: &mut String, name: &str, name_width: usize, n: usize, posts: usize) {
    let _ = writeln!(
        out,
        "  {} {} {:>4}  {:>3}%",
        pad(name, name_width),
        pad(&bar(n as f64, posts.max(1) as f64, BAR_WIDTH), BAR_WIDTH),
        n,
        percent(n, posts)
    );
}

/// Posts per week per platform: a column per week under the date of its
/// Monday (the year above the first week and where it changes), as many
/// weeks a row as fit in `width` columns.
fn week_table(
    out: &mut String,
    s: &postlint_engine::CalendarSummary,
    weeks: &[Week],
    width: usize,
    lang: UiLang,
) {
    // A column: a space and six cells for `30 Mar`; a spark cell at the end.
    let label = words(lang).posts_week_of;
    let label_width = label.chars().count().max(16);
    let per_row = (width.saturating_sub(2 + label_width + 3) / 8).max(1);
    let years = week_years(weeks);
    let max = s
        .platforms
        .values()
        .flat_map(|c| c.per_week.values())
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    for (row, chunk) in weeks.chunks(per_row).enumerate() {
        let years = &years[row * per_row..row * per_row + chunk.len()];
        out.push('\n');
        if years.iter().any(Option::is_some) {
            let mut line = format!("  {}", pad("", label_width));
            for y in years {
                match y {
                    Some(y) => {
                        let _ = write!(line, " {y:>6}");
                    }
                    None => line.push_str("       "),
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = write!(out, "  {}", pad(label, label_width));
        for w in chunk {
            let _ = write!(out, " {:>6}", day_month(w.monday, lang));
        }
        out.push('\n');
        for (platform, c) in &s.platforms {
            let _ = write!(out, "  {}", pad(platform, label_width));
            let mut spark = String::new();
            for w in chunk {
                let n = c.per_week.get(&w.key).copied().unwrap_or(0);
                let _ = write!(out, " {n:>6}");
                spark.push(if n == 0 {
                    ' '
                } else {
                    SPARK[((n * 7).div_ceil(max)).clamp(1, 7)]
                });
            }
            let _ = writeln!(out, "   {}", spark.trim_end());
        }
    }
}

/// A heading, underlined.
fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "─".repeat(title.chars().count()));
}

/// The cadence table: a row per platform, each column as wide as its
/// heading in the UI language.
fn cadence_table(out: &mut String, s: &postlint_engine::CalendarSummary, w: &Words) {
    let head = w.cadence_head;
    let width = |i: usize, least: usize| head[i].chars().count().max(least);
    let (posts, first, last) = (width(1, 5), width(2, 16), width(3, 16));
    let (gap, per_day) = (width(4, 7), width(5, 7));
    let _ = writeln!(
        out,
        "  {} {:>posts$}  {:<first$}  {:<last$}  {:>gap$}  {:>per_day$}",
        pad(head[0], 10),
        head[1],
        head[2],
        head[3],
        head[4],
        head[5]
    );
    for (platform, c) in &s.platforms {
        let _ = writeln!(
            out,
            "  {} {:>posts$}  {:<first$}  {:<last$}  {:>gap$}  {:>per_day$}",
            pad(platform, 10),
            c.posts,
            c.first.as_deref().unwrap_or("-"),
            c.last.as_deref().unwrap_or("-"),
            format!("{:.1} d", c.max_gap_days),
            c.max_posts_per_day
        );
    }
}

/// The calendar section of the human output, in the UI language `lang`
/// (principle names as `rules` give them in it).
/// `width` is the terminal's: the weeks wrap to fit it.
pub fn human(
    calendar: &Calendar,
    outcome: &Outcome,
    color: bool,
    width: usize,
    rules: &RuleSet,
    lang: UiLang,
) -> String {
    let s = &calendar.report.summary;
    let w = words(lang);
    let mut out = String::new();
    let linted = outcome.linted.max(outcome.posts.len());
    let _ = writeln!(
        out,
        "\n══ {} ══ {} {}, {} {} {}, {}",
        w.calendar,
        count(
            outcome.records_read.max(linted + outcome.errors.len()),
            w.record
        ),
        w.read,
        count(s.posts, w.post),
        w.on,
        count(s.platforms.len(), w.platform),
        count(outcome.errors.len(), w.input_error)
    );

    heading(&mut out, w.calendar_findings);
    if calendar.report.findings.is_empty() {
        let _ = writeln!(out, "  {}", w.calendar_fine);
    }
    findings(&mut out, calendar, color, lang);

    heading(&mut out, w.cadence_per_platform);
    cadence_table(&mut out, s, w);
    let weeks = week_range(&calendar.report.summary);
    if !weeks.is_empty() {
        week_table(&mut out, s, &weeks, width, lang);
    }

    // The principles' names in the UI language, as the post lines show them.
    let principles: Vec<(&str, usize)> = s
        .principles
        .iter()
        .map(|p| {
            let name = rules
                .principles()
                .find(|pr| pr.id == p.id)
                .map_or(p.name.as_str(), |pr| pr.name_in(lang.as_str()));
            (name, p.posts)
        })
        .collect();
    let shares: Vec<(&str, usize)> = w
        .share_names
        .into_iter()
        .zip([s.questions, s.humor, s.sales])
        .collect();
    // One column of names for both charts, so their bars line up.
    let name_width = principles
        .iter()
        .chain(&shares)
        .map(|(name, _)| name.chars().count())
        .fold(SHARE_NAME, usize::max);

    heading(&mut out, w.principle_mix);
    share_scale(&mut out, name_width);
    for (name, n) in principles {
        share_line(&mut out, name, name_width, n, s.posts);
    }

    if !s.pillars.is_empty() {
        heading(&mut out, w.pillars);
        pillar_table(&mut out, &s.pillars, lang, width);
    }

    heading(&mut out, w.shares);
    share_scale(&mut out, name_width);
    for (name, n) in shares {
        share_line(&mut out, name, name_width, n, s.posts);
    }
    out.push('\n');
    out
}

/// Each pillar's share per month against its target, a column a month (as
/// many as fit in `width`); `▲`/`▼` marks a share `calendar/pillar-drift`
/// found above or below its target.
fn pillar_table(
    out: &mut String,
    months: &[postlint_engine::calendar::PillarMonth],
    lang: UiLang,
    width: usize,
) {
    const LABEL: usize = 18;
    const COLUMN: usize = 10;
    let [pillar, target, none, posts] = words(lang).pillar_head;
    let Some(first) = months.first() else {
        return;
    };
    let per_row = (width.saturating_sub(2 + LABEL + 7) / COLUMN).max(1);
    for (row, chunk) in months.chunks(per_row).enumerate() {
        if row > 0 {
            out.push('\n');
        }
        // A row's label and target, then a cell a month.
        let mut line = |label: &str, target: &str, cells: &mut dyn Iterator<Item = String>| {
            let mut l = format!("  {} {target:>6}", pad(label, LABEL));
            for c in cells {
                let _ = write!(l, " {c:>w$}", w = COLUMN - 1);
            }
            let _ = writeln!(out, "{}", l.trim_end());
        };
        line(
            pillar,
            target,
            &mut chunk.iter().map(|m| month_label(&m.month, lang)),
        );
        for (i, p) in first.pillars.iter().enumerate() {
            let target = format!("{}%", (p.target * 100.0).round());
            line(
                &p.name,
                &target,
                &mut chunk.iter().map(|m| {
                    m.pillars.get(i).map_or(String::new(), |q| {
                        let mark = match (q.off, q.share > q.target) {
                            (false, _) => ' ',
                            (true, true) => '▲',
                            (true, false) => '▼',
                        };
                        format!("{}% {mark}", percent(q.posts, m.posts))
                    })
                }),
            );
        }
        line(
            none,
            "",
            &mut chunk
                .iter()
                .map(|m| format!("{}%  ", percent(m.none, m.posts))),
        );
        line(
            posts,
            "",
            &mut chunk.iter().map(|m| format!("{}  ", m.posts)),
        );
    }
}

/// The day number of the first day of a month key (`2026-03`).
pub fn month_start(key: &str) -> Option<i64> {
    let (y, m) = key.split_once('-')?;
    let (y, m) = (y.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
    (1..=12)
        .contains(&m)
        .then(|| postlint_engine::calendar::days_from_civil(y, m, 1))
}

/// `Mar 2026` (`mrt 2026`) of a month key `2026-03`.
pub fn month_label(key: &str, lang: UiLang) -> String {
    match month_start(key) {
        Some(day) => {
            let (y, _, _) = civil_from_days(day);
            let first = day_month(day, lang);
            let month = first.rsplit(' ').next().unwrap_or_default();
            format!("{month} {y}")
        }
        None => key.to_string(),
    }
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
    fn share_bars_are_drawn_on_the_whole_not_the_largest_share() {
        let mut out = String::new();
        share_line(&mut out, "questions", SHARE_NAME, 5, 20);
        share_line(&mut out, "humor", SHARE_NAME, 20, 20);
        let lines: Vec<&str> = out.lines().collect();
        // 5 of 20 posts: a quarter of the 30 cells, not a full bar.
        assert!(
            lines[0].contains(&format!("{} ", "█".repeat(7) + "▌")),
            "{out}"
        );
        assert!(lines[0].ends_with("   5   25%"), "{out}");
        assert!(lines[1].contains(&"█".repeat(BAR_WIDTH)), "{out}");
        let mut scale = String::new();
        share_scale(&mut scale, SHARE_NAME);
        let scale = scale.trim();
        assert_eq!(scale.find("50%"), Some(14), "{scale:?}");
        assert_eq!(scale.chars().count(), BAR_WIDTH, "{scale:?}");
        assert!(scale.ends_with("100%"));
    }

    #[test]
    fn dates_of_weeks() {
        use postlint_engine::calendar::days_from_civil;
        let monday = days_from_civil(2026, 3, 2);
        assert_eq!(weekday(monday), 0);
        assert_eq!(day_month(monday, UiLang::En), "2 Mar");
        assert_eq!(day_month(monday, UiLang::Nl), "2 mrt");
        assert_eq!(month_year(monday, UiLang::Nl), "maart 2026");
        assert_eq!(
            date_time(monday * 1440 + 9 * 60 + 5, UiLang::En),
            "Mon 2 Mar 2026, 09:05"
        );
        assert_eq!(
            date_time(monday * 1440 + 9 * 60 + 5, UiLang::Nl),
            "ma 2 mrt 2026, 09:05"
        );
        // The year under the first week and under the first week of the next year.
        let weeks: Vec<Week> = [(2025, 12, 22), (2025, 12, 29), (2026, 1, 5), (2026, 1, 12)]
            .iter()
            .map(|&(y, m, d)| Week {
                key: String::new(),
                monday: days_from_civil(y, m, d),
            })
            .collect();
        assert_eq!(week_years(&weeks), vec![Some(2025), None, Some(2026), None]);
    }

    #[test]
    fn week_range_runs_monday_to_monday_with_iso_keys() {
        let mut s = postlint_engine::CalendarSummary::default();
        s.platforms.insert(
            "x".into(),
            postlint_engine::calendar::Cadence {
                first: Some("2025-12-24 09:00".into()),
                last: Some("2026-01-07 09:00".into()),
                ..Default::default()
            },
        );
        let weeks = week_range(&s);
        let keys: Vec<&str> = weeks.iter().map(|w| w.key.as_str()).collect();
        assert_eq!(keys, ["2025-W52", "2026-W01", "2026-W02"]);
        assert_eq!(day_month(weeks[1].monday, UiLang::En), "29 Dec");
        assert!(weeks.iter().all(|w| weekday(w.monday) == 0));
    }

    #[test]
    fn percents() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
    }
}
