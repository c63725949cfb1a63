//! The built-in packs' names and the text `check` lints with. Shared with
//! the build script (`build.rs`), which parses the packs ahead of time.

/// Names of the built-in packs.
pub const PACKS: &[&str] = &[
    "core",
    "cialdini",
    "engagement",
    "killers",
    "replies",
    "platform",
    "measure",
    "calendar",
];

/// `text` with every `example …` statement blanked (each of its lines kept
/// as an empty line); a `"""` string may carry the statement over lines.
pub fn without_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Inside an example's `"""` string, or inside another `"""` string (a
    // rationale whose line may start with "example ").
    let (mut in_example, mut in_other) = (false, false);
    for line in text.split_inclusive('\n') {
        let quotes = line.matches("\"\"\"").count() % 2 == 1;
        let starts = !in_other && !in_example && line.trim_start().starts_with("example ");
        if in_example || starts {
            in_example ^= quotes;
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            in_other ^= quotes;
            out.push_str(line);
        }
    }
    out
}
