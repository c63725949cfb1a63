//! A deterministic corpus of English and Dutch posts: 50 to 2,000 characters,
//! with hashtags, mentions, URLs, emoji, questions and calls to action. The
//! same seed always gives the same posts (a hand-written SplitMix64; no
//! `rand`), so measurements can be repeated on another machine.

/// SplitMix64: small, fast and good enough to pick words.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

struct Lang {
    code: &'static str,
    openers: &'static [&'static str],
    sentences: &'static [&'static str],
    questions: &'static [&'static str],
    ctas: &'static [&'static str],
    hashtags: &'static [&'static str],
    shouts: &'static [&'static str],
}

const EN: Lang = Lang {
    code: "en",
    openers: &[
        "Big news from our team today.",
        "Last year our organic traffic dropped 40% in one month.",
        "I used to think cold outreach was dead.",
        "Three things I learned after ten years in customer support:",
        "We are thrilled to announce our new product line!",
        "Hot take: most meetings should be emails.",
        "Quick update for everyone who asked.",
        "This is not a limited offer, and that is the point.",
    ],
    sentences: &[
        "After months of work, the new release is out and it is faster than ever.",
        "Our customers told us what they needed, and we listened.",
        "Only 3 spots left for the workshop next week.",
        "Thousands of teams already trust us with their data.",
        "The cause was boring: a plugin update had quietly added noindex to 300 pages.",
        "It is a game changer for small shops that sell online.",
        "Experts agree that consistency beats intensity.",
        "Kindly be informed that the office is closed on Friday.",
        "We never send spam, and you can unsubscribe at any time.",
        "Honestly, the best feedback came from a customer who almost left.",
        "The new dashboard shows every order in real time.",
        "Join 10,000 marketers who get our newsletter every week.",
        "Free shipping on all orders until Sunday.",
        "She said \"this changed how we work\" and I believe her.",
        "Ten minutes a week beats a lost quarter.",
        "Nobody reads the terms, so we wrote them in plain English.",
        "The results were better than we expected, but not for the reasons we thought.",
        "Revolutionary, world-class, best-in-class: we promise none of that.",
    ],
    questions: &[
        "What's on your weekly checklist?",
        "Have you tried this yet?",
        "Which one would you pick?",
        "What would you change?",
        "Agree or disagree??",
    ],
    ctas: &[
        "Click the link to learn more.",
        "Sign up today and save 20%.",
        "Read more on our blog.",
        "Follow us for more tips.",
        "Share this with a friend who needs it.",
        "Let us know in the comments.",
        "Buy now while stocks last!",
        "Download the free guide.",
        "Like and retweet if you agree!",
        "Book a demo here.",
    ],
    hashtags: &[
        "#marketing",
        "#startup",
        "#SEO",
        "#rust",
        "#release",
        "#smallbusiness",
        "#AI",
        "#design",
        "#tips",
        "#Monday",
    ],
    shouts: &["HUGE", "FREE", "NOW", "LAST CHANCE", "NEW"],
};

const NL: Lang = Lang {
    code: "nl",
    openers: &[
        "Groot nieuws vandaag van ons team.",
        "Vandaag de nieuwe fietsbrug geopend!",
        "Vorig jaar daalde ons bezoek met 40% in één maand.",
        "Drie dingen die ik leerde na tien jaar klantenservice:",
        "We zijn trots op onze nieuwe collectie!",
        "Eerlijk gezegd had ik dit niet verwacht.",
        "Even een update voor iedereen die het vroeg.",
        "Dit is geen tijdelijke actie, en dat is precies de bedoeling.",
    ],
    sentences: &[
        "Na maanden werk is de nieuwe versie er, en die is sneller dan ooit.",
        "Onze klanten vertelden wat ze nodig hadden, en wij luisterden.",
        "Nog maar 3 plekken vrij voor de workshop van volgende week.",
        "Duizenden teams vertrouwen ons al met hun gegevens.",
        "Dank aan de gemeente en iedereen die meedacht.",
        "Het is een gamechanger voor kleine winkels die online verkopen.",
        "Experts zijn het erover eens dat volhouden belangrijker is dan hard werken.",
        "Bel onze klantendienst als je vragen hebt.",
        "We sturen nooit spam, en je kunt je altijd afmelden.",
        "De beste feedback kwam van een klant die bijna vertrok.",
        "Het nieuwe dashboard toont elke bestelling direct.",
        "Gratis verzending op alle bestellingen tot zondag.",
        "Ze zei \"dit veranderde hoe we werken\" en ik geloof haar.",
        "Tien minuten per week is beter dan een verloren kwartaal.",
        "Niemand leest de voorwaarden, dus schreven we ze in gewone taal.",
        "De resultaten waren beter dan verwacht, maar niet om de redenen die we dachten.",
    ],
    questions: &[
        "Wat vinden jullie ervan?",
        "Heb jij dit al geprobeerd?",
        "Welke zou jij kiezen?",
        "Wat zou jij anders doen?",
        "Eens of oneens??",
    ],
    ctas: &[
        "Klik op de link voor meer informatie.",
        "Schrijf je vandaag nog in en bespaar 20%.",
        "Lees meer op onze blog.",
        "Volg ons voor meer tips.",
        "Deel dit met een vriend die het nodig heeft.",
        "Laat het weten in de reacties.",
        "Bestel nu zolang de voorraad strekt!",
        "Download de gratis gids.",
        "Like en deel als je het eens bent!",
    ],
    hashtags: &[
        "#fietsen",
        "#Utrecht",
        "#marketing",
        "#ondernemen",
        "#duurzaam",
        "#tips",
        "#nieuws",
        "#mkb",
    ],
    shouts: &["GRATIS", "NU", "NIEUW", "LAATSTE KANS", "SUPER"],
};

