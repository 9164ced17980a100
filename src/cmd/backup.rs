//! `cramplog backup FILE`: a consistent copy of the diary made with SQLite's online backup
//! (safe while another cramplog is writing), verified before it is put in place: the copy
//! must pass `PRAGMA integrity_check` and hold as many nights, episodes, symptoms,
//! medications and events as the diary. The copy is one self-contained file, readable by
//! its owner only.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::Ctx;
use crate::cli::BackupArgs;
use crate::error::UsageError;
use crate::output::{self, PrivateFile};
use crate::store::Access;

/// The tables whose row counts must match between the diary and its copy.
pub const COUNTED: &[(&str, &str, &str)] = &[
    ("nights", "night", "nights"),
    ("episodes", "cramp episode", "cramp episodes"),
    ("symptoms", "symptom", "symptoms"),
    ("medications", "medication", "medications"),
    ("events", "event", "events"),
];

pub fn run(args: &BackupArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let store = ctx.store(Access::Existing)?;
    if output::same_file(&args.file, store.path()) {
        return Err(UsageError::new(format!(
            "{} is the diary itself; give another file name for the backup",
            args.file.display()
        ))
        .into());
    }
    let file = PrivateFile::create(&args.file, args.force)?;
    let src = store.connection();
    // The copy and the counts it is checked against come from one read snapshot, so a
    // night logged by another process meanwhile is not a false mismatch.
    src.execute_batch("BEGIN DEFERRED")
        .context("reading the diary")?;
    let snapshot = counts(src).and_then(|original| {
        let mut dst = Connection::open(file.temp_path())
            .with_context(|| format!("creating the backup {}", args.file.display()))?;
        copy(src, &mut dst).context("copying the diary")?;
        // One self-contained file: no -wal or -shm needed beside it.
        let _mode: String =
            dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        Ok(original)
    });
    let _ = src.execute_batch("ROLLBACK");
    let original = snapshot?;
    let copied = verify(file.temp_path())?;
    if copied != original {
        bail!(
            "the backup does not match the diary ({} in the copy, {} in the diary); the diary may have changed during the backup: run it again",
            describe(&copied),
            describe(&original)
        );
    }
    file.commit()?;
    writeln!(
        ctx.out,
        "Backed up the diary to {} (readable by you only): {}. Verified: integrity ok, counts match.",
        args.file.display(),
        describe(&copied)
    )?;
    Ok(())
}

/// Copies every page in one step, so the copy is one consistent snapshot; waits while
/// another process holds the diary locked.
pub(super) fn copy(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    for _ in 0..600 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    bail!("the diary stayed locked by another program for 30 seconds; try the backup again")
}

/// Opens the copy read-only and checks it; returns its counts.
fn verify(path: &Path) -> Result<Vec<i64>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .context("opening the backup to verify it")?;
    let problems = integrity_problems(&conn)?;
    if !problems.is_empty() {
        bail!(
            "the backup failed its integrity check ({}{}); the diary itself may be damaged: run 'cramplog check'",
            problems[..problems.len().min(3)].join("; "),
            if problems.len() > 3 {
                format!("; and {} more", problems.len() - 3)
            } else {
                String::new()
            }
        );
    }
    counts(&conn)
}

/// The findings of `PRAGMA integrity_check` other than "ok" (at most 100), one per line.
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check(100)")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        let text = row?;
        out.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && *l != "ok" && !l.starts_with("*** in database"))
                .map(str::to_string),
        );
    }
    Ok(out)
}

/// Row counts of the [`COUNTED`] tables.
pub fn counts(conn: &Connection) -> Result<Vec<i64>> {
    COUNTED
        .iter()
        .map(|(table, _, _)| {
            conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .with_context(|| format!("counting {table}"))
        })
        .collect()
}

/// `120 nights, 45 cramp episodes, …`.
pub fn describe(counts: &[i64]) -> String {
    COUNTED
        .iter()
        .zip(counts)
        .map(|((_, one, many), n)| format!("{n} {}", if *n == 1 { one } else { many }))
        .collect::<Vec<_>>()
        .join(", ")
}
