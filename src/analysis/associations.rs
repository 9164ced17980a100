//! Day-before exposures compared with that night's cramps (docs/design.md section 5 conventions).
//!
//! Each comparison splits the logged nights whose exposure is known into an *exposed* and an
//! *unexposed* group (nights in between, e.g. 2–4 h of standing, are in neither) and reports
//! (a) the cramp-episode rate ratio with its exact conditional-binomial 95 % CI, and (b) the
//! night-level 2×2 table (cramp night yes/no) with Fisher's exact two-sided p and the risk
//! ratio (Katz 95 % CI). Below a comparison's minimum no statistic is computed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::flags::{Measure, Test, judge};
use super::{Level, Presence, presence};
use crate::model::Night;
use crate::stats;
use crate::vocab::{Compression, Exertion, SymptomId};

/// The direction a comparison is expected to go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Expected {
    /// More cramps with the exposure (venous symptoms, standing, a new medicine…).
    More,
    /// Fewer cramps with the exposure (compression, elevation, stretching).
    Fewer,
}

/// One group of nights in a comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub nights: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
}

impl Group {
    fn add(&mut self, n: &Night) {
        self.nights += 1;
        self.cramp_nights += u32::from(n.had_cramp());
        self.episodes += n.episodes.len() as u32;
    }

    /// Share of the group's nights with cramps.
    pub fn cramp_share(&self) -> Option<f64> {
        super::ratio(f64::from(self.cramp_nights), f64::from(self.nights))
    }
}

/// One exposure comparison with its 2×2 table and statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `venous`, `standing`, `hard_exertion`, `compression`, `elevation`, `heat`,
    /// `stretched`, `alcohol`, or `medication:NAME:START` for a medication start.
    pub id: String,
    /// What is compared ("≥ 4 h standing vs < 2 h").
    pub label: String,
    /// The exposed group in words ("after ≥ 4 h standing").
    pub exposed_label: String,
    /// The unexposed group in words ("after < 2 h standing").
    pub unexposed_label: String,
    pub expected: Expected,
    /// The flag this comparison decides, if any; exploratory comparisons have none.
    pub flag: Option<String>,
    /// Part of the Holm family of the association flags.
    pub in_holm_family: bool,
    /// Logged nights (in the comparison's window) with the exposure known.
    pub known_nights: u32,
    /// Logged nights where the exposure is unknown (left out).
    pub unknown_nights: u32,
    /// Known nights in neither group (e.g. 2–4 h standing, `hard` exertion days).
    pub between_nights: u32,
    pub exposed: Group,
    pub unexposed: Group,
    /// The minimum data were met and the statistics below computed.
    pub sufficient: bool,
    /// What is missing when not sufficient.
    pub missing: Option<String>,
    /// Cramp-night share exposed / unexposed.
    pub risk_ratio: Option<f64>,
    pub risk_ratio_ci_low: Option<f64>,
    pub risk_ratio_ci_high: Option<f64>,
    /// Fisher's exact two-sided p of the night-level 2×2 table.
    pub fisher_p: Option<f64>,
    /// Holm-adjusted Fisher p (family: the association flags' comparisons).
    pub fisher_p_holm: Option<f64>,
    /// Episodes per night exposed / unexposed, with exact 95 % CI and two-sided p.
    pub rate_ratio: Option<f64>,
    pub rate_ratio_ci_low: Option<f64>,
    pub rate_ratio_ci_high: Option<f64>,
    pub rate_ratio_p: Option<f64>,
    /// The level this comparison reaches (flag comparisons only, after Holm).
    pub level: Option<Level>,
    /// The exposed nights (the nights behind the comparison).
    pub exposed_nights: Vec<NaiveDate>,
}

