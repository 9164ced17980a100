//! Row mapping for randomised self-experiments (`trials` and `trial_pairs`).

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use crate::trial::Trial;

/// Every trial, oldest first, with its pairs' drawn order.
pub fn load_trials(tx: &Transaction<'_>) -> Result<Vec<Trial>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, kind, start, pairs, nights, washout, stopped FROM trials ORDER BY start, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u32>(3)?,
            r.get::<_, u32>(4)?,
            r.get::<_, u32>(5)?,
            r.get::<_, Option<String>>(6)?,
        ))
    })?;
    let mut trials = Vec::new();
    for row in rows {
        let (id, kind, start, pairs, nights, washout, stopped) = row.context("reading trials")?;
        trials.push(Trial {
            id,
            kind: kind.parse()?,
            start: date(&start)?,
            pairs,
            nights,
            washout,
            order: Vec::new(),
            stopped: stopped.as_deref().map(date).transpose()?,
        });
    }
    let mut stmt =
        tx.prepare_cached("SELECT pair_order FROM trial_pairs WHERE trial = ?1 ORDER BY pair")?;
    for trial in &mut trials {
        let orders = stmt.query_map([trial.id], |r| r.get::<_, String>(0))?;
        for order in orders {
            trial
                .order
                .push(order.context("reading a trial's pairs")?.parse()?);
        }
        if trial.order.len() != trial.pairs as usize {
            anyhow::bail!(
                "the trial that starts on {} has {} of its {} pairs in the diary; the file may be damaged (see: cramplog check)",
                trial.start,
                trial.order.len(),
                trial.pairs
            );
        }
    }
    Ok(trials)
}

/// Stores a trial with its pairs and returns its id.
pub fn insert_trial(tx: &Transaction<'_>, t: &Trial) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO trials (kind, start, pairs, nights, washout, stopped)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        t.kind.id(),
        t.start.to_string(),
        t.pairs,
        t.nights,
        t.washout,
        t.stopped.map(|d| d.to_string())
    ])?;
    let id = tx.last_insert_rowid();
    let mut stmt =
        tx.prepare_cached("INSERT INTO trial_pairs (trial, pair, pair_order) VALUES (?1, ?2, ?3)")?;
    for (pair, order) in (0i64..).zip(&t.order) {
        stmt.execute(params![id, pair, order.id()])?;
    }
    Ok(id)
}

/// Ends a trial early on `last` (inclusive).
pub fn stop_trial(tx: &Transaction<'_>, id: i64, last: NaiveDate) -> Result<()> {
    tx.prepare_cached("UPDATE trials SET stopped = ?2 WHERE id = ?1")?
        .execute(params![id, last.to_string()])?;
    Ok(())
}

/// Sets (or clears) the last night of trial `id`, as an import file has it.
pub fn set_trial_stopped(tx: &Transaction<'_>, id: i64, stopped: Option<NaiveDate>) -> Result<()> {
    tx.prepare_cached("UPDATE trials SET stopped = ?2 WHERE id = ?1")?
        .execute(params![id, stopped.map(|d| d.to_string())])?;
    Ok(())
}

/// Removes a trial that never began.
pub fn delete_trial(tx: &Transaction<'_>, id: i64) -> Result<()> {
    tx.prepare_cached("DELETE FROM trials WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("unexpected date '{s}' in the diary's trials"))
}
