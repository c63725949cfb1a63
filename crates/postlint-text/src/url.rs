//! URL detection with X's twitter-text rules (as pinned by its conformance
//! suite): URLs with `http(s)://`, and bare domains that end in a known TLD.
//! A hand-written scanner: one forward pass, no regex backtracking.

use crate::tlds::{MAX_TLD_BYTES, TLDS};
use crate::Span;

/// A URL found in the text: where it is and whether it was written with a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundUrl {
    pub span: Span,
    pub has_scheme: bool,
}

/// Longest DNS label, in ASCII (punycode) characters.
const MAX_LABEL: usize = 63;
/// Longest t.co slug twitter-text accepts.
const MAX_TCO_SLUG: usize = 40;

/// U+FFFE, U+FEFF and U+FFFF make a post invalid on X and never belong to a URL.
pub(crate) fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// Bidi controls: they may sit right before a URL but are never part of it.
fn is_directional(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{180E}'
}

/// A character a domain label may be made of (besides `-` and `_`): anything
/// but ASCII punctuation, spaces, controls and bidi marks. twitter-text lets
/// CJK, symbols (`✪df.ws`) and even CJK punctuation through here.
#[inline]
fn is_domain_char(c: char) -> bool {
    if c.is_ascii() {
        // Every other ASCII char is punctuation, white space or a control.
        return c.is_ascii_alphanumeric();
    }
    !(c.is_ascii_punctuation()
        || is_space(c)
        || c.is_control()
        || is_invalid_char(c)
        || is_directional(c))
}

/// Latin letters with diacritics that twitter-text accepts in bare domains and paths.
pub(crate) fn is_latin_accent(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}'
        | '\u{0253}' | '\u{0254}' | '\u{0256}' | '\u{0257}' | '\u{0259}' | '\u{025B}' | '\u{0263}'
        | '\u{0268}' | '\u{026F}' | '\u{0272}' | '\u{0289}' | '\u{028B}' | '\u{02BB}'
        | '\u{0300}'..='\u{036F}' | '\u{1E00}'..='\u{1EFF}')
}

/// The character before a URL must not glue it to a word, mention, cashtag or hashtag.
fn precedes_url_ok(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃') || is_invalid_char(c))
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '*'
                | '\''
                | ';'
                | ':'
                | '='
                | '+'
                | ','
                | '.'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '\u{2013}'
                | '_'
                | '~'
                | '&'
                | '|'
                | '@'
        )
        || ('\u{0400}'..='\u{04FF}').contains(&c)
        || is_latin_accent(c)
}

/// Characters a path may end with; trailing `.`, `,`, `!`, `'` etc. are prose punctuation.
fn is_path_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
        || ('\u{0400}'..='\u{04FF}').contains(&c)
        || is_latin_accent(c)
}

fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '?'
                | '*'
                | '\''
                | '@'
                | '('
                | ')'
                | ';'
                | ':'
                | '&'
                | '='
                | '+'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '_'
                | '.'
                | ','
                | '~'
                | '|'
        )
}

fn is_query_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// Which label alphabet a domain match uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Labels {
    /// After a scheme (and to find where a bare URL candidate ends): any domain char.
    Unicode,
    /// Bare domains: ASCII letters, digits, `-` and Latin accents only.
    Ascii,
}

impl Labels {
    fn is_label_char(self, c: char) -> bool {
        match self {
            Labels::Unicode => is_domain_char(c) || c == '-' || c == '_',
            Labels::Ascii => c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c),
        }
    }
    /// Whether `label` may stand before further labels (`sub_domain.`).
    fn subdomain_ok(self, label: &str) -> bool {
        match self {
            Labels::Unicode => edges_ok(label, false),
            Labels::Ascii => !label.is_empty(),
        }
    }
    /// Whether `label` may stand right before the TLD (no `_`).
    fn domain_name_ok(self, label: &str) -> bool {
        match self {
            Labels::Unicode => edges_ok(label, true),
            Labels::Ascii => !label.is_empty(),
        }
    }
}

