//! `cramplog restore BACKUP`: brings a backup back as the diary in one step. The backup is
//! verified first (a cramplog diary this version reads, `integrity_check` clean, every
//! entry readable by the program); it is copied beside the diary and verified again; the
//! current diary is kept as a dated copy; then one rename puts the copy in place, so a
//! kill at any moment leaves either the old diary or the restored one, never a mix. Side
//! files of the old diary (`-wal`, `-shm`, `-journal`) are removed so nothing of them is
//! ever replayed into the restored diary (docs/design.md section 4).

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use super::Ctx;
use super::backup::{copy, counts, describe, integrity_problems};
use crate::cli::RestoreArgs;
use crate::error::UsageError;
use crate::output::{self, PrivateFile};
use crate::store::{self, MIGRATIONS};

pub fn run(args: &RestoreArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let diary = crate::paths::diary(ctx.db_flag.as_ref())?;
    let backup = &args.backup;
    if !backup.is_file() {
        return Err(UsageError::new(format!(
            "there is no backup file at {}; give a file written by 'cramplog backup'",
            backup.display()
        ))
        .into());
    }
    if output::refuse_diary(backup).is_err() {
        return Err(UsageError::new(format!(
            "{} is the diary itself; give a backup file written by 'cramplog backup'",
            backup.display()
        ))
        .into());
    }
    let expected = verify(backup, "the backup")?;
    let dir = match diary.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        crate::private::create_dir(&dir)?;
    }
    // The copy, beside the diary so the final rename is atomic; removed if anything fails.
    let name = diary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "diary".into());
    output::sweep_stale_temps(&dir, &name);
    let staged = Staged(dir.join(format!(".{name}.{}-restore.tmp", std::process::id())));
    stage(backup, &staged.0)?;
    if verify(&staged.0, "the copy of the backup")? != expected {
        bail!(
            "the copy of {} does not match it; the diary was not changed; try again",
            backup.display()
        );
    }
    // Hold the old diary's lock so no other cramplog writes into it while it is replaced.
    let _ = store::set_aside_stray_wal(&diary);
    // Opened before the lock and closed after it: closing a descriptor of the diary would
    // drop the lock (POSIX locks belong to the process).
    let handle = File::open(&diary).ok();
    let lock = lock(&diary);
    let kept = match &handle {
        Some(h) => Some(keep_dated_copy(&diary, h, ctx.today)?),
        None => None,
    };
    fs::rename(&staged.0, &diary)
        .with_context(|| format!("putting the backup in place at {}", diary.display()))?;
    drop(lock);
    drop(handle);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(output::with_suffix(&diary, suffix));
    }
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    write!(
        ctx.out,
        "Restored the diary {} from {} (verified: integrity ok, {}).",
        diary.display(),
        backup.display(),
        describe(&expected)
    )?;
    match kept {
        Some(k) => writeln!(ctx.out, " The diary as it was is kept at {}.", k.display())?,
        None => writeln!(ctx.out)?,
    }
    Ok(())
}

/// A staged file, removed unless it was renamed into place.
struct Staged(PathBuf);

impl Drop for Staged {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
        for suffix in ["-journal", "-wal", "-shm"] {
            let _ = fs::remove_file(output::with_suffix(&self.0, suffix));
        }
    }
}

/// Checks `path` the way the program reads a diary; returns its counts. Exit 1 with the
/// reason when it is not a sound cramplog diary.
fn verify(path: &Path, what: &str) -> Result<Vec<i64>> {
    let refuse = |why: String| -> anyhow::Error {
        anyhow::anyhow!(
            "{what} {} cannot be restored: {why}; the diary was not changed",
            path.display()
        )
    };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refuse(e.to_string()))?;
    let id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| refuse(format!("it is not a cramplog diary ({e})")))?;
    if id != store::APPLICATION_ID {
        return Err(refuse("it is not a cramplog diary or backup".into()));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > MIGRATIONS.len() as i64 {
        return Err(refuse(format!(
            "it was written by a newer cramplog (schema {version}); update cramplog first"
        )));
    }
    let problems = integrity_problems(&conn).map_err(|e| refuse(e.to_string()))?;
    if let Some(first) = problems.first() {
        return Err(refuse(format!("it is damaged ({first})")));
    }
    let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Deferred)?;
    let rows = store::row_problems(&tx)?;
    if let Some(first) = rows.first() {
        return Err(refuse(format!(
            "it holds entries cramplog cannot read ({first}{})",
            if rows.len() > 1 {
                format!("; and {} more", rows.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    let n = counts(&conn).map_err(|e| refuse(e.to_string()))?;
    drop(tx);
    Ok(n)
}

/// Copies the backup page by page into a new private file with a rollback journal.
fn stage(backup: &Path, staged: &Path) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(staged)
        .with_context(|| format!("writing beside the diary at {}", staged.display()))?;
    let src = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut dst = Connection::open(staged)?;
    copy(&src, &mut dst).context("copying the backup")?;
    let _mode: String =
        dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
    drop(dst);
    File::open(staged)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("writing {}", staged.display()))
}

/// An exclusive lock on the current diary (waiting for other cramplog commands to finish);
/// `None` when it cannot be had (a damaged file, or no diary): the rename is atomic anyway.
fn lock(diary: &Path) -> Option<Connection> {
    if !diary.exists() {
        return None;
    }
    let conn = Connection::open(diary).ok()?;
    conn.busy_timeout(Duration::from_secs(30)).ok()?;
    conn.execute_batch("BEGIN EXCLUSIVE").ok()?;
    Some(conn)
}

/// Copies the diary's bytes (and a `-wal` beside it, which may hold its latest entries) to
/// `NAME.before-restore-YYYY-MM-DD[-N]`, owner-only, never replacing a file.
fn keep_dated_copy(diary: &Path, handle: &File, today: chrono::NaiveDate) -> Result<PathBuf> {
    let mut bytes = Vec::new();
    {
        use std::io::{Read, Seek};
        let mut h = handle;
        h.seek(std::io::SeekFrom::Start(0))?;
        h.read_to_end(&mut bytes)
            .with_context(|| format!("copying {}", diary.display()))?;
    }
    for n in 1..1000 {
        let suffix = if n == 1 {
            format!(".before-restore-{today}")
        } else {
            format!(".before-restore-{today}-{n}")
        };
        let target = output::with_suffix(diary, &suffix);
        if target.exists() {
            continue;
        }
        let wal = output::with_suffix(diary, "-wal");
        if wal.metadata().is_ok_and(|m| m.len() > 0) {
            let log = fs::read(&wal).with_context(|| format!("copying {}", wal.display()))?;
            write_new(&output::with_suffix(&target, "-wal"), &log)?;
        }
        match write_new(&target, &bytes) {
            Ok(()) => return Ok(target),
            Err(e)
                if e.chain().any(|c| {
                    c.downcast_ref::<UsageError>().is_some()
                        || c.downcast_ref::<std::io::Error>()
                            .is_some_and(|io| io.kind() == ErrorKind::AlreadyExists)
                }) => {}
            Err(e) => return Err(e),
        }
    }
    bail!(
        "could not find a free name for the copy of {}; the diary was not changed",
        diary.display()
    )
}

fn write_new(to: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = PrivateFile::create(to, false)?;
    file.write_all(bytes)?;
    file.commit()
}
