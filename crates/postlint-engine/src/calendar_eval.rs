//! Evaluates `calendar rule`s over post summaries: groups (the whole batch,
//! each platform or each month), aggregates, and the records a finding
//! points at.

use crate::calendar::{
    by_month, by_platform, month_key, month_year, summarize, CalendarFinding, CalendarReport,
    Group, Per, PostSummary,
};
use crate::eval::{arith, compare, fill_template, truth, CalendarMeasure, Node};
use crate::model::ParamValue;
use crate::pillars::Pillars;
use crate::{param_text, CompiledRule, RuleSet};

struct CalendarEvaluator<'a> {
    group: &'a Group<'a>,
    params: &'a [ParamValue],
    /// Records that made the condition hold, in evaluation order.
    records: Vec<usize>,
    /// The first `share(…)` evaluated, for `{share}`.
    share: Option<f64>,
    occasions: &'a crate::occasions::Occasions,
    ui_lang: &'a str,
    /// The occasions `off_season` found out of season, for `{occasions}`.
    off_season: Vec<String>,
    pillars: &'a Pillars,
    /// The pillars `pillars_off_target` found off target, with their
    /// shares, for `{pillars}` and the summary.
    pillars_off: Vec<(usize, f64)>,
}

impl CalendarEvaluator<'_> {
    fn eval(&mut self, node: &Node) -> f64 {
        match node {
            Node::Or(parts) => {
                for p in parts {
                    let mark = self.records.len();
                    if self.eval(p) != 0.0 {
                        return 1.0;
                    }
                    self.records.truncate(mark);
                }
                0.0
            }
            Node::And(parts) => {
                let mark = self.records.len();
                for p in parts {
                    if self.eval(p) == 0.0 {
                        self.records.truncate(mark);
                        return 0.0;
                    }
                }
                1.0
            }
            Node::Not(inner) => {
                let mark = self.records.len();
                let v = self.eval(inner);
                self.records.truncate(mark);
                truth(v == 0.0)
            }
            Node::Cmp(l, op, r) => {
                let mark = self.records.len();
                let ok = compare(self.eval(l), *op, self.eval(r));
                if !ok {
                    self.records.truncate(mark);
                }
                truth(ok)
            }
            Node::Arith(l, op, r) => arith(self.eval(l), *op, self.eval(r)),
            Node::Const(n) => *n,
            Node::Param(i) => match self.params.get(*i) {
                Some(ParamValue::Num(n)) => *n,
                Some(ParamValue::Bool(b)) => truth(*b),
                _ => 0.0,
            },
            Node::Min(a, b) => self.eval(a).min(self.eval(b)),
            Node::Max(a, b) => self.eval(a).max(self.eval(b)),
            Node::Share(i) | Node::PostsWhere(i) => {
                let hits: Vec<usize> = self
                    .group
                    .posts
                    .iter()
                    .filter(|p| p.predicate(*i))
                    .map(|p| p.record)
                    .collect();
                let n = hits.len() as f64;
                self.records.extend(hits);
                if matches!(node, Node::Share(_)) {
                    let total = self.group.posts.len() as f64;
                    let share = if total == 0.0 { 0.0 } else { n / total };
                    self.share.get_or_insert(share);
                    share
                } else {
                    n
                }
            }
            Node::PromisesUnkept(promise, kept, days) => {
                let days = self.eval(days);
                let hits = self.group.promises_unkept(*promise, *kept, days);
                let n = hits.len() as f64;
                self.records.extend(hits);
                n
            }
            Node::OffSeason(exempt, days) => {
                let days = self.eval(days);
                let hits = self
                    .group
                    .off_season(*exempt, days, self.occasions, self.ui_lang);
                let n = hits.len() as f64;
                for (record, names) in hits {
                    self.records.push(record);
                    for name in names {
                        if !self.off_season.contains(&name) {
                            self.off_season.push(name);
                        }
                    }
                }
                n
            }
            Node::PillarsOffTarget(tolerance) => {
                let tolerance = self.eval(tolerance);
                let of_posts: Vec<u8> = self.group.posts.iter().map(|p| p.pillar).collect();
                let off = self.pillars.off_target(&of_posts, tolerance);
                // The posts of a pillar above its target are the ones to move.
                let above = |i: usize| {
                    off.iter()
                        .any(|&(o, share)| o == i && share > self.pillars.list()[o].target)
                };
                self.records.extend(
                    self.group
                        .posts
                        .iter()
                        .filter(|p| p.pillar > 0 && above(usize::from(p.pillar) - 1))
                        .map(|p| p.record),
                );
                let n = off.len() as f64;
                if self.pillars_off.is_empty() {
                    self.pillars_off = off;
                }
                n
            }
            Node::PostsBetween(from, to) => {
                let (from, to) = (self.eval(from), self.eval(to));
                let hits = self.group.between_hours(from, to);
                let n = hits.len() as f64;
                self.records.extend(hits);
                n
            }
            Node::CalendarMeasure(m) => self.measure(*m),
            _ => 0.0,
        }
    }

    fn measure(&mut self, m: CalendarMeasure) -> f64 {
        let g = self.group;
        match m {
            CalendarMeasure::Posts => g.posts.len() as f64,
            CalendarMeasure::Platforms => {
                let mut p: Vec<u16> = g.posts.iter().map(|p| p.platform).collect();
                p.sort_unstable();
                p.dedup();
                p.len() as f64
            }
            CalendarMeasure::MaxGapDays => {
                let (gap, records) = g.max_gap();
                self.records.extend(records);
                gap
            }
            CalendarMeasure::MaxPostsPerDay => {
                let (n, records) = g.busiest_day();
                self.records.extend(records);
                n as f64
            }
            CalendarMeasure::SameTextGroups => {
                let (n, records) = g.same_text();
                self.records.extend(records);
                n as f64
            }
            CalendarMeasure::RepeatedTextGroups => {
                let (n, records) = g.repeated_text();
                self.records.extend(records);
                n as f64
            }
        }
    }
}

