//! `cramplog edit`: change given fields of a logged night, episodes included.

use anyhow::Result;

use super::{Ctx, night_arg};
use crate::cli::EditArgs;
use crate::error::UsageError;
use crate::store::{self, Access};
use crate::{entry, parse, view};

pub fn run(args: &EditArgs, ctx: &mut Ctx<'_>) -> Result<()> {
    let date = night_arg(&args.night, ctx.today)?;
    // Parse everything before opening the diary, so a typo never touches it.
    let added = args
        .add_episode
        .iter()
        .map(|s| parse::episode(s))
        .collect::<Result<Vec<_>, _>>()?;
    let fixes = args
        .fix_episode
        .iter()
        .map(|s| {
            let (n, spec) = s.split_once('=').ok_or_else(|| {
                UsageError::new(format!(
                    "--fix-episode '{s}' needs N=SPEC, e.g. --fix-episode \"2=left calf 3m 6\""
                ))
            })?;
            let n: usize = n.trim().parse().map_err(|_| {
                UsageError::new(format!(
                    "--fix-episode '{s}': '{n}' is not a cramp number; see the numbers with 'cramplog show {date}'"
                ))
            })?;
            // Checked now, applied to the stored cramp below (only the given fields).
            parse::episode(spec)?;
            Ok((n, spec.to_string()))
        })
        .collect::<Result<Vec<_>>>()?;
    let nothing = entry::is_empty(&args.entry)
        && added.is_empty()
        && fixes.is_empty()
        && args.drop_episode.is_empty()
        && args.unset.is_empty();
    if nothing {
        return Err(UsageError::new(format!(
            "nothing to change for {date}; give the fields to correct, e.g. 'cramplog edit {date} --soreness 4' (see: cramplog edit --help)"
        ))
        .into());
    }
    let mut store = ctx.store(Access::Existing)?;
    let night = store.write(|tx| {
        let Some(mut night) = store::load_night(tx, date)? else {
            return Err(UsageError::new(format!(
                "the night of {date} is not logged, so there is nothing to edit; log it with 'cramplog log {date}'"
            ))
            .into());
        };
        entry::apply(&args.entry, &mut night)?;
        let count = night.episodes.len();
        for (n, e) in &fixes {
            let slot = n
                .checked_sub(1)
                .and_then(|i| night.episodes.get_mut(i))
                .ok_or_else(|| {
                    UsageError::new(format!(
                        "--fix-episode {n}: the night of {date} has {}; see them with 'cramplog show {date}'", cramps(count)
                    ))
                })?;
            parse::patch_episode(slot, e)?;
        }
        let mut drops = args.drop_episode.clone();
        drops.sort_unstable();
        drops.dedup();
        for n in drops.iter().rev() {
            if *n == 0 || *n > night.episodes.len() {
                return Err(UsageError::new(format!(
                    "--drop-episode {n}: the night of {date} has {}; see them with 'cramplog show {date}'", cramps(count)
                ))
                .into());
            }
            night.episodes.remove(n - 1);
        }
        night.episodes.extend(added.iter().cloned());
        for field in &args.unset {
            entry::unset(field, &mut night)?;
        }
        night.validate().map_err(|e| UsageError::new(e.to_string()))?;
        store::delete_night(tx, date)?;
        store::insert_night(tx, &night)?;
        Ok(night)
    })?;
    view::write_red_flag_advice(ctx.err, &night, ctx.color)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *ctx.out, &night)?;
        writeln!(ctx.out)?;
    } else {
        view::write_wrapped(ctx.out, &format!("Updated {}", view::summary_line(&night)))?;
    }
    Ok(())
}

/// "no cramps", "1 cramp", "3 cramps".
fn cramps(n: usize) -> String {
    match n {
        0 => "no cramps".into(),
        1 => "1 cramp".into(),
        n => format!("{n} cramps"),
    }
}
