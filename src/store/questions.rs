//! Row mapping for the patient's questions (`cramplog ask`, migration 0004).

use anyhow::{Context, Result};

use super::context::date;
use chrono::NaiveDate;
use rusqlite::{Transaction, params};

use crate::model::Question;

/// Every question, oldest first (by the day asked, then by number).
pub fn load_questions(tx: &Transaction<'_>) -> Result<Vec<Question>> {
    let mut stmt =
        tx.prepare_cached("SELECT id, text, asked, done FROM questions ORDER BY asked, id")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, text, asked, done) = row.context("reading questions")?;
        out.push(Question {
            id,
            text,
            asked: date(&asked)?,
            done: done.as_deref().map(date).transpose()?,
        });
    }
    Ok(out)
}

/// Saves a question and returns its number: `q.id` when it is above zero and still free
/// (an import keeps the file's numbers), else the next free one.
pub fn insert_question(tx: &Transaction<'_>, q: &Question) -> Result<i64> {
    let taken: bool = q.id <= 0
        || tx
            .prepare_cached("SELECT count(*) FROM questions WHERE id = ?1")?
            .query_row([q.id], |r| r.get::<_, i64>(0))?
            > 0;
    let id: Option<i64> = (!taken).then_some(q.id);
    tx.prepare_cached("INSERT INTO questions (id, text, asked, done) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            id,
            q.text,
            q.asked.to_string(),
            q.done.map(|d| d.to_string())
        ])
        .context("saving the question")?;
    Ok(tx.last_insert_rowid())
}

/// Sets (or clears) the day question `id` was marked done; returns whether it exists.
pub fn set_question_done(tx: &Transaction<'_>, id: i64, done: Option<NaiveDate>) -> Result<bool> {
    Ok(tx
        .prepare_cached("UPDATE questions SET done = ?2 WHERE id = ?1")?
        .execute(params![id, done.map(|d| d.to_string())])?
        > 0)
}
