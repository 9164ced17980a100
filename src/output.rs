//! Writing files the patient asked for (exports, backups, reports) safely and privately.
//!
//! Everything cramplog writes is health data, so every file is created readable by its owner
//! only (0600, whatever the umask), an existing file is never replaced without `--force`, and
//! the bytes go to a temporary file beside the target that is renamed into place only when
//! complete: a failure (disk full, a crash, Ctrl-C) never leaves half a file under the real
//! name. This module is the one place that knows how; commands call [`write_private`] or,
//! when something else fills the file (SQLite's backup), [`PrivateFile`].

use std::fs::{self, File};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use anyhow::{Context, Result};

use crate::error::UsageError;

/// Writes `bytes` to `path` as a new owner-only file; an existing file is replaced only
/// when `force` is set.
pub fn write_private(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let mut file = PrivateFile::create(path, force)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Refuses to go on when `path` exists and `force` is not set (exit 2, with the way out),
/// or when it is a folder.
pub fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    if path.is_dir() {
        return Err(UsageError::new(format!(
            "{} is a folder; give a file name to write to",
            path.display()
        ))
        .into());
    }
    if !force && fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    Ok(())
}

fn already_exists(path: &Path) -> anyhow::Error {
    UsageError::new(format!(
        "{} already exists; add --force to overwrite it, or choose another name",
        path.display()
    ))
    .into()
}

/// Whether two paths name the same existing file (so an export can never overwrite the diary).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Creates `dir` (0700) when it does not exist yet.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if dir.exists() {
        return Err(UsageError::new(format!(
            "{} is a file, not a folder; give a folder to write the CSV files into",
            dir.display()
        ))
        .into());
    }
    crate::private::create_dir(dir)
}

/// A file being written: a private temporary file beside its target, renamed into place by
/// [`PrivateFile::commit`]. Dropped without committing, it removes the temporary file.
pub struct PrivateFile {
    temp: PathBuf,
    target: PathBuf,
    file: Option<File>,
    force: bool,
    committed: bool,
}

impl PrivateFile {
    /// Checks the target (see [`refuse_existing`]) and creates the empty temporary file.
    pub fn create(target: &Path, force: bool) -> Result<PrivateFile> {
        refuse_existing(target, force)?;
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(UsageError::new(format!(
                "the folder {} does not exist; create it first or write somewhere else",
                dir.display()
            ))
            .into());
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "cramplog".into());
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&temp) {
                Ok(file) => {
                    return Ok(PrivateFile {
                        temp,
                        target: target.to_path_buf(),
                        file: Some(file),
                        force,
                        committed: false,
                    });
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists && n < 1000 => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("writing in {}", dir.display()));
                }
            }
        }
    }

    /// The temporary file, for writers that open it by path (SQLite's backup).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Appends bytes to the temporary file.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let file = self.file.as_mut().context("the output file is closed")?;
        file.write_all(bytes)
            .with_context(|| format!("writing {}", self.target.display()))
    }

    /// Flushes to disk and puts the file under its real name; without `force` this never
    /// replaces a file that appeared meanwhile.
    pub fn commit(mut self) -> Result<()> {
        let file = match self.file.take() {
            Some(f) => f,
            None => File::open(&self.temp)
                .with_context(|| format!("reopening {}", self.temp.display()))?,
        };
        file.sync_all()
            .with_context(|| format!("writing {}", self.target.display()))?;
        drop(file);
        crate::private::make_private(&self.temp)?;
        if self.force {
            fs::rename(&self.temp, &self.target)
                .with_context(|| format!("writing {}", self.target.display()))?;
        } else {
            // A hard link fails if the target exists, so a file created since the check is
            // never clobbered. File systems without hard links fall back to a rename.
            match fs::hard_link(&self.temp, &self.target) {
                Ok(()) => {
                    let _ = fs::remove_file(&self.temp);
                }
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    return Err(already_exists(&self.target));
                }
                Err(_) => {
                    if self.target.exists() {
                        return Err(already_exists(&self.target));
                    }
                    fs::rename(&self.temp, &self.target)
                        .with_context(|| format!("writing {}", self.target.display()))?;
                }
            }
        }
        self.committed = true;
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            // Makes the rename itself durable; not all platforms allow syncing a folder.
            let _ = d.sync_all();
        }
        Ok(())
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if !self.committed {
            self.file = None;
            let _ = fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_owner_only_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_private(&p, b"one", false).unwrap();
        #[cfg(unix)]
        assert_eq!(mode(&p), 0o600);
        let err = write_private(&p, b"two", false).unwrap_err();
        assert!(err.downcast_ref::<UsageError>().is_some());
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_private(&p, b"two", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        assert_eq!(mode(&p), 0o600);
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn an_abandoned_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("half.json");
        let mut f = PrivateFile::create(&p, false).unwrap();
        f.write_all(b"{\"half\":").unwrap();
        drop(f);
        assert!(!p.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_missing_folder_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_private(&dir.path().join("no/such/x.json"), b"x", false).unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
