//! The fourteen pattern rules and the composite line (`docs/design.md`, "Flags").
//!
//! Each rule is a specification ([`Spec`]: id, title, sources, minimum data, its part in the
//! composite line, its topic to discuss) plus an `assess` function, in one file per rule;
//! thresholds are named constants in that file, used by the logic and the wording alike.
//! `assess` returns a [`Measure`] and the typed [`Evidence`]; the one [`judge`] turns every
//! measure into a [`Level`]. A new rule is one file and one entry in [`RULES`].
//!
//! Every rule appears once, at one level; below its minimum data it is `insufficient_data`
//! and says what is missing. Association rules share one Holm family, built before the rules
//! run ([`family`]).

mod composite;
mod compression_elevation_relief;
mod cramp_frequency_high;
mod cramp_phenotype_atypical;
mod evidence;
pub mod family;
mod laterality_concordance;
pub(crate) mod medication_timing_association;
mod pad_claudication_pattern;
mod red_flag_prompt_review;
mod red_flag_urgent_clot;
mod red_flags;
mod rls_like_pattern;
pub(crate) mod self_care_nonresponse;
mod sleep_disruption;
mod standing_day_association;
mod texts;
mod venous_cosymptom_association;
pub(crate) mod worsening_trend;

use serde::{Deserialize, Serialize};

pub use self::composite::{Composite, RiskFactor, risk_factors};
pub use self::evidence::{
    Detail, Direction, Evidence, EvidenceCount, Laterality, MannKendallEvidence, MedicationStart,
    RedFlagNight, RedFlagSign, Statistic, Stretching, count,
};
pub use self::family::Tests;
pub use self::red_flags::signs_words;
pub use self::texts::comparison_stats;
use super::associations::Comparison;
use super::coverage::{Coverage, Week};
pub use super::judge::{ALPHA, Measure, Test, judge};
use super::{Diary, Input, Level};
use crate::model::Night;
use crate::vocab::RuleId;

/// What a rule is: everything about it that is not a computation.
#[derive(Debug)]
pub struct Spec {
    pub id: RuleId,
    pub title: &'static str,
    pub sources: &'static [&'static str],
    /// The minimum data, in words (as in `docs/design.md`'s table).
    pub minimum: &'static str,
    pub role: Role,
    /// The topic to discuss when the rule is met.
    pub topic: &'static str,
}

/// A rule's part in the composite line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `cramp_frequency_high`: must be met.
    Frequency,
    /// One of the venous-pattern rules: two must be met.
    Venous,
    /// A competing pattern: none may be met.
    Competing,
    /// Not part of the composite line.
    Other,
}

/// What a rule's `assess` returns. Texts left empty on an `insufficient_data` measure get
/// the standard "not enough data" sentences.
#[derive(Debug, Clone, Default)]
pub struct Assessment {
    pub measure: Option<Measure>,
    pub patient_text: String,
    pub clinician_text: String,
    pub evidence: Evidence,
}

impl Assessment {
    fn new(measure: Measure) -> Assessment {
        Assessment {
            measure: Some(measure),
            ..Assessment::default()
        }
    }
}

/// What every rule may read.
pub struct Ctx<'c, 'a> {
    pub input: &'c Input<'a>,
    pub diary: &'c Diary<'a>,
    /// The period's logged nights, in date order.
    pub nights: &'c [&'a Night],
    pub coverage: &'c Coverage,
    pub weekly: &'c [Week],
    /// The association tests, Holm-adjusted together.
    pub tests: &'c Tests,
}

impl Ctx<'_, '_> {
    /// The period's logged nights, or the `insufficient_data` measure when there are fewer
    /// than `min` ("needs ≥ 14 logged nights; has 9").
    pub fn logged_at_least(&self, min: u32) -> Result<u32, Measure> {
        let logged = self.nights.len() as u32;
        if logged < min {
            return Err(Measure::Insufficient(format!(
                "needs ≥ {min} logged nights; has {logged}"
            )));
        }
        Ok(logged)
    }
}

/// A rule: its specification and its assessment.
pub struct Rule {
    pub spec: &'static Spec,
    pub assess: fn(&Ctx<'_, '_>) -> Assessment,
}

/// Every rule, in the order of `docs/design.md`'s table (the report's order within a level).
pub const RULES: &[Rule] = &[
    red_flag_urgent_clot::RULE,
    red_flag_prompt_review::RULE,
    cramp_frequency_high::RULE,
    cramp_phenotype_atypical::RULE,
    venous_cosymptom_association::RULE,
    standing_day_association::RULE,
    compression_elevation_relief::RULE,
    self_care_nonresponse::RULE,
    laterality_concordance::RULE,
    worsening_trend::RULE,
    sleep_disruption::RULE,
    rls_like_pattern::RULE,
    pad_claudication_pattern::RULE,
    medication_timing_association::RULE,
];

/// The specification of a rule.
pub fn spec(id: RuleId) -> Option<&'static Spec> {
    RULES.iter().map(|r| r.spec).find(|s| s.id == id)
}

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

impl Rule {
    fn run(&self, ctx: &Ctx<'_, '_>) -> Flag {
        let a = (self.assess)(ctx);
        let measure = a.measure.unwrap_or(Measure::Criterion(false));
        let level = judge(&measure);
        let missing = (level == Level::InsufficientData)
            .then(|| measure.missing())
            .flatten();
        let (mut patient_text, mut clinician_text) = (a.patient_text, a.clinician_text);
        if let Some(m) = &missing {
            if patient_text.is_empty() {
                patient_text = texts::not_enough_patient(m);
            }
            if clinician_text.is_empty() {
                clinician_text = texts::not_enough_clinician(m);
            }
        }
        Flag {
            id: self.spec.id.id().to_string(),
            level,
            title: self.spec.title.to_string(),
            patient_text,
            clinician_text,
            missing,
            evidence: a.evidence,
            sources: self.spec.sources.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// What [`evaluate`] returns.
pub struct Evaluated {
    pub flags: Vec<Flag>,
    pub associations: Vec<Comparison>,
    pub composite: Composite,
    pub topics: Vec<String>,
}

/// Runs every rule.
pub fn evaluate(
    input: &Input<'_>,
    diary: &Diary<'_>,
    coverage: &Coverage,
    weekly: &[Week],
) -> Evaluated {
    let nights = diary.period(input.period);
    let tests = family::tests(input, diary, nights);
    let ctx = Ctx {
        input,
        diary,
        nights,
        coverage,
        weekly,
        tests: &tests,
    };
    let mut flags: Vec<Flag> = RULES.iter().map(|r| r.run(&ctx)).collect();
    // Urgent first, then by level; within a level, the table's order.
    flags.sort_by_key(|f| f.level);
    let composite = composite::composite(&flags, input);
    let scan = super::latest_duplex(input.events, input.period.to, false).map(|e| e.date);
    let topics = composite::topics(&flags, &composite, coverage, scan);
    Evaluated {
        flags,
        associations: tests.comparisons,
        composite,
        topics,
    }
}

#[cfg(test)]
mod tests;
