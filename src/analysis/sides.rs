//! What a venous work-up turns on, read from the period's nights (docs/design.md section 12):
//! which leg the cramps and signs are on, when in the day the leg symptoms are worst, and how
//! compression stockings were worn after they were started. Counts only; the presenter words
//! them.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Diary, Presence, is_due, presence, ratio};
use crate::model::{Event, Night, Period};
use crate::profile::Profile;
use crate::vocab::{Compression, EventKind, Leg, Peak, SymptomId, VaricoseSide};

/// Heavy legs counts on the table at this severity or more (docs/design.md section 12).
pub const HEAVINESS_AT_LEAST: u8 = 4;

/// One row of the left / right table: how many episodes (`cramp_episodes`) or nights (every
/// other row) on each side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideRow {
    /// `cramp_episodes`, `ankle_swelling`, `sock_marks`, `visible_veins`, `heaviness_4`,
    /// `soreness`, `skin_change_new`.
    pub id: String,
    pub left: u32,
    pub right: u32,
    pub both: u32,
    /// Recorded without a side.
    pub no_side: u32,
}

/// The left / right table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sides {
    pub rows: Vec<SideRow>,
    /// Logged nights whose leg-symptom checklist was answered (the nights the sign rows count).
    pub checklist_nights: u32,
    /// Nights with both calves measured, and the means over them (cm).
    pub calf_nights: u32,
    pub calf_left_mean_cm: Option<f64>,
    pub calf_right_mean_cm: Option<f64>,
    /// Mean of left − right over `calf_nights` (cm).
    pub calf_difference_mean_cm: Option<f64>,
    /// From the profile.
    pub known_varicose_veins: Option<VaricoseSide>,
}

/// How often each time of day was the worst for leg symptoms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    /// Most frequent first (ties in docs/design.md's order); only times recorded at least once.
    pub peaks: Vec<PeakCount>,
    /// Logged nights with the time recorded.
    pub known: u32,
    /// Logged nights with a leg symptom ticked.
    pub symptom_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeakCount {
    pub peak: Peak,
    pub days: u32,
}

/// How the stockings were worn from the latest `compression_start` on (within the period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompressionWear {
    /// The start event's date (may be before the period).
    pub started: NaiveDate,
    /// The nights counted: from the start (or the period's first night) to the period's last
    /// night or the night before a `compression_stop`.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub most: u32,
    pub part: u32,
    pub none: u32,
    /// Logged nights without the compression field.
    pub unknown: u32,
    /// Due nights not logged.
    pub missing: u32,
}

fn row(id: &str) -> SideRow {
    SideRow {
        id: id.to_string(),
        left: 0,
        right: 0,
        both: 0,
        no_side: 0,
    }
}

fn add(r: &mut SideRow, side: Option<Leg>) {
    match side {
        Some(Leg::Left) => r.left += 1,
        Some(Leg::Right) => r.right += 1,
        Some(Leg::Both) => r.both += 1,
        None => r.no_side += 1,
    }
}

/// The left / right table of the period's nights.
pub fn sides(nights: &[&Night], profile: &Profile) -> Sides {
    let mut cramps = row("cramp_episodes");
    let signs = [
        (SymptomId::AnkleSwelling, "ankle_swelling"),
        (SymptomId::SockMarks, "sock_marks"),
        (SymptomId::VisibleVeins, "visible_veins"),
        (SymptomId::Heaviness, "heaviness_4"),
    ];
    let mut sign_rows: Vec<SideRow> = signs.iter().map(|(_, id)| row(id)).collect();
    let mut sore = row("soreness");
    let mut skin = row("skin_change_new");
    let mut checklist_nights = 0;
    let (mut calf_n, mut left_sum, mut right_sum) = (0u32, 0.0, 0.0);
    for n in nights {
        for e in &n.episodes {
            add(&mut cramps, e.leg);
        }
        if n.symptoms.is_some() {
            checklist_nights += 1;
        }
        for ((id, _), r) in signs.iter().zip(sign_rows.iter_mut()) {
            let present = match id {
                SymptomId::Heaviness => n
                    .symptom(*id)
                    .is_some_and(|s| s.severity.is_none_or(|v| v >= HEAVINESS_AT_LEAST)),
                _ => presence(n, *id) == Some(Presence::Present),
            };
            if present {
                add(r, n.symptom(*id).and_then(|s| s.side));
            }
        }
        if n.soreness.is_some_and(|s| s > 0) {
            add(&mut sore, n.soreness_side);
        }
        if let Some(s) = n.symptom(SymptomId::SkinChangeNew) {
            add(&mut skin, s.side);
        }
        if let (Some(l), Some(r)) = (n.calf_cm_left, n.calf_cm_right) {
            calf_n += 1;
            left_sum += l;
            right_sum += r;
        }
    }
    let mut rows = vec![cramps];
    rows.extend(sign_rows);
    rows.extend([sore, skin]);
    let mean = |sum: f64| ratio(sum, f64::from(calf_n));
    Sides {
        rows,
        checklist_nights,
        calf_nights: calf_n,
        calf_left_mean_cm: mean(left_sum),
        calf_right_mean_cm: mean(right_sum),
        calf_difference_mean_cm: mean(left_sum - right_sum),
        known_varicose_veins: profile.known_varicose_veins,
    }
}

