//! `cramplog export`: the diary as JSON (lossless), CSV (for spreadsheets) or an HL7 FHIR
//! R4 Bundle. JSON and FHIR go to standard output unless `-o` is given; CSV writes
//! `nights.csv` and `episodes.csv` into the folder given with `-o`.

use std::path::Path;

use anyhow::Result;

use super::Ctx;
use crate::cli::{ExportArgs, ExportFormat};
use crate::error::UsageError;
use crate::exchange::{self, Diary};
use crate::output;
use crate::store::Access;

pub fn run(args: &ExportArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    if let Some(target) = &args.output
        && (output::same_file(target, store.path())
            || output::same_file(&target.join("nights.csv"), store.path())
            || output::same_file(&target.join("episodes.csv"), store.path()))
    {
        return Err(UsageError::new(format!(
            "{} is the diary itself; choose another file to export to",
            target.display()
        ))
        .into());
    }
    let diary = store.read(super::load_diary)?;
    drop(store);
    match args.format {
        ExportFormat::Json => {
            let bytes = exchange::json::export(&diary)?;
            emit(ctx, args.output.as_deref(), &bytes, args.force, &diary)
        }
        ExportFormat::Fhir => {
            let bytes = exchange::fhir::export(&diary, ctx.today)?;
            emit(ctx, args.output.as_deref(), &bytes, args.force, &diary)
        }
        ExportFormat::Csv => {
            let Some(dir) = args.output.as_deref() else {
                return Err(UsageError::new(
                    "a CSV export is two files (nights.csv and episodes.csv); give the folder to write them into with -o DIR",
                )
                .into());
            };
            csv(ctx, dir, args.force, &diary)
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts(diary: &Diary) -> String {
    let mut said = vec![
        plural(diary.nights.len(), "night", "nights"),
        plural(diary.medications.len(), "medication", "medications"),
        plural(diary.events.len(), "event", "events"),
    ];
    // Trials and questions (export version 2) only when there are any: most diaries have none.
    for (n, one, many) in [
        (diary.trials.len(), "self-experiment", "self-experiments"),
        (diary.questions.len(), "question", "questions"),
    ] {
        if n > 0 {
            said.push(plural(n, one, many));
        }
    }
    said.join(", ")
}

/// `-o -` is standard output, as in most command-line tools.
fn emit(
    ctx: &mut Ctx<'_>,
    to: Option<&Path>,
    bytes: &[u8],
    force: bool,
    diary: &Diary,
) -> Result<()> {
    match to.filter(|p| p.as_os_str() != "-") {
        None => ctx.out.write_all(bytes)?,
        Some(path) => {
            output::write_private(path, bytes, force)?;
            writeln!(
                ctx.out,
                "Exported {} to {} (readable by you only).",
                counts(diary),
                path.display()
            )?;
        }
    }
    Ok(())
}

fn csv(ctx: &mut Ctx<'_>, dir: &Path, force: bool, diary: &Diary) -> Result<()> {
    let nights_path = dir.join("nights.csv");
    let episodes_path = dir.join("episodes.csv");
    let (nights, episodes) = exchange::csv::export(&diary.nights)?;
    // The pair replaces its folder in one step, so a reader sees the old pair or the new
    // one, never a new nights.csv beside an old episodes.csv (docs/design.md section 7).
    output::write_folder(
        dir,
        &[("nights.csv", &nights), ("episodes.csv", &episodes)],
        force,
    )?;
    let episodes_count: usize = diary.nights.iter().map(|n| n.episodes.len()).sum();
    writeln!(
        ctx.out,
        "Exported {} to {} and {} to {} (readable by you only). Profile, medications, events, self-experiments and questions are only in the JSON export.",
        plural(diary.nights.len(), "night", "nights"),
        nights_path.display(),
        plural(episodes_count, "cramp episode", "cramp episodes"),
        episodes_path.display()
    )?;
    Ok(())
}
