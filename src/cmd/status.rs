//! `cramplog status`: one line saying whether last night is logged, for a shell start-up
//! file (docs/design.md section 13). It never creates a diary and never writes.

use anyhow::Result;

use super::Ctx;
use crate::cli::StatusArgs;
use crate::error::QuietNo;
use crate::store::{self, Access};

pub fn run(args: &StatusArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let last = ctx.today - chrono::Duration::days(1);
    let path = crate::paths::diary(ctx.db_flag.as_ref())?;
    let logged = if path.exists() {
        let mut store = ctx.store(Access::Existing)?;
        store.read(|tx| store::night_exists(tx, last))?
    } else {
        false
    };
    if args.quiet {
        return if logged { Ok(()) } else { Err(QuietNo.into()) };
    }
    let day = crate::view::day(last);
    if logged {
        writeln!(ctx.out, "cramplog: last night ({day}) is logged.")?;
    } else if path.exists() {
        writeln!(
            ctx.out,
            "cramplog: last night ({day}) is not logged yet; log it with: cramplog log"
        )?;
    } else {
        writeln!(
            ctx.out,
            "cramplog: no diary yet; log last night ({day}) with: cramplog log"
        )?;
    }
    Ok(())
}
