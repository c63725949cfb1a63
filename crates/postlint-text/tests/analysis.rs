//! What the linter reads from a post: entities, words, sentences, lines,
//! marks and emoji, on the cases rules depend on.

use postlint_text::{analyze, Analysis, EntityKind};

fn slice(text: &str, span: postlint_text::Span) -> &str {
    &text[span.start..span.end]
}

fn values<'t>(text: &'t str, a: &Analysis, kind: EntityKind) -> Vec<&'t str> {
    a.entities_of(kind).map(|e| e.value(text)).collect()
}

fn words(a: &Analysis) -> Vec<&str> {
    a.words.iter().map(|w| a.lower(w)).collect()
}

#[test]
fn hashtags_with_diacritics_and_long_compounds() {
    let text = "Koffie bij #café De Zon, daarna #fietsenmaker en #Ærø! #2024 telt niet.";
    let a = analyze(text);
    assert_eq!(
        values(text, &a, EntityKind::Hashtag),
        ["café", "fietsenmaker", "Ærø"]
    );
}

#[test]
fn mastodon_remote_mentions_keep_their_server() {
    let text = "cc @anna@mastodon.social en @bob, mail naar jan@example.com";
    let a = analyze(text);
    let mentions: Vec<_> = a.entities_of(EntityKind::Mention).collect();
    assert_eq!(mentions.len(), 2);
    assert_eq!(mentions[0].value(text), "anna");
    assert_eq!(slice(text, mentions[0].span), "@anna@mastodon.social");
    assert_eq!(mentions[0].server_len, "@mastodon.social".len());
    assert_eq!(mentions[1].value(text), "bob");
    assert_eq!(mentions[1].server_len, 0);
    assert!(
        a.entities_of(EntityKind::Url).next().is_none(),
        "an e-mail address is not a link"
    );
}

#[test]
fn urls_with_and_without_scheme() {
    let text = "Lees https://example.com/a?b=1. Of kijk op voorbeeld.nl/pagina, of niet.op";
    let a = analyze(text);
    let urls: Vec<_> = a
        .entities_of(EntityKind::Url)
        .map(|e| (e.value(text), e.has_scheme))
        .collect();
    assert_eq!(
        urls,
        [
            ("https://example.com/a?b=1", true),
            ("voorbeeld.nl/pagina", false)
        ]
    );
}

#[test]
fn words_never_come_from_entities() {
    let a = analyze("Zie https://example.com/pad/woord en #hashtag met @iemand voor $ABC nu");
    assert_eq!(words(&a), ["zie", "en", "met", "voor", "nu"]);
}

#[test]
fn questions_and_exclamations_inside_sentences_and_before_emoji() {
    let a = analyze("Echt?! 😂 dat meen je niet? en toch wel!!! Klaar. Wat denk jij? 🤔");
    assert_eq!(a.questions.len(), 3);
    assert_eq!(a.exclamations.len(), 2);
    assert_eq!(
        a.exclamation_runs.len(),
        1,
        "only `!!!` is a run of two or more"
    );
    let flagged: Vec<(bool, bool)> = a
        .sentences
        .iter()
        .map(|s| (s.question, s.exclamation))
        .collect();
    assert!(flagged.first().is_some_and(|f| f.0 && f.1));
    assert!(
        a.sentences.last().is_some_and(|s| s.question),
        "emoji after the mark"
    );
    assert!(
        a.sentences.iter().any(|s| !s.question && !s.exclamation),
        "`Klaar.`"
    );
}

#[test]
fn marks_inside_urls_are_not_questions() {
    let a = analyze("Zie https://example.com/?q=1 nu.");
    assert!(a.questions.is_empty());
    assert!(a.sentences.iter().all(|s| !s.question));
    assert_eq!(a.sentences.len(), 1);
}

#[test]
fn all_caps_and_quoted_words() {
    let a = analyze("Ze riep \"STOP NU\" maar ik zei: „rustig aan”. NASA en A zijn anders.");
    let find = |w: &str| a.words.iter().find(|x| a.lower(x) == w).cloned();
    let stop = find("stop").unwrap_or_else(|| panic!("no word stop"));
    assert!(stop.all_caps && stop.quoted);
    assert!(find("rustig").is_some_and(|w| w.quoted && !w.all_caps));
    assert!(find("nasa").is_some_and(|w| w.all_caps && !w.quoted));
    assert!(
        find("a").is_some_and(|w| !w.all_caps),
        "one letter is not shouting"
    );
    assert!(find("maar").is_some_and(|w| !w.quoted));
}

#[test]
fn lines_first_line_and_breaks() {
    let text = "Eerste regel 🚀\r\nTweede\n\nVierde\u{2028}Vijfde";
    let a = analyze(text);
    let lines: Vec<&str> = a.lines.iter().map(|l| slice(text, *l)).collect();
    assert_eq!(lines, ["Eerste regel 🚀", "Tweede", "", "Vierde", "Vijfde"]);
    assert_eq!(a.line_breaks, 4);
}

#[test]
fn emoji_sequences_count_once() {
    let text = "👨‍👩‍👧‍👦 🇧🇪 1️⃣ 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿 ☺️ © 2024 #1";
    let a = analyze(text);
    let emoji: Vec<&str> = a.emoji.iter().map(|s| slice(text, *s)).collect();
    assert_eq!(emoji, ["👨‍👩‍👧‍👦", "🇧🇪", "1️⃣", "👍🏽", "🏴󠁧󠁢󠁷󠁬󠁳󠁿", "☺️"]);
}

#[test]
fn trailing_emoji_and_tags_close_the_last_sentence() {
    let text = "WOW!!! Wat een dag?! 😍😍 #Gent #fietsen";
    let a = analyze(text);
    let sentences: Vec<&str> = a.sentences.iter().map(|s| slice(text, s.span)).collect();
    assert_eq!(sentences, ["WOW!!!", "Wat een dag?! 😍😍 #Gent #fietsen"]);
    assert!(a.sentences[1].question);
    assert!(a.words.iter().any(|w| a.lower(w) == "wow" && w.all_caps));
}
