//! Questions about the whole diary that a report asks without loading it: the first logged
//! night, the logged night before a date, and where nightly stretching began. Each is an index
//! look-up (the primary key, or the partial index of stretched nights), so a report of 12 weeks
//! costs the same in a diary of one year or of a hundred.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction};

use crate::analysis::flags::self_care_nonresponse::{RUN_AFTER_WITHOUT, RUN_NIGHTS};
use crate::analysis::windows::StretchingRun;

/// The first night ever logged.
pub fn first_night(tx: &Transaction<'_>) -> Result<Option<NaiveDate>> {
    date_query(tx, "SELECT min(night) FROM nights", None)
}

/// The last logged night on or before `d`.
pub fn logged_on_or_before(tx: &Transaction<'_>, d: NaiveDate) -> Result<Option<NaiveDate>> {
    date_query(
        tx,
        "SELECT max(night) FROM nights WHERE night <= ?1",
        Some(d),
    )
}

/// The latest nightly stretching start on or before `to`: the first of ≥ 7 consecutive
/// nights logged with `stretched` whose previous 14 logged nights (back to the last stretched
/// night) were all without (`docs/design.md` section 5). Walks the partial index of stretched
/// nights backwards from `to` and stops at the first run that qualifies.
pub fn nightly_stretching_start(
    tx: &Transaction<'_>,
    to: NaiveDate,
) -> Result<Option<StretchingRun>> {
    let mut stmt = tx.prepare_cached(
        "SELECT night FROM nights WHERE stretched = 1 AND night <= ?1 ORDER BY night DESC",
    )?;
    let mut rows = stmt.query([to.to_string()])?;
    // The run being walked: its earliest night so far and its length.
    let mut run: Option<(NaiveDate, usize)> = None;
    loop {
        let prev = match rows.next().context("reading the diary's history")? {
            Some(row) => Some(parse_date(row.get_ref(0)?.as_str()?)?),
            None => None,
        };
        match (run, prev) {
            (Some((start, len)), Some(p)) if p + chrono::Duration::days(1) == start => {
                run = Some((p, len + 1));
                continue;
            }
            (Some((start, len)), _) => {
                // The run is complete; `prev` is the stretched night before it, if any.
                let gap_ok =
                    prev.is_none_or(|p| (start - p).num_days() > i64::from(RUN_AFTER_WITHOUT));
                if len >= RUN_NIGHTS
                    && gap_ok
                    && logged_between(tx, prev, start)? >= RUN_AFTER_WITHOUT
                {
                    return Ok(Some(StretchingRun {
                        start,
                        counted_from: fourteenth_before(tx, start)?,
                    }));
                }
            }
            (None, _) => {}
        }
        match prev {
            Some(p) => run = Some((p, 1)),
            None => return Ok(None),
        }
    }
}

/// Logged nights strictly between `after` (or the diary's start) and `before`, counted up to
/// [`RUN_AFTER_WITHOUT`].
fn logged_between(
    tx: &Transaction<'_>,
    after: Option<NaiveDate>,
    before: NaiveDate,
) -> Result<u32> {
    let after = after.map_or_else(String::new, |d| d.to_string());
    Ok(tx
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM nights WHERE night > ?1 AND night < ?2 LIMIT ?3)",
        )?
        .query_row(
            rusqlite::params![after, before.to_string(), RUN_AFTER_WITHOUT],
            |r| r.get(0),
        )?)
}

/// The [`RUN_AFTER_WITHOUT`]th logged night before `start` (from there a scan sees the nights
/// without).
fn fourteenth_before(tx: &Transaction<'_>, start: NaiveDate) -> Result<NaiveDate> {
    let night: Option<String> = tx
        .prepare_cached(
            "SELECT night FROM nights WHERE night < ?1 ORDER BY night DESC LIMIT 1 OFFSET ?2",
        )?
        .query_row(
            rusqlite::params![start.to_string(), RUN_AFTER_WITHOUT - 1],
            |r| r.get(0),
        )
        .optional()?;
    night.as_deref().map_or(Ok(start), parse_date)
}

fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("unexpected date '{s}' in the diary"))
}

fn date_query(
    tx: &Transaction<'_>,
    sql: &str,
    arg: Option<NaiveDate>,
) -> Result<Option<NaiveDate>> {
    let mut stmt = tx.prepare_cached(sql)?;
    let value: Option<Option<String>> = match arg {
        Some(d) => stmt.query_row([d.to_string()], |r| r.get(0)),
        None => stmt.query_row([], |r| r.get(0)),
    }
    .optional()
    .context("reading the diary's history")?;
    value.flatten().as_deref().map(parse_date).transpose()
}
