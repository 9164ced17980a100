//! The numbers behind a flag: counts, the deciding statistic, remarks and nights common to
//! every rule, plus one typed [`Detail`] per kind of rule.
//!
//! The report JSON keeps its version-1 shape (`comparisons`, `direction`, `mann_kendall`,
//! `laterality`, `medications`, `stretching`, `red_flag_nights` always present, empty or
//! `null` when they do not apply): [`Evidence`] is serialised through that flat wire form, so
//! no reader of the JSON sees the enum, and no renderer decodes a bag of options.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::analysis::Level;
use crate::analysis::associations::{Comparison, Group};
use crate::vocab::{Leg, MedClass};

/// The numbers behind a flag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Wire", into = "Wire")]
pub struct Evidence {
    /// Counts with their denominators.
    pub counts: Vec<EvidenceCount>,
    /// The deciding statistic, when there is one.
    pub statistic: Option<Statistic>,
    /// What only this kind of rule has.
    pub detail: Detail,
    /// Remarks that qualify the evidence (season, medication changes, criteria not assessable).
    pub notes: Vec<String>,
    /// The nights behind the flag.
    pub nights: Vec<NaiveDate>,
}

/// The part of the evidence that depends on the kind of rule.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Detail {
    /// Counts and a statistic only (frequency, phenotype, sleep, RLS, PAD).
    #[default]
    Counts,
    /// Association rules: the exposure comparisons that decide (and those reported beside).
    Comparisons(Vec<Comparison>),
    /// `worsening_trend`.
    Trend {
        direction: Option<Direction>,
        mann_kendall: Option<MannKendallEvidence>,
    },
    /// `laterality_concordance`.
    Laterality(Laterality),
    /// `self_care_nonresponse` (`None` when no stretching start was found).
    Stretching(Option<Stretching>),
    /// `medication_timing_association`: one entry per tested medication start.
    Medications(Vec<MedicationStart>),
    /// Red-flag rules: each night with its signs.
    RedFlags(Vec<RedFlagNight>),
}

impl Evidence {
    /// The comparisons behind the flag (association rules, and each medication start's).
    pub fn comparisons(&self) -> Vec<&Comparison> {
        match &self.detail {
            Detail::Comparisons(c) => c.iter().collect(),
            Detail::Medications(m) if m.iter().any(|m| m.comparison.sufficient) => {
                m.iter().map(|m| &m.comparison).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn direction(&self) -> Option<Direction> {
        match &self.detail {
            Detail::Trend { direction, .. } => *direction,
            _ => None,
        }
    }

    pub fn mann_kendall(&self) -> Option<&MannKendallEvidence> {
        match &self.detail {
            Detail::Trend { mann_kendall, .. } => mann_kendall.as_ref(),
            _ => None,
        }
    }

    pub fn laterality(&self) -> Option<&Laterality> {
        match &self.detail {
            Detail::Laterality(l) => Some(l),
            _ => None,
        }
    }

    pub fn stretching(&self) -> Option<&Stretching> {
        match &self.detail {
            Detail::Stretching(s) => s.as_ref(),
            _ => None,
        }
    }

    pub fn medications(&self) -> &[MedicationStart] {
        match &self.detail {
            Detail::Medications(m) => m,
            _ => &[],
        }
    }

    pub fn red_flag_nights(&self) -> &[RedFlagNight] {
        match &self.detail {
            Detail::RedFlags(r) => r,
            _ => &[],
        }
    }
}

/// The flat JSON form of [`Evidence`] (report_version 1 and later).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Wire {
    counts: Vec<EvidenceCount>,
    statistic: Option<Statistic>,
    comparisons: Vec<Comparison>,
    direction: Option<Direction>,
    mann_kendall: Option<MannKendallEvidence>,
    laterality: Option<Laterality>,
    medications: Vec<MedicationStart>,
    stretching: Option<Stretching>,
    red_flag_nights: Vec<RedFlagNight>,
    notes: Vec<String>,
    nights: Vec<NaiveDate>,
}

impl From<Evidence> for Wire {
    fn from(e: Evidence) -> Wire {
        let comparisons = e.comparisons().into_iter().cloned().collect();
        let mut w = Wire {
            counts: e.counts,
            statistic: e.statistic,
            comparisons,
            notes: e.notes,
            nights: e.nights,
            ..Wire::default()
        };
        match e.detail {
            Detail::Counts | Detail::Comparisons(_) => {}
            Detail::Trend {
                direction,
                mann_kendall,
            } => {
                w.direction = direction;
                w.mann_kendall = mann_kendall;
            }
            Detail::Laterality(l) => w.laterality = Some(l),
            Detail::Stretching(s) => w.stretching = s,
            Detail::Medications(m) => w.medications = m,
            Detail::RedFlags(r) => w.red_flag_nights = r,
        }
        w
    }
}

impl From<Wire> for Evidence {
    /// The kind is read back from the keys that are set; kinds whose keys are all empty read
    /// back as [`Detail::Counts`], which serialises the same.
    fn from(w: Wire) -> Evidence {
        let detail = if w.direction.is_some() || w.mann_kendall.is_some() {
            Detail::Trend {
                direction: w.direction,
                mann_kendall: w.mann_kendall,
            }
        } else if let Some(l) = w.laterality {
            Detail::Laterality(l)
        } else if w.stretching.is_some() {
            Detail::Stretching(w.stretching)
        } else if !w.medications.is_empty() {
            Detail::Medications(w.medications)
        } else if !w.red_flag_nights.is_empty() {
            Detail::RedFlags(w.red_flag_nights)
        } else if !w.comparisons.is_empty() {
            Detail::Comparisons(w.comparisons)
        } else {
            Detail::Counts
        };
        Evidence {
            counts: w.counts,
            statistic: w.statistic,
            detail,
            notes: w.notes,
            nights: w.nights,
        }
    }
}

/// A count and its denominator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceCount {
    /// Stable name (`cramp_nights`, `logged_nights`, …).
    pub name: String,
    pub count: u32,
    /// The denominator, when the count is a share of something.
    pub of: Option<u32>,
    /// What is counted, in words.
    pub description: String,
}

/// A count with its denominator.
pub fn count(name: &str, count: u32, of: Option<u32>, description: &str) -> EvidenceCount {
    EvidenceCount {
        name: name.to_string(),
        count,
        of,
        description: description.to_string(),
    }
}

/// A statistic with its confidence interval and p-values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Statistic {
    /// `cramp_nights_per_week`, `rate_ratio`, `binomial_share`, …
    pub name: String,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Confidence level of the interval (0.95).
    pub ci_level: Option<f64>,
    pub p: Option<f64>,
    /// Holm-adjusted p, for members of the association family.
    pub p_holm: Option<f64>,
    /// The rule's threshold for `value`.
    pub threshold: Option<f64>,
}

