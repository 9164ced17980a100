//! `cramplog list`: a table of nights that marks the missing ones.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use crate::cli::ListArgs;
use crate::model::Night;
use crate::model::Period;
use crate::period;
use crate::store::{self, Access, NightRange};
use crate::view;

#[derive(Serialize)]
struct Listing<'a> {
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    nights_in_period: i64,
    logged: usize,
    missing: Vec<chrono::NaiveDate>,
    nights: &'a [Night],
}

pub fn run(args: &ListArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    let nights = store.read(|tx| {
        // The default, like the report's, never starts before the first logged night
        // (docs/design.md section 12): a week-old diary lists a week, not 21 "missing".
        let first = store::first_night(tx)?;
        let p = period::resolve(&args.period, ctx.today, 28, first)?;
        let nights = store::load_nights(
            tx,
            NightRange {
                from: Some(p.from),
                to: Some(p.to.max(if args.period.all { ctx.today } else { p.to })),
            },
        )?;
        Ok((p, nights))
    });
    let (mut p, nights): (Period, Vec<Night>) = nights?;
    if let Some(last) = nights.last() {
        p.to = p.to.max(last.night);
    }
    let missing: Vec<_> = p
        .days()
        .filter(|d| nights.binary_search_by_key(d, |n| n.night).is_err())
        .collect();
    if args.json {
        let listing = Listing {
            from: p.from,
            to: p.to,
            nights_in_period: p.nights(),
            logged: nights.len(),
            missing,
            nights: &nights,
        };
        serde_json::to_writer_pretty(&mut *ctx.out, &listing)?;
        writeln!(ctx.out)?;
        return Ok(());
    }
    view::write_list(ctx.out, p, &nights, ctx.today, crate::terminal::width())
}
