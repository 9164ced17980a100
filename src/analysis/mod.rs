//! Pure analysis of a loaded diary: coverage, series, summary numbers, distributions,
//! co-symptoms, exposure comparisons and the fourteen pattern flags of docs/design.md section 5.
//!
//! Everything here is a function of an [`Input`] (the nights, profile, medications and events
//! as loaded, the report period and today's date): no I/O, no clock. The report model
//! (`report::Report`) is assembled from these values and is the one source of every
//! number a renderer prints.
//!
//! Conventions that hold throughout:
//! - the unit is a *logged night*; a night without an entry is *missing*, never a zero, and is
//!   left out of every rate (a week with no logged night has no rate at all);
//! - tonight (the night of `today`) is never counted as missing;
//! - exposures describe the day before the night they are logged with;
//! - a ratio or bound that is infinite or undefined is `None` (JSON `null`, printed "—").

pub mod associations;
pub mod changes;
pub mod coverage;
pub mod distributions;
pub mod flags;
pub mod judge;
pub mod sides;
pub mod trial;
pub mod windows;
pub mod wording;

use chrono::{Duration, NaiveDate};

use crate::model::{Event, Medication, Night, Period};
use crate::profile::Profile;
use crate::vocab::SymptomId;

/// Everything the analysis reads.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Logged nights, any range (windows may reach outside the period); order does not matter.
    pub nights: &'a [Night],
    /// The patient's profile (typed; `None` fields are not recorded).
    pub profile: &'a Profile,
    pub medications: &'a [Medication],
    pub events: &'a [Event],
    /// The report period (inclusive).
    pub period: Period,
    /// Today's date (from `clock::today`): tonight is never missing, red flags within the
    /// last 3 nights say "now".
    pub today: NaiveDate,
}

/// The diary's nights sorted by date, for fast window look-ups.
#[derive(Debug, Clone)]
pub struct Diary<'a> {
    nights: Vec<&'a Night>,
}

impl<'a> Diary<'a> {
    pub fn new(nights: &'a [Night]) -> Diary<'a> {
        let mut sorted: Vec<&Night> = nights.iter().collect();
        sorted.sort_by_key(|n| n.night);
        // A diary has one entry per night; keep the first if a caller passed duplicates.
        sorted.dedup_by_key(|n| n.night);
        Diary { nights: sorted }
    }

    /// Logged nights from `from` to `to`, inclusive, in date order.
    pub fn range(&self, from: NaiveDate, to: NaiveDate) -> &[&'a Night] {
        if from > to {
            return &[];
        }
        let lo = self.nights.partition_point(|n| n.night < from);
        let hi = self.nights.partition_point(|n| n.night <= to);
        &self.nights[lo..hi]
    }

    /// Logged nights of a period.
    pub fn period(&self, p: Period) -> &[&'a Night] {
        self.range(p.from, p.to)
    }

    /// The entry for one night.
    /// The first night ever logged (before or in any period).
    pub fn first(&self) -> Option<NaiveDate> {
        self.nights.first().map(|n| n.night)
    }

    pub fn get(&self, d: NaiveDate) -> Option<&'a Night> {
        self.nights
            .binary_search_by_key(&d, |n| n.night)
            .ok()
            .map(|i| self.nights[i])
    }

    /// Every logged night up to `to`, in date order.
    pub fn up_to(&self, to: NaiveDate) -> &[&'a Night] {
        let hi = self.nights.partition_point(|n| n.night <= to);
        &self.nights[..hi]
    }
}

/// The latest venous duplex scan recorded on or before `to`; with `with_result`, the latest
/// one whose result was recorded (docs/design.md section 12, "Duplex result").
pub fn latest_duplex(events: &[Event], to: NaiveDate, with_result: bool) -> Option<&Event> {
    events
        .iter()
        .filter(|e| {
            e.kind == crate::vocab::EventKind::DuplexScan
                && e.date <= to
                && (!with_result || e.result.is_some())
        })
        .max_by_key(|e| (e.date, e.id))
}

pub use crate::vocab::Level;

/// How a sensation or sign was reported on a night whose checklist was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Not ticked, or ticked with severity 0.
    Absent,
    /// A sensation ticked with severity 1–3.
    Mild,
    /// A sign ticked, or a sensation at ≥ 4/10 or without a severity (docs/design.md section 5: "a
    /// sensation logged without a severity counts as present at ≥ 4").
    Present,
}

/// How `id` was reported on night `n`; `None` when the checklist was not answered.
pub fn presence(n: &Night, id: SymptomId) -> Option<Presence> {
    let list = n.symptoms.as_ref()?;
    Some(match list.iter().find(|s| s.id == id) {
        None => Presence::Absent,
        Some(s) => match s.severity {
            Some(0) => Presence::Absent,
            Some(v) if v < 4 && id.takes_severity() => Presence::Mild,
            _ => Presence::Present,
        },
    })
}

/// The period's nights that could have been logged: every night before today, plus tonight
/// once it is logged.
pub fn is_due(d: NaiveDate, today: NaiveDate) -> bool {
    d < today
}

/// `n` nights ending at `to` (inclusive).
pub fn window_ending(to: NaiveDate, n: i64) -> Period {
    Period {
        from: to - Duration::days(n - 1),
        to,
    }
}

/// Median of a non-empty list (mean of the two middle values for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    })
}

/// `x / y` when `y` is not zero.
pub fn ratio(x: f64, y: f64) -> Option<f64> {
    (y != 0.0).then(|| x / y).filter(|v| v.is_finite())
}

/// Everything the analysis computes, in the shape the report embeds.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub coverage: coverage::Coverage,
    pub summary: coverage::Summary,
    pub previous_summary: coverage::Summary,
    pub weekly: Vec<coverage::Week>,
    pub monthly: Vec<coverage::Month>,
    pub calendar: Vec<coverage::CalendarNight>,
    pub distributions: distributions::Distributions,
    pub cosymptoms: Vec<distributions::CoSymptom>,
    pub associations: Vec<associations::Comparison>,
    pub changes: Vec<changes::Change>,
    pub flags: Vec<flags::Flag>,
    pub composite: flags::Composite,
    pub topics_to_discuss: Vec<String>,
}

/// Runs every analysis over the input.
pub fn analyse(input: &Input<'_>) -> Analysis {
    let diary = Diary::new(input.nights);
    let p = input.period;
    let coverage = coverage::coverage(&diary, p, input.today);
    let summary = coverage::summary(&diary, p, input.today);
    let previous_summary = coverage::summary(&diary, p.previous(), input.today);
    let weekly = coverage::weekly(&diary, p, input.today);
    let monthly = coverage::monthly(&diary, p, input.today);
    let calendar = coverage::calendar(&diary, p, input.today);
    let in_period = diary.period(p);
    let distributions = distributions::distributions(in_period);
    let cosymptoms = distributions::cosymptoms(in_period);
    let flagged = flags::evaluate(input, &diary, &coverage, &weekly);
    let changes = changes::changes(input, &diary);
    Analysis {
        coverage,
        summary,
        previous_summary,
        weekly,
        monthly,
        calendar,
        distributions,
        cosymptoms,
        associations: flagged.associations,
        changes,
        flags: flagged.flags,
        composite: flagged.composite,
        topics_to_discuss: flagged.topics,
    }
}
