//! The rarer nodes of a condition, out of line so that `eval` stays small
//! and cheap to call: native functions, links to domains, `some`/`every`,
//! metadata tests, scopes, platform properties and regex matches.

use postlint_lang::builtins::{self as vocab, PlatformProperty};
use postlint_text::{EntityKind, Span};

use super::regex_text::LazyRegex;
use super::{truth, Evaluator, Evidence, MemberSource, MemberSubject, Node, Scope};
use crate::model::ParamValue;
use crate::native::NativeInput;

impl Evaluator<'_, '_> {
    #[inline(never)]
    pub(super) fn native(&mut self, i: usize, args: &[Node], scope: Scope) -> f64 {
        let values: Vec<f64> = args.iter().map(|a| self.eval(a, scope)).collect();
        let Some(f) = self.ctx.natives.get(i) else {
            return 0.0;
        };
        let text = self
            .ctx
            .text
            .get(scope.span.start..scope.span.end)
            .unwrap_or("");
        f.call(&NativeInput {
            text,
            lang: self.ctx.lang,
            platform: &self.ctx.platform.id,
            args: &values,
        })
    }

    #[inline(never)]
    pub(super) fn links_to(&mut self, param: usize, filter: Option<usize>, scope: Scope) -> f64 {
        let domains: &[String] = match self.params.get(param) {
            Some(ParamValue::List(l)) => l,
            _ => &[],
        };
        let mut n = 0;
        for e in self
            .ctx
            .analysis
            .entities_of(EntityKind::Url)
            .filter(|e| scope.span.contains(e.span) && !scope.body)
        {
            let url = e.value(self.ctx.text);
            let host = link_host(url);
            let ours = domains.iter().any(|d| on_domain(host, d));
            let kept = match filter
                .and_then(|r| self.ctx.regexes.get(r))
                .and_then(LazyRegex::get)
            {
                Some(re) => !re.is_match(url),
                None => true,
            };
            if ours && kept {
                self.evidence.push(Evidence {
                    span: e.span,
                    matched: false,
                    replacement: None,
                });
                n += 1;
            }
        }
        n as f64
    }

    #[inline(never)]
    pub(super) fn each(&mut self, every: bool, lines: bool, inner: &Node, scope: Scope) -> f64 {
        let ctx = self.ctx;
        let line_parts = lines.then(|| {
            ctx.analysis.lines.iter().copied().filter(move |l| {
                scope.span.contains(*l) && !ctx.text[l.start..l.end].trim().is_empty()
            })
        });
        let sentence_parts = (!lines).then(|| {
            ctx.sentences()
                .iter()
                .map(|s| s.span)
                .filter(move |s| scope.span.contains(*s))
        });
        let parts = line_parts.into_iter().flatten();
        for s in parts.chain(sentence_parts.into_iter().flatten()) {
            let mark = self.evidence.len();
            let v = self.eval(
                inner,
                Scope {
                    span: s,
                    body: scope.body,
                },
            ) != 0.0;
            if every && !v {
                self.evidence.truncate(mark);
                return 0.0;
            }
            if !every && v {
                return 1.0;
            }
            if !v {
                self.evidence.truncate(mark);
            }
        }
        truth(every)
    }

    #[inline(never)]
    pub(super) fn member(
        &self,
        subject: MemberSubject,
        negated: bool,
        values: &MemberSource,
    ) -> f64 {
        let list: &[String] = match values {
            MemberSource::Literal(v) => v,
            MemberSource::Param(i) => match self.params.get(*i) {
                Some(ParamValue::List(l)) => l,
                Some(ParamValue::Text(t)) => std::slice::from_ref(t),
                _ => &[],
            },
        };
        let actual = match subject {
            MemberSubject::Platform => self.ctx.platform.id.as_str(),
            MemberSubject::Lang => self.ctx.lang,
            MemberSubject::Kind => self.ctx.kind.as_str(),
            MemberSubject::Media => match self.ctx.media {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            },
            MemberSubject::Tone => self.ctx.platform.tone.as_str(),
        };
        truth(list.iter().any(|v| v == actual) != negated)
    }

    /// The value of platform property `name`; the checker lets through
    /// only the names of [`PlatformProperty`].
    #[inline(never)]
    pub(super) fn platform_property(&self, name: &str) -> f64 {
        let pl = self.ctx.platform;
        let Some(property) = PlatformProperty::parse(name) else {
            return 0.0;
        };
        match property {
            PlatformProperty::Limit => pl.limit as f64,
            PlatformProperty::Fold => pl.fold as f64,
            PlatformProperty::HashtagMax => pl.hashtag_max as f64,
            PlatformProperty::HashtagAdvice => pl.hashtag_advice as f64,
            PlatformProperty::MaxBytes => pl.max_bytes as f64,
            PlatformProperty::MaxLinks => pl.max_links as f64,
            PlatformProperty::LinksClickable => truth(pl.links_clickable),
            // A name, not a number: read by `platform.tone is …` (a
            // `Node::Member`); the checker rejects it as a number.
            PlatformProperty::Tone => 0.0,
        }
    }