/// The symptom-timing counts of the period's nights.
pub fn timing(nights: &[&Night]) -> Timing {
    let mut peaks: Vec<PeakCount> = Peak::ALL
        .iter()
        .map(|&peak| PeakCount {
            peak,
            days: nights
                .iter()
                .filter(|n| n.symptom_peak == Some(peak))
                .count() as u32,
        })
        .filter(|p| p.days > 0)
        .collect();
    // A stable sort keeps docs/design.md's order among equal counts.
    peaks.sort_by_key(|p| std::cmp::Reverse(p.days));
    Timing {
        peaks,
        known: nights.iter().filter(|n| n.symptom_peak.is_some()).count() as u32,
        symptom_days: nights
            .iter()
            .filter(|n| n.symptoms.as_ref().is_some_and(|s| !s.is_empty()))
            .count() as u32,
    }
}

/// Stocking wear from the latest compression start on or before the period's last night, when
/// it was not stopped before the period began; `None` without one.
pub fn compression(
    diary: &Diary<'_>,
    events: &[Event],
    p: Period,
    today: NaiveDate,
) -> Option<CompressionWear> {
    let start = events
        .iter()
        .filter(|e| e.kind == EventKind::CompressionStart && e.date <= p.to)
        .map(|e| e.date)
        .max()?;
    let stop = events
        .iter()
        .filter(|e| e.kind == EventKind::CompressionStop && e.date > start)
        .map(|e| e.date)
        .min();
    let from = start.max(p.from);
    let to = stop.map_or(p.to, |s| (s - Duration::days(1)).min(p.to));
    if to < from {
        return None;
    }
    let mut w = CompressionWear {
        started: start,
        from,
        to,
        most: 0,
        part: 0,
        none: 0,
        unknown: 0,
        missing: 0,
    };
    let mut d = from;
    while d <= to {
        match diary.get(d).map(|n| n.compression) {
            Some(Some(Compression::Most)) => w.most += 1,
            Some(Some(Compression::Part)) => w.part += 1,
            Some(Some(Compression::None)) => w.none += 1,
            Some(None) => w.unknown += 1,
            None if is_due(d, today) => w.missing += 1,
            None => {}
        }
        d += Duration::days(1);
    }
    Some(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Episode, Symptom};

    fn night(d: u32) -> Night {
        Night {
            night: NaiveDate::from_ymd_opt(2026, 11, d).unwrap(),
            ..Night::default()
        }
    }

    #[test]
    fn the_table_counts_episodes_and_signed_nights_by_side() {
        let mut a = night(1);
        a.episodes = vec![
            Episode {
                leg: Some(Leg::Left),
                ..Episode::default()
            },
            Episode {
                leg: Some(Leg::Both),
                ..Episode::default()
            },
        ];
        a.symptoms = Some(vec![
            Symptom {
                id: SymptomId::Heaviness,
                side: Some(Leg::Left),
                severity: Some(5),
            },
            Symptom {
                id: SymptomId::AnkleSwelling,
                side: Some(Leg::Left),
                severity: None,
            },
        ]);
        a.calf_cm_left = Some(38.0);
        a.calf_cm_right = Some(37.0);
        let mut b = night(2);
        b.symptoms = Some(vec![Symptom {
            id: SymptomId::Heaviness,
            side: Some(Leg::Right),
            severity: Some(3),
        }]);
        b.symptom_peak = Some(Peak::EndOfDay);
        let s = sides(&[&a, &b], &Profile::default());
        let get = |id: &str| s.rows.iter().find(|r| r.id == id).unwrap().clone();
        assert_eq!(
            (get("cramp_episodes").left, get("cramp_episodes").both),
            (1, 1)
        );
        // Heavy legs at 3/10 is below the table's threshold.
        assert_eq!((get("heaviness_4").left, get("heaviness_4").right), (1, 0));
        assert_eq!(get("ankle_swelling").left, 1);
        assert_eq!(s.checklist_nights, 2);
        assert_eq!(s.calf_difference_mean_cm, Some(1.0));
        let t = timing(&[&a, &b]);
        assert_eq!((t.known, t.symptom_days), (1, 2));
        assert_eq!(t.peaks[0].peak, Peak::EndOfDay);
    }
}
