//! The composite line, the profile's risk factors beside it, and the topics to discuss
//! (docs/design.md, "Composite line").

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Flag, RULES, Role};
use crate::analysis::coverage::Coverage;
use crate::analysis::wording as w;
use crate::analysis::{Input, Level};
use crate::profile::Profile;
use crate::vocab::{Posture, RuleId, Sex};

/// Venous-pattern rules that must be met.
pub const MIN_VENOUS_MET: usize = 2;

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

fn level_of(flags: &[Flag], id: RuleId) -> Level {
    flags
        .iter()
        .find(|f| f.id == id.id())
        .map_or(Level::NotMet, |f| f.level)
}

fn title_of(flags: &[Flag], id: RuleId) -> String {
    flags
        .iter()
        .find(|f| f.id == id.id())
        .map_or(id.id().to_string(), |f| f.title.to_lowercase())
}

/// The rules with a role, in the table's order.
fn with_role(role: Role) -> impl Iterator<Item = RuleId> {
    RULES
        .iter()
        .filter(move |r| r.spec.role == role)
        .map(|r| r.spec.id)
}

pub fn composite(flags: &[Flag], input: &Input<'_>) -> Composite {
    let freq_id = with_role(Role::Frequency).next();
    let freq_level = freq_id.map_or(Level::NotMet, |id| level_of(flags, id));
    let freq = freq_level.is_met();
    let venous_rules: Vec<RuleId> = with_role(Role::Venous).collect();
    let venous_met: Vec<RuleId> = venous_rules
        .iter()
        .copied()
        .filter(|id| level_of(flags, *id).is_met())
        .collect();
    let competing_met: Vec<RuleId> = with_role(Role::Competing)
        .filter(|id| level_of(flags, *id).is_met())
        .collect();
    let met = freq && venous_met.len() >= MIN_VENOUS_MET && competing_met.is_empty();
    let titles = |ids: &[RuleId]| {
        ids.iter()
            .map(|id| title_of(flags, *id))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let mut reasons = vec![
        if freq {
            "cramps on ≥ 3 nights a week: met".to_string()
        } else {
            format!("cramps on ≥ 3 nights a week: {}", freq_level.plain())
        },
        format!(
            "{} of {} venous-pattern rules met (needs {MIN_VENOUS_MET}){}",
            venous_met.len(),
            venous_rules.len(),
            if venous_met.is_empty() {
                String::new()
            } else {
                format!(": {}", titles(&venous_met))
            }
        ),
    ];
    reasons.push(if competing_met.is_empty() {
        "no competing pattern (restless legs, walking pain, medicine timing, atypical cramps)"
            .to_string()
    } else {
        format!("competing pattern met: {}", titles(&competing_met))
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

/// The profile's risk factors for venous disease (docs/design.md section 5 composite line).
pub fn risk_factors(profile: &Profile, on: NaiveDate) -> Vec<RiskFactor> {
    let mut out = Vec::new();
    let rf = |id: &str, label: String, value: Option<f64>| RiskFactor {
        id: id.to_string(),
        label,
        value,
    };
    let yes = |v: Option<bool>| v == Some(true);
    if let Some(y) = profile.birth_year {
        let age = on.year() - y;
        if (0..=130).contains(&age) {
            out.push(rf("age", format!("age {age}"), Some(f64::from(age))));
        }
    }
    if profile.sex == Some(Sex::Female) {
        out.push(rf("female_sex", "female sex".into(), None));
    }
    if yes(profile.pregnant) {
        out.push(rf("pregnant", "pregnancy".into(), None));
    }
    if yes(profile.family_history_veins) {
        out.push(rf(
            "family_history_veins",
            "family history of vein disease".into(),
            None,
        ));
    }
    if let (Some(h), Some(wt)) = (profile.height_cm, profile.weight_kg)
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
    if profile.occupation_posture == Some(Posture::Standing) {
        out.push(rf(
            "standing_occupation",
            "standing occupation".into(),
            None,
        ));
    }
    if yes(profile.prior_dvt) {
        out.push(rf("prior_dvt", "previous DVT".into(), None));
    }
    out
}

/// The topics to discuss; `scan` is the day of the latest venous duplex scan on or before
/// the period's end, if any (then no topic suggests one).
pub fn topics(
    flags: &[Flag],
    composite: &Composite,
    cov: &Coverage,
    scan: Option<NaiveDate>,
) -> Vec<String> {
    let mut t = Vec::new();
    for f in flags.iter().filter(|f| f.level.is_urgent()) {
        for r in f.evidence.red_flag_nights() {
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
        let spec = f.id.parse::<RuleId>().ok().and_then(super::spec);
        t.push(match spec {
            // Never a word about a medicine without the advice not to stop it.
            Some(s) if s.id == RuleId::MedicationTimingAssociation => {
                format!("{} {}", s.topic, w::MEDICINE_ADVICE)
            }
            Some(s) if !s.topic.is_empty() => s.topic.to_string(),
            _ => f.title.clone(),
        });
    }
    match (composite.met, scan) {
        (true, None) => t.push(
            "Whether a venous duplex ultrasound scan is needed to check for venous reflux."
                .to_string(),
        ),
        (true, Some(day)) => t.push(format!(
            "What the venous duplex scan of {} means for the cramps.",
            w::day(day)
        )),
        (false, _) => {}
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
