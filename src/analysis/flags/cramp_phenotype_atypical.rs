//! `cramp_phenotype_atypical`: ≥ 25 % of episodes over 10 min, or ≥ 50 % outside the calf
//! or foot, or numbness on ≥ 50 % of nights, or any new weakness or twitching (≥ 6 episodes).

use chrono::NaiveDate;

use super::evidence::count;
use super::{Assessment, Ctx, Measure, Role, Rule, Spec};
use crate::analysis::wording::{self as w, pct, plural};
use crate::analysis::{Presence, presence};
use crate::model::Night;
use crate::vocab::{RuleId, Site, SymptomId};

/// An episode longer than this (seconds) is long.
pub const LONG_EPISODE_S: u32 = 600;
pub const LONG_SHARE: f64 = 0.25;
pub const OUTSIDE_SHARE: f64 = 0.5;
pub const NUMB_SHARE: f64 = 0.5;
/// Episodes (or nights) each criterion needs.
pub const MIN_EPISODES: u32 = 6;

pub const SPEC: Spec = Spec {
    id: RuleId::CrampPhenotypeAtypical,
    title: "Cramps with atypical features",
    sources: &[w::SRC_HALLEGRAEFF_2017, w::SRC_NICE_CKS, w::SRC_ALLEN_KIRBY],
    minimum: "≥ 6 episodes",
    role: Role::Competing,
    topic: "The cramps that do not look typical (long, outside the calf or foot, numbness or weakness).",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

fn is_calf_or_foot(s: Site) -> bool {
    matches!(s, Site::Calf | Site::Foot | Site::Toes)
}

fn nights_where(nights: &[&Night], pred: impl Fn(&Night) -> bool) -> Vec<NaiveDate> {
    nights.iter().filter(|n| pred(n)).map(|n| n.night).collect()
}

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let nights = ctx.nights;
    let episodes: Vec<_> = nights.iter().flat_map(|n| n.episodes.iter()).collect();
    let total = episodes.len() as u32;
    let durations: Vec<u32> = episodes.iter().filter_map(|e| e.duration_s).collect();
    let long = durations.iter().filter(|d| **d > LONG_EPISODE_S).count() as u32;
    let sites: Vec<Site> = episodes.iter().filter_map(|e| e.site).collect();
    let outside = sites.iter().filter(|s| !is_calf_or_foot(**s)).count() as u32;
    let answered = nights.iter().filter(|n| n.symptoms.is_some()).count() as u32;
    let numb = nights_where(nights, |n| {
        presence(n, SymptomId::Numbness) == Some(Presence::Present)
    });
    let weak = nights_where(nights, |n| {
        n.symptom(SymptomId::NewWeakness).is_some() || n.symptom(SymptomId::Twitching).is_some()
    });
    let (nd, ns, na) = (durations.len() as u32, sites.len() as u32, answered);
    let mut a = Assessment::default();
    a.evidence.counts = vec![
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
    let share_met = |k: u32, of: u32, share: f64| {
        total >= MIN_EPISODES && of >= MIN_EPISODES && f64::from(k) >= share * f64::from(of)
    };
    let long_met = share_met(long, nd, LONG_SHARE);
    let outside_met = share_met(outside, ns, OUTSIDE_SHARE);
    let numb_met = share_met(numb.len() as u32, na, NUMB_SHARE);
    let weak_met = !weak.is_empty();
    for (known, what) in [
        (nd, "durations"),
        (ns, "sites"),
        (na, "answered checklists"),
    ] {
        if total >= MIN_EPISODES && known < MIN_EPISODES {
            a.evidence.notes.push(format!(
                "only {known} episodes or nights with {what}: that criterion needs ≥ {MIN_EPISODES}"
            ));
        }
    }
    if !weak_met && total < MIN_EPISODES {
        a.measure = Some(Measure::Insufficient(format!(
            "needs ≥ {MIN_EPISODES} cramp episodes; has {total}"
        )));
        return a;
    }
    let mut reasons_p = Vec::new();
    let mut reasons_c = Vec::new();
    let mut nights_behind: Vec<NaiveDate> = Vec::new();
    if long_met {
        reasons_p.push("some lasted longer than 10 minutes".to_string());
        reasons_c.push(format!("{long}/{nd} episodes > 10 min ({})", pct(long, nd)));
        nights_behind.extend(nights_where(nights, |n| {
            n.episodes
                .iter()
                .any(|e| e.duration_s.is_some_and(|d| d > LONG_EPISODE_S))
        }));
    }
    if outside_met {
        reasons_p.push("many were outside the calf or foot".to_string());
        reasons_c.push(format!(
            "{outside}/{ns} episodes outside calf/foot ({})",
            pct(outside, ns)
        ));
        nights_behind.extend(nights_where(nights, |n| {
            n.episodes
                .iter()
                .any(|e| e.site.is_some_and(|s| !is_calf_or_foot(s)))
        }));
    }
    if numb_met {
        reasons_p.push("numbness on many nights".to_string());
        reasons_c.push(format!(
            "numbness on {}/{na} nights ({})",
            numb.len(),
            pct(numb.len() as u32, na)
        ));
        nights_behind.extend(&numb);
    }
    if weak_met {
        reasons_p.push("new weakness or muscle twitching".to_string());
        reasons_c.push(format!(
            "new weakness/fasciculation reported on {}",
            plural(weak.len() as u32, "night", "nights")
        ));
        nights_behind.extend(&weak);
    }
    nights_behind.sort();
    nights_behind.dedup();
    a.evidence.nights = nights_behind;
    let met = !reasons_p.is_empty();
    a.measure = Some(Measure::Criterion(met));
    if met {
        a.patient_text = format!(
            "Some of your cramps do not look like typical night cramps ({}). Please show this to your doctor.",
            reasons_p.join("; ")
        );
        a.clinician_text = format!(
            "Atypical features: {}. Typical NLC last ≤ 10 min in the calf or foot (Hallegraeff 2017); consider secondary causes such as neuropathy, neuromuscular or metabolic disease (NICE CKS).",
            reasons_c.join("; ")
        );
    } else {
        a.patient_text =
            "Your cramps look like typical night cramps: mostly short and in the calf or foot."
                .into();
        a.clinician_text = format!(
            "Typical features: {long}/{nd} episodes > 10 min, {outside}/{ns} outside calf/foot, numbness on {}/{na} nights, no weakness or twitching (Hallegraeff 2017 criteria).",
            numb.len()
        );
    }
    a
}
