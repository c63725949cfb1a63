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

/// Which draft files a project lints: the config's `include` and `exclude`
/// globs, matched against paths relative to the config's folder (a glob
/// without a `/` matches a file name in any folder).
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    base: Option<PathBuf>,
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl FileFilter {
    /// A filter from glob lists; `base` is the folder paths are relative to.
    pub fn new(
        base: Option<&Path>,
        include: &[String],
        exclude: &[String],
    ) -> Result<FileFilter, String> {
        let set = |globs: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                // `README.md` matches in any folder, as in .gitignore.
                let pattern = if g.contains('/') {
                    g.trim_start_matches("./").to_string()
                } else {
                    format!("**/{g}")
                };
                b.add(
                    globset::GlobBuilder::new(&pattern)
                        .literal_separator(true)
                        .build()
                        .map_err(|e| format!("`{g}` is not a glob: {e}"))?,
                );
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(FileFilter {
            base: base.and_then(|b| std::fs::canonicalize(b).ok()),
            include: set(include)?,
            exclude: set(exclude)?,
        })
    }

    /// Whether `path` is linted.
    pub fn allows(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = match &self.base {
            Some(base) => absolute.strip_prefix(base).unwrap_or(&absolute),
            None => path,
        };
        // Globs are written with `/`, whatever the platform.
        let relative = relative.to_string_lossy().replace('\\', "/");
        let relative = Path::new(&relative);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(relative)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(relative))
    }
}
