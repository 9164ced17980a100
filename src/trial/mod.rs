//! Randomised self-experiments (n-of-1 trials) of one self-care measure: the stored schedule,
//! the plan for any night, whether a logged night followed it, and the random draw of each
//! pair's order (docs/design.md section 11).
//!
//! A trial is `pairs` pairs of two periods of `nights` nights each; in every pair one period
//! is *on* (the measure every night) and the other *off*, in an order drawn at random, so
//! each pair is balanced by construction. The first `washout` nights of every period are a
//! washout (the effect of the previous period may linger) and are never analysed.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Night;
use crate::vocab::{Compression, PairOrder, TrialKind};

pub mod words;

/// Defaults of `trial start` (section 11): 5 pairs of 7-night periods with a 2-night washout.
pub const DEFAULT_PAIRS: u32 = 5;
pub const DEFAULT_NIGHTS: u32 = 7;
pub const DEFAULT_WASHOUT: u32 = 2;
/// The most pairs a trial may have (the exact test enumerates 2^pairs sign flips).
pub const MAX_PAIRS: u32 = 16;
/// The longest period, four weeks.
pub const MAX_NIGHTS: u32 = 28;
/// Analysed nights a period needs for its pair to be usable (section 11).
pub const MIN_ANALYSED: u32 = 3;
/// With fewer pairs the smallest possible one-sided p (1 / 2^pairs) is above 0.05.
pub const PAIRS_FOR_SIGNIFICANCE: u32 = 5;

/// One trial as stored in the diary and exported (`{kind, start, pairs, nights, washout,
/// order, stopped}`, section 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trial {
    /// The diary's row id (not exported).
    #[serde(skip)]
    pub id: i64,
    pub kind: TrialKind,
    /// The first night of the first period.
    pub start: NaiveDate,
    pub pairs: u32,
    /// Nights in each period.
    pub nights: u32,
    /// Washout nights at the start of each period.
    pub washout: u32,
    /// The drawn order of each pair.
    pub order: Vec<PairOrder>,
    /// The last night of a trial ended early (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<NaiveDate>,
}

/// What the schedule says for one night.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Period index, 0-based (`2 × pair + 0|1`).
    pub period: u32,
    /// Pair index, 0-based.
    pub pair: u32,
    /// The measure is planned for this night.
    pub on: bool,
    /// One of the period's first `washout` nights: never analysed.
    pub washout: bool,
}

/// How a logged night's exposure reads against the trial's measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    On,
    Off,
    /// Known but neither on nor off (stockings part of the day, legs raised 1–29 min).
    Between,
    Unknown,
}

impl Trial {
    /// Periods in the whole schedule.
    pub fn periods(&self) -> u32 {
        2 * self.pairs
    }

    /// The last night of the full schedule.
    pub fn planned_end(&self) -> NaiveDate {
        self.start + Duration::days(i64::from(self.periods() * self.nights) - 1)
    }

    /// The last night that belongs to the trial: its stop night, else the planned end.
    pub fn end(&self) -> NaiveDate {
        self.stopped
            .map_or(self.planned_end(), |s| s.min(self.planned_end()))
    }

    /// The first night of period `period` (0-based).
    pub fn period_start(&self, period: u32) -> NaiveDate {
        self.start + Duration::days(i64::from(period * self.nights))
    }

    /// Whether period `period` (0-based) is an *on* period.
    pub fn period_on(&self, period: u32) -> bool {
        let first_on = self.order.get((period / 2) as usize) == Some(&PairOrder::OnOff);
        first_on == (period % 2 == 0)
    }

    /// The plan for `night`, or `None` outside the trial.
    pub fn plan(&self, night: NaiveDate) -> Option<Plan> {
        if night < self.start || night > self.end() {
            return None;
        }
        let offset = u32::try_from((night - self.start).num_days()).ok()?;
        let period = offset / self.nights;
        Some(Plan {
            period,
            pair: period / 2,
            on: self.period_on(period),
            washout: offset % self.nights < self.washout,
        })
    }

    /// A trial is over once its last night has passed (`as_of` is the last night counted).
    pub fn is_complete(&self, as_of: NaiveDate) -> bool {
        self.end() <= as_of
    }
}

/// The trial whose schedule holds `night`, if any (trials never overlap).
pub fn covering(trials: &[Trial], night: NaiveDate) -> Result<Option<Trial>> {
    Ok(trials.iter().find(|t| t.plan(night).is_some()).cloned())
}