impl Comparison {
    /// What the judge decides on (docs/design.md, association levels): the direction of
    /// the night shares, the rate ratio's exact CI, and Fisher's p (unadjusted and Holm).
    /// Below the minimum: what is missing.
    pub fn measure(&self) -> Measure {
        let shares = (self.exposed.cramp_share(), self.unexposed.cramp_share());
        let (true, Some(exp), Some(unexp)) = (self.sufficient, shares.0, shares.1) else {
            return Measure::Insufficient(self.missing.clone().unwrap_or_default());
        };
        let (direction, ci_excludes_one) = match self.expected {
            Expected::More => (exp > unexp, self.rate_ratio_ci_low.is_some_and(|l| l > 1.0)),
            Expected::Fewer => (
                exp < unexp,
                self.rate_ratio_ci_high.is_some_and(|h| h < 1.0),
            ),
        };
        Measure::Association(Test {
            direction,
            ci_excludes_one,
            p: self.fisher_p,
            p_holm: self.fisher_p_holm,
        })
    }

    /// The level [`judge`] gives this comparison.
    pub fn association_level(&self) -> Level {
        judge(&self.measure())
    }

    /// Fills in the statistics from the groups (call once the minimum is known to be met).
    pub fn compute(&mut self) {
        let (e, u) = (self.exposed, self.unexposed);
        let (a, b) = (
            u64::from(e.cramp_nights),
            u64::from(e.nights - e.cramp_nights),
        );
        let (c, d) = (
            u64::from(u.cramp_nights),
            u64::from(u.nights - u.cramp_nights),
        );
        let rr = stats::risk_ratio(a, b, c, d);
        self.risk_ratio = rr.ratio;
        self.risk_ratio_ci_low = rr.ci_low;
        self.risk_ratio_ci_high = rr.ci_high;
        self.fisher_p = Some(stats::fisher_exact_two_sided(a, b, c, d));
        let rate = stats::rate_ratio_exact(
            u64::from(e.episodes),
            f64::from(e.nights),
            u64::from(u.episodes),
            f64::from(u.nights),
        );
        self.rate_ratio = rate.ratio;
        self.rate_ratio_ci_low = rate.ci_low;
        self.rate_ratio_ci_high = rate.ci_high;
        self.rate_ratio_p = Some(rate.p_two_sided);
        self.sufficient = true;
        self.missing = None;
    }
}

/// Where a night falls in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Exposed,
    Unexposed,
    /// Known, but in neither group.
    Between,
}

/// One day-before exposure: how to classify a night and the minimum data it needs.
pub struct Exposure {
    pub id: &'static str,
    pub label: &'static str,
    pub exposed_label: &'static str,
    pub unexposed_label: &'static str,
    /// "with standing hours known": completes "needs ≥ 28 logged nights …".
    pub known_label: &'static str,
    pub expected: Expected,
    pub flag: Option<&'static str>,
    /// `None` when the exposure is unknown for the night.
    pub classify: fn(&Night) -> Option<Side>,
    pub min_known: u32,
    pub min_per_group: u32,
    pub min_cramp_nights: u32,
}

fn venous(n: &Night) -> Option<Side> {
    let sensations = [
        SymptomId::Heaviness,
        SymptomId::Aching,
        SymptomId::SwellingFeeling,
        SymptomId::AnkleSwelling,
    ];
    let levels: Vec<Presence> = sensations
        .iter()
        .map(|id| presence(n, *id))
        .collect::<Option<_>>()?;
    Some(if levels.contains(&Presence::Present) {
        Side::Exposed
    } else if levels.iter().all(|l| *l == Presence::Absent) {
        Side::Unexposed
    } else {
        Side::Between
    })
}

fn standing(n: &Night) -> Option<Side> {
    let h = n.standing_h?;
    Some(if n.exertion == Some(Exertion::Hard) {
        Side::Between
    } else if h >= 4.0 {
        Side::Exposed
    } else if h < 2.0 {
        Side::Unexposed
    } else {
        Side::Between
    })
}

fn hard_exertion(n: &Night) -> Option<Side> {
    Some(if n.exertion? == Exertion::Hard {
        Side::Exposed
    } else {
        Side::Unexposed
    })
}

fn compression(n: &Night) -> Option<Side> {
    Some(match n.compression? {
        Compression::Most => Side::Exposed,
        Compression::None => Side::Unexposed,
        Compression::Part => Side::Between,
    })
}

