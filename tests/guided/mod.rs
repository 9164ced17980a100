//! Integration tests for the guided entry (in a real pseudo-terminal), the profile,
//! medicines and events, the demo diary, and completions / man page.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

#[cfg(unix)]
mod pty;

mod completions;
mod context;
mod demo;

use std::path::{Path, PathBuf};

use tempfile::TempDir;

/// The day every test runs on.
pub const TODAY: &str = "2026-11-27";

/// A private diary folder for one test.
pub struct Env {
    pub dir: TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// The diary file (`CRAMPLOG_DB`).
    pub fn db(&self) -> PathBuf {
        self.dir.path().join("diary.sqlite3")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Sets the test environment on any command: a temporary diary, no colour, a pinned day.
    pub fn apply(&self, cmd: &mut std::process::Command) {
        cmd.env("CRAMPLOG_DB", self.db())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env("NO_COLOR", "1")
            .env("CRAMPLOG_TODAY", TODAY)
            .env("TZ", "UTC")
            .env_remove("RUST_BACKTRACE");
    }

    /// `cramplog` with the test environment.
    pub fn cramplog(&self) -> assert_cmd::Command {
        let mut std_cmd = std::process::Command::new(bin());
        self.apply(&mut std_cmd);
        assert_cmd::Command::from_std(std_cmd)
    }

    /// Runs `cramplog ARGS` and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cramplog().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "cramplog {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs `cramplog ARGS`, asserts exit code `code` and returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cramplog().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "cramplog {args:?}: stdout {} stderr {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

/// The built binary.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_cramplog"))
}

/// The file's bytes, or `None` when it does not exist.
pub fn bytes(p: &Path) -> Option<Vec<u8>> {
    std::fs::read(p).ok()
}

#[test]
fn without_a_terminal_log_points_at_the_flags() {
    let env = Env::new();
    let mut cmd = std::process::Command::new(bin());
    env.apply(&mut cmd);
    let out = cmd
        .arg("log")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--none") && err.contains("-e"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!env.db().exists());
}

#[test]
fn urgent_advice_stands_out_in_colour_and_reads_the_same_without() {
    let env = Env::new();
    env.ok(&["log", "--none", "-s", "calf_tender_warm_red:left"]);
    let plain = env.ok(&["show", "--color", "never"]);
    let coloured = env.ok(&["show", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    assert!(!plain.contains('\u{1b}'));
    let stripped = coloured
        .split('\u{1b}')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or("", |(_, rest)| rest)
            }
        })
        .collect::<String>();
    assert_eq!(stripped, plain);
    assert!(
        plain.contains("!! URGENT - GET MEDICAL HELP TODAY"),
        "{plain}"
    );
}
