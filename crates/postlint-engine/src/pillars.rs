//! Content pillars: the themes a team plans its calendar around, each with a
//! target share of the posts (`pillars:` in the config), for
//! `calendar/pillar-drift` and the calendar summary. A post belongs to the
//! pillar its tags name; a post without such a tag belongs to the pillar
//! whose words it uses most, and to none when it uses none.

use postlint_text::Analysis;

use crate::lexicon::{Matcher, MatcherBuilder};

/// One content pillar.
#[derive(Debug, Clone, PartialEq)]
pub struct Pillar {
    pub name: String,
    /// The share of posts the team aims for, from 0.0 to 1.0.
    pub target: f64,
    /// Lexicon patterns: words and phrases, `*` at a word's edge.
    pub words: Vec<String>,
    /// Tags that put a post in this pillar; its name always does.
    pub tags: Vec<String>,
    /// How far the share may stray from the target (0.0 to 1.0); `None`
    /// takes the rule's tolerance.
    pub tolerance: Option<f64>,
}

/// Most pillars a config may declare (a post keeps its pillar in a byte).
pub const MAX_PILLARS: usize = 32;

/// The declared pillars and a matcher for their words.
#[derive(Default)]
pub struct Pillars {
    list: Vec<Pillar>,
    words: Option<Matcher>,
}

impl Pillars {
    /// At most [`MAX_PILLARS`] are kept.
    pub fn new(mut list: Vec<Pillar>) -> Pillars {
        list.truncate(MAX_PILLARS);
        let mut builder = MatcherBuilder::default();
        for (i, p) in list.iter().enumerate() {
            for (j, w) in p.words.iter().enumerate() {
                builder.add(i, j, w);
            }
        }
        let any_words = list.iter().any(|p| !p.words.is_empty());
        Pillars {
            words: any_words.then(|| Matcher::new(builder.tables())),
            list,
        }
    }

    pub fn list(&self) -> &[Pillar] {
        &self.list
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The pillar the first of `tags` names (its name or one of its tags, in
    /// any case, with or without `#`).
    pub fn of_tags<S: AsRef<str>>(&self, tags: &[S]) -> Option<usize> {
        tags.iter().find_map(|tag| {
            let tag = tag.as_ref().trim().trim_start_matches('#');
            self.list.iter().position(|p| {
                p.name.eq_ignore_ascii_case(tag)
                    || p.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
            })
        })
    }

    /// The pillar of a post: its tags decide; without a tag that names a
    /// pillar, the pillar whose words the text uses most (the first declared
    /// on a tie). 0 is none, `i + 1` is pillar `i`.
    pub(crate) fn of_post(&self, tags: &[String], text: &str, analysis: &Analysis) -> u8 {
        let index = self.of_tags(tags).or_else(|| {
            let words = self.words.as_ref()?;
            let mut counts = vec![0usize; self.list.len()];
            for hit in words.find(text, analysis) {
                if let Some(c) = counts.get_mut(hit.lexicon) {
                    *c += 1;
                }
            }
            let best = counts.iter().copied().max().filter(|&n| n > 0)?;
            counts.iter().position(|&n| n == best)
        });
        index.map_or(0, |i| u8::try_from(i + 1).unwrap_or(0))
    }

    /// The pillars whose share of `posts` (each post's pillar as
    /// [`Pillars::of_post`] gives it) is more than the tolerance away from
    /// the target: pillar, share and target, the largest distance first.
    pub(crate) fn off_target(&self, posts: &[u8], tolerance: f64) -> Vec<(usize, f64)> {
        if posts.is_empty() {
            return Vec::new();
        }
        let total = posts.len() as f64;
        let mut off: Vec<(usize, f64)> = self
            .list
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let n = posts.iter().filter(|&&q| usize::from(q) == i + 1).count();
                let share = n as f64 / total;
                // Shares are compared in whole permille, so that 3 of 10
                // against 40 % ± 10 % is on the edge, not a float's width off.
                let distance = ((share - p.target).abs() * 1000.0).round();
                let allowed = (p.tolerance.unwrap_or(tolerance) * 1000.0).round();
                (distance > allowed).then_some((i, share))
            })
            .collect();
        off.sort_by(|a, b| {
            let d = |(i, s): &(usize, f64)| (s - self.list[*i].target).abs();
            d(b).total_cmp(&d(a)).then(a.0.cmp(&b.0))
        });
        off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pillar(name: &str, target: f64, words: &[&str]) -> Pillar {
        Pillar {
            name: name.into(),
            target,
            words: words.iter().map(|w| w.to_string()).collect(),
            tags: Vec::new(),
            tolerance: None,
        }
    }

    fn pillars() -> Pillars {
        let mut community = pillar("community", 0.3, &["meet", "our team"]);
        community.tags = vec!["people".into()];
        Pillars::new(vec![
            pillar("education", 0.4, &["tip", "how to", "guide"]),
            community,
            pillar("promotion", 0.2, &["order*", "discount"]),
        ])
    }

    fn of(p: &Pillars, tags: &[&str], text: &str) -> u8 {
        let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
        p.of_post(&tags, text, &postlint_text::analyze(text))
    }

    #[test]
    fn tags_decide_before_words() {
        let p = pillars();
        assert_eq!(of(&p, &["#Education"], "Order now"), 1);
        assert_eq!(of(&p, &["people"], "A tip"), 2, "a pillar's own tag");
        assert_eq!(
            of(&p, &["spring", "promotion"], "A tip"),
            3,
            "the first tag that names one"
        );
        assert_eq!(
            of(&p, &["spring"], "A tip: how to plan"),
            1,
            "an unknown tag falls back to words"
        );
    }

    #[test]
    fn most_words_win_and_ties_go_to_the_first() {
        let p = pillars();
        assert_eq!(of(&p, &[], "Meet our team, and order the guide"), 2);
        assert_eq!(of(&p, &[], "A guide you can order"), 1);
        assert_eq!(of(&p, &[], "Lovely weather today"), 0);
    }

    #[test]
    fn off_target_within_tolerance_at_the_edge() {
        let p = pillars();
        // 10 posts: education 3 (30 %, target 40 %), community 3, promotion 4 (40 %, target 20 %).
        let posts = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3];
        let off = p.off_target(&posts, 0.10);
        assert_eq!(off.len(), 1, "{off:?}");
        assert_eq!(off[0].0, 2);
        assert!((off[0].1 - 0.4).abs() < 1e-9);
        assert!(
            p.off_target(&posts, 0.20).is_empty(),
            "20 points off is within 20 %"
        );
        assert!(p.off_target(&[], 0.10).is_empty());
    }

    #[test]
    fn a_pillars_own_tolerance_wins() {
        let mut list = pillars().list;
        list[2].tolerance = Some(0.25);
        let p = Pillars::new(list);
        assert!(p
            .off_target(&[1, 1, 1, 2, 2, 2, 3, 3, 3, 3], 0.10)
            .is_empty());
    }
}
