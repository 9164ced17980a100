//! Row mapping for nights, their episodes and symptoms: one function each way per table.
//! Night columns come from the night-field table ([`NIGHT_FIELDS`]) and are read by name.

use std::collections::HashMap;
use std::str::FromStr;

use anyhow::{Context, Result};
use chrono::{NaiveDate, NaiveTime};
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{Row, Transaction, params, params_from_iter};

use crate::field::{Cell, CellRef, Kind};
use crate::model::{Episode, NIGHT_FIELDS, Night, Symptom};

/// Which nights to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl NightRange {
    pub const ALL: NightRange = NightRange {
        from: None,
        to: None,
    };
}

fn opt<T: ToString>(v: Option<T>) -> Value {
    v.map_or(Value::Null, |v| Value::Text(v.to_string()))
}
fn int<T: Into<i64>>(v: Option<T>) -> Value {
    v.map_or(Value::Null, |v| Value::Integer(v.into()))
}
fn flag(v: Option<bool>) -> Value {
    v.map_or(Value::Null, |b| Value::Integer(i64::from(b)))
}
fn hhmm(v: Option<NaiveTime>) -> Value {
    v.map_or(Value::Null, |t| Value::Text(t.format("%H:%M").to_string()))
}

/// The `nights` columns after `night`, from the night-field table.
fn night_columns() -> String {
    NIGHT_FIELDS
        .iter()
        .map(|f| f.column)
        .collect::<Vec<_>>()
        .join(", ")
}

fn sql_value(cell: Cell) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Int(i) => Value::Integer(i),
        Cell::Real(v) => Value::Real(v),
        Cell::Text(t) => Value::Text(t),
    }
}

/// A night's plain fields as SQL values, in [`NIGHT_FIELDS`] order.
fn night_values(n: &Night) -> impl Iterator<Item = Value> + '_ {
    NIGHT_FIELDS.iter().map(|f| {
        sql_value(match (f.get)(n) {
            Cell::Null => f.kind.null_cell(),
            cell => cell,
        })
    })
}

/// Inserts a whole night (episodes and symptoms too). Fails if the night exists.
pub fn insert_night(tx: &Transaction<'_>, n: &Night) -> Result<()> {
    let placeholders = vec!["?"; NIGHT_FIELDS.len() + 1].join(", ");
    let sql = format!(
        "INSERT INTO nights (night, {}) VALUES ({placeholders})",
        night_columns()
    );
    let values = std::iter::once(Value::Text(n.night.to_string())).chain(night_values(n));
    tx.prepare_cached(&sql)?
        .execute(params_from_iter(values))
        .with_context(|| format!("saving the night of {}", n.night))?;
    let mut ep = tx.prepare_cached(
        "INSERT INTO episodes (night, seq, time, phase, leg, site, duration_s, pain, hard, relief, resleep_min)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (seq, e) in n.episodes.iter().enumerate() {
        ep.execute(params![
            n.night.to_string(),
            seq as i64,
            hhmm(e.time),
            e.phase.id(),
            opt(e.leg),
            opt(e.site),
            int(e.duration_s),
            int(e.pain),
            flag(e.hard),
            opt(e.relief),
            int(e.resleep_min),
        ])
        .with_context(|| format!("saving cramp {} of the night of {}", seq + 1, n.night))?;
    }
    let mut sy = tx.prepare_cached(
        "INSERT INTO symptoms (night, id, side, severity) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for s in n.symptoms.iter().flatten() {
        sy.execute(params![
            n.night.to_string(),
            s.id.id(),
            opt(s.side),
            int(s.severity)
        ])
        .with_context(|| format!("saving symptom {} of the night of {}", s.id, n.night))?;
    }
    Ok(())
}

/// Deletes a night with its episodes and symptoms; returns whether it existed.
pub fn delete_night(tx: &Transaction<'_>, night: NaiveDate) -> Result<bool> {
    let n = tx
        .prepare_cached("DELETE FROM nights WHERE night = ?1")?
        .execute([night.to_string()])?;
    Ok(n > 0)
}

