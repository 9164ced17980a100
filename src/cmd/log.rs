//! `cramplog log`: record one night.

use std::io::IsTerminal;

use anyhow::Result;

use super::{Ctx, night_arg, not_future};
use crate::cli::LogArgs;
use crate::error::UsageError;
use crate::model::Night;
use crate::store::{self, Access};
use crate::{entry, view};

pub fn run(args: &LogArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    if entry::is_empty(&args.entry) {
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            return guided(args, ctx);
        }
        return Err(UsageError::new(
            "no entry given and no terminal to ask in; log a quiet night with --none or cramps with -e \"left calf 2m 7\" (see: cramplog log --help)",
        )
        .into());
    }
    let date = night_arg(&args.night, ctx.today)?;
    not_future(date, ctx.today)?;
    let mut night = Night::new(date);
    entry::apply(&args.entry, &mut night)?;
    if night.episodes.is_empty() && !args.entry.none {
        return Err(UsageError::new(format!(
            "the night of {date} has no cramps listed; add --none for a night without cramps, or -e \"left calf 2m 7\" for each cramp"
        ))
        .into());
    }
    night.entered_at = Some(crate::clock::now(ctx.today));
    night
        .validate()
        .map_err(|e| UsageError::new(e.to_string()))?;
    save(night, args.replace, args.json, ctx)
}

/// Asks step by step in the terminal, then saves the confirmed night.
fn guided(args: &LogArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let night = if args.night.is_empty() {
        None
    } else {
        let d = night_arg(&args.night, ctx.today)?;
        not_future(d, ctx.today)?;
        Some(d)
    };
    let setup = crate::guided::Setup {
        today: ctx.today,
        color: ctx.color,
        night,
        replace: args.replace,
        width: crate::terminal::width(),
    };
    let diary = crate::paths::diary(ctx.db_flag.as_ref())?;
    let outcome = crate::guided::run(&setup, &diary, &mut *ctx.out)?;
    save(outcome.night, outcome.replace, args.json, ctx)
}

/// Stores a validated night (refusing to overwrite unless `replace`), then prints urgent
/// advice first and a one-line confirmation, for options and the guided entry alike.
fn save(night: Night, replace: bool, json: bool, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Create)?;
    let date = night.night;
    let trial = store.write(|tx| {
        if store::night_exists(tx, date)? {
            if !replace {
                return Err(UsageError::new(format!(
                    "the night of {date} is already logged; add --replace to overwrite it, or change fields with 'cramplog edit {date}'"
                ))
                .into());
            }
            store::delete_night(tx, date)?;
        }
        store::insert_night(tx, &night)?;
        crate::trial::covering(&store::load_trials(tx)?, date)
    })?;
    view::write_red_flag_advice(ctx.err, &night, ctx.color)?;
    if json {
        serde_json::to_writer_pretty(&mut *ctx.out, &night)?;
        writeln!(ctx.out)?;
    } else {
        view::write_wrapped(ctx.out, &format!("Saved {}", view::summary_line(&night)))?;
    }
    if let Some(trial) = trial {
        let w: &mut dyn std::io::Write = if json { ctx.err } else { ctx.out };
        view::write_wrapped(w, &crate::trial::words::logged_line(&trial, &night))?;
        let next = crate::trial::words::today_line(&trial, ctx.today)
            .or_else(|| crate::trial::words::ended_line(&trial, date));
        if let Some(line) = next {
            view::write_wrapped(w, &line)?;
        }
    }
    Ok(())
}
