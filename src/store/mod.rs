//! The diary file: opening it safely, the schema and its upgrades, and transactions.
//!
//! Every command's writes run in one `BEGIN IMMEDIATE` transaction that also applies any
//! pending schema upgrade, so a failed command leaves even the schema as it was. Reads run
//! in a transaction that is rolled back, so a read never changes the file. The store never
//! prints and never panics.

mod context;
mod history;
mod nights;
mod questions;
mod soundness;
mod trials;

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use context::{
    Meta, clear_diary, delete_event, insert_event, insert_medication, load_events,
    load_medications, load_profile, set_event_details, set_profile, stop_medication, unset_profile,
    update_medication,
};
pub use history::{first_night, logged_on_or_before, nightly_stretching_start};
pub use soundness::{RowProblem, TABLES, row_problems};

pub use nights::{NightRange, delete_night, insert_night, load_night, load_nights, night_exists};
pub use questions::{insert_question, load_questions, set_question_done};
pub use trials::{delete_trial, insert_trial, load_trials, set_trial_stopped, stop_trial};

/// The schema, one SQL file per version; `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
/// Never edit a file once released: add a new one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_trials.sql"),
    include_str!("../../migrations/0003_stretched_nights.sql"),
    include_str!("../../migrations/0004_questions_and_duplex_results.sql"),
];

/// `PRAGMA application_id` of a cramplog diary ("CRMP"), so another program's SQLite file is
/// never mistaken for a diary and migrated.
pub const APPLICATION_ID: i64 = 0x4352_4d50;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An open diary.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// This command created the file: a failed first write removes it again.
    created: bool,
    /// The diary file, to read its change counter. Declared after `conn` so it is closed
    /// after SQLite's connection: closing a descriptor releases the process's POSIX locks
    /// on the file, which SQLite must keep while it is open.
    header: Option<fs::File>,
}

/// Whether a command may create the diary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The diary must exist already.
    Existing,
    /// Create the diary (0600, in a 0700 folder) if it does not exist.
    Create,
}

