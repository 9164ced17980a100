//! `pad_claudication_pattern`: walking pain not starting at rest and settling within
//! 10 minutes, on ≥ 2 days (calf = typical site). No minimum data.

use super::evidence::{Statistic, count};
use super::{Assessment, Ctx, Measure, Role, Rule, Spec};
use crate::analysis::wording as w;
use crate::model::Night;
use crate::vocab::{RuleId, WalkSite};

/// Days with claudication-type walking pain at which the rule is met.
pub const MIN_DAYS: u32 = 2;

pub const SPEC: Spec = Spec {
    id: RuleId::PadClaudicationPattern,
    title: "Leg pain when walking that settles with rest",
    sources: &[w::SRC_ECQ, w::SRC_ALLEN_KIRBY, w::SRC_NICE_CKS],
    minimum: "none",
    role: Role::Competing,
    topic: "Leg pain when walking that settles with rest (checking the leg arteries).",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let nights = ctx.nights;
    let days: Vec<&&Night> = nights
        .iter()
        .filter(|n| n.walk_pain_at_rest == Some(false) && n.walk_pain_settles_10min == Some(true))
        .collect();
    let calf = days
        .iter()
        .filter(|n| n.walk_pain_site == Some(WalkSite::Calf))
        .count() as u32;
    let k = days.len() as u32;
    let met = k >= MIN_DAYS;
    let mut a = Assessment::new(Measure::Criterion(met));
    a.evidence.counts = vec![
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
    a.evidence.statistic = Some(Statistic {
        name: "claudication_type_days".into(),
        value: Some(f64::from(k)),
        threshold: Some(f64::from(MIN_DAYS)),
        ..Statistic::default()
    });
    a.evidence.nights = days.iter().map(|n| n.night).collect();
    if met {
        a.patient_text = format!(
            "On {k} days you noted leg pain when walking that did not start at rest and went away within 10 minutes of standing still. That can be a sign of narrowed leg arteries and is worth checking."
        );
        a.clinician_text = format!(
            "Edinburgh Claudication Questionnaire-type pattern on {k} days ({calf} with calf pain: typical site; others atypical). Consider ankle–brachial index; NLC are associated with PAD (Abdulla 1999).",
        );
    } else {
        a.patient_text = format!(
            "Walking pain of the kind that settles with rest was logged on {k} days (fewer than {MIN_DAYS})."
        );
        a.clinician_text =
            format!("Claudication-type walking pain on {k} days (needs ≥ {MIN_DAYS}).");
    }
    a
}
