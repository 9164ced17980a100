//! `cramplog man`: the manual page, generated from the same clap definitions as the parser,
//! rendered into memory and written once (a closed pipe exits 0).

use anyhow::Result;
use clap::CommandFactory;

use super::Ctx;
use crate::cli::{Cli, ManArgs};

pub fn run(_args: &ManArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    ctx.out.write_all(&man()?)?;
    ctx.out.flush()?;
    Ok(())
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