    /// `in NAME (inner)`: `inner` over the part of the post the scope
    /// names, or over the message a reply answers.
    #[inline(never)]
    pub(super) fn scoped(&mut self, name: &str, inner: &Node) -> f64 {
        match vocab::Scope::parse(name) {
            Some(vocab::Scope::ReplyTo) => {
                // Another text: its truth counts, its evidence (spans in
                // that text) does not.
                let Some(reply) = self.ctx.reply_to else {
                    return 0.0;
                };
                let mut ev = Evaluator::yes_no(reply, self.params);
                let whole = ev.whole();
                ev.eval(inner, whole)
            }
            Some(scope) => {
                let s = self.scope(scope);
                self.eval(inner, s)
            }
            None => {
                let whole = self.whole();
                self.eval(inner, whole)
            }
        }
    }

    /// The part of the post a scope names.
    pub fn scope(&self, scope: vocab::Scope) -> Scope {
        let a = self.ctx.analysis;
        let whole = self.whole();
        match scope {
            // `reply_to` is another text altogether: see [`Evaluator::scoped`].
            vocab::Scope::Text | vocab::Scope::ReplyTo => whole,
            vocab::Scope::FirstLine => Scope {
                span: a
                    .lines
                    .iter()
                    .copied()
                    .find(|l| !self.ctx.text[l.start..l.end].trim().is_empty())
                    .unwrap_or(whole.span),
                body: false,
            },
            vocab::Scope::FirstSentence => Scope {
                span: self
                    .ctx
                    .first_sentence()
                    .map(|s| s.span)
                    .unwrap_or(whole.span),
                body: false,
            },
            vocab::Scope::BeforeFold => {
                let fold = self.ctx.platform.fold;
                let end = if fold == 0 {
                    self.ctx.text.len()
                } else {
                    self.ctx
                        .text
                        .char_indices()
                        .nth(fold)
                        .map_or(self.ctx.text.len(), |(i, _)| i)
                };
                Scope {
                    span: Span::new(0, end),
                    body: false,
                }
            }
            vocab::Scope::Body => Scope {
                span: whole.span,
                body: true,
            },
        }
    }

    /// Matches of regex `r` in `scope` (outside entities in a body), each
    /// kept as evidence; with `first_only`, at most one.
    pub(super) fn regex(&mut self, r: usize, scope: Scope, first_only: bool) -> usize {
        let Some((re, text)) = self
            .ctx
            .regexes
            .get(r)
            .and_then(|re| re.for_text(&self.ctx.regex_text))
        else {
            return 0;
        };
        let Some(text) = text.get(scope.span.start..scope.span.end) else {
            return 0;
        };
        let mut n = 0;
        for m in re.find_iter(text) {
            let span = Span::new(scope.span.start + m.start(), scope.span.start + m.end());
            if scope.body
                && self
                    .ctx
                    .analysis
                    .entities
                    .iter()
                    .any(|e| e.span.start < span.end && span.start < e.span.end)
            {
                continue;
            }
            self.evidence.push(Evidence {
                span,
                matched: true,
                replacement: None,
            });
            n += 1;
            if first_only {
                break;
            }
        }
        self.match_count += n;
        n
    }
}

/// The host of a link, lower-cased, without `www.`.
fn link_host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    host.trim_start_matches("www.")
}

/// Whether `host` (from [`link_host`]) is `domain` or one of its
/// subdomains, ignoring ASCII case and a leading `www.` of the domain.
fn on_domain(host: &str, domain: &str) -> bool {
    let d = domain.trim().trim_start_matches("www.").as_bytes();
    let h = host.as_bytes();
    match h.len().checked_sub(d.len()) {
        Some(0) => h.eq_ignore_ascii_case(d),
        Some(dot) => h[dot - 1] == b'.' && h[dot..].eq_ignore_ascii_case(d),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_on_a_domain_or_its_subdomains() {
        let on = |url: &str, domain: &str| on_domain(link_host(url), domain);
        assert!(on("https://www.Example.com/a", "example.com"));
        assert!(on("shop.example.com/x?y", " www.EXAMPLE.com "));
        assert!(on("http://a.b.example.com:8080", "example.com"));
        assert!(!on("https://badexample.com", "example.com"));
        assert!(!on("https://example.com.evil.org/", "example.com"));
        assert!(!on("https://com", "example.com"));
        assert!(
            !on("https://café.nl/menu", "CAFÉ.nl"),
            "only ASCII case is ignored"
        );
        assert!(on("https://café.nl/menu", "café.nl"));
    }
}
