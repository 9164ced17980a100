//! Row mapping for the diary's context: profile entries, medications, events and file facts.

use anyhow::{Context, Result};
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, params};

use crate::model::{Event, Medication};
use crate::profile::Profile;

/// Facts about the diary file itself.
pub struct Meta;

impl Meta {
    /// Marks the file as a demo diary, so real diaries are never filled with demo data.
    pub const DEMO: &'static str = "demo";

    pub fn get(tx: &Transaction<'_>, key: &str) -> Result<Option<String>> {
        Ok(tx
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn set(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
        tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute([key, value])?;
        Ok(())
    }
}

/// The profile: its rows (key, canonical text) typed by `profile.rs`.
pub fn load_profile(tx: &Transaction<'_>) -> Result<Profile> {
    let mut stmt = tx.prepare_cached("SELECT key, value FROM profile ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let rows: Vec<(String, String)> = rows
        .collect::<rusqlite::Result<_>>()
        .context("reading the profile")?;
    Profile::from_stored(rows)
}

pub fn set_profile(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.prepare_cached("INSERT OR REPLACE INTO profile (key, value) VALUES (?1, ?2)")?
        .execute([key, value])?;
    Ok(())
}

/// Removes a profile entry; returns whether it was there.
pub fn unset_profile(tx: &Transaction<'_>, key: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM profile WHERE key = ?1")?
        .execute([key])?
        > 0)
}

pub fn load_medications(tx: &Transaction<'_>) -> Result<Vec<Medication>> {
    let mut stmt = tx.prepare_cached(
        "SELECT name, class, start, stop, dose FROM medications ORDER BY start, name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut meds = Vec::new();
    for row in rows {
        let (name, class, start, stop, dose) = row.context("reading medications")?;
        meds.push(Medication {
            class: class
                .parse()
                .with_context(|| format!("medication '{name}' in the diary"))?,
            start: date(&start)?,
            stop: stop.as_deref().map(date).transpose()?,
            name,
            dose,
        });
    }
    Ok(meds)
}

pub fn insert_medication(tx: &Transaction<'_>, m: &Medication) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO medications (name, class, start, stop, dose) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        m.name,
        m.class.id(),
        m.start.to_string(),
        m.stop.map(|d| d.to_string()),
        m.dose
    ])
    .with_context(|| format!("saving medication '{}'", m.name))?;
    Ok(())
}

/// Sets the stop date of the medication `name` that is still running; returns how many
/// rows changed (0 when no such running medication).
pub fn stop_medication(tx: &Transaction<'_>, name: &str, stop: NaiveDate) -> Result<usize> {
    Ok(tx
        .prepare_cached(
            "UPDATE medications SET stop = ?2 WHERE name = ?1 COLLATE NOCASE AND stop IS NULL",
        )?
        .execute(params![name, stop.to_string()])?)
}

pub fn load_events(tx: &Transaction<'_>) -> Result<Vec<Event>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, date, kind, label, side, result FROM events ORDER BY date, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut events = Vec::new();
    for row in rows {
        let (id, d, kind, label, side, result) = row.context("reading events")?;
        events.push(Event {
            id,
            date: date(&d)?,
            kind: kind.parse()?,
            label,
            side: side.as_deref().map(str::parse).transpose()?,
            result: result.as_deref().map(str::parse).transpose()?,
        });
    }
    Ok(events)
}

/// Updates the medication with the same name (any case) and start: its stop and dose.
pub fn update_medication(tx: &Transaction<'_>, m: &Medication) -> Result<()> {
    tx.prepare_cached(
        "UPDATE medications SET name = ?1, class = ?2, stop = ?4, dose = ?5
         WHERE name = ?1 COLLATE NOCASE AND start = ?3",
    )?
    .execute(params![
        m.name,
        m.class.id(),
        m.start.to_string(),
        m.stop.map(|d| d.to_string()),
        m.dose
    ])?;
    Ok(())
}

/// Inserts an event and returns its id.
pub fn insert_event(tx: &Transaction<'_>, e: &Event) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO events (date, kind, label, side, result) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        e.date.to_string(),
        e.kind.id(),
        e.label,
        e.side.map(|s| s.id()),
        e.result.map(|r| r.id())
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Sets the side and the result of event `id` (an import that brings them).
pub fn set_event_details(tx: &Transaction<'_>, id: i64, e: &Event) -> Result<()> {
    tx.prepare_cached("UPDATE events SET side = ?2, result = ?3 WHERE id = ?1")?
        .execute(params![
            id,
            e.side.map(|s| s.id()),
            e.result.map(|r| r.id())
        ])?;
    Ok(())
}

/// Deletes an event by id; returns whether it existed.
pub fn delete_event(tx: &Transaction<'_>, id: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached("DELETE FROM events WHERE id = ?1")?
        .execute([id])?
        > 0)
}

/// Removes every night (with its episodes and symptoms), profile entry, medication and
/// event, keeping the file's own facts (`meta`). The demo rebuilds its diary with it.
pub fn clear_diary(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM symptoms; DELETE FROM episodes; DELETE FROM nights;
         DELETE FROM profile; DELETE FROM medications; DELETE FROM events;
         DELETE FROM trial_pairs; DELETE FROM trials; DELETE FROM questions;",
    )
    .context("clearing the demo diary")
}

pub(super) fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("unexpected date '{s}' in the diary"))
}
