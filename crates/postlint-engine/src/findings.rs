//! A rule's findings on one post: where each points, its fix, its message
//! with the placeholders filled in, and its line and column.

use postlint_lang::builtins::{Measure, Placeholder, PlatformProperty, PropType, Scope, Target};
use postlint_text::Span;

use crate::eval::{self, Context, Evaluator, Node};
use crate::model::*;
use crate::{CompiledRule, RuleSet};

impl RuleSet {
    /// Add the findings of `rule` on the post to `out`; `evidence` is a
    /// buffer to use (left empty).
    pub(crate) fn evaluate_rule<'a>(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'a>,
        evidence: &mut Vec<eval::Evidence<'a>>,
        out: &mut Vec<Finding>,
    ) {
        let mut ev = Evaluator::new(ctx, &rule.params);
        ev.evidence = std::mem::take(evidence);
        self.findings(rule, ctx, &mut ev, out);
        *evidence = std::mem::take(&mut ev.evidence);
        evidence.clear();
    }

    /// The rule's findings: one, or with `report: each` one for every
    /// place its deciding condition matched (overlapping places once).
    fn findings(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'_>,
        ev: &mut Evaluator<'_, '_>,
        out: &mut Vec<Finding>,
    ) {
        let mut cursor = LineCursor::default();
        let Some(first) = self.finding(rule, ctx, ev, 0, &mut cursor) else {
            return;
        };
        let mut places: Vec<(usize, Span)> = ev
            .evidence
            .iter()
            .enumerate()
            .filter(|(i, e)| e.matched && (*i == 0 || e.span.start < e.span.end))
            .map(|(i, e)| (i, e.span))
            .collect();
        if !rule.report_each || rule.at.is_some() || places.len() < 2 {
            out.push(first);
            return;
        }
        // Every matched place in text order (the evidence is in the order
        // the condition was evaluated), overlapping places once.
        places.sort_by_key(|&(_, s)| (s.start, std::cmp::Reverse(s.end)));
        let mut first = Some(first);
        let mut last_end = None;
        let mut cursor = LineCursor::default();
        for (i, span) in places {
            if last_end.is_some_and(|end| span.start < end) {
                continue;
            }
            let finding = match first.take_if(|f| i == 0 && f.span == span) {
                Some(mut f) => {
                    (f.line, f.column) = cursor.line_column(ctx.text, f.span.start);
                    Some(f)
                }
                None => self.finding(rule, ctx, ev, i, &mut cursor),
            };
            if let Some(f) = finding {
                last_end = Some(f.span.end);
                out.push(f);
            }
        }
    }

    /// The rule's finding at its `nth` piece of evidence (0: where the
    /// rule points); `nth > 0` reuses the evidence of the last evaluation.
    fn finding(
        &self,
        rule: &CompiledRule,
        ctx: &Context<'_>,
        ev: &mut Evaluator<'_, '_>,
        nth: usize,
        cursor: &mut LineCursor,
    ) -> Option<Finding> {
        let whole = ev.whole();
        let severity = if nth == 0 {
            let mut severity = None;
            for (sev, cond) in &rule.whens {
                ev.evidence.clear();
                ev.match_count = 0;
                if ev.holds(cond, whole) {
                    severity = Some(sev.unwrap_or(rule.info.severity));
                    break;
                }
            }
            let severity = severity.map(|s| rule.severity_override.unwrap_or(s))?;
            ev.severity = Some(severity);
            severity
        } else {
            ev.severity?
        };
        let first_line = ev.scope(Scope::FirstLine).span;
        let span = match rule.at {
            Some(Target::Text) => whole.span,
            Some(Target::FirstLine) => first_line,
            Some(Target::FirstSentence) => ev.scope(Scope::FirstSentence).span,
            Some(
                items @ (Target::Links
                | Target::Hashtags
                | Target::Mentions
                | Target::CapsWords
                | Target::Questions
                | Target::Exclamations
                | Target::Emoji),
            ) => items
                .items()
                .and_then(|m| ev.items(m, whole).first().copied())
                .unwrap_or(first_line),
            None => ev.evidence.get(nth).map(|e| e.span).unwrap_or(first_line),
        };
        let first = ev.evidence.get(nth).filter(|e| e.span == span && e.matched);
        let fix = match (&rule.fix, first) {
            (Some((safe, Some(text))), Some(_)) => Some(Fix {
                span,
                replacement: text.clone(),
                safe: *safe,
            }),
            (Some((safe, None)), Some(e)) => e.replacement.map(|r| Fix {
                span,
                replacement: keep_case(&ctx.text[span.start..span.end], r),
                safe: *safe,
            }),
            _ => None,
        };
        let matched = ctx.text.get(span.start..span.end).unwrap_or("");
        let count = ev.match_count.max(ev.evidence.len());
        let fill = |t: &str| {
            fill_placeholders(
                t,
                rule,
                ctx,
                &mut Evaluator::new(ctx, &rule.params),
                matched,
                count,
            )
        };
        let (line, column) = cursor.line_column(ctx.text, span.start);
        Some(Finding {
            rule: rule.info.id.clone(),
            severity,
            message: fill(rule.info.message_in(&self.ui_lang)),
            help: rule.info.help_in(&self.ui_lang).map(fill),
            span,
            line,
            column,
            fix,
        })
    }
}

