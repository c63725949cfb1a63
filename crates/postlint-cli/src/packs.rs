//! Finding rule files on disk: a `.rules` file, or a pack folder holding
//! several. Reads only inside the given path.

use std::path::Path;

/// (name, text) of every rule file at `path`, sorted by name.
pub fn read_rule_sources(path: &Path) -> Result<Vec<(String, String)>, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read rule file {}: {e}", p.display()));
    if path.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read pack folder {}: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "rules"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!("{} holds no .rules files", path.display()));
        }
        files.iter().map(|p| Ok((p.display().to_string(), read(p)?))).collect()
    } else {
        Ok(vec![(path.display().to_string(), read(path)?)])
    }
}
