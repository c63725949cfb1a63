//! The built-in packs, embedded in the binary from `rules/` at build time.

/// (file name, text) of every built-in rule file.
pub fn sources() -> Vec<(String, String)> {
    BUILTIN.iter().map(|(n, t)| (format!("builtin:{n}"), t.to_string())).collect()
}

const BUILTIN: &[(&str, &str)] = &[
    ("core.rules", include_str!("../../../rules/core.rules")),
    ("cialdini.rules", include_str!("../../../rules/cialdini.rules")),
    ("engagement.rules", include_str!("../../../rules/engagement.rules")),
    ("killers.rules", include_str!("../../../rules/killers.rules")),
    ("replies.rules", include_str!("../../../rules/replies.rules")),
    ("platform.rules", include_str!("../../../rules/platform.rules")),
    ("measure.rules", include_str!("../../../rules/measure.rules")),
    ("calendar.rules", include_str!("../../../rules/calendar.rules")),
];

/// Names of the built-in packs.
pub const PACKS: &[&str] = &["core", "cialdini", "engagement", "killers", "replies", "platform", "measure", "calendar"];
