//! The spreadsheet format: `nights.csv` (one row per logged night) and `episodes.csv` (one
//! row per cramp), with the ids of docs/design.md section 2 as column names so a file edited in a
//! spreadsheet imports back.
//!
//! Cells: an empty cell is unknown; yes/no fields are `yes` or `no`; clock times `HH:MM`;
//! the `symptoms` cell is `-` for an answered checklist with nothing ticked, else
//! `id[:side][:severity]` items joined by `;`. Rows go through the same serde model as the
//! JSON format (cell → typed `serde_json::Value` → `Night`), so both formats agree on every
//! field and every error message.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use serde_json::{Map, Number, Value};

use super::Problems;
use crate::model::{Episode, FieldError, NIGHT_FIELDS, Night, Symptom};
use crate::vocab::suggest;
use crate::vocab::{Leg, SymptomId};
use crate::{field, text};

/// How a column's cells are written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Ids, dates and clock times (surrounding spaces ignored).
    Text,
    /// Free text, kept exactly.
    Note,
    Int,
    Decimal,
    /// `yes` / `no`.
    Bool,
    /// The symptom checklist (see the module notes).
    Symptoms,
    /// The number of cramp episodes (rows in episodes.csv); checked on import.
    Count,
    /// The export's id, the same in every row of both files ([`EXPORT_COLUMN`]).
    Export,
}

/// The last column of both files: one id per export, derived from its content, so import
/// can tell a torn pair (a new nights.csv beside an old episodes.csv, or files of two
/// exports put together) and refuse it (docs/exchange.md).
pub const EXPORT_COLUMN: &str = "export";

/// The columns of `nights.csv`, in order: the date, the episode count, then every night
/// field of the night-field table (its id is the header).
fn night_columns() -> Vec<(&'static str, Kind)> {
    let fields = NIGHT_FIELDS.iter().map(|f| {
        let kind = match f.kind {
            field::Kind::Int { .. } => Kind::Int,
            field::Kind::Decimal { .. } => Kind::Decimal,
            field::Kind::Bool => Kind::Bool,
            field::Kind::Text { .. } => Kind::Note,
            field::Kind::Checklist => Kind::Symptoms,
            field::Kind::Id | field::Kind::Time | field::Kind::Stamp => Kind::Text,
        };
        (f.id, kind)
    });
    [("night", Kind::Text), ("episodes", Kind::Count)]
        .into_iter()
        .chain(fields)
        .chain([(EXPORT_COLUMN, Kind::Export)])
        .collect()
}

/// The columns of `episodes.csv`, in order; `seq` numbers the cramps of a night from 1.
const EPISODE_COLUMNS: &[(&str, Kind)] = &[
    ("night", Kind::Text),
    ("seq", Kind::Int),
    ("time", Kind::Text),
    ("phase", Kind::Text),
    ("leg", Kind::Text),
    ("site", Kind::Text),
    ("duration_s", Kind::Int),
    ("pain", Kind::Int),
    ("hard", Kind::Bool),
    ("relief", Kind::Text),
    ("resleep_min", Kind::Int),
    (EXPORT_COLUMN, Kind::Export),
];

/// The marker for "the checklist was answered and nothing was ticked".
pub const NO_SYMPTOMS: &str = "-";

/// The id of an export of `nights`: 16 hex digits of a name-based UUID of their lossless JSON,
/// so the same nights always get the same id and other nights (almost surely) another.
pub fn export_id(nights: &[Night]) -> Result<String> {
    let base = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"urn:cramplog:csv-export");
    let id = uuid::Uuid::new_v5(&base, &serde_json::to_vec(nights)?);
    Ok(id.simple().to_string()[..16].to_string())
}

/// The two files' contents: `(nights.csv, episodes.csv)`.
pub fn export(nights: &[Night]) -> Result<(Vec<u8>, Vec<u8>)> {
    let id = export_id(nights)?;
    let mut nw = csv::Writer::from_writer(Vec::new());
    let night_columns = night_columns();
    nw.write_record(night_columns.iter().map(|(c, _)| *c))?;
    let mut ew = csv::Writer::from_writer(Vec::new());
    ew.write_record(EPISODE_COLUMNS.iter().map(|(c, _)| *c))?;
    for n in nights {
        let Value::Object(fields) = serde_json::to_value(n)? else {
            anyhow::bail!("the night of {} did not serialise as an object", n.night);
        };
        let row: Vec<String> = night_columns
            .iter()
            .map(|&(col, kind)| match kind {
                Kind::Count => n.episodes.len().to_string(),
                Kind::Symptoms => symptoms_cell(n.symptoms.as_deref()),
                Kind::Export => id.clone(),
                _ => cell(fields.get(col)),
            })
            .collect();
        nw.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
        for (seq, e) in n.episodes.iter().enumerate() {
            let Value::Object(fields) = serde_json::to_value(e)? else {
                anyhow::bail!("an episode of {} did not serialise as an object", n.night);
            };
            let row: Vec<String> = EPISODE_COLUMNS
                .iter()
                .map(|&(col, _)| match col {
                    "night" => n.night.to_string(),
                    "seq" => (seq + 1).to_string(),
                    EXPORT_COLUMN => id.clone(),
                    _ => cell(fields.get(col)),
                })
                .collect();
            ew.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
        }
    }
    Ok((
        nw.into_inner().context("writing nights.csv")?,
        ew.into_inner().context("writing episodes.csv")?,
    ))
}

