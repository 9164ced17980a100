//! Whether the diary can be read the way the program reads it: every row through the same
//! decoding and validation as every command, so `check` never calls a diary healthy that
//! `list` cannot read, and no write goes into a diary `check` would call damaged.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use rusqlite::{Row, Transaction};
use serde::Serialize;

use super::nights::{
    EPISODE_SELECT, SYMPTOM_SELECT, episode_from_row, night_from_row, night_select,
    symptom_from_row,
};
use crate::model::Night;

/// The tables of the schema; a diary missing one is damaged.
pub const TABLES: &[&str] = &[
    "nights",
    "episodes",
    "symptoms",
    "profile",
    "medications",
    "events",
    "meta",
];

/// One stored value the program refuses, located by night (or row) and field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    pub table: String,
    /// The night as stored (it may itself be the bad value), or empty for a missing table.
    pub night: String,
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.night.is_empty() {
            write!(f, "table {}: {}", self.table, self.problem)
        } else {
            let what = match self.table.as_str() {
                "nights" => "",
                "episodes" => " (a cramp episode)",
                _ => " (a symptom)",
            };
            let night = crate::text::visible(&self.night);
            write!(
                f,
                "the night of {night}{what}, {}: {}",
                self.field,
                crate::text::visible(&self.problem)
            )
        }
    }
}

/// Every problem the program's own reading of the diary meets: missing tables, rows whose
/// values do not decode (`bed_time '29:59'`, `night '2026-19-39'`), and nights that decode
/// but fail [`Night::validate`].
pub fn row_problems(tx: &Transaction<'_>) -> Result<Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut present = Vec::new();
    for table in TABLES {
        let exists: i64 = tx.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if exists == 0 {
            problems.push(RowProblem {
                table: table.to_string(),
                night: String::new(),
                field: String::new(),
                problem: "the table is missing, so its entries cannot be read".into(),
            });
        } else {
            present.push(*table);
        }
    }
    let has = |t: &str| present.contains(&t);
    let mut nights: BTreeMap<String, Night> = BTreeMap::new();
    if has("nights") {
        let select = night_select();
        let columns: Vec<&str> = select.split(", ").collect();
        each_row(
            tx,
            &format!("SELECT {select} FROM nights"),
            "nights",
            &columns,
            &mut problems,
            |key, r| {
                let n = night_from_row(r)?;
                nights.insert(key, n);
                Ok(())
            },
        )?;
    }
    let columns: Vec<&str> = EPISODE_SELECT.split(", ").collect();
    if has("episodes") {
        each_row(
            tx,
            &format!("SELECT {EPISODE_SELECT} FROM episodes ORDER BY night, seq"),
            "episodes",
            &columns,
            &mut problems,
            |key, r| {
                let (_, e) = episode_from_row(r)?;
                if let Some(n) = nights.get_mut(&key) {
                    n.episodes.push(e);
                }
                Ok(())
            },
        )?;
    }
    let columns: Vec<&str> = SYMPTOM_SELECT.split(", ").collect();
    if has("symptoms") {
        each_row(
            tx,
            &format!("SELECT {SYMPTOM_SELECT} FROM symptoms ORDER BY night, rowid"),
            "symptoms",
            &columns,
            &mut problems,
            |key, r| {
                let (_, s) = symptom_from_row(r)?;
                if let Some(n) = nights.get_mut(&key) {
                    n.symptoms.get_or_insert_with(Vec::new).push(s);
                }
                Ok(())
            },
        )?;
    }
    for (key, n) in &nights {
        if let Err(e) = n.validate() {
            let text = e.to_string();
            let (field, problem) = text.split_once(": ").unwrap_or(("", text.as_str()));
            problems.push(RowProblem {
                table: "nights".into(),
                night: key.clone(),
                field: field.to_string(),
                problem: problem.to_string(),
            });
        }
    }
    Ok(problems)
}

/// Runs `decode` on every row of `sql`, one at a time, recording the field of each row that
/// does not decode instead of stopping at it. Column 0 is the night.
fn each_row(
    tx: &Transaction<'_>,
    sql: &str,
    table: &str,
    columns: &[&str],
    problems: &mut Vec<RowProblem>,
    mut decode: impl FnMut(String, &Row<'_>) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = tx.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let key = match r.get_ref(0)? {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            other => format!("{other:?}"),
        };
        if let Err(e) = decode(key.clone(), r) {
            let (index, why) = match &e {
                rusqlite::Error::FromSqlConversionFailure(i, _, why) => (Some(*i), why.to_string()),
                rusqlite::Error::InvalidColumnType(i, _, t) => {
                    (Some(*i), format!("holds a value of the wrong kind ({t})"))
                }
                rusqlite::Error::IntegralValueOutOfRange(i, v) => {
                    (Some(*i), format!("{v} is out of range"))
                }
                other => (None, other.to_string()),
            };
            let field = index
                .and_then(|i| columns.get(i))
                .map_or_else(String::new, |c| c.to_string());
            let problem = why
                .strip_prefix(&format!("{field}: "))
                .map_or(why.clone(), str::to_string);
            problems.push(RowProblem {
                table: table.to_string(),
                night: key,
                field,
                problem,
            });
        }
    }
    Ok(())
}

/// Bytes 24..28 of an SQLite file: the change counter, which every committed write
/// transaction in rollback-journal mode increases by one. Read through a descriptor the
/// store keeps open (never opened and closed here: that would drop SQLite's locks).
fn change_counter(file: Option<&std::fs::File>) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let mut b = [0u8; 4];
        file?.read_exact_at(&mut b, 24).ok()?;
        Some(u32::from_be_bytes(b))
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

/// The `meta` key holding the change counter the diary will have after the last write that
/// found it sound: when it still matches, nothing else has written since, and the full
/// reading is skipped (so `log` stays as fast as the sqlite3 shell's insert).
const SOUND_AT: &str = "sound_at_change";

/// Inside a write transaction (the write lock held): refuses to go on when the diary is
/// damaged, naming the first problems and pointing at `check`; else records that it is
/// sound as of this write.
pub fn ensure_sound(
    tx: &Transaction<'_>,
    path: &Path,
    header: Option<&std::fs::File>,
) -> Result<()> {
    let counter = change_counter(header);
    if let Some(c) = counter
        && super::Meta::get(tx, SOUND_AT)?.is_some_and(|v| v == c.to_string())
    {
        return super::Meta::set(tx, SOUND_AT, &c.wrapping_add(1).to_string());
    }
    let mut problems: Vec<String> = row_problems(tx)?.iter().map(|p| p.to_string()).collect();
    if problems.is_empty() {
        let mut stmt = tx.prepare("PRAGMA quick_check(20)")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            problems.push(format!(
                "{broken} cramp episodes or symptoms belong to no logged night"
            ));
        }
    }
    if !problems.is_empty() {
        anyhow::bail!(
            "the diary {} is damaged ({}{}); nothing was saved; run 'cramplog check' to see every problem and what to do",
            path.display(),
            problems[..problems.len().min(2)].join("; "),
            match problems.len() {
                0..=2 => String::new(),
                n => format!("; and {} more", n - 2),
            }
        );
    }
    match counter {
        Some(c) => super::Meta::set(tx, SOUND_AT, &c.wrapping_add(1).to_string()),
        None => Ok(()),
    }
}
