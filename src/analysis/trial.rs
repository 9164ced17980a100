//! The analysis of a randomised self-experiment (docs/design.md sections 11 and 12a), by
//! assignment (intention to treat): washout nights left out, per-period counts, usable pairs,
//! the paired differences `d_i`, their mean `T`, the exact sign-flip p-values, the risk ratio
//! and episode rate ratio over all analysed nights, adherence and the result.
//!
//! Pure: a function of the trial, the diary's nights and the last night to count.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::Night;
use crate::stats;
use crate::trial::{self, MIN_ANALYSED, Trial};
use crate::vocab::{PairOrder, TrialKind};

/// Adherence below this share earns a warning (section 11).
pub const ADHERENCE_WARNING: f64 = 0.8;
/// The one-sided p a benefit needs.
pub const ALPHA: f64 = 0.05;
/// Usable pairs the test needs (section 11: else "too early to tell").
pub const MIN_USABLE_PAIRS: usize = 3;

/// One trial, analysed as of a night.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrialAnalysis {
    pub kind: TrialKind,
    pub start: NaiveDate,
    /// The last night of the full schedule.
    pub planned_end: NaiveDate,
    /// The last night of a trial ended early.
    pub stopped: Option<NaiveDate>,
    pub pairs: u32,
    pub nights: u32,
    pub washout: u32,
    pub order: Vec<PairOrder>,
    /// The last night counted (last night, or the report period's end if earlier).
    pub as_of: NaiveDate,
    /// `running` or `complete`.
    pub status: Status,
    /// Every night of the schedule, in order.
    pub strip: Vec<StripNight>,
    pub periods: Vec<PeriodCounts>,
    pub pair_differences: Vec<PairDifference>,
    pub usable_pairs: usize,
    /// Mean of the usable pairs' differences (on minus off share of cramp nights).
    pub t: Option<f64>,
    /// Share of sign flips with `T* ≤ T` (benefit = fewer cramps when on).
    pub p_one_sided: Option<f64>,
    /// Share of sign flips with `|T*| ≥ |T|`.
    pub p_two_sided: Option<f64>,
    /// Analysed nights of the on periods, and of the off periods.
    pub on: GroupCounts,
    pub off: GroupCounts,
    /// Cramp nights per analysed logged night, on vs off, with the Katz 95 % CI.
    pub risk_ratio: Ratio,
    /// Episodes per analysed logged night, on vs off, with the exact 95 % CI.
    pub episode_rate_ratio: Ratio,
    pub adherence: Adherence,
    pub result: TrialResult,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Running,
    Complete,
}

/// What the strip shows for one night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NightState {
    /// An analysed, logged night of an on period.
    On,
    /// An analysed, logged night of an off period.
    Off,
    /// A washout night (never analysed, logged or not).
    Washout,
    /// An analysed night that was not logged.
    Missing,
    /// A night after the one analysis counts to.
    Planned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StripNight {
    pub night: NaiveDate,
    /// The plan: the measure on this night.
    pub planned_on: bool,
    pub state: NightState,
    /// For an analysed logged night: whether it followed the plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub followed: Option<bool>,
}

/// One period's numbers (analysed nights only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodCounts {
    /// 1-based.
    pub period: u32,
    /// 1-based.
    pub pair: u32,
    pub on: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Nights of the period after its washout that have passed.
    pub analysed_nights: u32,
    pub logged: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
    pub followed: u32,
}

