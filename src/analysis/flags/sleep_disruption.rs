//! `sleep_disruption`: ≥ 50 % of cramp nights with a cramp awakening, or mean
//! `sleep_disturbance` ≥ 4 on cramp nights (≥ 14 logged nights).

use chrono::NaiveDate;

use super::evidence::{Statistic, count};
use super::{Assessment, Ctx, Measure, Role, Rule, Spec};
use crate::analysis::coverage::sleep_disrupted;
use crate::analysis::wording::{self as w, pct};
use crate::model::Night;
use crate::vocab::RuleId;

pub const MIN_LOGGED: u32 = 14;
/// Share of cramp nights (of those recording it) with a cramp awakening.
pub const WOKEN_SHARE: f64 = 0.5;
/// Mean sleep disturbance (0–10) on cramp nights.
pub const MEAN_DISTURBANCE: f64 = 4.0;

pub const SPEC: Spec = Spec {
    id: RuleId::SleepDisruption,
    title: "Cramps disrupting sleep",
    sources: &[w::SRC_HALLEGRAEFF_2017, w::SRC_NICE_CKS],
    minimum: "≥ 14 logged nights",
    role: Role::Other,
    topic: "How much the cramps disturb my sleep.",
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
    let cramp: Vec<&&Night> = nights.iter().filter(|n| n.had_cramp()).collect();
    let recorded = cramp
        .iter()
        .filter(|n| n.cramp_awakenings.is_some())
        .count() as u32;
    let woke: Vec<NaiveDate> = cramp
        .iter()
        .filter(|n| n.cramp_awakenings.is_some_and(|a| a >= 1))
        .map(|n| n.night)
        .collect();
    let dist: Vec<f64> = cramp
        .iter()
        .filter_map(|n| n.sleep_disturbance)
        .map(f64::from)
        .collect();
    let mean = crate::analysis::ratio(dist.iter().sum(), dist.len() as f64);
    let (na, nw, nd) = (recorded, woke.len() as u32, dist.len() as u32);
    let mut a = Assessment::default();
    a.evidence.counts = vec![
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
    a.evidence.statistic = Some(Statistic {
        name: "mean_sleep_disturbance_on_cramp_nights".into(),
        value: mean,
        threshold: Some(MEAN_DISTURBANCE),
        ..Statistic::default()
    });
    a.evidence.nights = cramp
        .iter()
        .filter(|n| sleep_disrupted(n) == Some(true))
        .map(|n| n.night)
        .collect();
    if cramp.is_empty() {
        a.measure = Some(Measure::Criterion(false));
        a.patient_text = "No cramp nights were logged in this period.".into();
        a.clinician_text = "No cramp nights in the period.".into();
        return a;
    }
    if na == 0 && nd == 0 {
        a.measure = Some(Measure::Insufficient(format!(
            "needs cramp awakenings or sleep disturbance recorded on cramp nights; has neither on {} cramp nights",
            cramp.len()
        )));
        return a;
    }
    let woke_met = na > 0 && f64::from(nw) >= WOKEN_SHARE * f64::from(na);
    let dist_met = mean.is_some_and(|m| m >= MEAN_DISTURBANCE);
    let met = woke_met || dist_met;
    a.measure = Some(Measure::Criterion(met));
    let mean_txt = mean.map_or("—".to_string(), |m| w::num(m, 1));
    // Name the criterion met, with its numbers (docs/design.md, wording).
    let woke_words = format!(
        "woken by cramps on {nw} of {na} cramp nights ({}; threshold ≥ {:.0} %)",
        pct(nw, na),
        100.0 * WOKEN_SHARE
    );
    let dist_words = format!(
        "mean sleep disturbance {mean_txt}/10 on {nd} cramp nights (threshold ≥ {MEAN_DISTURBANCE})"
    );
    let criterion = match (woke_met, dist_met) {
        (true, true) => format!("both criteria met: {woke_words}; {dist_words}"),
        (true, false) => format!("criterion met: {woke_words}"),
        (false, true) => format!("criterion met: {dist_words}"),
        (false, false) => format!("neither criterion met: {woke_words}; {dist_words}"),
    };
    a.evidence.notes.push(criterion.clone());
    a.patient_text = format!(
        "Cramps woke you on {nw} of {na} cramp nights where you recorded it; sleep disturbance averaged {mean_txt}/10 on cramp nights.{}",
        if met {
            " Cramps that disrupt sleep are worth raising with your doctor."
        } else {
            ""
        }
    );
    a.clinician_text = format!(
        "{}. Sleep disruption is one of the seven NLC characteristics (Hallegraeff 2017).",
        super::texts::capitalise(&criterion)
    );
    a
}