/// Whether a spreadsheet would read a cell starting with `c` as a formula (OWASP's list:
/// `=`, `+`, `-`, `@`, and a tab or carriage return before them).
fn formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// OWASP "CSV injection" guidance: a cell a spreadsheet would run as a formula is written
/// with a leading `'`, which spreadsheets show as text and hide. To keep the round trip
/// lossless, a cell that already starts with quotes before such a character gets one more;
/// [`restore`] removes exactly one.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.trim_start_matches('\'').starts_with(formula_start) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`neutralise`].
fn restore(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.trim_start_matches('\'').starts_with(formula_start) => rest.into(),
        _ => cell.into(),
    }
}

fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// `-` for none, `heaviness:left:6;ankle_swelling:left` otherwise; empty for unknown.
pub fn symptoms_cell(symptoms: Option<&[Symptom]>) -> String {
    match symptoms {
        None => String::new(),
        Some([]) => NO_SYMPTOMS.into(),
        Some(list) => list
            .iter()
            .map(|s| {
                let mut item = s.id.id().to_string();
                if let Some(side) = s.side {
                    item.push(':');
                    item.push_str(side.id());
                }
                if let Some(sev) = s.severity {
                    item.push(':');
                    item.push_str(&sev.to_string());
                }
                item
            })
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// Reads a `symptoms` cell; `None` means unknown.
pub fn parse_symptoms(cell: &str) -> std::result::Result<Option<Vec<Symptom>>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    if cell == NO_SYMPTOMS {
        return Ok(Some(Vec::new()));
    }
    let mut out = Vec::new();
    for item in cell.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let mut parts = item.split(':').map(str::trim);
        let id: SymptomId = parts
            .next()
            .unwrap_or_default()
            .parse()
            .map_err(|e: crate::error::UsageError| e.to_string())?;
        let mut s = Symptom {
            id,
            side: None,
            severity: None,
        };
        for part in parts.filter(|p| !p.is_empty()) {
            if let Ok(sev) = part.parse::<u8>() {
                s.severity = Some(sev);
            } else {
                s.side = Some(part.parse::<Leg>().map_err(|_| {
                    format!(
                        "'{part}' in '{item}' is neither a side (left, right, both) nor a severity 0-10; write items like heaviness:left:6"
                    )
                })?);
            }
        }
        out.push(s);
    }
    Ok(Some(out))
}

/// A typed JSON value for a cell, or an error sentence.
fn typed(kind: Kind, raw: &str) -> std::result::Result<Option<Value>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    Ok(Some(match kind {
        Kind::Text | Kind::Export => Value::String(t.to_string()),
        Kind::Note => Value::String(raw.to_string()),
        Kind::Int | Kind::Count => match t.parse::<u64>() {
            Ok(n) => Value::Number(n.into()),
            Err(_) => return Err(format!("'{t}' is not a whole number")),
        },
        Kind::Decimal => match t.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Value::Number(n),
            None => {
                return Err(format!(
                    "'{t}' is not a number; use a point for decimals, like 7.5"
                ));
            }
        },
        Kind::Bool => match crate::parse::yes_no(t) {
            Some(b) => Value::Bool(b),
            None => return Err(format!("'{t}' is not yes or no")),
        },
        Kind::Symptoms => return Ok(None),
    }))
}

/// Maps a header row to column positions, reporting unknown and missing columns.
fn header_map(
    header: &csv::StringRecord,
    columns: &[(&'static str, Kind)],
    file: &str,
    problems: &mut Problems,
) -> HashMap<&'static str, usize> {
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    let mut map = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}').trim();
        match columns.iter().find(|(c, _)| *c == h) {
            Some((c, _)) => {
                map.insert(*c, i);
            }
            None if h.is_empty() => {}
            None => {
                let hint = suggest(h, &names)
                    .map(|s| format!("did you mean {s}?"))
                    .unwrap_or_else(|| format!("the columns are: {}", names.join(", ")));
                problems.push(format!("{file} header: unknown column '{h}'; {hint}"));
            }
        }
    }
    if !map.contains_key("night") {
        problems.push(format!(
            "{file} header: there is no 'night' column; keep the header row of the export"
        ));
    }
    map
}

