//! The diary file: opening it safely, the schema and its upgrades, and transactions.
//!
//! Every command's writes run in one `BEGIN IMMEDIATE` transaction that also applies any
//! pending schema upgrade, so a failed command leaves even the schema as it was. Reads run
//! in a transaction that is rolled back, so a read never changes the file. The store never
//! prints and never panics.

mod context;
mod nights;
mod trials;

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use context::{
    Meta, clear_diary, delete_event, insert_event, insert_medication, load_events,
    load_medications, load_profile, set_event_side, set_profile, stop_medication, unset_profile,
    update_medication,
};
pub use nights::{NightRange, delete_night, insert_night, load_night, load_nights, night_exists};
pub use trials::{delete_trial, insert_trial, load_trials, set_trial_stopped, stop_trial};

/// The schema, one SQL file per version; `MIGRATIONS[i]` upgrades version `i` to `i + 1`.
/// Never edit a file once released: add a new one.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_initial.sql"),
    include_str!("../../migrations/0002_trials.sql"),
];

/// `PRAGMA application_id` of a cramplog diary ("CRMP"), so another program's SQLite file is
/// never mistaken for a diary and migrated.
const APPLICATION_ID: i64 = 0x4352_4d50;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An open diary.
pub struct Store {
    conn: Connection,
    path: PathBuf,
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
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .with_context(|| format!("opening the diary at {}", path.display()))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure()?;
        store.check_identity()?;
        Ok(store)
    }

    /// A fresh diary in memory (tests, previews).
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
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
        let not_a_diary = |e: rusqlite::Error| {
            anyhow::anyhow!(
                "{} is not a cramplog diary ({e}); point --db at your diary file",
                self.path.display()
            )
        };
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
        if tables == 0 {
            // A brand-new file: WAL lets a reader and a writer work at once. It is set
            // outside any transaction, and only on a file that holds nothing yet.
            // If the file system refuses WAL, SQLite stays in rollback-journal mode, which is
            // slower with concurrent readers but just as safe.
            let _mode: String =
                self.conn
                    .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
        }
        Ok(())
    }

    fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
    }

    /// Runs `f` in one write transaction (`BEGIN IMMEDIATE`) after upgrading the schema in
    /// that same transaction; everything is committed together or not at all.
    pub fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .context("starting a write to the diary")?;
        migrate(&tx)?;
        let value = f(&tx)?;
        tx.commit().context("saving to the diary")?;
        Ok(value)
    }

    /// Runs `f` against the current schema and rolls back, so reading never changes the file
    /// (an older diary is upgraded only inside this transaction, then left as it was).
    pub fn read<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Deferred)
            .context("reading the diary")?;
        if current_version(&tx)? < MIGRATIONS.len() as i64 {
            migrate(&tx)?;
        }
        let value = f(&tx)?;
        tx.rollback().context("finishing a read of the diary")?;
        Ok(value)
    }

    /// The raw connection, for the online backup and integrity checks.
    pub fn connection(&self) -> &Connection {
        &self.conn
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
        store.write(|_| Ok(())).unwrap();
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