/// Reads a night's exposure to the trial's measure (section 11: *on* is compression `most`,
/// `stretched` yes, or legs raised ≥ 30 min; *off* is `none`, no, or 0).
pub fn exposure(kind: TrialKind, night: &Night) -> Exposure {
    match kind {
        TrialKind::Compression => match night.compression {
            Some(Compression::Most) => Exposure::On,
            Some(Compression::None) => Exposure::Off,
            Some(Compression::Part) => Exposure::Between,
            None => Exposure::Unknown,
        },
        TrialKind::Stretching => match night.stretched {
            Some(true) => Exposure::On,
            Some(false) => Exposure::Off,
            None => Exposure::Unknown,
        },
        TrialKind::Elevation => match night.elevation_min {
            Some(m) if m >= 30 => Exposure::On,
            Some(0) => Exposure::Off,
            Some(_) => Exposure::Between,
            None => Exposure::Unknown,
        },
    }
}

/// A night followed the plan when its exposure matches it; `part`, 1–29 min and unknown
/// never do (docs/design.md section 12a).
pub fn followed(kind: TrialKind, plan: &Plan, night: &Night) -> bool {
    matches!(
        (exposure(kind, night), plan.on),
        (Exposure::On, true) | (Exposure::Off, false)
    )
}

/// The measure in plain words ("compression stockings").
pub fn measure(kind: TrialKind) -> &'static str {
    match kind {
        TrialKind::Compression => "compression stockings",
        TrialKind::Stretching => "calf stretching before bed",
        TrialKind::Elevation => "raising the legs in the evening",
    }
}

/// The plan's short label ("stockings ON").
pub fn label(kind: TrialKind, on: bool) -> &'static str {
    match (kind, on) {
        (TrialKind::Compression, true) => "stockings ON",
        (TrialKind::Compression, false) => "stockings OFF",
        (TrialKind::Stretching, true) => "stretching ON",
        (TrialKind::Stretching, false) => "stretching OFF",
        (TrialKind::Elevation, true) => "legs raised ON",
        (TrialKind::Elevation, false) => "legs raised OFF",
    }
}

/// What following the plan asks for that day ("wear the stockings most of the day").
pub fn instruction(kind: TrialKind, on: bool) -> &'static str {
    match (kind, on) {
        (TrialKind::Compression, true) => "wear the stockings most of the day",
        (TrialKind::Compression, false) => "leave the stockings off all day",
        (TrialKind::Stretching, true) => "stretch your calves before bed",
        (TrialKind::Stretching, false) => "no calf stretching before bed",
        (TrialKind::Elevation, true) => "raise your legs for at least 30 minutes in the evening",
        (TrialKind::Elevation, false) => "do not raise your legs in the evening",
    }
}

/// "Plan for Tue 3 Dec: stockings ON (period 3 of 10)", with the washout said when it is one.
pub fn plan_line(trial: &Trial, night: NaiveDate, plan: &Plan) -> String {
    format!(
        "Plan for {}: {}",
        night.format("%a %-d %b"),
        plan_words(trial, plan)
    )
}

/// The plan itself, without its night: "stockings ON (period 3 of 10)".
pub fn plan_words(trial: &Trial, plan: &Plan) -> String {
    let washout = if plan.washout {
        ", a washout night: not counted, but keep to the plan"
    } else {
        ""
    };
    format!(
        "{} (period {} of {}{washout})",
        label(trial.kind, plan.on),
        plan.period + 1,
        trial.periods(),
    )
}

