//! Completion scripts and the man page, safe to pipe into `head`.

use std::process::Command;

use super::{Env, bin};

fn bash(script: &str) -> std::process::Output {
    let env = Env::new();
    let mut cmd = Command::new("bash");
    cmd.args(["-c", script, "bash", bin().to_str().unwrap()]);
    env.apply(&mut cmd);
    cmd.output().unwrap()
}

#[test]
fn the_bash_completion_script_can_be_sourced() {
    let out = bash(r#"set -e; source <("$1" completions bash); complete -p cramplog"#);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("cramplog"));
}

#[test]
fn piping_into_head_exits_zero() {
    for sub in [
        "completions bash",
        "completions zsh",
        "completions fish",
        "man",
    ] {
        let out = bash(&format!(
            r#"set -o pipefail; "$1" {sub} | head -1 >/dev/null"#
        ));
        assert!(
            out.status.success(),
            "{sub}: {} {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{sub}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn every_shell_and_the_man_page() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = env.ok(&["completions", shell]);
        assert!(out.contains("cramplog"), "{shell}");
    }
    assert!(env.fails(&["completions", "tcsh"], 2, "").contains("tcsh"));
    let man = env.ok(&["man"]);
    assert!(man.contains(".TH cramplog 1"), "{}", &man[..200]);
    assert!(man.contains("cramplog\\-log"));
}