fn elevation(n: &Night) -> Option<Side> {
    Some(match n.elevation_min? {
        0 => Side::Unexposed,
        m if m >= 30 => Side::Exposed,
        _ => Side::Between,
    })
}

fn yes_no(v: Option<bool>) -> Option<Side> {
    Some(if v? { Side::Exposed } else { Side::Unexposed })
}

fn heat(n: &Night) -> Option<Side> {
    yes_no(n.heat)
}

fn stretched(n: &Night) -> Option<Side> {
    yes_no(n.stretched)
}

fn alcohol(n: &Night) -> Option<Side> {
    let u = n.alcohol_units?;
    Some(if u >= 2.0 {
        Side::Exposed
    } else if u == 0.0 {
        Side::Unexposed
    } else {
        Side::Between
    })
}

/// The exposures of the report, flag comparisons first.
pub const EXPOSURES: &[Exposure] = &[
    Exposure {
        id: "venous",
        label: "venous-type symptoms (heaviness, aching or swelling ≥ 4/10, or ankle swelling) vs none",
        exposed_label: "after days with heavy, aching or swollen legs",
        unexposed_label: "after days without them",
        known_label: "with the symptom checklist answered",
        expected: Expected::More,
        flag: Some("venous_cosymptom_association"),
        classify: venous,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 5,
    },
    Exposure {
        id: "standing",
        label: "≥ 4 h standing vs < 2 h (hard-exertion days left out)",
        exposed_label: "after ≥ 4 h standing",
        unexposed_label: "after < 2 h standing",
        known_label: "with standing hours known",
        expected: Expected::More,
        flag: Some("standing_day_association"),
        classify: standing,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "compression",
        label: "compression stockings most of the day vs none",
        exposed_label: "after wearing compression most of the day",
        unexposed_label: "after no compression",
        known_label: "with compression recorded",
        expected: Expected::Fewer,
        flag: Some("compression_elevation_relief"),
        classify: compression,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "elevation",
        label: "legs raised ≥ 30 min vs not at all",
        exposed_label: "after raising the legs ≥ 30 min",
        unexposed_label: "after not raising them",
        known_label: "with leg elevation recorded",
        expected: Expected::Fewer,
        flag: Some("compression_elevation_relief"),
        classify: elevation,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "hard_exertion",
        label: "hard exertion vs none, light or usual",
        exposed_label: "after hard exertion",
        unexposed_label: "after other days",
        known_label: "with exertion recorded",
        expected: Expected::More,
        flag: None,
        classify: hard_exertion,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "heat",
        label: "hot day vs not",
        exposed_label: "after hot days",
        unexposed_label: "after other days",
        known_label: "with heat recorded",
        expected: Expected::More,
        flag: None,
        classify: heat,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "stretched",
        label: "calf stretch before bed vs none",
        exposed_label: "after stretching before bed",
        unexposed_label: "without stretching",
        known_label: "with stretching recorded",
        expected: Expected::Fewer,
        flag: None,
        classify: stretched,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
    Exposure {
        id: "alcohol",
        label: "≥ 2 units of alcohol vs none",
        exposed_label: "after ≥ 2 units of alcohol",
        unexposed_label: "after no alcohol",
        known_label: "with alcohol recorded",
        expected: Expected::More,
        flag: None,
        classify: alcohol,
        min_known: 28,
        min_per_group: 7,
        min_cramp_nights: 0,
    },
];

/// Compares the nights of `nights` by `exp`.
pub fn compare(exp: &Exposure, nights: &[&Night]) -> Comparison {
    let mut c = Comparison {
        id: exp.id.to_string(),
        label: exp.label.to_string(),
        exposed_label: exp.exposed_label.to_string(),
        unexposed_label: exp.unexposed_label.to_string(),
        expected: exp.expected,
        flag: exp.flag.map(str::to_string),
        in_holm_family: false,
        known_nights: 0,
        unknown_nights: 0,
        between_nights: 0,
        exposed: Group::default(),
        unexposed: Group::default(),
        sufficient: false,
        missing: None,
        risk_ratio: None,
        risk_ratio_ci_low: None,
        risk_ratio_ci_high: None,
        fisher_p: None,
        fisher_p_holm: None,
        rate_ratio: None,
        rate_ratio_ci_low: None,
        rate_ratio_ci_high: None,
        rate_ratio_p: None,
        level: None,
        exposed_nights: Vec::new(),
    };
    for n in nights {
        match (exp.classify)(n) {
            None => c.unknown_nights += 1,
            Some(side) => {
                c.known_nights += 1;
                match side {
                    Side::Exposed => {
                        c.exposed.add(n);
                        c.exposed_nights.push(n.night);
                    }
                    Side::Unexposed => c.unexposed.add(n),
                    Side::Between => c.between_nights += 1,
                }
            }
        }
    }
    let cramp_nights = c.exposed.cramp_nights + c.unexposed.cramp_nights;
    c.missing = if c.known_nights < exp.min_known {
        Some(format!(
            "needs ≥ {} logged nights {}; has {}",
            exp.min_known, exp.known_label, c.known_nights
        ))
    } else if c.exposed.nights < exp.min_per_group || c.unexposed.nights < exp.min_per_group {
        Some(format!(
            "needs ≥ {} nights in each group; has {} {} and {} {}",
            exp.min_per_group,
            c.exposed.nights,
            exp.exposed_label,
            c.unexposed.nights,
            exp.unexposed_label
        ))
    } else if cramp_nights < exp.min_cramp_nights {
        Some(format!(
            "needs ≥ {} cramp nights among the compared nights; has {cramp_nights}",
            exp.min_cramp_nights
        ))
    } else {
        None
    };
    if c.missing.is_none() {
        c.compute();
    }
    c
}

/// `c`, or an empty comparison with id `id` when there is none.
pub fn or_missing(c: Option<Comparison>, id: &str) -> Comparison {
    c.unwrap_or_else(|| {
        let mut c = compare(&EXPOSURES[0], &[]);
        c.id = id.to_string();
        c
    })
}

/// Every exposure comparison over the period's nights.
pub fn all(nights: &[&Night]) -> Vec<Comparison> {
    EXPOSURES.iter().map(|e| compare(e, nights)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Episode;

    fn nights(spec: &[(f64, bool)]) -> Vec<Night> {
        spec.iter()
            .enumerate()
            .map(|(i, (standing, cramp))| {
                let mut n = Night::new(
                    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(i as i64),
                );
                n.standing_h = Some(*standing);
                if *cramp {
                    n.episodes = vec![Episode::default()];
                }
                n
            })
            .collect()
    }

    #[test]
    fn below_the_minimum_no_statistic_is_computed() {
        let ns = nights(&[(5.0, true); 19]);
        let refs: Vec<&Night> = ns.iter().collect();
        let c = compare(&EXPOSURES[1], &refs);
        assert!(!c.sufficient);
        assert_eq!(
            c.missing.as_deref(),
            Some("needs ≥ 28 logged nights with standing hours known; has 19")
        );
        assert_eq!(c.fisher_p, None);
        assert_eq!(c.association_level(), Level::InsufficientData);
    }

    #[test]
    fn groups_and_between_nights() {
        let mut spec = vec![(5.0, true); 12];
        spec.extend([(1.0, false); 14]);
        spec.extend([(3.0, true); 4]);
        let mut ns = nights(&spec);
        ns[0].exertion = Some(Exertion::Hard);
        let refs: Vec<&Night> = ns.iter().collect();
        let c = compare(&EXPOSURES[1], &refs);
        assert_eq!(c.known_nights, 30);
        assert_eq!(
            c.between_nights, 5,
            "2–4 h nights and the hard day are in neither group"
        );
        assert_eq!((c.exposed.nights, c.exposed.cramp_nights), (11, 11));
        assert_eq!((c.unexposed.nights, c.unexposed.cramp_nights), (14, 0));
        assert!(c.sufficient);
        assert_eq!(c.risk_ratio, None, "infinite risk ratio is None");
        assert!(c.fisher_p.unwrap() < 1e-5);
    }
}
