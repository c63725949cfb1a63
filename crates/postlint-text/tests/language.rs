//! Language detection accuracy on hand-written English and Dutch (incl.
//! Flemish) posts, one per line in tests/lang/*.txt. Must stay ≥ 95 %.

use postlint_text::{analyze, detect_language, detect_language_in};

const MIN_ACCURACY: f64 = 0.95;

fn accuracy(code: &str, fast: bool) -> (f64, usize, usize, Vec<String>) {
    let path = format!("{}/tests/lang/{code}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let posts: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(posts.len() >= 100, "{path}: only {} posts", posts.len());
    let mut misses = Vec::new();
    let mut assumed = 0;
    for post in &posts {
        let d = if fast {
            detect_language_in(post, &analyze(post), &["en", "nl"], "en")
        } else {
            detect_language(post, &["en", "nl"], "en")
        };
        assumed += usize::from(!d.detected);
        if d.code != code {
            misses.push(format!("  [{} detected={}] {post}", d.code, d.detected));
        }
    }
    let acc = (posts.len() - misses.len()) as f64 / posts.len() as f64;
    (acc, posts.len(), assumed, misses)
}

#[test]
fn english_and_dutch_are_told_apart() {
    let mut failed = Vec::new();
    // Both the trigram model alone and the marker-word vote in front of it.
    for (code, fast) in [("en", false), ("nl", false), ("en", true), ("nl", true)] {
        let (acc, n, assumed, misses) = accuracy(code, fast);
        let how = if fast {
            "marker words, then whatlang"
        } else {
            "whatlang"
        };
        println!(
            "language {code} ({how}): {:.1}% of {n} posts ({assumed} fell back to the default)",
            acc * 100.0
        );
        for m in &misses {
            println!("{m}");
        }
        if acc < MIN_ACCURACY {
            failed.push(format!(
                "{code}: {:.1}% < {:.0}%",
                acc * 100.0,
                MIN_ACCURACY * 100.0
            ));
        }
    }
    assert!(failed.is_empty(), "accuracy too low: {failed:?}");
}

#[test]
fn short_or_unknown_texts_fall_back_to_the_default() {
    let d = detect_language("ok 👍", &["en", "nl"], "nl");
    assert_eq!((d.code.as_str(), d.detected), ("nl", false));
    let d = detect_language(
        "https://example.com/a-long-path #tag @someone",
        &["en", "nl"],
        "en",
    );
    assert!(!d.detected, "entities alone say nothing about the language");
    let d = detect_language(
        "This is clearly an English sentence about the weather today.",
        &["en"],
        "en",
    );
    assert!(d.detected);
}