/// Reads the pair of files. Problems name the file, line and column; `None` for the
/// nights means the files could not be read far enough to check them.
pub fn parse(
    nights_csv: &[u8],
    episodes_csv: &[u8],
    problems: &mut Problems,
) -> Result<(Vec<Night>, Vec<NightLines>)> {
    let mut nights: Vec<Night> = Vec::new();
    let mut lines: Vec<NightLines> = Vec::new();
    let mut by_date: HashMap<NaiveDate, usize> = HashMap::new();
    let mut bad_dates: HashSet<NaiveDate> = HashSet::new();

    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(nights_csv);
    let header = rdr
        .headers()
        .map_err(|e| {
            usage(format!(
                "nights.csv cannot be read ({e}); keep it as comma-separated text with a header row"
            ))
        })?
        .clone();
    let night_columns = night_columns();
    let cols = header_map(&header, &night_columns, "nights.csv", problems);
    let mut counts: Vec<Option<u64>> = Vec::new();
    let mut night_ids: BTreeSet<String> = BTreeSet::new();
    let mut episode_ids: BTreeSet<String> = BTreeSet::new();
    let mut episode_rows = 0usize;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("nights.csv: {e}"));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let at = |col: &str| format!("nights.csv line {line}, {col}");
        let mut obj = Map::new();
        let mut symptoms = None;
        let mut count = None;
        let mut ok = true;
        for &(col, kind) in &night_columns {
            let Some(&i) = cols.get(col) else { continue };
            let raw = &*restore(rec.get(i).unwrap_or_default());
            match kind {
                Kind::Export => {
                    if !raw.trim().is_empty() {
                        night_ids.insert(raw.trim().to_string());
                    }
                }
                Kind::Symptoms => match parse_symptoms(raw) {
                    Ok(s) => symptoms = s,
                    Err(e) => {
                        problems.push(format!("{}: {e}", at(col)));
                        ok = false;
                    }
                },
                _ => match typed(kind, raw) {
                    Ok(Some(v)) if kind == Kind::Count => count = v.as_u64(),
                    Ok(Some(v)) => {
                        obj.insert(col.to_string(), v);
                    }
                    Ok(None) => {}
                    Err(e) => {
                        problems.push(format!("{}: {e}", at(col)));
                        ok = false;
                    }
                },
            }
        }
        let row_date = obj
            .get("night")
            .and_then(Value::as_str)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let value = Value::Object(obj);
        let parsed = if ok {
            serde_path_to_error::deserialize::<_, Night>(&value).map_err(Some)
        } else {
            Err(None)
        };
        if parsed.is_err()
            && let Some(d) = row_date
        {
            // Its cramps are not reported again as belonging to no night.
            bad_dates.insert(d);
        }
        match parsed {
            Err(None) => {}
            Ok(mut n) => {
                n.symptoms = symptoms;
                if let Some(&first) = by_date.get(&n.night) {
                    problems.push(format!(
                        "{}: {} is in the file twice (first at line {}); keep one row per night",
                        at("night"),
                        n.night,
                        lines[first].night
                    ));
                    continue;
                }
                by_date.insert(n.night, nights.len());
                nights.push(n);
                lines.push(NightLines {
                    night: line,
                    episodes: Vec::new(),
                });
                counts.push(count);
            }
            Err(Some(e)) => {
                let text = super::json::describe("", &value, &e);
                problems.push(format!(
                    "nights.csv line {line}, {}",
                    text.trim_start_matches('.')
                ));
            }
        }
    }

    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(episodes_csv);
    let header = rdr
        .headers()
        .map_err(|e| usage(format!("episodes.csv cannot be read ({e}); keep it as comma-separated text with a header row")))?
        .clone();
    let cols = header_map(&header, EPISODE_COLUMNS, "episodes.csv", problems);
    // (night index, seq or row order, line, episode)
    let mut episodes: Vec<(usize, u64, u64, Episode)> = Vec::new();
    for (row, rec) in rdr.records().enumerate() {
        episode_rows += 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("episodes.csv: {e}"));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let at = |col: &str| format!("episodes.csv line {line}, {col}");
        let mut obj = Map::new();
        let mut night = None;
        let mut seq = None;
        let mut ok = true;
        for &(col, kind) in EPISODE_COLUMNS {
            let Some(&i) = cols.get(col) else { continue };
            let raw = &*restore(rec.get(i).unwrap_or_default());
            match typed(kind, raw) {
                Ok(Some(v)) => match col {
                    "night" => night = v.as_str().map(str::to_string),
                    "seq" => seq = v.as_u64(),
                    EXPORT_COLUMN => {
                        episode_ids.extend(v.as_str().map(str::to_string));
                    }
                    _ => {
                        obj.insert(col.to_string(), v);
                    }
                },
                Ok(None) => {}
                Err(e) => {
                    problems.push(format!("{}: {e}", at(col)));
                    ok = false;
                }
            }
        }
        let Some(night) = night else {
            problems.push(format!(
                "{}: every cramp needs the date of its night",
                at("night")
            ));
            continue;
        };
        let date = match NaiveDate::parse_from_str(night.trim(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                problems.push(format!(
                    "{}: '{night}' is not a date; use YYYY-MM-DD",
                    at("night")
                ));
                continue;
            }
        };
        let Some(&index) = by_date.get(&date) else {
            if bad_dates.contains(&date) {
                continue;
            }
            problems.push(format!(
                "{}: {date} has no row in nights.csv; add one (every cramp belongs to a logged night)",
                at("night")
            ));
            continue;
        };
        if !ok {
            continue;
        }
        let value = Value::Object(obj);
        match serde_path_to_error::deserialize::<_, Episode>(&value) {
            Ok(e) => episodes.push((index, seq.unwrap_or(row as u64 + 1), line, e)),
            Err(e) => {
                let text = super::json::describe("", &value, &e);
                problems.push(format!(
                    "episodes.csv line {line}, {}",
                    text.trim_start_matches('.')
                ));
            }
        }
    }
    if let Some(problem) = torn_pair(&night_ids, &episode_ids, episode_rows) {
        // The pair is not one export: nothing else about it is worth reading.
        return Err(usage(problem));
    }
    episodes.sort_by_key(|(night, seq, line, _)| (*night, *seq, *line));
    for (index, _, line, e) in episodes {
        nights[index].episodes.push(e);
        lines[index].episodes.push(line);
    }
    for (i, n) in nights.iter().enumerate() {
        if let Some(c) = counts[i]
            && c != n.episodes.len() as u64
        {
            problems.push(format!(
                "nights.csv line {}, episodes: says {c} but episodes.csv has {} rows for {}; correct the count or the rows",
                lines[i].night,
                n.episodes.len(),
                n.night
            ));
        }
    }
    Ok((nights, lines))
}

