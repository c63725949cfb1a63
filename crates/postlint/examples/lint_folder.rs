//! Lint a folder of drafts the way `postlint check FOLDER` does, through the
//! library alone: the folder's `.postlint.yaml` is found, the team pack it
//! names is loaded with the built-in packs, every draft is linted, and the
//! calendar rules run over the folder.
//!
//! Run with `cargo run -p postlint --example lint_folder -- examples/team`
//! (from the repository root); `cargo test` runs it too (tests/example.rs).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use postlint::records::Input;
use postlint::{Outcome, Project};

/// Lint every draft in `folder` with the project that applies to it.
pub fn lint_folder(folder: &Path) -> Result<Outcome, postlint::Error> {
    let project = Project::discover(folder)?;
    let linter = project.linter(&[])?;
    let records = Input::path(folder.to_path_buf()).open(&[], &Arc::default());
    Ok(linter.lint_records(records))
}

fn main() {
    let folder = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("examples/team"), PathBuf::from);
    let outcome = match lint_folder(&folder) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            std::process::exit(2);
        }
    };
    for post in &outcome.posts {
        for f in &post.report.findings {
            println!("{}:{}: {} {}", post.source, f.line, f.rule, f.message);
        }
    }
    for e in &outcome.errors {
        eprintln!("error: {e}");
    }
    if let Some(calendar) = &outcome.calendar {
        for f in &calendar.report.findings {
            println!("calendar: {} {}", f.rule, f.message);
        }
    }
}