/// Whether the diary has an entry for `night`.
pub fn night_exists(tx: &Transaction<'_>, night: NaiveDate) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM nights WHERE night = ?1")?
        .exists([night.to_string()])?)
}

/// One night with everything recorded for it.
pub fn load_night(tx: &Transaction<'_>, night: NaiveDate) -> Result<Option<Night>> {
    Ok(load_nights(
        tx,
        NightRange {
            from: Some(night),
            to: Some(night),
        },
    )?
    .pop())
}

/// All nights in the range, in date order, with three queries whatever the count.
pub fn load_nights(tx: &Transaction<'_>, range: NightRange) -> Result<Vec<Night>> {
    let from = range
        .from
        .map_or_else(|| "0000-00-00".to_string(), |d| d.to_string());
    let to = range
        .to
        .map_or_else(|| "9999-99-99".to_string(), |d| d.to_string());

    // Counted first, so the vector is allocated once at its size (growing by doubling, a long
    // diary would hold up to twice its nights' room).
    let count: i64 = tx
        .prepare_cached("SELECT count(*) FROM nights WHERE night BETWEEN ?1 AND ?2")?
        .query_row([&from, &to], |r| r.get(0))?;
    let total: i64 = tx
        .prepare_cached("SELECT count(*) FROM nights")?
        .query_row([], |r| r.get(0))?;
    // In date order SQLite walks the night index and looks every night up in the table (a
    // seek per night). When the range holds most of the diary, reading the table in its
    // stored order and sorting here costs about half as much (docs/design.md section 14.1).
    let scan = count * 2 > total;
    let sql = if scan {
        format!(
            "SELECT night, {} FROM nights NOT INDEXED WHERE night BETWEEN ?1 AND ?2",
            night_columns()
        )
    } else {
        format!(
            "SELECT night, {} FROM nights WHERE night BETWEEN ?1 AND ?2 ORDER BY night",
            night_columns()
        )
    };
    let mut nights: Vec<Night> = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut stmt = tx.prepare_cached(&sql)?;
    for night in stmt.query_map([&from, &to], night_from_row)? {
        nights.push(night.context("reading nights from the diary")?);
    }
    if scan {
        // Nights are unique, and usually stored in date order (or its reverse): the sort
        // finds the run.
        nights.sort_unstable_by_key(|n| n.night);
    }
    let index: HashMap<NaiveDate, usize> = nights
        .iter()
        .enumerate()
        .map(|(i, n)| (n.night, i))
        .collect();

    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {EPISODE_SELECT} FROM episodes WHERE night BETWEEN ?1 AND ?2 ORDER BY night, seq"
    ))?;
    let rows = stmt.query_map([&from, &to], episode_from_row)?;
    for row in rows {
        let (night, e) = row.context("reading cramp episodes from the diary")?;
        if let Some(&i) = index.get(&night) {
            nights[i].episodes.push(e);
        }
    }

    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {SYMPTOM_SELECT} FROM symptoms WHERE night BETWEEN ?1 AND ?2 ORDER BY night, rowid"
    ))?;
    let rows = stmt.query_map([&from, &to], symptom_from_row)?;
    for row in rows {
        let (night, s) = row.context("reading symptoms from the diary")?;
        if let Some(&i) = index.get(&night) {
            nights[i].symptoms.get_or_insert_with(Vec::new).push(s);
        }
    }
    Ok(nights)
}

/// The columns [`episode_from_row`] reads, in order.
pub(super) const EPISODE_SELECT: &str =
    "night, time, phase, leg, site, duration_s, pain, hard, relief, resleep_min";

/// One `episodes` row and its night (also read by `check`, row by row).
pub(super) fn episode_from_row(r: &Row<'_>) -> rusqlite::Result<(NaiveDate, Episode)> {
    Ok((
        date(r, 0)?,
        Episode {
            time: time(r, 1)?,
            phase: parse(r, 2)?,
            leg: parse_opt(r, 3)?,
            site: parse_opt(r, 4)?,
            duration_s: r.get(5)?,
            pain: r.get(6)?,
            hard: r.get(7)?,
            relief: parse_opt(r, 8)?,
            resleep_min: r.get(9)?,
        },
    ))
}

