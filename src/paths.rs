//! Where the diary lives: `--db`, then `CRAMPLOG_DB`, then `$XDG_DATA_HOME/cramplog/`.

use std::path::PathBuf;

use anyhow::{Result, bail};

/// The diary file to use.
/// Once resolved, no output of this process may land on it ([`crate::output::protect`]).
pub fn diary(flag: Option<&PathBuf>) -> Result<PathBuf> {
    let path = if let Some(p) = flag {
        p.clone()
    } else if let Some(p) = std::env::var_os("CRAMPLOG_DB").filter(|p| !p.is_empty()) {
        PathBuf::from(p)
    } else {
        data_dir()?.join("diary.sqlite3")
    };
    crate::output::protect(&path);
    Ok(path)
}

/// The demo diary: `--db` when given, else `demo.sqlite3` beside the default diary.
/// `CRAMPLOG_DB` is ignored on purpose, so the demo can never write into a real diary.
pub fn demo(flag: Option<&PathBuf>) -> Result<PathBuf> {
    let path = match flag {
        Some(p) => p.clone(),
        None => data_dir()?.join("demo.sqlite3"),
    };
    crate::output::protect(&path);
    Ok(path)
}

fn data_dir() -> Result<PathBuf> {
    // The XDG specification ignores a relative XDG_DATA_HOME: the diary must not depend on
    // the folder a command happens to run in.
    if let Some(x) = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty() && std::path::Path::new(p).is_absolute())
    {
        return Ok(PathBuf::from(x).join("cramplog"));
    }
    match directories::BaseDirs::new() {
        Some(b) => Ok(b.data_dir().join("cramplog")),
        None => {
            bail!("cannot find your home folder to keep the diary in; set --db PATH or CRAMPLOG_DB")
        }
    }
}