/// Draws each pair's order: from `seed` when given (reproducible), else from a seed the
/// operating system draws. Each pair is on-then-off or off-then-on with probability ½.
pub fn draw_order(pairs: u32, seed: Option<u64>) -> Result<Vec<PairOrder>> {
    let seed = match seed {
        Some(s) => s,
        None => getrandom::u64().context("drawing the trial's random order from the system")?,
    };
    let mut rng = SplitMix64(seed);
    Ok((0..pairs)
        .map(|_| {
            if rng.next() >> 63 == 0 {
                PairOrder::OnOff
            } else {
                PairOrder::OffOn
            }
        })
        .collect())
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed generator, so a seeded
/// schedule is the same on every machine and version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trial(order: Vec<PairOrder>) -> Trial {
        Trial {
            id: 1,
            kind: TrialKind::Compression,
            start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            pairs: order.len() as u32,
            nights: 7,
            washout: 2,
            order,
            stopped: None,
        }
    }

    #[test]
    fn splitmix_matches_its_reference_values() {
        // First outputs for seed 0 from the reference implementation (Vigna's splitmix64.c).
        let mut rng = SplitMix64(0);
        assert_eq!(rng.next(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn a_seeded_schedule_is_reproducible_and_each_pair_is_balanced() {
        let a = draw_order(10, Some(42)).unwrap();
        assert_eq!(a, draw_order(10, Some(42)).unwrap());
        assert_ne!(a, draw_order(10, Some(43)).unwrap());
        let t = trial(a);
        for pair in 0..t.pairs {
            let (first, second) = (t.period_on(2 * pair), t.period_on(2 * pair + 1));
            assert_ne!(
                first, second,
                "pair {pair} must have one on and one off period"
            );
        }
        // Over many seeds both orders are drawn about equally often.
        let on_off = (0..1000u64)
            .flat_map(|s| draw_order(4, Some(s)).unwrap())
            .filter(|o| *o == PairOrder::OnOff)
            .count();
        assert!((1800..2200).contains(&on_off), "{on_off} of 4000");
    }

    #[test]
    fn system_randomness_draws_a_full_schedule() {
        assert_eq!(draw_order(5, None).unwrap().len(), 5);
    }

    #[test]
    fn plans_follow_periods_pairs_and_washout() {
        let t = trial(vec![PairOrder::OffOn, PairOrder::OnOff]);
        let d = |n: i64| t.start + Duration::days(n);
        let p = t.plan(d(0)).unwrap();
        assert_eq!((p.period, p.pair, p.on, p.washout), (0, 0, false, true));
        assert!(t.plan(d(1)).unwrap().washout);
        assert!(!t.plan(d(2)).unwrap().washout);
        let p = t.plan(d(7)).unwrap();
        assert_eq!((p.period, p.pair, p.on, p.washout), (1, 0, true, true));
        let p = t.plan(d(14)).unwrap();
        assert_eq!((p.period, p.pair, p.on), (2, 1, true));
        assert!(!t.plan(d(21)).unwrap().on);
        assert_eq!(t.planned_end(), d(27));
        assert!(t.plan(d(28)).is_none());
        assert!(t.plan(d(-1)).is_none());
        assert_eq!(
            plan_line(&t, d(9), &t.plan(d(9)).unwrap()),
            "Plan for Thu 10 Dec: stockings ON (period 2 of 4)"
        );
    }

    #[test]
    fn a_stopped_trial_ends_on_its_stop_night() {
        let mut t = trial(vec![PairOrder::OnOff; 5]);
        t.stopped = Some(t.start + Duration::days(10));
        assert_eq!(t.end(), t.start + Duration::days(10));
        assert!(t.plan(t.start + Duration::days(11)).is_none());
        assert!(t.is_complete(t.start + Duration::days(10)));
        assert!(!t.is_complete(t.start + Duration::days(9)));
    }

    #[test]
    fn only_a_matching_exposure_follows_the_plan() {
        let on = Plan {
            period: 0,
            pair: 0,
            on: true,
            washout: false,
        };
        let off = Plan { on: false, ..on };
        let mut n = Night::new(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert!(!followed(TrialKind::Compression, &on, &n));
        assert!(!followed(TrialKind::Compression, &off, &n));
        n.compression = Some(Compression::Part);
        assert!(!followed(TrialKind::Compression, &on, &n));
        assert!(!followed(TrialKind::Compression, &off, &n));
        n.compression = Some(Compression::Most);
        assert!(followed(TrialKind::Compression, &on, &n));
        n.elevation_min = Some(29);
        assert!(!followed(TrialKind::Elevation, &on, &n));
        assert!(!followed(TrialKind::Elevation, &off, &n));
        n.elevation_min = Some(30);
        assert!(followed(TrialKind::Elevation, &on, &n));
        n.elevation_min = Some(0);
        assert!(followed(TrialKind::Elevation, &off, &n));
        n.stretched = Some(false);
        assert!(followed(TrialKind::Stretching, &off, &n));
        assert!(!followed(TrialKind::Stretching, &on, &n));
    }
}
