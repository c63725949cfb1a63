//! `postlint report --results EXPORT CALENDAR`: lint the calendar as `check`
//! does (same settings, same setup), read the analytics exports, and hand
//! both to the library's comparison (`postlint::results`); then render it.

use std::io::{BufReader, Write};
use std::mem::ManuallyDrop;

use postlint::dates::DateReader;
use postlint::records::{self, platform_id, Input};
use postlint::results::{self, CalendarPost, ReportError, ResultRow};
use postlint::{platform_list, InputError};

use crate::check::{self, DraftSettings};
use crate::report::results::{html_section, human, ResultsFormat};
use crate::report::{html_with_section, HTML_MAX_POSTS};
use crate::{Fatal, ReportArgs};

pub fn run(args: ReportArgs) -> Result<u8, Fatal> {
    let (project, linter) = check::linter(
        &args.lint,
        &args.calendars[0],
        false,
        DraftSettings::default(),
    )?;
    // As in `check`: the process ends next; the system frees the packs.
    let linter = ManuallyDrop::new(linter);
    let rules = linter.rules();
    let columns = records::parse_columns(&args.lint.columns).map_err(Fatal::Message)?;
    let filter = project.file_filter()?;
    let dates = &linter.defaults().dates;
    let export_dates = match &args.results_date_format {
        Some(f) => DateReader::new(Some(f), dates.zone())
            .map_err(|e| Fatal::Message(format!("--results-date-format: {e}")))?,
        None => dates.clone(),
    };
    let export_platform = args.results_platform.as_deref().map(platform_id);
    if let Some(p) = &export_platform {
        if rules.platform(p).is_none() {
            return Err(Fatal::Message(format!(
                "--results-platform: unknown platform `{p}`; {}",
                platform_list(rules)
            )));
        }
    }

    // The calendar, linted as one batch; each post keeps its date for the join.
    let count = Default::default();
    let mut outcome = linter.lint_records(args.calendars.iter().flat_map(|path| {
        Input::path(path.clone()).open_filtered(&columns, &count, &filter, dates)
    }));
    let posts: Vec<CalendarPost> = outcome
        .posts
        .iter()
        .map(|p| {
            let mut fired: Vec<String> = p.report.findings.iter().map(|f| f.rule.clone()).collect();
            fired.sort_unstable();
            fired.dedup();
            CalendarPost {
                source: p.source.clone(),
                record: p.record,
                id: p.id.clone(),
                scheduled: p.scheduled,
                platform: p.report.platform.clone(),
                rules: fired,
                principles: p.report.principles.clone(),
            }
        })
        .collect();

    // The exports: a broken row is an error naming its line; the others count.
    let mut rows: Vec<ResultRow> = Vec::new();
    for path in &args.results {
        let source = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(f) => {
                let read = results::read_export(
                    &source,
                    BufReader::new(f),
                    &export_dates,
                    export_platform.as_deref(),
                );
                for r in read {
                    match r {
                        Ok(row) => rows.push(row),
                        Err(e) => outcome.errors.push(e),
                    }
                }
            }
            Err(e) => outcome.errors.push(InputError {
                source,
                line: None,
                message: format!("cannot read file: {e}"),
            }),
        }
    }

    let lang = linter.defaults().ui_lang;
    let ui = lang.as_str();
    let principles: Vec<(String, String)> = rules
        .principles()
        .map(|p| (p.id.clone(), p.name_in(ui).to_string()))
        .collect();
    let mut report = results::hold_against(&posts, &rows, &principles);
    report.errors = outcome.errors.iter().map(ReportError::from).collect();

    let text = match args.format {
        ResultsFormat::Human => {
            let names = |paths: &[std::path::PathBuf]| -> Vec<String> {
                paths.iter().map(|p| p.display().to_string()).collect()
            };
            human(
                &report,
                &names(&args.calendars),
                &names(&args.results),
                lang,
            )
        }
        ResultsFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report)
                .map_err(|e| Fatal::Message(format!("cannot write the JSON: {e}")))?;
            s.push('\n');
            s
        }
        ResultsFormat::Html => {
            if outcome.posts.len() > HTML_MAX_POSTS {
                return Err(Fatal::Message(format!("the HTML report draws at most {HTML_MAX_POSTS} posts in one page; use --format json")));
            }
            html_with_section(&outcome, rules, &html_section(&report, lang))
        }
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Fatal::Message(format!("cannot write {}: {e}", path.display())))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .or_else(check::quiet_broken_pipe)
                .map_err(|e| Fatal::Message(format!("cannot write the output: {e}")))?;
        }
    }
    for e in &outcome.errors {
        eprintln!("error: {e}");
    }
    Ok(if outcome.errors.is_empty() { 0 } else { 2 })
}