fn keep_case(original: &str, replacement: &str) -> String {
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(c) if starts_upper => c.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}

/// Line and column of offsets asked in ascending order, each counted on from
/// the last: linear in the text for all of a rule's places together.
#[derive(Default)]
struct LineCursor {
    offset: usize,
    line: usize,
    column: usize,
}

impl LineCursor {
    fn line_column(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let (Some(step), true) = (text.get(self.offset..offset), self.line > 0) else {
            let (line, column) = line_column(text, offset);
            *self = LineCursor {
                offset,
                line,
                column,
            };
            return (line, column);
        };
        match memchr::memrchr(b'\n', step.as_bytes()) {
            Some(nl) => {
                self.line += memchr::memchr_iter(b'\n', step.as_bytes()).count();
                self.column = step[nl + 1..].chars().count() + 1;
            }
            None => self.column += step.chars().count(),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn fill_placeholders(
    t: &str,
    rule: &CompiledRule,
    ctx: &Context<'_>,
    ev: &mut Evaluator<'_, '_>,
    matched: &str,
    count: usize,
) -> String {
    use std::fmt::Write;
    eval::fill_template(t, |name, out| {
        let whole = ev.whole();
        let _ = if let Some(placeholder) = Placeholder::parse(name) {
            match placeholder {
                Placeholder::Match => out.write_str(matched),
                Placeholder::Count => write!(out, "{count}"),
                Placeholder::Platform => out.write_str(&ctx.platform.name),
                Placeholder::Lang => out.write_str(ctx.lang),
                Placeholder::Kind => out.write_str(ctx.kind.as_str()),
            }
        } else if let Some(property) = name.strip_prefix("platform.") {
            match PlatformProperty::parse(property).map(PlatformProperty::ty) {
                // `tone`, the one name among numbers.
                Some(PropType::Name) => out.write_str(&ctx.platform.tone),
                Some(PropType::Num | PropType::Bool) => {
                    let v = ev.eval(&Node::PlatformProp(property.to_string()), whole);
                    write!(out, "{}", ParamValue::Num(v))
                }
                None => return false,
            }
        } else if let Some(m) = Measure::parse(name) {
            let v = ev.eval(&Node::Measure(m), whole);
            if v.is_nan() {
                out.write_str("?")
            } else {
                write!(out, "{}", ParamValue::Num(v))
            }
        } else if let Some(i) = rule.param_names.iter().position(|p| p == name) {
            out.write_str(&param_text(&rule.params[i]))
        } else {
            return false;
        };
        true
    })
}

/// A parameter as a message shows it: fractions as percentages (`30%`).
pub(crate) fn param_text(p: &ParamValue) -> String {
    match p {
        ParamValue::Num(n) if *n < 1.0 && *n > 0.0 => format!("{}%", (n * 100.0).round()),
        p => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_cursor_counts_like_line_column() {
        let text = "één\ntwee 😀 drie\n\nvier, vijf";
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut cursor = LineCursor::default();
        for &o in &offsets {
            assert_eq!(cursor.line_column(text, o), line_column(text, o), "at {o}");
        }
        // Asked out of order, it starts again from the top.
        assert_eq!(cursor.line_column(text, 0), (1, 1));
    }
}
