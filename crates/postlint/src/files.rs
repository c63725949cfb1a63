//! Reading the files a project names (configs, manifests, rule files) the
//! careful way: regular files only, inside the folder they must stay in,
//! and no larger than their limit, checked before a byte is read.

use std::path::{Path, PathBuf};

/// Config files and pack manifests: at most 1 MiB.
pub const MAX_SETTINGS_BYTES: u64 = 1 << 20;
/// Rule files: at most 8 MiB (as the rule language allows).
pub const MAX_RULE_FILE_BYTES: u64 = postlint_lang::builtins::MAX_FILE_BYTES as u64;

/// Read `path` as UTF-8 text if it is a regular file of at most `limit`
/// bytes and, with `within`, its real path (links resolved) lies inside
/// that folder.
pub fn read_confined(path: &Path, within: Option<&Path>, limit: u64) -> Result<String, String> {
    let shown = path.display();
    if let Some(root) = within {
        let root = std::fs::canonicalize(root).map_err(|e| format!("cannot read {shown}: {e}"))?;
        let real = std::fs::canonicalize(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
        if !real.starts_with(&root) {
            return Err(format!(
                "{shown} leads outside {}; files are only read inside it",
                root.display()
            ));
        }
    }
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a regular file"));
    }
    if meta.len() > limit {
        return Err(format!(
            "{shown} is {} bytes, more than the {} allowed",
            meta.len(),
            limit
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    // A file that grew between the check and the read is still bounded.
    if bytes.len() as u64 > limit {
        return Err(format!("{shown} is more than the {limit} bytes allowed"));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{shown} is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Whether `path` (made absolute) lies inside `root`, links resolved.
pub fn is_inside(path: &Path, root: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(root)) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    }
}

/// The user's home folder, where config discovery stops.
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .and_then(|h| std::fs::canonicalize(h).ok())
}
