//! Integration tests for the guided entry (in a real pseudo-terminal), the profile,
//! medicines and events, the demo diary, and completions / man page.

// Test helpers may panic: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

#[cfg(unix)]
mod pty;

mod completions;
mod context;
mod demo;

pub use crate::harness::{Env, bin, bytes};

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
