//! `rls_like_pattern`: all four IRLSSG probe answers yes on ≥ 2 evenings per 7 logged nights
//! (≥ 14 logged nights).

use chrono::NaiveDate;

use super::evidence::{Statistic, count};
use super::{Assessment, Ctx, Measure, Role, Rule, Spec};
use crate::analysis::wording as w;
use crate::vocab::RuleId;

pub const MIN_LOGGED: u32 = 14;
/// Evenings with all four probe answers yes, per 7 logged nights.
pub const EVENINGS_PER_WEEK: f64 = 2.0;

pub const SPEC: Spec = Spec {
    id: RuleId::RlsLikePattern,
    title: "Features more typical of restless legs",
    sources: &[w::SRC_IRLSSG],
    minimum: "≥ 14 logged nights",
    role: Role::Competing,
    topic: "Whether the urge to move my legs could be restless legs syndrome.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let nights = ctx.nights;
    let logged = match ctx.logged_at_least(MIN_LOGGED) {
        Ok(logged) => logged,
        Err(too_few) => return Assessment::new(too_few),
    };
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
    let met = per_week >= EVENINGS_PER_WEEK;
    let mut a = Assessment::new(Measure::Criterion(met));
    a.evidence.counts = vec![count(
        "rls_like_evenings",
        k,
        Some(logged),
        "evenings with all four IRLSSG probe answers yes",
    )];
    a.evidence.statistic = Some(Statistic {
        name: "rls_like_evenings_per_week".into(),
        value: Some(per_week),
        threshold: Some(EVENINGS_PER_WEEK),
        ..Statistic::default()
    });
    a.evidence.nights = rls;
    a.patient_text = if met {
        format!(
            "On {k} of {logged} evenings you described an urge to move your legs at rest that eased with moving and was worse in the evening. That is more typical of restless legs syndrome than of cramps; your doctor can check."
        )
    } else {
        format!(
            "An urge to move the legs with all four typical features was logged on {k} of {logged} evenings (below {EVENINGS_PER_WEEK} a week)."
        )
    };
    a.clinician_text = format!(
        "IRLSSG criteria 1–4 reported on {k}/{logged} evenings = {}/week (≥ {EVENINGS_PER_WEEK}/week threshold). Criterion 5 (exclude mimics, including cramps, venous stasis and oedema) needs clinical assessment; the 4-item screen is ~84 % specific (Hening 2009).",
        w::num(per_week, 1)
    );
    a
}
