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
use crate::output;
use crate::store::{self, Access, MIGRATIONS, RowProblem, Store};

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
    /// Values the program refuses when it reads them, by night and field.
    row_problems: Vec<RowProblem>,
    /// Leftover side files beside the diary that it does not use.
    stray_files: Vec<String>,
    /// Rows per table, when they could be counted.
    counts: Option<serde_json::Map<String, serde_json::Value>>,
    /// What the patient should do next, in one sentence.
    what_to_do: String,
}

#[derive(Debug, Serialize)]
struct ForeignKeyProblem {
    table: String,
    rowid: Option<i64>,
    parent: String,
}

pub fn run(args: &JsonArg, ctx: &mut Ctx<'_>) -> Result<()> {
    let mut store = ctx.store(Access::Existing)?;
    // A file too damaged to be read row by row is one finding, not a failure of `check`.
    let rows = store.read(store::row_problems).unwrap_or_else(|e| {
        vec![RowProblem {
            table: "entries".into(),
            night: String::new(),
            field: String::new(),
            problem: format!("they could not be read ({e:#})"),
        }]
    });
    let stray = stray_files(&mut store);
    let conn = store.connection();
    let findings = inspect(conn, &store.path().display().to_string(), rows, stray)?;
    if args.json {
        serde_json::to_writer_pretty(&mut *ctx.out, &findings)?;
        writeln!(ctx.out)?;
    } else {
        write_text(ctx, &findings)?;
    }
    if !findings.healthy {
        ctx.out.flush()?;
        bail!(
            "the diary at {} is damaged ({} integrity problems, {} broken links, {} unreadable entries); {}",
            findings.diary,
            findings.integrity_problems.len(),
            findings.foreign_key_problems.len(),
            findings.row_problems.len(),
            findings.what_to_do
        );
    }
    Ok(())
}

/// Side files a rollback-journal diary never uses: a `-wal` or `-shm` left by an older
/// cramplog or copied in with a backup (SQLite ignores them, but they confuse other tools
/// and any copy of the folder), and a `-journal` that could not be rolled back.
fn stray_files(store: &mut Store) -> Vec<String> {
    let wal_mode = store
        .connection()
        .pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0))
        .is_ok_and(|m| m.eq_ignore_ascii_case("wal"));
    let skip: &[&str] = if wal_mode { &["-wal", "-shm"] } else { &[] };
    let mut found: Vec<String> = output::SIDE_FILES
        .iter()
        .filter(|s| !s.is_empty() && !skip.contains(s))
        .map(|s| output::with_suffix(store.path(), s))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    // Logs set aside when the diary was opened (never read into it).
    let name = store
        .path()
        .file_name()
        .map(|n| format!("{}{}", n.to_string_lossy(), store::STRAY_WAL));
    if let (Some(name), Some(dir)) = (name, store.path().parent())
        && let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        })
    {
        let mut aside: Vec<String> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(&name))
            .map(|e| e.path().display().to_string())
            .collect();
        aside.sort();
        found.extend(aside);
    }
    found
}

fn inspect(
    conn: &Connection,
    diary: &str,
    row_problems: Vec<RowProblem>,
    stray_files: Vec<String>,
) -> Result<Findings> {
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
    let healthy =
        integrity.is_empty() && fk.is_empty() && row_problems.is_empty() && counts.is_some();
    let what_to_do = if !healthy {
        "keep the file as it is (copy it and any file beside it named like it somewhere safe), then bring back your latest backup with 'cramplog restore BACKUP', which keeps the damaged diary as a dated copy".to_string()
    } else if !stray_files.is_empty() {
        format!(
            "nothing in the diary needs fixing; the diary never reads {}, so move it out of the folder (or delete it) to avoid confusion",
            stray_files.join(" and ")
        )
    } else {
        "nothing to do; keep making backups with 'cramplog backup FILE'".to_string()
    };
    Ok(Findings {
        diary: diary.to_string(),
        healthy,
        schema_version,
        schema_latest: MIGRATIONS.len() as i64,
        integrity_problems: integrity,
        foreign_key_problems: fk,
        row_problems,
        stray_files,
        counts,
        what_to_do,
    })
}

/// How many problems of each kind the text output lists.
const SHOWN: usize = 10;

/// The first [`SHOWN`] problems as a bulleted list, then how many more there are.
fn bullets(out: &mut dyn std::io::Write, lines: &[String]) -> Result<()> {
    for p in lines.iter().take(SHOWN) {
        writeln!(out, "  - {p}")?;
    }
    if lines.len() > SHOWN {
        writeln!(
            out,
            "  … and {} more (cramplog check --json lists them all)",
            lines.len() - SHOWN
        )?;
    }
    Ok(())
}

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
        bullets(out, &f.integrity_problems)?;
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
    if f.row_problems.is_empty() {
        writeln!(
            out,
            "Entries (read as cramplog reads them): ok, every night, cramp and symptom reads back."
        )?;
    } else {
        writeln!(
            out,
            "Entries (read as cramplog reads them): DAMAGED, {} value(s) cramplog cannot use:",
            f.row_problems.len()
        )?;
        let lines: Vec<String> = f.row_problems.iter().map(ToString::to_string).collect();
        bullets(out, &lines)?;
    }
    for stray in &f.stray_files {
        writeln!(
            out,
            "Leftover file: {} lies beside the diary; the diary does not use it and cramplog never reads it.",
            crate::text::visible(stray)
        )?;
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
        writeln!(out, "The diary is healthy. What to do: {}.", f.what_to_do)?;
    } else {
        writeln!(out, "The diary is damaged. What to do: {}.", f.what_to_do)?;
    }
    Ok(())
}
