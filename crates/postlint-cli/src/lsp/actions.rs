//! What the server offers on a finding: quick fixes, "disable this rule",
//! "explain this rule", and hovers.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types as lt;
use postlint_engine::{Finding, RuleInfo};
use serde_json::Value;

use postlint::config;

use super::lint::diagnostic;
use super::position::{offset, range};
use super::{Server, EXPLAIN_COMMAND, FIX_ALL};

impl Server<'_> {
    // `WorkspaceEdit::changes` is keyed by `Uri` in lsp-types; its cache cell
    // never affects hashing.
    #[allow(clippy::mutable_key_type)]
    pub(super) fn code_actions(&mut self, p: lt::CodeActionParams) -> Vec<lt::CodeActionOrCommand> {
        let enc = self.encoding;
        let wants_quickfix = p.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|k| k.as_str() == "quickfix" || k.as_str().is_empty())
        });
        // `source`, `source.fixAll` and our own kind ask for "fix all".
        let wants_fix_all = p.context.only.as_ref().is_some_and(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                !k.is_empty() && FIX_ALL.starts_with(k) && k.starts_with("source")
            })
        });
        let Some(doc) = self.fresh(&p.text_document.uri) else {
            return Vec::new();
        };
        let Some(lint) = &doc.lint else {
            return Vec::new();
        };
        if wants_fix_all {
            // Every safe fix at once: the fixes of `postlint check --fix`.
            let Some((fixed, _)) = crate::fix::fixed_text(&doc.text, &lint.findings) else {
                return Vec::new();
            };
            let end = range(&doc.text, 0, doc.text.len(), enc);
            let edit = lt::WorkspaceEdit {
                changes: Some(HashMap::from([(
                    doc.uri.clone(),
                    vec![lt::TextEdit {
                        range: end,
                        new_text: fixed,
                    }],
                )])),
                ..lt::WorkspaceEdit::default()
            };
            return vec![lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: "Apply every safe postlint fix".into(),
                kind: Some(lt::CodeActionKind::from(FIX_ALL)),
                edit: Some(edit),
                ..lt::CodeAction::default()
            })];
        }
        if !wants_quickfix {
            return Vec::new();
        }
        let from = offset(&doc.text, p.range.start, enc);
        let to = offset(&doc.text, p.range.end, enc).max(from);
        let hit: Vec<&Finding> = lint
            .findings
            .iter()
            .filter(|f| f.span.start <= to && from <= f.span.end)
            .collect();
        let edit = |start: usize, end: usize, new_text: String| {
            let changes = HashMap::from([(
                doc.uri.clone(),
                vec![lt::TextEdit {
                    range: range(&doc.text, start, end, enc),
                    new_text,
                }],
            )]);
            lt::WorkspaceEdit {
                changes: Some(changes),
                ..lt::WorkspaceEdit::default()
            }
        };
        let mut actions = Vec::new();
        for f in &hit {
            if let Some(fix) = &f.fix {
                let title = if fix.replacement.is_empty() {
                    format!(
                        "Remove \"{}\"",
                        snippet(&doc.text, fix.span.start, fix.span.end)
                    )
                } else {
                    format!("Replace with \"{}\"", fix.replacement)
                };
                actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                    title: format!("{title} ({})", f.rule),
                    kind: Some(lt::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(&doc.text, f, enc)]),
                    edit: Some(edit(fix.span.start, fix.span.end, fix.replacement.clone())),
                    is_preferred: Some(fix.safe),
                    ..lt::CodeAction::default()
                }));
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for f in &hit {
            if seen.contains(&f.rule.as_str()) {
                continue;
            }
            seen.push(&f.rule);
            // A comment on the line above: the finding's line only.
            let line_start = doc.text[..f.span.start.min(doc.text.len())]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let indent: String = doc.text[line_start..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: format!("Disable {} for this line", f.rule),
                kind: Some(lt::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(&doc.text, f, enc)]),
                edit: Some(edit(
                    line_start,
                    line_start,
                    format!("{indent}<!-- postlint-disable-next-line {} -->\n", f.rule),
                )),
                ..lt::CodeAction::default()
            }));
            let (start, end, new_text) = disable_edit(&doc.text, &f.rule);
            actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: format!("Disable {} for this file", f.rule),
                kind: Some(lt::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(&doc.text, f, enc)]),
                edit: Some(edit(start, end, new_text)),
                ..lt::CodeAction::default()
            }));
        }
        for rule in seen {
            let command = lt::Command {
                title: format!("Explain {rule}"),
                command: EXPLAIN_COMMAND.into(),
                arguments: Some(vec![Value::from(rule), Value::from(doc.uri.as_str())]),
            };
            actions.push(lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                title: format!("Explain {rule}"),
                kind: Some(lt::CodeActionKind::QUICKFIX),
                command: Some(command),
                ..lt::CodeAction::default()
            }));
        }
        actions
    }

    pub(super) fn hover(&mut self, p: lt::HoverParams) -> Option<lt::Hover> {
        let enc = self.encoding;
        let uri = p.text_document_position_params.text_document.uri;
        let key = uri.as_str().to_string();
        self.fresh(&uri)?;
        let (hits, language, config_path) = {
            let doc = self.docs.get(&key)?;
            let lint = doc.lint.as_ref()?;
            let at = offset(&doc.text, p.text_document_position_params.position, enc);
            let hits: Vec<Finding> = lint
                .findings
                .iter()
                .filter(|f| f.span.start <= at && at <= f.span.end)
                .cloned()
                .collect();
            (hits, lint.language.clone(), lint.config.clone())
        };
        if hits.is_empty() {
            return None;
        }
        let loaded = self.rules_for(&config_path);
        let rules = loaded.result.as_ref().ok().map(|l| l.rules());
        let parts: Vec<String> = hits
            .iter()
            .map(|f| {
                hover_text(
                    f,
                    rules.and_then(|r| r.rule(&f.rule)),
                    &language,
                    rules.map_or("en", |r| r.ui_lang()),
                )
            })
            .collect();
        let doc = self.docs.get(&key)?;
        let start = hits.iter().map(|f| f.span.start).min().unwrap_or(0);
        let end = hits.iter().map(|f| f.span.end).max().unwrap_or(start);
        Some(lt::Hover {
            contents: lt::HoverContents::Markup(lt::MarkupContent {
                kind: lt::MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range: Some(range(&doc.text, start, end, enc)),
        })
    }

    pub(super) fn execute(
        &mut self,
        p: lt::ExecuteCommandParams,
    ) -> Result<Value, (ErrorCode, String)> {
        if p.command != EXPLAIN_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!("unknown command `{}`", p.command),
            ));
        }
        let Some(id) = p
            .arguments
            .first()
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return Err((
                ErrorCode::InvalidParams,
                format!("{EXPLAIN_COMMAND} takes a rule id"),
            ));
        };
        let config_path = match p.arguments.get(1).and_then(Value::as_str) {
            Some(uri) => self.config_for(uri),
            None => self.root.as_deref().and_then(config::discover),
        };
        let loaded = self.rules_for(&config_path);
        let text = match &loaded.result {
            Ok(linter) => match linter.rules().rule(&id) {
                Some(r) => crate::rules_cmd::explain(r, linter.rules().ui_lang()),
                None => return Err((ErrorCode::InvalidParams, format!("unknown rule `{id}`"))),
            },
            Err(e) => return Err((ErrorCode::InternalError, e.clone())),
        };
        self.notify::<lt::notification::ShowMessage>(lt::ShowMessageParams {
            typ: lt::MessageType::INFO,
            message: text.clone(),
        });
        Ok(Value::String(text))
    }
}

