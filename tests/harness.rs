//! Shared test environment: a temporary diary, pinned today, no colour, isolated XDG dirs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The date every test runs on (a Friday).
pub const TODAY: &str = "2026-11-27";

/// A temporary home for one test: its own diary path and XDG folders.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// The diary file the commands use.
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("diary.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Sets this environment on any command (a pseudo-terminal's too): it runs in the
    /// temporary folder, on its own diary, with a pinned today and no colour.
    pub fn apply(&self, c: &mut std::process::Command) {
        c.current_dir(self.dir.path())
            .env("CRAMPLOG_DB", self.db())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("HOME", self.dir.path())
            .env("CRAMPLOG_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("TZ", "UTC")
            .env_remove("COLUMNS")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RUST_BACKTRACE");
    }

    /// `cramplog ARGS…` in this environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = std::process::Command::new(bin());
        self.apply(&mut c);
        c.args(args);
        Command::from_std(c)
    }

    /// `cramplog` in this environment, arguments to follow.
    pub fn cramplog(&self) -> Command {
        self.cmd(&[])
    }

    /// `cramplog` on another diary file.
    pub fn cmd_with_db(&self, db: &Path) -> Command {
        let mut c = self.cramplog();
        c.env("CRAMPLOG_DB", db);
        c
    }

    /// The JSON export of the diary at `db`.
    pub fn export_json(&self, db: &Path) -> Vec<u8> {
        self.cmd_with_db(db)
            .args(["export", "--format", "json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    }

    /// Runs a command that must succeed and returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("runs");
        assert!(
            out.status.success(),
            "cramplog {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a command that must fail with `code`, with a single error line containing
    /// `needle`; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32, needle: &str) -> String {
        let out = self.cmd(args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(code),
            "cramplog {args:?}: expected exit {code}, stderr:\n{stderr}"
        );
        assert_one_line_error(&stderr);
        assert!(
            stderr.contains(needle),
            "cramplog {args:?}: expected {needle:?} in:\n{stderr}"
        );
        stderr
    }

    /// Runs `args` and parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{out}"))
    }
}

/// An error is one line starting `cramplog: error:` and never a panic or backtrace.
pub fn assert_one_line_error(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one error line, got:\n{stderr}");
    assert!(
        lines[0].starts_with("cramplog: error: "),
        "unexpected error format: {stderr}"
    );
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace", "unwrap"] {
        assert!(!stderr.contains(bad), "panic text in: {stderr}");
    }
}

/// The bytes of a diary and of its write-ahead log, or `None` where a file does not exist,
/// to compare before and after a command.
pub fn snapshot(path: &Path) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    (
        std::fs::read(path).ok(),
        std::fs::read(PathBuf::from(wal)).ok(),
    )
}

/// A test needs an external tool (qpdf, pdftotext, chromium, python with fhir.resources,
/// sqlite3) that is missing. Under `CI=true` that is a failure, because `.ci/run` installs
/// every one; elsewhere the test says `SKIPPED: …` loudly and the caller returns.
#[allow(clippy::print_stderr)]
pub fn tool_missing(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}; under CI=true a missing tool fails the test (.ci/run installs it)");
    }
    eprintln!("SKIPPED: {why}");
}

/// `path` with `suffix` appended to its file name (`diary.sqlite3-wal`).
pub fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The built binary.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_cramplog"))
}

/// The file's bytes, or `None` when it does not exist.
pub fn bytes(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}
