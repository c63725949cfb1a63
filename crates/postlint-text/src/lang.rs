//! Language detection with whatlang, limited to the languages the loaded
//! packs have lexicons for, with a fallback that the output can report.

/// The language of a post and whether it was detected or assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// ISO 639-1 code (`en`, `nl`).
    pub code: String,
    /// `true` when whatlang was confident enough; `false` when the default was assumed.
    pub detected: bool,
}

/// Texts with fewer letters than this are too short to detect reliably.
const MIN_LETTERS: usize = 12;
/// Only the start of a long post is scored: a few hundred letters decide the
/// language as well as two thousand, at a fraction of the time.
const SAMPLE_BYTES: usize = 600;
/// Below this whatlang confidence the default is assumed instead.
const MIN_CONFIDENCE: f64 = 0.2;

/// Detect the language of `text` among `allowed` (ISO 639-1 codes); fall back
/// to `default` (reported as not detected) when the text is short or
/// whatlang is unsure. URLs, mentions and cashtags are left out first: they
/// are names, not language; a hashtag's word is kept (`#fietsen`).
pub fn detect_language(text: &str, allowed: &[&str], default: &str) -> Detection {
    let assumed = Detection {
        code: default.to_string(),
        detected: false,
    };
    let end = (SAMPLE_BYTES..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    let prose = prose(&text[..end]);
    if prose.chars().filter(|c| c.is_alphabetic()).count() < MIN_LETTERS {
        return assumed;
    }
    let list: Vec<whatlang::Lang> = allowed.iter().filter_map(|c| lang_from_code(c)).collect();
    if list.is_empty() {
        return assumed;
    }
    if list.len() == 1 {
        let code = allowed
            .iter()
            .find(|c| lang_from_code(c).is_some())
            .copied()
            .unwrap_or(default);
        return Detection {
            code: code.to_string(),
            detected: true,
        };
    }
    let detector = whatlang::Detector::with_allowlist(list);
    match detector.detect(&prose) {
        Some(info) if info.confidence() >= MIN_CONFIDENCE => match code_of(info.lang()) {
            Some(code) => Detection {
                code: code.to_string(),
                detected: true,
            },
            None => assumed,
        },
        _ => assumed,
    }
}

/// `text` without URLs, mentions and cashtags; hashtags keep their word.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in crate::entities::extract(text) {
        out.push_str(&text[at..e.span.start]);
        if e.kind == crate::EntityKind::Hashtag {
            out.push_str(&e.value);
        }
        out.push(' ');
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

fn lang_from_code(code: &str) -> Option<whatlang::Lang> {
    use whatlang::Lang::*;
    Some(match code {
        "en" => Eng,
        "nl" => Nld,
        "de" => Deu,
        "fr" => Fra,
        "es" => Spa,
        "it" => Ita,
        "pt" => Por,
        "da" => Dan,
        "sv" => Swe,
        "nb" | "no" => Nob,
        "pl" => Pol,
        "fi" => Fin,
        _ => return None,
    })
}

fn code_of(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Eng => "en",
        Nld => "nl",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Dan => "da",
        Swe => "sv",
        Nob => "nb",
        Pol => "pl",
        Fin => "fi",
        _ => return None,
    })
}

/// Words that are frequent in one of English and Dutch and (nearly) absent
/// from the other: 1 for English, 2 for Dutch, 0 for any other word. Words
/// both languages use (`we`, `is`, `in`, `was`, `of`, `over`) are left out on
/// purpose. A `match` (length first, then the bytes) instead of a list
/// search: this runs for every word of every post.
fn marker(word: &str) -> u8 {
    match word {
        "the" | "and" | "to" | "you" | "your" | "with" | "for" | "this" | "that" | "our"
        | "are" | "it" | "on" | "at" | "from" | "have" | "will" | "what" | "how" | "my" | "be"
        | "can" | "just" | "about" | "more" | "new" | "get" | "they" | "their" | "there"
        | "which" | "when" | "who" | "would" | "should" | "could" | "has" | "been" | "into"
        | "than" | "them" | "these" | "those" | "it's" | "don't" => 1,
        "de" | "het" | "een" | "van" | "je" | "jij" | "jouw" | "niet" | "voor" | "met" | "op"
        | "zijn" | "wat" | "dat" | "ook" | "maar" | "naar" | "bij" | "nog" | "wij" | "ons"
        | "onze" | "jullie" | "deze" | "dit" | "er" | "om" | "te" | "uit" | "wordt" | "worden"
        | "heb" | "hebben" | "heeft" | "wel" | "geen" | "graag" | "hoe" | "waar" | "meer"
        | "nu" | "kunnen" | "moet" | "veel" | "ik" => 2,
        _ => 0,
    }
}

/// Like [`detect_language`], but reads the analysis first: when English and
/// Dutch are the candidates and the post's own words clearly vote for one of
/// them (at least three marker words, three times as many as the other), that
/// decides without running the trigram model, which is the costly part of
/// linting a long post. Everything else goes to [`detect_language`].
pub fn detect_language_in(
    text: &str,
    analysis: &crate::Analysis,
    allowed: &[&str],
    default: &str,
) -> Detection {
    let both = allowed.contains(&"en") && allowed.contains(&"nl");
    if both && allowed.len() == 2 {
        let (mut en, mut nl) = (0usize, 0usize);
        for w in &analysis.words {
            match marker(analysis.lower(w)) {
                1 => en += 1,
                2 => nl += 1,
                _ => {}
            }
        }
        let decided = if en >= 3 && en >= 3 * nl {
            Some("en")
        } else if nl >= 3 && nl >= 3 * en {
            Some("nl")
        } else {
            None
        };
        if let Some(code) = decided {
            return Detection {
                code: code.to_string(),
                detected: true,
            };
        }
    }
    detect_language(text, allowed, default)
}
