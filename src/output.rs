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
use std::sync::Mutex;
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

/// The diaries this process has resolved (`paths::diary`, `Store::open`): no output may
/// land on one of them or on its side files.
static DIARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The side files SQLite keeps beside a diary.
pub const SIDE_FILES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// Marks `diary` as never to be written over by an output of this process.
pub fn protect(diary: &Path) {
    if let Ok(mut list) = DIARIES.lock()
        && !list.iter().any(|d| d == diary)
    {
        list.push(diary.to_path_buf());
    }
}

/// `path` with `suffix` appended to its file name (`diary.sqlite3` → `diary.sqlite3-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// Where writing to `path` lands: symbolic links followed (even to a file that does not
/// exist yet), the folder made absolute. `None` when the folder cannot be resolved.
fn landing(path: &Path) -> Option<PathBuf> {
    let mut p = std::path::absolute(path).ok()?;
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p).ok()?;
                p = match p.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => break,
        }
    }
    let name = p.file_name()?.to_owned();
    Some(fs::canonicalize(p.parent()?).ok()?.join(name))
}

/// Refuses a target that is a diary this process uses, or its `-wal`, `-shm` or journal,
/// by whatever path, symbolic link or hard link it is named (exit 2; nothing is written).
pub fn refuse_diary(target: &Path) -> Result<()> {
    let diaries = DIARIES.lock().map(|l| l.clone()).unwrap_or_default();
    let target_landing = landing(target);
    let target_meta = fs::metadata(target).ok();
    for diary in &diaries {
        for suffix in SIDE_FILES {
            let side = with_suffix(diary, suffix);
            let same_place = target_landing.is_some() && landing(&side) == target_landing;
            let same_inode = match (&target_meta, fs::metadata(&side)) {
                (Some(a), Ok(b)) => same_inode(a, &b),
                _ => false,
            };
            if same_place || same_inode {
                return Err(UsageError::new(format!(
                    "{} is the diary {}{}; choose another file to write to",
                    target.display(),
                    if suffix.is_empty() { "" } else { "file's " },
                    if suffix.is_empty() {
                        diary.display().to_string()
                    } else {
                        format!(
                            "{} side file {}",
                            suffix.trim_start_matches('-'),
                            side.display()
                        )
                    }
                ))
                .into());
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// Refuses to go on when `path` exists and `force` is not set (exit 2, with the way out),
/// when it is a folder, or when it is the diary or one of its side files.
pub fn refuse_existing(path: &Path, force: bool) -> Result<()> {
    refuse_diary(path)?;
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
        sweep_stale_temps(&dir, &name);
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
        // Again at the last moment: the diary may have been resolved after `create`.
        refuse_diary(&self.target)?;
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

/// Removes temporary files a killed cramplog left beside `name` (`.NAME.PID-N.tmp`, files
/// or folders, and those of files named after it, see below): those whose process is gone,
/// or, where that cannot be told, older than a day.
pub fn sweep_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        // `.NAME.PID-N.tmp`, also for a file named after NAME (`NAME.before-restore-DATE`:
        // `.NAME.before-restore-DATE.PID-N.tmp`), restore's staged copy `.NAME.PID-restore.tmp`,
        // and the rollback journal SQLite keeps beside a staged copy (`…tmp-journal`).
        let Some(rest) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| {
                f.strip_suffix(".tmp")
                    .or_else(|| f.strip_suffix(".tmp-journal"))
            })
        else {
            continue;
        };
        let last = rest.rsplit_once('.').map_or(rest, |(_, l)| l);
        let Some(pid) = last.split_once('-').and_then(|(p, n)| {
            (n == "restore" || (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())))
                .then_some(p.parse::<u32>().ok()?)
        }) else {
            continue;
        };
        if pid == std::process::id() || process_alive(pid, &entry) {
            continue;
        }
        let path = entry.path();
        let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

/// Whether process `pid` may still be writing `entry`.
fn process_alive(pid: u32, entry: &fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < std::time::Duration::from_secs(24 * 3600))
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if !self.committed {
            self.file = None;
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Writes `files` as the whole content of the folder `dir`, so that a reader of `dir` sees
/// the old folder or the new one, never a mix of the two (docs/design.md section 7, the CSV
/// pair): the files are written and flushed to disk in a hidden staging folder beside `dir`
/// (`.NAME.PID-N.tmp`, swept when stale), which then takes `dir`'s place in one step. On
/// Linux that step is `renameat2(RENAME_EXCHANGE)` (the old folder moves to the staging name
/// and is removed); a new `dir` is one rename that never replaces a folder made meanwhile.
/// Elsewhere the old folder is moved aside first, so a reader may briefly find no folder,
/// never a mix.
///
/// `dir` must be missing, empty, or hold only files named in `files` (replaced only with
/// `force`): anything else would be swapped away with it, so it is refused, as is the
/// current folder (the shell would be left in a removed folder). The new folder is
/// owner-only (0700, files 0600).
pub fn write_folder(dir: &Path, files: &[(&str, &[u8])], force: bool) -> Result<()> {
    let usage = |msg: String| -> anyhow::Error { UsageError::new(msg).into() };
    if dir.exists() && !dir.is_dir() {
        return Err(usage(format!(
            "{} is a file, not a folder; give a folder to write the CSV files into",
            dir.display()
        )));
    }
    let name = dir
        .file_name()
        .filter(|n| *n != "." && *n != "..")
        .map(|n| n.to_os_string());
    let real = if dir.exists() {
        fs::canonicalize(dir).with_context(|| format!("reading {}", dir.display()))?
    } else {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            crate::private::create_dir(&parent)?;
        }
        let Some(name) = &name else {
            return Err(usage(format!(
                "{} is not a folder name; give the folder for the export, e.g. -o cramplog-csv",
                dir.display()
            )));
        };
        fs::canonicalize(&parent)
            .with_context(|| format!("reading {}", parent.display()))?
            .join(name)
    };
    let (Some(parent), Some(name)) = (real.parent(), real.file_name()) else {
        return Err(usage(format!(
            "{} cannot be replaced as a whole; give a folder inside it, e.g. {}",
            dir.display(),
            dir.join("cramplog-csv").display()
        )));
    };
    let name = name.to_string_lossy().into_owned();
    if std::env::current_dir()
        .ok()
        .and_then(|c| fs::canonicalize(c).ok())
        .is_some_and(|cwd| cwd.starts_with(&real))
    {
        return Err(usage(format!(
            "{} is the folder you are in; the export replaces its folder as a whole, so run it from outside (cd ..) or give a new folder",
            dir.display()
        )));
    }
    let exists = real.is_dir();
    if exists {
        let entries = fs::read_dir(&real).with_context(|| format!("reading {}", dir.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let file = entry.file_name();
            if !files.iter().any(|(f, _)| file.to_str() == Some(*f)) {
                return Err(usage(format!(
                    "{} holds other files than the export (such as {}); the export replaces its whole folder in one step, so give it a folder of its own, e.g. {}",
                    dir.display(),
                    crate::text::visible(&file.to_string_lossy()),
                    dir.join("cramplog-csv").display()
                )));
            }
        }
    }
    for (f, _) in files {
        refuse_existing(&dir.join(f), force)?;
        refuse_existing(&real.join(f), force)?;
    }
    sweep_stale_temps(parent, &name);
    let staged = Staging::create(parent, &name)?;
    for (f, bytes) in files {
        let path = staged.0.join(f);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options
            .open(&path)
            .with_context(|| format!("writing in {}", parent.display()))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", dir.join(f).display()))?;
    }
    sync_dir(&staged.0);
    // Again at the last moment: the diary may have been resolved meanwhile.
    for (f, _) in files {
        refuse_diary(&real.join(f))?;
    }
    let old = if exists {
        Some(swap_folders(&staged, &real, parent, &name)?)
    } else {
        place_new_folder(&staged.0, &real).map_err(|e| {
            if e.kind() == ErrorKind::AlreadyExists || e.kind() == ErrorKind::DirectoryNotEmpty {
                usage(format!(
                    "{} appeared while the export was written; run the export again",
                    dir.display()
                ))
            } else {
                anyhow::Error::new(e).context(format!("writing {}", dir.display()))
            }
        })?;
        None
    };
    std::mem::forget(staged);
    sync_dir(parent);
    // The old folder, now under a staging name: its files (ours only, checked above) and
    // then the folder itself; anything that appeared in it meanwhile is left for the sweep.
    if let Some(old) = old {
        for (f, _) in files {
            let _ = fs::remove_file(old.join(f));
        }
        let _ = fs::remove_dir(&old);
    }
    Ok(())
}

/// A staging folder, removed with its files unless it was put in place.
struct Staging(PathBuf);

impl Staging {
    fn create(parent: &Path, name: &str) -> Result<Staging> {
        loop {
            let path = temp_name(parent, name);
            let mut builder = fs::DirBuilder::new();
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(0o700);
            }
            match builder.create(&path) {
                Ok(()) => return Ok(Staging(path)),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                Err(e) => {
                    return Err(e).with_context(|| format!("writing in {}", parent.display()));
                }
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Ok(entries) = fs::read_dir(&self.0) {
            for entry in entries.flatten() {
                let _ = fs::remove_file(entry.path());
            }
        }
        let _ = fs::remove_dir(&self.0);
    }
}

/// `.NAME.PID-N.tmp` in `parent`, a name no other write of this process uses.
fn temp_name(parent: &Path, name: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    parent.join(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Makes renames in `dir` durable, where the platform allows syncing a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Puts `staged` where `real` is and returns where the old folder went (the staging name).
fn swap_folders(staged: &Staging, real: &Path, parent: &Path, name: &str) -> Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, &staged.0, CWD, real, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(staged.0.clone()),
            // A file system or kernel without the exchange: the portable way below.
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => {
                return Err(std::io::Error::from(e))
                    .with_context(|| format!("replacing {}", real.display()));
            }
        }
    }
    // Move the old folder aside (a reader may find no folder for a moment, never a mix),
    // then the new one in.
    let aside = temp_name(parent, name);
    fs::rename(real, &aside).with_context(|| format!("replacing {}", real.display()))?;
    if let Err(e) = fs::rename(&staged.0, real) {
        // Put the old folder back: the export failed, nothing changed.
        let _ = fs::rename(&aside, real);
        return Err(e).with_context(|| format!("replacing {}", real.display()));
    }
    Ok(aside)
}

/// Renames `staged` to `real`, which must not exist (a folder made meanwhile is kept).
fn place_new_folder(staged: &Path, real: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, staged, CWD, real, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    if real.exists() {
        return Err(ErrorKind::AlreadyExists.into());
    }
    fs::rename(staged, real)
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
