//! `cramplog completions SHELL`: generated from the same clap definitions as the parser.
//! The script is rendered into memory first and written once, so a closed pipe
//! (`cramplog completions bash | head -1`) is an ordinary write error that exits 0.

use anyhow::Result;
use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    ctx.out.write_all(&completions(args.shell))?;
    ctx.out.flush()?;
    Ok(())
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cramplog", &mut buf);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_cramplog() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::Elvish,
            clap_complete::Shell::PowerShell,
        ] {
            let script = String::from_utf8(completions(shell)).unwrap();
            assert!(script.contains("cramplog"), "{shell}");
        }
    }
}
