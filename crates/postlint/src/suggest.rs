//! "Did you mean": the closest of a list of names, by edit distance (the
//! rule language's own measure, so both suggest alike).

use postlint_lang::check::edit_distance;

/// The candidate closest to `word`, if one is within three edits.
pub fn closest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    closest_within(word, candidates, 3)
}

/// The candidate closest to `word`, if one is within `max` edits.
pub fn closest_within<'a>(word: &str, candidates: &'a [String], max: usize) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_within_three_edits_only() {
        let ids = vec![
            "killers/bare-link".to_string(),
            "killers/shouting".to_string(),
        ];
        assert_eq!(closest("killers/bare-lnk", &ids), Some("killers/bare-link"));
        assert_eq!(closest("killers/shoutin", &ids), Some("killers/shouting"));
        assert_eq!(closest("replies/redirect", &ids), None);
    }
}
