//! `cramplog completions SHELL` and `cramplog man`: generated from the same clap definitions
//! as the parser. Both are rendered into memory first and written once, so a closed pipe
//! (`cramplog completions bash | head -1`) is an ordinary write error that exits 0.

use anyhow::Result;
use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, Command};

pub fn run(command: &Command, ctx: &mut Ctx<'_>) -> Result<()> {
    let bytes = match command {
        Command::Completions(args) => completions(args.shell),
        Command::Man => man()?,
        _ => return Ok(()),
    };
    ctx.out.write_all(&bytes)?;
    ctx.out.flush()?;
    Ok(())
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cramplog", &mut buf);
    buf
}

/// The manual page (roff): the main page, then a section per subcommand.
pub fn man() -> Result<Vec<u8>> {
    let mut cmd = Cli::command();
    // Building gives each subcommand its display name, `cramplog-log`.
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let page = clap_mangen::Man::new(sub.clone());
        page.render_name_section(&mut buf)?;
        page.render_synopsis_section(&mut buf)?;
        page.render_description_section(&mut buf)?;
        page.render_options_section(&mut buf)?;
        page.render_subcommands_section(&mut buf)?;
    }
    Ok(buf)
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

    #[test]
    fn the_man_page_documents_the_subcommands() {
        let page = String::from_utf8(man().unwrap()).unwrap();
        assert!(
            page.starts_with(".ie") || page.contains(".TH cramplog"),
            "{page}"
        );
        assert!(page.contains("cramplog\\-log"), "{}", &page[..400]);
        assert!(page.contains("\\-\\-soreness"));
    }
}
