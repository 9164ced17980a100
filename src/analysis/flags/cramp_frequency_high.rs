//! `cramp_frequency_high`: cramps on ≥ 3 nights a week on average, over ≥ 14 logged nights
//! with ≥ 80 % of the period's nights logged.

use super::evidence::{Statistic, count};
use super::{Assessment, Ctx, Measure, Role, Rule, Spec};
use crate::analysis::wording::{self as w, pct};
use crate::stats;
use crate::vocab::RuleId;

/// Cramp nights per 7 logged nights at which the rule is met.
pub const NIGHTS_PER_WEEK: f64 = 3.0;
pub const MIN_LOGGED: u32 = 14;
/// Share of the period's due nights that must be logged.
pub const MIN_LOGGED_SHARE: f64 = 0.8;

pub const SPEC: Spec = Spec {
    id: RuleId::CrampFrequencyHigh,
    title: "Frequent cramps",
    sources: &[w::SRC_NAYLOR, w::SRC_NICE_CKS, w::SRC_HALLEGRAEFF_2017],
    minimum: "≥ 14 logged nights, ≥ 80 % of nights logged",
    role: Role::Frequency,
    topic: "How often the cramps happen, and whether they need further checks.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let cov = ctx.coverage;
    let frac = cov.logged_fraction.unwrap_or(0.0);
    if cov.logged < MIN_LOGGED || frac < MIN_LOGGED_SHARE {
        let mut a = Assessment::new(Measure::Insufficient(format!(
            "needs ≥ {MIN_LOGGED} logged nights and ≥ {:.0} % of the period's nights logged; has {} logged of {} ({})",
            100.0 * MIN_LOGGED_SHARE,
            cov.logged,
            cov.due,
            pct(cov.logged, cov.due)
        )));
        a.evidence.counts.push(count(
            "logged_nights",
            cov.logged,
            Some(cov.due),
            "logged nights of the nights due",
        ));
        return a;
    }
    let rate = 7.0 * f64::from(cov.cramp_nights) / f64::from(cov.logged);
    let (lo, hi) = stats::clopper_pearson(u64::from(cov.cramp_nights), u64::from(cov.logged), 0.95);
    let episodes: u32 = ctx.nights.iter().map(|n| n.episodes.len() as u32).sum();
    let met = rate >= NIGHTS_PER_WEEK;
    let mut a = Assessment::new(Measure::Criterion(met));
    a.evidence.counts = vec![
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
    a.evidence.statistic = Some(Statistic {
        name: "cramp_nights_per_week".into(),
        value: Some(rate),
        ci_low: Some(7.0 * lo),
        ci_high: Some(7.0 * hi),
        ci_level: Some(0.95),
        threshold: Some(NIGHTS_PER_WEEK),
        ..Statistic::default()
    });
    a.evidence.nights = ctx
        .nights
        .iter()
        .filter(|n| n.had_cramp())
        .map(|n| n.night)
        .collect();
    // The CI of the weekly rate: when it includes the threshold, say so (docs/design.md).
    let uncertain = 7.0 * lo <= NIGHTS_PER_WEEK && NIGHTS_PER_WEEK <= 7.0 * hi;
    let range = format!(
        "{}–{} nights a week",
        w::num(7.0 * lo, 1),
        w::num(7.0 * hi, 1)
    );
    let caution = if uncertain {
        a.evidence.notes.push(format!(
            "the 95% CI of the weekly rate ({range}) includes the threshold of {NIGHTS_PER_WEEK}"
        ));
        format!(
            " The likely range, {range}, includes {NIGHTS_PER_WEEK}, so more logged nights would make this surer."
        )
    } else {
        String::new()
    };
    a.patient_text = format!(
        "You logged cramps on {} of {} nights, about {} nights a week.{}{caution}",
        cov.cramp_nights,
        cov.logged,
        w::num(rate, 1),
        if met {
            " Cramps this often are worth discussing with your doctor.".to_string()
        } else {
            format!(" That is below {NIGHTS_PER_WEEK} nights a week.")
        }
    );
    a.clinician_text = format!(
        "Nocturnal leg cramps on {}/{} logged nights = {} cramp nights/week (95% CI {}–{}); {} episodes ({}/week). {} the ≥ {NIGHTS_PER_WEEK} nights/week threshold (40 % of sufferers > 3/week: Naylor & Young 1994).",
        cov.cramp_nights,
        cov.logged,
        w::num(rate, 1),
        w::num(7.0 * lo, 1),
        w::num(7.0 * hi, 1),
        episodes,
        w::num(7.0 * f64::from(episodes) / f64::from(cov.logged), 1),
        if met { "Meets" } else { "Below" }
    );
    if uncertain {
        a.clinician_text.push_str(&format!(
            " The CI includes the threshold of {NIGHTS_PER_WEEK}/week."
        ));
    }
    a
}
