//! `postlint check --fix` and `--diff`: apply the fixes marked safe. Each file
//! is written atomically (a temporary file in the same folder, fsync, rename
//! over the draft), and left untouched on any error, including a draft that
//! changed on disk while it was being linted. `--diff` prints a unified diff
//! of what `--fix` would change and writes nothing.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use postlint_engine::{Finding, Span};

use postlint::{InputError, Outcome};

/// Apply the safe fixes of every post. With `diff`, print a unified diff of
/// each changed draft and return the exit code (1 when something would
/// change). Without it, write each changed file, keep the findings that are
/// left (positions moved to the new text) and return `None` so the caller
/// renders them; a fixed stdin draft is printed whole and ends the run.
pub fn run(outcome: &mut Outcome, diff: bool, stdin_name: Option<&str>) -> Option<u8> {
    let mut changed = false;
    let mut out = String::new();
    let mut stdin_text = None;
    let mut errors = Vec::new();
    for post in &mut outcome.posts {
        let is_stdin = stdin_name == Some(post.source.as_str());
        let Some((new_text, applied)) = fixed_text(&post.text, &post.report.findings) else {
            if is_stdin && !diff {
                stdin_text = Some(post.text.clone());
            }
            continue;
        };
        changed = true;
        if diff {
            out.push_str(&unified_diff(&post.text, &new_text, &post.source));
            continue;
        }
        if is_stdin {
            stdin_text = Some(new_text);
            continue;
        }
        if post.record.is_some() {
            errors.push(InputError {
                source: post.source.clone(),
                line: None,
                message: "cannot fix a record inside a file; fix it by hand".into(),
            });
            continue;
        }
        match write_atomic(
            Path::new(&post.source),
            post.text.as_bytes(),
            new_text.as_bytes(),
        ) {
            Ok(()) => {
                let remaining = remap(
                    std::mem::take(&mut post.report.findings),
                    &applied,
                    &new_text,
                );
                post.report.findings = remaining;
                post.text = new_text;
            }
            Err(e) => errors.push(InputError {
                source: post.source.clone(),
                line: None,
                message: format!("not fixed, file left as it was: {e}"),
            }),
        }
    }
    outcome.errors.extend(errors);
    if diff {
        let mut stdout = io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
        for e in &outcome.errors {
            eprintln!("error: {e}");
        }
        return Some(if !outcome.errors.is_empty() {
            2
        } else {
            u8::from(changed)
        });
    }
    if let Some(text) = stdin_text {
        let mut stdout = io::stdout().lock();
        let written = stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush());
        for e in &outcome.errors {
            eprintln!("error: {e}");
        }
        // The fixed draft exists only in this output: losing it is an error.
        if let Err(e) = written {
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write the fixed draft: {e}");
                return Some(2);
            }
        }
        return Some(if outcome.errors.is_empty() { 0 } else { 2 });
    }
    None
}

/// The text with every safe fix applied (overlapping fixes: the first wins),
/// and the spans replaced with their new lengths; `None` when nothing changes.
pub fn fixed_text(text: &str, findings: &[Finding]) -> Option<(String, Vec<(Span, usize)>)> {
    let mut fixes: Vec<(Span, &str)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| {
            fix.safe
                && fix.span.start <= fix.span.end
                && text.get(fix.span.start..fix.span.end).is_some()
        })
        .map(|fix| (fix.span, fix.replacement.as_str()))
        .collect();
    fixes.sort_by_key(|(s, _)| (s.start, s.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut applied = Vec::new();
    for (span, replacement) in fixes {
        if span.start < at
            || applied
                .last()
                .is_some_and(|(s, _): &(Span, usize)| *s == span)
        {
            continue;
        }
        if &text[span.start..span.end] == replacement {
            continue;
        }
        out.push_str(&text[at..span.start]);
        out.push_str(replacement);
        applied.push((span, replacement.len()));
        at = span.end;
    }
    if applied.is_empty() {
        return None;
    }
    out.push_str(&text[at..]);
    Some((out, applied))
}

/// The findings left after fixes: those fixed are dropped, the others move
/// to where their text is in the fixed draft.
fn remap(findings: Vec<Finding>, applied: &[(Span, usize)], new_text: &str) -> Vec<Finding> {
    let shift = |p: usize| -> usize {
        let mut delta: isize = 0;
        for (span, new_len) in applied {
            if span.end <= p {
                delta += *new_len as isize - (span.end - span.start) as isize;
            } else if span.start < p {
                // Inside a replaced span: its new start.
                return (span.start as isize + delta).max(0) as usize;
            }
        }
        (p as isize + delta).max(0) as usize
    };
    findings
        .into_iter()
        .filter(|f| {
            !f.fix
                .as_ref()
                .is_some_and(|fix| fix.safe && applied.iter().any(|(s, _)| *s == fix.span))
        })
        .map(|mut f| {
            f.span = Span::new(shift(f.span.start), shift(f.span.end));
            if let Some(fix) = &mut f.fix {
                fix.span = Span::new(shift(fix.span.start), shift(fix.span.end));
            }
            let (line, column) = postlint_engine::line_column(new_text, f.span.start);
            f.line = line;
            f.column = column;
            f
        })
        .collect()
}

/// Where a failure can be injected (tests only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Written,
    BeforeRename,
}

