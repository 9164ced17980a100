//! Owner-only files and folders: the permission primitives shared by the diary (store) and
//! the files the patient asks for (output), so both keep health data private the same way.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

/// Creates `dir` and its missing parents, owner-only (0700).
pub fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .with_context(|| format!("creating the folder {}", dir.display()))
}

/// Makes an existing file owner-only (0600), whatever the umask was when it was written.
pub fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .with_context(|| format!("making {} readable by you only", path.display()))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
