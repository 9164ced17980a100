//! Day-before exposures compared with that night's cramps, within time blocks
//! (`docs/design.md`, "Time-aware associations").
//!
//! Each comparison splits the logged nights whose exposure is known into an *exposed* and an
//! *unexposed* group (nights in between, e.g. 2–4 h of standing, are in neither). Exposures
//! that change once line up with time, and cramps drift with time (season, a new medicine,
//! regression to the mean), so the decisive comparison is made *within* 28-night blocks
//! counted back from the period's last night: the Mantel–Haenszel risk ratio with the
//! Greenland–Robins CI and the Cochran–Mantel–Haenszel test over the informative blocks
//! (those holding both kinds of night). The crude comparison stays beside it: the
//! cramp-episode rate ratio with its exact conditional-binomial 95 % CI, and the night-level
//! 2×2 table with Fisher's exact two-sided p and the risk ratio (Katz 95 % CI).
//!
//! When the crude groups are large enough but the informative blocks are not (the exposure
//! changed about once), the comparison is *before/after only*: `insufficient_data`, never
//! read as an association.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::judge::{Measure, Test, judge};
use super::wording::day;
use super::{Level, Presence, presence};
use crate::model::{Night, Period};
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
    /// Logged nights, cramp nights and episodes of some nights.
    pub fn of(nights: &[&Night]) -> Group {
        let mut g = Group::default();
        for n in nights {
            g.nights += 1;
            g.cramp_nights += u32::from(n.had_cramp());
            g.episodes += n.episodes.len() as u32;
        }
        g
    }

    fn merge(&mut self, other: Group) {
        self.nights += other.nights;
        self.cramp_nights += other.cramp_nights;
        self.episodes += other.episodes;
    }

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

/// Nights in a time block (the earliest block of a period may be shorter).
pub const BLOCK_NIGHTS: i64 = 28;
/// Nights with the exposure known that every comparison needs, over the period.
pub const MIN_KNOWN: u32 = 28;
/// Exposed and unexposed nights each needed (in the informative blocks).
pub const MIN_PER_GROUP: u32 = 7;
/// Cramp nights needed among the compared nights.
pub const MIN_CRAMP_NIGHTS: u32 = 5;

/// How a comparison was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// Within time blocks (the decisive statistics are the stratified ones).
    Stratified,
    /// The exposed and unexposed nights fall in different blocks: a before/after contrast
    /// only, never read as an association.
    BeforeAfter,
}

/// One 28-night block of a stratified comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    #[serde(serialize_with = "crate::model::iso_date::serialize")]
    pub from: NaiveDate,
    #[serde(serialize_with = "crate::model::iso_date::serialize")]
    pub to: NaiveDate,
    pub exposed: Group,
    pub unexposed: Group,
    /// Holds at least one exposed and one unexposed night.
    pub informative: bool,
}