/// Replace the contents of `path` with `new`, atomically: the draft is
/// either the old bytes or the new ones, never a mix. Fails, leaving the
/// file as it was, when it no longer holds `expected`.
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> io::Result<()> {
    write_atomic_with(path, expected, new, |_| Ok(()))
}

fn write_atomic_with(
    path: &Path,
    expected: &[u8],
    new: &[u8],
    fault: impl Fn(Stage) -> io::Result<()>,
) -> io::Result<()> {
    // Write next to the real file when the draft is a symlink.
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    // As `sed -i` would warn: a read-only draft is not ours to rewrite.
    if meta.permissions().readonly() {
        return Err(io::Error::other(
            "the file is read-only; make it writable to fix it",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Writing a new file and renaming it over a hard link would split
        // the link: the other names would keep the old text.
        if meta.nlink() > 1 {
            return Err(io::Error::other(
                "the file has other hard links, which a rewrite would split; fix it by hand or with --diff",
            ));
        }
    }
    let dir = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let Some(name) = target.file_name() else {
        return Err(io::Error::other("no file name"));
    };
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".postlint-{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", tmp.display())))?;
    let result = (|| {
        file.write_all(new)?;
        fault(Stage::Written)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Owner first, then the mode: changing the owner clears setuid
            // and setgid bits, so the mode set after it keeps them. A file
            // whose owner or group this user cannot give the new copy is
            // left alone rather than silently handed to someone else.
            let made = file.metadata()?;
            if (made.uid(), made.gid()) != (meta.uid(), meta.gid()) {
                std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid())).map_err(
                    |e| {
                        io::Error::new(
                            e.kind(),
                            format!(
                                "cannot keep its owner and group (uid {}, gid {}): {e}; fix it as its owner",
                                meta.uid(),
                                meta.gid()
                            ),
                        )
                    },
                )?;
            }
        }
        file.set_permissions(meta.permissions())?;
        file.sync_all()?;
        if fs::read(&target)? != expected {
            return Err(io::Error::other(
                "the file changed on disk while postlint was fixing it",
            ));
        }
        fault(Stage::BeforeRename)?;
        fs::rename(&tmp, &target)
    })();
    drop(file);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // Make the rename itself durable.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A unified diff (3 lines of context) between two texts; empty when equal.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    if old == new {
        return String::new();
    }
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    const CONTEXT: usize = 3;
    // Indices into `ops` of changes, grouped into hunks.
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, o)| !matches!(o, Op::Equal(..)))
        .map(|(i, _)| i)
        .collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(CONTEXT);
        let mut end = changes[i];
        let mut j = i;
        while j + 1 < changes.len() && changes[j + 1] <= end + 2 * CONTEXT + 1 {
            j += 1;
            end = changes[j];
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let hunk = &ops[start..end];
        let (a_start, b_start) = match ops[start] {
            Op::Equal(x, y) => (x, y),
            Op::Delete(x) => (x, insert_base(&ops[..start])),
            Op::Insert(y) => (delete_base(&ops[..start]), y),
        };
        let a_len = hunk.iter().filter(|o| !matches!(o, Op::Insert(_))).count();
        let b_len = hunk.iter().filter(|o| !matches!(o, Op::Delete(_))).count();
        let header = |s: usize, l: usize| {
            if l == 0 {
                format!("{s},0")
            } else if l == 1 {
                format!("{}", s + 1)
            } else {
                format!("{},{l}", s + 1)
            }
        };
        let _ = writeln!(
            out,
            "@@ -{} +{} @@",
            header(a_start, a_len),
            header(b_start, b_len)
        );
        for op in hunk {
            let (sign, line) = match *op {
                Op::Equal(x, _) => (' ', a[x]),
                Op::Delete(x) => ('-', a[x]),
                Op::Insert(y) => ('+', b[y]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        i = j + 1;
    }
    out
}

fn insert_base(before: &[Op]) -> usize {
    before
        .iter()
        .filter(|o| !matches!(o, Op::Delete(_)))
        .count()
}

fn delete_base(before: &[Op]) -> usize {
    before
        .iter()
        .filter(|o| !matches!(o, Op::Insert(_)))
        .count()
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Equal(usize, usize),
    Delete(usize),
    Insert(usize),
}

/// Line operations turning `a` into `b` (longest common subsequence; drafts
/// are short, and very long inputs fall back to replacing the middle).
fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    if am.len().saturating_mul(bm.len()) > 4_000_000 {
        ops.extend((0..am.len()).map(|i| Op::Delete(prefix + i)));
        ops.extend((0..bm.len()).map(|j| Op::Insert(prefix + j)));
    } else {
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Equal(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
                ops.push(Op::Delete(prefix + i));
                i += 1;
            } else {
                ops.push(Op::Insert(prefix + j));
                j += 1;
            }
        }
    }
    let (a_tail, b_tail) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Equal(a_tail + k, b_tail + k)));
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("postlint-fix-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let made = fs::create_dir_all(&dir);
        assert!(made.is_ok(), "{made:?}");
        dir
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".tmp"))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn writes_the_new_text() {
        let dir = temp_dir("ok");
        let path = dir.join("draft.md");
        let _ = fs::write(&path, "Sale!!!\n");
        assert!(write_atomic(&path, b"Sale!!!\n", b"Sale!\n").is_ok());
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("Sale!\n"));
        assert!(leftovers(&dir).is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_changed_is_left_alone() {
        let dir = temp_dir("changed");
        let path = dir.join("draft.md");
        let _ = fs::write(&path, "Edited meanwhile!!!\n");
        let r = write_atomic(&path, b"Sale!!!\n", b"Sale!\n");
        assert!(
            r.as_ref().is_err_and(|e| e.to_string().contains("changed")),
            "{r:?}"
        );
        assert_eq!(
            fs::read(&path).ok().as_deref(),
            Some(&b"Edited meanwhile!!!\n"[..])
        );
        assert!(leftovers(&dir).is_empty());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failure_mid_write_leaves_the_original() {
        for stage in [Stage::Written, Stage::BeforeRename] {
            let dir = temp_dir(&format!("{stage:?}"));
            let path = dir.join("draft.md");
            let original = "Sale!!! 😀\n".as_bytes();
            let _ = fs::write(&path, original);
            let r = write_atomic_with(&path, original, b"Sale! \xF0\x9F\x98\x80\n", |s| {
                if s == stage {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            });
            assert!(r.is_err());
            assert_eq!(fs::read(&path).ok().as_deref(), Some(original), "{stage:?}");
            assert!(
                leftovers(&dir).is_empty(),
                "{stage:?}: {:?}",
                leftovers(&dir)
            );
            let _ = fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn diff_shows_changed_lines_with_context() {
        let old = "one\ntwo\nthree!!!\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven!!!";
        let new = "one\ntwo\nthree!\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven!";
        let d = unified_diff(old, new, "x.md");
        let want = "--- a/x.md\n+++ b/x.md\n@@ -1,6 +1,6 @@\n one\n two\n-three!!!\n+three!\n four\n five\n six\n@@ -8,4 +8,4 @@\n eight\n nine\n ten\n-eleven!!!\n\\ No newline at end of file\n+eleven!\n\\ No newline at end of file\n";
        assert_eq!(d, want);
        // Six unchanged lines between two changes (twice the context): one hunk, as GNU diff does.
        let merged = unified_diff(
            "a!!\n1\n2\n3\n4\n5\n6\nb!!\n",
            "a!\n1\n2\n3\n4\n5\n6\nb!\n",
            "y",
        );
        assert_eq!(merged.matches("@@ -").count(), 1, "{merged}");
        assert_eq!(unified_diff("a\n", "a\n", "x"), "");
        assert_eq!(
            unified_diff("", "a\n", "x"),
            "--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n"
        );
    }
}