/// The columns [`symptom_from_row`] reads, in order.
pub(super) const SYMPTOM_SELECT: &str = "night, id, side, severity";

/// One `symptoms` row and its night.
pub(super) fn symptom_from_row(r: &Row<'_>) -> rusqlite::Result<(NaiveDate, Symptom)> {
    Ok((
        date(r, 0)?,
        Symptom {
            id: parse(r, 1)?,
            side: parse_opt(r, 2)?,
            severity: r.get(3)?,
        },
    ))
}

/// `night` and every column [`night_from_row`] reads.
pub(super) fn night_select() -> String {
    format!("night, {}", night_columns())
}

/// Reads a night selected with [`night_select`], through the night-field table.
pub(super) fn night_from_row(r: &Row<'_>) -> rusqlite::Result<Night> {
    let mut n = Night::new(date(r, 0)?);
    for (i, f) in NIGHT_FIELDS.iter().enumerate() {
        // The query selects `night` then [`night_columns`], so field `i` is column `i + 1`:
        // a look-up by name would compare every column name on every row (a quarter of a
        // ten-year report's time).
        // Text is borrowed from SQLite's row: a setter parses or copies it once.
        let text;
        let cell = match r.get_ref(i + 1)? {
            ValueRef::Null => CellRef::Null,
            ValueRef::Integer(i) => CellRef::Int(i),
            ValueRef::Real(v) => CellRef::Real(v),
            ValueRef::Text(t) => {
                text = String::from_utf8_lossy(t);
                CellRef::Text(&text)
            }
            ValueRef::Blob(_) => {
                return Err(rusqlite::Error::InvalidColumnType(
                    i + 1,
                    f.column.to_string(),
                    Type::Blob,
                ));
            }
        };
        let cell = if f.kind.is_null_cell(cell) {
            CellRef::Null
        } else {
            cell
        };
        match (f.set)(&mut n, cell) {
            Ok(()) => {}
            // An unreadable entry time only loses the stamp, as before.
            Err(_) if f.kind == Kind::Stamp => {}
            Err(e) => {
                return Err(rusqlite::Error::FromSqlConversionFailure(
                    i + 1,
                    Type::Text,
                    format!("{}: {e}", f.column).into(),
                ));
            }
        }
    }
    Ok(n)
}

/// A stored night (`YYYY-MM-DD`): read directly, as a report reads thousands; anything else
/// goes through [`parse`] (its error names the value).
fn date(r: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    if let ValueRef::Text(t) = r.get_ref(i)? {
        if let Some(d) = iso_date(t) {
            return Ok(d);
        }
    }
    parse(r, i)
}

/// `YYYY-MM-DD` (ASCII digits, a real date), else `None`.
pub(super) fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// A stored id or date read back through its `FromStr`, as a row error if it does not parse
/// (a hand-edited diary), never a panic.
fn parse<T: FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T>
where
    T::Err: std::fmt::Display,
{
    // Borrowed from the row when it is UTF-8, as every stored id is.
    if let ValueRef::Text(t) = r.get_ref(i)? {
        if let Some(v) = std::str::from_utf8(t).ok().and_then(|t| t.parse().ok()) {
            return Ok(v);
        }
    }
    let text: String = r.get(i)?;
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unexpected value '{text}': {e}").into(),
        )
    })
}

fn parse_opt<T: FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match r.get_ref(i)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => parse(r, i).map(Some),
    }
}

