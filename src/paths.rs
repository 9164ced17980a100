//! Where the diary lives: `--db`, then `CRAMPLOG_DB`, then `$XDG_DATA_HOME/cramplog/`.

use std::path::PathBuf;

use anyhow::{Result, bail};

/// The diary file to use.
pub fn diary(flag: Option<&PathBuf>) -> Result<PathBuf> {
    if let Some(p) = flag {
        return Ok(p.clone());
    }
    if let Some(p) = std::env::var_os("CRAMPLOG_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    Ok(data_dir()?.join("diary.sqlite3"))
}

/// The demo diary: `--db` when given, else `demo.sqlite3` beside the default diary.
/// `CRAMPLOG_DB` is ignored on purpose, so the demo can never write into a real diary.
pub fn demo(flag: Option<&PathBuf>) -> Result<PathBuf> {
    match flag {
        Some(p) => Ok(p.clone()),
        None => Ok(data_dir()?.join("demo.sqlite3")),
    }
}

fn data_dir() -> Result<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(x).join("cramplog"));
    }
    match directories::BaseDirs::new() {
        Some(b) => Ok(b.data_dir().join("cramplog")),
        None => {
            bail!("cannot find your home folder to keep the diary in; set --db PATH or CRAMPLOG_DB")
        }
    }
}