const MENTIONS: &[&str] = &[
    "@support",
    "@gemeente",
    "@anna",
    "@TeamRust",
    "@marketing_nl",
    "@jan@mastodon.social",
    "@bob.bsky.social",
];
const URLS: &[&str] = &[
    "https://example.com/release-notes",
    "https://example.nl/fietsbrug?utm_source=x",
    "example.com/blog/2026/why-we-changed",
    "https://shop.example.org/sale",
    "www.example.nl/aanmelden",
    "https://bit.ly/3xYzAbC",
];
const EMOJI: &[&str] = &[
    "🚀",
    "🙌",
    "👇",
    "🎉",
    "🚲",
    "😂",
    "❤️",
    "👨‍👩‍👧",
    "🇳🇱",
    "✅",
    "🔥",
    "1️⃣",
];

/// (platform, shortest, longest) in characters; short platforms are common.
const PLATFORMS: &[(&str, usize, usize)] = &[
    ("x", 50, 280),
    ("x", 50, 280),
    ("x", 80, 280),
    ("bluesky", 50, 300),
    ("mastodon", 80, 500),
    ("threads", 50, 500),
    ("linkedin", 200, 2000),
    ("linkedin", 300, 1300),
    ("facebook", 100, 1500),
    ("instagram", 100, 2000),
];

/// One generated post.
pub struct GenPost {
    pub text: String,
    pub platform: &'static str,
    pub lang: &'static str,
}

/// The `index`-th post of the corpus for `seed` (independent of the others).
pub fn post(seed: u64, index: u64) -> GenPost {
    let mut rng = Rng::new(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ index);
    let lang = if rng.chance(60) { &EN } else { &NL };
    let &(platform, lo, hi) = &PLATFORMS[(rng.next_u64() % PLATFORMS.len() as u64) as usize];
    let target = rng.range(lo, hi);
    let mut text = String::new();
    if rng.chance(70) {
        text.push_str(rng.pick(lang.openers));
    }
    let mut guard = 0;
    while text.chars().count() < target && guard < 200 {
        guard += 1;
        let sep = if text.is_empty() {
            ""
        } else if rng.chance(12) {
            "\n\n"
        } else if rng.chance(5) {
            "\n"
        } else {
            " "
        };
        text.push_str(sep);
        match rng.range(0, 99) {
            0..=54 => text.push_str(rng.pick(lang.sentences)),
            55..=62 => text.push_str(rng.pick(lang.questions)),
            63..=68 => text.push_str(rng.pick(lang.ctas)),
            69..=74 => text.push_str(rng.pick(EMOJI)),
            75..=79 => text.push_str(rng.pick(MENTIONS)),
            80..=83 => text.push_str(rng.pick(URLS)),
            84..=86 => {
                text.push_str(rng.pick(lang.shouts));
                text.push_str(if rng.chance(50) { "!!!" } else { "!" });
            }
            _ => text.push_str(rng.pick(lang.hashtags)),
        }
    }
    // Most posts close with a call to action or a question, and tags.
    if rng.chance(45) {
        text.push(' ');
        text.push_str(if rng.chance(50) {
            rng.pick(lang.ctas)
        } else {
            rng.pick(lang.questions)
        });
    }
    if rng.chance(50) {
        for _ in 0..rng.range(1, 4) {
            text.push(' ');
            text.push_str(rng.pick(lang.hashtags));
        }
    }
    // Keep within 50..=2000 characters, cut on a char boundary.
    if let Some((cut, _)) = text.char_indices().nth(2000) {
        text.truncate(cut);
    }
    while text.chars().count() < 50 {
        text.push(' ');
        text.push_str(rng.pick(lang.sentences));
    }
    GenPost {
        text,
        platform,
        lang: lang.code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        for i in 0..2000 {
            let a = post(7, i);
            let b = post(7, i);
            assert_eq!(a.text, b.text);
            let n = a.text.chars().count();
            assert!((50..=2000).contains(&n), "post {i}: {n} chars");
        }
        assert_ne!(post(7, 1).text, post(8, 1).text);
    }

    #[test]
    fn has_both_languages_and_entities() {
        let posts: Vec<GenPost> = (0..500).map(|i| post(1, i)).collect();
        assert!(posts.iter().any(|p| p.lang == "nl") && posts.iter().any(|p| p.lang == "en"));
        assert!(posts.iter().any(|p| p.text.contains('#')));
        assert!(posts.iter().any(|p| p.text.contains("https://")));
        assert!(posts.iter().any(|p| p.text.contains('?')));
        assert!(posts.iter().any(|p| p.text.chars().count() > 1000));
    }
}