fn time(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveTime>> {
    // The stored form `HH:MM`, read directly; anything else through the general parser.
    if let ValueRef::Text(&[h1, h2, b':', m1, m2]) = r.get_ref(i)? {
        let digits = [h1, h2, m1, m2];
        if digits.iter().all(u8::is_ascii_digit) {
            let [h1, h2, m1, m2] = digits.map(|c| u32::from(c - b'0'));
            if let Some(t) = NaiveTime::from_hms_opt(h1 * 10 + h2, m1 * 10 + m2, 0) {
                return Ok(Some(t));
            }
        }
    }
    let text: Option<String> = r.get(i)?;
    text.map(|t| {
        NaiveTime::parse_from_str(&t, "%H:%M").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("'{t}' is not a clock time HH:MM ({e})").into(),
            )
        })
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::CellRef;
    use crate::store::Store;
    use crate::vocab::{Compression, Leg, Site, SymptomId};
    use chrono::DateTime;

    #[test]
    fn stored_dates_and_times_read_directly_read_as_the_general_parsers_do() {
        for s in ["2026-02-28", "2024-02-29", "0001-01-01", "9999-12-31"] {
            assert_eq!(iso_date(s.as_bytes()), s.parse().ok(), "{s}");
        }
        for s in [
            "2026-02-30",
            "2026-13-01",
            "2026-2-03",
            "20x6-02-03",
            "2026/02/03",
            "",
        ] {
            assert_eq!(iso_date(s.as_bytes()), None, "{s}");
        }
        let store = Store::open_in_memory().unwrap();
        for t in ["03:10", "00:00", "23:59", "24:00", "3:10", "03:1x", "99:99"] {
            let fast = store
                .conn
                .query_row("SELECT ?1", [t], |r| Ok(time(r, 0).ok().flatten()))
                .unwrap();
            assert_eq!(fast, NaiveTime::parse_from_str(t, "%H:%M").ok(), "{t}");
        }
    }

    fn sample() -> Night {
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        n.episodes.push(
            crate::parse::episode("left calf 2m 7/10 03:10 relief=stretch hard resleep=15")
                .unwrap(),
        );
        n.episodes
            .push(crate::parse::episode("right foot 45s 4").unwrap());
        n.soreness = Some(3);
        n.symptoms = Some(vec![
            Symptom {
                id: SymptomId::Heaviness,
                side: Some(Leg::Left),
                severity: Some(6),
            },
            Symptom {
                id: SymptomId::AnkleSwelling,
                side: Some(Leg::Left),
                severity: None,
            },
        ]);
        n.standing_h = Some(7.5);
        n.compression = Some(Compression::None);
        n.stretched = Some(false);
        n.note = Some("it's \"fine\" <b>".into());
        n.entered_at = DateTime::parse_from_rfc3339("2026-11-21T08:00:00+01:00").ok();
        n
    }

    /// A random night through the field table: every field unknown or a value of its kind
    /// (ids found by trying each vocabulary's ids on the field's setter).
    fn random_night(next: &mut impl FnMut(u64) -> u64, night: NaiveDate) -> Night {
        use crate::vocab::{Exertion, Peak, WalkSite};
        let ids: Vec<&str> = [Leg::ids(), Peak::ids(), WalkSite::ids(), Exertion::ids()]
            .into_iter()
            .chain([Compression::ids()])
            .flatten()
            .collect();
        let mut n = Night::new(night);
        for f in NIGHT_FIELDS {
            if next(3) == 0 {
                continue;
            }
            let v = next(1 << 20);
            let text;
            let cell = match f.kind {
                Kind::Int { lo, hi, .. } => CellRef::Int(lo + (v as i64) % (hi - lo + 1)),
                Kind::Decimal { lo, hi, .. } => CellRef::Real(
                    ((lo + (v % 1000) as f64 / 1000.0 * (hi - lo)) * 4.0).round() / 4.0,
                ),
                Kind::Bool => CellRef::Int((v % 2) as i64),
                Kind::Time => {
                    text = format!("{:02}:{:02}", v % 24, v % 60);
                    CellRef::Text(&text)
                }
                Kind::Text { .. } => {
                    text = [
                        "",
                        "it's \"fine\" <b>",
                        "ünïcode & ☃",
                        "a note\nover two lines",
                    ][(v % 4) as usize]
                        .to_string();
                    CellRef::Text(&text)
                }
                Kind::Checklist => CellRef::Int(1),
                Kind::Stamp => {
                    text = format!(
                        "2026-11-{:02}T{:02}:{:02}:{:02}{}{:02}:{}",
                        1 + v % 28,
                        v % 24,
                        v % 60,
                        (v / 7) % 60,
                        if v % 2 == 0 { '+' } else { '-' },
                        v % 14,
                        ["00", "30", "45"][(v % 3) as usize]
                    );
                    CellRef::Text(&text)
                }
                Kind::Id => {
                    let fits: Vec<&str> = ids
                        .iter()
                        .copied()
                        .filter(|id| (f.set)(&mut n.clone(), CellRef::Text(id)).is_ok())
                        .collect();
                    CellRef::Text(fits[(v as usize) % fits.len()])
                }
            };
            (f.set)(&mut n, cell).unwrap();
        }
        if n.symptoms.is_some() && next(2) == 0 {
            n.symptoms = Some(vec![Symptom {
                id: SymptomId::Heaviness,
                side: Some(Leg::Right),
                severity: Some((next(11)) as u8),
            }]);
        }
        for _ in 0..next(3) {
            n.episodes
                .push(crate::parse::episode("left calf 2m 7/10 03:10 relief=stretch").unwrap());
        }
        n
    }

    #[test]
    fn typed_reads_give_back_random_diaries_by_either_query_plan() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % m
        };
        for diary in 0..8 {
            let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
            let mut nights = Vec::new();
            for i in 0..60 + next(60) {
                if next(10) != 0 {
                    nights.push(random_night(&mut next, start + chrono::Days::new(i)));
                }
            }
            // Stored in a shuffled order, so the table's order is not the dates'.
            let mut stored = nights.clone();
            for i in (1..stored.len()).rev() {
                stored.swap(i, next(i as u64 + 1) as usize);
            }
            let mut store = Store::open_in_memory().unwrap();
            store
                .write(|tx| stored.iter().try_for_each(|n| insert_night(tx, n)))
                .unwrap();
            // The whole diary is read by scanning the table, a tenth of it through the index.
            let all = store.read(|tx| load_nights(tx, NightRange::ALL)).unwrap();
            nights.sort_by_key(|n| n.night);
            assert_eq!(all, nights, "diary {diary}");
            let (from, to) = (nights[3].night, nights[8].night);
            let some = store
                .read(|tx| {
                    load_nights(
                        tx,
                        NightRange {
                            from: Some(from),
                            to: Some(to),
                        },
                    )
                })
                .unwrap();
            assert_eq!(some, nights[3..=8], "diary {diary}");
        }
    }

    #[test]
    fn the_field_table_names_every_nights_column_once() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .write(|tx| crate::store::Meta::set(tx, "test", "1"))
            .unwrap();
        let mut stmt = store
            .connection()
            .prepare("SELECT name FROM pragma_table_info('nights')")
            .unwrap();
        let mut have: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut want: Vec<String> = std::iter::once("night")
            .chain(NIGHT_FIELDS.iter().map(|f| f.column))
            .map(String::from)
            .collect();
        have.sort();
        want.sort();
        assert_eq!(have, want);
    }

    #[test]
    fn night_round_trips_through_the_store() {
        let mut store = Store::open_in_memory().unwrap();
        let n = sample();
        store.write(|tx| insert_night(tx, &n)).unwrap();
        let back = store.read(|tx| load_night(tx, n.night)).unwrap();
        assert_eq!(back, Some(n));
    }

    #[test]
    fn empty_checklist_stays_answered_and_absent_stays_unknown() {
        let mut store = Store::open_in_memory().unwrap();
        let mut a = Night::new(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        a.symptoms = Some(vec![]);
        let b = Night::new(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        store
            .write(|tx| {
                insert_night(tx, &a)?;
                insert_night(tx, &b)
            })
            .unwrap();
        let all = store.read(|tx| load_nights(tx, NightRange::ALL)).unwrap();
        assert_eq!(all[0].symptoms, Some(vec![]));
        assert_eq!(all[1].symptoms, None);
        assert_eq!(all[0].episodes.len(), 0);
        let _ = Site::Calf;
    }

    #[test]
    fn check_constraints_refuse_out_of_range_values() {
        let mut store = Store::open_in_memory().unwrap();
        let mut n = sample();
        n.episodes[0].pain = Some(11);
        assert!(store.write(|tx| insert_night(tx, &n)).is_err());
        let all = store.read(|tx| load_nights(tx, NightRange::ALL)).unwrap();
        assert!(all.is_empty(), "a failed write leaves nothing behind");
    }
}