impl Store {
    /// Opens the diary at `path`, checking that it is a cramplog diary this version can read.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let exists = path.exists();
        if !exists && access == Access::Existing {
            bail!(
                "there is no diary at {} yet; log a night first with 'cramplog log', or point --db at your diary",
                path.display()
            );
        }
        if !exists {
            create_private_file(path)?;
        }
        crate::output::protect(path);
        set_aside_stray_wal(path)?;
        // Read-write where the file allows it; SQLite falls back to read-only by itself for
        // a file that is not writable, and a rollback-journal diary needs no side file to be
        // read, so a diary in a read-only folder or on a read-only disk can still be read.
        let header = fs::File::open(path).ok();
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| explain(path, &e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            created: !exists,
            header,
        };
        let opened = store.configure().and_then(|()| store.check_identity());
        if let Err(e) = opened {
            store.forget_created();
            return Err(e);
        }
        Ok(store)
    }

    /// Removes the file this command created, while it is still empty (a failed first write
    /// leaves no diary behind).
    fn forget_created(&mut self) {
        if self.created && fs::metadata(&self.path).is_ok_and(|m| m.len() == 0) {
            for suffix in crate::output::SIDE_FILES {
                let _ = fs::remove_file(crate::output::with_suffix(&self.path, suffix));
            }
            self.created = false;
        }
    }

    /// A fresh diary in memory (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            created: false,
            header: None,
        };
        store.configure()?;
        Ok(store)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&mut self) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        Ok(())
    }

    /// Refuses files that are not diaries, or diaries from a newer cramplog, before anything
    /// is written to them.
    fn check_identity(&mut self) -> Result<()> {
        let not_a_diary = |e: rusqlite::Error| explain(&self.path, &e);
        let app_id: i64 = self
            .conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(not_a_diary)?;
        let version = self.user_version().map_err(not_a_diary)?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(not_a_diary)?;
        if app_id != APPLICATION_ID && (version != 0 || tables != 0) {
            bail!(
                "{} is an SQLite file of another program, not a cramplog diary; point --db at your diary file",
                self.path.display()
            );
        }
        let latest = MIGRATIONS.len() as i64;
        if version > latest {
            bail!(
                "the diary at {} was written by a newer cramplog (schema {version}; this one knows up to {latest}); update cramplog to open it; the file was not changed",
                self.path.display()
            );
        }
        Ok(())
    }

    /// Diaries use a rollback journal, not WAL (docs/design.md section 4, as changed by
    /// issue 17): WAL's memory-mapped `-shm` file turns a full disk into SIGBUS, makes a
    /// diary on a read-only folder or disk unreadable, and a stale or foreign `-wal` beside
    /// the file is replayed into it. A rollback-journal diary is read without any side file,
    /// and SQLite never looks at a `-wal` beside it. Measured: `log` costs the same in both
    /// (BENCHMARKS.md). A diary written by an older cramplog in WAL mode is switched at its
    /// next write, when no other process has it open.
    fn leave_wal(&mut self) {
        let mode: rusqlite::Result<String> =
            self.conn
                .pragma_query_value(None, "journal_mode", |r| r.get(0));
        if mode.is_ok_and(|m| m.eq_ignore_ascii_case("wal")) {
            let _ = self
                .conn
                .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0));
        }
    }

    fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`) after upgrading the schema in
    /// that same transaction; everything is committed together or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        self.leave_wal();
        let path = self.path.clone();
        let header = self.header.as_ref();
        let result = (|| {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(|e| explain(&path, &e))?;
            migrate(&tx)?;
            soundness::ensure_sound(&tx, &path, header)?;
            let changes = tx.total_changes();
            let value = f(&tx)?;
            if tx.total_changes() == changes {
                // Nothing was written (a delete that found nothing): the file stays as it
                // was, byte for byte, soundness marker included.
                tx.rollback().map_err(|e| explain(&path, &e))?;
            } else {
                tx.commit().map_err(|e| explain(&path, &e))?;
            }
            Ok(value)
        })();
        result.map_err(|e| {
            self.forget_created();
            storage_error(&path, e)
        })
    }

    /// Runs `f` against the current schema and rolls back, so reading never changes the file
    /// (an older diary is upgraded only inside this transaction, then left as it was).
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .map_err(|e| explain(&path, &e))?;
        if current_version(&tx)? < MIGRATIONS.len() as i64 {
            migrate(&tx).map_err(|e| storage_error(&path, e))?;
        }
        let value = f(&tx).map_err(|e| storage_error(&path, e))?;
        tx.rollback().context("finishing a read of the diary")?;
        Ok(value)
    }

    /// The raw connection, for the online backup and integrity checks.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// What a `-wal` beside a rollback-journal diary is renamed to.
pub const STRAY_WAL: &str = ".stray-wal";

/// SQLite replays any valid `-wal` it finds beside a database, even one whose header says it
/// uses a rollback journal: a stale or foreign log would be written into the diary (a night
/// reverted, or pages of another file). A rollback-journal diary never has a `-wal` of its
/// own, so one beside it is moved aside (never deleted) before SQLite opens the file; where
/// it cannot be moved, the diary is not opened.
pub fn set_aside_stray_wal(path: &Path) -> Result<()> {
    use std::io::Read;
    let wal = crate::output::with_suffix(path, "-wal");
    if fs::symlink_metadata(&wal).is_err() {
        return Ok(());
    }
    // Bytes 18 and 19 of the header: 1 and 1 for a rollback journal, 2 and 2 for WAL.
    let mut header = [0u8; 20];
    let rollback = fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header[18] == 1
        && header[19] == 1;
    if !rollback {
        return Ok(());
    }
    for n in 1..1000 {
        let suffix = if n == 1 {
            STRAY_WAL.to_string()
        } else {
            format!("{STRAY_WAL}-{n}")
        };
        let aside = crate::output::with_suffix(path, &suffix);
        if fs::symlink_metadata(&aside).is_ok() {
            continue;
        }
        return fs::rename(&wal, &aside).map_err(|e| {
            anyhow::anyhow!(
                "{} lies beside the diary, which does not use one, and SQLite would read it into the diary; it could not be moved aside ({e}): move it out of the folder and try again",
                wal.display()
            )
        });
    }
    bail!(
        "{} lies beside the diary and could not be moved aside; move it out of the folder and try again",
        wal.display()
    )
}

/// An SQLite error on the diary in words that name the real cause and the way out: a full
/// disk, a read-only file or disk, permissions, damage; "not a cramplog diary" only when the
/// file is not an SQLite database at all.
pub fn explain(path: &Path, e: &rusqlite::Error) -> anyhow::Error {
    use rusqlite::ErrorCode as C;
    let p = path.display();
    let message = match e.sqlite_error_code() {
        Some(C::NotADatabase) => {
            format!("{p} is not a cramplog diary ({e}); point --db at your diary file")
        }
        Some(C::DiskFull) => format!(
            "the disk holding the diary {p} is full; nothing was saved; free some space and try again"
        ),
        Some(C::ReadOnly) => format!(
            "the diary {p} cannot be changed: the file, its folder or its disk is read-only; nothing was saved; reading it still works, and to save, make it writable"
        ),
        Some(C::CannotOpen | C::PermissionDenied) => format!(
            "cannot open the diary {p} ({e}); check that you may read and write the file and its folder"
        ),
        Some(C::SystemIoFailure) => format!(
            "could not read or write the diary {p} (disk I/O error); the disk may be full, removed or failing; nothing was saved"
        ),
        Some(C::DatabaseCorrupt) => format!(
            "the diary {p} is damaged ({e}); run 'cramplog check' to see what is wrong and what to do"
        ),
        Some(C::DatabaseBusy | C::DatabaseLocked) => format!(
            "the diary {p} stayed locked by another program for {} seconds; try again",
            BUSY_TIMEOUT.as_secs()
        ),
        _ => format!("the diary {p}: {e}"),
    };
    anyhow::anyhow!(message)
}

/// Replaces an error whose cause is the disk or the file (full, read-only, I/O) by its plain
/// explanation; other errors pass unchanged.
fn storage_error(path: &Path, e: anyhow::Error) -> anyhow::Error {
    use rusqlite::ErrorCode as C;
    let storage = e.chain().find_map(|c| {
        c.downcast_ref::<rusqlite::Error>().filter(|re| {
            matches!(
                re.sqlite_error_code(),
                Some(
                    C::DiskFull
                        | C::ReadOnly
                        | C::SystemIoFailure
                        | C::DatabaseCorrupt
                        | C::DatabaseBusy
                        | C::CannotOpen
                )
            )
        })
    });
    match storage {
        Some(re) => explain(path, re),
        None => e,
    }
}

fn current_version(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Applies the pending migrations inside the caller's transaction.
fn migrate(tx: &Transaction<'_>) -> Result<()> {
    let version = current_version(tx)?;
    let latest = MIGRATIONS.len() as i64;
    if version > latest {
        bail!(
            "the diary was written by a newer cramplog (schema {version}; this one knows up to {latest}); update cramplog"
        );
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)
            .with_context(|| format!("upgrading the diary schema to version {}", index + 1))?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    if version == 0 {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// Creates an empty file readable by its owner only, in a folder only the owner can enter.
pub fn create_private_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        crate::private::create_dir(dir)?;
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    set_private_mode(&mut options);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it between our check and now: that is fine.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("creating the diary at {}", path.display())),
    }
}

#[cfg(unix)]
fn set_private_mode(options: &mut fs::OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

#[cfg(not(unix))]
fn set_private_mode(_options: &mut fs::OpenOptions) {}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite_migration::{M, Migrations};

    #[test]
    fn migrations_validate() {
        let migrations = Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect());
        assert!(migrations.validate().is_ok());
    }

    #[test]
    fn fresh_store_reaches_the_latest_schema() {
        let mut store = Store::open_in_memory().unwrap();
        // A write that changes nothing leaves even the schema as it was; one that saves
        // something upgrades it in the same transaction.
        store.write(|_| Ok(())).unwrap();
        let v: i64 = store
            .connection()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 0);
        store.write(|tx| Meta::set(tx, "test", "1")).unwrap();
        let v: i64 = store
            .connection()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, MIGRATIONS.len() as i64);
        let fk: i64 = store
            .connection()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn reads_do_not_persist_an_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d.sqlite3");
        let mut store = Store::open(&path, Access::Create).unwrap();
        store.read(|_| Ok(())).unwrap();
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 0, "a read must leave the schema as it was");
    }
}