/// Why `nights.csv` and `episodes.csv` are not one export, if they are not: their export ids
/// differ, or one file carries ids and the other (with rows) none. Files without any id (an
/// older export, or sheets made by hand) are read as before.
fn torn_pair(
    nights: &BTreeSet<String>,
    episodes: &BTreeSet<String>,
    rows: usize,
) -> Option<String> {
    let list = |ids: &BTreeSet<String>| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.iter()
                .map(|i| text::visible(i).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let torn = match (nights.is_empty(), episodes.is_empty()) {
        (true, true) => false,
        (false, true) => rows > 0,
        _ => nights != episodes,
    };
    torn.then(|| {
        format!(
            "nights.csv and episodes.csv are not from the same export (export id {} in nights.csv, {} in episodes.csv), as when one file of a pair is replaced or an export was interrupted; export again, or delete the {EXPORT_COLUMN} column from both files if you put them together yourself",
            list(nights),
            list(episodes)
        )
    })
}

/// Where a night and its episodes are in the CSV files, to name them in errors.
#[derive(Debug, Clone)]
pub struct NightLines {
    pub night: u64,
    pub episodes: Vec<u64>,
}

impl NightLines {
    /// `nights.csv line 4, soreness: …` or `episodes.csv line 9, pain: …` for a model error.
    pub fn locate(&self, e: &FieldError) -> String {
        if let Some(rest) = e.field.strip_prefix("episodes[")
            && let Some((k, field)) = rest.split_once("].")
            && let Ok(k) = k.parse::<usize>()
            && let Some(line) = self.episodes.get(k)
        {
            return format!("episodes.csv line {line}, {field}: {}", e.problem);
        }
        format!("nights.csv line {}, {}: {}", self.night, e.field, e.problem)
    }
}

fn usage(msg: String) -> anyhow::Error {
    crate::error::UsageError::new(msg).into()
}

#[cfg(test)]
mod neutralise_tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored_exactly() {
        for cell in [
            "=HYPERLINK(\"x\")",
            "+1",
            "-",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=1",
            "''-2",
            "'quoted",
            "plain",
            "",
            "2026-11-27",
        ] {
            let out = neutralise(cell);
            assert!(!out.starts_with(formula_start), "{cell:?} -> {out:?}");
            assert_eq!(restore(&out), cell);
        }
        assert_eq!(neutralise("'quoted"), "'quoted");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_one_export_by_its_id() {
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        // One export; no ids at all (older exports, hand-made sheets); no episodes.
        assert!(torn_pair(&set(&["a1"]), &set(&["a1"]), 3).is_none());
        assert!(torn_pair(&set(&[]), &set(&[]), 3).is_none());
        assert!(torn_pair(&set(&["a1"]), &set(&[]), 0).is_none());
        // Two exports; ids in one file only.
        let msg = torn_pair(&set(&["a1"]), &set(&["b2"]), 3).unwrap();
        assert!(
            msg.contains("export id a1 in nights.csv, b2 in episodes.csv"),
            "{msg}"
        );
        assert!(torn_pair(&set(&["a1"]), &set(&[]), 2).is_some());
        assert!(torn_pair(&set(&[]), &set(&["b2"]), 2).is_some());
        // The id follows the content.
        let n = [full_night()];
        let mut other = full_night();
        other.episodes[0].pain = Some(3);
        assert_eq!(export_id(&n).unwrap(), export_id(&n).unwrap());
        assert_ne!(export_id(&n).unwrap(), export_id(&[other]).unwrap());
        assert_eq!(export_id(&n).unwrap().len(), 16);
    }

    #[test]
    fn every_night_field_has_a_column() {
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        n.soreness = Some(1);
        let Value::Object(all) = serde_json::to_value(full_night()).unwrap() else {
            panic!()
        };
        for key in all.keys() {
            assert!(
                night_columns().iter().any(|(c, _)| c == key),
                "nights.csv has no column for {key}"
            );
        }
        let Value::Object(ep) = serde_json::to_value(&full_night().episodes[0]).unwrap() else {
            panic!()
        };
        for key in ep.keys() {
            assert!(EPISODE_COLUMNS.iter().any(|(c, _)| c == key), "{key}");
        }
    }

    fn full_night() -> Night {
        let mut n: Night = serde_json::from_str(
            r#"{"night":"2026-11-01","episodes":[{"time":"03:10","phase":"on_waking","leg":"left","site":"calf","duration_s":120,"pain":7,"hard":true,"relief":"stretch","resleep_min":15}],
            "soreness":3,"soreness_side":"left","bed_time":"22:30","up_time":"06:45","sleep_quality":2,"awakenings":3,"cramp_awakenings":1,"sleep_disturbance":6,
            "symptoms":[{"id":"heaviness","side":"left","severity":6},{"id":"ankle_swelling","side":"left"},{"id":"restless_urge","severity":3}],
            "symptom_peak":"end_of_day","urge_at_rest":true,"urge_relieved_by_moving":false,"urge_worse_evening":true,"urge_before_sleep":false,
            "walk_pain_at_rest":false,"walk_pain_settles_10min":true,"walk_pain_site":"calf","calf_cm_left":38.5,"calf_cm_right":37.1,
            "standing_h":7.25,"sitting_h":3.5,"exertion":"hard","heat":true,"fluids_glasses":6,"alcohol_units":1.5,"caffeine_drinks":2,
            "compression":"part","elevation_min":30,"stretched":false,"note":"line one, \"quoted\"\nline two; ok","entered_at":"2026-11-02T08:00:00+01:00"}"#,
        )
        .unwrap();
        n.episodes.push(Episode::default());
        n
    }

    #[test]
    fn a_full_night_round_trips() {
        let a = full_night();
        let mut b = Night::new(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        b.symptoms = Some(vec![]);
        let (nc, ec) = export(&[a.clone(), b.clone()]).unwrap();
        let mut problems = Problems::default();
        let (back, _) = parse(&nc, &ec, &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, vec![a, b]);
    }

    #[test]
    fn symptoms_cell_convention() {
        assert_eq!(parse_symptoms("").unwrap(), None);
        assert_eq!(parse_symptoms("-").unwrap(), Some(vec![]));
        let s = parse_symptoms("heaviness:6; ankle_swelling:left")
            .unwrap()
            .unwrap();
        assert_eq!(s[0].severity, Some(6));
        assert_eq!(s[1].side, Some(Leg::Left));
        assert!(
            parse_symptoms("heavyness")
                .unwrap_err()
                .contains("did you mean 'heaviness'")
        );
    }
}
