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
/// night) were all without (`docs/design.md` section 5).
///
/// A start needs no stretched night in the 14 calendar nights before it. Walking the partial
/// index of stretched nights backwards from `to`, when the 14 nights before a stretched night
/// `s` hold stretched nights, none of the stretched nights from the earliest of them `m` up to
/// `s` can be a start either (each has `m` within its own 14), so the walk jumps to `m`: a
/// diary that stretches most nights is crossed about 14 nights a step, not one (a report of a
/// long diary stays near the cost of a short one, section 8).
pub fn nightly_stretching_start(
    tx: &Transaction<'_>,
    to: NaiveDate,
) -> Result<Option<StretchingRun>> {
    let gap = chrono::Duration::days(i64::from(RUN_AFTER_WITHOUT));
    let mut at = date_query(
        tx,
        "SELECT max(night) FROM nights WHERE stretched = 1 AND night <= ?1",
        Some(to),
    )?;
    let mut earliest_in = tx.prepare_cached(
        "SELECT min(night) FROM nights WHERE stretched = 1 AND night >= ?1 AND night < ?2",
    )?;
    while let Some(s) = at {
        let m: Option<String> = earliest_in
            .query_row([iso(s - gap), iso(s)], |r| r.get(0))
            .context("reading the diary's history")?;
        if let Some(m) = m {
            at = Some(parse_date(&m)?);
            continue;
        }
        // No stretched night in the 14 before `s`: a run begins at `s` after a gap.
        let prev = date_query(
            tx,
            "SELECT max(night) FROM nights WHERE stretched = 1 AND night < ?1",
            Some(s),
        )?;
        if run_reaches(tx, s, to)? && logged_between(tx, prev, s)? >= RUN_AFTER_WITHOUT {
            return Ok(Some(StretchingRun {
                start: s,
                counted_from: fourteenth_before(tx, s)?,
            }));
        }
        at = prev;
    }
    Ok(None)
}

/// Whether the [`RUN_NIGHTS`] calendar nights from `start` (up to `to`) are all logged with
/// `stretched`.
fn run_reaches(tx: &Transaction<'_>, start: NaiveDate, to: NaiveDate) -> Result<bool> {
    let last = (start + chrono::Duration::days(RUN_NIGHTS as i64 - 1)).min(to);
    let n: i64 = tx
        .prepare_cached(
            "SELECT count(*) FROM nights WHERE stretched = 1 AND night >= ?1 AND night <= ?2",
        )?
        .query_row([start.to_string(), last.to_string()], |r| r.get(0))?;
    Ok(n >= RUN_NIGHTS as i64)
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
    // The stored form, read without the general parser (the walk reads a date a step).
    if let Some(d) = super::nights::iso_date(s.as_bytes()) {
        return Ok(d);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("unexpected date '{s}' in the diary"))
}

/// A date in the stored form (`YYYY-MM-DD`) without the general formatter.
fn iso(d: NaiveDate) -> String {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return d.to_string();
    }
    let mut out = String::with_capacity(10);
    for (v, width) in [(y as u32, 4), (m, 2), (day, 2)] {
        if !out.is_empty() {
            out.push('-');
        }
        for k in (0..width).rev() {
            out.push(char::from(b'0' + (v / 10u32.pow(k) % 10) as u8));
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Night;

    /// The walk one stretched night at a time (before the jumps): the reference.
    fn one_at_a_time(tx: &Transaction<'_>, to: NaiveDate) -> Result<Option<StretchingRun>> {
        let mut stmt = tx.prepare_cached(
            "SELECT night FROM nights WHERE stretched = 1 AND night <= ?1 ORDER BY night DESC",
        )?;
        let mut rows = stmt.query([to.to_string()])?;
        let mut run: Option<(NaiveDate, usize)> = None;
        loop {
            let prev = match rows.next()? {
                Some(row) => Some(parse_date(row.get_ref(0)?.as_str()?)?),
                None => None,
            };
            match (run, prev) {
                (Some((start, len)), Some(p)) if p + chrono::Duration::days(1) == start => {
                    run = Some((p, len + 1));
                    continue;
                }
                (Some((start, len)), _) => {
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

    #[test]
    fn dates_read_and_write_in_the_stored_form() {
        for s in ["2026-02-28", "0001-01-01", "9999-12-31", "2024-02-29"] {
            let d = parse_date(s).unwrap();
            assert_eq!(d.to_string(), s);
            assert_eq!(iso(d), s);
        }
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("20x6-02-03").is_err());
    }

    #[test]
    fn jumping_finds_the_start_walking_one_night_at_a_time_finds() {
        let mut seed: u64 = 11;
        let mut rand = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        let day0: NaiveDate = "2020-01-01".parse().unwrap();
        let mut found = 0;
        for diary in 0..24 {
            // Stretches of a few weeks: stretching most nights, in runs, not at all, or
            // not answered; some nights not logged.
            let mut nights = Vec::new();
            let mut day = 0i64;
            while day < 900 {
                let kind = rand(4);
                let len = 5 + rand(40) as i64;
                for k in 0..len {
                    if rand(100) < 4 + diary {
                        continue;
                    }
                    let mut n = Night::new(day0 + chrono::Duration::days(day + k));
                    n.stretched = match kind {
                        0 => Some(rand(2) == 0),
                        1 => Some(k < 12),
                        2 => Some(false),
                        _ => None,
                    };
                    nights.push(n);
                }
                day += len;
            }
            let mut store = crate::store::Store::open_in_memory().unwrap();
            store
                .write(|tx| {
                    nights
                        .iter()
                        .try_for_each(|n| crate::store::insert_night(tx, n))
                })
                .unwrap();
            for to in (0..900).step_by(37) {
                let to = day0 + chrono::Duration::days(to);
                let (a, b) = store
                    .read(|tx| Ok((nightly_stretching_start(tx, to)?, one_at_a_time(tx, to)?)))
                    .unwrap();
                assert_eq!(a, b, "diary {diary}, to {to}");
                found += usize::from(a.is_some());
            }
        }
        assert!(found > 20, "too few starts to compare: {found}");
    }
}