/// Direction of `worsening_trend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Worse,
    Improving,
    /// The whole 95 % CI lies within 0.67–1.5 (inclusive): no change worth the name.
    Stable,
    /// Neither: "no clear change" (an inconclusive ratio is never `stable`).
    Unclear,
}

impl Direction {
    pub fn id(self) -> &'static str {
        match self {
            Direction::Worse => "worse",
            Direction::Improving => "improving",
            Direction::Stable => "stable",
            Direction::Unclear => "unclear",
        }
    }
}

/// Mann–Kendall trend test over weekly rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MannKendallEvidence {
    /// Weeks with at least one logged night (missing weeks are left out, never zero).
    pub weeks: u32,
    pub s: f64,
    pub var_s: f64,
    pub z: f64,
    pub p: f64,
    pub tau: f64,
    /// `increasing`, `decreasing` or `no_trend`.
    pub trend: String,
}

/// Which leg the cramps favour and which side the venous signs are on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Laterality {
    pub left_episodes: u32,
    pub right_episodes: u32,
    /// `both` episodes, left out of the binomial test.
    pub both_episodes: u32,
    /// The leg with more episodes (`null` on a tie).
    pub predominant_leg: Option<Leg>,
    /// Share of sided episodes on the predominant leg.
    pub share: Option<f64>,
    /// Exact two-sided binomial p against 50 %.
    pub p: Option<f64>,
    pub p_holm: Option<f64>,
    /// The side of ankle swelling, swelling feeling or visible veins most often logged, else
    /// the profile's known varicose veins.
    pub sign_side: Option<Leg>,
    /// `diary` or `profile`.
    pub sign_side_source: Option<String>,
    /// How often each side was logged with those signs.
    pub sign_left: u32,
    pub sign_right: u32,
    pub sign_both: u32,
    pub sides_agree: Option<bool>,
}

/// One medication start tested by `medication_timing_association`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MedicationStart {
    pub name: String,
    pub class: MedClass,
    pub start: NaiveDate,
    /// 56 nights before the start (may reach outside the period).
    pub before_from: NaiveDate,
    pub before_to: NaiveDate,
    /// From the start night (counted as after) for up to 56 nights, ending at the period's end.
    pub after_from: NaiveDate,
    pub after_to: NaiveDate,
    /// After (exposed) vs before (unexposed).
    pub comparison: Comparison,
    pub level: Level,
}

/// The stretching start and the windows of `self_care_nonresponse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stretching {
    pub start: NaiveDate,
    /// `event` (a `stretching_start` event) or `nightly` (≥ 7 consecutive stretched nights
    /// after ≥ 14 logged nights without).
    pub detected_from: String,
    pub baseline_from: NaiveDate,
    pub baseline_to: NaiveDate,
    pub baseline: Group,
    /// Weeks 3–6 after the start (nights 15–42).
    pub follow_up_from: NaiveDate,
    pub follow_up_to: NaiveDate,
    pub follow_up: Group,
    /// Episodes per logged night.
    pub baseline_rate: Option<f64>,
    pub follow_up_rate: Option<f64>,
    /// `1 − follow_up_rate / baseline_rate`.
    pub fall: Option<f64>,
}

/// One night with red-flag signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlagNight {
    pub night: NaiveDate,
    /// The highest level among the night's signs.
    pub level: Level,
    /// Within the last 3 nights: the advice is "now", not "reported on".
    pub recent: bool,
    pub signs: Vec<RedFlagSign>,
    /// When the night was entered (a sign entered late was seen late).
    pub entered_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// What to do, in plain words: the signs' advice for a recent night, "mention it" for
    /// an older one.
    pub advice: String,
}

/// One red-flag sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlagSign {
    /// The symptom id, or `calf_difference`.
    pub id: String,
    pub label: String,
    pub level: Level,
    pub side: Option<Leg>,
    pub calf_difference_cm: Option<f64>,
    /// The advice of docs/design.md's red-flag table.
    pub advice: String,
}
