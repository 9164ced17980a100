//! The fourteen pattern flags and the composite line of DESIGN.md section 5.
//!
//! Every rule appears once, at one [`Level`]; below its minimum data it is
//! `insufficient_data` and says what is missing. Association rules share one Holm family:
//! the venous, standing, compression and elevation comparisons, the laterality binomial test
//! and each medication start (every member whose minimum data were met).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::associations::{self, Comparison, Expected, Group};
use super::coverage::{Coverage, Week, sleep_disrupted};
use super::wording::{self as w, ci, p as fmt_p, pct, plural, ratio as fmt_ratio};
use super::{Diary, Input, Level, Presence, presence, window_ending};
use crate::model::Period;
use crate::model::{Night, RedFlag};
use crate::stats;
use crate::vocab::{EventKind, Leg, MedClass, Site, SymptomId, Urgency, WalkSite};

/// The rule ids, in the order of DESIGN.md's table (the report's order within a level).
pub const RULES: &[&str] = &[
    "red_flag_urgent_clot",
    "red_flag_prompt_review",
    "cramp_frequency_high",
    "cramp_phenotype_atypical",
    "venous_cosymptom_association",
    "standing_day_association",
    "compression_elevation_relief",
    "self_care_nonresponse",
    "laterality_concordance",
    "worsening_trend",
    "sleep_disruption",
    "rls_like_pattern",
    "pad_claudication_pattern",
    "medication_timing_association",
];

/// One pattern flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// The rule id (`cramp_frequency_high`, …).
    pub id: String,
    pub level: Level,
    pub title: String,
    /// Plain words for the patient.
    pub patient_text: String,
    /// Numbers and sources for the clinician.
    pub clinician_text: String,
    /// When `insufficient_data`: what is missing ("needs ≥ 28 logged nights …; has 19").
    pub missing: Option<String>,
    pub evidence: Evidence,
    pub sources: Vec<String>,
}

/// The numbers behind a flag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Counts with their denominators.
    pub counts: Vec<EvidenceCount>,
    /// The deciding statistic, when there is one.
    pub statistic: Option<Statistic>,
    /// Exposure comparisons (association rules) or before/after windows.
    pub comparisons: Vec<Comparison>,
    /// `worsening_trend` only.
    pub direction: Option<Direction>,
    /// `worsening_trend` only: Mann–Kendall over the weekly cramp-night rates (not decisive).
    pub mann_kendall: Option<MannKendallEvidence>,
    /// `laterality_concordance` only.
    pub laterality: Option<Laterality>,
    /// `medication_timing_association` only: one entry per tested medication start.
    pub medications: Vec<MedicationStart>,
    /// `self_care_nonresponse` only.
    pub stretching: Option<Stretching>,
    /// Red-flag rules only: each night with its signs.
    pub red_flag_nights: Vec<RedFlagNight>,
    /// Remarks that qualify the evidence (season, medication changes, criteria not assessable).
    pub notes: Vec<String>,
    /// The nights behind the flag.
    pub nights: Vec<NaiveDate>,
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

fn count(name: &str, count: u32, of: Option<u32>, description: &str) -> EvidenceCount {
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
    Stable,
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
    /// The advice of DESIGN.md's red-flag table.
    pub advice: String,
}

/// The composite line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Composite {
    pub met: bool,
    /// The sentence to print.
    pub line: String,
    /// Why it is met or not, one reason per condition.
    pub reasons: Vec<String>,
    pub risk_factors: Vec<RiskFactor>,
}

/// A risk factor from the profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskFactor {
    /// `age`, `female_sex`, `pregnant`, `family_history_veins`, `bmi`, `standing_occupation`,
    /// `prior_dvt`.
    pub id: String,
    pub label: String,
    /// Age in years or BMI in kg/m², when numeric.
    pub value: Option<f64>,
}

/// What [`evaluate`] returns.
pub struct Evaluated {
    pub flags: Vec<Flag>,
    pub associations: Vec<Comparison>,
    pub composite: Composite,
    pub topics: Vec<String>,
}

fn flag(id: &str, title: &str) -> Flag {
    Flag {
        id: id.to_string(),
        level: Level::NotMet,
        title: title.to_string(),
        patient_text: String::new(),
        clinician_text: String::new(),
        missing: None,
        evidence: Evidence::default(),
        sources: Vec::new(),
    }
}

impl Flag {
    fn insufficient(mut self, missing: String) -> Flag {
        self.level = Level::InsufficientData;
        self.patient_text = format!("Not enough data to check this yet: it {missing}.");
        self.clinician_text = format!("Insufficient data: {missing}.");
        self.missing = Some(missing);
        self
    }

    fn sources(mut self, s: &[&str]) -> Flag {
        self.sources = s.iter().map(|s| s.to_string()).collect();
        self
    }
}

/// Runs every rule.
pub fn evaluate(
    input: &Input<'_>,
    diary: &Diary<'_>,
    coverage: &Coverage,
    weekly: &[Week],
) -> Evaluated {
    let p = input.period;
    let nights = diary.period(p);

    // Comparisons, laterality and medication starts first: they share one Holm family.
    let mut comparisons = associations::all(nights);
    let mut lat = laterality(input, nights);
    let mut meds = medication_starts(input, diary);
    {
        let mut family: Vec<(f64, Member)> = Vec::new();
        for (i, c) in comparisons.iter_mut().enumerate() {
            if c.flag.is_some() && c.sufficient {
                c.in_holm_family = true;
                family.push((c.fisher_p.unwrap_or(1.0), Member::Comparison(i)));
            }
        }
        if let Some(pv) = lat.p {
            family.push((pv, Member::Laterality));
        }
        for (i, m) in meds.iter_mut().enumerate() {
            if m.comparison.sufficient {
                m.comparison.in_holm_family = true;
                family.push((m.comparison.fisher_p.unwrap_or(1.0), Member::Medication(i)));
            }
        }
        let ps: Vec<f64> = family.iter().map(|(p, _)| *p).collect();
        for (adj, (_, member)) in stats::holm(&ps).into_iter().zip(&family) {
            match member {
                Member::Comparison(i) => comparisons[*i].fisher_p_holm = Some(adj),
                Member::Laterality => lat.p_holm = Some(adj),
                Member::Medication(i) => meds[*i].comparison.fisher_p_holm = Some(adj),
            }
        }
    }
    for c in comparisons.iter_mut().filter(|c| c.flag.is_some()) {
        c.level = Some(c.association_level());
    }
    for m in &mut meds {
        m.level = m.comparison.association_level();
        m.comparison.level = Some(m.level);
    }

    let by_id = |id: &str| comparisons.iter().find(|c| c.id == id).cloned();
    let mut flags = vec![
        red_flag_rule(input, nights, true),
        red_flag_rule(input, nights, false),
        cramp_frequency_high(coverage, nights),
        cramp_phenotype_atypical(nights),
        venous_cosymptom(by_id("venous")),
        standing_day(by_id("standing"), by_id("hard_exertion")),
        compression_elevation(by_id("compression"), by_id("elevation")),
        self_care_nonresponse(input, diary),
        laterality_flag(lat),
        worsening_trend(input, diary, weekly),
        sleep_disruption(nights),
        rls_like_pattern(nights),
        pad_claudication(nights),
        medication_timing(meds, input),
    ];
    // Urgent first, then by level; within a level, DESIGN.md's order.
    flags.sort_by_key(|f| f.level);

    let composite = composite(&flags, input);
    let topics = topics(&flags, &composite, coverage);
    Evaluated {
        flags,
        associations: comparisons,
        composite,
        topics,
    }
}

enum Member {
    Comparison(usize),
    Laterality,
    Medication(usize),
}

// ---------------------------------------------------------------------------------------
// Red flags
// ---------------------------------------------------------------------------------------

fn red_flag_rule(input: &Input<'_>, nights: &[&Night], clot: bool) -> Flag {
    let (id, title) = if clot {
        (
            "red_flag_urgent_clot",
            "Warning signs of a possible blood clot",
        )
    } else {
        ("red_flag_prompt_review", "Other warning signs to report")
    };
    let mut f = flag(id, title);
    let mut rows: Vec<RedFlagNight> = Vec::new();
    for n in nights {
        let signs: Vec<RedFlagSign> = n
            .red_flags()
            .into_iter()
            .filter(|(_, rf)| {
                let is_clot = match rf {
                    RedFlag::Sign(s) => s.is_clot_sign(),
                    RedFlag::CalfDifference(_) => true,
                };
                is_clot == clot
            })
            .map(|(u, rf)| sign(n, u, rf))
            .collect();
        if signs.is_empty() {
            continue;
        }
        let level = signs
            .iter()
            .map(|s| s.level)
            .min()
            .unwrap_or(Level::PromptReview);
        rows.push(RedFlagNight {
            night: n.night,
            level,
            recent: (input.today - n.night).num_days() <= 3,
            signs,
        });
    }
    f = f.sources(if clot {
        &[w::SRC_NG158, w::SRC_NICE_CKS]
    } else {
        &[w::SRC_CG168, w::SRC_VCSS, w::SRC_NICE_CKS]
    });
    if rows.is_empty() {
        f.level = Level::NotMet;
        f.patient_text = format!(
            "No {} were logged in this period.",
            if clot {
                "signs of a possible clot"
            } else {
                "other warning signs"
            }
        );
        f.clinician_text = format!(
            "No {} reported in the period.",
            if clot {
                "new one-sided swelling, calf tenderness/warmth/redness, calf difference ≥ 3 cm, or breathlessness/chest pain"
            } else {
                "bleeding vein, open sore, hard painful vein, new skin change, red hot spreading skin, rest foot pain, cold pale foot, new weakness or twitching"
            }
        );
        return f;
    }
    f.level = rows
        .iter()
        .map(|r| r.level)
        .min()
        .unwrap_or(Level::PromptReview);
    f.evidence.nights = rows.iter().map(|r| r.night).collect();
    f.evidence.counts.push(count(
        "nights_with_signs",
        rows.len() as u32,
        None,
        "nights with these signs in the period",
    ));
    let mut patient = Vec::new();
    let mut clinician = Vec::new();
    // Most recent first: that is what matters now.
    for r in rows.iter().rev() {
        let what = r
            .signs
            .iter()
            .map(|s| s.label.clone())
            .collect::<Vec<_>>()
            .join("; ");
        if r.recent {
            let mut advice: Vec<&str> = Vec::new();
            for s in &r.signs {
                if !advice.contains(&s.advice.as_str()) {
                    advice.push(&s.advice);
                }
            }
            patient.push(format!(
                "On the night of {} you logged: {what}. {}",
                w::day(r.night),
                advice.join(" ")
            ));
        } else {
            patient.push(format!(
                "Reported on {}: {what}. Mention it to your doctor even if it has settled. {}",
                w::day(r.night),
                later_advice(r.level)
            ));
        }
        clinician.push(format!("{}: {what}", r.night));
    }
    f.patient_text = patient.join("\n");
    f.clinician_text = format!(
        "Patient-reported {} ({}): {}.{}",
        if clot {
            "possible DVT/PE features"
        } else {
            "warning signs"
        },
        f.level.id(),
        clinician.join("; "),
        if clot {
            " Assess per NICE NG158 (two-level Wells; proximal leg vein ultrasound within 4 h if DVT likely)."
        } else {
            " NICE CG168: refer a bleeding varicose vein immediately; a leg ulcer not healed in 2 weeks, SVT and new skin changes need review."
        }
    );
    f.evidence.red_flag_nights = rows;
    f
}

