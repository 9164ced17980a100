//! Which nights a report reads: its period and the windows its rules and changes reach back
//! to, so that loading (and so the report's cost) does not grow with the diary's length
//! (`docs/design.md` section 8, version 2).
//!
//! The analysis reads nights only through [`super::Diary`] windows; every window that reaches
//! before the period is declared here. A rule that reads further back must add its reach to
//! [`earliest_night`], or a report of a long diary silently differs from the report of the
//! whole diary (a test in `cmd::report` builds both and compares them).
//!
//! The loader then reads one contiguous stretch of the diary: from the last logged night on or
//! before [`earliest_night`] to the period's end. A contiguous suffix of the logged nights keeps
//! every scan exact that counts logged nights since some event (the stretching start's "14
//! nights without"): a suffix can only undercount them, never invent a start, and it holds the
//! one the whole diary would find because its reach is declared below.

use chrono::{Duration, NaiveDate};

use crate::model::Period;
use crate::model::{Event, Medication};
use crate::vocab::EventKind;

/// The nightly stretching start as the store finds it (`docs/design.md` section 5,
/// `self_care_nonresponse`: the first of ≥ 7 consecutive logged nights with `stretched` after
/// ≥ 14 logged nights without).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StretchingRun {
    /// The first night of the run.
    pub start: NaiveDate,
    /// The 14th logged night before `start`: from there on the scan sees the 14 without.
    pub counted_from: NaiveDate,
}

use super::flags::medication_timing_association::WINDOW_NIGHTS as MEDICATION_WINDOW;
use super::flags::self_care_nonresponse::BASELINE_NIGHTS as STRETCHING_BASELINE;
use super::flags::worsening_trend::{BEFORE_NIGHTS, RECENT_NIGHTS};

/// Changes after treatments (section 10): *earlier* and *before*, 28 nights each.
const CHANGE_REACH: i64 = 56;

/// The earliest night the analysis of period `p` reads. `nightly_stretching` is the store's
/// answer for the period's end; it only matters when no `stretching_start` event decides.
pub fn earliest_night(
    p: Period,
    medications: &[Medication],
    events: &[Event],
    nightly_stretching: Option<StretchingRun>,
) -> NaiveDate {
    let days = Duration::days;
    let mut earliest = p.from.min(p.previous().from);
    earliest = earliest.min(p.to - days(RECENT_NIGHTS + BEFORE_NIGHTS - 1));
    earliest = earliest.min(p.from - days(CHANGE_REACH));
    for m in medications {
        // Starts whose "after" window overlaps the period (see `medication_timing_association::starts`).
        if m.start <= p.to && m.start + days(MEDICATION_WINDOW - 1) >= p.from {
            earliest = earliest.min(m.start - days(MEDICATION_WINDOW));
        }
    }
    let stretching_event = events
        .iter()
        .filter(|e| e.kind == EventKind::StretchingStart && e.date <= p.to)
        .map(|e| e.date)
        .max();
    match (stretching_event, nightly_stretching) {
        (Some(start), _) => earliest = earliest.min(start - days(STRETCHING_BASELINE)),
        (None, Some(run)) => {
            earliest = earliest
                .min(run.start - days(STRETCHING_BASELINE))
                .min(run.counted_from);
        }
        (None, None) => {}
    }
    earliest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::MedClass;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn reach_covers_previous_period_trend_medicines_and_stretching() {
        let p = Period {
            from: d("2026-09-01"),
            to: d("2026-11-23"),
        };
        // The previous period of 84 nights comes first.
        assert_eq!(earliest_night(p, &[], &[], None), d("2026-06-09"));
        // A short period still reaches back for the trend and the changes.
        let short = Period {
            from: d("2026-11-20"),
            to: d("2026-11-23"),
        };
        assert_eq!(earliest_night(short, &[], &[], None), d("2026-09-25"));
        let med = Medication {
            name: "x".into(),
            class: MedClass::LoopDiuretic,
            start: d("2026-07-10"),
            stop: None,
            dose: None,
        };
        assert_eq!(
            earliest_night(p, std::slice::from_ref(&med), &[], None),
            d("2026-05-15")
        );
        let run = StretchingRun {
            start: d("2020-03-01"),
            counted_from: d("2020-01-02"),
        };
        assert_eq!(earliest_night(p, &[], &[], Some(run)), d("2020-01-02"));
        // An event decides the stretching start; the nightly run is then not needed.
        let ev = Event {
            id: 1,
            date: d("2025-01-20"),
            kind: EventKind::StretchingStart,
            label: None,
            side: None,
            result: None,
        };
        assert_eq!(earliest_night(p, &[], &[ev], Some(run)), d("2025-01-06"));
    }
}