/// Label starts and ends with a domain char; `-` (and `_` unless `no_underscore`) only inside.
fn edges_ok(label: &str, no_underscore: bool) -> bool {
    let (Some(first), Some(last)) = (label.chars().next(), label.chars().next_back()) else {
        return false;
    };
    is_domain_char(first) && is_domain_char(last) && !(no_underscore && label.contains('_'))
}

pub(crate) fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

fn char_before(s: &str, i: usize) -> Option<(usize, char)> {
    s.get(..i).and_then(|r| r.char_indices().next_back())
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// A TLD may not run on into letters, digits, `@`, `+` or `-` (`foo.comm`, `x.com-y`).
fn tld_boundary_ok(next: Option<char>) -> bool {
    next.is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-')))
}

fn is_tld(candidate: &str) -> bool {
    if candidate.len() > MAX_TLD_BYTES {
        return false;
    }
    if candidate.is_ascii() {
        let mut buf = [0u8; MAX_TLD_BYTES];
        let lower = &mut buf[..candidate.len()];
        lower.copy_from_slice(candidate.as_bytes());
        lower.make_ascii_lowercase();
        return TLDS.binary_search_by(|t| t.as_bytes().cmp(lower)).is_ok();
    }
    let lower = candidate.to_lowercase();
    TLDS.binary_search(&lower.as_str()).is_ok()
}

/// A TLD starting at byte `at` of `hay`: its end, if there is one. ASCII TLDs
/// and punycode (`xn--…`) must be the whole letter run; native-script TLDs
/// (`みんな`, `中国`) may be followed by more non-ASCII text, so the longest
/// listed prefix wins.
fn tld_at(hay: &str, at: usize) -> Option<usize> {
    let rest = hay.get(at..)?;
    let first = rest.chars().next()?;
    if first.is_ascii_alphabetic() {
        let run = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        let word = &rest[..run];
        if starts_with_ci(word, "xn--") && word.len() > 4 {
            return tld_boundary_ok(char_at(rest, run)).then_some(at + run);
        }
        // A few TLDs carry a non-ASCII letter (`vermögensberatung`): try the
        // whole letter run first, then its ASCII part (`comだよ` → `com`).
        let letters = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let ascii = word
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(word.len());
        return [letters, ascii]
            .into_iter()
            .find(|&end| is_tld(&rest[..end]) && tld_boundary_ok(char_at(rest, end)))
            .map(|end| at + end);
    }
    if first.is_ascii() {
        return None;
    }
    // Native-script TLD: try the prefixes of the non-ASCII run, longest first.
    let mut ends: [usize; 24] = [0; 24];
    let mut n = 0;
    for (i, c) in rest.char_indices() {
        if c.is_ascii() || !is_domain_char(c) || n == ends.len() || i + c.len_utf8() > MAX_TLD_BYTES
        {
            break;
        }
        ends[n] = i + c.len_utf8();
        n += 1;
    }
    ends[..n]
        .iter()
        .rev()
        .find(|&&end| is_tld(&rest[..end]) && tld_boundary_ok(char_at(rest, end)))
        .map(|end| at + end)
}

/// Match `labels.labels.tld` at `start` of `hay`, preferring the most labels
/// (twitter-text's greedy subdomains). `Ok(end)` on success; `Err(resume)`
/// gives the first later position where a match could still start, so that
/// the scan stays linear: later starts inside the labels already examined
/// would meet the same TLD candidates and fail the same way.
fn match_domain(hay: &str, start: usize, alphabet: Labels) -> Result<usize, usize> {
    let mut best = None;
    let mut label_start = start;
    let mut first_label_end = None;
    loop {
        let rest = &hay[label_start..];
        let len = rest
            .find(|c: char| !alphabet.is_label_char(c))
            .unwrap_or(rest.len());
        let label_end = label_start + len;
        first_label_end.get_or_insert(label_end);
        let label = &hay[label_start..label_end];
        if !hay[label_end..].starts_with('.') || label.is_empty() {
            // Last label: nothing after it can start a TLD.
            return best.ok_or(if label_start > start {
                label_end.max(start + 1)
            } else {
                next_char(hay, label_end.max(start))
            });
        }
        if alphabet.domain_name_ok(label) {
            if let Some(end) = tld_at(hay, label_end + 1) {
                best = Some(end);
            }
        }
        if !alphabet.subdomain_ok(label) {
            let resume = if label_start > start {
                label_start
            } else {
                first_label_end.unwrap_or(start)
            };
            return best.ok_or(next_char(hay, resume.max(start)));
        }
        label_start = label_end + 1;
    }
}

/// The byte after the char at `i` (or `i + 1` past the end), to guarantee progress.
fn next_char(hay: &str, i: usize) -> usize {
    i + char_at(hay, i).map_or(1, char::len_utf8)
}

fn scan_while(hay: &str, from: usize, pred: impl Fn(char) -> bool) -> usize {
    hay[from..]
        .find(|c: char| !pred(c))
        .map_or(hay.len(), |n| from + n)
}

/// `(…)` with path chars inside, nested at most one level: `Primer_(film)`.
fn balanced_parens(hay: &str, open: usize) -> Option<usize> {
    let inner = open + 1;
    let a = scan_while(hay, inner, is_path_char);
    match char_at(hay, a)? {
        ')' if a > inner => Some(a + 1),
        '(' => {
            let b = scan_while(hay, a + 1, is_path_char);
            if b == a + 1 || char_at(hay, b)? != ')' {
                return None;
            }
            let c = scan_while(hay, b + 1, is_path_char);
            (char_at(hay, c)? == ')').then_some(c + 1)
        }
        _ => None,
    }
}

/// After the `/`: path chars and balanced parentheses, cut back to the last
/// char a path may end with.
fn path_end(hay: &str, from: usize) -> usize {
    let mut i = from;
    let mut last_good = from;
    while let Some(c) = char_at(hay, i) {
        if c == '(' {
            match balanced_parens(hay, i) {
                Some(end) => {
                    i = end;
                    last_good = end;
                    continue;
                }
                None => break,
            }
        }
        if !is_path_char(c) {
            break;
        }
        i += c.len_utf8();
        if is_path_end_char(c) {
            last_good = i;
        }
    }
    last_good
}

/// After the `?`: query chars, cut back to the last allowed ending char.
/// `None` when no ending char follows (then the `?` is prose).
fn query_end(hay: &str, from: usize) -> Option<usize> {
    let mut last_good = None;
    for (i, c) in hay[from..].char_indices() {
        if !is_query_char(c) {
            break;
        }
        if is_query_end_char(c) {
            last_good = Some(from + i + c.len_utf8());
        }
    }
    last_good
}

/// Port, path and query after a domain ending at `at`: (end, has_path).
fn url_tail(hay: &str, at: usize) -> (usize, bool) {
    let mut end = at;
    if hay[end..].starts_with(':') {
        let digits = scan_while(hay, end + 1, |c| c.is_ascii_digit());
        if digits > end + 1 {
            end = digits;
        }
    }
    let mut has_path = false;
    if hay[end..].starts_with('/') {
        end = path_end(hay, end + 1);
        has_path = true;
    }
    if hay[end..].starts_with('?') {
        if let Some(q) = query_end(hay, end + 1) {
            end = q;
        }
    }
    (end, has_path)
}

/// DNS length rule: every label, punycode-encoded if non-ASCII, is at most 63
/// chars; `xn--` labels must already be ASCII.
fn labels_fit(domain: &str) -> bool {
    domain.split('.').all(|label| {
        if label.is_ascii() {
            return label.len() <= MAX_LABEL;
        }
        if starts_with_ci(label, "xn--") {
            return false;
        }
        punycode_len(label).is_some_and(|n| 4 + n <= MAX_LABEL)
    })
}

/// Length of the RFC 3492 punycode encoding of `label` (lower-cased), or
/// `None` when it is certainly longer than a DNS label.
fn punycode_len(label: &str) -> Option<usize> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let mut cps = [0u32; MAX_LABEL];
    let mut len = 0;
    for c in label.chars().flat_map(char::to_lowercase) {
        // Every code point costs at least one output char: longer labels cannot fit.
        *cps.get_mut(len)? = c as u32;
        len += 1;
    }
    let cps = &cps[..len];
    let basic = cps.iter().filter(|&&c| c < 0x80).count();
    let mut out = basic + usize::from(basic > 0);
    let (mut n, mut delta, mut bias) = (0x80u32, 0u64, 72u32);
    let mut handled = basic;
    let adapt = |delta: u64, points: u64, first: bool| -> u32 {
        let mut d = if first { delta / 700 } else { delta / 2 };
        d += d / points;
        let mut k = 0;
        while d > u64::from((BASE - TMIN) * TMAX / 2) {
            d /= u64::from(BASE - TMIN);
            k += BASE;
        }
        k + (u64::from(BASE - TMIN + 1) * d / (d + 38)) as u32
    };
    while handled < cps.len() {
        let m = cps.iter().copied().filter(|&c| c >= n).min()?;
        delta += u64::from(m - n) * (handled as u64 + 1);
        n = m;
        for &c in cps {
            if c < n {
                delta += 1;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < u64::from(t) {
                        break;
                    }
                    out += 1;
                    q = (q - u64::from(t)) / u64::from(BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, handled as u64 + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

/// Bare domains inside a candidate run (`example.comてすとtwitter.みんな` holds
/// two): every ASCII-label domain with a known TLD, left to right.
fn bare_domains(hay: &str, from: usize, to: usize, out: &mut Vec<FoundUrl>) {
    let region = &hay[..to];
    let mut i = from;
    while i < to {
        let Some(c) = char_at(region, i) else { break };
        let run_start = Labels::Ascii.is_label_char(c)
            && char_before(region, i)
                .is_none_or(|(p, pc)| p < from || !Labels::Ascii.is_label_char(pc));
        if !run_start {
            i += c.len_utf8();
            continue;
        }
        match match_domain(region, i, Labels::Ascii) {
            Ok(end) => {
                if labels_fit(&region[i..end]) {
                    out.push(FoundUrl {
                        span: Span::new(i, end),
                        has_scheme: false,
                    });
                }
                i = end;
            }
            Err(resume) => i = resume,
        }
    }
}

/// Every URL of `text` in order, following twitter-text's extractor.
pub(crate) fn find_urls(text: &str) -> Vec<FoundUrl> {
    let mut out = Vec::new();
    // No dot, no domain: most posts without links leave here.
    if !text.as_bytes().contains(&b'.') {
        return out;
    }
    let mut pos = 0;
    // A URL's preceding char must lie after the previous candidate (the
    // upstream regex consumes it), so URLs never touch each other.
    let mut floor = 0;
    // Every domain has a dot reached from its start through label chars only
    // (after an optional scheme). So skip straight to the start of the label
    // run in front of the next dot; computed once per dot to stay linear.
    let mut next_dot = 0;
    while pos < text.len() {
        if pos > next_dot || next_dot == 0 {
            let Some(d) = next_label_dot(text, pos) else {
                break;
            };
            next_dot = d;
            let mut run = next_dot;
            while let Some((p, pc)) = char_before(text, run).filter(|(p, _)| *p >= pos) {
                if !Labels::Unicode.is_label_char(pc) {
                    break;
                }
                run = p;
            }
            for scheme in ["https://", "http://"] {
                let at = run.saturating_sub(scheme.len());
                if at >= pos
                    && text
                        .get(at..run)
                        .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
                {
                    run = at;
                    break;
                }
            }
            pos = run;
        }
        let Some(c) = char_at(text, pos) else { break };
        let prev = char_before(text, pos);
        let prev_ok = match prev {
            None => floor == 0,
            Some((p, pc)) => p >= floor && precedes_url_ok(pc),
        };
        if !prev_ok || !(is_domain_char(c)) {
            pos += c.len_utf8();
            continue;
        }
        let rest = &text[pos..];
        let scheme = if starts_with_ci(rest, "https://") {
            8
        } else if starts_with_ci(rest, "http://") {
            7
        } else {
            0
        };
        if scheme > 0 {
            let host = pos + scheme;
            if let Ok(domain_end) = match_domain(text, host, Labels::Unicode) {
                let end = schemed_url_end(text, pos, host, domain_end);
                if let Some(end) = end {
                    out.push(FoundUrl {
                        span: Span::new(pos, end.0),
                        has_scheme: true,
                    });
                }
                let end = end.map_or_else(|| url_tail(text, domain_end).0, |e| e.1);
                floor = end;
                pos = end;
                continue;
            }
            pos += c.len_utf8();
            continue;
        }
        match match_domain(text, pos, Labels::Unicode) {
            Ok(domain_end) => {
                let (end, has_path) = url_tail(text, domain_end);
                floor = end;
                let glued = prev.is_some_and(|(_, pc)| matches!(pc, '-' | '_' | '.' | '/'));
                if !glued {
                    let before = out.len();
                    bare_domains(text, pos, domain_end, &mut out);
                    if has_path && out.len() > before {
                        if let Some(last) = out.last_mut() {
                            last.span.end = end;
                        }
                    }
                }
                pos = end;
            }
            Err(resume) => pos = clamp_to_scheme(text, pos, resume.max(pos + c.len_utf8())),
        }
    }
    out
}

/// The first dot at or after `from` with a label char on both sides (the
/// one before also at or after `from`). Every domain has such a dot; any
/// other dot (`end. `, `...`, `.NET`) lies in no domain, so the scan
/// skips it: a match tried around it would fail and change nothing.
fn next_label_dot(text: &str, from: usize) -> Option<usize> {
    let is_label = |c: char| Labels::Unicode.is_label_char(c);
    let mut k = from;
    loop {
        let d = k + text.get(k..)?.find('.')?;
        if d > from
            && char_before(text, d).is_some_and(|(_, c)| is_label(c))
            && char_at(text, d + 1).is_some_and(is_label)
        {
            return Some(d);
        }
        k = d + 1;
    }
}

/// A failed bare-domain attempt may skip ahead, but never past an
/// `http(s)://` that could start a URL of its own (`中国語http://t.co/x`).
fn clamp_to_scheme(text: &str, pos: usize, resume: usize) -> usize {
    let Some(window) = text.get(pos..resume.min(text.len())) else {
        return resume;
    };
    let mut from = window.chars().next().map_or(1, char::len_utf8);
    while let Some(k) = window.get(from..).and_then(|w| w.find(['h', 'H'])) {
        let at = pos + from + k;
        let rest = &text[at..];
        if (starts_with_ci(rest, "http://") || starts_with_ci(rest, "https://"))
            && char_before(text, at).is_some_and(|(_, pc)| precedes_url_ok(pc))
        {
            return at;
        }
        from += k + 1;
    }
    resume
}

/// End of a URL written with a scheme: `Some((url_end, consumed_end))`, or
/// `None` when twitter-text rejects it (over-long labels, `xn--` with
/// non-ASCII, t.co slug over 40 chars). t.co links stop after slug and query.
fn schemed_url_end(
    text: &str,
    start: usize,
    host: usize,
    domain_end: usize,
) -> Option<(usize, usize)> {
    let (end, _) = url_tail(text, domain_end);
    if !labels_fit(&text[host..domain_end]) {
        return None;
    }
    let domain = &text[host..domain_end];
    if domain.eq_ignore_ascii_case("t.co") && text[domain_end..].starts_with('/') {
        let slug_end = scan_while(text, domain_end + 1, |c| c.is_ascii_alphanumeric());
        let slug = slug_end - domain_end - 1;
        if slug > 0 {
            if slug > MAX_TCO_SLUG {
                return None;
            }
            let mut tco_end = slug_end;
            if text[slug_end..].starts_with('?') {
                if let Some(q) = query_end(text, slug_end + 1) {
                    tco_end = q;
                }
            }
            return Some((tco_end, end.max(tco_end)));
        }
    }
    debug_assert!(end > start);
    Some((end, end))
}
