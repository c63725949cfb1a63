//! `gen-results`: a made-up calendar and its analytics export with known
//! effects built in, for `postlint report --results` (examples/results/,
//! docs/calendars.md). Deterministic: the same seed writes the same files.
//!
//! The engagement rate of a post is 2 % times lognormal noise, times 0.45
//! for a bare link, 1.4 for social proof and 1.15 for a question. A few
//! export rows name no post id (joined by date and platform), a few are for
//! posts not in the calendar, and a few posts have no row.

use std::fmt::Write as _;
use std::path::Path;

use crate::corpus::Rng;

const PLATFORMS: [&str; 3] = ["linkedin", "x", "facebook"];

const OPENERS: [&str; 8] = [
    "Our spring repair corner opens on Monday in the Ghent shop.",
    "We spent a week riding every cargo bike we sell through the rain.",
    "The new planner for workshop slots is live for every customer.",
    "Last month our mechanics fixed more flat tyres than in all of winter.",
    "We changed how we quote repairs so that the price never surprises you.",
    "Our team tested five chain oils on the same commute for a month.",
    "The city opened a new bike lane along the canal this week.",
    "We moved the tool library to the front of the shop so you can find it.",
];

const DETAILS: [&str; 6] = [
    "The short version: book a slot online and we text you when the bike is ready.",
    "Two of them still ran smoothly after three hundred kilometres of grit.",
    "It saves you a second trip, and it saves us a lot of guessing.",
    "The results surprised our own mechanics, and they ride every day.",
    "Bring your bike before nine and you ride home the same afternoon.",
    "Everything we learned is written down in plain words on our blog.",
];

const PROOF: [&str; 4] = [
    "Over 2,000 customers already booked their repair this way.",
    "More than 1,500 riders already joined the tool library.",
    "Trusted by 300 families in Ghent for their cargo bikes.",
    "Rated 4.8/5 by our customers on every review site.",
];

const QUESTIONS: [&str; 4] = [
    "Which repair do you always put off?",
    "What would you want us to test next?",
    "How do you keep your chain clean in the rain?",
    "Which route would you ride first?",
];

const LINKS: [&str; 4] = [
    "Read this: https://example.com/blog/spring",
    "New post https://example.com/blog/chains",
    "Check it out https://example.com/planner",
    "Link: https://example.com/blog/lanes",
];

/// A post of the calendar and the rate its export row gets.
struct Made {
    id: usize,
    minutes: i64,
    platform: &'static str,
    text: String,
    rate: f64,
}

/// Normal with mean 0 and deviation 1 (Box–Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u = |rng: &mut Rng| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let (a, b) = (u(rng).max(1e-12), u(rng));
    (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
}

fn made(rng: &mut Rng, i: usize) -> Made {
    // Two posts a day from Monday 2 March 2026, at 09:00 and 16:30.
    let start = 20_514 * 24 * 60; // 2026-03-02 00:00 in minutes since 1970
    let minutes = start
        + (i / 2) as i64 * 24 * 60
        + if i.is_multiple_of(2) {
            9 * 60
        } else {
            16 * 60 + 30
        };
    let platform = PLATFORMS[rng.range(0, 2)];
    let mut rate = 0.02 * (0.35 * normal(rng)).exp();
    let text = if rng.chance(22) {
        rate *= 0.45;
        rng.pick(&LINKS).to_string()
    } else {
        let mut t = format!("{} {}", rng.pick(&OPENERS), rng.pick(&DETAILS));
        if rng.chance(30) {
            rate *= 1.4;
            t = format!("{t} {}", rng.pick(&PROOF));
        }
        if rng.chance(50) {
            rate *= 1.15;
            t = format!("{t} {}", rng.pick(&QUESTIONS));
        }
        t
    };
    Made {
        id: 1001 + i,
        minutes,
        platform,
        text,
        rate,
    }
}

fn date(minutes: i64) -> (String, String) {
    let m = minutes.rem_euclid(24 * 60);
    let (year, month, d) = postlint_engine::calendar::civil_from_days(minutes.div_euclid(24 * 60));
    (
        format!("{year:04}-{month:02}-{d:02}"),
        format!("{:02}:{:02}", m / 60, m % 60),
    )
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The calendar and the export as CSV text.
pub fn generate(posts: usize, seed: u64) -> (String, String) {
    let mut rng = Rng::new(seed);
    let all: Vec<Made> = (0..posts).map(|i| made(&mut rng, i)).collect();
    let mut calendar = String::from("id,scheduled,platform,language,text\n");
    for p in &all {
        let (d, t) = date(p.minutes);
        let _ = writeln!(
            calendar,
            "{},{d} {t},{},en,{}",
            p.id,
            p.platform,
            csv_field(&p.text)
        );
    }
    let mut export = String::from("Post ID,Date,Platform,Impressions,Reach,Engagements,Clicks\n");
    for p in &all {
        // One post in 25 has no results yet.
        if rng.chance(4) {
            continue;
        }
        let impressions = rng.range(800, 6000) as f64;
        let engagements = (impressions * p.rate).round();
        let clicks = (engagements * 0.3).round();
        let reach = (impressions * 0.7).round();
        // One row in 8 names no post id: it is joined by date and platform.
        let id = if rng.chance(12) {
            String::new()
        } else {
            p.id.to_string()
        };
        let (d, t) = date(p.minutes);
        let _ = writeln!(
            export,
            "{id},{d}T{t}:00Z,{},{impressions},{reach},{engagements},{clicks}",
            p.platform
        );
    }
    // Rows of posts that were not planned in this calendar.
    for k in 0..5 {
        let (d, t) = date(20_514 * 24 * 60 + (400 + k) * 24 * 60 + 12 * 60);
        let _ = writeln!(export, "{},{d}T{t}:00Z,linkedin,1200,900,30,8", 9001 + k);
    }
    (calendar, export)
}

/// `gen-results [--posts 240] [--seed 7] [--out examples/results]`.
pub fn run(posts: usize, seed: u64, out: &Path) -> Result<(), String> {
    let (calendar, export) = generate(posts, seed);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in [("calendar.csv", calendar), ("analytics.csv", export)] {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_and_generation_is_deterministic() {
        assert_eq!(
            date(20_514 * 24 * 60 + 9 * 60),
            ("2026-03-02".into(), "09:00".into())
        );
        assert_eq!(generate(30, 7), generate(30, 7));
        assert_ne!(generate(30, 7), generate(30, 8));
    }

    #[test]
    fn the_example_files_are_what_the_generator_writes() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/results");
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("example file");
        assert_eq!(
            generate(240, 7),
            (read("calendar.csv"), read("analytics.csv")),
            "regenerate with `postlint-bench gen-results`"
        );
    }
}
