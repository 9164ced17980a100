//! `cramplog show`: one night in full.

use anyhow::Result;

use super::{Ctx, night_arg};
use crate::cli::ShowArgs;
use crate::error::UsageError;
use crate::store::{self, Access};
use crate::view;

pub fn run(args: &ShowArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let date = night_arg(&args.night, ctx.today)?;
    let mut store = ctx.store(Access::Existing)?;
    let Some(night) = store.read(|tx| store::load_night(tx, date))? else {
        return Err(UsageError::new(format!(
            "the night of {date} is not logged; log it with 'cramplog log {date}', or see logged nights with 'cramplog list'"
        ))
        .into());
    };
    if args.json {
        serde_json::to_writer_pretty(&mut *ctx.out, &night)?;
        writeln!(ctx.out)?;
    } else {
        view::write_red_flag_advice(ctx.out, &night, ctx.color)?;
        view::write_night(ctx.out, &night, crate::terminal::width())?;
    }
    Ok(())
}
