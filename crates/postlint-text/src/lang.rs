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
pub fn detect_language<S: AsRef<str>>(text: &str, allowed: &[S], default: &str) -> Detection {
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
    let list: Vec<whatlang::Lang> = allowed
        .iter()
        .filter_map(|c| lang_from_code(c.as_ref()))
        .collect();
    if list.is_empty() {
        return assumed;
    }
    if list.len() == 1 {
        let code = allowed
            .iter()
            .map(AsRef::as_ref)
            .find(|c| lang_from_code(c).is_some())
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
            out.push_str(e.value(text));
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
/// from the other: 1 for English, 2 for Dutch. Words both languages use
/// (`we`, `is`, `in`, `was`, `of`, `over`) are left out on purpose.
const MARKER_WORDS: &[(&str, u8)] = &[
    ("the", 1),
    ("and", 1),
    ("to", 1),
    ("you", 1),
    ("your", 1),
    ("with", 1),
    ("for", 1),
    ("this", 1),
    ("that", 1),
    ("our", 1),
    ("are", 1),
    ("it", 1),
    ("on", 1),
    ("at", 1),
    ("from", 1),
    ("have", 1),
    ("will", 1),
    ("what", 1),
    ("how", 1),
    ("my", 1),
    ("be", 1),
    ("can", 1),
    ("just", 1),
    ("about", 1),
    ("more", 1),
    ("new", 1),
    ("get", 1),
    ("they", 1),
    ("their", 1),
    ("there", 1),
    ("which", 1),
    ("when", 1),
    ("who", 1),
    ("would", 1),
    ("should", 1),
    ("could", 1),
    ("has", 1),
    ("been", 1),
    ("into", 1),
    ("than", 1),
    ("them", 1),
    ("these", 1),
    ("those", 1),
    ("it's", 1),
    ("don't", 1),
    ("de", 2),
    ("het", 2),
    ("een", 2),
    ("van", 2),
    ("je", 2),
    ("jij", 2),
    ("jouw", 2),
    ("niet", 2),
    ("voor", 2),
    ("met", 2),
    ("op", 2),
    ("zijn", 2),
    ("wat", 2),
    ("dat", 2),
    ("ook", 2),
    ("maar", 2),
    ("naar", 2),
    ("bij", 2),
    ("nog", 2),
    ("wij", 2),
    ("ons", 2),
    ("onze", 2),
    ("jullie", 2),
    ("deze", 2),
    ("dit", 2),
    ("er", 2),
    ("om", 2),
    ("te", 2),
    ("uit", 2),
    ("wordt", 2),
    ("worden", 2),
    ("heb", 2),
    ("hebben", 2),
    ("heeft", 2),
    ("wel", 2),
    ("geen", 2),
    ("graag", 2),
    ("hoe", 2),
    ("waar", 2),
    ("meer", 2),
    ("nu", 2),
    ("kunnen", 2),
    ("moet", 2),
    ("veel", 2),
    ("ik", 2),
];

/// [`MARKER_WORDS`] by [`crate::word_key`], in an open-addressing table
/// built at compile time: this runs for every word of every post, so a
/// look-up is one multiplication and (nearly always) one comparison.
static MARKERS: [(u64, u8); 256] = {
    let mut table = [(0u64, 0u8); 256];
    let mut i = 0;
    while i < MARKER_WORDS.len() {
        let (word, lang) = MARKER_WORDS[i];
        let key = crate::word_key(word);
        assert!(key != 0, "marker words have one to eight bytes");
        let mut slot = crate::key_slot(key, 8);
        while table[slot].0 != 0 {
            assert!(table[slot].0 != key, "a marker word is listed twice");
            slot = (slot + 1) % 256;
        }
        table[slot] = (key, lang);
        i += 1;
    }
    table
};

/// 1 when the word with this [`crate::word_key`] is an English marker
/// word, 2 when it is a Dutch one, 0 otherwise.
fn marker(key: u64) -> u8 {
    if key == 0 {
        return 0;
    }
    let mut slot = crate::key_slot(key, 8);
    loop {
        let (k, lang) = MARKERS[slot];
        if k == key {
            return lang;
        }
        if k == 0 {
            return 0;
        }
        slot = (slot + 1) % 256;
    }
}

/// Like [`detect_language`], but reads the analysis first: when English and
/// Dutch are the candidates and the post's own words clearly vote for one of
/// them (at least three marker words, three times as many as the other), that
/// decides without running the trigram model, which is the costly part of
/// linting a long post. Everything else goes to [`detect_language`].
pub fn detect_language_in<S: AsRef<str>>(
    text: &str,
    analysis: &crate::Analysis,
    allowed: &[S],
    default: &str,
) -> Detection {
    let has = |code: &str| allowed.iter().any(|a| a.as_ref() == code);
    let both = has("en") && has("nl");
    if both && allowed.len() == 2 {
        let (mut en, mut nl) = (0usize, 0usize);
        for w in &analysis.words {
            match marker(w.key) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_table_finds_every_marker_word_and_no_other() {
        for &(word, lang) in MARKER_WORDS {
            assert_eq!(marker(crate::word_key(word)), lang, "{word}");
        }
        for word in [
            "we", "is", "in", "was", "of", "over", "thee", "th", "dienst", "", "jullies",
        ] {
            assert_eq!(marker(crate::word_key(word)), 0, "{word}");
        }
    }

    #[test]
    fn marker_words_decide_between_english_and_dutch() {
        let en = "Here is the plan for you and your team, with more to come.";
        let nl = "Hier is het plan voor jou en jouw team, met meer dat nog komt.";
        let pick = |t: &str| detect_language_in(t, &crate::analyze(t), &["en", "nl"], "en").code;
        assert_eq!(pick(en), "en");
        assert_eq!(pick(nl), "nl");
    }
}