pub(crate) fn evaluate(
    set: &RuleSet,
    posts: &[PostSummary],
    pillars: &Pillars,
    select: impl Fn(&CompiledRule) -> bool,
) -> CalendarReport {
    let principles: Vec<(String, String)> = set
        .principles
        .iter()
        .map(|p| (p.info.id.clone(), p.info.name.clone()))
        .collect();
    let platforms: Vec<String> = set.platforms.keys().cloned().collect();
    let mut report = CalendarReport {
        findings: Vec::new(),
        summary: summarize(posts, &principles, &platforms, pillars),
    };
    let by_platform = by_platform(posts, &platforms);
    let by_month = by_month(posts);
    let all = Group {
        posts: posts.iter().collect(),
    };
    for rule in set.rules.iter().filter(|r| r.info.calendar && select(r)) {
        let groups: Vec<(Option<&str>, Option<i64>, Group<'_>)> = match rule.per {
            Per::Platform => by_platform
                .iter()
                .filter(|(p, _)| {
                    rule.info.platforms.is_empty() || rule.info.platforms.iter().any(|x| x == *p)
                })
                .map(|(p, list)| {
                    (
                        Some(*p),
                        None,
                        Group {
                            posts: list.clone(),
                        },
                    )
                })
                .collect(),
            Per::Month => by_month
                .iter()
                .map(|(first, list)| {
                    (
                        None,
                        Some(*first),
                        Group {
                            posts: list.clone(),
                        },
                    )
                })
                .collect(),
            Per::Calendar => vec![(
                None,
                None,
                Group {
                    posts: all.posts.clone(),
                },
            )],
        };
        for (platform, month, group) in &groups {
            if group.posts.is_empty() {
                continue;
            }
            let mut ev = CalendarEvaluator {
                group,
                params: &rule.params,
                records: Vec::new(),
                share: None,
                occasions: &set.occasions,
                ui_lang: &set.ui_lang,
                off_season: Vec::new(),
                pillars,
                pillars_off: Vec::new(),
            };
            let mut severity = None;
            for (sev, cond) in &rule.whens {
                ev.records.clear();
                ev.share = None;
                ev.off_season.clear();
                ev.pillars_off.clear();
                if ev.eval(cond) != 0.0 {
                    severity = Some(sev.unwrap_or(rule.info.severity));
                    break;
                }
            }
            let Some(severity) = severity.map(|s| rule.severity_override.unwrap_or(s)) else {
                continue;
            };
            let mut records = std::mem::take(&mut ev.records);
            records.sort_unstable();
            records.dedup();
            let platform_name = platform
                .map(|p| set.platform(p).map_or(p.to_string(), |pl| pl.name.clone()))
                .unwrap_or_else(|| "all platforms".into());
            let list = list_names(&ev.off_season, &set.ui_lang);
            let month_name = month
                .map(|m| month_year(m, &set.ui_lang))
                .unwrap_or_default();
            let pillar_list = list_names(
                &ev.pillars_off
                    .iter()
                    .map(|&(i, share)| pillar_text(&pillars.list()[i], share, &set.ui_lang))
                    .collect::<Vec<_>>(),
                &set.ui_lang,
            );
            if let Some(m) = month {
                mark_off(&mut report.summary.pillars, &month_key(*m), &ev.pillars_off);
            }
            let fill = |t: &str| {
                fill(
                    t,
                    rule,
                    &mut CalendarEvaluator {
                        group,
                        params: &rule.params,
                        records: Vec::new(),
                        share: None,
                        occasions: &set.occasions,
                        ui_lang: &set.ui_lang,
                        off_season: Vec::new(),
                        pillars,
                        pillars_off: Vec::new(),
                    },
                    Filled {
                        share: ev.share,
                        platform: &platform_name,
                        count: records.len(),
                        occasions: &list,
                        month: &month_name,
                        pillars: &pillar_list,
                    },
                )
            };
            report.findings.push(CalendarFinding {
                rule: rule.info.id.clone(),
                severity,
                message: fill(rule.info.message_in(&set.ui_lang)),
                help: rule.info.help_in(&set.ui_lang).map(fill),
                platform: platform.map(str::to_string),
                month: month.map(month_key),
                records,
            });
        }
    }
    report
}