fn snippet(text: &str, start: usize, end: usize) -> String {
    let s = text.get(start..end).unwrap_or("");
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Hover text of one finding: message, help, rationale and a passing example.
fn hover_text(f: &Finding, rule: Option<&RuleInfo>, language: &str, ui_lang: &str) -> String {
    let labels = crate::rules_cmd::labels(ui_lang);
    let mut s = format!("**{}** · {}\n\n{}", f.rule, f.severity.as_str(), f.message);
    if let Some(h) = &f.help {
        s.push_str(&format!("\n\n*{h}*"));
    }
    if let Some(r) = rule {
        let rationale = r
            .rationale_in(ui_lang)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !rationale.is_empty() {
            s.push_str(&format!("\n\n**{}:** {rationale}", labels.why_short));
        }
        let passing: Vec<_> = r.examples.iter().filter(|e| !e.fires).collect();
        if let Some(e) = passing
            .iter()
            .find(|e| e.lang == language)
            .or(passing.first())
        {
            s.push_str(&format!(
                "\n\n**{}:**\n\n> {}",
                labels.passes,
                e.text.replace('\n', "\n> ")
            ));
        }
    }
    s
}

/// The edit that adds `id` to the front matter's `disable:` list: creates
/// the front matter, adds the key, or extends a flow, scalar or block list.
/// Returns (start, end, replacement) in bytes.
pub fn disable_edit(text: &str, id: &str) -> (usize, usize, String) {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let open = if text.starts_with("---\n") {
        4
    } else if text.starts_with("---\r\n") {
        5
    } else {
        return (0, 0, format!("---{nl}disable: [{id}]{nl}---{nl}"));
    };
    let rest = &text[open..];
    let close = if rest.starts_with("---") {
        Some(0)
    } else {
        rest.find("\n---").map(|i| i + 1)
    };
    let Some(close) = close else {
        return (0, 0, format!("---{nl}disable: [{id}]{nl}---{nl}"));
    };
    let close = open + close;
    // Lines of the front matter: (start, end without line break, next line start).
    let mut lines = Vec::new();
    let mut at = open;
    while at < close {
        let end = text[at..close].find('\n').map_or(close, |i| at + i);
        let content_end = if text[..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        lines.push((at, content_end, (end + 1).min(close)));
        at = end + 1;
    }
    for (i, &(start, end, _)) in lines.iter().enumerate() {
        let line = &text[start..end];
        let Some(key_len) = ["disable:", "postlint-disable:"]
            .iter()
            .find(|k| line.starts_with(**k))
            .map(|k| k.len())
        else {
            continue;
        };
        let value_start = start + key_len;
        let value_part = &text[value_start..end];
        let value_end = value_part.find(" #").map_or(end, |c| value_start + c);
        let value = text[value_start..value_end].trim();
        if value.is_empty() {
            // A block list follows, or nothing.
            let items: Vec<_> = lines[i + 1..]
                .iter()
                .take_while(|(s, e, _)| {
                    text[*s..*e].trim_start().starts_with('-')
                        && text[*s..*e].starts_with([' ', '\t', '-'])
                })
                .collect();
            if let (Some(first), Some(last)) = (items.first(), items.last()) {
                let first_line = &text[first.0..first.1];
                let indent = &first_line[..first_line.len() - first_line.trim_start().len()];
                return (last.2, last.2, format!("{indent}- {id}{nl}"));
            }
            return (value_start, value_end, format!(" [{id}]"));
        }
        let value_at = value_start
            + (text[value_start..value_end].len()
                - text[value_start..value_end].trim_start().len());
        let value_to = value_at + value.len();
        let new = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(inner) if inner.trim().is_empty() => format!("[{id}]"),
            Some(inner) => format!("[{}, {id}]", inner.trim()),
            None => format!("[{value}, {id}]"),
        };
        return (value_at, value_to, new);
    }
    (close, close, format!("disable: [{id}]{nl}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, (s, e, r): (usize, usize, String)) -> String {
        format!("{}{}{}", &text[..s], r, &text[e..])
    }

    #[test]
    fn disable_edit_creates_adds_and_extends() {
        let id = "killers/shouting";
        assert_eq!(
            apply("Hi!!!\n", disable_edit("Hi!!!\n", id)),
            "---\ndisable: [killers/shouting]\n---\nHi!!!\n"
        );
        let t = "---\nplatform: x\n---\nHi!!!\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\nplatform: x\ndisable: [killers/shouting]\n---\nHi!!!\n"
        );
        let t = "---\ndisable: [a/b]\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [a/b, killers/shouting]\n---\nHi\n"
        );
        let t = "---\ndisable: []\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [killers/shouting]\n---\nHi\n"
        );
        let t = "---\ndisable: a/b # old\nlang: en\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable: [a/b, killers/shouting] # old\nlang: en\n---\nHi\n"
        );
        let t = "---\ndisable:\n  - a/b\nlang: en\n---\nHi\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\ndisable:\n  - a/b\n  - killers/shouting\nlang: en\n---\nHi\n"
        );
        let t = "---\r\nlang: en\r\n---\r\nHi\r\n";
        assert_eq!(
            apply(t, disable_edit(t, id)),
            "---\r\nlang: en\r\ndisable: [killers/shouting]\r\n---\r\nHi\r\n"
        );
        // The result parses and disables the rule.
        let t = "---\ndisable:\n  - a/b\n---\nHi\n";
        let d = postlint::input::draft("x.md", apply(t, disable_edit(t, id)).into_bytes())
            .map_err(|e| e.message);
        assert_eq!(
            d.map(|d| d.front.disable),
            Ok(vec!["a/b".to_string(), id.to_string()])
        );
    }
}
