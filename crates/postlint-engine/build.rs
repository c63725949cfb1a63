//! Parses the built-in packs (`rules/`) when postlint is built and stores
//! their syntax trees in `OUT_DIR`, so a run loads them without parsing.
//! Two sets: with the rules' examples (`rules test`, SARIF, the language
//! server) and without them (`check`). A pack that does not parse is left
//! out of both with a warning; postlint then parses the text at run time
//! and reports the problem as it would for any rule file.

use std::path::{Path, PathBuf};

#[path = "src/pack_files.rs"]
mod pack_files;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let rules = manifest.join("../../rules");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed={}", rules.display());
    println!("cargo::rerun-if-changed=src/pack_files.rs");

    let files: Vec<(String, String)> = pack_files::PACKS
        .iter()
        .map(|pack| {
            let path = rules.join(pack).join(format!("{pack}.rules"));
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (format!("builtin:{pack}/{pack}.rules"), text)
        })
        .collect();
    let lean: Vec<(String, String)> = files
        .iter()
        .map(|(name, text)| (name.clone(), pack_files::without_examples(text)))
        .collect();
    write(&out.join("builtin-full.ast"), &files);
    write(&out.join("builtin-lint.ast"), &lean);
}

/// The parsed files as bytes; nothing (so the packs are parsed at run time)
/// if any does not parse.
fn write(path: &Path, files: &[(String, String)]) {
    let mut parsed = Vec::new();
    for (name, text) in files {
        match postlint_lang::parse_file(name, text) {
            Ok(file) => parsed.push(file),
            Err(problems) => {
                println!("cargo::warning={name} does not parse; it will be parsed at run time");
                for p in &problems.problems {
                    println!("cargo::warning={name}: {p}");
                }
                parsed.clear();
                break;
            }
        }
    }
    let bytes = if parsed.len() == files.len() {
        postlint_lang::snapshot::encode(&parsed)
    } else {
        Vec::new()
    };
    if let Err(e) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {e}", path.display());
    }
}
