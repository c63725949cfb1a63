//! Batches on the command line: records stream from the inputs, are linted
//! in parallel chunks by the library's [`postlint::Batch`] (output in input
//! order), and the calendar is evaluated at the end. Every format but the
//! HTML report is written chunk by chunk, so memory stays flat on large
//! exports.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use postlint::files::FileFilter;
use postlint::records::{Field, Input};
use postlint::{InputError, Linter, Outcome, Severity, CHUNK};

use crate::report::{count as noun_count, json_stream, Format, Reporter, HTML_MAX_POSTS};

/// Inputs above this size get a progress bar (when stderr is a terminal).
const LARGE_INPUT_BYTES: u64 = 2 << 20;

/// Settings of `postlint check` for a batch run.
pub struct Settings<'a> {
    pub linter: &'a Linter,
    /// The config's include/exclude globs, for folders.
    pub filter: FileFilter,
    pub format: Format,
    pub fail_level: Severity,
    pub output: Option<PathBuf>,
    pub columns: Vec<(Field, String)>,
}

fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let ci = std::env::var_os("CI").is_some();
    if total < LARGE_INPUT_BYTES || ci || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} · {msg} · {elapsed}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// Where output goes: stdout or `--output`.
fn sink(output: &Option<PathBuf>) -> Result<Box<dyn Write>, String> {
    Ok(match output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| format!("cannot write {}: {e}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Lint the inputs as one batch and write the output; returns the exit code.
pub fn run(
    inputs: Vec<Result<Input, InputError>>,
    settings: &Settings<'_>,
    reporter: &dyn Reporter,
) -> Result<u8, String> {
    let rules = settings.linter.rules();
    let json = settings.format == Format::Json;
    let streaming = reporter.streams();
    let mut out = sink(&settings.output)?;
    let count = Arc::new(AtomicU64::new(0));
    let bar = progress_bar(inputs.iter().flatten().map(Input::size).sum());
    let write_err = |e: std::io::Error| format!("cannot write the output: {e}");
    let result = (|| -> std::io::Result<(Outcome, bool)> {
        let mut outcome = Outcome::default();
        let mut batch = settings.linter.batch();
        let mut failing = false;
        let mut first_post = true;
        if json {
            out.write_all(json_stream::HEAD.as_bytes())?;
        } else if streaming {
            reporter.begin(rules, &mut out)?;
        }
        for input in inputs {
            let mut records = match input {
                Ok(input) => input.open_filtered(
                    &settings.columns,
                    &count,
                    &settings.filter,
                    &settings.linter.defaults().dates,
                ),
                Err(e) => {
                    outcome.errors.push(e);
                    continue;
                }
            };
            loop {
                let chunk: Vec<_> = records.by_ref().take(CHUNK).collect();
                if chunk.is_empty() {
                    break;
                }
                // Streamed JSON is rendered in parallel too, each post with
                // the `,` that separates it from the one before.
                let linted = batch.lint_chunk(chunk, |p| {
                    if json {
                        json_stream::post(p, false)
                    } else {
                        String::new()
                    }
                });
                let mut rendered = String::new();
                let mut posts = Vec::with_capacity(linted.len());
                for item in linted {
                    match item {
                        Ok((p, text)) => {
                            failing |= p
                                .report
                                .findings
                                .iter()
                                .any(|f| f.severity >= settings.fail_level);
                            // The first post of the array has no `,` before it.
                            let text = match text.strip_prefix(',') {
                                Some(rest) if first_post => rest,
                                _ => &text,
                            };
                            first_post &= text.is_empty();
                            rendered.push_str(text);
                            posts.push(p);
                        }
                        Err(e) => outcome.errors.push(e),
                    }
                }
                if json {
                    out.write_all(rendered.as_bytes())?;
                } else if streaming {
                    reporter.posts(&posts, true, rules, &mut out)?;
                } else {
                    outcome.posts.extend(posts);
                    if outcome.posts.len() > HTML_MAX_POSTS {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::OutOfMemory,
                            format!("the HTML report draws at most {HTML_MAX_POSTS} posts in one page; use --format json or line for larger batches, or split the calendar"),
                        ));
                    }
                }
                if let Some(bar) = &bar {
                    bar.set_position(count.load(Ordering::Relaxed));
                    bar.set_message(noun_count(batch.records_read, "post", "posts"));
                }
            }
        }
        if let Some(bar) = &bar {
            bar.finish_and_clear();
        }
        outcome.records_read = batch.records_read;
        outcome.linted = batch.linted;
        let calendar = batch.finish();
        failing |= calendar
            .report
            .findings
            .iter()
            .any(|f| f.severity >= settings.fail_level);
        outcome.calendar = Some(calendar);
        if json {
            json_stream::write_tail(&outcome, &mut out)?;
        } else if streaming {
            reporter.end(&outcome, rules, &mut out)?;
        } else {
            reporter.report(&outcome, rules, &mut out)?;
        }
        out.flush()?;
        Ok((outcome, failing))
    })();
    drop(out);
    let (outcome, failing) = match result {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => return Err(e.to_string()),
        Err(e) => return Err(write_err(e)),
    };
    let listed = matches!(settings.format, Format::Human | Format::Html);
    if !listed || settings.output.is_some() {
        for e in &outcome.errors {
            eprintln!("error: {e}");
        }
    }
    if let Some(p) = &settings.output {
        eprintln!(
            "wrote {} ({}, {})",
            p.display(),
            noun_count(outcome.linted, "post", "posts"),
            noun_count(outcome.errors.len(), "input error", "input errors")
        );
    }
    Ok(if !outcome.errors.is_empty() {
        2
    } else {
        u8::from(failing)
    })
}