/// `Christmas, Easter and King's Day`; `Kerstmis, Pasen en Koningsdag`.
fn list_names(names: &[String], ui_lang: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => {
            let and = if ui_lang == "nl" { "en" } else { "and" };
            format!("{} {and} {last}", rest.join(", "))
        }
    }
}

/// `promotion 45% (target 20%)`; `promotie 45% (doel 20%)`.
fn pillar_text(p: &crate::pillars::Pillar, share: f64, ui_lang: &str) -> String {
    let target = if ui_lang == "nl" { "doel" } else { "target" };
    format!(
        "{} {}% ({target} {}%)",
        p.name,
        (share * 100.0).round(),
        (p.target * 100.0).round()
    )
}

/// Mark the pillars found off target in the summary's month.
fn mark_off(months: &mut [crate::calendar::PillarMonth], month: &str, off: &[(usize, f64)]) {
    if let Some(m) = months.iter_mut().find(|m| m.month == month) {
        for &(i, _) in off {
            if let Some(p) = m.pillars.get_mut(i) {
                p.off = true;
            }
        }
    }
}

/// The placeholders a finding's evaluation fills in.
struct Filled<'a> {
    /// The first `share(…)` evaluated.
    share: Option<f64>,
    platform: &'a str,
    count: usize,
    /// The occasions out of season, listed.
    occasions: &'a str,
    /// The month of a rule evaluated per month (`March 2026`).
    month: &'a str,
    /// The pillars off target, listed with their shares and targets.
    pillars: &'a str,
}

fn fill(t: &str, rule: &CompiledRule, ev: &mut CalendarEvaluator<'_>, f: Filled<'_>) -> String {
    use std::fmt::Write;
    fill_template(t, |name, out| {
        let _ = match name {
            "share" => write!(out, "{}%", (f.share.unwrap_or(0.0) * 100.0).round()),
            "platform" => out.write_str(f.platform),
            "count" => write!(out, "{}", f.count),
            postlint_lang::builtins::OCCASIONS_PLACEHOLDER => out.write_str(f.occasions),
            postlint_lang::builtins::MONTH_PLACEHOLDER => out.write_str(f.month),
            postlint_lang::builtins::PILLARS_PLACEHOLDER => out.write_str(f.pillars),
            other => match (
                CalendarMeasure::parse(other),
                rule.param_names.iter().position(|p| p == other),
            ) {
                (Some(m), _) => write!(
                    out,
                    "{}",
                    ParamValue::Num((ev.measure(m) * 10.0).round() / 10.0)
                ),
                (None, Some(i)) => out.write_str(&param_text(&rule.params[i])),
                _ => return false,
            },
        };
        true
    })
}
