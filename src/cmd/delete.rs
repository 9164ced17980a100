//! `cramplog delete`: remove a night's entry, after asking in a terminal.

use std::io::{BufRead, IsTerminal};

use anyhow::Result;

use super::{Ctx, night_arg};
use crate::cli::DeleteArgs;
use crate::error::{Cancelled, UsageError};
use crate::store::{self, Access};
use crate::view;

pub fn run(args: &DeleteArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let date = night_arg(&args.night, ctx.today)?;
    let mut store = ctx.store(Access::Existing)?;
    let Some(night) = store.read(|tx| store::load_night(tx, date))? else {
        return Err(UsageError::new(format!(
            "the night of {date} is not logged, so there is nothing to delete"
        ))
        .into());
    };
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(UsageError::new(format!(
                "deleting the night of {date} needs confirmation; add --yes to delete it without asking"
            ))
            .into());
        }
        write!(
            ctx.err,
            "Delete {}? This cannot be undone. [y/N] ",
            view::summary_line(&night)
        )?;
        ctx.err.flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        if crate::parse::yes_no(&line) != Some(true) {
            return Err(Cancelled(format!("kept the night of {date}; nothing was deleted")).into());
        }
    }
    store.write(|tx| store::delete_night(tx, date))?;
    writeln!(ctx.out, "Deleted the night of {date}.")?;
    Ok(())
}