impl PeriodCounts {
    fn share(&self) -> Option<f64> {
        (self.logged > 0).then(|| f64::from(self.cramp_nights) / f64::from(self.logged))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairDifference {
    /// 1-based.
    pub pair: u32,
    /// Both periods have ≥ 3 analysed logged nights.
    pub usable: bool,
    /// On share of cramp nights minus off share, when usable.
    pub d: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub logged: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
}

/// A ratio with its 95 % CI; `None` is infinite or undefined (JSON `null`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ratio {
    pub ratio: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Adherence {
    /// Analysed logged nights that followed the plan.
    pub followed: u32,
    pub analysed_logged: u32,
    pub share: Option<f64>,
    /// Below 80 %.
    pub low: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrialResult {
    Benefit,
    NoClearBenefit,
    InProgress,
    TooEarly,
}

/// Every trial whose schedule overlaps `period`, analysed up to the period's end or last
/// night, whichever is earlier (section 11: the report's `trials`).
pub fn in_period(
    trials: &[Trial],
    nights: &[Night],
    period: crate::model::Period,
    today: NaiveDate,
) -> Vec<TrialAnalysis> {
    let as_of = period.to.min(today - Duration::days(1));
    trials
        .iter()
        .filter(|t| t.start <= period.to && t.end() >= period.from)
        .map(|t| analyse(t, nights, as_of))
        .collect()
}

/// Analyses `trial` over `nights` (any range), counting nights up to `as_of` inclusive.
pub fn analyse(trial: &Trial, nights: &[Night], as_of: NaiveDate) -> TrialAnalysis {
    let by_night: BTreeMap<NaiveDate, &Night> = nights.iter().map(|n| (n.night, n)).collect();
    let end = trial.end();
    let mut periods: Vec<PeriodCounts> = (0..trial.periods())
        .map(|p| {
            let from = trial.period_start(p);
            PeriodCounts {
                period: p + 1,
                pair: p / 2 + 1,
                on: trial.period_on(p),
                from,
                to: (from + Duration::days(i64::from(trial.nights) - 1)).min(end),
                analysed_nights: 0,
                logged: 0,
                cramp_nights: 0,
                episodes: 0,
                followed: 0,
            }
        })
        .filter(|p| p.from <= end)
        .collect();
    let mut strip = Vec::new();
    let mut night = trial.start;
    while night <= end {
        let Some(plan) = trial.plan(night) else { break };
        let entry = by_night.get(&night);
        let (state, followed) = if night > as_of {
            (NightState::Planned, None)
        } else if plan.washout {
            (NightState::Washout, None)
        } else {
            let counts = &mut periods[plan.period as usize];
            counts.analysed_nights += 1;
            match entry {
                None => (NightState::Missing, None),
                Some(n) => {
                    let followed = trial::followed(trial.kind, &plan, n);
                    counts.logged += 1;
                    counts.cramp_nights += u32::from(n.had_cramp());
                    counts.episodes += u32::try_from(n.episodes.len()).unwrap_or(u32::MAX);
                    counts.followed += u32::from(followed);
                    let state = if plan.on {
                        NightState::On
                    } else {
                        NightState::Off
                    };
                    (state, Some(followed))
                }
            }
        };
        strip.push(StripNight {
            night,
            planned_on: plan.on,
            state,
            followed,
        });
        night += Duration::days(1);
    }

    let pair_differences: Vec<PairDifference> = periods
        .chunks(2)
        .map(|pair| {
            let usable = pair.len() == 2 && pair.iter().all(|p| p.logged >= MIN_ANALYSED);
            let share = |on: bool| pair.iter().find(|p| p.on == on).and_then(|p| p.share());
            let d = match (usable, share(true), share(false)) {
                (true, Some(on), Some(off)) => Some(on - off),
                _ => None,
            };
            PairDifference {
                pair: pair[0].pair,
                usable: d.is_some(),
                d,
            }
        })
        .collect();
    let d: Vec<f64> = pair_differences.iter().filter_map(|p| p.d).collect();
    let test = stats::sign_flip_test(&d);

    let group = |on: bool| {
        periods
            .iter()
            .filter(|p| p.on == on)
            .fold(GroupCounts::default(), |g, p| GroupCounts {
                logged: g.logged + p.logged,
                cramp_nights: g.cramp_nights + p.cramp_nights,
                episodes: g.episodes + p.episodes,
            })
    };
    let (on, off) = (group(true), group(false));
    let rr = stats::risk_ratio(
        u64::from(on.cramp_nights),
        u64::from(on.logged - on.cramp_nights),
        u64::from(off.cramp_nights),
        u64::from(off.logged - off.cramp_nights),
    );
    let err = stats::rate_ratio_exact(
        u64::from(on.episodes),
        f64::from(on.logged),
        u64::from(off.episodes),
        f64::from(off.logged),
    );
    let followed: u32 = periods.iter().map(|p| p.followed).sum();
    let analysed_logged = on.logged + off.logged;
    let share = (analysed_logged > 0).then(|| f64::from(followed) / f64::from(analysed_logged));
    let risk_ratio = Ratio {
        ratio: rr.ratio,
        ci_low: rr.ci_low,
        ci_high: rr.ci_high,
    };
    let complete = trial.is_complete(as_of);
    let result = if d.len() < MIN_USABLE_PAIRS {
        TrialResult::TooEarly
    } else if test.is_some_and(|t| t.p_less < ALPHA) && risk_ratio.ci_high.is_some_and(|h| h < 1.0)
    {
        TrialResult::Benefit
    } else if complete {
        TrialResult::NoClearBenefit
    } else {
        TrialResult::InProgress
    };
    TrialAnalysis {
        kind: trial.kind,
        start: trial.start,
        planned_end: trial.planned_end(),
        stopped: trial.stopped,
        pairs: trial.pairs,
        nights: trial.nights,
        washout: trial.washout,
        order: trial.order.clone(),
        as_of,
        status: if complete {
            Status::Complete
        } else {
            Status::Running
        },
        strip,
        periods,
        usable_pairs: d.len(),
        pair_differences,
        t: test.map(|t| t.t),
        p_one_sided: test.map(|t| t.p_less),
        p_two_sided: test.map(|t| t.p_two_sided),
        on,
        off,
        risk_ratio,
        episode_rate_ratio: Ratio {
            ratio: err.ratio,
            ci_low: err.ci_low,
            ci_high: err.ci_high,
        },
        adherence: Adherence {
            followed,
            analysed_logged,
            share,
            low: share.is_some_and(|s| s < ADHERENCE_WARNING),
        },
        result,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Episode;
    use crate::vocab::Compression;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
    }

    fn trial(order: Vec<PairOrder>) -> Trial {
        Trial {
            id: 1,
            kind: TrialKind::Compression,
            start: start(),
            pairs: order.len() as u32,
            nights: 7,
            washout: 2,
            order,
            stopped: None,
        }
    }

    /// Logs every night of the trial, following the plan; `cramps(on, index in period)`.
    fn diary(t: &Trial, cramps: impl Fn(bool, u32) -> u32) -> Vec<Night> {
        let mut nights = Vec::new();
        let mut d = t.start;
        while d <= t.end() {
            let plan = t.plan(d).unwrap();
            let mut n = Night::new(d);
            n.compression = Some(if plan.on {
                Compression::Most
            } else {
                Compression::None
            });
            let offset = (d - t.period_start(plan.period)).num_days() as u32;
            for _ in 0..cramps(plan.on, offset) {
                n.episodes.push(Episode::default());
            }
            nights.push(n);
            d += Duration::days(1);
        }
        nights
    }

    #[test]
    fn a_strong_effect_with_full_adherence_is_a_benefit() {
        use PairOrder::*;
        let t = trial(vec![OnOff, OffOn, OffOn, OnOff, OnOff]);
        // Off: cramps on 4 of the 5 analysed nights; on: 1 of 5; washout nights always cramp.
        let nights = diary(&t, |on, i| {
            u32::from(i < 2 || if on { i == 2 } else { i < 6 })
        });
        let a = analyse(&t, &nights, t.planned_end());
        assert_eq!(a.usable_pairs, 5);
        assert!(
            a.pair_differences
                .iter()
                .all(|p| (p.d.unwrap() + 0.6).abs() < 1e-12)
        );
        assert_eq!(a.on.logged, 25);
        assert_eq!((a.on.cramp_nights, a.off.cramp_nights), (5, 20));
        assert_eq!(a.p_one_sided, Some(1.0 / 32.0));
        assert_eq!(a.p_two_sided, Some(2.0 / 32.0));
        assert_eq!(a.risk_ratio.ratio, Some(0.25));
        assert!(a.risk_ratio.ci_high.unwrap() < 1.0);
        assert_eq!(a.adherence.share, Some(1.0));
        assert_eq!(a.result, TrialResult::Benefit);
        assert_eq!(a.status, Status::Complete);
        assert_eq!(
            a.strip
                .iter()
                .filter(|s| s.state == NightState::Washout)
                .count(),
            20
        );
    }

    #[test]
    fn no_effect_is_no_clear_benefit_and_a_running_trial_is_in_progress() {
        let t = trial(vec![PairOrder::OffOn; 5]);
        let nights = diary(&t, |_, i| u32::from(i % 2 == 0));
        let a = analyse(&t, &nights, t.planned_end());
        assert_eq!(a.t, Some(0.0));
        assert_eq!(a.p_one_sided, Some(1.0));
        assert_eq!(a.result, TrialResult::NoClearBenefit);
        // Three pairs in, the same diary is still running.
        let a = analyse(&t, &nights, t.start + Duration::days(3 * 14 - 1));
        assert_eq!((a.usable_pairs, a.status), (3, Status::Running));
        assert_eq!(a.result, TrialResult::InProgress);
        assert_eq!(a.strip.last().unwrap().state, NightState::Planned);
    }

    #[test]
    fn fewer_than_three_usable_pairs_is_too_early_even_when_stopped() {
        let mut t = trial(vec![PairOrder::OnOff; 5]);
        t.stopped = Some(t.start + Duration::days(2 * 14 - 1));
        let nights = diary(&t, |on, _| u32::from(!on));
        let a = analyse(&t, &nights, t.start + Duration::days(60));
        assert_eq!(a.usable_pairs, 2);
        assert_eq!(a.status, Status::Complete);
        assert_eq!(a.result, TrialResult::TooEarly);
        assert_eq!(a.periods.len(), 4);
        assert_eq!(a.strip.len(), 28);
    }

    #[test]
    fn washout_nights_never_count_and_missing_nights_are_not_zero() {
        let t = trial(vec![PairOrder::OnOff; 3]);
        let mut nights = diary(&t, |_, i| if i < 2 { 5 } else { 0 });
        // Drop three analysed nights of the first (on) period: it has 2 logged, unusable.
        nights.retain(|n| {
            !(n.night >= t.start + Duration::days(2) && n.night <= t.start + Duration::days(4))
        });
        let a = analyse(&t, &nights, t.planned_end());
        assert!(
            a.periods
                .iter()
                .all(|p| p.episodes == 0 && p.cramp_nights == 0)
        );
        assert_eq!(a.periods[0].analysed_nights, 5);
        assert_eq!(a.periods[0].logged, 2);
        assert!(!a.pair_differences[0].usable);
        assert_eq!(a.usable_pairs, 2);
        assert_eq!(
            a.strip
                .iter()
                .filter(|s| s.state == NightState::Missing)
                .count(),
            3
        );
        // No cramp at all in analysed nights: the ratios are undefined, never 1.
        assert_eq!(a.risk_ratio.ratio, None);
        assert_eq!(a.episode_rate_ratio.ratio, None);
    }

    #[test]
    fn part_and_unknown_nights_count_by_assignment_but_not_as_followed() {
        let t = trial(vec![PairOrder::OnOff; 3]);
        let mut nights = diary(&t, |on, _| u32::from(!on));
        for n in nights.iter_mut().take(7) {
            n.compression = Some(Compression::Part);
        }
        nights[9].compression = None;
        let a = analyse(&t, &nights, t.planned_end());
        assert_eq!(a.adherence.analysed_logged, 30);
        assert_eq!(a.adherence.followed, 24);
        assert_eq!(a.adherence.share, Some(0.8));
        assert!(!a.adherence.low);
        assert_eq!(a.on.logged, 15);
    }
}