/// The comparison within time blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stratified {
    /// Nights per block (28), counted back from the period's last night.
    pub block_nights: u32,
    /// Every block of the period, earliest first.
    pub blocks: Vec<Block>,
    pub informative_blocks: u32,
    /// The exposed and unexposed nights of the informative blocks.
    pub exposed: Group,
    pub unexposed: Group,
    /// Mantel–Haenszel risk ratio (cramp nights per night, exposed vs unexposed) with the
    /// Greenland–Robins 95 % CI.
    pub risk_ratio: Option<f64>,
    pub risk_ratio_ci_low: Option<f64>,
    pub risk_ratio_ci_high: Option<f64>,
    /// Cochran–Mantel–Haenszel χ² (1 df, no continuity correction) and its two-sided p.
    pub cmh_chi2: Option<f64>,
    pub cmh_p: Option<f64>,
    /// Holm-adjusted CMH p (family: the association flags' tests).
    pub cmh_p_holm: Option<f64>,
    /// `Σ(a − E[a])`: more cramp nights among the exposed than expected when positive.
    pub excess: Option<f64>,
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
    /// `stratified` or `before_after` for exposure comparisons; `null` for a medication start
    /// (a before/after window comparison by nature).
    pub design: Option<Design>,
    /// The comparison within time blocks (exposure comparisons).
    pub stratified: Option<Stratified>,
    /// The minimum data were met and the decisive statistics computed.
    pub sufficient: bool,
    /// What is missing when not sufficient.
    pub missing: Option<String>,
    /// Crude (unstratified) cramp-night share exposed / unexposed, with its Katz CI, Fisher's
    /// p and the episode rate ratio below: computed whenever both groups hold a night.
    pub risk_ratio: Option<f64>,
    pub risk_ratio_ci_low: Option<f64>,
    pub risk_ratio_ci_high: Option<f64>,
    /// Fisher's exact two-sided p of the night-level 2×2 table.
    pub fisher_p: Option<f64>,
    /// Holm-adjusted Fisher p (medication starts; exposure comparisons adjust the CMH p).
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
    /// What the judge decides on (`docs/design.md`, association levels). A stratified
    /// comparison: the sign of `Σ(a − E[a])`, the Mantel–Haenszel CI and the CMH p
    /// (unadjusted and Holm). A medication start: the direction of the night shares, the
    /// episode rate ratio's exact CI and Fisher's p. Below the minimum: what is missing.
    pub fn measure(&self) -> Measure {
        if !self.sufficient {
            return Measure::Insufficient(self.missing.clone().unwrap_or_default());
        }
        if let Some(st) = &self.stratified {
            let excess = st.excess.unwrap_or(0.0);
            let (direction, ci_excludes_one) = match self.expected {
                Expected::More => (excess > 0.0, st.risk_ratio_ci_low.is_some_and(|l| l > 1.0)),
                Expected::Fewer => (excess < 0.0, st.risk_ratio_ci_high.is_some_and(|h| h < 1.0)),
            };
            return Measure::Association(Test {
                direction,
                ci_excludes_one,
                p: st.cmh_p,
                p_holm: st.cmh_p_holm,
            });
        }
        let (Some(exp), Some(unexp)) = (self.exposed.cramp_share(), self.unexposed.cramp_share())
        else {
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

    /// The decisive p and its Holm adjustment: the CMH test's for a stratified comparison,
    /// else Fisher's.
    pub fn decisive_p(&self) -> (Option<f64>, Option<f64>) {
        match &self.stratified {
            Some(st) if self.design == Some(Design::Stratified) => (st.cmh_p, st.cmh_p_holm),
            _ => (self.fisher_p, self.fisher_p_holm),
        }
    }

    /// The level [`judge`] gives this comparison.
    pub fn association_level(&self) -> Level {
        judge(&self.measure())
    }

    /// Fills in the crude statistics and marks the comparison sufficient (call once the
    /// minimum is known to be met).
    pub fn compute(&mut self) {
        self.compute_crude();
        self.sufficient = true;
        self.missing = None;
    }

    /// Fills in the crude statistics from the two groups.
    pub fn compute_crude(&mut self) {
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
    },
];

impl Comparison {
    /// A comparison with no nights in it yet.
    pub fn empty(exp: &Exposure) -> Comparison {
        Comparison {
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
            design: None,
            stratified: None,
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
        }
    }
}

/// The period's 28-night blocks, counted back from its last night, earliest first.
pub fn blocks(p: Period) -> Vec<Period> {
    let mut out = Vec::new();
    let mut to = p.to;
    while to >= p.from {
        let from = (to - Duration::days(BLOCK_NIGHTS - 1)).max(p.from);
        out.push(Period { from, to });
        to = from - Duration::days(1);
    }
    out.reverse();
    out
}

/// Compares the period's nights (`nights`, in date order) by `exp`, within the period's
/// 28-night blocks.
pub fn compare(exp: &Exposure, nights: &[&Night], period: Period) -> Comparison {
    let mut c = Comparison::empty(exp);
    let mut unexposed_dates: Vec<NaiveDate> = Vec::new();
    let mut blocks: Vec<Block> = blocks(period)
        .into_iter()
        .map(|b| Block {
            from: b.from,
            to: b.to,
            exposed: Group::default(),
            unexposed: Group::default(),
            informative: false,
        })
        .collect();
    for n in nights {
        let Some(side) = (exp.classify)(n) else {
            c.unknown_nights += 1;
            continue;
        };
        c.known_nights += 1;
        let block = blocks
            .iter_mut()
            .find(|b| b.from <= n.night && n.night <= b.to);
        match side {
            Side::Exposed => {
                c.exposed.add(n);
                c.exposed_nights.push(n.night);
                if let Some(b) = block {
                    b.exposed.add(n);
                }
            }
            Side::Unexposed => {
                c.unexposed.add(n);
                unexposed_dates.push(n.night);
                if let Some(b) = block {
                    b.unexposed.add(n);
                }
            }
            Side::Between => c.between_nights += 1,
        }
    }
    let (mut ie, mut iu) = (Group::default(), Group::default());
    for b in &mut blocks {
        b.informative = b.exposed.nights > 0 && b.unexposed.nights > 0;
        if b.informative {
            ie.merge(b.exposed);
            iu.merge(b.unexposed);
        }
    }
    let crude_enough = c.exposed.nights >= MIN_PER_GROUP && c.unexposed.nights >= MIN_PER_GROUP;
    let blocks_enough = ie.nights >= MIN_PER_GROUP && iu.nights >= MIN_PER_GROUP;
    let design = if crude_enough && !blocks_enough {
        Design::BeforeAfter
    } else {
        Design::Stratified
    };
    let crude_cramp = c.exposed.cramp_nights + c.unexposed.cramp_nights;
    let block_cramp = ie.cramp_nights + iu.cramp_nights;
    c.missing = if design == Design::BeforeAfter {
        Some(before_after_reason(
            exp,
            &c.exposed_nights,
            &unexposed_dates,
            ie,
            iu,
        ))
    } else if c.known_nights < MIN_KNOWN {
        Some(format!(
            "needs ≥ {MIN_KNOWN} logged nights {}; has {}",
            exp.known_label, c.known_nights
        ))
    } else if !blocks_enough {
        Some(format!(
            "needs ≥ {MIN_PER_GROUP} nights in each group within the same 4-week blocks; has {} {} and {} {}",
            ie.nights, exp.exposed_label, iu.nights, exp.unexposed_label
        ))
    } else if crude_cramp < MIN_CRAMP_NIGHTS || block_cramp < MIN_CRAMP_NIGHTS {
        Some(format!(
            "needs ≥ {MIN_CRAMP_NIGHTS} cramp nights among the compared nights; has {}",
            block_cramp.min(crude_cramp)
        ))
    } else {
        None
    };
    if c.exposed.nights > 0 && c.unexposed.nights > 0 {
        c.compute_crude();
    }
    let mut st = Stratified {
        block_nights: BLOCK_NIGHTS as u32,
        informative_blocks: blocks.iter().filter(|b| b.informative).count() as u32,
        blocks,
        exposed: ie,
        unexposed: iu,
        risk_ratio: None,
        risk_ratio_ci_low: None,
        risk_ratio_ci_high: None,
        cmh_chi2: None,
        cmh_p: None,
        cmh_p_holm: None,
        excess: None,
    };
    if c.missing.is_none() {
        let strata: Vec<stats::Stratum> = st
            .blocks
            .iter()
            .filter(|b| b.informative)
            .map(|b| stats::Stratum {
                a: u64::from(b.exposed.cramp_nights),
                n1: u64::from(b.exposed.nights),
                b: u64::from(b.unexposed.cramp_nights),
                n0: u64::from(b.unexposed.nights),
            })
            .collect();
        let mh = stats::mantel_haenszel(&strata);
        st.risk_ratio = mh.ratio;
        st.risk_ratio_ci_low = mh.ci_low;
        st.risk_ratio_ci_high = mh.ci_high;
        st.cmh_chi2 = mh.chi2;
        st.cmh_p = Some(mh.p);
        st.excess = Some(mh.excess);
        c.sufficient = true;
    }
    c.design = Some(design);
    c.stratified = Some(st);
    c
}

/// Why a comparison is before/after only, in plain words.
fn before_after_reason(
    exp: &Exposure,
    exposed: &[NaiveDate],
    unexposed: &[NaiveDate],
    ie: Group,
    iu: Group,
) -> String {
    let (first, last) = (
        |v: &[NaiveDate]| v.iter().min().copied(),
        |v: &[NaiveDate]| v.iter().max().copied(),
    );
    let when = match (
        first(exposed),
        last(unexposed),
        last(exposed),
        first(unexposed),
    ) {
        (Some(e0), Some(u1), _, _) if u1 < e0 => format!(
            "every night {} was on or after {} and every night {} before it",
            exp.exposed_label,
            day(e0),
            exp.unexposed_label
        ),
        (_, _, Some(e1), Some(u0)) if e1 < u0 => format!(
            "every night {} was on or after {} and every night {} before it",
            exp.unexposed_label,
            day(u0),
            exp.exposed_label
        ),
        _ => format!(
            "the nights {} and {} fall mostly in different weeks",
            exp.exposed_label, exp.unexposed_label
        ),
    };
    format!(
        "needs nights {} and {} in the same weeks, but {when} (within the same 4-week blocks only {} and {}; ≥ {MIN_PER_GROUP} of each needed), so this is a before/after comparison and cannot be read as an association; see Changes after treatments",
        exp.exposed_label, exp.unexposed_label, ie.nights, iu.nights
    )
}

/// `c`, or an empty comparison with id `id` when there is none.
pub fn or_missing(c: Option<Comparison>, id: &str) -> Comparison {
    c.unwrap_or_else(|| {
        let mut c = Comparison::empty(&EXPOSURES[0]);
        c.id = id.to_string();
        c.missing = Some(format!("needs ≥ {MIN_KNOWN} logged nights; has none"));
        c
    })
}

/// Every exposure comparison over the period's nights (in date order).
pub fn all(nights: &[&Night], period: Period) -> Vec<Comparison> {
    EXPOSURES
        .iter()
        .map(|e| compare(e, nights, period))
        .collect()
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

    fn span(ns: &[Night]) -> Period {
        Period {
            from: ns[0].night,
            to: ns[ns.len() - 1].night,
        }
    }

    #[test]
    fn blocks_are_28_nights_counted_back_from_the_last_night() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let b = blocks(Period {
            from: d("2026-09-04"),
            to: d("2026-11-26"),
        });
        assert_eq!(b.len(), 3, "84 nights");
        assert_eq!((b[2].from, b[2].to), (d("2026-10-30"), d("2026-11-26")));
        assert_eq!((b[0].from, b[0].to), (d("2026-09-04"), d("2026-10-01")));
        let b = blocks(Period {
            from: d("2026-10-20"),
            to: d("2026-11-26"),
        });
        assert_eq!(
            (b[0].from, b[0].to),
            (d("2026-10-20"), d("2026-10-29")),
            "the earliest block is shorter"
        );
    }

    #[test]
    fn an_exposure_that_changed_once_is_before_after_only() {
        // 28 nights without stockings, then 28 with: every block holds one kind only.
        let mut ns: Vec<Night> = nights(&[(1.0, true); 56]);
        for (i, n) in ns.iter_mut().enumerate() {
            n.compression = Some(if i >= 28 {
                Compression::Most
            } else {
                Compression::None
            });
            if i >= 28 && i % 2 == 0 {
                n.episodes.clear();
            }
        }
        let refs: Vec<&Night> = ns.iter().collect();
        let c = compare(&EXPOSURES[2], &refs, span(&ns));
        assert_eq!(c.design, Some(Design::BeforeAfter));
        assert!(!c.sufficient);
        assert_eq!(c.association_level(), Level::InsufficientData);
        let missing = c.missing.clone().unwrap();
        assert!(missing.contains("before/after"), "{missing}");
        assert!(missing.contains("on or after Thu 29 Jan 2026"), "{missing}");
        // The crude comparison stays in the evidence.
        assert!(c.fisher_p.is_some() && c.risk_ratio.is_some());
        assert_eq!(c.stratified.as_ref().unwrap().informative_blocks, 0);
    }

    #[test]
    fn within_blocks_the_mantel_haenszel_estimate_decides() {
        // Stockings on alternate nights for 56 nights; cramps on 1 in 4 stocking nights and
        // 3 in 4 nights without.
        let mut ns: Vec<Night> = nights(&[(1.0, false); 56]);
        for (i, n) in ns.iter_mut().enumerate() {
            let on = i % 2 == 0;
            n.compression = Some(if on {
                Compression::Most
            } else {
                Compression::None
            });
            let cramp = if on { i % 8 == 0 } else { i % 8 != 1 };
            if cramp {
                n.episodes = vec![Episode::default()];
            }
        }
        let refs: Vec<&Night> = ns.iter().collect();
        let c = compare(&EXPOSURES[2], &refs, span(&ns));
        assert_eq!(c.design, Some(Design::Stratified));
        let st = c.stratified.clone().unwrap();
        assert_eq!(st.informative_blocks, 2);
        let strata: Vec<stats::Stratum> = st
            .blocks
            .iter()
            .map(|b| stats::Stratum {
                a: u64::from(b.exposed.cramp_nights),
                n1: u64::from(b.exposed.nights),
                b: u64::from(b.unexposed.cramp_nights),
                n0: u64::from(b.unexposed.nights),
            })
            .collect();
        let mh = stats::mantel_haenszel(&strata);
        assert_eq!(st.risk_ratio, mh.ratio);
        assert_eq!(st.cmh_p, Some(mh.p));
        assert!(st.risk_ratio_ci_high.unwrap() < 1.0 && mh.excess < 0.0);
        assert_eq!(c.association_level(), Level::Possible, "no Holm yet");
    }

    #[test]
    fn below_the_minimum_no_statistic_is_computed() {
        let ns = nights(&[(5.0, true); 19]);
        let refs: Vec<&Night> = ns.iter().collect();
        let c = compare(&EXPOSURES[1], &refs, span(&ns));
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
        let c = compare(&EXPOSURES[1], &refs, span(&ns));
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
