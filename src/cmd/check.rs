//! `cramplog check`: looks the diary file over for damage without changing it, and says in
//! plain words what it found: SQLite's `integrity_check` (the file's structure),
//! `foreign_key_check` (every cramp and symptom belongs to a logged night), the schema
//! version, and what the diary holds. Exit 1 when anything is damaged.

use anyhow::{Result, bail};
use rusqlite::Connection;
use serde::Serialize;

use super::Ctx;
use super::backup::{COUNTED, counts, describe, integrity_problems};
use crate::cli::JsonArg;
use crate::store::{Access, MIGRATIONS};

/// What `check` found; also its `--json` output.
#[derive(Debug, Serialize)]
struct Findings {
    diary: String,
    healthy: bool,
    schema_version: i64,
    schema_latest: i64,
    /// Lines of `PRAGMA integrity_check` other than "ok".
    integrity_problems: Vec<String>,
    foreign_key_problems: Vec<ForeignKeyProblem>,
    /// Rows per table, when they could be counted.
    counts: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Serialize)]
struct ForeignKeyProblem {
    table: String,
    rowid: Option<i64>,
    parent: String,
}

pub fn run(args: &JsonArg, ctx: &mut Ctx<'_>) -> Result<()> {
    let store = ctx.store(Access::Existing)?;
    let conn = store.connection();
    let findings = inspect(conn, &store.path().display().to_string())?;
    if args.json {
        serde_json::to_writer_pretty(&mut *ctx.out, &findings)?;
        writeln!(ctx.out)?;
    } else {
        write_text(ctx, &findings)?;
    }
    if !findings.healthy {
        ctx.out.flush()?;
        bail!(
            "the diary at {} is damaged ({} integrity problems, {} broken links); keep a copy of the file as it is and restore your latest backup",
            findings.diary,
            findings.integrity_problems.len(),
            findings.foreign_key_problems.len()
        );
    }
    Ok(())
}

fn inspect(conn: &Connection, diary: &str) -> Result<Findings> {
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let integrity = integrity_problems(conn)?;
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk = stmt
        .query_map([], |r| {
            Ok(ForeignKeyProblem {
                table: r.get(0)?,
                rowid: r.get(1)?,
                parent: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let counts = counts(conn).ok().map(|c| {
        COUNTED
            .iter()
            .zip(c)
            .map(|((t, _, _), n)| (t.to_string(), n.into()))
            .collect()
    });
    Ok(Findings {
        diary: diary.to_string(),
        healthy: integrity.is_empty() && fk.is_empty(),
        schema_version,
        schema_latest: MIGRATIONS.len() as i64,
        integrity_problems: integrity,
        foreign_key_problems: fk,
        counts,
    })
}

/// How many problems of each kind the text output lists.
const SHOWN: usize = 10;

fn write_text(ctx: &mut Ctx<'_>, f: &Findings) -> Result<()> {
    let out = &mut *ctx.out;
    writeln!(out, "Diary: {}", f.diary)?;
    if f.schema_version == f.schema_latest {
        writeln!(out, "Schema: version {}, up to date.", f.schema_version)?;
    } else {
        writeln!(
            out,
            "Schema: version {} (this cramplog uses {}); it is upgraded by the next command that saves something.",
            f.schema_version, f.schema_latest
        )?;
    }
    if f.integrity_problems.is_empty() {
        writeln!(
            out,
            "File structure (integrity check): ok, no damage found."
        )?;
    } else {
        writeln!(
            out,
            "File structure (integrity check): DAMAGED, {} problem(s):",
            f.integrity_problems.len()
        )?;
        for p in f.integrity_problems.iter().take(SHOWN) {
            writeln!(out, "  - {p}")?;
        }
        if f.integrity_problems.len() > SHOWN {
            writeln!(
                out,
                "  … and {} more (cramplog check --json lists them all)",
                f.integrity_problems.len() - SHOWN
            )?;
        }
    }
    if f.foreign_key_problems.is_empty() {
        writeln!(
            out,
            "Links (foreign key check): ok, every cramp episode and symptom belongs to a logged night."
        )?;
    } else {
        writeln!(
            out,
            "Links (foreign key check): DAMAGED, {} row(s) point to something missing:",
            f.foreign_key_problems.len()
        )?;
        for p in f.foreign_key_problems.iter().take(SHOWN) {
            let row = p.rowid.map(|r| format!(" row {r}")).unwrap_or_default();
            writeln!(
                out,
                "  - {}{row} belongs to a {} entry that is not in the diary",
                p.table,
                p.parent.trim_end_matches('s')
            )?;
        }
        if f.foreign_key_problems.len() > SHOWN {
            writeln!(
                out,
                "  … and {} more (cramplog check --json lists them all)",
                f.foreign_key_problems.len() - SHOWN
            )?;
        }
    }
    match &f.counts {
        Some(c) => {
            let numbers: Vec<i64> = COUNTED
                .iter()
                .map(|(t, _, _)| c.get(*t).and_then(serde_json::Value::as_i64).unwrap_or(0))
                .collect();
            writeln!(out, "Contents: {}.", describe(&numbers))?;
        }
        None => writeln!(out, "Contents: could not be counted.")?,
    }
    if f.healthy {
        writeln!(out, "The diary is healthy.")?;
    } else {
        writeln!(
            out,
            "The diary is damaged. Before changing anything, copy the file as it is (with any -wal file beside it); then restore your most recent backup."
        )?;
    }
    Ok(())
}
