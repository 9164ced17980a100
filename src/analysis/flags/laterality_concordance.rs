//! `laterality_concordance`: ≥ 75 % of one-sided episodes on one leg (exact binomial test,
//! ≥ 8 episodes) and that leg matches the side of the venous signs.

use super::evidence::{Laterality, Statistic, count};
use super::{Assessment, Ctx, Detail, Measure, Role, Rule, Spec, Test};
use crate::analysis::Input;
use crate::analysis::wording::{self as w, p as fmt_p};
use crate::model::Night;
use crate::stats;
use crate::vocab::{Leg, RuleId, SymptomId, VaricoseSide};

/// One-sided episodes the binomial test needs.
pub const MIN_SIDED: u32 = 8;
/// Share of one-sided episodes on the predominant leg.
pub const ONE_LEG_SHARE: f64 = 0.75;

pub const SPEC: Spec = Spec {
    id: RuleId::LateralityConcordance,
    title: "Cramps mostly in the same leg as the swelling or veins",
    sources: &[w::SRC_VCSS, w::SRC_NG158],
    minimum: "≥ 8 one-sided episodes",
    role: Role::Venous,
    topic: "Cramps mostly in the leg with swelling or visible veins.",
};

pub const RULE: Rule = Rule {
    spec: &SPEC,
    assess,
};

/// Which leg the cramps favour and which side the venous signs are on (the binomial p is
/// a member of the Holm family).
pub fn sides(input: &Input<'_>, nights: &[&Night]) -> Laterality {
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
    let p = (sided >= MIN_SIDED)
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
        let side = match input.profile.known_varicose_veins {
            Some(VaricoseSide::Left) => Some(Leg::Left),
            Some(VaricoseSide::Right) => Some(Leg::Right),
            Some(VaricoseSide::Both) => Some(Leg::Both),
            Some(VaricoseSide::None) | None => None,
        };
        (side, side.map(|_| "profile".to_string()))
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
        share: crate::analysis::ratio(f64::from(left.max(right)), f64::from(sided)),
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

fn leg_word(l: Option<Leg>) -> &'static str {
    match l {
        Some(Leg::Left) => "left",
        Some(Leg::Right) => "right",
        Some(Leg::Both) => "both legs",
        None => "neither",
    }
}

fn assess(ctx: &Ctx<'_, '_>) -> Assessment {
    let lat = ctx.tests.laterality.clone();
    let sided = lat.left_episodes + lat.right_episodes;
    let mut a = Assessment::default();
    a.evidence.counts = vec![
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
    a.evidence.statistic = Some(Statistic {
        name: "binomial_share_one_leg".into(),
        value: lat.share,
        ci_low: None,
        ci_high: None,
        ci_level: None,
        p: lat.p,
        p_holm: lat.p_holm,
        threshold: Some(ONE_LEG_SHARE),
    });
    if sided < MIN_SIDED {
        a.measure = Some(Measure::Insufficient(format!(
            "needs ≥ {MIN_SIDED} one-sided cramp episodes; has {sided}"
        )));
        a.evidence.detail = Detail::Laterality(lat);
        return a;
    }
    let share = lat.share.unwrap_or(0.0);
    let pv = lat.p.unwrap_or(1.0);
    let one_sided = share >= ONE_LEG_SHARE && lat.predominant_leg.is_some();
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
    if one_sided && pv < super::ALPHA && lat.sign_side.is_none() {
        a.measure = Some(Measure::Insufficient("needs the side of ankle swelling, swelling feeling or visible veins (in the diary), or known varicose veins in the profile".to_string()));
        a.patient_text = format!(
            "{base}. To compare, log which leg swells or shows veins, or set your known varicose veins in the profile."
        );
        a.clinician_text =
            format!("{clinician_base} Insufficient data: no side of venous signs recorded.");
        a.evidence.detail = Detail::Laterality(lat);
        return a;
    }
    let agree = lat.sides_agree == Some(true);
    let measure = Measure::Association(Test {
        direction: one_sided && agree,
        // The binomial test has no CI in the rule: the share and the side decide.
        ci_excludes_one: true,
        p: lat.p,
        p_holm: lat.p_holm,
    });
    let met = super::judge(&measure).is_met();
    a.measure = Some(measure);
    a.patient_text = if met {
        format!(
            "Most of your cramps are in your {} leg ({base}), the same side where you notice swelling or veins. This is consistent with a venous contribution; it is not a diagnosis.",
            leg_word(lat.predominant_leg)
        )
    } else if !one_sided || pv >= super::ALPHA {
        format!("{base}: no clear one-sided pattern.")
    } else {
        format!("{base}, but the swelling or veins are on the other side.")
    };
    a.clinician_text = format!(
        "{clinician_base}{}",
        if met {
            " Per-leg CEAP/rVCSS assessment would clarify."
        } else {
            ""
        }
    );
    a.evidence.detail = Detail::Laterality(lat);
    a
}
