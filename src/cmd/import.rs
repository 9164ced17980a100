//! `cramplog import`: read a cramplog JSON export, or a CSV folder, into the diary.
//!
//! All or nothing: the whole file is read and checked before the diary is opened for
//! writing, and everything is written in one transaction. Nights already in the diary with a
//! different entry are conflicts, refused unless `--replace` or `--skip-existing`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Result;
use rusqlite::Transaction;

use super::Ctx;
use crate::cli::ImportArgs;
use crate::error::UsageError;
use crate::exchange::Plan;
use crate::exchange::{self, Diary, Existing, Problems};
use crate::store::{self, Access, Store};

pub fn run(args: &ImportArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let (diary, source) = read(args, ctx)?;
    let existing = if args.replace {
        Existing::Replace
    } else if args.skip_existing {
        Existing::Skip
    } else {
        Existing::Refuse
    };
    let db = crate::paths::diary(ctx.db_flag.as_ref())?;
    if args.dry_run {
        let plan = if db.exists() {
            let mut store = Store::open(&db, Access::Existing)?;
            store.read(|tx| Ok(exchange::plan(&super::load_diary(tx)?, &diary, existing)))?
        } else {
            exchange::plan(&Diary::default(), &diary, existing)
        };
        return exchange::write_plan(ctx.out, &diary, &plan, &source);
    }
    let created = !db.exists();
    let result = Store::open(&db, Access::Create).and_then(|mut store| {
        store.write(|tx| {
            let plan = exchange::plan(&super::load_diary(tx)?, &diary, existing);
            apply(tx, &diary, &plan)?;
            Ok(plan)
        })
    });
    let plan = match result {
        Ok(plan) => plan,
        Err(e) => {
            if created {
                // A failed command leaves no new diary file behind.
                for suffix in ["", "-wal", "-shm", "-journal"] {
                    let mut p = db.clone().into_os_string();
                    p.push(suffix);
                    let _ = fs::remove_file(PathBuf::from(p));
                }
            }
            return Err(e);
        }
    };
    writeln!(ctx.out, "{}", exchange::summary(&plan, &source))?;
    Ok(())
}

/// Reads and checks the file (or CSV folder) completely; nothing is opened for writing yet.
fn read(args: &ImportArgs, ctx: &Ctx<'_>) -> Result<(Diary, String)> {
    let path = &args.file;
    let source = path.display().to_string();
    if !path.exists() {
        return Err(UsageError::new(format!(
            "{source} does not exist; give a file written by 'cramplog export --format json', or a folder from '--format csv'"
        ))
        .into());
    }
    let now = crate::clock::now(ctx.today);
    // The last night the file may hold: a lossless export of a diary with a future-dated
    // night must import back (`--allow-future`).
    let latest = if args.allow_future {
        chrono::NaiveDate::MAX
    } else {
        ctx.today
    };
    let mut problems = Problems::default();
    let is_csv = path.is_dir()
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let diary = if is_csv {
        let (nights_path, episodes_path) = csv_pair(path)?;
        let nights_bytes = read_file(&nights_path)?;
        let episodes_bytes = read_file(&episodes_path)?;
        let (mut nights, lines) =
            exchange::csv::parse(&nights_bytes, &episodes_bytes, &mut problems)?;
        exchange::check_nights(&mut nights, latest, now, &mut problems, &|i, e| {
            lines[i].locate(e)
        });
        Diary {
            nights,
            ..Diary::default()
        }
    } else {
        let bytes = read_file(path)?;
        let (mut diary, origin, mut p) = exchange::json::parse(&bytes, &source)?;
        exchange::check_nights(&mut diary.nights, latest, now, &mut p, &|k, e| {
            // `k` counts the nights that were read; name the record by its place in the file.
            format!("nights[{}].{e}", origin.nights.get(k).copied().unwrap_or(k))
        });
        exchange::check_context(&diary, &origin.medications, &mut p);
        problems = p;
        diary
    };
    problems.into_result(&source)?;
    Ok((diary, source))
}

/// `DIR` → `DIR/nights.csv` + `DIR/episodes.csv`; `…/nights.csv` → it and its neighbour.
fn csv_pair(path: &Path) -> Result<(PathBuf, PathBuf)> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
        if name.as_deref() != Some("nights.csv") && name.as_deref() != Some("episodes.csv") {
            return Err(UsageError::new(format!(
                "{} is not nights.csv or episodes.csv; import the folder of a CSV export (it holds both files)",
                path.display()
            ))
            .into());
        }
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let nights = dir.join("nights.csv");
    let episodes = dir.join("episodes.csv");
    for p in [&nights, &episodes] {
        if !p.is_file() {
            return Err(UsageError::new(format!(
                "{} is missing; a CSV import needs nights.csv and episodes.csv side by side, as 'cramplog export --format csv' writes them",
                p.display()
            ))
            .into());
        }
    }
    Ok((nights, episodes))
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    exchange::read_input(path)
}

/// Writes the import plan inside the caller's one transaction; a plan with conflicts is
/// refused (a usage error, so the transaction rolls back).
fn apply(tx: &Transaction<'_>, file: &Diary, plan: &Plan) -> Result<()> {
    exchange::refuse_conflicts(file, plan)?;
    for &i in &plan.replace {
        store::delete_night(tx, file.nights[i].night)?;
    }
    for &i in plan.add.iter().chain(&plan.replace) {
        store::insert_night(tx, &file.nights[i])?;
    }
    for &i in &plan.meds_add {
        store::insert_medication(tx, &file.medications[i])?;
    }
    for &i in &plan.meds_update {
        store::update_medication(tx, &file.medications[i])?;
    }
    for &i in &plan.events_add {
        store::insert_event(tx, &file.events[i])?;
    }
    for &(i, id) in &plan.events_update {
        store::set_event_details(tx, id, &file.events[i])?;
    }
    for &i in &plan.trials_add {
        store::insert_trial(tx, &file.trials[i])?;
    }
    for &(i, id) in &plan.trials_update {
        store::set_trial_stopped(tx, id, file.trials[i].stopped)?;
    }
    for &i in &plan.questions_add {
        store::insert_question(tx, &file.questions[i])?;
    }
    for &(i, id) in &plan.questions_update {
        store::set_question_done(tx, id, file.questions[i].done)?;
    }
    for (k, _, v) in &plan.profile_set {
        store::set_profile(tx, k, v)?;
    }
    Ok(())
}