/// The advice for a red flag reported earlier (not "call now").
fn later_advice(level: Level) -> &'static str {
    match level {
        Level::UrgentEmergency => {
            "If it happens again, call emergency services at once; do not wait for an appointment."
        }
        Level::UrgentToday => "If it is still there or comes back, get medical help the same day.",
        _ => "If you have not told your doctor yet, do so within days.",
    }
}

fn sign(n: &Night, u: Urgency, rf: RedFlag) -> RedFlagSign {
    match rf {
        RedFlag::Sign(id) => RedFlagSign {
            id: id.id().to_string(),
            label: id.plain().to_string(),
            level: Level::from_urgency(u),
            side: n.symptom(id).and_then(|s| s.side),
            calf_difference_cm: None,
            advice: rf.advice().to_string(),
        },
        RedFlag::CalfDifference(d) => RedFlagSign {
            id: "calf_difference".to_string(),
            label: rf.describe(),
            level: Level::from_urgency(u),
            side: match (n.calf_cm_left, n.calf_cm_right) {
                (Some(l), Some(r)) if l > r => Some(Leg::Left),
                (Some(l), Some(r)) if r > l => Some(Leg::Right),
                _ => None,
            },
            calf_difference_cm: Some(d),
            advice: rf.advice().to_string(),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Frequency, phenotype, sleep, RLS, PAD
// ---------------------------------------------------------------------------------------

fn cramp_frequency_high(cov: &Coverage, nights: &[&Night]) -> Flag {
    let f = flag("cramp_frequency_high", "Frequent cramps").sources(&[
        w::SRC_NAYLOR,
        w::SRC_NICE_CKS,
        w::SRC_HALLEGRAEFF_2017,
    ]);
    let frac = cov.logged_fraction.unwrap_or(0.0);
    if cov.logged < 14 || frac < 0.8 {
        let mut f = f.insufficient(format!(
            "needs ≥ 14 logged nights and ≥ 80 % of the period's nights logged; has {} logged of {} ({})",
            cov.logged,
            cov.due,
            pct(cov.logged, cov.due)
        ));
        f.evidence.counts.push(count(
            "logged_nights",
            cov.logged,
            Some(cov.due),
            "logged nights of the nights due",
        ));
        return f;
    }
    let mut f = f;
    let rate = 7.0 * f64::from(cov.cramp_nights) / f64::from(cov.logged);
    let (lo, hi) = stats::clopper_pearson(u64::from(cov.cramp_nights), u64::from(cov.logged), 0.95);
    let episodes: u32 = nights.iter().map(|n| n.episodes.len() as u32).sum();
    f.evidence.counts = vec![
        count(
            "cramp_nights",
            cov.cramp_nights,
            Some(cov.logged),
            "logged nights with cramps",
        ),
        count(
            "logged_nights",
            cov.logged,
            Some(cov.due),
            "due nights logged",
        ),
        // Episodes are a rate over nights, not a share of them: no denominator here.
        count(
            "episodes",
            episodes,
            None,
            &format!("cramp episodes in {} logged nights", cov.logged),
        ),
    ];
    f.evidence.statistic = Some(Statistic {
        name: "cramp_nights_per_week".into(),
        value: Some(rate),
        ci_low: Some(7.0 * lo),
        ci_high: Some(7.0 * hi),
        ci_level: Some(0.95),
        threshold: Some(3.0),
        ..Statistic::default()
    });
    f.evidence.nights = nights
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    let met = rate >= 3.0;
    f.level = if met { Level::Notable } else { Level::NotMet };
    f.patient_text = format!(
        "You logged cramps on {} of {} nights, about {} nights a week.{}",
        cov.cramp_nights,
        cov.logged,
        w::num(rate, 1),
        if met {
            " Cramps this often are worth discussing with your doctor."
        } else {
            " That is below 3 nights a week."
        }
    );
    f.clinician_text = format!(
        "Nocturnal leg cramps on {}/{} logged nights = {} cramp nights/week (95% CI {}–{}); {} episodes ({}/week). {} the ≥ 3 nights/week threshold (40 % of sufferers > 3/week: Naylor & Young 1994).",
        cov.cramp_nights,
        cov.logged,
        w::num(rate, 1),
        w::num(7.0 * lo, 1),
        w::num(7.0 * hi, 1),
        episodes,
        w::num(7.0 * f64::from(episodes) / f64::from(cov.logged), 1),
        if met { "Meets" } else { "Below" }
    );
    f
}

fn is_calf_or_foot(s: Site) -> bool {
    matches!(s, Site::Calf | Site::Foot | Site::Toes)
}

fn cramp_phenotype_atypical(nights: &[&Night]) -> Flag {
    let mut f = flag("cramp_phenotype_atypical", "Cramps with atypical features").sources(&[
        w::SRC_HALLEGRAEFF_2017,
        w::SRC_NICE_CKS,
        w::SRC_ALLEN_KIRBY,
    ]);
    let episodes: Vec<_> = nights.iter().flat_map(|n| n.episodes.iter()).collect();
    let total = episodes.len() as u32;
    let durations: Vec<u32> = episodes.iter().filter_map(|e| e.duration_s).collect();
    let long = durations.iter().filter(|d| **d > 600).count() as u32;
    let sites: Vec<Site> = episodes.iter().filter_map(|e| e.site).collect();
    let outside = sites.iter().filter(|s| !is_calf_or_foot(**s)).count() as u32;
    let answered: Vec<&&Night> = nights.iter().filter(|n| n.symptoms.is_some()).collect();
    let numb: Vec<NaiveDate> = answered
        .iter()
        .filter(|n| presence(n, SymptomId::Numbness) == Some(Presence::Present))
        .map(|n| n.night)
        .collect();
    let weak: Vec<NaiveDate> = nights
        .iter()
        .filter(|n| {
            n.symptom(SymptomId::NewWeakness).is_some() || n.symptom(SymptomId::Twitching).is_some()
        })
        .map(|n| n.night)
        .collect();
    let (nd, ns, na) = (
        durations.len() as u32,
        sites.len() as u32,
        answered.len() as u32,
    );
    f.evidence.counts = vec![
        count("episodes", total, None, "cramp episodes in the period"),
        count(
            "episodes_over_10_min",
            long,
            Some(nd),
            "episodes longer than 10 minutes, of those with a duration",
        ),
        count(
            "episodes_outside_calf_foot",
            outside,
            Some(ns),
            "episodes outside the calf or foot, of those with a site",
        ),
        count(
            "nights_with_numbness",
            numb.len() as u32,
            Some(na),
            "nights with numbness (≥ 4/10), of nights with the checklist answered",
        ),
        count(
            "nights_with_weakness_or_twitching",
            weak.len() as u32,
            None,
            "nights with new weakness or twitching",
        ),
    ];
    let a = nd >= 6 && f64::from(long) >= 0.25 * f64::from(nd);
    let b = ns >= 6 && f64::from(outside) >= 0.5 * f64::from(ns);
    let c = na >= 6 && numb.len() as f64 >= 0.5 * f64::from(na);
    let d = !weak.is_empty();
    for (known, what) in [
        (nd, "durations"),
        (ns, "sites"),
        (na, "answered checklists"),
    ] {
        if total >= 6 && known < 6 {
            f.evidence.notes.push(format!(
                "only {known} episodes or nights with {what}: that criterion needs ≥ 6"
            ));
        }
    }
    if !d && total < 6 {
        return f.insufficient(format!("needs ≥ 6 cramp episodes; has {total}"));
    }
    let mut reasons_p = Vec::new();
    let mut reasons_c = Vec::new();
    let mut nights_behind: Vec<NaiveDate> = Vec::new();
    if a && total >= 6 {
        reasons_p.push("some lasted longer than 10 minutes".to_string());
        reasons_c.push(format!("{long}/{nd} episodes > 10 min ({})", pct(long, nd)));
        nights_behind.extend(
            nights
                .iter()
                .filter(|n| {
                    n.episodes
                        .iter()
                        .any(|e| e.duration_s.is_some_and(|d| d > 600))
                })
                .map(|n| n.night),
        );
    }
    if b && total >= 6 {
        reasons_p.push("many were outside the calf or foot".to_string());
        reasons_c.push(format!(
            "{outside}/{ns} episodes outside calf/foot ({})",
            pct(outside, ns)
        ));
        nights_behind.extend(
            nights
                .iter()
                .filter(|n| {
                    n.episodes
                        .iter()
                        .any(|e| e.site.is_some_and(|s| !is_calf_or_foot(s)))
                })
                .map(|n| n.night),
        );
    }
    if c && total >= 6 {
        reasons_p.push("numbness on many nights".to_string());
        reasons_c.push(format!(
            "numbness on {}/{na} nights ({})",
            numb.len(),
            pct(numb.len() as u32, na)
        ));
        nights_behind.extend(&numb);
    }
    if d {
        reasons_p.push("new weakness or muscle twitching".to_string());
        reasons_c.push(format!(
            "new weakness/fasciculation reported on {}",
            plural(weak.len() as u32, "night", "nights")
        ));
        nights_behind.extend(&weak);
    }
    nights_behind.sort();
    nights_behind.dedup();
    f.evidence.nights = nights_behind;
    if reasons_p.is_empty() {
        f.level = Level::NotMet;
        f.patient_text =
            "Your cramps look like typical night cramps: mostly short and in the calf or foot."
                .into();
        f.clinician_text = format!(
            "Typical features: {long}/{nd} episodes > 10 min, {outside}/{ns} outside calf/foot, numbness on {}/{na} nights, no weakness or twitching (Hallegraeff 2017 criteria).",
            numb.len()
        );
    } else {
        f.level = Level::Notable;
        f.patient_text = format!(
            "Some of your cramps do not look like typical night cramps ({}). Please show this to your doctor.",
            reasons_p.join("; ")
        );
        f.clinician_text = format!(
            "Atypical features: {}. Typical NLC last ≤ 10 min in the calf or foot (Hallegraeff 2017); consider secondary causes such as neuropathy, neuromuscular or metabolic disease (NICE CKS).",
            reasons_c.join("; ")
        );
    }
    f
}

fn sleep_disruption(nights: &[&Night]) -> Flag {
    let f = flag("sleep_disruption", "Cramps disrupting sleep")
        .sources(&[w::SRC_HALLEGRAEFF_2017, w::SRC_NICE_CKS]);
    let logged = nights.len() as u32;
    if logged < 14 {
        return f.insufficient(format!("needs ≥ 14 logged nights; has {logged}"));
    }
    let mut f = f;
    let cramp: Vec<&&Night> = nights.iter().filter(|n| n.had_cramp()).collect();
    let awak: Vec<&&&Night> = cramp
        .iter()
        .filter(|n| n.cramp_awakenings.is_some())
        .collect();
    let woke: Vec<NaiveDate> = awak
        .iter()
        .filter(|n| n.cramp_awakenings.is_some_and(|a| a >= 1))
        .map(|n| n.night)
        .collect();
    let dist: Vec<f64> = cramp
        .iter()
        .filter_map(|n| n.sleep_disturbance)
        .map(f64::from)
        .collect();
    let mean = super::ratio(dist.iter().sum(), dist.len() as f64);
    let (na, nw, nd) = (awak.len() as u32, woke.len() as u32, dist.len() as u32);
    f.evidence.counts = vec![
        count(
            "cramp_nights",
            cramp.len() as u32,
            Some(logged),
            "logged nights with cramps",
        ),
        count(
            "cramp_nights_woken",
            nw,
            Some(na),
            "cramp nights with a cramp awakening, of those recording awakenings",
        ),
        count(
            "cramp_nights_disturbance_known",
            nd,
            Some(cramp.len() as u32),
            "cramp nights with sleep disturbance rated",
        ),
    ];
    f.evidence.statistic = Some(Statistic {
        name: "mean_sleep_disturbance_on_cramp_nights".into(),
        value: mean,
        threshold: Some(4.0),
        ..Statistic::default()
    });
    f.evidence.nights = cramp
        .iter()
        .filter(|n| sleep_disrupted(n) == Some(true))
        .map(|n| n.night)
        .collect();
    if cramp.is_empty() {
        f.level = Level::NotMet;
        f.patient_text = "No cramp nights were logged in this period.".into();
        f.clinician_text = "No cramp nights in the period.".into();
        return f;
    }
    if na == 0 && nd == 0 {
        return f.insufficient(format!(
            "needs cramp awakenings or sleep disturbance recorded on cramp nights; has neither on {} cramp nights",
            cramp.len()
        ));
    }
    let woke_met = na > 0 && f64::from(nw) >= 0.5 * f64::from(na);
    let dist_met = mean.is_some_and(|m| m >= 4.0);
    f.level = if woke_met || dist_met {
        Level::Notable
    } else {
        Level::NotMet
    };
    let mean_txt = mean.map_or("—".to_string(), |m| w::num(m, 1));
    f.patient_text = format!(
        "Cramps woke you on {nw} of {na} cramp nights where you recorded it; sleep disturbance averaged {mean_txt}/10 on cramp nights.{}",
        if f.level == Level::Notable {
            " Cramps that disrupt sleep are worth raising with your doctor."
        } else {
            ""
        }
    );
    f.clinician_text = format!(
        "Cramp-related awakenings on {nw}/{na} cramp nights ({}); mean cramp sleep disturbance {mean_txt}/10 over {nd} cramp nights (threshold ≥ 50 % or ≥ 4/10). Sleep disruption is one of the seven NLC characteristics (Hallegraeff 2017).",
        pct(nw, na)
    );
    f
}

fn rls_like_pattern(nights: &[&Night]) -> Flag {
    let f = flag("rls_like_pattern", "Features more typical of restless legs")
        .sources(&[w::SRC_IRLSSG]);
    let logged = nights.len() as u32;
    if logged < 14 {
        return f.insufficient(format!("needs ≥ 14 logged nights; has {logged}"));
    }
    let mut f = f;
    let rls: Vec<NaiveDate> = nights
        .iter()
        .filter(|n| {
            n.urge_at_rest == Some(true)
                && n.urge_relieved_by_moving == Some(true)
                && n.urge_worse_evening == Some(true)
                && n.urge_before_sleep == Some(true)
        })
        .map(|n| n.night)
        .collect();
    let k = rls.len() as u32;
    let per_week = 7.0 * f64::from(k) / f64::from(logged);
    f.evidence.counts = vec![count(
        "rls_like_evenings",
        k,
        Some(logged),
        "evenings with all four IRLSSG probe answers yes",
    )];
    f.evidence.statistic = Some(Statistic {
        name: "rls_like_evenings_per_week".into(),
        value: Some(per_week),
        threshold: Some(2.0),
        ..Statistic::default()
    });
    f.evidence.nights = rls;
    let met = per_week >= 2.0;
    f.level = if met { Level::Notable } else { Level::NotMet };
    f.patient_text = if met {
        format!(
            "On {k} of {logged} evenings you described an urge to move your legs at rest that eased with moving and was worse in the evening. That is more typical of restless legs syndrome than of cramps; your doctor can check."
        )
    } else {
        format!(
            "An urge to move the legs with all four typical features was logged on {k} of {logged} evenings (below 2 a week)."
        )
    };
    f.clinician_text = format!(
        "IRLSSG criteria 1–4 reported on {k}/{logged} evenings = {}/week (≥ 2/week threshold). Criterion 5 (exclude mimics, including cramps, venous stasis and oedema) needs clinical assessment; the 4-item screen is ~84 % specific (Hening 2009).",
        w::num(per_week, 1)
    );
    f
}

fn pad_claudication(nights: &[&Night]) -> Flag {
    let mut f = flag(
        "pad_claudication_pattern",
        "Leg pain when walking that settles with rest",
    )
    .sources(&[w::SRC_ECQ, w::SRC_ALLEN_KIRBY, w::SRC_NICE_CKS]);
    let days: Vec<&&Night> = nights
        .iter()
        .filter(|n| n.walk_pain_at_rest == Some(false) && n.walk_pain_settles_10min == Some(true))
        .collect();
    let calf = days
        .iter()
        .filter(|n| n.walk_pain_site == Some(WalkSite::Calf))
        .count() as u32;
    let k = days.len() as u32;
    f.evidence.counts = vec![
        count(
            "claudication_type_days",
            k,
            Some(nights.len() as u32),
            "days with walking pain not starting at rest and settling within 10 min",
        ),
        count(
            "calf_site_days",
            calf,
            Some(k),
            "of those, pain in the calf (typical)",
        ),
    ];
    f.evidence.statistic = Some(Statistic {
        name: "claudication_type_days".into(),
        value: Some(f64::from(k)),
        threshold: Some(2.0),
        ..Statistic::default()
    });
    f.evidence.nights = days.iter().map(|n| n.night).collect();
    if k >= 2 {
        f.level = Level::Notable;
        f.patient_text = format!(
            "On {k} days you noted leg pain when walking that did not start at rest and went away within 10 minutes of standing still. That can be a sign of narrowed leg arteries and is worth checking."
        );
        f.clinician_text = format!(
            "Edinburgh Claudication Questionnaire-type pattern on {k} days ({calf} with calf pain: typical site; others atypical). Consider ankle–brachial index; NLC are associated with PAD (Abdulla 1999).",
        );
    } else {
        f.level = Level::NotMet;
        f.patient_text = format!(
            "Walking pain of the kind that settles with rest was logged on {k} days (fewer than 2)."
        );
        f.clinician_text = format!("Claudication-type walking pain on {k} days (needs ≥ 2).");
    }
    f
}

// ---------------------------------------------------------------------------------------
// Association flags
// ---------------------------------------------------------------------------------------

fn comparison_sentence(c: &Comparison) -> String {
    format!(
        "cramps on {} of {} nights {} vs {} of {} nights {}",
        c.exposed.cramp_nights,
        c.exposed.nights,
        c.exposed_label,
        c.unexposed.cramp_nights,
        c.unexposed.nights,
        c.unexposed_label
    )
}

/// "RR 2.8, 95% CI 1.1–7.2, p = 0.02; episode rate ratio 3.1 (95% CI 1.6–6.2); Holm p = 0.04".
pub fn comparison_stats(c: &Comparison) -> String {
    format!(
        "risk ratio {} ({}), Fisher {}{}; episode rate ratio {} ({})",
        fmt_ratio(c.risk_ratio),
        ci(c.risk_ratio_ci_low, c.risk_ratio_ci_high),
        fmt_p(c.fisher_p),
        c.fisher_p_holm
            .map(|h| format!(", Holm-adjusted {}", fmt_p(Some(h))))
            .unwrap_or_default(),
        fmt_ratio(c.rate_ratio),
        ci(c.rate_ratio_ci_low, c.rate_ratio_ci_high),
    )
}

fn missing_comparison(id: &str) -> Comparison {
    let mut c = associations::compare(&associations::EXPOSURES[0], &[]);
    c.id = id.to_string();
    c
}

fn venous_cosymptom(c: Option<Comparison>) -> Flag {
    let c = c.unwrap_or_else(|| missing_comparison("venous"));
    let f = flag(
        "venous_cosymptom_association",
        "Cramps after days with venous-type leg symptoms",
    )
    .sources(&[
        w::SRC_CEAP,
        w::SRC_VEINES,
        w::SRC_VEIN_CONSULT,
        w::SRC_EDINBURGH,
    ]);
    association_flag(
        f,
        c,
        "This pattern is consistent with a venous contribution to the cramps; it is not a diagnosis.",
        "Consistent with, not diagnostic of, a venous contribution (CEAP lists cramps among venous symptoms; the Edinburgh Vein Study found leg symptoms often non-venous).",
    )
}

fn association_flag(mut f: Flag, c: Comparison, patient_met: &str, clinician_note: &str) -> Flag {
    if let Some(missing) = c.missing.clone() {
        let mut f = f.insufficient(missing);
        f.evidence.comparisons.push(c);
        return f;
    }
    f.level = c.association_level();
    f.patient_text = format!(
        "You logged {} ({} vs {}).{}",
        comparison_sentence(&c),
        c.exposed
            .cramp_share()
            .map_or("—".into(), |s| format!("{:.0} %", 100.0 * s)),
        c.unexposed
            .cramp_share()
            .map_or("—".into(), |s| format!("{:.0} %", 100.0 * s)),
        match f.level {
            Level::Notable => format!(" {patient_met}"),
            Level::Possible =>
                format!(" This may be a pattern, but it could be chance. {patient_met}"),
            _ => " No clear pattern.".to_string(),
        }
    );
    f.clinician_text = format!(
        "{}: {}; episodes {} in {} nights vs {} in {} nights. {}.{}",
        capitalise(&c.label),
        comparison_sentence(&c),
        c.exposed.episodes,
        c.exposed.nights,
        c.unexposed.episodes,
        c.unexposed.nights,
        capitalise(&comparison_stats(&c)),
        if f.level.is_met() {
            format!(" {clinician_note}")
        } else {
            " No association in the expected direction at p < 0.05.".to_string()
        }
    );
    f.evidence.nights = c.exposed_nights.clone();
    f.evidence.statistic = Some(Statistic {
        name: "fisher_exact_two_sided".into(),
        value: c.risk_ratio,
        ci_low: c.risk_ratio_ci_low,
        ci_high: c.risk_ratio_ci_high,
        ci_level: Some(0.95),
        p: c.fisher_p,
        p_holm: c.fisher_p_holm,
        threshold: Some(0.05),
    });
    f.evidence.comparisons.push(c);
    f
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn standing_day(c: Option<Comparison>, hard: Option<Comparison>) -> Flag {
    let c = c.unwrap_or_else(|| missing_comparison("standing"));
    let f = flag(
        "standing_day_association",
        "Cramps after long standing days",
    )
    .sources(&[w::SRC_VEIN_CONSULT, w::SRC_CEAP, w::SRC_EDINBURGH]);
    let mut f = association_flag(
        f,
        c,
        "Cramps after days on your feet are consistent with a venous contribution; they are not a diagnosis.",
        "Standing-day association is consistent with a venous pattern (VEIN CONSULT: symptoms worse after prolonged standing); hard-exertion days are excluded and reported separately.",
    );
    if let Some(h) = hard {
        f.evidence.notes.push(match &h.missing {
            Some(m) => format!("hard-exertion days (reported separately): {m}"),
            None => format!(
                "hard-exertion days (reported separately): {}; {}",
                comparison_sentence(&h),
                comparison_stats(&h)
            ),
        });
        f.evidence.comparisons.push(h);
    }
    f
}

fn compression_elevation(c: Option<Comparison>, e: Option<Comparison>) -> Flag {
    let c = c.unwrap_or_else(|| missing_comparison("compression"));
    let e = e.unwrap_or_else(|| missing_comparison("elevation"));
    let base = || {
        flag(
            "compression_elevation_relief",
            "Fewer cramps with compression or leg elevation",
        )
        .sources(&[w::SRC_SVS, w::SRC_VCSS, w::SRC_CEAP])
    };
    let patient = "Relief with compression or raising the legs is consistent with a venous contribution; it is not a diagnosis.";
    let clinician = "Non-randomised and confounded by activity and by time: when stockings began during the period this is also a before/after comparison (cramps vary with season; placebo arms improve ~28 %). There is no trial evidence that compression prevents NLC (CramP protocol). Relief would support a venous contribution.";
    if c.missing.is_some() && e.missing.is_some() {
        let mut f = base().insufficient(format!(
            "needs enough data for one of its two comparisons (compression {}; elevation {})",
            c.missing.clone().unwrap_or_default(),
            e.missing.clone().unwrap_or_default()
        ));
        f.evidence.comparisons = vec![c, e];
        return f;
    }
    let fc = association_flag(base(), c.clone(), patient, clinician);
    let fe = association_flag(base(), e.clone(), patient, clinician);
    // The better of the two decides; both are in the evidence.
    let (mut best, other) = if fe.level < fc.level {
        (fe, fc)
    } else {
        (fc, fe)
    };
    best.missing = None;
    if other.level == Level::InsufficientData {
        best.evidence.notes.push(format!(
            "{}: {}",
            other
                .evidence
                .comparisons
                .first()
                .map_or("", |c| c.id.as_str()),
            other.missing.clone().unwrap_or_default()
        ));
    } else {
        best.clinician_text
            .push_str(&format!(" Also: {}", other.clinician_text));
    }
    best.evidence.comparisons = vec![c, e];
    best
}

// ---------------------------------------------------------------------------------------
// Laterality
// ---------------------------------------------------------------------------------------

fn laterality(input: &Input<'_>, nights: &[&Night]) -> Laterality {
    let eps = nights.iter().flat_map(|n| n.episodes.iter());
    let (mut left, mut right, mut both) = (0u32, 0u32, 0u32);
    for e in eps {
        match e.leg {
            Some(Leg::Left) => left += 1,
            Some(Leg::Right) => right += 1,
            Some(Leg::Both) => both += 1,
            None => {}
        }
    }
    let sided = left + right;
    let predominant = match left.cmp(&right) {
        std::cmp::Ordering::Greater => Some(Leg::Left),
        std::cmp::Ordering::Less => Some(Leg::Right),
        std::cmp::Ordering::Equal => None,
    };
    let p = (sided >= 8)
        .then(|| stats::binomial_test_two_sided(u64::from(left), u64::from(sided), 0.5));
    // Sign side: the side most often logged with ankle swelling, swelling feeling or
    // visible veins (each logged sign counts once).
    let (mut sl, mut sr, mut sb) = (0u32, 0u32, 0u32);
    for n in nights {
        for s in [
            SymptomId::AnkleSwelling,
            SymptomId::SwellingFeeling,
            SymptomId::VisibleVeins,
        ]
        .iter()
        .filter_map(|id| n.symptom(*id))
        .filter(|s| s.severity != Some(0))
        {
            match s.side {
                Some(Leg::Left) => sl += 1,
                Some(Leg::Right) => sr += 1,
                Some(Leg::Both) => sb += 1,
                None => {}
            }
        }
    }
    let top = sl.max(sr).max(sb);
    let winners: Vec<Leg> = [(Leg::Left, sl), (Leg::Right, sr), (Leg::Both, sb)]
        .iter()
        .filter(|(_, c)| *c == top && top > 0)
        .map(|(l, _)| *l)
        .collect();
    let (sign_side, source) = if winners.len() == 1 {
        (Some(winners[0]), Some("diary".to_string()))
    } else {
        match input
            .profile
            .get("known_varicose_veins")
            .map(String::as_str)
        {
            Some("left") => (Some(Leg::Left), Some("profile".to_string())),
            Some("right") => (Some(Leg::Right), Some("profile".to_string())),
            Some("both") => (Some(Leg::Both), Some("profile".to_string())),
            _ => (None, None),
        }
    };
    let agree = match (predominant, sign_side) {
        (Some(_), Some(Leg::Both)) => Some(true),
        (Some(l), Some(s)) => Some(l == s),
        _ => None,
    };
    Laterality {
        left_episodes: left,
        right_episodes: right,
        both_episodes: both,
        predominant_leg: predominant,
        share: super::ratio(f64::from(left.max(right)), f64::from(sided)),
        p,
        p_holm: None,
        sign_side,
        sign_side_source: source,
        sign_left: sl,
        sign_right: sr,
        sign_both: sb,
        sides_agree: agree,
    }
}

fn laterality_flag(lat: Laterality) -> Flag {
    let mut f = flag(
        "laterality_concordance",
        "Cramps mostly in the same leg as the swelling or veins",
    )
    .sources(&[w::SRC_VCSS, w::SRC_NG158]);
    let sided = lat.left_episodes + lat.right_episodes;
    f.evidence.counts = vec![
        count(
            "left_episodes",
            lat.left_episodes,
            Some(sided),
            "left-leg episodes of the one-sided episodes",
        ),
        count(
            "right_episodes",
            lat.right_episodes,
            Some(sided),
            "right-leg episodes of the one-sided episodes",
        ),
        count(
            "both_episodes",
            lat.both_episodes,
            None,
            "episodes in both legs (left out of the test)",
        ),
    ];
    f.evidence.statistic = Some(Statistic {
        name: "binomial_share_one_leg".into(),
        value: lat.share,
        ci_low: None,
        ci_high: None,
        ci_level: None,
        p: lat.p,
        p_holm: lat.p_holm,
        threshold: Some(0.75),
    });
    let leg_word = |l: Option<Leg>| match l {
        Some(Leg::Left) => "left",
        Some(Leg::Right) => "right",
        Some(Leg::Both) => "both legs",
        None => "neither",
    };
    if sided < 8 {
        let missing = format!("needs ≥ 8 one-sided cramp episodes; has {sided}");
        f.evidence.laterality = Some(lat);
        return f.insufficient(missing);
    }
    let share = lat.share.unwrap_or(0.0);
    let pv = lat.p.unwrap_or(1.0);
    let one_sided = share >= 0.75 && lat.predominant_leg.is_some();
    let base = format!(
        "{} of {} one-sided cramps were in the {} leg",
        lat.left_episodes.max(lat.right_episodes),
        sided,
        leg_word(lat.predominant_leg)
    );
    let clinician_base = format!(
        "Laterality: {}/{} sided episodes left, {}/{} right ({} both, excluded); predominant {} {:.0} %, exact binomial {} (Holm {}); sign side {} (from {}).",
        lat.left_episodes,
        sided,
        lat.right_episodes,
        sided,
        lat.both_episodes,
        leg_word(lat.predominant_leg),
        100.0 * share,
        fmt_p(lat.p),
        fmt_p(lat.p_holm),
        leg_word(lat.sign_side),
        lat.sign_side_source
            .as_deref()
            .unwrap_or("nowhere: no side recorded")
    );
    if one_sided && pv < 0.05 && lat.sign_side.is_none() {
        let missing = "needs the side of ankle swelling, swelling feeling or visible veins (in the diary), or known varicose veins in the profile".to_string();
        f.evidence.laterality = Some(lat);
        let mut f = f.insufficient(missing);
        f.patient_text = format!(
            "{base}. To compare, log which leg swells or shows veins, or set your known varicose veins in the profile."
        );
        f.clinician_text =
            format!("{clinician_base} Insufficient data: no side of venous signs recorded.");
        return f;
    }
    let agree = lat.sides_agree == Some(true);
    f.level = if one_sided && agree && lat.p_holm.is_some_and(|h| h < 0.05) {
        Level::Notable
    } else if one_sided && agree && pv < 0.05 {
        Level::Possible
    } else {
        Level::NotMet
    };
    f.patient_text = match f.level {
        Level::Notable | Level::Possible => format!(
            "Most of your cramps are in your {} leg ({base}), the same side where you notice swelling or veins. This is consistent with a venous contribution; it is not a diagnosis.",
            leg_word(lat.predominant_leg)
        ),
        _ if !one_sided || pv >= 0.05 => format!("{base}: no clear one-sided pattern."),
        _ => format!("{base}, but the swelling or veins are on the other side."),
    };
    f.clinician_text = format!(
        "{clinician_base}{}",
        if f.level.is_met() {
            " Per-leg CEAP/rVCSS assessment would clarify."
        } else {
            ""
        }
    );
    f.evidence.laterality = Some(lat);
    f
}

// ---------------------------------------------------------------------------------------
// Worsening, self-care, medication
// ---------------------------------------------------------------------------------------

fn group(nights: &[&Night]) -> Group {
    let mut g = Group::default();
    for n in nights {
        g.nights += 1;
        g.cramp_nights += u32::from(n.had_cramp());
        g.episodes += n.episodes.len() as u32;
    }
    g
}

fn worsening_trend(input: &Input<'_>, diary: &Diary<'_>, weekly: &[Week]) -> Flag {
    let f = flag("worsening_trend", "Cramps becoming more frequent").sources(&[
        w::SRC_GARRISON,
        w::SRC_COCHRANE_MG,
        w::SRC_VCSS,
    ]);
    let to = input.period.to;
    let recent = window_ending(to, 14);
    let before = window_ending(recent.from - Duration::days(1), 28);
    let r = group(diary.period(recent));
    let b = group(diary.period(before));
    let mut f = f;
    // Mann–Kendall on the weekly cramp-night rates (missing weeks left out): evidence only.
    let rates: Vec<f64> = weekly
        .iter()
        .filter(|w| w.logged > 0)
        .map(|w| f64::from(w.cramp_nights) / f64::from(w.logged))
        .collect();
    f.evidence.mann_kendall = stats::mann_kendall(&rates).map(|mk| MannKendallEvidence {
        weeks: rates.len() as u32,
        s: mk.s,
        var_s: mk.var_s,
        z: mk.z,
        p: mk.p,
        tau: mk.tau,
        trend: match mk.trend {
            stats::Trend::Increasing => "increasing",
            stats::Trend::Decreasing => "decreasing",
            stats::Trend::NoTrend => "no_trend",
        }
        .to_string(),
    });
    // Season and medication changes in the 42 nights.
    let months: Vec<String> = {
        let mut m: Vec<String> = recent.days().map(|d| d.format("%B").to_string()).collect();
        m.dedup();
        m
    };
    f.evidence.notes.push(format!(
        "The last 14 nights fall in {}; cramps are commoner in summer (Garrison 2012), so compare with the same season.",
        months.join(" and ")
    ));
    let span = Period {
        from: before.from,
        to,
    };
    for m in input.medications {
        if span.contains(m.start) {
            f.evidence.notes.push(format!(
                "medication started in the window: {} ({}) on {}",
                m.name, m.class, m.start
            ));
        }
        if let Some(stop) = m.stop.filter(|s| span.contains(*s)) {
            f.evidence.notes.push(format!(
                "medication stopped in the window: {} ({}) on {stop}",
                m.name, m.class
            ));
        }
    }
    f.evidence.counts = vec![
        count(
            "last_14_cramp_nights",
            r.cramp_nights,
            Some(r.nights),
            "cramp nights of the logged nights, last 14 nights",
        ),
        count(
            "prior_28_cramp_nights",
            b.cramp_nights,
            Some(b.nights),
            "cramp nights of the logged nights, the 28 nights before",
        ),
    ];
    if r.nights < 10 || b.nights < 20 {
        let missing = format!(
            "needs ≥ 10 logged nights in the last 14 and ≥ 20 in the 28 before; has {} and {}",
            r.nights, b.nights
        );
        return f.insufficient(missing);
    }
    let rate = stats::rate_ratio_exact(
        u64::from(r.cramp_nights),
        f64::from(r.nights),
        u64::from(b.cramp_nights),
        f64::from(b.nights),
    );
    let infinite = b.cramp_nights == 0 && r.cramp_nights > 0;
    let worse =
        (infinite || rate.ratio.is_some_and(|x| x >= 1.5)) && rate.ci_low.is_some_and(|l| l > 1.0);
    let improving = rate.ratio.is_some_and(|x| x <= 0.67) && rate.ci_high.is_some_and(|h| h < 1.0);
    let direction = if worse {
        Direction::Worse
    } else if improving {
        Direction::Improving
    } else {
        Direction::Stable
    };
    f.evidence.direction = Some(direction);
    f.evidence.statistic = Some(Statistic {
        name: "cramp_night_rate_ratio_last14_vs_prior28".into(),
        value: rate.ratio,
        ci_low: rate.ci_low,
        ci_high: rate.ci_high,
        ci_level: Some(0.95),
        p: Some(rate.p_two_sided),
        p_holm: None,
        threshold: Some(1.5),
    });
    f.evidence.nights = diary
        .period(recent)
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    f.level = if worse { Level::Notable } else { Level::NotMet };
    let share = |g: Group| pct(g.cramp_nights, g.nights);
    f.patient_text = match direction {
        Direction::Worse => format!(
            "Your cramps have become more frequent: cramps on {} of {} logged nights in the last 2 weeks ({}), against {} of {} in the 4 weeks before ({}).",
            r.cramp_nights,
            r.nights,
            share(r),
            b.cramp_nights,
            b.nights,
            share(b)
        ),
        Direction::Improving => format!(
            "Your cramps have become less frequent: {} of {} logged nights in the last 2 weeks ({}), against {} of {} in the 4 weeks before ({}). Cramps often ease with time alone.",
            r.cramp_nights,
            r.nights,
            share(r),
            b.cramp_nights,
            b.nights,
            share(b)
        ),
        Direction::Stable => format!(
            "Not clearly different (too few nights to be sure of a change): cramps on {} of {} logged nights in the last 2 weeks ({}), {} of {} in the 4 weeks before ({}).",
            r.cramp_nights,
            r.nights,
            share(r),
            b.cramp_nights,
            b.nights,
            share(b)
        ),
    };
    let mk = f
        .evidence
        .mann_kendall
        .as_ref()
        .map(|m| {
            format!(
                " Mann–Kendall over {} weekly rates: tau {:.2}, p = {:.2} ({}; not decisive).",
                m.weeks,
                m.tau,
                m.p,
                m.trend.replace('_', " ")
            )
        })
        .unwrap_or_default();
    f.clinician_text = format!(
        "Cramp-night rate, last 14 nights ({} to {}) vs the 28 before: {}/{} vs {}/{}; rate ratio {} ({}, exact conditional), {}. Direction: {}.{mk} Season and placebo-like drift (~28 % in 4 weeks) should be considered.",
        recent.from,
        recent.to,
        r.cramp_nights,
        r.nights,
        b.cramp_nights,
        b.nights,
        if infinite {
            "∞".to_string()
        } else {
            fmt_ratio(rate.ratio)
        },
        ci(rate.ci_low, rate.ci_high),
        fmt_p(Some(rate.p_two_sided)),
        match direction {
            Direction::Worse => "worse",
            Direction::Improving => "improving",
            Direction::Stable => "stable",
        }
    );
    f
}

/// Where stretching began: the latest `stretching_start` event up to the period's end, else
/// the first night of the latest run of ≥ 7 consecutive logged nights with `stretched` that
/// follows ≥ 14 logged nights without.
fn stretching_start(input: &Input<'_>, diary: &Diary<'_>) -> Option<(NaiveDate, &'static str)> {
    let to = input.period.to;
    if let Some(e) = input
        .events
        .iter()
        .filter(|e| e.kind == EventKind::StretchingStart && e.date <= to)
        .max_by_key(|e| e.date)
    {
        return Some((e.date, "event"));
    }
    let nights = diary.up_to(to);
    let mut found = None;
    let mut without = 0u32; // logged nights without stretching since the last stretched night
    let mut i = 0;
    while i < nights.len() {
        let n = nights[i];
        if n.stretched == Some(true) {
            // Length of the run of consecutive calendar nights, each logged with `stretched`.
            let mut run = 1;
            while i + run < nights.len()
                && nights[i + run].stretched == Some(true)
                && nights[i + run].night == n.night + Duration::days(run as i64)
            {
                run += 1;
            }
            if run >= 7 && without >= 14 {
                found = Some((n.night, "nightly"));
            }
            without = 0;
            i += run;
        } else {
            without += 1;
            i += 1;
        }
    }
    found
}

fn self_care_nonresponse(input: &Input<'_>, diary: &Diary<'_>) -> Flag {
    let mut f = flag(
        "self_care_nonresponse",
        "Cramps not clearly better after stretching",
    )
    .sources(&[w::SRC_HALLEGRAEFF_2012, w::SRC_COCHRANE_MG, w::SRC_NICE_CKS]);
    let Some((start, how)) = stretching_start(input, diary) else {
        f.level = Level::NotMet;
        f.patient_text = "No start of nightly calf stretching was found (log a 'stretching_start' event, or 'stretched' on the nights you stretch).".into();
        f.clinician_text =
            "No stretching start recorded; self-care response not assessable.".into();
        return f;
    };
    let baseline = Period {
        from: start - Duration::days(14),
        to: start - Duration::days(1),
    };
    let follow = Period {
        from: start + Duration::days(14),
        to: start + Duration::days(41),
    };
    // Nights after the period's end are not part of this report.
    let follow_seen = Period {
        from: follow.from,
        to: follow.to.min(input.period.to),
    };
    let b = group(diary.period(baseline));
    let a = group(diary.period(follow_seen));
    let rate = |g: Group| super::ratio(f64::from(g.episodes), f64::from(g.nights));
    let (rb, ra) = (rate(b), rate(a));
    let fall = match (rb, ra) {
        (Some(rb), Some(ra)) if rb > 0.0 => Some(1.0 - ra / rb),
        _ => None,
    };
    f.evidence.stretching = Some(Stretching {
        start,
        detected_from: how.to_string(),
        baseline_from: baseline.from,
        baseline_to: baseline.to,
        baseline: b,
        follow_up_from: follow.from,
        follow_up_to: follow.to,
        follow_up: a,
        baseline_rate: rb,
        follow_up_rate: ra,
        fall,
    });
    f.evidence.counts = vec![
        count(
            "baseline_logged",
            b.nights,
            Some(14),
            "logged nights in the 14 nights before stretching began",
        ),
        count(
            "follow_up_logged",
            a.nights,
            Some(28),
            "logged nights in weeks 3–6 after it began",
        ),
        count(
            "baseline_episodes",
            b.episodes,
            Some(b.nights),
            "cramp episodes before",
        ),
        count(
            "follow_up_episodes",
            a.episodes,
            Some(a.nights),
            "cramp episodes in weeks 3–6",
        ),
    ];
    if b.nights < 10 || a.nights < 20 {
        let missing = format!(
            "needs ≥ 10 logged nights in the 14 before stretching began ({start}) and ≥ 20 in weeks 3–6 after ({} to {}); has {} and {}",
            follow.from, follow.to, b.nights, a.nights
        );
        return f.insufficient(missing);
    }
    let rr = stats::rate_ratio_exact(
        u64::from(a.episodes),
        f64::from(a.nights),
        u64::from(b.episodes),
        f64::from(b.nights),
    );
    f.evidence.statistic = Some(Statistic {
        name: "fall_in_episode_rate".into(),
        value: fall,
        ci_low: rr.ci_high.map(|h| 1.0 - h),
        ci_high: rr.ci_low.map(|l| 1.0 - l),
        ci_level: Some(0.95),
        p: Some(rr.p_two_sided),
        p_holm: None,
        threshold: Some(0.25),
    });
    f.evidence.nights = diary
        .period(follow_seen)
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    let Some(fall) = fall else {
        f.level = Level::NotMet;
        f.patient_text = format!(
            "You had no cramps in the 2 weeks before you started stretching on {}, so there was nothing to improve on.",
            w::day(start)
        );
        f.clinician_text = "No cramps in the 14-night baseline; response not assessable.".into();
        return f;
    };
    let met = fall < 0.25;
    f.level = if met { Level::Notable } else { Level::NotMet };
    let change = if fall >= 0.0 {
        format!("fell by {:.0} %", 100.0 * fall)
    } else {
        format!("rose by {:.0} %", -100.0 * fall)
    };
    f.patient_text = if met {
        format!(
            "Your cramps have not clearly improved since you started stretching on {}: the number of cramps per night {change} in weeks 3–6. That is a good reason to talk to your doctor.",
            w::day(start)
        )
    } else {
        format!(
            "Since you started stretching on {}, the number of cramps per night {change} in weeks 3–6.",
            w::day(start)
        )
    };
    f.clinician_text = format!(
        "Cramp episodes per logged night: {}/{} in the 14 nights before stretching began ({start}, from {how}) vs {}/{} in weeks 3–6; change {} (rate ratio {}, {}). Threshold: < 25 % fall = non-response; placebo arms fall ~28 % in 4 weeks (Cochrane); stretching evidence is mixed (Hallegraeff 2012 positive, Coppin 2005 negative).",
        b.episodes,
        b.nights,
        a.episodes,
        a.nights,
        change,
        fmt_ratio(rr.ratio),
        ci(rr.ci_low, rr.ci_high)
    );
    f
}

fn medication_starts(input: &Input<'_>, diary: &Diary<'_>) -> Vec<MedicationStart> {
    let p = input.period;
    let mut out = Vec::new();
    for m in input
        .medications
        .iter()
        .filter(|m| m.class.linked_to_cramps())
        // Starts whose 56-night "after" window overlaps the period.
        .filter(|m| m.start <= p.to && m.start + Duration::days(55) >= p.from)
    {
        let before = Period {
            from: m.start - Duration::days(56),
            to: m.start - Duration::days(1),
        };
        let after = Period {
            from: m.start,
            to: (m.start + Duration::days(55)).min(p.to),
        };
        let (b, a) = (diary.period(before), diary.period(after));
        let exposure = associations::Exposure {
            id: "medication",
            label: "",
            exposed_label: "",
            unexposed_label: "",
            known_label: "",
            expected: Expected::More,
            flag: Some("medication_timing_association"),
            classify: |_| None,
            min_known: 0,
            min_per_group: 14,
            min_cramp_nights: 0,
        };
        let mut c = associations::compare(&exposure, &[]);
        c.id = format!("medication:{}:{}", m.name, m.start);
        c.label = format!(
            "{} nights after starting {} ({}) vs 56 nights before",
            (after.to - after.from).num_days() + 1,
            m.name,
            m.class
        );
        c.exposed_label = format!("after starting {}", m.name);
        c.unexposed_label = "before".to_string();
        c.exposed = group(a);
        c.unexposed = group(b);
        c.known_nights = c.exposed.nights + c.unexposed.nights;
        c.exposed_nights = a.iter().map(|n| n.night).collect();
        c.missing = (c.exposed.nights < 14 || c.unexposed.nights < 14).then(|| {
            format!(
                "needs ≥ 14 logged nights before and after starting {} ({}); has {} before and {} after",
                m.name, m.start, c.unexposed.nights, c.exposed.nights
            )
        });
        if c.missing.is_none() {
            c.compute();
        }
        out.push(MedicationStart {
            name: m.name.clone(),
            class: m.class,
            start: m.start,
            before_from: before.from,
            before_to: before.to,
            after_from: after.from,
            after_to: after.to,
            level: Level::InsufficientData,
            comparison: c,
        });
    }
    out
}

/// Population sequence ratios of Garrison 2012 for the clinician text.
fn garrison(class: MedClass) -> Option<&'static str> {
    Some(match class {
        MedClass::Laba => "LABA sequence ratio 2.42",
        MedClass::KSparingDiuretic => "K-sparing diuretic 2.12",
        MedClass::ThiazideDiuretic => "thiazide-like diuretic 1.48",
        MedClass::LoopDiuretic => "loop diuretic 1.20 (not significant)",
        MedClass::Statin => "statin 1.16",
        _ => return None,
    })
}

fn medication_timing(meds: Vec<MedicationStart>, input: &Input<'_>) -> Flag {
    let mut f = flag(
        "medication_timing_association",
        "Cramps after starting a medicine",
    )
    .sources(&[w::SRC_GARRISON, w::SRC_ALLEN_KIRBY, w::SRC_NICE_CKS]);
    let tagged: Vec<String> = input
        .medications
        .iter()
        .filter(|m| m.class.linked_to_cramps())
        .map(|m| format!("{} ({})", m.name, m.class))
        .collect();
    if meds.is_empty() {
        f.level = Level::NotMet;
        f.patient_text =
            "No medicine of a kind linked to cramps was started around this period.".into();
        f.clinician_text = if tagged.is_empty() {
            "No cramp-associated medication classes recorded.".to_string()
        } else {
            format!(
                "Cramp-associated medication recorded, no start within the period's windows: {}.",
                tagged.join(", ")
            )
        };
        return f;
    }
    f.level = meds.iter().map(|m| m.level).min().unwrap_or(Level::NotMet);
    // A medication with enough data decides over one without.
    if f.level == Level::InsufficientData {
        let missing = meds
            .iter()
            .filter_map(|m| m.comparison.missing.clone())
            .collect::<Vec<_>>()
            .join("; ");
        f.evidence.medications = meds;
        let mut f = f.insufficient(missing);
        f.patient_text.push(' ');
        f.patient_text.push_str(w::MEDICINE_ADVICE);
        return f;
    }
    let met: Vec<&MedicationStart> = meds.iter().filter(|m| m.level.is_met()).collect();
    let describe = |m: &MedicationStart| {
        let c = &m.comparison;
        format!(
            "{} ({}, started {}): cramps on {}/{} nights after vs {}/{} before; {}{} [{}]",
            m.name,
            m.class,
            m.start,
            c.exposed.cramp_nights,
            c.exposed.nights,
            c.unexposed.cramp_nights,
            c.unexposed.nights,
            comparison_stats(c),
            garrison(m.class)
                .map(|g| format!("; population data: {g}"))
                .unwrap_or_default(),
            m.level.id()
        )
    };
    f.patient_text = if met.is_empty() {
        format!(
            "Cramps were not clearly more frequent after starting {}. {}",
            meds.iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
                .join(", "),
            w::MEDICINE_ADVICE
        )
    } else {
        format!(
            "Your cramps became more frequent after you started {}. Some medicines can make cramps more likely. {}",
            met.iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
                .join(" and "),
            w::MEDICINE_ADVICE
        )
    };
    f.clinician_text = format!(
        "Cramp nights 56 nights after vs 56 before each start of a cramp-associated medicine (the start night counts as after; windows may reach outside the period): {}. Sequence-symmetry data (Garrison 2012) suggest a possible drug contribution; never a reason to stop without review.",
        meds.iter().map(describe).collect::<Vec<_>>().join("; ")
    );
    f.evidence.nights = met
        .iter()
        .flat_map(|m| m.comparison.exposed_nights.clone())
        .collect();
    f.evidence.comparisons = meds.iter().map(|m| m.comparison.clone()).collect();
    f.evidence.medications = meds;
    f
}

// ---------------------------------------------------------------------------------------
// Composite, risk factors, topics
// ---------------------------------------------------------------------------------------

fn level_of(flags: &[Flag], id: &str) -> Level {
    flags
        .iter()
        .find(|f| f.id == id)
        .map_or(Level::NotMet, |f| f.level)
}

fn title_of(flags: &[Flag], id: &str) -> String {
    flags
        .iter()
        .find(|f| f.id == id)
        .map_or(id.to_string(), |f| f.title.to_lowercase())
}

fn composite(flags: &[Flag], input: &Input<'_>) -> Composite {
    let freq = level_of(flags, "cramp_frequency_high").is_met();
    let venous_rules = [
        "venous_cosymptom_association",
        "standing_day_association",
        "compression_elevation_relief",
        "laterality_concordance",
    ];
    let competing = [
        "rls_like_pattern",
        "pad_claudication_pattern",
        "medication_timing_association",
        "cramp_phenotype_atypical",
    ];
    let venous_met: Vec<&str> = venous_rules
        .iter()
        .copied()
        .filter(|id| level_of(flags, id).is_met())
        .collect();
    let competing_met: Vec<&str> = competing
        .iter()
        .copied()
        .filter(|id| level_of(flags, id).is_met())
        .collect();
    let met = freq && venous_met.len() >= 2 && competing_met.is_empty();
    let mut reasons = vec![
        if freq {
            "cramps on ≥ 3 nights a week: met".to_string()
        } else {
            format!(
                "cramps on ≥ 3 nights a week: {}",
                level_of(flags, "cramp_frequency_high")
                    .id()
                    .replace('_', " ")
            )
        },
        format!(
            "{} of 4 venous-pattern rules met (needs 2){}",
            venous_met.len(),
            if venous_met.is_empty() {
                String::new()
            } else {
                format!(
                    ": {}",
                    venous_met
                        .iter()
                        .map(|id| title_of(flags, id))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        ),
    ];
    reasons.push(if competing_met.is_empty() {
        "no competing pattern (restless legs, walking pain, medicine timing, atypical cramps)"
            .to_string()
    } else {
        format!(
            "competing pattern met: {}",
            competing_met
                .iter()
                .map(|id| title_of(flags, id))
                .collect::<Vec<_>>()
                .join("; ")
        )
    });
    Composite {
        met,
        line: if met {
            format!(
                "Pattern consistent with a venous contribution. {}",
                w::DUPLEX
            )
        } else {
            format!(
                "The diary does not show the combined pattern consistent with a venous contribution. {}",
                w::DUPLEX
            )
        },
        reasons,
        risk_factors: risk_factors(input.profile, input.period.to),
    }
}

fn yes(profile: &BTreeMap<String, String>, key: &str) -> bool {
    profile
        .get(key)
        .and_then(|v| crate::parse::yes_no(v))
        .unwrap_or(false)
}

/// The profile's risk factors for venous disease (DESIGN.md §5 composite line).
pub fn risk_factors(profile: &BTreeMap<String, String>, on: NaiveDate) -> Vec<RiskFactor> {
    let mut out = Vec::new();
    let rf = |id: &str, label: String, value: Option<f64>| RiskFactor {
        id: id.to_string(),
        label,
        value,
    };
    if let Some(y) = profile
        .get("birth_year")
        .and_then(|y| y.trim().parse::<i32>().ok())
    {
        let age = on.year() - y;
        if (0..=130).contains(&age) {
            out.push(rf("age", format!("age {age}"), Some(f64::from(age))));
        }
    }
    if profile.get("sex").map(String::as_str) == Some("female") {
        out.push(rf("female_sex", "female sex".into(), None));
    }
    if yes(profile, "pregnant") {
        out.push(rf("pregnant", "pregnancy".into(), None));
    }
    if yes(profile, "family_history_veins") {
        out.push(rf(
            "family_history_veins",
            "family history of vein disease".into(),
            None,
        ));
    }
    let num = |k: &str| profile.get(k).and_then(|v| v.trim().parse::<f64>().ok());
    if let (Some(h), Some(wt)) = (num("height_cm"), num("weight_kg"))
        && h > 0.0
    {
        let bmi = wt / (h / 100.0).powi(2);
        if bmi.is_finite() && bmi >= 25.0 {
            out.push(rf(
                "bmi",
                format!(
                    "BMI {:.1} ({})",
                    bmi,
                    if bmi >= 30.0 {
                        "obesity range"
                    } else {
                        "overweight range"
                    }
                ),
                Some(bmi),
            ));
        }
    }
    if profile.get("occupation_posture").map(String::as_str) == Some("standing") {
        out.push(rf(
            "standing_occupation",
            "standing occupation".into(),
            None,
        ));
    }
    if yes(profile, "prior_dvt") {
        out.push(rf("prior_dvt", "previous DVT".into(), None));
    }
    out
}

fn topics(flags: &[Flag], composite: &Composite, cov: &Coverage) -> Vec<String> {
    let mut t = Vec::new();
    for f in flags.iter().filter(|f| f.level.is_urgent()) {
        for r in &f.evidence.red_flag_nights {
            t.push(format!(
                "The warning sign{} logged on {}: {}.",
                if r.signs.len() == 1 { "" } else { "s" },
                w::day(r.night),
                r.signs
                    .iter()
                    .map(|s| s.label.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    for f in flags.iter().filter(|f| f.level.is_met()) {
        t.push(match f.id.as_str() {
            "cramp_frequency_high" => "How often the cramps happen, and whether they need further checks.".to_string(),
            "cramp_phenotype_atypical" => "The cramps that do not look typical (long, outside the calf or foot, numbness or weakness).".to_string(),
            "venous_cosymptom_association" => "Cramps after days with heavy, aching or swollen legs.".to_string(),
            "standing_day_association" => "Cramps after days spent on my feet.".to_string(),
            "compression_elevation_relief" => "Fewer cramps with compression stockings or raising my legs.".to_string(),
            "self_care_nonresponse" => "Stretching has not clearly helped.".to_string(),
            "laterality_concordance" => "Cramps mostly in the leg with swelling or visible veins.".to_string(),
            "worsening_trend" => "The cramps have become more frequent recently.".to_string(),
            "sleep_disruption" => "How much the cramps disturb my sleep.".to_string(),
            "rls_like_pattern" => "Whether the urge to move my legs could be restless legs syndrome.".to_string(),
            "pad_claudication_pattern" => "Leg pain when walking that settles with rest (checking the leg arteries).".to_string(),
            "medication_timing_association" => format!("Whether a medicine could play a part in the cramps. {}", w::MEDICINE_ADVICE),
            _ => f.title.clone(),
        });
    }
    if composite.met {
        t.push(
            "Whether a venous duplex ultrasound scan is needed to check for venous reflux."
                .to_string(),
        );
    }
    if cov.missing > 0 && cov.logged_fraction.is_some_and(|f| f < 0.8) {
        t.push(format!(
            "{} of {} nights were not logged, so some numbers are uncertain.",
            cov.missing, cov.due
        ));
    }
    if t.is_empty() {
        t.push("How often the cramps happen and how they affect my sleep and days.".to_string());
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Episode, Event, Medication, Symptom};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn night(day: NaiveDate, cramps: usize, leg: Leg) -> Night {
        let mut n = Night::new(day);
        n.episodes = (0..cramps)
            .map(|_| Episode {
                leg: Some(leg),
                site: Some(Site::Calf),
                duration_s: Some(60),
                ..Episode::default()
            })
            .collect();
        n
    }

    struct Fixture {
        nights: Vec<Night>,
        profile: BTreeMap<String, String>,
        meds: Vec<Medication>,
        events: Vec<Event>,
        period: Period,
    }

    impl Fixture {
        fn new(from: &str, to: &str) -> Fixture {
            Fixture {
                nights: Vec::new(),
                profile: BTreeMap::new(),
                meds: Vec::new(),
                events: Vec::new(),
                period: Period {
                    from: d(from),
                    to: d(to),
                },
            }
        }

        fn run(&self) -> Evaluated {
            let input = Input {
                nights: &self.nights,
                profile: &self.profile,
                medications: &self.meds,
                events: &self.events,
                period: self.period,
                today: self.period.to + Duration::days(1),
            };
            let diary = Diary::new(&self.nights);
            let cov = super::super::coverage::coverage(&diary, self.period, input.today);
            let weeks = super::super::coverage::weekly(&diary, self.period, input.today);
            evaluate(&input, &diary, &cov, &weeks)
        }
    }

    fn get<'a>(e: &'a Evaluated, id: &str) -> &'a Flag {
        e.flags.iter().find(|f| f.id == id).unwrap()
    }

    #[test]
    fn holm_family_holds_only_the_flag_comparisons_with_enough_data() {
        let mut fx = Fixture::new("2026-09-01", "2026-10-30");
        for (i, day) in fx.period.days().enumerate() {
            let mut n = night(day, usize::from(i % 3 == 0), Leg::Left);
            n.standing_h = Some(if i % 2 == 0 { 6.0 } else { 1.0 });
            n.heat = Some(i % 4 == 0);
            fx.nights.push(n);
        }
        let e = fx.run();
        for c in &e.associations {
            let expected = c.id == "standing";
            assert_eq!(c.in_holm_family, expected, "{}", c.id);
            assert_eq!(c.fisher_p_holm.is_some(), expected, "{}", c.id);
        }
        // Standing and the laterality test (20 left episodes) form the family of two.
        let standing = e.associations.iter().find(|c| c.id == "standing").unwrap();
        let lat = get(&e, "laterality_concordance")
            .evidence
            .laterality
            .clone()
            .unwrap();
        let adjusted = stats::holm(&[standing.fisher_p.unwrap(), lat.p.unwrap()]);
        assert_eq!(standing.fisher_p_holm, Some(adjusted[0]));
        assert_eq!(lat.p_holm, Some(adjusted[1]));
        let heat = e.associations.iter().find(|c| c.id == "heat").unwrap();
        assert!(
            heat.sufficient && heat.level.is_none(),
            "exploratory: no level"
        );
    }

    #[test]
    fn laterality_sign_side_from_diary_else_profile_and_both_agrees() {
        let mut fx = Fixture::new("2026-10-01", "2026-10-30");
        for day in fx.period.days().take(12) {
            fx.nights.push(night(day, 1, Leg::Right));
        }
        // No side anywhere: one-sided cramps, but the side of the signs is missing.
        let f = get(&fx.run(), "laterality_concordance").clone();
        assert_eq!(f.level, Level::InsufficientData);
        assert!(f.missing.unwrap().contains("known varicose veins"));
        fx.profile
            .insert("known_varicose_veins".into(), "both".into());
        let f = get(&fx.run(), "laterality_concordance").clone();
        let lat = f.evidence.laterality.unwrap();
        assert_eq!(
            (lat.sign_side, lat.sign_side_source.as_deref()),
            (Some(Leg::Both), Some("profile"))
        );
        assert_eq!(
            f.level,
            Level::Notable,
            "a both-sided sign agrees with either leg"
        );
        // The diary's own sign side wins over the profile.
        fx.nights[0].symptoms = Some(vec![Symptom {
            id: SymptomId::VisibleVeins,
            side: Some(Leg::Left),
            severity: None,
        }]);
        let f = get(&fx.run(), "laterality_concordance").clone();
        assert_eq!(f.evidence.laterality.unwrap().sign_side, Some(Leg::Left));
        assert_eq!(f.level, Level::NotMet, "right-leg cramps, left-sided veins");
    }

    #[test]
    fn stretching_starts_at_an_event_or_a_run_of_seven_after_fourteen_without() {
        let mut fx = Fixture::new("2026-08-01", "2026-10-30");
        for (i, day) in fx.period.days().enumerate() {
            let mut n = night(day, 1, Leg::Left);
            n.stretched = Some(i >= 20 && i != 23);
            fx.nights.push(n);
        }
        // Nights 20-22 stretched, a gap on 23, then from night 24 on: the 14 logged nights
        // before night 24 include stretched ones, so that is no clean start.
        let e = fx.run();
        assert!(
            get(&e, "self_care_nonresponse")
                .evidence
                .stretching
                .is_none()
        );
        assert_eq!(get(&e, "self_care_nonresponse").level, Level::NotMet);
        // Without the gap, the routine starts on night 20.
        fx.nights[23].stretched = Some(true);
        let start = fx.period.from + Duration::days(20);
        let e = fx.run();
        let s = get(&e, "self_care_nonresponse")
            .evidence
            .stretching
            .clone()
            .unwrap();
        assert_eq!((s.start, s.detected_from.as_str()), (start, "nightly"));
        assert_eq!(
            get(&e, "self_care_nonresponse").level,
            Level::Notable,
            "no fall at all"
        );
        // A gap in the routine breaks a run: 6 nights are not a start.
        fx.nights[26].stretched = Some(false);
        fx.nights[27] = night(fx.nights[27].night, 1, Leg::Left);
        let s = get(&fx.run(), "self_care_nonresponse")
            .evidence
            .stretching
            .clone();
        assert_eq!(s.map(|s| s.start), None, "a 6-night run is not a start");
        fx.events.push(Event {
            id: 1,
            date: d("2026-09-01"),
            kind: EventKind::StretchingStart,
            label: None,
            side: None,
        });
        let s = get(&fx.run(), "self_care_nonresponse")
            .evidence
            .stretching
            .clone()
            .unwrap();
        assert_eq!(
            (s.start, s.detected_from.as_str()),
            (d("2026-09-01"), "event")
        );
    }

    #[test]
    fn atypical_cramps_and_claudication_need_their_features() {
        let mut fx = Fixture::new("2026-10-01", "2026-10-30");
        for day in fx.period.days().take(8) {
            let mut n = night(day, 1, Leg::Left);
            n.episodes[0].duration_s = Some(900);
            fx.nights.push(n);
        }
        let e = fx.run();
        assert_eq!(get(&e, "cramp_phenotype_atypical").level, Level::Notable);
        assert_eq!(get(&e, "pad_claudication_pattern").level, Level::NotMet);
        for n in fx.nights.iter_mut().take(2) {
            n.walk_pain_at_rest = Some(false);
            n.walk_pain_settles_10min = Some(true);
            n.walk_pain_site = Some(WalkSite::Calf);
        }
        let e = fx.run();
        let pad = get(&e, "pad_claudication_pattern");
        assert_eq!(pad.level, Level::Notable);
        assert!(pad.patient_text.contains("can be a sign of"));
    }

    #[test]
    fn medication_after_window_starts_on_the_start_night_and_ends_with_the_period() {
        let mut fx = Fixture::new("2026-09-01", "2026-10-30");
        for day in (Period {
            from: d("2026-07-01"),
            to: d("2026-10-30"),
        })
        .days()
        {
            fx.nights
                .push(night(day, usize::from(day >= d("2026-10-01")), Leg::Left));
        }
        fx.meds.push(Medication {
            name: "salmeterol".into(),
            class: MedClass::Laba,
            start: d("2026-10-01"),
            stop: None,
            dose: None,
        });
        let e = fx.run();
        let f = get(&e, "medication_timing_association");
        let m = &f.evidence.medications[0];
        assert_eq!(
            (m.after_from, m.after_to),
            (d("2026-10-01"), d("2026-10-30"))
        );
        assert_eq!(
            (m.before_from, m.before_to),
            (d("2026-08-06"), d("2026-09-30"))
        );
        assert_eq!(
            m.comparison.exposed.cramp_nights, 30,
            "the start night counts as after"
        );
        assert_eq!(f.level, Level::Notable);
        assert!(f.patient_text.contains(w::MEDICINE_ADVICE));
    }

    #[test]
    fn composite_needs_frequency_two_venous_rules_and_no_competing_pattern() {
        let mut flags: Vec<Flag> = RULES.iter().map(|id| flag(id, id)).collect();
        let set = |flags: &mut Vec<Flag>, id: &str, l: Level| {
            flags.iter_mut().find(|f| f.id == id).unwrap().level = l;
        };
        let fx = Fixture::new("2026-10-01", "2026-10-30");
        let input = Input {
            nights: &fx.nights,
            profile: &fx.profile,
            medications: &fx.meds,
            events: &fx.events,
            period: fx.period,
            today: d("2026-10-31"),
        };
        set(&mut flags, "cramp_frequency_high", Level::Notable);
        set(&mut flags, "standing_day_association", Level::Possible);
        assert!(
            !composite(&flags, &input).met,
            "one venous rule is not enough"
        );
        set(&mut flags, "laterality_concordance", Level::Notable);
        assert!(composite(&flags, &input).met);
        set(&mut flags, "rls_like_pattern", Level::Notable);
        assert!(
            !composite(&flags, &input).met,
            "a competing pattern blocks it"
        );
        set(&mut flags, "rls_like_pattern", Level::InsufficientData);
        set(&mut flags, "cramp_frequency_high", Level::InsufficientData);
        let c = composite(&flags, &input);
        assert!(!c.met);
        assert!(c.line.contains(w::DUPLEX));
    }
}
