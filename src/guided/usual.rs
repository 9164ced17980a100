//! The patient's usual answers, read from the recent nights, so that a night like the usual
//! one is a few Enters (issue 15): the usual cramp and the usual day before.
//!
//! "Usual" is the most common recorded value of each field over the recent nights (ties go
//! to the most recent), the median for durations, pain and clock times. A field never
//! recorded has no usual value and is asked as before; nothing is invented.

use chrono::{NaiveTime, Timelike};

use crate::field::{Cell, CellRef, Spec};
use crate::model::{Episode, NIGHT_FIELDS, Night};

/// How far back habits are read, in logged nights.
pub const RECENT_NIGHTS: usize = 14;

/// The usual answers, each `None` when the recent nights never recorded it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usual {
    /// The usual cramp, when the recent nights recorded at least one.
    pub cramp: Option<Episode>,
    /// The usual answers to the questions about the day before (the night fields with a
    /// question, see [`day_fields`]), held in a night of their own.
    pub day: Night,
}

/// The night fields the guided entry asks about the day before, in the order it asks them
/// (the night-field table's `ask` entries).
pub fn day_fields() -> Vec<&'static Spec<Night>> {
    let mut fields: Vec<&Spec<Night>> = NIGHT_FIELDS.iter().filter(|f| f.ask.is_some()).collect();
    fields.sort_by_key(|f| f.ask.map(|a| a.order));
    fields
}

impl Usual {
    /// Reads the habits from `recent` (oldest first).
    pub fn from_nights(recent: &[Night]) -> Usual {
        let episodes: Vec<&Episode> = recent.iter().flat_map(|n| &n.episodes).collect();
        let cramp = (!episodes.is_empty()).then(|| Episode {
            leg: mode(episodes.iter().filter_map(|e| e.leg)),
            site: mode(episodes.iter().filter_map(|e| e.site)),
            duration_s: median(episodes.iter().filter_map(|e| e.duration_s.map(f64::from)))
                .map(|s| round_duration(s as u32)),
            pain: median(episodes.iter().filter_map(|e| e.pain.map(f64::from))).map(|p| p as u8),
            phase: mode(episodes.iter().map(|e| e.phase)).unwrap_or_default(),
            time: usual_time(episodes.iter().filter_map(|e| e.time)),
            relief: mode(episodes.iter().filter_map(|e| e.relief)),
            hard: None,
            resleep_min: None,
        });
        let mut day = Night::default();
        for f in day_fields() {
            if let Some(usual) = mode_cell(recent.iter().map(|n| (f.get)(n))) {
                // The value came from a stored night of the same field: it fits.
                let _ = (f.set)(&mut day, usual.as_ref());
            }
        }
        Usual { cramp, day }
    }

    /// Whether any habit of the day before is known.
    pub fn has_day(&self) -> bool {
        day_fields()
            .iter()
            .any(|f| (f.get)(&self.day) != Cell::Null)
    }

    /// Copies the usual day into `night`.
    pub fn fill_day(&self, night: &mut Night) {
        for f in day_fields() {
            let _ = (f.set)(night, (f.get)(&self.day).as_ref());
        }
    }

    /// Forgets the usual answer of one field.
    pub fn forget(&mut self, id: &str) {
        if let Some(f) = crate::field::find(NIGHT_FIELDS, id) {
            let _ = (f.set)(&mut self.day, CellRef::Null);
        }
    }
}

/// The most common recorded value (decimals compared to one decimal place); a tie goes to
/// the value seen last.
fn mode_cell(cells: impl Iterator<Item = Cell>) -> Option<Cell> {
    mode(cells.filter(|c| *c != Cell::Null).map(|c| match c {
        Cell::Real(v) => Cell::Real((v * 10.0).round() / 10.0),
        c => c,
    }))
}

/// The most common value; a tie goes to the value seen last (the most recent night).
fn mode<T: PartialEq>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize, usize)> = Vec::new();
    for (i, v) in values.enumerate() {
        match counts.iter_mut().find(|(x, _, _)| *x == v) {
            Some(c) => {
                c.1 += 1;
                c.2 = i;
            }
            None => counts.push((v, 1, i)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n, last)| (*n, *last))
        .map(|(v, _, _)| v)
}

fn median(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[(v.len() - 1) / 2])
}

/// Durations as people remember them: to 5 s under a minute, to 30 s above.
fn round_duration(secs: u32) -> u32 {
    let step = if secs < 60 { 5 } else { 30 };
    (((secs + step / 2) / step) * step).clamp(1, 7200)
}

/// The median clock time, counted from noon so that 23:30 and 00:30 are an hour apart,
/// rounded to the quarter hour.
fn usual_time(times: impl Iterator<Item = NaiveTime>) -> Option<NaiveTime> {
    let from_noon = |t: NaiveTime| (t.hour() * 60 + t.minute() + 12 * 60) % (24 * 60);
    let m = median(times.map(|t| f64::from(from_noon(t))))? as u32;
    let m = (m + 7) / 15 * 15;
    let minutes = (m + 12 * 60) % (24 * 60);
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{Compression, Leg, Relief, Site};
    use chrono::NaiveDate;

    fn night(day: u32, spec: &[&str]) -> Night {
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 11, day).unwrap_or_default());
        n.episodes = spec
            .iter()
            .filter_map(|s| crate::parse::episode(s).ok())
            .collect();
        n
    }

    #[test]
    fn the_usual_cramp_is_the_most_common_answer_of_each_field() {
        let mut nights = vec![
            night(20, &["left calf 2m 6 03:00 relief=stretch"]),
            night(21, &["right foot 30s 4 23:45 relief=walk"]),
            night(22, &["left calf 90s 7 00:30 relief=stretch"]),
        ];
        nights[0].compression = Some(Compression::Most);
        nights[2].compression = Some(Compression::None);
        let u = Usual::from_nights(&nights);
        let c = u.cramp.clone().unwrap_or_default();
        assert_eq!((c.leg, c.site), (Some(Leg::Left), Some(Site::Calf)));
        assert_eq!((c.duration_s, c.pain), (Some(90), Some(6)));
        assert_eq!(c.relief, Some(Relief::Stretch));
        assert_eq!(c.time, NaiveTime::from_hms_opt(0, 30, 0));
        assert_eq!(
            u.day.compression,
            Some(Compression::None),
            "a tie goes to the latest"
        );
        assert_eq!(u.day.standing_h, None, "never recorded, never invented");
        assert!(u.has_day());
        assert_eq!(Usual::from_nights(&[night(20, &[])]), Usual::default());
    }
}
